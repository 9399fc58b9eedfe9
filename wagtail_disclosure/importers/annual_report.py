"""Reading a published 政府信息公开工作年度报告 (the HTML page or a DOCX file) into the JSON document.

The output is the document of schema ``wagtail-disclosure/annual-report/1`` (docs: ANNUAL-REPORT-JSON),
with ``findings`` holding what the parse noticed: rows it did not recognise, cells kept as found ("/",
empty, not a number), rows or tables missing, and the 2019 trial format.

How: the file becomes a flow of paragraphs and table grids (merged cells expanded, so that a cell
merged over three rows is in each of them); rows are then matched by their normalised label, never by
position, so that tables split over several ``<table>`` elements, repeated header rows and tables in
another order read the same. Columns come from the header rows where the file has them.

``create_draft`` makes a draft ``AnnualReportPage`` of the document; the findings are the shared checks
(``rules.annual_report.check``) plus what the parse noticed (IMPORT, FORMAT).
"""

import dataclasses
import io
import pathlib
import re
import unicodedata
import zipfile
from html.parser import HTMLParser

import docx
from django.utils.translation import gettext as _
from docx.text.paragraph import Paragraph

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html
from wagtail.models import Page

from ..models.annual_report import AnnualReportIndexPage, AnnualReportPage, OrganisationLevel
from ..models.organisations import Organisation
from ..rules.annual_report import Report, check, tables_document
from ..rules.annual_report.tables import TITLE
from ..rules.annual_report import read_tables as read_report_tables
from ..rules.annual_report.formats import to_2021, unmapped_note
from ..rules.annual_report.tables import TABLE2_2019
from . import _annual_report_labels as labels

# ---------------------------------------------------------------------------------------------
# Text normalisation


class NotAnAnnualReport(Exception):
    """The file cannot be read as an annual report; ``message`` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": '"', "’": '"', "'": '"',
                         "〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")", "﹙": "(", "﹚": ")"})
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_ITEM_NUMBER = re.compile(r"^(\d+)[、,.]")
_TRAILING_PUNCTUATION = re.compile(r"[:;,.。、!?]+$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+\.)")
_REMARK = re.compile(r"\([^()]*\)$")
_CJK = "\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def fold(text):
    """Width-fold (full-width digits, letters and brackets to half-width) and unify quotes and brackets."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


def label_key(text):
    """The form in which labels are compared: folded, no whitespace, "1、" as "1.", no trailing punctuation."""
    if text is None:
        return None
    key = _INVISIBLE.sub("", fold(text))
    key = _ITEM_NUMBER.sub(r"\1.", key)
    return _TRAILING_PUNCTUATION.sub("", key)


def label_variants(key):
    """Looser forms of a label key: without its numbering ("(一)", "1."), without a closing remark "(…)"."""
    bare = _NUMBERING.sub("", key)
    short = _REMARK.sub("", key)
    return [variant for variant in (bare, short, _REMARK.sub("", bare)) if variant and variant != key]


def plain_text(text):
    """Inline text as plain text: whitespace collapsed, none left between two Chinese characters.

    Word and CMS exports wrap long lines anywhere, which puts line breaks inside Chinese words.
    """
    text = re.sub(r"[\s\u00a0\u3000]+", " ", text).strip()
    return _SPACE_IN_CJK.sub("", text)


class LabelIndex:
    """Looks labels up by their key, then by a looser variant if that is unique."""

    def __init__(self, entries):
        self.exact, loose = {}, {}
        for value, label in entries:
            key = label_key(label)
            self.exact[key] = value
            for variant in label_variants(key):
                loose.setdefault(variant, set()).add(value)
        self.loose = {variant: values.pop() for variant, values in loose.items() if len(values) == 1}

    def get(self, key):
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        for variant in [key, *label_variants(key)]:
            if variant in self.loose:
                return self.loose[variant]
        return None


TABLE3_INDEX = LabelIndex(labels.TABLE3_ROWS)
TABLE2_INDEX = LabelIndex([(label, label) for label in dict.fromkeys(labels.TABLE2_2019_ROWS + tuple(row[1] for row in labels.TABLE2_ROWS))])
TABLE3_PATHS = [path for path, _label in labels.TABLE3_ROWS]
TABLE3_GROUPS = {path[:-1] for path in TABLE3_PATHS if len(path) > 1}
TABLE3_LABELS = dict(labels.TABLE3_ROWS)
TABLE3_COLUMN_KEYS = {label_key(label): label for label in labels.TABLE3_COLUMNS}
TABLE3_HEADER_KEYS = {label_key(word) for word in labels.TABLE3_HEADER_WORDS}
TABLE4_GROUP_KEYS = {label_key(label): key for key, label in labels.TABLE4_GROUPS}
TABLE4_COLUMN_KEYS = {label_key(label): key for key, label in labels.TABLE4_COLUMNS}
TABLE4_HEADER_KEYS = {label_key(word) for word in labels.TABLE4_HEADER_WORDS}
TABLE2_COLUMN_KEYS = {label_key(label): key for key, label in labels.TABLE2_COLUMNS}
TABLE2_2019_ONLY_KEYS = {label_key(word) for word in labels.TABLE2_2019_ONLY}
TABLE2_CAPTION = re.compile(labels.TABLE2_CAPTION_PATTERN)
TABLE2_HEADER_KEY = label_key(labels.TABLE2_HEADER)

