"""disclosure_import_annual_report: published 政府信息公开工作年度报告 (HTML page, Word HTML, DOCX) to the JSON document.

The fixtures (tests/fixtures/annual_reports/, built by make_html.py and make_docx.py) follow the national
format; the expected cells below are written out independently of the scripts' data.
"""

import io
import json
import os
import pathlib
import subprocess
import sys

import pytest
from django.utils import translation
from django.apps import apps
from django.core.management import CommandError, call_command

from wagtail_disclosure.models import AnnualReportPage
from wagtail_disclosure.importers.annual_report import (
    NotAnAnnualReport,
    cell_value,
    import_annual_report,
    label_key,
    read_annual_report,
)

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "annual_reports"
CLEAN = FIXTURES / "report-2021-clean.html"
WORD = FIXTURES / "report-2021-word.html"
TRIAL = FIXTURES / "report-2019.html"
DOCX = FIXTURES / "report-2024.docx"
NOT_A_REPORT = FIXTURES / "not-a-report.html"

ROWS = {
    None: ("new_received", "carried_over_from_last_year", "carried_forward_to_next_year"),
    "results": ("granted", "partially_granted", "total"),
    "not_disclosed": ("state_secret", "prohibited_by_law", "three_safeties_one_stability", "third_party_rights",
                      "internal_affairs", "process_information", "enforcement_case_file", "administrative_query"),
    "unable_to_provide": ("not_held", "needs_new_compilation", "still_unclear_after_correction"),
    "not_processed": ("petition_complaint_report", "repeated_application", "asks_for_publication",
                      "massive_unreasonable_repeated", "confirm_or_reissue_obtained_info"),
    "other_handling": ("no_correction_in_time", "fee_not_paid_in_time", "other"),
}


def table3(single_other_row=False, **rows):
    """Table 三 of the JSON document: every row [0] * 7 except those given (by their key)."""
    def row(key):
        return rows.pop(key, [0] * 7)

    results = {key: row(key) for key in ("granted", "partially_granted")}
    for group in ("not_disclosed", "unable_to_provide", "not_processed"):
        results[group] = {key: row(key) for key in ROWS[group]}
    results["other_handling"] = row("other_handling") if single_other_row else {key: row(key) for key in ROWS["other_handling"]}
    results["total"] = row("total")
    table = {"new_received": row("new_received"), "carried_over_from_last_year": row("carried_over_from_last_year"),
             "results": results, "carried_forward_to_next_year": row("carried_forward_to_next_year")}
    assert not rows, rows
    return table


def table4(*values):
    groups = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    columns = ("maintained", "corrected", "other_result", "pending", "total")
    return {group: dict(zip(columns, values[5 * index:5 * index + 5], strict=True)) for index, group in enumerate(groups)}


def table2(regulations, normative, licensing, penalty, coercion, fees):
    three = ("issued", "repealed", "in_force")
    return {
        "regulations": dict(zip(three, regulations, strict=True)),
        "normative_documents": dict(zip(three, normative, strict=True)),
        "administrative_licensing": {"decisions": licensing},
        "administrative_penalty": {"decisions": penalty},
        "administrative_coercion": {"decisions": coercion},
        "administrative_fees": {"amount_10k_yuan": fees},
    }


CLEAN_TABLE3 = table3(
    new_received=[18, 2, 0, 0, 1, 0, 21], carried_over_from_last_year=[1, 0, 0, 0, 0, 0, 1],
    granted=[7, 1, 0, 0, 0, 0, 8], partially_granted=[2, 0, 0, 0, 0, 0, 2],
    third_party_rights=[1, 0, 0, 0, 0, 0, 1], process_information=[1, 0, 0, 0, 0, 0, 1],
    not_held=[5, 1, 0, 0, 1, 0, 7], needs_new_compilation=[1, 0, 0, 0, 0, 0, 1], repeated_application=[1, 0, 0, 0, 0, 0, 1],
    total=[18, 2, 0, 0, 1, 0, 21], carried_forward_to_next_year=[1, 0, 0, 0, 0, 0, 1],
)


