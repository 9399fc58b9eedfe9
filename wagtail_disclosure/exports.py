"""Spreadsheet exports (CSV and XLSX) shared by the plugin's reports.

Wagtail's own export (``SpreadsheetExportMixin``) writes CSV without a UTF-8 byte order mark, so Excel
shows Chinese as mojibake, does not neutralise formulas in CSV, and builds the XLSX from model
instances of the whole queryset in memory. :class:`Spreadsheet` fixes all three:

* CSV starts with a UTF-8 BOM, and every text cell that a spreadsheet would read as a formula
  (``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) gets a leading apostrophe
  (:func:`neutralise_formula`, the OWASP "CSV injection" advice).
* XLSX is written by openpyxl in write-only mode into a temporary file: rows go to disk as they come,
  so memory does not grow with the number of rows. Text is always stored as text (never a formula),
  characters that XML cannot hold are dropped, and text longer than Excel's cell limit is cut.
* Rows are any iterable, consumed once: pass a generator over ``queryset.values_list(...)
  .iterator(chunk_size=...)`` and nothing holds the whole export.

Everything that depends on the request's language or time zone (headings, labels, the time zone
datetimes are shown in) is fixed when the :class:`Spreadsheet` is created, because a CSV response
is streamed after the view has returned, when Wagtail's per-user language and time zone are no
longer active.
"""

import csv
import datetime
import decimal
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext

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


class Spreadsheet:
    """One table to export as CSV or XLSX: optional title rows, one heading row, then the rows.

    ``headings``: the column headings (lazy translations are resolved now).
    ``rows``: an iterable of row sequences, consumed once. Cell values may be ``None``, text (lazy
    translations too), numbers, booleans, dates, datetimes (aware ones are shown in ``time_zone``),
    or lists (joined with the translated list separator).
    ``title``: text, or a list of texts, written one per row above the headings.
    ``column_widths``: XLSX column widths in characters, in column order.
    """

    datetime_format = "yyyy-mm-dd hh:mm:ss"
    date_format = "yyyy-mm-dd"
    csv_datetime_format = "%Y-%m-%d %H:%M:%S"

    def __init__(self, headings, rows, *, filename="export", title=None, sheet_name=None, column_widths=None, time_zone=None):
        self.headings = [str(heading) for heading in headings]
        self.rows = rows
        self.filename = filename
        if title is None:
            self.title_rows = []
        elif isinstance(title, (list, tuple)):
            self.title_rows = [str(line) for line in title]
        else:
            self.title_rows = [str(title)]
        self.sheet_name = str(sheet_name) if sheet_name else "Sheet1"
        self.column_widths = list(column_widths or [])
        self.time_zone = time_zone or timezone.get_current_timezone()
        self.list_separator = pgettext("list separator", ", ")

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

    def iter_csv(self):
        """The CSV file as chunks of bytes: a UTF-8 BOM, the title rows, the headings, the rows."""
        writer = csv.writer(_Echo())
        buffer = [UTF8_BOM]
        size = 0
        for line in self.title_rows:
            buffer.append(writer.writerow([neutralise_formula(line)]))
        buffer.append(writer.writerow([neutralise_formula(heading) for heading in self.headings]))
        for row in self.rows:
            text = writer.writerow([self.csv_value(value) for value in row])
            buffer.append(text)
            size += len(text)
            if size >= _CSV_CHUNK_BYTES:
                yield "".join(buffer).encode("utf-8")
                buffer, size = [], 0
        if buffer:
            yield "".join(buffer).encode("utf-8")

    def csv_response(self):
        response = StreamingHttpResponse(self.iter_csv(), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.csv"'
        return response

    # --- XLSX --------------------------------------------------------------------------------

    def write_xlsx(self, output):
        """Write the workbook to ``output`` (a path or a binary file opened for writing)."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=self._sheet_title(self.sheet_name))
        for index, width in enumerate(self.column_widths, start=1):
            if width:
                sheet.column_dimensions[get_column_letter(index)].width = width
        header_row = len(self.title_rows) + 1
        sheet.freeze_panes = f"A{header_row + 1}"
        if self.title_rows and len(self.headings) > 1:
            last = get_column_letter(len(self.headings))
            for row in range(1, header_row):
                sheet.merged_cells.add(f"A{row}:{last}{row}")

        title_font, heading_font = Font(bold=True, size=14), Font(bold=True)
        for line in self.title_rows:
            cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", line))
            cell.data_type = "s"
            cell.font = title_font
            cell.alignment = Alignment(horizontal="center")
            sheet.append([cell])
        headings = []
        for heading in self.headings:
            cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", heading))
            cell.data_type = "s"
            cell.font = heading_font
            headings.append(cell)
        sheet.append(headings)

        datetime_format, date_format = self.datetime_format, self.date_format
        for row in self.rows:
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
                        cell = WriteOnlyCell(sheet, value)
                        cell.data_type = "s"
                        value = cell
                elif isinstance(value, datetime.datetime):
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = datetime_format
                    value = cell
                elif isinstance(value, datetime.date):
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = date_format
                    value = cell
                cells.append(value)
            sheet.append(cells)
        workbook.save(output)

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
