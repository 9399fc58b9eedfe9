"""Annual report import: time and peak memory of reading a ~300 KB Word-exported HTML report.

    .venv/bin/python benchmarks/import_annual_report.py [--size 300] [--runs 20]

Builds the report from tests/fixtures/annual_reports/report-2021-word.html (Word's "save as web page",
GB2312 declared), padded with more narrative in Word's markup (mso styles, nested spans, <o:p>, wrapped
source lines) until it reaches --size KB, then times ``read_annual_report`` on its bytes (decoding,
parsing, table matching, the JSON document). Peak memory: tracemalloc (Python allocations of one
import) and the process's resident set (VmRSS / VmHWM, Linux) before and after the runs. No database.
"""

import argparse
import os
import pathlib
import re
import statistics
import sys
import time
import tracemalloc

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from wagtail_disclosure.importers.annual_report import read_annual_report  # noqa: E402

FIXTURE = HERE.parent / "tests" / "fixtures" / "annual_reports" / "report-2021-word.html"

SENTENCES = [
    "全年围绕重点领域信息公开，持续做好国土空间规划、建设用地审批、征地补偿安置方案等信息的发布工作",
    "严格落实政府信息公开保密审查制度，坚持先审查、后公开，全年未发生泄密事件",
    "依申请公开办理流程进一步规范，答复文书统一使用标准文本，并告知申请人救济途径",
    "按照条例第二十六条的规定，属于主动公开范围的政府信息自形成或者变更之日起二十个工作日内予以公开",
    "结合群众关切，围绕不动产登记便民利民举措开展政策解读，通过图解、问答等形式增强解读效果",
    "加强政府信息公开专栏日常巡查，对栏目内容进行动态更新，确保信息准确、完整、及时",
]


def word_paragraph(number):
    text = "；".join(SENTENCES[(number + k) % len(SENTENCES)] for k in range(3)) + "。"
    wrapped = "\r\n".join(text[i:i + 38] for i in range(0, len(text), 38))
    return (
        "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;"
        "mso-line-height-rule:exactly'><span style='font-size:16.0pt;font-family:仿宋_GB2312;"
        "mso-hansi-font-family:\"Times New Roman\";mso-bidi-font-family:\"Times New Roman\"'><span "
        f"style='mso-spacerun:yes'>&nbsp;</span>{wrapped}<span lang=EN-US><o:p></o:p></span></span></p>\r\n"
    )


def padded_report(size_kb):
    html = FIXTURE.read_bytes().decode("gb18030")
    # Insert the padding right after section 一's heading, so that it is part of the report's text.
    anchor = re.search(r"总体情况</span></b></p>", html).end()
    padding, number = [], 0
    while len((html + "".join(padding)).encode("gb18030")) < size_kb * 1024:
        padding.append(word_paragraph(number))
        number += 1
    return (html[:anchor] + "\r\n" + "".join(padding) + html[anchor:]).encode("gb18030"), number


def memory_status():
    """(VmRSS, VmHWM) in MB, where /proc is there."""
    try:
        status = pathlib.Path("/proc/self/status").read_text()
    except OSError:
        return None, None
    fields = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    return int(fields["VmRSS"]) / 1024, int(fields["VmHWM"]) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=300, help="size of the report in KB (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs (default: %(default)s)")
    args = parser.parse_args()

    data, paragraphs = padded_report(args.size)
    rss_before, hwm_before = memory_status()
    read_annual_report(data)  # warm-up: the regular expressions and gettext catalogues
    timings = []
    for _run in range(args.runs):
        start = time.perf_counter()
        document = read_annual_report(data)
        timings.append(time.perf_counter() - start)
    rss_after, hwm_after = memory_status()

    tracemalloc.start()
    read_annual_report(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"report: {len(data) / 1024:.0f} KB (Word HTML, GB2312 declared; {paragraphs} padding paragraphs), "
          f"overview {len(document['sections']['overview']):,} characters, {len(document['findings'])} findings")
    print(f"time: median {statistics.median(timings) * 1000:.1f} ms, min {min(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms over {args.runs} runs")
    print(f"tracemalloc peak (one import): {peak / 1024 / 1024:.1f} MB")
    if rss_before is not None:
        print(f"RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after; peak (VmHWM) {hwm_before:.0f} MB before, "
              f"{hwm_after:.0f} MB after (+{hwm_after - hwm_before:.0f} MB)")
    assert document["table3"]["new_received"] == [46, 5, 1, 0, 2, 1, 55]  # the padding changed no figure


if __name__ == "__main__":
    main()