def test_a_clean_report_page_reads_completely():
    document = read_annual_report(CLEAN)

    assert document["schema"] == "wagtail-disclosure/annual-report/1"
    assert document["format"] == "2021"
    assert document["year"] == 2024
    assert document["organisation"] == {"name": "青山县教育局", "code": None}
    assert document["published"] is None
    assert document["table2"] == table2([0, 0, 0], [3, 1, 12], 156, 4, 0, 0)
    assert document["table3"] == CLEAN_TABLE3
    assert document["table4"] == table4(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)
    assert "table2_2019" not in document
    assert document["findings"] == []
    sections = document["sections"]
    assert sections["overview"].startswith("（一）主动公开\n2024年，本局通过县人民政府门户网站“政府信息公开”专栏主动公开政府信息326条")
    assert sections["overview"].endswith("全年未发生因政务公开工作被责任追究的情形。")
    assert sections["problems"].startswith("一是政策解读形式较为单一")
    # Section 六 stops before the page's tools and footer.
    assert sections["other"].startswith("本年度未收取政府信息公开信息处理费。")
    assert "打印" not in sections["other"] and "版权所有" not in sections["other"]


def test_a_word_exported_page_reads_to_its_cells_with_slashes_and_blanks_kept():
    document = read_annual_report(WORD)

    assert (document["format"], document["year"]) == ("2021", 2023)  # the title's year is in full-width digits
    assert document["organisation"]["name"] == "翠湖市自然资源和规划局"
    # "/" kept as "/"; "１２" and "1,520.36" read as numbers.
    assert document["table2"] == table2(["/", "/", "/"], [2, 0, 9], 1284, 37, 12, 1520.36)
    # Table 三 is split over two <table>s with its header repeated; labels broken by <br>, "(二)", "1、", '"'.
    assert document["table3"] == table3(
        new_received=[46, 5, 1, 0, 2, 1, 55], carried_over_from_last_year=[3, 0, 0, 0, 0, 0, 3],
        granted=[12, 2, 0, 0, 1, 0, 15], partially_granted=[6, 1, 0, 0, 0, 0, 7], state_secret=[1, 0, 0, 0, 0, 0, 1],
        third_party_rights=[2, 0, 0, 0, 0, 0, 2], not_held=[17, 1, 1, 0, 1, 1, 21], needs_new_compilation=[3, 0, 0, 0, 0, 0, 3],
        petition_complaint_report=[2, 0, 0, 0, 0, 0, 2], no_correction_in_time=[2, 0, 0, 0, 0, 0, 2],
        other=[1, 1, 0, 0, 0, 0, 2], total=[46, 5, 1, 0, 2, 1, 55], carried_forward_to_next_year=[3, 0, 0, 0, 0, 0, 3],
    )
    assert document["table4"] == table4(2, 1, 0, 0, 3, 0, 0, 0, 1, 1, "/", "/", "/", "/", "")
    # The heading "一、" is a Word list number; Word's wrapped source lines leave no spaces in the text.
    overview = document["sections"]["overview"]
    assert overview.startswith("2023年，本局深入贯彻落实《中华人民共和国政府信息公开条例》，围绕自然资源管理和国土空间规划重点工作")
    assert " " not in overview
    assert document["sections"]["problems"].startswith("一是部分重点领域信息公开的及时性有待提高")
    assert document["sections"]["other"] == "本年度未收取信息处理费。"
    # The shared checks (rules.annual_report.check), in their wording: one finding per cell without a number.
    kept = {(item["rule"], item["table"], item["row"], item["column"]) for item in document["findings"]}
    assert kept == {
        ("ALL-FILL", "table2", "regulations", "issued"), ("ALL-FILL", "table2", "regulations", "repealed"),
        ("ALL-FILL", "table2", "regulations", "in_force"),
        *{("ALL-FILL", "table4", "litigation_after_reconsideration", column)
          for column in ("maintained", "corrected", "other_result", "pending", "total")},
    }
    messages = [item["message"] for item in document["findings"]]
    assert "表二「规章」行「本年制发件数」列：未填写数字（“/”），没有数据的应填0" in messages
    assert "表四「行政诉讼·复议后起诉」行「总计」列：未填写数字（空白），没有数据的应填0" in messages


