"""Annual reports: checking and rendering a full report against a bare Wagtail page, 汇总 of 200
subordinate reports (goal ≤ 1 s, a constant number of queries), and the dashboard with their deadlines.

    .venv/bin/python benchmarks/annual_report.py [--requests 50] [--subordinates 200]          # SQLite file
    bash .ci/with-postgres.sh .venv/bin/python benchmarks/annual_report.py --postgres

A full report: every cell of 表三 non-zero and balanced, a narrative of ~3,000 characters quoting the
tables (X-TEXT), last year's report (X-YEAR, X-T2, COPY), catalogue entries for 表二's suggestion (X-CAT).
The bare page is a plain ``wagtailcore.Page`` at the same depth, rendered with the plugin's base template
(benchmarks/templates/wagtailcore/page.html). Requests go through Django's test client (the whole
middleware stack and Wagtail's ``serve``), interleaved; figures are medians. Checking is
``page.findings()`` (every rule, with its queries: last year's report, the catalogue, subordinates).
"""

import argparse
import os
import pathlib
import statistics
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--requests", type=int, default=50)
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--subordinates", type=int, default=200)
parser.add_argument("--postgres", action="store_true")
parser.add_argument("--database", default="disclosure_bench_report")
ARGS = parser.parse_args()

SQLITE_PATH = os.path.join(tempfile.gettempdir(), f"{ARGS.database}.sqlite3")
if ARGS.postgres:
    os.environ["DISCLOSURE_TEST_DB"] = "postgres"
    os.environ["PGDATABASE"] = ARGS.database
    from pgsetup import recreate_database

    recreate_database(ARGS.database)
else:
    os.environ.pop("DISCLOSURE_TEST_DB", None)
    import tests.settings as test_settings

    test_settings.DATABASES["default"]["NAME"] = SQLITE_PATH
    test_settings.DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA synchronous=OFF"}
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(SQLITE_PATH + suffix):
            os.unlink(SQLITE_PATH + suffix)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.TEMPLATES[0]["DIRS"] = [HERE / "templates"]
settings.DEBUG = False
settings.ALLOWED_HOSTS = ["*"]
django.setup()

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from tests.utils import approve, make_classifications  # noqa: E402
from wagtail_disclosure.models import (  # noqa: E402
    AnnualReportIndexPage,
    AnnualReportPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    Genre,
    Organisation,
)
from wagtail_disclosure.models.annual_report_overview import consolidation, year_overview  # noqa: E402
from wagtail_disclosure.rules.annual_report import Report, fill_totals, tables_document  # noqa: E402
from wagtail_disclosure.views.annual_reports import add_deadline_panel  # noqa: E402
from wagtail_disclosure.rules.annual_report.tables import TABLE3_PARTS, result_rows  # noqa: E402
from wagtail_disclosure.rules.org_codes import uscc_check_character  # noqa: E402

NARRATIVE = (
    "（一）主动公开。{year}年，本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息{n}条。"
    "现行有效行政规范性文件{in_force}件。（二）依申请公开。全年共收到政府信息公开申请{received}件，办结{answered}件，"
    "结转下年度继续办理{forward}件。（三）政府信息管理。严格落实保密审查制度，坚持先审查、后公开。"
    "（四）平台建设。持续优化政府网站信息公开专栏，完善检索、查阅、下载功能。"
    "（五）监督保障。全年发生政府信息公开行政复议{reconsideration}件，行政诉讼{litigation}件。"
)


def publish(page):
    revision = page.save_revision()
    approve(page, revision)
    revision.publish()


