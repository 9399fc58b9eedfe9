"""The annual report's rules: tables as data, totals, checks, consolidation and the JSON document.

Plain functions, no database: a 政府信息公开工作年度报告 as 国办公开办函〔2021〕30号 prints it.
"""

import datetime
import json
import sys
from decimal import Decimal

import pytest
from django.utils import translation

from wagtail_disclosure.rules.annual_report import (
    SCHEMA,
    DocumentError,
    OrganisationLevel,
    Report,
    check,
    check_consolidation,
    consolidate,
    deadline_status,
    errors,
    fill_totals,
    from_document,
    parse_number,
    publication_deadline,
    read_tables,
    similarity,
    statistical_period_statement,
    tables_document,
    to_document,
)
from wagtail_disclosure.rules.annual_report import checks as rules
from wagtail_disclosure.rules.annual_report.tables import (
    FORMAT_2019,
    OVERVIEW_SUBHEADINGS,
    SECTION_HEADINGS,
    TABLE2,
    TABLE2_2019,
    TABLE2_BLOCKS,
    TABLE3,
    TABLE3_2019,
    TABLE3_HEADER,
    TABLE3_NOTE,
    TABLE3_ROW_HEADERS,
    TABLE4,
    TABLE4_HEADER,
)

D = datetime.date

OVERVIEW = (
    "2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政府信息公开工作。"
    "本年度制发行政规范性文件5件，废止1件，现行有效规范性文件25件。"
    "全年共收到政府信息公开申请十二件，上年结转1件，已办结11件，结转下年度继续办理2件。"
    "本年度被申请行政复议１件，行政诉讼2件。"
    "我们建立健全政府信息公开审查机制，严格落实先审查、后公开的要求，确保公开内容准确无误。"
)


def balanced_report(year=2024):
    """A report as a county department would publish it, every figure consistent."""
    report = Report.blank(year, organisation_name="某县司法局", organisation_code="11330100MB0000000X")
    report.published = D(year + 1, 1, 20)
    report.sections = {"overview": OVERVIEW, "problems": "一是信息公开的及时性有待提高。", "other": "本年度未收取信息处理费。"}
    for key, cells in {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 5, "repealed": 1, "in_force": 25},
        "administrative_licensing": {"decisions": 321},
        "administrative_penalty": {"decisions": 45},
        "administrative_coercion": {"decisions": 3},
        "administrative_fees": {"amount_10k_yuan": Decimal("12.35")},
    }.items():
        for column, value in cells.items():
            report.set("table2", key, column, value)
    # 自然人: 10 new + 1 carried over = 9 answered + 2 carried forward; 商业企业: 2 new = 2 answered.
    for row, column, value in [
        ("new_received", "自然人", 10), ("carried_over_from_last_year", "自然人", 1),
        ("granted", "自然人", 5), ("partially_granted", "自然人", 1), ("third_party_rights", "自然人", 1),
        ("not_held", "自然人", 1), ("repeated_application", "自然人", 1), ("carried_forward_to_next_year", "自然人", 2),
        ("new_received", "商业企业", 2), ("granted", "商业企业", 1), ("other", "商业企业", 1),
    ]:  # fmt: skip
        report.set("table3", row, column, value)
    report.set("table4", "reconsideration", "maintained", 1)
    report.set("table4", "litigation_direct", "maintained", 1)
    report.set("table4", "litigation_after_reconsideration", "pending", 1)
    return fill_totals(report)


def previous_report():
    previous = Report.blank(2023, organisation_name="某县司法局")
    previous.sections = {"overview": "2023年，本机关着力提升公开质量。本年度共收到申请3件。", "problems": "", "other": ""}
    previous.set("table3", "new_received", "自然人", 3)
    previous.set("table3", "granted", "自然人", 2)
    previous.set("table3", "carried_forward_to_next_year", "自然人", 1)
    previous.set("table2", "normative_documents", "in_force", 21)
    return fill_totals(previous)


def messages(findings, rule):
    return [finding.message for finding in findings if finding.rule == rule]


# ---------------------------------------------------------------------------------------------------
# The national tables as data.