def test_a_docx_report_reads_with_its_merged_cells():
    document = read_annual_report(DOCX)

    assert (document["format"], document["year"], document["organisation"]["name"]) == ("2021", 2024, "青山县白石镇人民政府")
    assert document["table2"] == table2(["/", "/", "/"], [1, 0, 4], 47, 8, 0, 0)
    assert document["table3"] == table3(
        new_received=[9, 1, 0, 0, 0, 0, 10], granted=[4, 1, 0, 0, 0, 0, 5], partially_granted=[1, 0, 0, 0, 0, 0, 1],
        third_party_rights=[1, 0, 0, 0, 0, 0, 1], not_held=[3, 0, 0, 0, 0, 0, 3], other=[1, 0, 0, 0, 0, 0, 1],
        total=[9, 1, 0, 0, 0, 0, 10],
    )
    assert document["table4"] == table4(*[0] * 15)
    assert document["sections"] == {
        "overview": "2024年，本镇通过县人民政府门户网站乡镇专栏主动公开政府信息132条，涉及惠民惠农补贴、低保特困、农村建房审批、"
                    "防汛防灾等内容。\n全年新收政府信息公开申请10件，均按期答复。",
        "problems": "村级公开栏更新不够及时。2025年将建立村务公开月度巡查制度。",
        "other": "本年度未收取信息处理费。",
    }
    # The file's own arithmetic is wrong: its （七）总计 (9) leaves out one of the ten answers it lists.
    assert [item["rule"] for item in document["findings"]] == ["ALL-FILL"] * 3 + ["T3-SUM"] * 2
    assert "表三「自然人」列：（七）总计（9）不等于（一）至（六）各项之和（10）" in [item["message"] for item in document["findings"]]