# Cells that say "nothing" in words; kept as found (and flagged), but they are figures, not labels.
_NO_FIGURE = ("无", "-", "--", "—", "——", "―", "――")
_NUMBER = re.compile(r"(-?\d+)(\.\d+)?(?:件|个|项|次|万元)?")


def cell_value(text):
    """A cell as the JSON document keeps it: a number, or the text as found ("/", "" or other text)."""
    if text is None:
        return None
    compact = _INVISIBLE.sub("", fold(text))
    if compact in ("", "/"):
        return compact
    match = _NUMBER.fullmatch(compact.replace(",", ""))
    if match:
        return float(match[1] + match[2]) if match[2] else int(match[1])
    return plain_text(text)


def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_blank_or_number(value):
    return value is None or value in ("", "/") or is_number(value)


# ---------------------------------------------------------------------------------------------
# Reading files into a flow of paragraphs (str) and tables (list of rows of cell texts)


@dataclasses.dataclass
class Flow:
    blocks: list  # str for a paragraph, Table for a table
    title: str = ""  # a web page's <title>: the article's title, before any heading of the page (menus, lists)
    fallback_title: str = ""  # a DOCX's title property: often left over from last year's file, so read last


@dataclasses.dataclass
class Table:
    rows: list  # rows of cell texts, merged cells expanded; None where the file has no cell


# The national tables have at most 15 figure columns and 25 rows: wider grids are cut, and spans that
# would fill more than MAX_CELLS positions refused, so that a hostile file cannot make a huge grid.
MAX_COLUMNS = 64
MAX_CELLS = 500_000


def expand_spans(rows):
    """A grid from rows of (text, rowspan, colspan): a merged cell's text in every position it covers."""
    taken = {}
    width, budget = 0, MAX_CELLS
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            if c >= MAX_COLUMNS:
                break
            height, span = min(rowspan, len(rows) - r), min(colspan, MAX_COLUMNS - c)
            budget -= height * span
            if budget < 0:
                raise NotAnAnnualReport(_("A table of the file has more or larger merged cells than a report can have."))
            for dr in range(height):
                for dc in range(span):
                    taken.setdefault((r + dr, c + dc), text)
            c += colspan
            width = max(width, min(c, MAX_COLUMNS))
    return [[taken.get((r, c)) for c in range(width)] for r in range(len(rows))]


def _span(value):
    match = re.match(r"\s*(\d+)", value or "")
    # rowspan="0" (to the end of the table) is rare in reports; read it as 1. Bounded against hostile files.
    return min(max(int(match[1]), 1), 100) if match else 1


class _TableFrame:
    def __init__(self):
        self.rows, self.row, self.cell, self.flow, self.nested = [], None, None, [], False

    def close_cell(self):
        if self.cell is not None:
            if self.row is None:
                self.row = []
            parts, rowspan, colspan = self.cell
            self.row.append(("\n".join(parts), rowspan, colspan))
            self.cell = None

    def close_row(self):
        self.close_cell()
        if self.row is not None:
            self.rows.append(self.row)
            self.row = None