def test_the_tables_have_the_national_shape():
    assert len(TABLE2.cells()) == 10 and len(TABLE3.cells()) == 175 and len(TABLE4.cells()) == 15
    assert [block.caption for block in TABLE2_BLOCKS] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert [c.label for c in TABLE2.row("administrative_fees").columns] == ["本年收费金额（单位：万元）"]
    assert [cell.label for cell in TABLE2_BLOCKS[0].header()] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [cell.colspan for cell in TABLE2_BLOCKS[1].header()] == [1, 3]
    assert [row.key for row in TABLE3.rows][:4] == ["new_received", "carried_over_from_last_year", "granted", "partially_granted"]
    assert TABLE3.row("three_safeties_one_stability").label == "3.危及“三安全一稳定”"
    assert TABLE3.row("three_safeties_one_stability").path == ("results", "not_disclosed", "three_safeties_one_stability")
    assert TABLE3.row("fee_not_paid_in_time").label == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert TABLE3.row("carried_forward_to_next_year").label == "四、结转下年度继续办理"
    assert TABLE3_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [cell.label for row in TABLE3_HEADER for cell in row] == [
        TABLE3_NOTE, "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]  # fmt: skip
    headers = TABLE3_ROW_HEADERS["2021"]
    assert [(c.label, c.rowspan, c.colspan) for c in headers["granted"]] == [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)]
    assert [(c.label, c.rowspan) for c in headers["state_secret"]][0] == ("（三）不予公开", 8)
    assert [(c.label, c.colspan) for c in headers["new_received"]] == [("一、本年新收政府信息公开申请数量", 3)]
    assert [c.label for c in TABLE4_HEADER[1]][5:] == ["未经复议直接起诉", "复议后起诉"]
    assert [r.key for r in TABLE4.rows] == ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]


def test_the_2019_trial_format_is_known_for_recognition():
    assert len(TABLE3_2019.rows) == 23 and TABLE3_2019.row("other_handling").path == ("results", "other_handling")
    assert [row.label for row in TABLE2_2019.rows] == [
        "规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购",
    ]  # fmt: skip
    assert [c.label for c in TABLE2_2019.row("regulations").columns] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    report = Report.blank(2020, FORMAT_2019)
    report.set("table2_2019", "administrative_licensing", "change", -3)  # 本年增/减 may be negative
    assert report.table2 is None and check(report) == []
    report.year = 2022
    assert messages(check(report), "FORMAT") == ["2022年度报告应采用国办公开办函〔2021〕30号规定的格式，本报告采用2019年试行格式"]


def test_headings_and_statistical_period():
    assert list(SECTION_HEADINGS.values()) == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]  # fmt: skip
    assert OVERVIEW_SUBHEADINGS[1] == "（二）依申请公开" and len(OVERVIEW_SUBHEADINGS) == 5
    assert statistical_period_statement(2024) == "本年度报告中所列数据统计期限为2024年1月1日至12月31日。"


# ---------------------------------------------------------------------------------------------------
# Totals and the checks.


def test_a_balanced_report_passes_every_check():
    report = balanced_report()
    findings = check(report, previous_report(), OrganisationLevel.DEPARTMENT, today=D(2025, 2, 1))
    assert findings == []


def test_totals_are_computed_from_their_parts():
    report = balanced_report()
    assert report.get("table3", "total", "自然人") == 9
    assert report.get("table3", "total", "总计") == 11
    assert report.get("table3", "new_received", "total") == 12
    assert report.table3["results"]["not_disclosed"]["third_party_rights"] == [1, 0, 0, 0, 0, 0, 1]
    assert report.get("table4", "litigation_after_reconsideration", "total") == 1
    report.set("table3", "state_secret", "科研机构", 4)
    fill_totals(report)
    assert report.get("table3", "state_secret", "total") == 4 and report.get("table3", "total", "total") == 15