def test_a_report_in_the_2019_trial_format_is_recognised():
    document = read_annual_report(TRIAL)

    assert (document["format"], document["year"]) == ("2019", 2020)
    assert document["table2"] is None
    assert document["table2_2019"] == [
        {"caption": "第二十条第（一）项", "columns": ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
         "rows": [{"label": "规章", "values": [0, 0, 0]}, {"label": "规范性文件", "values": [2, 2, 15]}]},
        {"caption": "第二十条第（五）项", "columns": ["上一年项目数量", "本年增/减", "处理决定数量"],
         "rows": [{"label": "行政许可", "values": [12, 1, 3250]}, {"label": "其他对外管理服务事项", "values": [8, 0, 1200]}]},
        {"caption": "第二十条第（六）项", "columns": ["上一年项目数量", "本年增/减", "处理决定数量"],
         "rows": [{"label": "行政处罚", "values": [5, 0, 36]}, {"label": "行政强制", "values": [2, 0, 0]}]},
        {"caption": "第二十条第（八）项", "columns": ["上一年项目数量", "本年增/减"],
         "rows": [{"label": "行政事业性收费", "values": [1, 0]}]},
        {"caption": "第二十条第（九）项", "columns": ["采购项目数量", "采购总金额"],
         "rows": [{"label": "政府集中采购", "values": [6, 85.6]}]},
    ]
    # （六）其他处理 is one row in the 2019 format.
    assert document["table3"] == table3(
        single_other_row=True,
        new_received=[30, 3, 0, 1, 0, 0, 34], carried_over_from_last_year=[2, 0, 0, 0, 0, 0, 2],
        granted=[14, 2, 0, 1, 0, 0, 17], partially_granted=[3, 0, 0, 0, 0, 0, 3], internal_affairs=[1, 0, 0, 0, 0, 0, 1],
        not_held=[8, 1, 0, 0, 0, 0, 9], still_unclear_after_correction=[1, 0, 0, 0, 0, 0, 1], other_handling=[2, 0, 0, 0, 0, 0, 2],
        total=[29, 3, 0, 1, 0, 0, 33], carried_forward_to_next_year=[3, 0, 0, 0, 0, 0, 3],
    )
    assert document["table4"] == table4(1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0)
    findings = document["findings"]
    assert {item["rule"] for item in findings} == {"FORMAT"}
    assert {item["severity"] for item in findings} == {"warning"}
    assert "60号" in findings[0]["message"]
    # The figures the 2021 tables have no place for are listed, each with its row, column and value;
    # 本年新制作数量 and 处理决定数量 of 行政许可/行政处罚/行政强制 are not among them (they are imported).
    unmapped = [(item["row"], item["column"]) for item in findings if item["table"] == "table2_2019"]
    assert unmapped == [
        ("regulations", "本年新公开数量"), ("regulations", "对外公开总数量"),
        ("normative_documents", "本年新公开数量"), ("normative_documents", "对外公开总数量"),
        ("administrative_licensing", "上一年项目数量"), ("administrative_licensing", "本年增/减"),
        ("other_management_services", "上一年项目数量"), ("other_management_services", "本年增/减"),
        ("other_management_services", "处理决定数量"),
        ("administrative_penalty", "上一年项目数量"), ("administrative_penalty", "本年增/减"),
        ("administrative_coercion", "上一年项目数量"), ("administrative_coercion", "本年增/减"),
        ("administrative_fees", "上一年项目数量"), ("administrative_fees", "本年增/减"),
        ("government_procurement", "采购项目数量"), ("government_procurement", "采购总金额"),
    ]
    messages = [item["message"] for item in findings]
    assert "表二（2019年试行格式）第二十条第（九）项「政府集中采购」行「采购总金额」列：85.6" in messages
    # Mapped with care: the editor is told what to check and what to split.
    assert any("「规范性文件」行「本年新制作数量」列（2）已填入2021年格式表二「行政规范性文件」行「本年制发件数」列" in m for m in messages)
    assert any(m.startswith("表三「（六）其他处理」在2019年试行格式中为一行") for m in messages)

    # --json prints the same document: the format said, the figures left out listed.
    out = io.StringIO()
    call_command("disclosure_import_annual_report", str(TRIAL), "--check-only", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["format"] == "2019" and printed["findings"] == findings


def test_a_page_that_is_no_annual_report_is_refused():
    with pytest.raises(NotAnAnnualReport) as refused:
        read_annual_report(NOT_A_REPORT)
    assert "政府信息公开工作年度报告" in refused.value.message


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"%PDF-1.7\n...", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".docx"),
     (b"PK\x03\x04 broken", "ZIP"), (b"<html><body><p>hello</p></body></html>", "not an annual report"),
     (b"<table>" + b"<tr><td colspan=999>1</td><td>2</td></tr>" * 10_000 + b"</table>", "merged cells")],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(data, words):
    with translation.override("en"), pytest.raises(NotAnAnnualReport) as refused:
        read_annual_report(data)
    with translation.override("en"):
        assert words in str(refused.value.message)


def test_tables_in_another_order_read_the_same():
    page = CLEAN.read_text(encoding="utf-8")
    start, end = page.index("<table border"), page.rindex("</table>") + len("</table>")
    tables = [part + "</table>" for part in page[start:end].split("</table>") if part.strip()]
    assert len(tables) == 3
    shuffled = page[:start] + "\n".join(reversed(tables)) + page[end:]

    document = read_annual_report(shuffled.encode("utf-8"))

    assert document["table2"] == table2([0, 0, 0], [3, 1, 12], 156, 4, 0, 0)
    assert document["table3"] == CLEAN_TABLE3
    assert document["table4"] == table4(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)


def test_unknown_rows_subtotals_and_missing_rows_are_findings():
    page = CLEAN.read_text(encoding="utf-8")
    # A local template's subtotal on （三）, an invented row, and 2.重复申请 left out.
    page = page.replace("<td>8.属于行政查询事项</td>" + "<td>0</td>" * 7 + "</tr>",
                        "<td>8.属于行政查询事项</td>" + "<td>0</td>" * 7 + "</tr>"
                        "<tr><td colspan=\"3\">（三）不予公开小计</td>" + "<td>2</td>" * 7 + "</tr>", 1)
    page = page.replace("<tr><td>2.重复申请</td>", "<tr><td>2.重复提交申请</td>", 1)

    document = read_annual_report(page.encode("utf-8"))

    assert document["table3"]["results"]["not_processed"]["repeated_application"] == [None] * 7
    rows = [(item["rule"], item["table"], item["row"]) for item in document["findings"]]
    assert ("IMPORT", "table3", "repeated_application") in rows
    unrecognised = [item["message"] for item in document["findings"] if item["row"] is None]
    assert len(unrecognised) == 2
    assert any("（三）不予公开小计" in message for message in unrecognised)
    assert any("2.重复提交申请" in message for message in unrecognised)


