"""The annual report as files: XLSX (openpyxl: one sheet per table) and DOCX (python-docx: the whole report).

Both lay the tables out as printed (``annual_report_forms.table_layout``: merged header cells, row headers)
with the national labels verbatim (``rules.annual_report.tables``), as real merged cells, so that Excel, WPS
and Word show the tables intact. The JSON document is the machine-readable form; these are for people.
"""

import io

import docx
import openpyxl
from django.http import HttpResponse
from django.utils.html import strip_tags
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .annual_report_forms import report_layouts, shown_number
from .rules.annual_report import SECTION_HEADINGS, statistical_period_statement
from .rules.annual_report.tables import NARRATIVE_SECTIONS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def placed_cells(layout, value_of):
    """(row, column, rowspan, colspan, text, is_header) of every printed cell of ``layout``, on a grid
    (0-based), in reading order. ``value_of(cell)`` gives a data cell's number."""
    placed, taken = [], set()
    rows = list(layout.head) + [cells for body in layout.bodies for cells in body]
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            text = shown_number(value_of(cell)) if cell.is_data else cell.label
            placed.append((r, c, cell.rowspan, cell.colspan, text, not cell.is_data))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def _values(page):
    def value_of(cell):
        return page.cell(cell.layout_key, cell.row, cell.column)

    return value_of


def _layouts(page):
    layouts = report_layouts()
    for layout in layouts:
        for body in layout.bodies:
            for cells in body:
                for cell in cells:
                    cell.layout_key = layout.key
    return layouts


def _title(page):
    return page.title


# --- XLSX ---------------------------------------------------------------------------------------------

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHEET_NAMES = {"table2": "二、主动公开", "table3": "三、申请情况", "table4": "四、复议诉讼"}


def workbook(page):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for layout in _layouts(page):
        sheet = book.create_sheet(_SHEET_NAMES[layout.key])
        sheet.append([SECTION_HEADINGS[layout.key]])
        sheet["A1"].font = Font(bold=True)
        width = 0
        for r, c, rowspan, colspan, text, is_header in placed_cells(layout, _values(page)):
            row, column = r + 2, c + 1
            cell = sheet.cell(row=row, column=column)
            cell.value = text if is_header else _number(text)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if is_header and colspan < 3 else "center")
            cell.border = _BORDER
            if is_header:
                cell.font = Font(bold=r < len(layout.head))
            if rowspan > 1 or colspan > 1:
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + rowspan - 1, end_column=column + colspan - 1)
            width = max(width, c + colspan)
        for index in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 14
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    return book


def _number(text):
    """A cell's number as Excel keeps it (a number, not text), the shown form for anything else."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def xlsx_response(page, name):
    buffer = io.BytesIO()
    workbook(page).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- DOCX ---------------------------------------------------------------------------------------------


def _paragraphs(html):
    text = html or ""
    for tag in ("</p>", "<br>", "<br/>", "</li>", "</h2>", "</h3>", "</h4>"):
        text = text.replace(tag, tag + "\n")
    return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]


def _repeat_header(row):
    """Word and WPS repeat the table's header rows on every page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def document(page):
    doc = docx.Document()
    heading = doc.add_heading(_title(page), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(statistical_period_statement(page.year))
    layouts = {layout.key: layout for layout in _layouts(page)}
    for key in ("overview", "table2", "table3", "table4", "problems", "other"):
        doc.add_heading(SECTION_HEADINGS[key], level=2)
        if key in NARRATIVE_SECTIONS:
            for line in _paragraphs(getattr(page, key)):
                doc.add_paragraph(line)
            continue
        layout = layouts[key]
        _add_table(doc, layout, _values(page))
    if page.signing_organisation or page.signing_date:
        for line in (page.signing_organisation, f"{page.signing_date.year}年{page.signing_date.month}月{page.signing_date.day}日" if page.signing_date else ""):
            if line:
                doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def _add_table(doc, layout, value_of):
    placed = placed_cells(layout, value_of)
    rows = max(r + rowspan for r, _c, rowspan, _cs, _t, _h in placed)
    columns = max(c + colspan for _r, c, _rs, colspan, _t, _h in placed)
    table = doc.add_table(rows=rows, cols=columns)
    table.style = "Table Grid"
    # python-docx's table.cell() walks the whole table each time: take the cells once, write the texts, then
    # merge (regions do not overlap, so each merge's corner cells are still in the table).
    grid = [row.cells for row in table.rows]
    for r, c, rowspan, colspan, text, is_header in placed:
        cell = grid[r][c]
        cell.text = text
        if r < len(layout.head) and is_header:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    for r, c, rowspan, colspan, _text, _is_header in placed:
        if rowspan > 1 or colspan > 1:
            grid[r][c].merge(grid[r + rowspan - 1][c + colspan - 1])
    for index in range(len(layout.head)):
        _repeat_header(table.rows[index])
    return table


def docx_response(page, name):
    buffer = io.BytesIO()
    document(page).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