def test_imbalance_is_reported_in_the_national_wording():
    report = balanced_report()
    report.set("table3", "new_received", "自然人", 11)  # 11 + 1 = 12 received, 9 + 2 = 11 answered or carried
    fill_totals(report)
    [finding, total_column] = [f for f in check(report) if f.rule == "T3-BAL"]
    assert finding.message == "表三「自然人」列：第一项与第二项之和（12）不等于第三项（七）总计与第四项之和（11）"
    assert finding.as_dict() == {
        "rule": "T3-BAL", "severity": "error", "table": "table3", "row": "carried_forward_to_next_year",
        "column": "自然人", "expected": 12, "found": 11, "message": finding.message,
    }  # fmt: skip
    assert total_column.column == "总计"


def test_typed_totals_that_do_not_add_up_are_errors():
    report = balanced_report()
    report.set("table3", "total", "自然人", 8)
    report.set("table3", "granted", "总计", 7)
    report.set("table4", "reconsideration", "total", 3)
    findings = check(report)
    assert messages(findings, "T3-SUM") == [
        "表三「自然人」列：（七）总计（8）不等于（一）至（六）各项之和（9）",
        "表三「总计」列：（七）总计（11）不等于（一）至（六）各项之和（12）",
    ]
    assert messages(findings, "T3-ROW") == [
        "表三「（一）予以公开」行：总计（7）不等于自然人与法人或其他组织各列之和（6）",
        "表三「（七）总计」行：总计（11）不等于自然人与法人或其他组织各列之和（10）",
    ]
    assert messages(findings, "T4-SUM") == ["表四「行政复议」：总计（3）不等于结果维持、结果纠正、其他结果、尚未审结之和（1）"]
    report.set("table4", "litigation_direct", "total", 0)
    assert "表四「行政诉讼·未经复议直接起诉」：总计（0）" in messages(check(report), "T4-SUM")[1]
    assert all(f.severity == "error" for f in findings if f.rule.startswith("T"))


def test_cells_must_be_non_negative_integers_and_amounts_non_negative_decimals():
    report = balanced_report()
    report.set("table3", "state_secret", "科研机构", Decimal("1.5"))
    report.set("table4", "reconsideration", "corrected", -1)
    report.set("table2", "administrative_fees", "amount_10k_yuan", Decimal("-0.5"))
    assert messages(check(report), "ALL-INT") == [
        "表二「行政事业性收费」行「本年收费金额（单位：万元）」列：应为非负数（单位：万元），实为-0.5",
        "表三「（三）不予公开 1.属于国家秘密」行「科研机构」列：应为非负整数，实为1.5",
        "表四「行政复议」行「结果纠正」列：应为非负整数，实为-1",
    ]
    report.set("table2", "administrative_fees", "amount_10k_yuan", 0.25)  # a float is read as the decimal it shows
    assert report.get("table2", "administrative_fees", "amount_10k_yuan") == Decimal("0.25")
    assert not messages(check(report), "ALL-INT")[0].startswith("表二")


def test_every_cell_must_hold_a_number():
    report = balanced_report()
    report.set("table3", "granted", "法律服务机构", "/")
    report.set("table2", "regulations", "issued", "")
    report.set("table4", "litigation_direct", "pending", None)
    findings = [f for f in check(report) if f.rule == "ALL-FILL"]
    assert [f.message for f in findings] == [
        "表二「规章」行「本年制发件数」列：未填写数字（空白），没有数据的应填0",
        "表三「（一）予以公开」行「法律服务机构」列：未填写数字（“/”），没有数据的应填0",
        "表四「行政诉讼·未经复议直接起诉」行「尚未审结」列：未填写数字（缺失），没有数据的应填0",
    ]
    assert (findings[1].table, findings[1].row, findings[1].column, findings[1].found) == ("table3", "granted", "法律服务机构", "/")
    assert (findings[2].row, findings[2].column) == ("litigation_direct", "pending")
    assert errors(findings) == findings


def test_carried_over_is_compared_with_last_years_report():
    report = balanced_report()
    previous = previous_report()
    previous.set("table3", "carried_forward_to_next_year", "自然人", 3)
    finding = [f for f in check(report, previous) if f.rule == "X-YEAR"][0]
    assert finding.message == "表三「自然人」列：二、上年结转政府信息公开申请数量（1）不等于2023年度报告的四、结转下年度继续办理（3）"
    assert (finding.severity, finding.expected, finding.found) == ("warning", 3, 1)


