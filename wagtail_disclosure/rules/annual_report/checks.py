"""The checks of an annual report (DOMAIN §1.6), each a function returning findings.

Errors block publication: T3-BAL (the balance printed in 表三's header), T3-SUM, T3-ROW, T4-SUM (totals
equal their parts), ALL-INT (non-negative integers; 万元 a non-negative decimal), ALL-FILL (every cell a
number: 0, never blank or "/"). Warnings are shown and acknowledged: X-YEAR, X-T2 (against last year's
report), X-TEXT (figures in the narrative against the tables), COPY (text repeated from last year's
report), LATE (条例第四十九条), FORMAT (a 2019-format report for a later year), X-SUM (a consolidated
report against its units' reports).

Messages are the national wording, naming table, row and column with the numbers. Like the tables'
labels they are statutory Chinese data, kept here and not in the gettext catalogue.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .report import is_number, number_or_zero
from .tables import (
    AMOUNT,
    AMOUNT_10K_YUAN,
    CHANGE,
    FORMAT_2019,
    FORMAT_2021,
    RESULTS_TOTAL,
    TABLE3_COLUMNS,
    TABLE3_PARTS,
    TABLE4_PARTS,
    result_rows,
    row_label,
)
from .text import narrative_mentions, similarity

ERROR = "error"
WARNING = "warning"
RULES = ("T3-BAL", "T3-SUM", "T3-ROW", "T4-SUM", "ALL-INT", "ALL-FILL", "X-YEAR", "X-T2", "X-TEXT", "COPY", "LATE",
         "FORMAT", "X-SUM")  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Finding:
    """One finding, with the fields of the JSON document's ``findings``."""

    rule: str
    severity: str
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None  # 表三: the column's label (自然人 … 总计); 表二/表四: the column's key
    expected: object = None
    found: object = None

    @property
    def is_error(self):
        return self.severity == ERROR

    def as_dict(self):
        """The finding as the JSON document writes it (decimals as JSON numbers)."""
        return {
            "rule": self.rule, "severity": self.severity, "table": self.table, "row": self.row,
            "column": self.column, "expected": json_number(self.expected), "found": json_number(self.found),
            "message": self.message,
        }  # fmt: skip


def errors(findings):
    return [finding for finding in findings if finding.is_error]


def warnings(findings):
    return [finding for finding in findings if not finding.is_error]


