"""Editing the 政府信息公开工作年度报告's tables as tables: their printed layout, the widget and the form field.

``table_layout`` lays a national table out as printed (国办公开办函〔2021〕30号): header rows with merged
cells, row headers, and one slot per number. The admin widget renders the slots as inputs, the public
page as numbers, from the same layout and the labels in ``rules.annual_report.tables``.

Totals are computed, never typed: the widget shows them read-only (computed as one types), and the
field fills them in with ``fill_totals``. Every other cell must be a number (0 when there is none).
"""

import dataclasses
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminPageForm

from .models.organisations import Organisation
from .rules.annual_report import FORMAT_2021, Report, fill_totals, tables_document
from .rules.annual_report.report import as_cell_value, is_number
from .rules.annual_report.tables import (
    CHANGE,
    DECIMAL_UNITS,
    RESULTS_TOTAL,
    TABLE2_2019_BLOCKS,
    TABLE2_BLOCKS,
    TABLE3_HEADER,
    TABLE3_PARTS,
    TABLE3_ROW_HEADERS,
    TABLE4_HEADER,
    TABLE4_PARTS,
    result_rows,
    row_label,
    tables_of,
)


def blank_tables(format=FORMAT_2021):
    """The tables document of a new report: every cell 0 (a balanced empty report)."""
    return tables_document(Report.blank(2000, format))


# ---------------------------------------------------------------------------------------------------
# Layout.


@dataclasses.dataclass
class Cell:
    label: str = ""
    header: bool = False
    scope: str = ""
    rowspan: int = 1
    colspan: int = 1
    row: object = None  # a data cell: its Row and Column
    column: object = None
    value: object = None
    raw: str = ""
    name: str = ""
    is_total: bool = False
    parts: tuple = ()
    invalid: bool = False

    @property
    def is_data(self):
        return self.row is not None


@dataclasses.dataclass
class TableLayout:
    key: str
    table: object
    head: list
    bodies: list

    @property
    def caption(self):
        return self.table.heading


def _header(cell, scope="col"):
    spans = cell.colspan > 1 or cell.rowspan > 1
    return Cell(cell.label, header=True, scope=(scope + "group") if spans and scope == "col" else scope,
                rowspan=cell.rowspan, colspan=cell.colspan)  # fmt: skip


def table_layout(format, key):
    """The ``TableLayout`` of table ``key`` of a ``format`` report: header rows, and bodies of rows of cells."""
    table = tables_of(format)[key]
    if key.startswith("table2"):
        blocks = TABLE2_2019_BLOCKS if key == "table2_2019" else TABLE2_BLOCKS
        bodies = []
        for block in blocks:
            span = 3 // len(block.columns)
            rows = [[Cell(block.caption, header=True, scope="colgroup", colspan=4)], [_header(c) for c in block.header()]]
            for row_key, _label in block.rows:
                row = table.row(row_key)
                rows.append([Cell(row.label, header=True, scope="row")]
                            + [Cell(row=row, column=column, colspan=span) for column in row.columns])  # fmt: skip
            bodies.append(rows)
        return TableLayout(key, table, [], bodies)
    if key == "table3":
        head = [[_header(cell) for cell in header_row] for header_row in TABLE3_HEADER]
        headers = TABLE3_ROW_HEADERS[format]
        rows = []
        for row in table.rows:
            cells = [_header(cell, "rowgroup" if cell.rowspan > 1 else "row") for cell in headers[row.key]]
            rows.append(cells + [Cell(row=row, column=column) for column in row.columns])
        return TableLayout(key, table, head, [rows])
    head = [[_header(cell) for cell in header_row] for header_row in TABLE4_HEADER]
    return TableLayout(key, table, head, [[[Cell(row=row, column=column) for row in table.rows for column in row.columns]]])


def report_layouts(format=FORMAT_2021):
    return [table_layout(format, key) for key in tables_of(format)]


def is_total(table_key, row, column):
    """Cells ``fill_totals`` computes: 表三's 总计 column and （七）总计 row, 表四's 总计 columns."""
    if table_key == "table3":
        return column.key == "total" or (row.path[0] == "results" and row.key == RESULTS_TOTAL)
    return table_key == "table4" and column.key == "total"