def test_labels_are_compared_in_a_normal_form():
    assert label_key("（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）") == label_key("(二)部分公开(区分处理的，只计这一情形，不计其他情形)")
    assert label_key("3.危及“三安全一稳定”") == label_key('3．危及"三安全一稳定"') == label_key("3、危及「三安全一稳定」")
    assert label_key("四、结转下年度继续办理：") == label_key("四、结转下年度 继续办理")
    assert label_key("第二十条第（一）项") == "第二十条第(一)项"
    assert [cell_value(text) for text in ("１２", " 3 ", "/", "／", "", "\xa0", "1,234", "0.50", "无", None)] == [
        12, 3, "/", "/", "", "", 1234, 0.5, "无", None]


def test_a_table_split_without_its_header_keeps_its_columns():
    page = CLEAN.read_text(encoding="utf-8")
    # Close table 三 after （二） and open a new one, with no header, for the rest.
    marker = "<tr><td rowspan=\"8\">（三）不予公开</td>"
    page = page.replace(marker, "</table>\n<p>（续表）</p>\n<table border=\"1\">" + marker.replace('rowspan="8"', 'rowspan="8"'), 1)

    document = read_annual_report(page.encode("utf-8"))

    assert document["table3"] == CLEAN_TABLE3


# ---------------------------------------------------------------------------------------------
# The command