def test_documents_in_force_follow_from_last_year():
    previous = previous_report()
    previous.set("table2", "normative_documents", "in_force", 20)
    [finding] = [f for f in check(balanced_report(), previous) if f.rule == "X-T2"]
    assert finding.message == "表二「行政规范性文件」：现行有效件数（25）不等于上年现行有效件数（20）加本年制发件数（5）减本年废止件数（1）（24）"
    assert (finding.row, finding.column, finding.expected, finding.found) == ("normative_documents", "in_force", 24, 25)


def test_figures_in_the_narrative_are_compared_with_the_tables():
    report = balanced_report()
    report.sections["overview"] = (
        "全年共收到政府信息公开申请十三件，上年结转2件，已办结１１件，结转下年度继续办理两件。"
        "本年度被申请行政复议2件，行政诉讼3起。现行有效规范性文件24件，其中按时答复10件。"
    )
    findings = [f for f in check(report) if f.rule == "X-TEXT"]
    assert [f.message for f in findings] == [
        "正文“全年共收到政府信息公开申请十三件”与表三「一、本年新收政府信息公开申请数量」总计（12）不一致",
        "正文“上年结转2件”与表三「二、上年结转政府信息公开申请数量」总计（1）不一致",
        "正文“本年度被申请行政复议2件”与表四「行政复议」总计（1）不一致",
        "正文“行政诉讼3起”与表四「行政诉讼」总计（2）不一致",
        "正文“现行有效规范性文件24件”与表二「行政规范性文件」现行有效件数（25）不一致",
    ]
    assert (findings[0].table, findings[0].row, findings[0].column, findings[0].expected, findings[0].found) == (
        "table3", "new_received", "总计", 12, 13,
    )  # fmt: skip
    assert findings[3].row is None and findings[3].severity == "warning"


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("１２", 12), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两千三百", 2300),
     ("一万二千", 12000), ("二〇二四", 2024), ("零", 0), ("三十五", 35)],
)  # fmt: skip
def test_chinese_numerals(text, number):
    assert parse_number(text) == number


def test_not_a_numeral():
    with pytest.raises(ValueError):
        parse_number("若干")


def test_text_copied_from_last_year_is_a_warning():
    previous = balanced_report(2023)
    report = balanced_report()
    report.sections["overview"] = OVERVIEW.replace("2024年", "2025年") + "今年新建了政务公开专区，方便群众查阅。"
    result = similarity(report.narrative(), previous.narrative())
    assert result.ratio > 0.8
    assert result.passages[0].startswith("2025年，本机关认真贯彻落实")
    [finding] = [f for f in check(report, previous) if f.rule == "COPY"]
    assert finding.message.startswith(f"正文与2023年度报告的重复率为{result.percent}%，超过50%（重复段落")
    assert (finding.expected, finding.found) == (0.5, round(result.ratio, 4))
    report.sections = {"overview": "本年度重点推进政务公开标准化规范化建设，新建基层政务公开专区三个。", "problems": "", "other": ""}
    assert not [f for f in check(report, previous) if f.rule == "COPY"]
    assert similarity(report.narrative(), previous.narrative()).ratio == 0


def test_publication_deadline_of_article_49():
    assert publication_deadline(2024, OrganisationLevel.DEPARTMENT) == D(2025, 1, 31)
    assert publication_deadline(2024, "government") == D(2025, 3, 31)
    report = balanced_report()
    report.published = D(2025, 2, 3)
    [late] = check(report, organisation_level="department")
    assert late.message == "2024年度报告于2025年2月3日公布，晚于条例第四十九条规定的期限（2025年1月31日前）3天"
    assert late.rule == "LATE" and late.severity == "warning"
    assert check(report, organisation_level="government") == []  # a government's own report: 3月31日
    report.published = None
    status = deadline_status(report, "department", today=D(2025, 1, 21))
    assert (status.days_left, status.days_late, status.is_late) == (10, 0, False)
    assert check(report, organisation_level="department", today=D(2025, 1, 31)) == []
    [overdue] = check(report, organisation_level="department", today=D(2025, 2, 10))
    assert overdue.message == "2024年度报告尚未公布，已超过条例第四十九条规定的期限（2025年1月31日前）10天"
    [local] = check(report, deadline=D(2025, 1, 28), today=D(2025, 1, 30))  # a local rule's earlier date
    assert local.message == "2024年度报告尚未公布，已超过规定的期限（2025年1月28日前）2天"


