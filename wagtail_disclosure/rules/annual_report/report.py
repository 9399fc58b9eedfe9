"""The report as a value: its narrative and its tables in the shape of the JSON document.

``Report.table2`` / ``table2_2019`` / ``table3`` / ``table4`` are the document's objects (nested dicts; 表三
rows are lists of 7 values), so a model can keep them in one JSONField. Cells hold ``int`` counts and
``Decimal`` amounts; an imported report may also hold what the file had instead of a number ("/", "", None).

Totals are computed, never typed: ``fill_totals`` sets every 总计 from its parts (T3-ROW, T3-SUM, T4-SUM).
"""

import copy
import dataclasses
import datetime
from decimal import Decimal

from .tables import (
    DECIMAL_UNITS,
    FORMAT_2019,
    FORMAT_2021,
    NARRATIVE_SECTIONS,
    RESULTS_TOTAL,
    TABLE3_PARTS,
    TABLE4_PARTS,
    result_rows,
    tables_of,
)


def is_number(value):
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def number_or_zero(value):
    """Arithmetic reads a cell without a number as 0 (ALL-FILL reports the cell itself)."""
    return value if is_number(value) else 0


def as_cell_value(value, unit=None):
    """A number for a cell: floats become exact decimals (by their shortest repr), and a whole decimal in a
    count column becomes an int. Anything else is kept as found."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and unit not in DECIMAL_UNITS and value == value.to_integral_value():
        return int(value)
    return value


def _blank_table(table, value):
    data = {}
    for row in table.rows:
        node = data
        for key in row.path[:-1]:
            node = node.setdefault(key, {})
        if table.key == "table3":
            node[row.key] = [value] * len(row.columns)
        else:
            node[row.key] = {column.key: value for column in row.columns}
    return data


@dataclasses.dataclass
class Report:
    year: int
    format: str = FORMAT_2021
    organisation_name: str = ""
    organisation_code: str | None = None
    published: datetime.date | None = None
    sections: dict = dataclasses.field(default_factory=lambda: dict.fromkeys(NARRATIVE_SECTIONS, ""))
    table2: dict | None = None
    table2_2019: dict | None = None
    table3: dict | None = None
    table4: dict | None = None
    # The findings a document carried when it was read (from_document); check() gives current ones.
    findings: tuple = ()

    def __post_init__(self):
        for key, table in self.tables().items():
            if getattr(self, key) is None:
                setattr(self, key, _blank_table(table, 0))

    @classmethod
    def blank(cls, year, format=FORMAT_2021, value=0, **fields):
        """A report whose every cell is ``value`` (0: a balanced empty report; None: nothing entered yet)."""
        tables = {key: _blank_table(table, value) for key, table in tables_of(format).items()}
        return cls(year=year, format=format, **tables, **fields)

    def tables(self):
        """{JSON key: Table} of this report's format."""
        return tables_of(self.format)

    def table(self, key):
        try:
            return self.tables()[key]
        except KeyError:
            raise KeyError(f"a {self.format}-format report has no {key}") from None

    def narrative(self):
        return "\n".join(self.sections.get(key) or "" for key in NARRATIVE_SECTIONS)

    # -- cells ---------------------------------------------------------------------------------------

    def _slot(self, table_key, row_key, column):
        """(container, index) of a cell; ``column`` is a key or a label (表三: 自然人 or natural_person)."""
        table = self.table(table_key)
        row = table.row(row_key)
        col, position = row.column_and_index(column)
        node = getattr(self, table_key)
        for key in row.path:
            node = node[key]
        return node, (position if table_key == "table3" else col.key), col

    def get(self, table, row, column):
        node, index, _col = self._slot(table, row, column)
        return node[index]

    def set(self, table, row, column, value):
        node, index, col = self._slot(table, row, column)
        node[index] = as_cell_value(value, col.unit)

    def value(self, table, row, column):
        """The cell as a number (0 if it holds none)."""
        return number_or_zero(self.get(table, row, column))

    def cells(self):
        """(table, row, column, value) of every cell of the report's format, in reading order."""
        for key, table in self.tables().items():
            for row, column in table.cells():
                yield table, row, column, self.get(key, row.key, column.key)

    def copy(self):
        return copy.deepcopy(self)


# ---------------------------------------------------------------------------------------------------
# Totals, computed from their parts.


def fill_totals(report):
    """Set every 总计 of 表三 and 表四 from its parts (in place; returns the report).

    T3-SUM first: （七）总计 of each applicant column is the sum of the 21 detail rows (19 in 2019); then
    T3-ROW: each row's 总计 is the sum of its six applicant columns (which makes （七）'s 总计 the sum of the
    detail rows' totals too); then T4-SUM for the three groups of 表四.
    """
    table3 = report.table("table3")
    details = result_rows(table3)
    for column in TABLE3_PARTS:
        total = sum(report.value("table3", row.key, column.key) for row in details)
        report.set("table3", RESULTS_TOTAL, column.key, total)
    for row in table3.rows:
        report.set("table3", row.key, "total", sum(report.value("table3", row.key, c.key) for c in TABLE3_PARTS))
    for row in report.table("table4").rows:
        report.set("table4", row.key, "total", sum(report.value("table4", row.key, c.key) for c in TABLE4_PARTS))
    return report


# ---------------------------------------------------------------------------------------------------
# Consolidation (汇总): a government's or a system's figures from its units' reports.


def consolidate(reports, *, year=None, organisation_name="", organisation_code=None):
    """The cell-by-cell sum of ``reports`` (exact decimals for 万元). Cells without a number count as 0.

    All reports must have the same format and, unless ``year`` is given, the same year. The narrative is
    left empty: a consolidated report's text is written, not added up.
    """
    reports = list(reports)
    if not reports:
        raise ValueError("nothing to consolidate")
    formats = {report.format for report in reports}
    if len(formats) > 1:
        raise ValueError(f"cannot consolidate reports of different formats: {sorted(formats)}")
    years = {report.year for report in reports}
    if year is None:
        if len(years) > 1:
            raise ValueError(f"cannot consolidate reports of different years: {sorted(years)}")
        year = years.pop()
    (format,) = formats
    total = Report.blank(year, format, organisation_name=organisation_name, organisation_code=organisation_code)
    for key, table in total.tables().items():
        for row in table.rows:
            target = _node(getattr(total, key), row.path)
            sources = [_node(getattr(report, key), row.path) for report in reports]
            slots = range(len(row.columns)) if key == "table3" else [column.key for column in row.columns]
            for slot, column in zip(slots, row.columns, strict=True):
                target[slot] = as_cell_value(sum(number_or_zero(source[slot]) for source in sources), column.unit)
    return total


def _node(data, path):
    for key in path:
        data = data[key]
    return data


__all__ = ["FORMAT_2019", "Report", "consolidate", "fill_totals", "is_number", "number_or_zero"]