def json_number(value):
    """A cell value for JSON: a whole number as int, a decimal as float (its repr reads back exactly)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _n(value):
    """A number as messages print it."""
    return format(value, "f") if not isinstance(value, int) else str(value)


def _column_ref(table, column):
    return column.label if table.key == "table3" else column.key


def _cell_name(table, row, column):
    return f"{table.name}「{row_label(table, row)}」行「{column.label}」列"


# ---------------------------------------------------------------------------------------------------
# Errors: the tables' own arithmetic.


def check_balance(report):
    """T3-BAL, per column of 表三: 一 + 二 = 三（七） + 四 (the 勾稽关系 printed in the table's header)."""
    findings = []
    for column in TABLE3_COLUMNS:
        inflow = report.value("table3", "new_received", column.key) + report.value("table3", "carried_over_from_last_year", column.key)
        outflow = report.value("table3", RESULTS_TOTAL, column.key) + report.value("table3", "carried_forward_to_next_year", column.key)
        if inflow != outflow:
            message = f"表三「{column.label}」列：第一项与第二项之和（{inflow}）不等于第三项（七）总计与第四项之和（{outflow}）"
            findings.append(Finding("T3-BAL", ERROR, message, "table3", "carried_forward_to_next_year", column.label, inflow, outflow))
    return findings


def check_results_total(report):
    """T3-SUM, per column of 表三: （七）总计 = the sum of the detail rows of （一）–（六）."""
    findings = []
    details = result_rows(report.table("table3"))
    for column in TABLE3_COLUMNS:
        expected = sum(report.value("table3", row.key, column.key) for row in details)
        found = report.value("table3", RESULTS_TOTAL, column.key)
        if expected != found:
            message = f"表三「{column.label}」列：（七）总计（{found}）不等于（一）至（六）各项之和（{expected}）"
            findings.append(Finding("T3-SUM", ERROR, message, "table3", RESULTS_TOTAL, column.label, expected, found))
    return findings


def check_row_totals(report):
    """T3-ROW, per row of 表三: 总计 = 自然人 + the five kinds of 法人或其他组织."""
    findings = []
    table = report.table("table3")
    for row in table.rows:
        expected = sum(report.value("table3", row.key, column.key) for column in TABLE3_PARTS)
        found = report.value("table3", row.key, "total")
        if expected != found:
            message = f"表三「{row_label(table, row)}」行：总计（{found}）不等于自然人与法人或其他组织各列之和（{expected}）"
            findings.append(Finding("T3-ROW", ERROR, message, "table3", row.key, "总计", expected, found))
    return findings


def check_table4_totals(report):
    """T4-SUM, per group of 表四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    findings = []
    table = report.table("table4")
    for row in table.rows:
        expected = sum(report.value("table4", row.key, column.key) for column in TABLE4_PARTS)
        found = report.value("table4", row.key, "total")
        if expected != found:
            message = f"表四「{row_label(table, row)}」：总计（{found}）不等于结果维持、结果纠正、其他结果、尚未审结之和（{expected}）"
            findings.append(Finding("T4-SUM", ERROR, message, "table4", row.key, "total", expected, found))
    return findings


_WHAT_IS_MISSING = {"/": "“/”", "": "空白"}


def check_cells(report):
    """ALL-FILL (every cell a number: 0 rather than blank, "/" or nothing) and ALL-INT (counts are
    non-negative integers; 万元 amounts non-negative decimals; 2019's 本年增/减 any integer)."""
    findings = []
    for table, row, column, value in report.cells():
        name = _cell_name(table, row, column)
        ref = (table.key, row.key, _column_ref(table, column))
        if not is_number(value):
            shown = "缺失" if value is None else _WHAT_IS_MISSING.get(value, f"“{value}”")
            message = f"{name}：未填写数字（{shown}），没有数据的应填0"
            findings.append(Finding("ALL-FILL", ERROR, message, *ref, found=value))
        elif column.unit in (AMOUNT_10K_YUAN, AMOUNT):
            if value < 0:
                unit = "（单位：万元）" if column.unit == AMOUNT_10K_YUAN else ""
                findings.append(Finding("ALL-INT", ERROR, f"{name}：应为非负数{unit}，实为{_n(value)}", *ref, found=value))
        elif value != int(value) or (value < 0 and column.unit != CHANGE):
            wanted = "整数" if column.unit == CHANGE else "非负整数"
            findings.append(Finding("ALL-INT", ERROR, f"{name}：应为{wanted}，实为{_n(value)}", *ref, found=value))
    return findings


# ---------------------------------------------------------------------------------------------------
# Warnings.


def check_previous_year(report, previous):
    """X-YEAR, per column of 表三: 二、上年结转 = last year's 四、结转下年度继续办理 (derived; soft)."""
    findings = []
    for column in TABLE3_COLUMNS:
        now = report.get("table3", "carried_over_from_last_year", column.key)
        before = previous.get("table3", "carried_forward_to_next_year", column.key)
        if is_number(now) and is_number(before) and now != before:
            message = (
                f"表三「{column.label}」列：二、上年结转政府信息公开申请数量（{now}）"
                f"不等于{previous.year}年度报告的四、结转下年度继续办理（{before}）"
            )
            findings.append(Finding("X-YEAR", WARNING, message, "table3", "carried_over_from_last_year", column.label, before, now))
    return findings


def check_documents_in_force(report, previous):
    """X-T2, for 规章 and 行政规范性文件: 现行有效 ≈ last year's 现行有效 + 本年制发 − 本年废止 (plausibility:
    documents also lapse when their term ends, so this only warns)."""
    if report.format != FORMAT_2021 or previous.format != FORMAT_2021:
        return []
    findings = []
    table = report.table("table2")
    for key in ("regulations", "normative_documents"):
        values = [report.get("table2", key, "in_force"), previous.get("table2", key, "in_force"),
                  report.get("table2", key, "issued"), report.get("table2", key, "repealed")]  # fmt: skip
        if not all(is_number(value) for value in values):
            continue
        found, before, issued, repealed = values
        expected = before + issued - repealed
        if found != expected:
            message = (
                f"表二「{table.row(key).label}」：现行有效件数（{found}）不等于上年现行有效件数（{before}）"
                f"加本年制发件数（{issued}）减本年废止件数（{repealed}）（{expected}）"
            )
            findings.append(Finding("X-T2", WARNING, message, "table2", key, "in_force", expected, found))
    return findings


def check_narrative_numbers(report):
    """X-TEXT: the figures the narrative quotes equal the tables (收到 N 件, 办结 N 件, 结转 N 件 …)."""
    findings = []
    tables = report.tables()
    for mention in narrative_mentions(report.narrative()):
        cells = mention.quote.cells
        if any(table not in tables for table, _row, _column in cells):
            continue  # e.g. 表二's 现行有效 in a 2019-format report
        values = [report.get(*cell) for cell in cells]
        if not all(is_number(value) for value in values):
            continue
        expected = sum(values)
        if expected != mention.number:
            table, row, column = cells[0]
            message = f"正文“{mention.text}”与{mention.quote.describes}（{expected}）不一致"
            findings.append(Finding("X-TEXT", WARNING, message, table, row if len(cells) == 1 else None, column, expected, mention.number))
    return findings


COPY_THRESHOLD = 0.5  # "与上年度重复率大于50%的，扣0.5分" (宿迁 departmental indicators, DOMAIN §1.7)


def check_copy(report, previous, threshold=COPY_THRESHOLD):
    """COPY: more than ``threshold`` of the narrative repeats last year's (30号: "内容雷同" is accountable)."""
    result = similarity(report.narrative(), previous.narrative())
    if result.ratio <= threshold:
        return []
    message = (
        f"正文与{previous.year}年度报告的重复率为{result.percent}%，超过{round(threshold * 100)}%"
        f"（重复段落{len(result.passages)}处）"
    )
    return [Finding("COPY", WARNING, message, expected=threshold, found=round(result.ratio, 4))]


def check_format(report):
    """FORMAT: the 2019 trial format was for the 2019 and 2020 reports; 30号 applies from the 2021 reports."""
    if report.format == FORMAT_2019 and report.year >= 2021:
        message = f"{report.year}年度报告应采用国办公开办函〔2021〕30号规定的格式，本报告采用2019年试行格式"
        return [Finding("FORMAT", WARNING, message)]
    return []


# ---------------------------------------------------------------------------------------------------
# 条例第四十九条: the publication deadline.


class OrganisationLevel(TextChoices):
    """Who publishes the report, which decides its deadline (条例第四十九条)."""

    # "县级以上人民政府部门应当在每年1月31日前…提交本行政机关上一年度政府信息公开工作年度报告并向社会公布"
    DEPARTMENT = "department", _("Department of a government at county level or above (deadline 31 January)")
    # "县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度…年度报告"
    GOVERNMENT = "government", _("Government at county level or above, published by its disclosure office (deadline 31 March)")


_DEADLINES = {OrganisationLevel.DEPARTMENT: (1, 31), OrganisationLevel.GOVERNMENT: (3, 31)}


@dataclasses.dataclass(frozen=True)
class DeadlineStatus:
    deadline: datetime.date
    published: datetime.date | None
    today: datetime.date

    @property
    def days_left(self):
        """Days until the deadline (0 on the day itself; negative once passed)."""
        return (self.deadline - self.today).days

    @property
    def days_late(self):
        """Days published after the deadline, or, while unpublished, days past it (0 if not late)."""
        return max(0, ((self.published or self.today) - self.deadline).days)

    @property
    def is_late(self):
        return self.days_late > 0


def publication_deadline(year, organisation_level):
    """The last day to publish the report on ``year`` ("在每年1月31日前" / "在每年3月31日前" of the next year).
    Local rules often set earlier dates (e.g. 怀化: 1月28日); callers pass those to ``deadline_status``."""
    month, day = _DEADLINES[OrganisationLevel(organisation_level)]
    return datetime.date(year + 1, month, day)


def deadline_status(report, organisation_level=None, today=None, deadline=None):
    deadline = deadline or publication_deadline(report.year, organisation_level)
    return DeadlineStatus(deadline, report.published, today or datetime.date.today())


def _date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def check_deadline(report, organisation_level=None, today=None, deadline=None):
    """LATE: published after the deadline, or not yet published once it has passed."""
    status = deadline_status(report, organisation_level, today, deadline)
    if not status.is_late:
        return []
    limit = f"规定的期限（{_date(status.deadline)}前）"
    limit = ("条例第四十九条" if deadline is None else "") + limit
    if status.published:
        message = f"{report.year}年度报告于{_date(status.published)}公布，晚于{limit}{status.days_late}天"
    else:
        message = f"{report.year}年度报告尚未公布，已超过{limit}{status.days_late}天"
    return [Finding("LATE", WARNING, message, expected=None, found=None)]


# ---------------------------------------------------------------------------------------------------


def check(report, previous=None, organisation_level=None, *, today=None, deadline=None):
    """Every finding on ``report``: its own arithmetic and cells, its narrative; against ``previous`` (last
    year's report) if given; its deadline if ``organisation_level`` (or a local ``deadline``) is given."""
    findings = [
        *check_cells(report),
        *check_balance(report),
        *check_results_total(report),
        *check_row_totals(report),
        *check_table4_totals(report),
        *check_format(report),
        *check_narrative_numbers(report),
    ]
    if previous is not None:
        findings += [*check_previous_year(report, previous), *check_documents_in_force(report, previous), *check_copy(report, previous)]
    if organisation_level is not None or deadline is not None:
        findings += check_deadline(report, organisation_level, today, deadline)
    return findings


# ---------------------------------------------------------------------------------------------------
# 汇总: a consolidated report against the sum of its units' reports.


def check_consolidation(consolidated, total):
    """X-SUM: each cell of ``consolidated`` equals the same cell of ``total``, the sum of the subordinate
    reports (``report.consolidate``). Which units are missing is the caller's business."""
    findings = []
    for table, row, column, value in consolidated.cells():
        expected = total.value(table.key, row.key, column.key)
        found = number_or_zero(value)
        if found != expected:
            message = f"{_cell_name(table, row, column)}：汇总数（{_n(found)}）不等于下级单位报告之和（{_n(expected)}）"
            findings.append(Finding("X-SUM", WARNING, message, table.key, row.key, _column_ref(table, column), expected, found))
    return findings