# ---------------------------------------------------------------------------------------------------
# 汇总.


def _reports(count):
    reports = []
    for index in range(count):
        report = balanced_report()
        report.set("table2", "administrative_fees", "amount_10k_yuan", Decimal("0.01") * (index % 7))
        reports.append(report)
    return reports


def _calls(function):
    """The Python and C function calls ``function`` makes: a measure of its work that no clock, load or
    machine changes (the same input always makes the same calls)."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    function()  # once first, so that what is computed once per process (caches, imports) is not counted
    sys.setprofile(count)
    try:
        function()
    finally:
        sys.setprofile(None)
    return calls


def test_consolidating_200_reports():
    reports = _reports(200)
    total = consolidate(reports, organisation_name="某县人民政府")
    findings = check(total)
    # Ten times the reports, about ten times the work (counted in function calls, not timed).
    few = _reports(20)
    ratio = _calls(lambda: check(consolidate(reports, organisation_name="某县人民政府"))) / _calls(
        lambda: check(consolidate(few, organisation_name="某县人民政府"))
    )
    assert ratio < 12, f"10 x the reports made {ratio:.1f} x the function calls"
    assert findings == []
    assert total.get("table3", "new_received", "总计") == 2400
    assert total.get("table2", "administrative_fees", "amount_10k_yuan") == sum(Decimal("0.01") * (i % 7) for i in range(200))
    assert total.get("table2", "administrative_fees", "amount_10k_yuan") == Decimal("5.94")

    assert check_consolidation(total, consolidate(reports)) == []
    total.set("table3", "granted", "自然人", 999)
    [finding] = check_consolidation(total, consolidate(reports))
    assert finding.message == "表三「（一）予以公开」行「自然人」列：汇总数（999）不等于下级单位报告之和（1000）"
    assert (finding.rule, finding.table, finding.row, finding.column, finding.expected, finding.found) == (
        "X-SUM", "table3", "granted", "自然人", 1000, 999,
    )  # fmt: skip


def test_reports_of_different_formats_are_not_added_up():
    with pytest.raises(ValueError, match="different formats"):
        consolidate([balanced_report(), Report.blank(2024, FORMAT_2019)])


# ---------------------------------------------------------------------------------------------------
# The JSON document.


def test_the_document_round_trips_through_json():
    report = balanced_report()
    findings = check(report, previous_report(), "department", today=D(2025, 2, 1))
    document = json.loads(json.dumps(to_document(report, findings)))
    assert document["schema"] == SCHEMA and document["format"] == "2021" and document["year"] == 2024
    assert document["organisation"] == {"name": "某县司法局", "code": "11330100MB0000000X"}
    assert document["published"] == "2025-01-20"
    assert document["table2"]["administrative_fees"] == {"amount_10k_yuan": 12.35}
    assert document["table3"]["results"]["not_disclosed"]["third_party_rights"] == [1, 0, 0, 0, 0, 0, 1]
    assert document["table4"]["reconsideration"] == {"maintained": 1, "corrected": 0, "other_result": 0, "pending": 0, "total": 1}
    assert document["findings"] == []
    again = from_document(document)
    assert again == report
    assert again.get("table2", "administrative_fees", "amount_10k_yuan") == Decimal("12.35")


def test_an_imported_document_keeps_its_cells_as_found():
    document = to_document(balanced_report())
    document["published"] = None
    document["table3"]["results"]["granted"][4] = "/"
    document["table3"]["results"]["partially_granted"][3] = ""
    document["table4"]["litigation_direct"]["pending"] = None
    document["findings"] = [{"rule": "T3-BAL", "severity": "error", "message": "…", "column": "自然人", "expected": 1, "found": 2}]
    report = from_document(json.loads(json.dumps(document)))
    assert report.get("table3", "granted", "法律服务机构") == "/"
    assert report.get("table3", "partially_granted", "社会公益组织") == ""
    assert report.get("table4", "litigation_direct", "pending") is None
    assert report.findings[0].rule == "T3-BAL" and report.findings[0].row is None
    assert [f.column for f in check(report) if f.rule == "ALL-FILL"] == ["法律服务机构", "社会公益组织", "pending"]
    assert to_document(report, findings=[])["table3"]["results"]["granted"][4] == "/"


def test_a_2019_document():
    report = Report.blank(2019, FORMAT_2019)
    report.set("table3", "other_handling", "自然人", 2)
    report.set("table3", "new_received", "自然人", 2)
    fill_totals(report)
    document = json.loads(json.dumps(to_document(report)))
    assert document["table2"] is None and document["table3"]["results"]["other_handling"] == [2, 0, 0, 0, 0, 0, 2]
    assert set(document["table2_2019"]) >= {"government_procurement", "other_management_services"}
    assert from_document(document) == report and document["findings"] == []


def test_the_tables_alone_for_a_model_field():
    report = balanced_report()
    stored = json.loads(json.dumps(tables_document(report)))
    assert set(stored) == {"format", "table2", "table3", "table4"}
    assert read_tables(stored) == {"table2": report.table2, "table3": report.table3, "table4": report.table4}


def _document(**changes):
    document = json.loads(json.dumps(to_document(balanced_report())))
    for path, value in changes.items():
        node, *keys = [document, *path.split("__")]
        for key in keys[:-1]:
            node = node[key]
        if value is KeyError:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value
    return document


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "the document: expected an object, found []."),
        (_document(schema="wagtail-disclosure/annual-report/2"), "Unknown schema \"wagtail-disclosure/annual-report/2\": expected “wagtail-disclosure/annual-report/1”."),
        (_document(format="2020"), "Unknown format \"2020\": expected “2021” or “2019”."),
        (_document(year="2024"), "year: expected a year such as 2024, found \"2024\"."),
        (_document(published="2025-02-30"), "published: expected a date (YYYY-MM-DD) or null, found \"2025-02-30\"."),
        (_document(table3__results__granted=[1, 2, 3]), "table3.results.granted: expected a list of 7 values, found [1, 2, 3]."),
        (_document(table3__results__not_disclosed__state_secret=KeyError), "table3.results.not_disclosed.state_secret is missing."),
        (_document(table3__results__subtotal=[0] * 7), "table3.results: unknown key “subtotal”."),
        (_document(table4__reconsideration__maintained=[1]), "table4.reconsideration.maintained: expected a number, “/”, “” or null, found [1]."),
        (_document(table2__regulations__issued=True), "table2.regulations.issued: expected a number, “/”, “” or null, found true."),
        (_document(table2=KeyError), "table2 is missing."),
        (_document(format="2019"), "table2: expected null in a 2019-format document (its table is table2_2019)"),
        (_document(sections__summary="…"), "sections: unknown key “summary”."),
        (_document(findings=[{"rule": "T3-BAL", "severity": "fatal", "message": "…"}]), "findings[0].severity: expected"),
    ],
)
def test_documents_that_are_not_annual_reports_are_refused(document, message):
    with translation.override("en"), pytest.raises(DocumentError) as raised:
        from_document(document)
    assert str(raised.value).startswith(message)


def test_findings_are_written_as_the_document_specifies():
    report = balanced_report()
    report.set("table2", "administrative_fees", "amount_10k_yuan", Decimal("-1.25"))
    document = json.loads(json.dumps(to_document(report)))
    [finding] = document["findings"]
    assert list(finding) == ["rule", "severity", "table", "row", "column", "expected", "found", "message"]
    assert (finding["rule"], finding["table"], finding["row"], finding["column"], finding["found"]) == (
        "ALL-INT", "table2", "administrative_fees", "amount_10k_yuan", -1.25,
    )  # fmt: skip
    assert rules.RULES[:6] == ("T3-BAL", "T3-SUM", "T3-ROW", "T4-SUM", "ALL-INT", "ALL-FILL")