def run_command(*args):
    """The command in a process of its own: its exit status and exactly what it printed."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "django", "disclosure_import_annual_report", *args],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_json_prints_exactly_one_document_and_exits_0():
    result = run_command(str(WORD), "--json", "--check-only")

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "wagtail-disclosure/annual-report/1"
    assert document["organisation"]["name"] == "翠湖市自然资源和规划局"
    assert "翠湖市" in result.stdout  # ensure_ascii=False
    assert len(document["findings"]) == 8


def test_a_file_that_is_no_report_exits_non_zero_with_the_reason():
    result = run_command(str(NOT_A_REPORT), "--json")

    assert result.returncode != 0
    assert result.stdout == ""
    assert "not-a-report.html" in result.stderr


def test_the_summary_names_the_report_and_its_findings():
    out = io.StringIO()
    call_command("disclosure_import_annual_report", str(TRIAL), "--check-only", stdout=out)

    text = out.getvalue()
    assert "青山县人力资源和社会保障局" in text and "2020" in text
    assert "[FORMAT]" in text


def test_a_non_report_raises_a_command_error():
    with pytest.raises(CommandError, match="not-a-report.html"):
        call_command("disclosure_import_annual_report", str(NOT_A_REPORT), "--check-only", stdout=io.StringIO())


@pytest.mark.django_db
def test_check_only_creates_nothing():
    def counts():
        return {model._meta.label: model.objects.count() for model in apps.get_models() if not model._meta.proxy}

    before = counts()
    for source in (CLEAN, DOCX):
        call_command("disclosure_import_annual_report", str(source), "--check-only", "--json", stdout=io.StringIO())
        call_command("disclosure_import_annual_report", str(source), "--check-only", "--parent", "/", stdout=io.StringIO())

    assert counts() == before


@pytest.mark.django_db
def test_without_check_only_a_draft_is_created_under_the_only_index():
    from .test_annual_report_pages import make_index
    from .utils import make_organisation

    index = make_index()
    organisation = make_organisation("青山县教育局", "11341702486344515H")
    out = io.StringIO()
    with translation.override("en"):
        call_command("disclosure_import_annual_report", str(CLEAN), stdout=out)

    page = AnnualReportPage.objects.get()
    assert page.get_parent().pk == index.pk and not page.live and page.latest_revision_id
    assert (page.organisation, page.year, page.organisation_level) == (organisation, 2024, "department")
    assert page.title == "青山县教育局2024年政府信息公开工作年度报告"
    assert page.tables["table3"] == CLEAN_TABLE3
    assert page.publication_blockers() == []
    assert "<p>（一）主动公开</p>" in page.overview
    assert f"Draft created: “{page.title}” (page {page.pk})" in out.getvalue()

    # A second import of the same organisation's year is refused, with the reason; nothing more is created.
    with translation.override("en"), pytest.raises(CommandError, match="already has an annual report on 2024"):
        call_command("disclosure_import_annual_report", str(CLEAN), "--parent", str(index.pk), stdout=io.StringIO())
    assert AnnualReportPage.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_keeps_slashes_as_errors_to_correct_and_a_2019_report_comes_in_the_2021_tables():
    from .test_annual_report_pages import make_index
    from .utils import make_organisation

    index = make_index()
    make_organisation("翠湖市自然资源和规划局", "11341702486344516F")
    word = import_annual_report(WORD, check_only=False, parent=index.url_path).page
    assert word.tables["table2"]["regulations"] == {"issued": "/", "repealed": "/", "in_force": "/"}
    assert any("表二「规章」行「本年制发件数」列：未填写数字（“/”）" in message for message in word.publication_blockers())

    organisation = make_organisation("某县人社局", "11341702486344517D")
    out = io.StringIO()
    call_command("disclosure_import_annual_report", str(TRIAL), "--organisation", organisation.code, stdout=out)
    trial = AnnualReportPage.objects.get(organisation=organisation)
    # A normal draft: the 2021 tables, with the 2019 figures that have a place there.
    assert (trial.year, trial.tables["format"]) == (2020, "2021") and "table2_2019" not in trial.tables
    assert trial.tables["table2"] == {
        "regulations": {"issued": 0, "repealed": None, "in_force": None},
        "normative_documents": {"issued": 2, "repealed": None, "in_force": None},
        "administrative_licensing": {"decisions": 3250},
        "administrative_penalty": {"decisions": 36},
        "administrative_coercion": {"decisions": 0},
        "administrative_fees": {"amount_10k_yuan": None},
    }
    # （六）其他处理 (one 2019 row) is in 3.其他; 1. and 2. are left to the editor, so the balance holds.
    assert trial.tables["table3"]["results"]["other_handling"] == {
        "no_correction_in_time": [None] * 6 + [0], "fee_not_paid_in_time": [None] * 6 + [0], "other": [2, 0, 0, 0, 0, 0, 2]}
    assert trial.tables["table3"]["results"]["total"] == [29, 3, 0, 1, 0, 0, 33]
    assert trial.tables["table4"]["reconsideration"] == {"maintained": 1, "corrected": 1, "other_result": 0, "pending": 0, "total": 2}
    blockers = trial.publication_blockers()
    assert not any("T3-BAL" in b or "第一项与第二项之和" in b for b in blockers)
    assert any("「本年废止件数」列：未填写数字" in b for b in blockers)  # ALL-FILL asks for what 2019 did not count
    # The figures without a place are kept in the internal note and listed in the command's output.
    assert "第二十条第（九）项「政府集中采购」行「采购总金额」列：85.6" in trial.conversion_note
    assert "「规范性文件」行「对外公开总数量」列：15" in trial.conversion_note
    assert "[FORMAT] 表二（2019年试行格式）第二十条第（五）项「其他对外管理服务事项」行「处理决定数量」列：1200" in out.getvalue()
    # The page keeps nothing of the 2019 format: its editor, public page and JSON are those of every report.
    assert trial.report().format == "2021"


@pytest.mark.django_db
def test_no_draft_without_a_known_organisation_or_a_single_index():
    from .test_annual_report_pages import make_index

    with translation.override("en"), pytest.raises(CommandError, match="annual report index"):
        call_command("disclosure_import_annual_report", str(CLEAN), stdout=io.StringIO())
    make_index()
    with translation.override("en"), pytest.raises(CommandError, match="No organisation named “青山县教育局”"):
        call_command("disclosure_import_annual_report", str(CLEAN), stdout=io.StringIO())
    assert not AnnualReportPage.objects.exists()