def full_tables(year, scale=1):
    """Every cell of 表三 non-zero and balanced: each detail row gets its share, 四 carries one forward."""
    report = Report.blank(year)
    rows = result_rows(report.table("table3"))
    for index, column in enumerate(TABLE3_PARTS):
        handled = 0
        for number, row in enumerate(rows):
            value = (number + index) % 3 + scale
            report.set("table3", row.key, column.key, value)
            handled += value
        report.set("table3", "carried_over_from_last_year", column.key, scale)
        report.set("table3", "carried_forward_to_next_year", column.key, scale)
        report.set("table3", "new_received", column.key, handled)
    for key in ("regulations", "normative_documents"):
        report.set("table2", key, "issued", 3)
        report.set("table2", key, "repealed", 1)
        report.set("table2", key, "in_force", 20 + (year - 2023) * 2)
    for key in ("administrative_licensing", "administrative_penalty", "administrative_coercion"):
        report.set("table2", key, "decisions", 100 * scale)
    report.set("table2", "administrative_fees", "amount_10k_yuan", Decimal("12.5"))
    for row in report.table("table4").rows:
        for number, column in enumerate(("maintained", "corrected", "other_result", "pending")):
            report.set("table4", row.key, column, number + scale)
    return tables_document(fill_totals(report))


def narrative(year, tables):
    table3, table4 = tables["table3"], tables["table4"]
    text = NARRATIVE.format(
        year=year, n=326, in_force=tables["table2"]["normative_documents"]["in_force"], received=table3["new_received"][6],
        answered=table3["results"]["total"][6], forward=table3["carried_forward_to_next_year"][6],
        reconsideration=table4["reconsideration"]["total"],
        litigation=table4["litigation_direct"]["total"] + table4["litigation_after_reconsideration"]["total"],
    )
    return "".join(f"<p>{sentence}。</p>" for sentence in (text * 4).split("。") if sentence)


CODES = (f"11341702{n:09d}" for n in range(100, 100000))


def organisation(name, parent=None, order=0):
    body = next(CODES)
    return Organisation.objects.create(name=name, code=body + uscc_check_character(body), parent=parent, sort_order=order)


def build(subordinates):
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="某县人民政府", slug="bench-home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80})
    bare = home.add_child(instance=Page(title="空白页", slug="bare"))
    index = home.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="ndbg", live=False))
    publish(index)
    catalogue = home.add_child(instance=CatalogueIndexPage(title="目录", slug="xxgk", live=False))
    publish(catalogue)
    topic, _genre, _audience = make_classifications()
    normative = Genre.objects.create(name="行政规范性文件")
    government = organisation("某县人民政府")
    department = organisation("某县教育局", government)
    for number in range(30):
        entry = CatalogueEntryPage(title=f"规范性文件{number}", slug=f"doc-{number}", organisation=department, topic=topic, genre=normative,
                                   written_date=datetime.date(2020 + number % 5, 3, 1), live=False)  # fmt: skip
        catalogue.add_child(instance=entry)
        publish(entry)
    pages = {}
    for year in (2023, 2024):
        tables = full_tables(year)
        page = AnnualReportPage(
            title=f"某县教育局{year}年政府信息公开工作年度报告", slug=f"jyj-{year}", organisation=department, year=year, tables=tables,
            overview=narrative(year, tables), problems="<p>一是政策解读形式较为单一。二是依申请公开答复文书有待规范。</p>",
            other="<p>本年度未收取信息处理费。</p>", signing_organisation="某县教育局", signing_date=datetime.date(year + 1, 1, 20), live=False,
        )  # fmt: skip
        index.add_child(instance=page)
        publish(page)
        pages[year] = page
    # 汇总: the government and its subordinates' live reports of 2024.
    for number in range(subordinates):
        unit = organisation(f"某县第{number + 1}单位", government, number + 2)
        page = AnnualReportPage(title=f"{unit.name}2024年报告", slug=f"unit-{number}", organisation=unit, year=2024,
                                tables=full_tables(2024, 1 + number % 3), live=False)  # fmt: skip
        index.add_child(instance=page)
        publish(page)
    return bare, pages[2024], government


def median_ms(samples):
    return statistics.median(samples) * 1000


