"""Pre-publication scan (发布前预检): what a page would publish that usually must not be published.

``scan_page(page)`` collects the text a page publishes and runs ``rules.sensitive_data`` over it.
It returns the findings, which the confidentiality reviewer acknowledges one by one, and notices
for what could not be scanned (a password-protected PDF, a scanned image, a legacy .doc file …),
which the reviewer has to check by hand. Nothing here raises for a bad file.

What is scanned, for any page type (the page's own model, including inherited fields):

* every editable text field — ``CharField`` (title, seo_title …), ``TextField``
  (search_description, summary …), ``RichTextField`` (HTML turned into text, plus the addresses
  of its external links, since ``mailto:`` and ``tel:`` links publish addresses that the link
  text may not show) and ``StreamField`` (its searchable text);
* except fields that are never published: the page type's declared ``internal_fields``
  (``page_declarations``), non-editable fields (system values such as the 索引号 and the search
  text), slugs, fields with choices and the tree's ``path``. On a catalogue entry that leaves
  title, seo_title, search_description, summary, document_number (发文字号), keywords (主题词)
  and body;
* the documents the page publishes: its ``attachments`` (their title shown on the page, their
  file name, and the text in the file) and documents linked from rich text.

Text is extracted from PDF (``pypdf``, page by page), DOCX (the XML in the zip: body, headers,
footers, footnotes, endnotes, comments, tracked deletions and external link targets — all of
them are in the downloadable file), XLSX (``openpyxl``, every worksheet, cell by cell) and plain
text (UTF-8, else GB 18030) or HTML files. Files larger than ``MAX_FILE_BYTES``, zips that unpack
to more than ``MAX_UNPACKED_BYTES``, XML with a DTD, PDFs beyond ``MAX_PDF_PAGES`` and text beyond
``MAX_TEXT_CHARS`` are not (or only partly) scanned, and say so in a notice. So do other formats
(.doc, .xls and .wps, OFD, images, presentations): there is no OCR and no legacy Office reader.

A finding's ``location`` is a stable key (``field:body``, ``document:12:page:3``) used in its
fingerprint; its ``location_label`` is what the reviewer reads (正文, 附件：通知.pdf，第3页, or a
spreadsheet cell), translated when shown.

Fingerprints are keyed with a key derived from ``SECRET_KEY`` (see ``rules.sensitive_data``): a
new ``SECRET_KEY`` changes them, so acknowledgements given before must be given again.
"""

import bisect
import dataclasses
import hashlib
import io
import logging
import re
import typing
import warnings
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField

from .page_declarations import internal_fields
from .rules.sensitive_data import find_sensitive_data

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 300
MAX_TEXT_CHARS = 2_000_000

# The page tree's own ``path`` is a run of digits, not content.
EXCLUDED_FIELDS = frozenset({"path"})

TEXT_EXTENSIONS = frozenset({"txt", "csv", "tsv", "md", "json", "xml"})
HTML_EXTENSIONS = frozenset({"htm", "html"})


def _interpolate(template, params):
    return str(template) % {name: str(value) for name, value in params.items()}


# A translatable message with parameters, translated when shown (so in the reader's language).
interpolate_lazy = lazy(_interpolate, str)


class NoticeCode:
    MISSING = "missing"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"
    NO_TEXT = "no_text"
    TRUNCATED = "truncated"
    PARTLY_UNREADABLE = "partly_unreadable"


@dataclasses.dataclass(frozen=True)
class Notice:
    """Something that could not be scanned and must be checked by hand."""

    id: str
    code: str
    location: str
    location_label: object
    message: object

    def as_dict(self):
        return {
            "id": self.id,
            "code": self.code,
            "location": self.location,
            "location_label": str(self.location_label),
            "message": str(self.message),
        }


class ScanResult(typing.NamedTuple):
    findings: list
    notices: list


def _notice(code, location, label, message):
    digest = hashlib.sha256(f"{code}\x1f{location}".encode()).hexdigest()
    return Notice(digest, code, location, label, message)


def fingerprint_key():
    return hashlib.sha256(b"wagtail_disclosure.prescan\x1f" + settings.SECRET_KEY.encode()).digest()