class _HtmlReader(HTMLParser):
    """HTML (a CMS page or Word's "save as web page") to a Flow.

    A table that holds other tables is page layout: its text joins the flow and its inner tables are
    read as tables. Word's markup (``<o:p>``, conditional comments, ``<xml>`` islands) is skipped.
    """

    BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
              "header", "footer", "nav", "blockquote", "pre", "hr", "center", "form", "caption", "thead", "tbody", "tfoot"}
    SKIPPED = {"script", "style", "xml", "noscript", "template", "select", "textarea", "object", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.flow, self.title, self.stack, self.text, self.skipping, self.in_title = [], "", [], [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED or self.skipping:
            self.skipping += tag in self.SKIPPED
            return
        if tag == "title":
            self.in_title = True
        elif tag == "table":
            self.flush()
            if self.stack:
                self.stack[-1].nested = True
            self.stack.append(_TableFrame())
        elif tag in ("tr", "td", "th") and self.stack:
            self.flush()
            frame = self.stack[-1]
            if tag == "tr":
                frame.close_row()
                frame.row = []
            else:
                frame.close_cell()
                attributes = dict(attrs)
                frame.cell = ([], _span(attributes.get("rowspan")), _span(attributes.get("colspan")))
        elif tag in self.BLOCKS:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS and not self.skipping:
            self.flush()

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= tag in self.SKIPPED
            return
        if tag == "title":
            self.in_title = False
        elif tag == "table" and self.stack:
            self.flush()
            self.close_table()
        elif tag in ("tr", "td", "th") and self.stack:
            self.flush()
            if tag == "tr":
                self.stack[-1].close_row()
            else:
                self.stack[-1].close_cell()
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.skipping:
            return
        if self.in_title:
            self.title += data
        else:
            self.text.append(data)

    def flush(self):
        text = plain_text("".join(self.text))
        self.text = []
        if not text:
            return
        if not self.stack:
            self.flow.append(text)
            return
        frame = self.stack[-1]
        if frame.cell is not None:
            frame.cell[0].append(text)
        frame.flow.append(text)

    def close_table(self):
        frame = self.stack.pop()
        frame.close_row()
        outer = self.stack[-1].flow if self.stack else self.flow
        if frame.nested:
            outer.extend(frame.flow)
        elif frame.rows:
            outer.append(Table(expand_spans(frame.rows)))

    def close(self):
        super().close()
        self.flush()
        while self.stack:
            self.close_table()


def read_html(text):
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    return Flow(reader.flow, plain_text(reader.title))


def decode_html(data):
    """Bytes of a web page as text: UTF-8 if it is valid UTF-8, else the declared charset, else GB18030.

    Government pages and Word exports are often GB2312/GBK; GB18030 reads both.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    charset = declared[1].decode("ascii").lower() if declared else "gb18030"
    # GB18030 reads GB2312 and GBK; a page that says UTF-8 but is not is most likely GBK.
    if charset.replace("-", "") in ("gb2312", "gbk", "gb18030", "cp936", "utf8"):
        charset = "gb18030"
    try:
        return data.decode(charset, "replace")
    except LookupError:
        return data.decode("gb18030", "replace")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(element):
    return "\n".join(Paragraph(p, None).text for p in element.iter(f"{_W}p"))


def _docx_table(tbl):
    """A DOCX table as a grid: gridSpan repeats a cell across, vMerge="continue" repeats the cell above."""
    grid = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        row = [None] * _docx_int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for tc in tr.iterchildren(f"{_W}tc"):
            if len(row) >= MAX_COLUMNS:
                break
            span = _docx_int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1)
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                above = grid[-1] if grid else []
                text = above[len(row)] if len(row) < len(above) else ""
            else:
                text = _docx_text(tc)
            row.extend([text] * span)
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    return Table([row + [None] * (width - len(row)) for row in grid])


def _docx_int(element, default):
    if element is None:
        return default
    match = re.match(r"\d+", element.get(f"{_W}val", ""))
    return min(max(int(match[0]), 1), MAX_COLUMNS) if match else default


def _docx_blocks(container, flow):
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            text = plain_text(Paragraph(child, None).text)
            if text:
                flow.append(text)
        elif child.tag == f"{_W}tbl":
            flow.append(_docx_table(child))
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _docx_blocks(child, flow)


def read_docx(data):
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NotAnAnnualReport(_("The Word file cannot be read: %(error)s") % {"error": error}) from error
    blocks = []
    _docx_blocks(document.element.body, blocks)
    return Flow(blocks, fallback_title=plain_text(document.core_properties.title or ""))


def read_flow(data):
    """The file's bytes as a Flow, by content (not by file name)."""
    if not data.strip():
        raise NotAnAnnualReport(_("The file is empty."))
    if data.startswith(b"%PDF"):
        raise NotAnAnnualReport(_("PDF files cannot be imported: import the report's web page (HTML) or its Word file (DOCX)."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAnAnnualReport(_("Old Word files (.doc) cannot be imported: save the file as .docx in Word, then import it."))
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as error:
            raise NotAnAnnualReport(_("The file looks like a ZIP archive but cannot be opened.")) from error
        if "word/document.xml" not in names:
            raise NotAnAnnualReport(_("The file is an archive but not a Word document (DOCX)."))
        return read_docx(data)
    return read_html(decode_html(data))


# ---------------------------------------------------------------------------------------------
# Finding the report's parts in the flow


def finding(rule, severity, message, *, table=None, row=None, column=None):
    return {"rule": rule, "severity": severity, "table": table, "row": row, "column": column,
            "expected": None, "found": None, "message": message}


_HEADING = re.compile(r"^([一二三四五六])[、.,]")
# The end of the report on a web page: the site's footer and page tools.
_PAGE_FOOTER = re.compile(r"版权所有|主办单位|主办[:：]|承办[:：]|ICP备|网站标识码|公网安备|网站地图|打印本页|关闭窗口|【打印】|【关闭】|分享到")


def section_of(text):
    """The section a heading paragraph opens (its index in SECTION_HEADINGS), or None."""
    key = label_key(text)
    match = _HEADING.match(key or "")
    if not match or len(key) > 40:
        return None
    for index, (numeral, _key, words) in enumerate(labels.SECTION_HEADINGS):
        if match[1] == numeral and any(word in key for word in words):
            return index
    return None


def read_sections(blocks):
    """The headings found, and the text of 一, 五 and 六 (paragraphs up to the next heading)."""
    found, texts, current = set(), {}, None
    for block in blocks:
        if not isinstance(block, str):
            continue
        index = section_of(block)
        if index is not None:
            found.add(index)
            current = labels.SECTION_HEADINGS[index][1]
            texts.setdefault(current, [])
        elif _PAGE_FOOTER.search(block):
            current = None
        elif current is not None:
            texts[current].append(block)
    sections = {key: "\n".join(texts.get(key, [])) for _numeral, key, _words in labels.SECTION_HEADINGS if key}
    return found, sections


_TITLE = re.compile(r"(?P<org>[^\s_|–—-]*?)(?:关于)?(?P<year>\d{4})年度?(?P<org2>[^\s_|–—-]*?)(?:政府)?信息公开(?:工作)?(?:年度)?报告")
_PERIOD = re.compile(r"统计(?:期限|时限|区间|时间)?(?:为|是|从|:|：)?(\d{4})年1月1日(?:起)?(?:至|到|-|—)(?:(\d{4})年)?12月31日")


def read_title(flow):
    """(organisation name, year in the title) from the page title, else the first paragraphs."""
    for text in [flow.title, *[block for block in flow.blocks[:60] if isinstance(block, str)], flow.fallback_title]:
        match = _TITLE.search(_INVISIBLE.sub("", text.translate(_DIGITS)))
        if match:
            return (match["org"] or match["org2"]).strip(), int(match["year"])
    return "", None


def read_period(blocks):
    """The statistics year stated as "统计期限为X年1月1日至12月31日", if the report says so."""
    for block in blocks:
        if isinstance(block, str) and "统计" in block:
            match = _PERIOD.search(_INVISIBLE.sub("", fold(block)))
            if match:
                return int(match[1])
    return None


# ---------------------------------------------------------------------------------------------
# Reading the tables: every row of every grid, in document order, matched by its label


@dataclasses.dataclass
class Table2Block:
    """One block of 表二 as printed: its caption (第二十条第（X）项), column headings and rows."""

    caption: str | None
    columns: dict = dataclasses.field(default_factory=dict)  # grid column → heading text
    rows: list = dataclasses.field(default_factory=list)  # (label as printed, {grid column → cell text})


@dataclasses.dataclass
class TableRows:
    """What the rows of the report's tables said, before the document is assembled."""

    table2: list = dataclasses.field(default_factory=list)  # Table2Block
    table3: dict = dataclasses.field(default_factory=dict)  # row path → [7 cell texts or None]
    table3_group_rows: list = dataclasses.field(default_factory=list)  # (path, cells) of merged headers with numbers
    table4: dict | None = None  # (group, column) → cell text
    findings: list = dataclasses.field(default_factory=list)


class _TableReader:
    """Goes through the rows of all grids in order, keeping the state of each table.

    A table split over two ``<table>`` elements, with or without its header repeated, reads as one:
    rows are known by their labels, and columns by the grid's own header or else by position.
    """

    def __init__(self):
        self.result = TableRows()
        self.table3_columns = None  # (grid width, {grid column: column index 0–6})
        self.table3_header_open = False
        self.table4_columns = None  # (grid width, {grid column: (group, column)})
        self.table4_header_open = False
        self.table4_waiting = False
        self.block = None

    def read(self, table):
        # Column headings hold within their own grid: a continuation without its header is read by position.
        self.table3_columns = self.table4_columns = None
        self.table3_header_open = self.table4_header_open = False
        for row in table.rows:
            if any(cell and cell.strip() for cell in row):
                self.read_row(row, [label_key(cell) for cell in row])
            else:
                self.table3_header_open = self.table4_header_open = False
        return self.result

    def read_row(self, row, keys):
        if TABLE3_HEADER_KEYS.intersection(keys):
            return self.table3_header(row, keys)
        self.table3_header_open = False
        if TABLE4_HEADER_KEYS.intersection(keys):
            return self.table4_header(row, keys)
        self.table4_header_open = False
        caption = next((cell for cell, key in zip(row, keys, strict=True) if key and TABLE2_CAPTION.match(key)), None)
        if caption is not None:
            self.block = Table2Block(plain_text(caption))
            self.result.table2.append(self.block)
        if TABLE2_HEADER_KEY in keys:
            return self.table2_header(row, keys)
        if caption is not None:
            return None
        position, kind, value = self.label_of(keys)
        unknown = self.unknown_label(row, keys, position)
        if kind == "table3" and unknown is None:
            return self.table3_row(row, position, value)
        if kind == "table2" and unknown is None:
            return self.table2_row(row, position)
        values = [cell_value(cell) for cell in row if cell is not None]
        if self.table4_waiting and unknown is None and len(values) >= 5 and all(is_blank_or_number(v) for v in values):
            return self.table4_row(row)
        if any(is_number(value) for value in values):
            self.result.findings.append(finding("IMPORT", "warning", _(
                "A table row was not recognised and its figures were not imported: “%(label)s” (%(cells)s).")
                % {"label": unknown or "—", "cells": "、".join(plain_text(cell) for cell in row if cell is not None)}))
        return None

    @staticmethod
    def unknown_label(row, keys, position):
        """The text of a label cell right of the recognised one (or of any, if none is), up to the figures.

        "（三）不予公开 | 2.重复提交申请 | 1 | 0 …" is not a row of （三）: its own label is unknown.
        """
        start = 0 if position is None else position + 1
        unknown = None
        for column in range(start, len(row)):
            value = cell_value(row[column])
            if is_blank_or_number(value) or value in _NO_FIGURE:
                break
            if position is None or keys[column] != keys[position]:
                unknown = plain_text(row[column])
        return unknown

    @staticmethod
    def label_of(keys):
        """(position, table, path or label) of the rightmost cell that is a row label: the most specific one."""
        for position in range(len(keys) - 1, -1, -1):
            path = TABLE3_INDEX.get(keys[position])
            if path is not None:
                return position, "table3", path
            label = TABLE2_INDEX.get(keys[position])
            if label is not None:
                return position, "table2", label
        return None, None, None

    def table3_header(self, row, keys):
        if not self.table3_header_open:
            self.table3_columns = (len(row), {})
            self.table3_header_open = True
        for column, key in enumerate(keys):
            if key in TABLE3_COLUMN_KEYS:
                self.table3_columns[1][column] = labels.TABLE3_COLUMNS.index(TABLE3_COLUMN_KEYS[key])

    def table3_row(self, row, position, path):
        cells = self.columns_of(row, position, self.table3_columns, len(labels.TABLE3_COLUMNS))
        if path in TABLE3_GROUPS:
            if any(cell is not None and cell.strip() for cell in cells):
                self.result.table3_group_rows.append((path, cells))
        elif path in self.result.table3:
            self.result.findings.append(finding("IMPORT", "warning", _(
                "Table 三 has the row “%(label)s” twice; the first one was imported.") % {"label": TABLE3_LABELS[path]},
                table="table3", row=path[-1]))
        else:
            self.result.table3[path] = cells

    def columns_of(self, row, position, headings, count):
        """The cells of a row in the table's column order: by the header's columns, else all cells after the label."""
        if headings and headings[0] == len(row) and len(set(headings[1].values())) == count:
            cells = [None] * count
            for column, index in headings[1].items():
                if column > position and cells[index] is None:
                    cells[index] = row[column]
            return cells
        values = row[position + 1:]
        while values and values[-1] is None:
            values.pop()
        return values if len(values) == count else [None] * count

    def table4_header(self, row, keys):
        if not self.table4_header_open:
            self.table4_columns = (len(row), {})
            self.table4_header_open = True
        columns = self.table4_columns[1]
        for column, key in enumerate(keys):
            group, measure = TABLE4_GROUP_KEYS.get(key), TABLE4_COLUMN_KEYS.get(key)
            previous = columns.get(column, (None, None))
            columns[column] = (group or previous[0], measure or previous[1])
        self.table4_waiting = self.result.table4 is None

    def table4_row(self, row):
        self.table4_waiting = False
        cells = {}
        headings = self.table4_columns
        if headings and headings[0] == len(row):
            for column, (group, measure) in headings[1].items():
                if group and measure:
                    cells.setdefault((group, measure), row[column])
        if len(cells) != len(labels.TABLE4_GROUPS) * len(labels.TABLE4_COLUMNS):
            values = [cell for cell in row if cell is not None]
            if len(values) != len(labels.TABLE4_GROUPS) * len(labels.TABLE4_COLUMNS):
                self.result.findings.append(finding("IMPORT", "warning", _(
                    "The columns of table 四 could not be told apart; its figures were not imported."), table="table4"))
                return
            pairs = [(group, measure) for group, _label in labels.TABLE4_GROUPS for measure, _label2 in labels.TABLE4_COLUMNS]
            cells = dict(zip(pairs, values, strict=True))
        self.result.table4 = cells

    def table2_header(self, row, keys):
        if self.block is None:
            self.block = Table2Block(None)
            self.result.table2.append(self.block)
        start = keys.index(TABLE2_HEADER_KEY)
        self.block.columns = {column: plain_text(row[column]) for column in range(start + 1, len(row)) if row[column] is not None}

    def table2_row(self, row, position):
        if self.block is None:
            self.block = Table2Block(None)
            self.result.table2.append(self.block)
        cells = {column: row[column] for column in range(position + 1, len(row)) if row[column] is not None}
        self.block.rows.append((plain_text(row[position]), cells))


def read_tables(tables):
    reader = _TableReader()
    for table in tables:
        reader.read(table)
    return reader.result


# ---------------------------------------------------------------------------------------------
# The JSON document

TABLE2_KEYS = {label_key(label): key for key, label, _measures in labels.TABLE2_ROWS}
OTHER_HANDLING = ("results", "other_handling")


def detect_format(rows):
    """"2019" for the trial format of 国办公开办函〔2019〕60号, else "2021" (国办公开办函〔2021〕30号).

    The 2019 format is told by its table 二 (other rows and columns, 第二十条第（九）项) or by （六）其他处理
    carrying figures on one row, without the three rows of 2021.
    """
    for block in rows.table2:
        keys = {label_key(label) for label, _cells in block.rows} | {label_key(text) for text in block.columns.values()}
        if keys & TABLE2_2019_ONLY_KEYS or (block.caption and TABLE2_CAPTION.match(label_key(block.caption))[1] == "九"):
            return "2019"
    single_other_row = any(path == OTHER_HANDLING for path, _cells in rows.table3_group_rows)
    if single_other_row and not any(path[:2] == OTHER_HANDLING and len(path) == 3 for path in rows.table3):
        return "2019"
    return "2021"


def _put(tree, path, value):
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def table_name(table):
    return {"table2": _("Table 二"), "table2_2019": _("Table 二 (2019 format)"), "table3": _("Table 三"), "table4": _("Table 四")}[table]


def build_table3(rows, report_format, findings):
    table, found_any = {}, bool(rows.table3 or rows.table3_group_rows)
    groups = dict(rows.table3_group_rows)
    for path, label in labels.TABLE3_ROWS:
        if report_format == "2019" and path[:2] == OTHER_HANDLING:
            if path != OTHER_HANDLING:
                continue
            cells = groups.pop(path, None)
        elif path in TABLE3_GROUPS:
            continue
        else:
            cells = rows.table3.get(path)
        if cells is None:
            cells = [None] * len(labels.TABLE3_COLUMNS)
            if found_any:
                findings.append(finding("IMPORT", "warning", _("Table 三 has no row “%(label)s”.") % {"label": label},
                                        table="table3", row=path[-1]))
        _put(table, path, [cell_value(cell) for cell in cells])
    for path in groups:
        findings.append(finding("IMPORT", "warning", _(
            "Table 三: the merged row “%(label)s” has figures of its own (a subtotal the national table does not have); "
            "they were not imported.") % {"label": TABLE3_LABELS[path]}, table="table3", row=path[-1]))
    if not found_any:
        findings.append(finding("IMPORT", "warning", _("Table 三 (收到和处理政府信息公开申请情况) was not found."), table="table3"))
    return table


def _column_groups(block, cells):
    """[(heading, first grid column)]: columns under one merged heading count once, as printed."""
    if not block.columns:
        return [(None, column) for column in sorted(cells)]
    groups = []
    for column in sorted(block.columns):
        if not groups or block.columns[column] != groups[-1][0]:
            groups.append((block.columns[column], column))
    return groups


def build_table2(blocks, findings):
    table = {key: dict.fromkeys(measures) for key, _label, measures in labels.TABLE2_ROWS}
    seen = set()
    for block in blocks:
        for printed, cells in block.rows:
            label = TABLE2_INDEX.get(label_key(printed))
            key = TABLE2_KEYS.get(label_key(label)) if label else None
            if key is None or key in seen:
                findings.append(finding("IMPORT", "warning", _("Table 二: the row “%(label)s” was not imported.") % {"label": printed},
                                        table="table2"))
                continue
            seen.add(key)
            groups = _column_groups(block, cells)
            by_heading = {TABLE2_COLUMN_KEYS.get(label_key(heading)): column for heading, column in reversed(groups) if heading}
            for position, measure in enumerate(table[key]):
                column = by_heading.get(measure)
                if column is None and position < len(groups):
                    column = groups[position][1]
                table[key][measure] = cell_value(cells.get(column))
    missing = [label for key, label, _measures in labels.TABLE2_ROWS if key not in seen]
    if len(missing) == len(labels.TABLE2_ROWS):
        findings.append(finding("IMPORT", "warning", _("Table 二 (主动公开政府信息情况) was not found."), table="table2"))
    else:
        for label in missing:
            findings.append(finding("IMPORT", "warning", _("Table 二 has no row “%(label)s”.") % {"label": label}, table="table2"))
    return table


def build_table2_2019(blocks, findings):
    """Table 二 of the 2019 format, as printed: its blocks, their column headings and rows."""
    printed = []
    for block in blocks:
        columns = _column_groups(block, {column for _label, cells in block.rows for column in cells})
        rows = []
        for label, cells in block.rows:
            values = [cell_value(cells.get(column)) for _heading, column in columns]
            rows.append({"label": label, "values": values})
        printed.append({"caption": block.caption, "columns": [heading for heading, _column in columns], "rows": rows})
    return printed


def build_table4(cells, findings):
    table = {}
    for group, group_label in labels.TABLE4_GROUPS:
        table[group] = {}
        for measure, label in labels.TABLE4_COLUMNS:
            table[group][measure] = cell_value((cells or {}).get((group, measure)))
    if cells is None:
        findings.append(finding("IMPORT", "warning", _("Table 四 (政府信息公开行政复议、行政诉讼情况) was not found."), table="table4"))
    return table


def build_document(flow):
    """The JSON document of a report read into a Flow; NotAnAnnualReport if it is none."""
    rows = read_tables([block for block in flow.blocks if isinstance(block, Table)])
    headings, sections = read_sections(flow.blocks)
    has_tables = len(rows.table3) >= 3 or rows.table4 is not None or sum(1 for block in rows.table2 if block.caption) >= 2
    if not has_tables and len(headings) < 3:
        raise NotAnAnnualReport(_(
            "This file is not an annual report on government information disclosure (政府信息公开工作年度报告): "
            "it has neither the report's tables nor its section headings."))
    findings = []
    report_format = detect_format(rows)
    organisation, title_year = read_title(flow)
    period_year = read_period(flow.blocks)
    if report_format == "2019":
        findings.append(finding("FORMAT", "warning", _(
            "The report uses the 2019 trial format (国办公开办函〔2019〕60号). A draft takes the figures that have a place "
            "in the tables of 国办公开办函〔2021〕30号; the figures listed below have none and are not imported.")))
    if not has_tables:
        findings.append(finding("IMPORT", "warning", _(
            "The report's tables were not found (they may be images); only its text was imported.")))
    findings.extend(_heading_findings(headings))
    findings.extend(_title_findings(organisation, title_year, period_year))
    document = {
        "schema": labels.SCHEMA,
        "format": report_format,
        "year": period_year or title_year,
        "organisation": {"name": organisation, "code": None},
        "published": None,
        "sections": sections,
    }
    if report_format == "2019":
        document["table2"] = None
        document["table2_2019"] = build_table2_2019(rows.table2, findings)
    else:
        document["table2"] = build_table2(rows.table2, findings)
    document["table3"] = build_table3(rows, report_format, findings)
    document["table4"] = build_table4(rows.table4, findings)
    report = document_report(document)
    if report_format == "2019":
        _converted, unmapped, notes = to_2021(report)
        findings += [finding("FORMAT", "warning", item.message, table=item.table, row=item.row, column=item.column) for item in unmapped]
        findings += [finding("FORMAT", "warning", note) for note in notes]
    document["findings"] = findings + rows.findings + [item.as_dict() for item in check(report)]
    return document


def table2_2019_as_keyed(printed):
    """A 2019 document's table 二 as printed (blocks of rows) in the keyed shape of
    ``rules.annual_report.tables.TABLE2_2019`` (what ``rules.annual_report.formats.to_2021`` reads); cells the file does not have are None."""
    table = TABLE2_2019
    keyed = {row.key: dict.fromkeys((column.key for column in row.columns), None) for row in table.rows}
    rows = {label_key(row.label): row for row in table.rows}
    for block in printed or []:
        for line in block["rows"]:
            row = rows.get(label_key(line["label"]))
            if row is None:
                continue
            headings = {label_key(column.label): column for column in row.columns}
            for heading, value in zip(block["columns"], line["values"], strict=False):
                column = headings.get(label_key(heading or ""))
                if column is not None:
                    keyed[row.key][column.key] = value
    return keyed


def document_report(document):
    """The ``rules.annual_report.Report`` of an imported document, so that the shared checks (ALL-FILL,
    ALL-INT, T3-BAL …) read it as they read a page."""
    data = dict(document)
    if document["format"] == "2019":
        data["table2_2019"] = table2_2019_as_keyed(document.get("table2_2019"))
    tables = read_report_tables(data)
    return Report(year=document["year"] or 0, format=document["format"], organisation_name=document["organisation"]["name"] or "",
                  sections=dict(document["sections"]), **tables)


def _heading_findings(headings):
    for index, (numeral, key, words) in enumerate(labels.SECTION_HEADINGS):
        if key and index not in headings:
            yield finding("IMPORT", "warning", _("The heading of section %(numeral)s (%(words)s) was not found; the section is empty.")
                          % {"numeral": numeral, "words": words[0]})


def _title_findings(organisation, title_year, period_year):
    if not organisation:
        yield finding("IMPORT", "warning", _("The organisation's name was not found in the report's title."))
    if title_year is None and period_year is None:
        yield finding("IMPORT", "warning", _("The year of the statistics was not found in the title nor in the report."))
    elif title_year and period_year and title_year != period_year:
        yield finding("IMPORT", "warning", _(
            "The title names the year %(title)s but the statistics cover %(period)s; %(period)s was taken.")
            % {"title": title_year, "period": period_year})


def read_annual_report(source):
    """The JSON document (a dict) of a report: ``source`` is a path, bytes or a binary file."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
    else:
        try:
            data = pathlib.Path(source).read_bytes()
        except OSError as error:
            raise NotAnAnnualReport(_("The file cannot be read: %(error)s") % {"error": error.strerror or error}) from error
    return build_document(read_flow(data))


# ---------------------------------------------------------------------------------------------
# The import: read, then (with the page type) create a draft


@dataclasses.dataclass
class AnnualReportImport:
    """The outcome of an import: the JSON document, and the draft page once one is created."""

    document: dict
    check_only: bool = True
    page: object = None

    def cell_counts(self):
        counts = {"numbers": 0, "slashes": 0, "empty": 0, "text": 0, "missing": 0}
        for value in _table_cells(self.document):
            if value is None:
                counts["missing"] += 1
            elif is_number(value):
                counts["numbers"] += 1
            else:
                counts[{"/": "slashes", "": "empty"}.get(value, "text")] += 1
        return counts

    def summary(self):
        """Lines for a person, in the active language."""
        document = self.document
        report_format = (_("the 2019 trial format (国办公开办函〔2019〕60号)") if document["format"] == "2019"
                         else _("the 2021 format (国办公开办函〔2021〕30号)"))
        lines = [
            _("Annual report of %(organisation)s for %(year)s, in %(format)s.") % {
                "organisation": document["organisation"]["name"] or _("(organisation not found)"),
                "year": document["year"] or _("(year not found)"), "format": report_format},
            _("Table cells: %(numbers)s numbers, %(slashes)s “/”, %(empty)s empty, %(text)s other text, %(missing)s missing.")
            % self.cell_counts(),
            _("Sections: 一 %(overview)s characters, 五 %(problems)s, 六 %(other)s.")
            % {key: len(text) for key, text in document["sections"].items()},
        ]
        findings = document["findings"]
        unmapped = sum(1 for item in findings if item.get("rule") == "FORMAT" and item.get("table") == "table2_2019")
        if document["format"] == "2019":
            lines.append(_(
                "The draft will have the 2021 tables: %(count)s figures of the 2019 format have no place there; they are "
                "listed below and kept in the draft's note “figures not carried over”.") % {"count": unmapped})
        if findings:
            lines.append(_("Findings: %(count)s") % {"count": len(findings)})
            lines.extend(f"  [{item['rule']}] {item['message']}" for item in findings)
        if self.check_only:
            lines.append(_("Checked only: nothing was created."))
        elif self.page is not None:
            lines.append(_("Draft created: “%(title)s” (page %(id)s), to be corrected and submitted for review.")
                         % {"title": self.page.title, "id": self.page.pk})
        return lines


def _cells(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _cells(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cells(item)
    else:
        yield value


def _table_cells(document):
    for key in ("table2", "table3", "table4"):
        yield from _cells(document.get(key) or {})
    for block in document.get("table2_2019") or []:
        for row in block["rows"]:
            yield from row["values"]


def import_annual_report(source, *, check_only=True, parent=None, organisation=None, user=None):
    """Read a report and, unless ``check_only``, create a draft annual report page under ``parent``.

    Raises NotAnAnnualReport for a file that is not one, or when no draft can be created (with why).
    """
    result = AnnualReportImport(read_annual_report(source), check_only=check_only)
    if not check_only:
        result.page = create_draft(result.document, parent, organisation=organisation, user=user)
    return result


def annual_report_index(parent=None):
    """The index page to create a draft under: ``parent`` (a page, its id or its URL path), by default the
    site's only annual-report index. NotAnAnnualReport with the reason if there is none (or several)."""
    if isinstance(parent, Page):
        page = parent
    elif parent in (None, ""):
        indexes = list(AnnualReportIndexPage.objects.all()[:2])
        if len(indexes) != 1:
            raise NotAnAnnualReport(_("Say which annual report index to create the draft under (--parent): the site has %(count)s.")
                                    % {"count": AnnualReportIndexPage.objects.count()})
        return indexes[0]
    elif str(parent).isdigit():
        page = Page.objects.filter(pk=int(parent)).first()
    else:
        path = "/" + str(parent).strip("/") + "/" if str(parent).strip("/") else "/"
        page = next((item for item in Page.objects.filter(url_path__endswith=path) if item.url_path.endswith(path)), None)
    page = page.specific if page is not None else None
    if not isinstance(page, AnnualReportIndexPage):
        raise NotAnAnnualReport(_("“%(parent)s” is not an annual report index page.") % {"parent": parent})
    return page


def find_organisation(document, organisation=None):
    """The organisation of the draft: ``organisation`` (a name or code) if given, else the report's title's."""
    wanted = organisation or document["organisation"]["name"]
    if wanted:
        found = Organisation.objects.filter(Q(name=wanted) | Q(code=str(wanted).upper()) | Q(short_name=wanted)).first()
        if found is not None:
            return found
    raise NotAnAnnualReport(_("No organisation named “%(name)s”: add it under Disclosure › Organisations, or name one with --organisation.")
                            % {"name": wanted or "-"})


def _html(text):
    return "".join(format_html("<p>{}</p>", line) for line in (text or "").splitlines() if line.strip())


def create_draft(document, parent=None, *, organisation=None, user=None):
    """A draft annual report page for ``document`` under ``parent`` (see ``annual_report_index``).

    Cells are kept as found ("/" or empty cells are ALL-FILL errors in the editor, to be corrected there);
    a 2019-format report's figures go into the 2021 tables (``rules.annual_report.formats.to_2021``: cells
    without a 2019 figure left empty), and those without a place there into ``conversion_note``. Refused
    (NotAnAnnualReport) without a year, an organisation, or when the organisation has a report on that
    year already.
    """
    index = annual_report_index(parent)
    organisation = find_organisation(document, organisation)
    if not document.get("year"):
        raise NotAnAnnualReport(_("The report's year was not found: nothing was created."))
    report, unmapped, _notes = to_2021(document_report(document))
    level = OrganisationLevel.GOVERNMENT if Organisation.objects.filter(parent=organisation).exists() else OrganisationLevel.DEPARTMENT
    page = AnnualReportPage(
        title=TITLE.format(organisation=organisation.name, year=report.year), live=False, organisation=organisation, year=report.year,
        organisation_level=level, tables=tables_document(report), overview=_html(report.sections["overview"]),
        problems=_html(report.sections["problems"]), other=_html(report.sections["other"]), owner=user,
        signing_organisation=organisation.name, conversion_note=unmapped_note(unmapped),
    )  # fmt: skip
    page.slug = f"{report.year}-{organisation.code}".lower()
    try:
        page.locale = index.locale
        page.clean()  # the same rule as the editor's: one report per organisation and year
    except ValidationError as error:
        raise NotAnAnnualReport(" ".join(error.messages)) from None
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page
