"""Spreadsheet exports (CSV and XLSX): the one path every admin export of the plugin goes through.

Wagtail's own export (``SpreadsheetExportMixin``) writes CSV without a UTF-8 byte order mark, so Excel
shows Chinese as mojibake, does not neutralise formulas in CSV, and builds the XLSX from model
instances of the whole queryset in memory. :class:`Workbook` fixes all three:

* CSV starts with a UTF-8 BOM, and every text cell that a spreadsheet would read as a formula
  (``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) gets a leading apostrophe
  (:func:`neutralise_formula`, the OWASP "CSV injection" advice).
* XLSX is written by openpyxl in write-only mode into a temporary file: rows go to disk as they come,
  so memory does not grow with the number of rows. Text is always stored as text (never a formula),
  characters that XML cannot hold are dropped, and text longer than Excel's cell limit is cut.
  Numbers, dates and datetimes keep their types.
* Rows are any iterable, consumed once: pass a generator over ``queryset.values_list(...)
  .iterator(chunk_size=...)`` and nothing holds the whole export.

A :class:`Workbook` holds one or more :class:`Sheet`; :class:`Spreadsheet` is the one-sheet case.
:class:`WorkbookExportMixin` puts Wagtail's generic listing and report views (their "Download XLSX"
and "Download CSV" buttons, filters and ``list_export``) on this path.

Everything that depends on the request's language or time zone is fixed when the :class:`Workbook`
is created: headings are resolved then, and rows are produced with that language and time zone
active, because a CSV response is streamed after the view has returned, when Wagtail's per-user
language and time zone are no longer active.
"""

import csv
import datetime
import decimal
import tempfile
from contextlib import contextmanager

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import pgettext
from openpyxl import Workbook as XlsxWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from wagtail.admin.views.reports import ReportView

FORMAT_CSV = "csv"
FORMAT_XLSX = "xlsx"
FORMATS = (FORMAT_XLSX, FORMAT_CSV)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UTF8_BOM = "\ufeff"

#: Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, that Excel and
#: LibreOffice strip before doing so).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Excel keeps at most this many characters in a cell.
XLSX_MAX_CELL_CHARS = 32767

_CSV_CHUNK_BYTES = 64 * 1024