# --- rich text ----------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "hr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "blockquote", "pre"}
)


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self.document_ids = [], [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a":
            if attrs.get("linktype") == "document" and (attrs.get("id") or "").isdigit():
                self.document_ids.append(int(attrs["id"]))
            elif attrs.get("href"):
                self.links.append(attrs["href"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


_NEWLINES_RE = re.compile(r"[ \t]*\n[\s]*")


def html_to_text(html):
    """``(text, link addresses, ids of linked documents)`` of (Wagtail database) HTML."""
    parser = _HTMLText()
    parser.feed(html or "")
    parser.close()
    text = _NEWLINES_RE.sub("\n", "".join(parser.parts)).strip()
    return text, parser.links, parser.document_ids


# --- page fields --------------------------------------------------------------------------------


@dataclasses.dataclass
class _Segment:
    location: str
    label: object
    text: str
    labeller: typing.Callable | None = None  # offset -> a more precise label (spreadsheet cells)


def scanned_fields(model):
    """The fields of a page model (or page) whose text is scanned, in model order."""
    model = model if isinstance(model, type) else type(model)
    excluded = EXCLUDED_FIELDS | internal_fields(model)
    for field in model._meta.concrete_fields:
        if field.name in excluded or not field.editable or field.choices or isinstance(field, models.SlugField):
            continue
        if isinstance(field, (StreamField, models.CharField, models.TextField)):
            yield field


def _field_segments(page, linked_documents):
    for field in scanned_fields(page):
        value = getattr(page, field.name)
        if value is None or value == "":
            continue
        label = capfirst(field.verbose_name)
        location = f"field:{field.name}"
        if isinstance(field, StreamField):
            yield _Segment(location, label, "\n".join(str(s) for s in field.stream_block.get_searchable_content(value)))
        elif isinstance(field, RichTextField):
            text, links, document_ids = html_to_text(value)
            yield _Segment(location, label, text)
            if links:
                yield _Segment(f"{location}:links", interpolate_lazy(_("%(field)s, link addresses"), {"field": label}), "\n".join(links))
            linked_documents.extend(document_ids)
        else:
            yield _Segment(location, label, str(value))


def _page_documents(page, linked_document_ids):
    """``(document, title shown on the page or None, is an attachment)`` without repeats."""
    seen = set()
    attachments = getattr(page, "attachments", None)
    if attachments is not None and hasattr(attachments, "all"):
        for item in attachments.all():
            try:
                document = getattr(item, "document", None)
            except ObjectDoesNotExist:
                continue
            if document is not None and document.pk not in seen:
                seen.add(document.pk)
                title = getattr(item, "display_title", None) or getattr(item, "title", "") or document.title
                yield document, title, True
    remaining = [pk for pk in dict.fromkeys(linked_document_ids) if pk not in seen]
    if remaining:
        documents = get_document_model().objects.in_bulk(remaining)
        for pk in remaining:
            if pk in documents:
                yield documents[pk], None, False


# --- documents ----------------------------------------------------------------------------------


class _Unscannable(Exception):
    def __init__(self, code, message):
        super().__init__(code)
        self.code, self.message = code, message


@dataclasses.dataclass
class _Part:
    suffix: str  # appended to the document's location
    label: object  # e.g. "page 3"; None for the whole file
    text: str
    labeller: typing.Callable | None = None


class _Extraction:
    def __init__(self):
        self.parts, self.problems, self.characters = [], [], 0

    def add(self, suffix, label, text, labeller=None):
        text = text or ""
        if self.characters + len(text) > MAX_TEXT_CHARS:
            text = text[: max(0, MAX_TEXT_CHARS - self.characters)]
            self.truncate()
        self.characters += len(text)
        if text.strip():
            self.parts.append(_Part(suffix, label, text, labeller))

    @property
    def full(self):
        return self.characters >= MAX_TEXT_CHARS

    def truncate(self):
        message = interpolate_lazy(_("Only the first %(characters)s characters were scanned. Check the rest by hand."), {"characters": MAX_TEXT_CHARS})
        if not any(code == NoticeCode.TRUNCATED for code, _message in self.problems):
            self.problems.append((NoticeCode.TRUNCATED, message))


def _unreadable():
    return _Unscannable(NoticeCode.UNREADABLE, _("The file could not be read (it may be damaged), so it was not scanned. Check it by hand."))


def _unsupported(kind):
    return _Unscannable(
        NoticeCode.UNSUPPORTED, interpolate_lazy(_("Files of this type (%(type)s) cannot be scanned. Check it by hand."), {"type": kind})
    )


def _extract_pdf(data):
    try:
        from pypdf import PdfReader
    except ImportError as error:
        raise _Unscannable(NoticeCode.UNSUPPORTED, _("PDF files cannot be scanned because pypdf is not installed. Check it by hand.")) from error
    result = _Extraction()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An empty user password (only printing or copying restricted) opens the file.
            if not reader.decrypt(""):
                raise _Unscannable(NoticeCode.ENCRYPTED, _("The file is password-protected, so it was not scanned. Check it by hand."))
        pages = reader.pages
        count = len(pages)
    except _Unscannable:
        raise
    except Exception as error:  # pypdf raises many kinds of errors for damaged or exotic files
        if "encrypt" in str(error).lower() or "decrypt" in str(error).lower() or type(error).__name__ == "DependencyError":
            raise _Unscannable(NoticeCode.ENCRYPTED, _("The file is password-protected, so it was not scanned. Check it by hand.")) from error
        raise _unreadable() from error
    failed = []
    for number in range(1, min(count, MAX_PDF_PAGES) + 1):
        if result.full:
            break
        try:
            text = pages[number - 1].extract_text() or ""
        except Exception:  # one bad page must not hide the others
            failed.append(number)
            continue
        result.add(f":page:{number}", interpolate_lazy(_("page %(number)s"), {"number": number}), text)
    if count > MAX_PDF_PAGES:
        result.problems.append(
            (NoticeCode.TRUNCATED, interpolate_lazy(_("Only the first %(pages)s of %(count)s pages were scanned. Check the rest by hand."), {"pages": MAX_PDF_PAGES, "count": count}))
        )
    if failed:
        result.problems.append(
            (NoticeCode.PARTLY_UNREADABLE, interpolate_lazy(_("These pages could not be read: %(pages)s. Check them by hand."), {"pages": ", ".join(map(str, failed))}))
        )
    if count and not result.parts and not failed:
        result.problems.append((NoticeCode.NO_TEXT, _("No text was found in the file: it may consist of scanned images. Check it by hand.")))
    return result


def _open_zip(data):
    """The zip, after checking it does not unpack to too much and holds no XML with a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
            raise _unreadable()
        for info in infos:
            if info.flag_bits & 0x1:
                raise _Unscannable(NoticeCode.ENCRYPTED, _("The file is password-protected, so it was not scanned. Check it by hand."))
            if info.filename.endswith((".xml", ".rels")):
                content = archive.read(info)
                if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
                    raise _unreadable()
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise _unreadable() from error
    return archive


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_PARTS = (
    (re.compile(r"word/document\.xml"), None),
    (re.compile(r"word/header\d*\.xml"), _("header")),
    (re.compile(r"word/footer\d*\.xml"), _("footer")),
    (re.compile(r"word/footnotes\.xml"), _("footnotes")),
    (re.compile(r"word/endnotes\.xml"), _("endnotes")),
    (re.compile(r"word/comments\.xml"), _("comments")),
)


def _docx_text(xml):
    out = []
    # _open_zip() has refused XML with a DTD, which is what makes entity expansion attacks possible.
    for _event, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):  # noqa: S314
        tag = element.tag
        if tag in (f"{_W}t", f"{_W}delText"):
            out.append(element.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}p":
            out.append("\n")
            element.clear()
    return "".join(out)


def _docx_links(xml):
    root = ElementTree.fromstring(xml)  # noqa: S314 - no DTD (see _open_zip)
    return [rel.get("Target", "") for rel in root if rel.get("TargetMode") == "External"]


def _extract_docx(archive):
    result = _Extraction()
    names = archive.namelist()
    try:
        for pattern, label in _DOCX_PARTS:
            for name in sorted(n for n in names if pattern.fullmatch(n)):
                suffix = "" if label is None else ":" + name.rsplit("/", 1)[1].removesuffix(".xml")
                result.add(suffix, label, _docx_text(archive.read(name)))
        links = []
        for name in sorted(n for n in names if re.fullmatch(r"word/_rels/[^/]+\.rels", n)):
            links.extend(_docx_links(archive.read(name)))
        if links:
            result.add(":links", _("link addresses"), "\n".join(dict.fromkeys(links)))
    except (ElementTree.ParseError, KeyError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _unreadable() from error
    return result


def _cell_text(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _extract_xlsx(data):
    import openpyxl

    result = _Extraction()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets:
                    pieces, starts, cells, length = [], [], [], 0
                    for row in sheet.iter_rows():
                        separator = "\n" if pieces else ""
                        for cell in row:
                            if cell.value is None or cell.value == "":
                                continue
                            text = _cell_text(cell.value)
                            pieces += [separator, text]
                            starts.append(length + len(separator))
                            cells.append(cell.coordinate)
                            length += len(separator) + len(text)
                            separator = "\t"
                        if result.characters + length > MAX_TEXT_CHARS:
                            break
                    result.add(f":sheet:{sheet.title}", None, "".join(pieces), _cell_labeller(sheet.title, starts, cells))
                    if result.full:
                        break
            finally:
                workbook.close()
    except _Unscannable:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors for damaged files
        raise _unreadable() from error
    return result


def _cell_labeller(sheet, starts, cells):
    def label(offset):
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return interpolate_lazy(_("sheet “%(sheet)s”, cell %(cell)s"), {"sheet": sheet, "cell": cells[index] if cells else ""})

    return label


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), False
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), False
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), True


def _extract_text(data, html=False):
    result = _Extraction()
    text, damaged = _decode(data)
    if html:
        text = html_to_text(text)[0]
    result.add("", None, text)
    if damaged:
        result.problems.append((NoticeCode.PARTLY_UNREADABLE, _("Some characters could not be decoded. Check the file by hand.")))
    return result


def _extract(data, extension):
    if b"%PDF-" in data[:1024]:
        return _extract_pdf(data)
    if data[:4] == b"PK\x03\x04":
        archive = _open_zip(data)
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return _extract_docx(archive)
        if "xl/workbook.xml" in names:
            return _extract_xlsx(data)
        if "OFD.xml" in names:
            raise _unsupported("OFD")
        raise _unsupported(extension.upper() or "ZIP")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _unsupported(extension.upper() or "OLE")  # .doc, .xls, .wps, .et: convert to DOCX, XLSX or PDF
    if extension in TEXT_EXTENSIONS:
        return _extract_text(data)
    if extension in HTML_EXTENSIONS:
        return _extract_text(data, html=True)
    if extension in ("pdf", "docx", "xlsx"):
        raise _unreadable()
    raise _unsupported(extension.upper() or "?")


def _too_large():
    limit = lazy(filesizeformat, str)(MAX_FILE_BYTES)
    return _Unscannable(
        NoticeCode.TOO_LARGE, interpolate_lazy(_("The file is larger than %(limit)s, so it was not scanned. Check it by hand."), {"limit": limit})
    )


def _read(document):
    file = document.file
    try:
        if file.size > MAX_FILE_BYTES:
            raise _too_large()
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:
        raise _Unscannable(NoticeCode.MISSING, _("The file could not be opened, so it was not scanned. Check it by hand.")) from error
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    return data


def document_segments(document, location, label):
    """``(segments, notices)`` for the text in a document's file."""
    extension = document.file_extension.lower()
    try:
        data = _read(document)
        extraction = _extract(data, extension)
    except _Unscannable as problem:
        return [], [_notice(problem.code, location, label, problem.message)]
    except Exception:  # a reader's bug must not block the review: the reviewer checks by hand
        logger.exception("Could not scan document %s", document.pk)
        problem = _unreadable()
        return [], [_notice(problem.code, location, label, problem.message)]
    segments = []
    for part in extraction.parts:
        part_label = label if part.label is None else interpolate_lazy(_("%(document)s, %(part)s"), {"document": label, "part": part.label})
        labeller = None
        if part.labeller is not None:
            labeller = _part_labeller(label, part.labeller)
        segments.append(_Segment(location + part.suffix, part_label, part.text, labeller))
    notices = [_notice(code, location, label, message) for code, message in extraction.problems]
    if not extraction.parts and not notices and data.strip():
        notices.append(_notice(NoticeCode.NO_TEXT, location, label, _("No text was found in the file. Check it by hand.")))
    return segments, notices


def _part_labeller(label, part_labeller):
    return lambda offset: interpolate_lazy(_("%(document)s, %(part)s"), {"document": label, "part": part_labeller(offset)})


# --- the scan -----------------------------------------------------------------------------------


def _specific(page):
    model = getattr(page, "specific_class", None)
    if model is not None and not isinstance(page, model):
        return page.specific
    return page


def page_segments(page):
    """``(segments, notices)``: every piece of text the page publishes, with its location."""
    page = _specific(page)
    linked = []
    segments = list(_field_segments(page, linked))
    notices = []
    for document, title, is_attachment in _page_documents(page, linked):
        name = document.filename
        if is_attachment:
            label = interpolate_lazy(_("Attachment: %(name)s"), {"name": name})
        else:
            label = interpolate_lazy(_("Linked document: %(name)s"), {"name": name})
        location = f"document:{document.pk}"
        if title:
            segments.append(_Segment(f"{location}:title", interpolate_lazy(_("%(document)s, %(part)s"), {"document": label, "part": _("title shown on the page")}), title))
        segments.append(_Segment(f"{location}:name", interpolate_lazy(_("%(document)s, %(part)s"), {"document": label, "part": _("file name")}), name))
        document_parts, document_notices = document_segments(document, location, label)
        segments.extend(document_parts)
        notices.extend(document_notices)
    return segments, notices


def scan_page(page, *, today=None, key=None):
    """``ScanResult(findings, notices)`` for the content of ``page`` (a page or a revision's page).

    Pass ``revision.as_object()`` to scan exactly the content under review.
    """
    key = fingerprint_key() if key is None else key
    today = today or timezone.localdate()
    segments, notices = page_segments(page)
    findings, seen = [], set()
    for segment in segments:
        for finding in find_sensitive_data(segment.text, segment.location, segment.label, key=key, today=today):
            if finding.id in seen:
                continue
            seen.add(finding.id)
            if segment.labeller is not None:
                finding = dataclasses.replace(finding, location_label=segment.labeller(finding.offset))
            findings.append(finding)
    return ScanResult(findings, notices)