def timed(function, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def main():
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"{engine}; migrated in {time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    start = time.perf_counter()
    bare, report, government = build(ARGS.subordinates)
    print(f"Built a full report (2023 and 2024), 30 catalogue entries, {ARGS.subordinates} subordinate reports in {time.perf_counter() - start:.1f} s")
    report = AnnualReportPage.objects.get(pk=report.pk)
    findings = report.findings()
    print(f"Findings of the 2024 report: {len(findings)} ({', '.join(sorted({f.rule for f in findings})) or 'none'})")

    client = Client()
    urls = {"bare page": bare.url, "report page": report.url, "report JSON": report.url + "json/",
            "report XLSX": report.url + "xlsx/", "report DOCX": report.url + "docx/"}  # fmt: skip
    for url in urls.values():
        assert client.get(url).status_code == 200, url
        for _ in range(ARGS.warmup):
            client.get(url)
    samples = {name: [] for name in urls}
    for _ in range(ARGS.requests):
        for name, url in urls.items():
            started = time.perf_counter()
            client.get(url)
            samples[name].append(time.perf_counter() - started)
    queries = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured)
    check = timed(lambda: AnnualReportPage.objects.get(pk=report.pk).findings(), ARGS.requests)
    with CaptureQueriesContext(connection) as captured:
        AnnualReportPage.objects.get(pk=report.pk).findings()
    bare_ms = median_ms(samples["bare page"])
    print(f"\n{'what':<34}{'median ms':>10}{'× bare':>9}{'queries':>9}")
    for name in urls:
        print(f"{name:<34}{median_ms(samples[name]):>10.1f}{median_ms(samples[name]) / bare_ms:>9.2f}{queries[name]:>9}")
    print(f"{'checking (page.findings())':<34}{median_ms(check):>10.1f}{median_ms(check) / bare_ms:>9.2f}{len(captured):>9}")
    page_and_check = median_ms(samples["report page"]) + median_ms(check)
    print(f"{'checking + rendering':<34}{page_and_check:>10.1f}{page_and_check / bare_ms:>9.2f}")

    print(f"\n汇总 of {ARGS.subordinates} subordinate reports (goal ≤ 1 s, constant queries)")
    with CaptureQueriesContext(connection) as captured:
        result = consolidation(government, 2024)
    assert len(result.included) == ARGS.subordinates + 1  # and 某县教育局's own
    runs = timed(lambda: consolidation(government, 2024), 5)
    verdict = "PASS" if median_ms(runs) <= 1000 else "MISS"
    print(f"consolidation(): median {median_ms(runs):.0f} ms over 5 runs, {len(captured)} queries  {verdict}")
    with CaptureQueriesContext(connection) as captured:
        rows = year_overview(2024)
    runs = timed(lambda: year_overview(2024), 3)
    print(f"year_overview() ({len(rows)} organisations, every report checked, X-SUM): median {median_ms(runs):.0f} ms, {len(captured)} queries")
    dashboard(len(rows))


def dashboard(organisations):
    """The admin dashboard on 3 February 2025 (the 2024 reports are due): the deadline panel alone, and the
    whole page (every panel of the plugin and Wagtail's)."""
    timezone.localdate = lambda *args, **kwargs: datetime.date(2025, 2, 3)
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    request = RequestFactory().get("/admin/")
    request.user = user

    def panel():
        panels = []
        add_deadline_panel(request, panels)
        return [item.render_html({"request": request}) for item in panels]

    panel()
    with CaptureQueriesContext(connection) as captured:
        panel()
    runs = timed(panel, 20)
    print(f"\nDashboard with {organisations} organisations' 2024 reports")
    print(f"deadline panel: median {median_ms(runs):.1f} ms over 20 runs, {len(captured)} queries, no check run")
    client = Client()
    client.force_login(user)
    home = reverse("wagtailadmin_home")
    response = client.get(home)
    assert response.status_code == 200 and b"disclosure-annual-report-deadlines" in response.content
    executed = []
    with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
        client.get(home)  # (the test client's request signal closes the connection CaptureQueriesContext reads)
    runs = timed(lambda: client.get(home), 10)
    print(f"whole dashboard (GET {home}): median {median_ms(runs):.1f} ms over 10 runs, {len(executed)} queries")


if __name__ == "__main__":
    main()