def neutralise_formula(value):
    """``value`` made safe for a CSV cell: text starting with a formula character gets a leading apostrophe.

    Only text is changed; numbers stay numbers (``-5`` as an ``int`` is not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """The write half of a file: returns what it is given, so that ``csv.writer`` yields strings."""

    def write(self, value):
        return value


class Sheet:
    """One table of a workbook: optional title rows, one heading row, then the rows.

    ``headings``: the column headings (lazy translations are resolved now).
    ``rows``: an iterable of row sequences, consumed once. Cell values may be ``None``, text (lazy
    translations too), numbers, booleans, dates, datetimes (aware ones are shown in the workbook's
    time zone), or lists (joined with the translated list separator).
    ``name``: the XLSX sheet's name. ``title``: text, or a list of texts, written one per row above
    the headings. ``column_widths``: XLSX column widths in characters, in column order.
    """

    def __init__(self, headings, rows, *, name=None, title=None, column_widths=None):
        self.headings = [str(heading) for heading in headings]
        self.rows = rows
        self.name = str(name) if name else ""
        if title is None:
            self.title_rows = []
        elif isinstance(title, (list, tuple)):
            self.title_rows = [str(line) for line in title]
        else:
            self.title_rows = [str(title)]
        self.column_widths = list(column_widths or [])


class Workbook:
    """Sheets to export together: as one XLSX workbook, or as one CSV file.

    A CSV file holds one table, so the sheets of a workbook of several follow one another there,
    each under a row with its name and after an empty row.
    """

    datetime_format = "yyyy-mm-dd hh:mm:ss"
    date_format = "yyyy-mm-dd"
    csv_datetime_format = "%Y-%m-%d %H:%M:%S"

    def __init__(self, sheets, *, filename="export", time_zone=None):
        self.sheets = list(sheets)
        if not self.sheets:
            raise ValueError("A workbook needs at least one sheet.")
        self.filename = filename
        self.time_zone = time_zone or timezone.get_current_timezone()
        self.language = translation.get_language()
        self.list_separator = pgettext("list separator", ", ")

    @contextmanager
    def _request_context(self):
        """The language and time zone of the request that asked for the export (rows may be lazy)."""
        with translation.override(self.language), timezone.override(self.time_zone):
            yield

    # --- values ------------------------------------------------------------------------------

    def _plain(self, value):
        """A value reduced to what both formats can hold: text, number, date, datetime or None."""
        if value is None or isinstance(value, (str, bool, int, float, decimal.Decimal)):
            return value
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value, self.time_zone)
            return value
        if isinstance(value, (datetime.date, datetime.time)):
            return value
        if isinstance(value, Promise):
            return str(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            return self.list_separator.join(str(item) for item in value)
        return str(value)

    def csv_value(self, value):
        value = self._plain(value)
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.strftime(self.csv_datetime_format)
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        return neutralise_formula(value)

    # --- CSV ---------------------------------------------------------------------------------

    def _csv_lines(self):
        writer = csv.writer(_Echo())
        yield UTF8_BOM
        several = len(self.sheets) > 1
        for index, sheet in enumerate(self.sheets):
            if several:
                if index:
                    yield writer.writerow([])
                yield writer.writerow([neutralise_formula(sheet.name)])
            for line in sheet.title_rows:
                yield writer.writerow([neutralise_formula(line)])
            yield writer.writerow([neutralise_formula(heading) for heading in sheet.headings])
            for row in sheet.rows:
                yield writer.writerow([self.csv_value(value) for value in row])

    def iter_csv(self):
        """The CSV file as chunks of bytes: a UTF-8 BOM, then each sheet's title rows, headings and rows."""
        lines = self._csv_lines()
        while True:
            # Rows are produced in the request's language and time zone, which are restored
            # before each chunk is handed to the server.
            chunk, size = [], 0
            with self._request_context():
                for line in lines:
                    chunk.append(line)
                    size += len(line)
                    if size >= _CSV_CHUNK_BYTES:
                        break
            if not chunk:
                return
            yield "".join(chunk).encode("utf-8")

    def csv_response(self):
        response = StreamingHttpResponse(self.iter_csv(), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.csv"'
        return response

    # --- XLSX --------------------------------------------------------------------------------

    def write_xlsx(self, output):
        """Write the workbook to ``output`` (a path or a binary file opened for writing)."""
        workbook = XlsxWorkbook(write_only=True)
        with self._request_context():
            for index, sheet in enumerate(self.sheets, start=1):
                self._write_xlsx_sheet(workbook, sheet, sheet.name or f"Sheet{index}")
        workbook.save(output)

    def _write_xlsx_sheet(self, workbook, sheet, name):
        worksheet = workbook.create_sheet(title=self._sheet_title(name))
        for index, width in enumerate(sheet.column_widths, start=1):
            if width:
                worksheet.column_dimensions[get_column_letter(index)].width = width
        header_row = len(sheet.title_rows) + 1
        worksheet.freeze_panes = f"A{header_row + 1}"
        if sheet.title_rows and len(sheet.headings) > 1:
            last = get_column_letter(len(sheet.headings))
            for row in range(1, header_row):
                worksheet.merged_cells.add(f"A{row}:{last}{row}")

        title_font, heading_font = Font(bold=True, size=14), Font(bold=True)
        for line in sheet.title_rows:
            cell = WriteOnlyCell(worksheet, ILLEGAL_CHARACTERS_RE.sub("", line))
            cell.data_type = "s"
            cell.font = title_font
            cell.alignment = Alignment(horizontal="center")
            worksheet.append([cell])
        headings = []
        for heading in sheet.headings:
            cell = WriteOnlyCell(worksheet, ILLEGAL_CHARACTERS_RE.sub("", heading))
            cell.data_type = "s"
            cell.font = heading_font
            headings.append(cell)
        worksheet.append(headings)

        datetime_format, date_format = self.datetime_format, self.date_format
        for row in sheet.rows:
            cells = []
            for value in row:
                value = self._plain(value)
                if isinstance(value, str):
                    if ILLEGAL_CHARACTERS_RE.search(value):
                        value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    if len(value) > XLSX_MAX_CELL_CHARS:
                        value = value[: XLSX_MAX_CELL_CHARS - 1] + "…"
                    if value.startswith("="):
                        # openpyxl would store it as a formula: keep it text.
                        cell = WriteOnlyCell(worksheet, value)
                        cell.data_type = "s"
                        value = cell
                elif isinstance(value, datetime.datetime):
                    cell = WriteOnlyCell(worksheet, value)
                    cell.number_format = datetime_format
                    value = cell
                elif isinstance(value, datetime.date):
                    cell = WriteOnlyCell(worksheet, value)
                    cell.number_format = date_format
                    value = cell
                cells.append(value)
            worksheet.append(cells)

    @staticmethod
    def _sheet_title(name):
        for char in "[]:*?/\\":
            name = name.replace(char, " ")
        return name[:31] or "Sheet1"

    def xlsx_response(self):
        # A temporary file rather than a BytesIO: the finished workbook is not held in memory either,
        # and FileResponse sends it in blocks and closes (so deletes) it at the end.
        output = tempfile.TemporaryFile(suffix=".xlsx")
        try:
            self.write_xlsx(output)
        except BaseException:
            output.close()
            raise
        output.seek(0)
        return FileResponse(output, as_attachment=True, filename=f"{self.filename}.xlsx", content_type=XLSX_CONTENT_TYPE)

    def response(self, export_format):
        if export_format == FORMAT_CSV:
            return self.csv_response()
        if export_format == FORMAT_XLSX:
            return self.xlsx_response()
        raise ValueError(f"Unknown export format: {export_format!r}")


class Spreadsheet(Workbook):
    """A workbook of one sheet: the arguments of :class:`Sheet` (``sheet_name`` for its name) and of
    :class:`Workbook`."""

    def __init__(self, headings, rows, *, filename="export", title=None, sheet_name=None, column_widths=None, time_zone=None):
        sheet = Sheet(headings, rows, name=sheet_name or "Sheet1", title=title, column_widths=column_widths)
        super().__init__([sheet], filename=filename, time_zone=time_zone)


# --- Wagtail's listing and report views ----------------------------------------------------------


def iterate_in_chunks(items, chunk_size):
    """``items`` one by one; a queryset is read from the database ``chunk_size`` rows at a time,
    without filling its result cache (so the export does not hold every row)."""
    if isinstance(items, QuerySet):
        return items.iterator(chunk_size=chunk_size)
    return iter(items)


class WorkbookExportMixin:
    """Puts the export of a Wagtail listing or report view (``SpreadsheetExportMixin``: ``IndexView``,
    ``ReportView``, a ``ModelViewSet``'s or ``PageListingViewSet``'s index) on :class:`Workbook`.

    List it before the Wagtail view in the bases. The view keeps its export buttons, filters, search,
    ordering, ``list_export``, ``export_headings`` and ``custom_field_preprocess`` (functions of one
    field by format); the writing is this module's: a CSV with a BOM and neutralised formulas, an XLSX
    with typed numbers and dates, both streamed from the database in chunks. Choice fields export
    their labels rather than their stored codes. The export skips building the listing's context
    (whose item count alone would load every row).
    """

    export_chunk_size = 2000
    #: XLSX column widths in characters, in the order of ``list_export``.
    export_column_widths = None

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.get_export_queryset(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_export_queryset(self):
        """What the listing shows, filtered, searched and ordered, unpaginated."""
        # ReportView lists get_filtered_queryset(); the generic IndexView lists get_queryset().
        if isinstance(self, ReportView):
            return self.get_filtered_queryset()
        return self.get_queryset()

    def get_export_sheet_name(self):
        return self.get_page_title() if hasattr(self, "get_page_title") else ""

    def get_export_workbook(self, queryset, export_format):
        """The :class:`Workbook` to export ``queryset`` as; override for another layout or several sheets."""
        return Spreadsheet(
            [self.get_heading(queryset, field) for field in self.list_export],
            self.export_rows(queryset, export_format),
            filename=self.get_filename(),
            sheet_name=self.get_export_sheet_name(),
            column_widths=self.export_column_widths,
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return self.get_export_workbook(queryset, spreadsheet_format).response(spreadsheet_format)

    def export_rows(self, queryset, export_format):
        choice_fields = self._choice_fields(queryset)
        for item in iterate_in_chunks(queryset, self.export_chunk_size):
            row = self.to_row_dict(item)
            for field in choice_fields.intersection(row):
                row[field] = getattr(item, f"get_{field}_display")()
            yield [self.export_value(field, value, export_format) for field, value in row.items()]

    def export_value(self, field, value, export_format):
        """A cell's value: through the view's ``custom_field_preprocess`` function for ``field``, if
        any. (Wagtail's conversions by value type are not used: :class:`Workbook` types the values.)"""
        function = self.custom_field_preprocess.get(field, {}).get(export_format)
        return function(value) if function else value

    def _choice_fields(self, queryset):
        model = getattr(queryset, "model", None) or getattr(self, "model", None)
        if model is None:
            return set()
        return {field.name for field in model._meta.concrete_fields if field.choices and field.name in self.list_export}
