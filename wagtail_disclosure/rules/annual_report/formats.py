"""A report of the 2019 trial format (国办公开办函〔2019〕60号) in the tables of 国办公开办函〔2021〕30号.

Reports only ever exist in the 2021 tables; an imported 2019 report (the 2019 and 2020 reports were made in
the trial format) brings the figures that have a place there and lists the others (DOMAIN §1.8 compares the
two layouts). ``to_2021`` does both; its ``Unmapped`` items say each figure left out, in the national
wording (data, like the labels: not translated).

Which cells map, and why:

* 表二 第二十条第（一）项: 2019 counts 本年新制作数量 / 本年新公开数量 / 对外公开总数量 of 规章 and 规范性文件;
  2021 counts 本年制发件数 / 本年废止件数 / 现行有效件数 of 规章 and 行政规范性文件. 本年新制作数量 → 本年制发件数:
  both count the documents the organisation itself made in the year. UNCONFIRMED: DOMAIN §1.8 records the
  change of columns, not that 新制作 and 制发 count the same documents, nor that 2019's 规范性文件 row is 2021's
  行政规范性文件 (the 2021 name of the same row) — the editor checks them (the FORMAT finding says so).
  本年新公开数量 (published in the year, whenever made) and 对外公开总数量 (every one ever published, repealed ones
  included) are not 现行有效件数: not carried over. 本年废止件数 and 现行有效件数 have no 2019 figure: left empty,
  so that ALL-FILL asks the editor for them.
* 表二 第二十条第（五）（六）项: 2019's 处理决定数量 → 2021's 本年处理决定数量 (the same measure: decisions of the
  year) for 行政许可, 行政处罚, 行政强制. 上一年项目数量 and 本年增/减 count the items (事项) of the power list,
  which 2021 dropped; 其他对外管理服务事项 is not a 2021 row.
* 表二 第二十条第（八）项: 2019 counts 行政事业性收费 items (上一年项目数量, 本年增/减); 2021 asks the amount
  collected in 万元, which a count is not: nothing carried over, the amount left empty.
* 表二 第二十条第（九）项 政府集中采购: not in 2021.
* 表三: the same rows, except （六）其他处理, one row in 2019 and three in 2021 (1. 逾期不补正, 2. 逾期未缴费,
  3. 其他). Its figures go to 3.其他 so that （七）总计 and the balance (T3-BAL) still hold; 1 and 2 are left
  empty for the editor to split the figure (which outcomes the 2019 row counted is UNCONFIRMED; 2. could not
  arise before 国办函〔2020〕109号 of November 2020).
* 表四: the same table in both formats; copied.
"""

import copy
import dataclasses

from .report import Report
from .tables import FORMAT_2019, FORMAT_2021, TABLE2, TABLE2_2019, row_label

# (2019 row key, 2019 column key) → (2021 row key, 2021 column key), in 表二.
TABLE2_CELLS = {
    ("regulations", "made"): ("regulations", "issued"),
    ("normative_documents", "made"): ("normative_documents", "issued"),
    ("administrative_licensing", "decisions"): ("administrative_licensing", "decisions"),
    ("administrative_penalty", "decisions"): ("administrative_penalty", "decisions"),
    ("administrative_coercion", "decisions"): ("administrative_coercion", "decisions"),
}
# Mapped, but the equivalence is UNCONFIRMED (see above): the editor is asked to check them.
UNCONFIRMED_CELLS = (("regulations", "made"), ("normative_documents", "made"))


def _has_source(row, column):
    return (row, column) in TABLE2_CELLS.values()


# 表三 （六）其他处理: the 2019 row's figures go to 3.其他; 1. and 2. are for the editor to fill in.
OTHER_HANDLING = ("results", "other_handling")
OTHER_HANDLING_TARGET = "other"
OTHER_HANDLING_TO_SPLIT = ("no_correction_in_time", "fee_not_paid_in_time")

NOTE_HEADING = "按国办公开办函〔2019〕60号试行格式填报、2021年格式（国办公开办函〔2021〕30号）无对应栏目的数字："


@dataclasses.dataclass(frozen=True)
class Unmapped:
    """A figure of the 2019 report that the 2021 tables have no place for."""

    table: str  # "table2_2019"
    row: str  # the 2019 row's key
    column: str  # the 2019 column's label
    value: object
    message: str  # 表二（2019年试行格式）第二十条第（一）项「规范性文件」行「本年新公开数量」列：2

    def as_line(self):
        return self.message


def _shown(value):
    return "（空）" if value is None or value == "" else str(value)


def to_2021(report):
    """(the report in the 2021 tables, [Unmapped], [mapped-with-care messages]) for a 2019-format ``report``.

    Cells with no 2019 figure are None (ALL-FILL asks for them); a 2021 report is returned as it is."""
    if report.format != FORMAT_2019:
        return report, [], []
    result = Report.blank(
        report.year, FORMAT_2021, value=None, organisation_name=report.organisation_name,
        organisation_code=report.organisation_code, published=report.published, sections=dict(report.sections),
    )  # fmt: skip
    unmapped, notes = [], []
    for row in TABLE2_2019.rows:
        for column in row.columns:
            value = report.get("table2_2019", row.key, column.key)
            target = TABLE2_CELLS.get((row.key, column.key))
            if target is not None:
                result.set("table2", *target, value)
                continue
            where = f"表二（2019年试行格式）{row.groups[0]}「{row.label}」行「{column.label}」列"
            unmapped.append(Unmapped("table2_2019", row.key, column.label, value, f"{where}：{_shown(value)}"))
    for source in UNCONFIRMED_CELLS:
        target = TABLE2_CELLS[source]
        old, new = TABLE2_2019.row(source[0]), TABLE2.row(target[0])
        notes.append(
            f"表二（2019年试行格式）「{old.label}」行「{old.column(source[1]).label}」列（{_shown(report.get('table2_2019', *source))}）"
            f"已填入2021年格式表二「{new.label}」行「{new.column(target[1]).label}」列，请核对统计口径"
        )
    empty = dict.fromkeys(column.label for row in TABLE2.rows for column in row.columns if not _has_source(row.key, column.key))
    notes.append(f"2021年格式表二「{'」「'.join(empty)}」列在2019年试行格式中没有对应数字，已留空，请填写")
    result.table3 = copy.deepcopy(report.table3)
    single = result.table3["results"]["other_handling"]
    split_row = row_label(result.table("table3"), result.table("table3").row(OTHER_HANDLING_TARGET))
    result.table3["results"]["other_handling"] = {key: [None] * len(single) for key in OTHER_HANDLING_TO_SPLIT}
    result.table3["results"]["other_handling"][OTHER_HANDLING_TARGET] = list(single)
    notes.append(
        f"表三「（六）其他处理」在2019年试行格式中为一行（自然人{_shown(single[0])}、总计{_shown(single[-1])}），已全部填入「{split_row}」；"
        "请按2021年格式分列入1.逾期不补正、2.逾期未缴费和3.其他"
    )
    result.table4 = copy.deepcopy(report.table4)
    return result, unmapped, notes


def unmapped_note(unmapped):
    """The editors' internal note listing the figures left out (empty when there are none)."""
    if not unmapped:
        return ""
    return "\n".join([NOTE_HEADING, *(item.as_line() for item in unmapped)])


__all__ = ["NOTE_HEADING", "TABLE2_CELLS", "Unmapped", "to_2021", "unmapped_note"]