def total_parts(table, row, column):
    """The (row, column) pairs a total adds up (as ``fill_totals`` does)."""
    if table.key == "table3" and column.key != "total":
        return [(part, column) for part in result_rows(table)]
    parts = TABLE3_PARTS if table.key == "table3" else TABLE4_PARTS
    return [(row, row.column(part.key)) for part in parts]


def cell_name(table_key, row, column):
    return "-".join((table_key, ".".join(row.path), column.key))


def cell_value(tables, table_key, row, column):
    node = (tables or {}).get(table_key) or {}
    for key in row.path:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, list):
        index = row.columns.index(column)
        return node[index] if index < len(node) else None
    return node.get(column.key) if isinstance(node, dict) else None


def cell_description(table, row, column):
    """How errors name a cell: 表三「（三）不予公开 1.属于国家秘密」行「自然人」列."""
    return gettext("%(table)s, row “%(row)s”, column “%(column)s”") % {
        "table": table.name, "row": row_label(table, row), "column": column.label,
    }  # fmt: skip


def shown_number(value):
    if isinstance(value, float):
        value = as_cell_value(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------------------------------
# Reading what was typed.

_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_cell(text, table, row, column):
    """The number typed in a cell, or ValidationError naming the cell. Full-width digits (１２) and
    thousands separators (1,234) as pasted from a spreadsheet are read; counts are whole numbers, ≥ 0."""
    where = cell_description(table, row, column)
    text = unicodedata.normalize("NFKC", text or "").strip().replace("−", "-")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not text:
        return None, gettext("%(cell)s: enter a number (0 if there is none).") % {"cell": where}
    if not _NUMBER.match(text):
        return None, gettext("%(cell)s: “%(value)s” is not a number.") % {"cell": where, "value": text}
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None, gettext("%(cell)s: “%(value)s” is not a number.") % {"cell": where, "value": text}
    if number < 0 and column.unit != CHANGE:
        return None, gettext("%(cell)s: cannot be negative (%(value)s).") % {"cell": where, "value": text}
    if column.unit not in DECIMAL_UNITS and number != number.to_integral_value():
        return None, gettext("%(cell)s: must be a whole number (%(value)s).") % {"cell": where, "value": text}
    return as_cell_value(number, column.unit), None


def typed_cells(format):
    """(table, row, column) of every cell an editor types (not the totals)."""
    for key, table in tables_of(format).items():
        for row, column in table.cells():
            if not is_total(key, row, column):
                yield table, row, column


class ReportTablesWidget(forms.Widget):
    """The national tables as <table>s of inputs; totals read-only, computed as one types (static JS).

    Arrow keys and Enter move between cells; a tab-separated block pasted from Excel or WPS fills the
    cells from the focused one. A submitted form re-renders what was typed, valid or not.
    """

    template_name = "wagtail_disclosure/widgets/annual_report_tables.html"

    class Media:
        js = ["wagtail_disclosure/admin/annual_report_tables.js"]
        css = {"all": ["wagtail_disclosure/admin/annual_report_tables.css"]}

    def value_from_datadict(self, data, files, name):
        # A page's tables are always those of 国办公开办函〔2021〕30号 (a 2019 report is converted on import);
        # the hidden "-format" input only tells that the tables were in the form.
        format = FORMAT_2021
        raw = {}
        for table, row, column in typed_cells(format):
            key = cell_name(table.key, row, column)
            raw[key] = data.get(f"{name}-{key}")
        return {"format": format, "raw": raw}

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-format" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value if isinstance(value, dict) and value.get("format", FORMAT_2021) == FORMAT_2021 else blank_tables()
        format = FORMAT_2021
        raw = value.get("raw")
        numbers = self._numbers(format, value, raw)
        layouts = report_layouts(format)
        for layout in layouts:
            for body in layout.bodies:
                for cells in body:
                    for cell in cells:
                        if cell.is_data:
                            self._fill(cell, layout.table, name, numbers, raw)
        context["widget"].update({"format": format, "layouts": layouts})
        return context

    @staticmethod
    def _numbers(format, value, raw):
        """The tables with totals computed (cells typed wrong count as 0 until corrected)."""
        report = Report.blank(2000, format)
        for table, row, column in typed_cells(format):
            if raw is not None:
                number, error = parse_cell(raw.get(cell_name(table.key, row, column)), table, row, column)
            else:
                number = as_cell_value(cell_value(value, table.key, row, column), column.unit)
            report.set(table.key, row.key, column.key, number if is_number(number) else 0)
        return tables_document(fill_totals(report))

    @staticmethod
    def _fill(cell, table, name, numbers, raw):
        key = cell_name(table.key, cell.row, cell.column)
        cell.name = f"{name}-{key}"
        cell.label = cell_description(table, cell.row, cell.column)
        cell.is_total = is_total(table.key, cell.row, cell.column)
        if cell.is_total:
            cell.parts = tuple(f"{name}-{cell_name(table.key, r, c)}" for r, c in total_parts(table, cell.row, cell.column))
            cell.raw = shown_number(cell_value(numbers, table.key, cell.row, cell.column))
        elif raw is not None:
            cell.raw = raw.get(key) or ""
            cell.invalid = parse_cell(cell.raw, table, cell.row, cell.column)[1] is not None
        else:
            cell.raw = shown_number(cell_value(numbers, table.key, cell.row, cell.column))


class ReportTablesField(forms.Field):
    """The tables document (``rules.annual_report.tables_document``) from the widget's cells, with the
    totals computed; an error naming table, row and column for each cell that is not a valid number."""

    widget = ReportTablesWidget

    def to_python(self, value):
        if not isinstance(value, dict) or "raw" not in value:
            return value if isinstance(value, dict) else blank_tables()
        format = value["format"]
        report = Report.blank(2000, format)
        errors = []
        for table, row, column in typed_cells(format):
            number, error = parse_cell(value["raw"].get(cell_name(table.key, row, column)), table, row, column)
            if error:
                errors.append(ValidationError(error, code="invalid_cell"))
            else:
                report.set(table.key, row.key, column.key, number)
        if errors:
            raise ValidationError(errors)
        return tables_document(fill_totals(report))

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


def warning_cell(finding):
    """How an acknowledgement names a warning's cell: "table3.carried_over_from_last_year.自然人" (None if none)."""
    return ".".join(part for part in (finding.table, finding.row, finding.column) if part) or None


class AcknowledgementsWidget(forms.Widget):
    """Each current warning with a note field: the editor's acknowledgement (why the figure is right, or
    why the catalogue's suggestion was overridden). Reviewers see the notes in the 保密审查 modal."""

    template_name = "wagtail_disclosure/widgets/annual_report_acknowledgements.html"
    warnings = ()  # [(Finding, note or None)], set by the form

    def value_from_datadict(self, data, files, name):
        result = []
        for index, (finding, _note) in enumerate(self.warnings):
            note = " ".join((data.get(f"{name}-{index}") or "").split())
            if note:
                result.append({"rule": finding.rule, "cell": warning_cell(finding), "note": note[:500]})
        return result

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = {}
        if isinstance(value, list):
            typed = {(item.get("rule"), item.get("cell")): item.get("note") for item in value if isinstance(item, dict)}
        items = []
        for index, (finding, note) in enumerate(self.warnings):
            shown = typed.get((finding.rule, warning_cell(finding)), note if not typed else None)
            items.append({"finding": finding, "name": f"{name}-{index}", "note": shown or ""})
        context["widget"]["items"] = items
        return context


class AcknowledgementsField(forms.Field):
    widget = AcknowledgementsWidget

    def to_python(self, value):
        return value if isinstance(value, list) else []

    def prepare_value(self, value):
        return value if isinstance(value, list) else []


class AnnualReportAdminForm(WagtailAdminPageForm):
    """The editor form of annual reports: the tables as tables, the warnings' acknowledgements, and only
    active organisations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tables" in self.fields:
            field = self.fields["tables"]
            self.fields["tables"] = ReportTablesField(label=field.label, help_text=field.help_text, required=False)
        if "acknowledged_warnings" in self.fields:
            field = self.fields["acknowledged_warnings"]
            instance = self.instance
            warnings = instance.warning_findings() if getattr(instance, "pk", None) and instance.year else []
            self.fields["acknowledged_warnings"] = AcknowledgementsField(label=field.label, help_text=field.help_text, required=False)
            self.fields["acknowledged_warnings"].widget.warnings = warnings
        organisation = self.fields.get("organisation")
        if organisation is not None:
            current = getattr(self.instance, "organisation_id", None)
            organisation.queryset = Organisation.objects.filter(is_active=True) | Organisation.objects.filter(pk=current)


__all__ = [
    "AnnualReportAdminForm",
    "ReportTablesField",
    "ReportTablesWidget",
    "blank_tables",
    "report_layouts",
    "table_layout",
]
