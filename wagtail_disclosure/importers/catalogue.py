"""Importing catalogue entries from a legacy system's CSV or XLSX export.

Rows are checked with the entry model's own ``full_clean()``, so an import and the editor apply the
same rules. Every row of the file is checked first, and nothing is written while checking (objects
that ``create_missing`` would create are only planned): a dry run stops there, and so does an import
with bad rows unless ``skip_invalid``. The valid rows are then written in batches of ``batch_size``,
each batch in a short transaction of its own together with the run's progress (``ImportRun``), so
that editors and the public site are not held up for the whole file, and an interrupted import
continues after its last committed batch (``resume``, for the same file only).

Each batch is written together (``models.batch_writes``), every entry through its model's own rules (the 索引号,
the derived fields), as drafts, with their first revisions written as ``save_revision()`` writes them; entries
are published only with a 历史数据迁移 record (``services.reviews.record_decisions``) and the gate's verdict on
that revision and on the page about to go live (``services.reviews.publish_first_revisions``). A row the gate
refuses stays a draft and is reported as refused, with the reason. What Wagtail would update on every save of a
page, its search and reference indexes, is updated once per batch (``importers.indexing``), and so are the search
grams, the 索引号 links and the catalogue's cache version.

A legacy migration loses nothing (``docs/legacy-migration.md``): a row without metadata the catalogue
needs (成文日期, 发文机关, 主题分类, 体裁分类, or a 索引号 when none can be issued) is imported as a draft
flagged 待补全, which the gate keeps from publication until it is completed and reviewed
(``AbstractCatalogueEntryPage.missing_metadata``). Dates are also found inside labelled text
(发文日期:2017年06月28日) and in Chinese numerals (二〇一一年五月十六日); the original text of a value that was
read that way, or translated by the mapping file (``--map``: the old system's classification names and
column headings → the site's), is kept in the entry's internal notes. Unknown organisations are created
(with ``create_missing``) from their name; their code comes from the 机构代码 column, or from the legacy
索引号 where the site's scheme shows where it sits, or is left for an administrator to complete (no new
索引号 is issued for the organisation until then).
"""

import contextlib
import csv
import dataclasses
import datetime
import hashlib
import json
import pathlib
import re
import time
import unicodedata
import zipfile
from collections import Counter

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, router, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from modelcluster.models import get_all_child_relations
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from wagtail.models import Page, Revision, Site

from ..gate.files import record_revision_file_uses
from ..gate.fingerprint import remembering_shared_values
from ..models.batch_writes import insert_new_pages, side_tables_written_once, update_pages, writes_in_batches
from ..models.catalogue import CatalogueIndexPage
from ..models.imports import ImportRun
from ..models.index_numbers import (
    IssuedIndexNumber,
    issue_index_numbers,
    register_legacy_index_numbers,
    same_numbering,
    site_for_page,
)
from ..models.organisations import Organisation
from ..models.settings import DisclosureSettings
from ..models.taxonomy import Genre, ServiceAudience, Topic
from ..rules import index_numbers as index_number_rules
from ..rules.confidentiality import RecordKind
from ..rules.org_codes import normalize_org_code, validate_organisation_code
from ..rules.text_search import normalize
from ..rules.vocabulary import DisclosureAttribute, Validity, terms_of
from ..sanitize import to_rich_text
from ..services import reviews
from .audit_log import BatchLog
from .indexing import index_pages

# Column headings: the Chinese names used by legacy systems → entry fields. The field names are
# accepted as headings too.
COLUMNS = {
    "索引号": "index_number",
    "标题": "title",
    "内容概述": "summary",
    "成文日期": "written_date",
    "发布日期": "publish_date",
    "发文机关": "organisation",
    "机构代码": "organisation_code",  # not a field: the code of an organisation to create
    "发文字号": "document_number",
    "主题分类": "topic",
    "体裁分类": "genre",
    "服务对象分类": "audience",
    "主题词": "keywords",
    "有效性": "validity",
    "失效/废止日期": "validity_changed_on",
    "公开属性": "disclosure_attribute",
    "不公开理由": "non_disclosure_reason",
    "正文": "body",
}
HEADINGS = {field: heading for heading, field in COLUMNS.items()}
# Headings of other government site systems' exports (信息公开目录 of TRS, Hanweb and in-house systems).
ALIASES = {
    "信息索引号": "index_number", "索引编号": "index_number",
    "信息名称": "title", "名称": "title", "文件名称": "title", "文章标题": "title",
    "摘要": "summary", "内容摘要": "summary",
    "生成日期": "written_date", "发文日期": "written_date", "成文时间": "written_date", "印发日期": "written_date",
    "发布时间": "publish_date", "公开日期": "publish_date", "公开时间": "publish_date",
    "发布机构": "organisation", "发布机关": "organisation", "发布单位": "organisation", "发文单位": "organisation",
    "制发机关": "organisation",
    "文号": "document_number",
    "主题": "topic",
    "体裁": "genre", "文种": "genre",
    "服务对象": "audience",
    "关键词": "keywords", "关键字": "keywords",
    "公开方式": "disclosure_attribute", "公开形式": "disclosure_attribute",
    "内容": "body", "正文内容": "body",
}  # fmt: skip
# Only the title is needed to import a row; without the catalogue's metadata it becomes a 待补全 draft.
REQUIRED = ("title",)
# The catalogue's metadata (the entry model's ``metadata_fields``): missing, the row is imported as 待补全.
METADATA = ("written_date", "organisation", "topic", "genre")
# What a mapping file (--map) translates: these columns' values, and the column headings themselves.
MAPPED_FIELDS = ("organisation", "topic", "genre", "audience")
MAP_HEADINGS = "列名"
LEFT_OUT = "-"  # the field of a column the mapping file leaves out
TEXT_FIELDS = ("title", "summary", "document_number", "non_disclosure_reason")
DATE_FIELDS = ("written_date", "publish_date", "validity_changed_on")
# Accepted besides the choice codes (valid, public, …).
CHOICE_NAMES = {"validity": terms_of(Validity), "disclosure_attribute": terms_of(DisclosureAttribute)}

CHINESE_DIGITS = str.maketrans("〇零○Ｏ０一二三四五六七八九", "00000123456789")
CHINESE_DATE = re.compile(r"([〇零○Ｏ０一二三四五六七八九\d]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月\s*([一二三四五六七八九十\d]{1,3})\s*日")
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)?")
COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
TOPIC_SEPARATOR = re.compile(r"\s*[\\/›>＞／＼]\s*")
KEYWORD_SEPARATOR = re.compile(r"[,，;；\s]+")
HTML_TAG = re.compile(r"</?[a-zA-Z!]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Set by add_child(): the tree position is not known before the page is saved.
TREE_FIELDS = ("path", "depth")
SLUG_LENGTH = 80
# Set from the catalogue, not from the row.
KNOWN_FIELDS = ("locale", "content_type")
# A 正文 cell holds a whole document, longer than the csv module's default limit of 128 KiB.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


class ImportProblem(Exception):
    def __init__(self, messages):
        self.messages = [str(message) for message in messages]
        super().__init__("\n".join(self.messages))


class CatalogueImportError(ImportProblem):
    """The file (or the place to import it into) cannot be used at all; no row was looked at."""


class RowError(ImportProblem):
    """The row cannot be imported."""


class ImportInterrupted(ImportProblem):
    """Writing stopped: the batches before are committed, the run can be resumed (``--resume``)."""


@dataclasses.dataclass(frozen=True)
class ImportOptions:
    parent: object = None  # a CatalogueIndexPage, its id or URL path; None: the only one there is
    dry_run: bool = False
    skip_invalid: bool = False
    create_missing: bool = False
    publish: bool = False
    # With ``publish``: why these records may skip a prior review (they were public in the old system),
    # who is doing it, and which file they came from; all three go into the review ledger.
    reason: str = ""
    user: object = None  # a Django user, or None when run from a shell without one
    operator: str = ""  # the name recorded when there is no user (the operating-system account)
    source: str = ""
    # Rows written and committed together; a short transaction does not hold up editors and visitors.
    batch_size: int = 200
    # Continue the interrupted import of the same file after its last committed batch.
    resume: bool = False
    # The mapping file's translations (``read_mapping``): {field or MAP_HEADINGS: {normalised old name: new name}}.
    mapping: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class RowIssue:
    line: int  # as shown by a spreadsheet program: the heading row is line 1
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclasses.dataclass
class ImportResult:
    options: ImportOptions
    rows: int = 0
    valid: int = 0
    published: int = 0
    errors: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    new_objects: Counter = dataclasses.field(default_factory=Counter)  # verbose_name_plural → count
    committed: bool = False
    imported: int = 0
    run: object = None  # the ImportRun that records the progress (not for a dry run or a rejected file)
    resumed_after: int = 0  # rows done before this invocation, when it resumed an interrupted import
    incomplete: int = 0  # rows imported (or, in a dry run, to be imported) as 待补全 drafts
    refused: int = 0  # rows to publish that the gate kept as drafts (their reasons are among the warnings)

    @property
    def invalid(self):
        return len({issue.line for issue in self.errors})

    @property
    def rejected(self):
        """Rows are bad, so nothing was (or, in a dry run, would be) imported."""
        return bool(self.errors) and not (self.options.skip_invalid and self.valid)

    @property
    def created(self):
        return self.imported

    def summary(self):
        valid = self.valid if self.options.dry_run or self.rejected else self.imported
        counts = {"rows": self.rows, "valid": valid, "invalid": self.invalid, "published": self.published}
        if self.rejected:
            return [
                _(
                    "Nothing was imported. Rows with errors: %(invalid)s of %(rows)s. Correct them, or use "
                    "--skip-invalid to import only the valid rows."
                )
                % counts
            ]
        if self.options.dry_run:
            lines = [
                _(
                    "Dry run, nothing was saved. Rows that can be imported: %(valid)s (to be published: %(published)s); "
                    "rows with errors: %(invalid)s; rows read: %(rows)s."
                )
                % counts
            ]
        else:
            lines = [
                _("Imported: %(valid)s (published: %(published)s); skipped because of errors: %(invalid)s; rows read: %(rows)s.")
                % counts
            ]
        if self.resumed_after:
            lines.append(
                _("Resumed the interrupted import after its first %(done)s rows, which had been imported or skipped before.")
                % {"done": self.resumed_after}
            )
        lines.append(
            _(
                "Complete: %(complete)s; incomplete (待补全, kept as drafts until completed and reviewed; see the report "
                "“Incomplete catalogue entries”): %(incomplete)s; refused: %(invalid)s (the reason for each is given above)."
            )
            % {"complete": valid - self.incomplete, "incomplete": self.incomplete, "invalid": self.invalid}
        )
        if self.refused:
            lines.append(
                _("Not published because the publication gate refused them (imported as drafts; the reason for each is given above): %(refused)s.")
                % {"refused": self.refused}
            )
        return lines + [_("New %(kind)s: %(count)s") % {"kind": kind, "count": count} for kind, count in sorted(self.new_objects.items())]


# --- reading files ----------------------------------------------------------------------------


@dataclasses.dataclass
class Table:
    header: list
    rows: list  # [(line, [cell, …])], blank rows left out


def read_table(path):
    """The heading row and the data rows of a CSV (UTF-8, with or without BOM) or XLSX file."""
    path = pathlib.Path(path)
    try:
        with path.open("rb") as file:
            magic = file.read(8)
    except OSError as error:
        raise CatalogueImportError([_("Could not read the file: %(error)s") % {"error": error}]) from error
    suffix = path.suffix.lower()
    if suffix == ".xls" or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise CatalogueImportError([_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as “CSV UTF-8”.")])
    records = _read_xlsx(path) if suffix in (".xlsx", ".xlsm") or magic.startswith(b"PK\x03\x04") else _read_csv(path)
    records = [(line, cells) for line, cells in records if any(_text(cell) for cell in cells)]
    if not records:
        raise CatalogueImportError([_("The file has no heading row.")])
    return Table(header=records[0][1], rows=records[1:])


def _read_csv(path):
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    # Read as a stream: the whole file in memory as bytes, then as text, then as a StringIO would take more than
    # the rows themselves (a 50,000-row export is 50 MB of UTF-8).
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            # Counting records, not physical lines, matches the line numbers a spreadsheet shows when
            # cells contain line breaks.
            return list(enumerate(csv.reader(file), start=1))
    except UnicodeDecodeError as error:
        raise CatalogueImportError(
            [_("The file is not UTF-8 text. Save it as “CSV UTF-8” or as an Excel workbook (.xlsx).")]
        ) from error
    except csv.Error as error:
        raise CatalogueImportError([_("The CSV file could not be read: %(error)s") % {"error": error}]) from error


def _read_xlsx(path):
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise CatalogueImportError(
            [_("The file could not be read as an Excel workbook (.xlsx): %(error)s") % {"error": error}]
        ) from error
    try:
        sheet = workbook.active or workbook.worksheets[0]
        return list(enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row or 1))
    finally:
        workbook.close()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _heading(value):
    # Full-width letters and slashes are common in Chinese files; a trailing * marks required columns.
    return unicodedata.normalize("NFKC", _text(value)).rstrip("*").strip()


def map_columns(header, mapping=None):
    """The field of each column (``None`` for a blank heading or one the mapping file ignores), or the reasons
    the header is unusable."""
    fields_by_heading = {**ALIASES, **COLUMNS, **{field: field for field in COLUMNS.values()}}
    renamed = (mapping or {}).get(MAP_HEADINGS, {})
    columns, unknown, seen, repeated = [], [], set(), []
    for value in header:
        heading = _heading(value)
        if normalize(heading) in renamed:
            target = _heading(renamed[normalize(heading)])
            if not target:  # mapped to nothing: a column the catalogue does not keep (浏览次数, 链接…)
                columns.append(LEFT_OUT)
                continue
            heading = target
        field = fields_by_heading.get(heading) or fields_by_heading.get(heading.lower())
        if heading and not field:
            unknown.append(heading)
        elif field and field in seen:
            repeated.append(heading)
        seen.add(field)
        columns.append(field)
    problems = []
    if unknown:
        problems.append(
            _(
                "Unknown columns: %(columns)s. Accepted columns: %(accepted)s. A mapping file (--map) can rename "
                "a column or leave it out."
            )
            % {"columns": "、".join(unknown), "accepted": "、".join(COLUMNS)}
        )
    if repeated:
        problems.append(_("Columns given twice: %(columns)s.") % {"columns": "、".join(repeated)})
    missing = [HEADINGS[field] for field in REQUIRED if field not in seen]
    if missing:
        problems.append(_("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    if problems:
        raise CatalogueImportError(problems)
    return columns


# --- the mapping file (--map) -------------------------------------------------------------------

MAP_COLUMNS = {"类别": "kind", "原名称": "old", "对应名称": "new"}
MAP_COLUMN_ALIASES = {"分类": "kind", "原值": "old", "旧名称": "old", "新名称": "new", "映射为": "new", **MAP_COLUMNS}


def read_mapping(path):
    """The old system's names → the site's, from a JSON object ({"主题分类": {"旧名称": "新名称"}, "列名": {…}})
    or a CSV/XLSX table with the columns 类别, 原名称, 对应名称. A name mapped to nothing is left empty
    (the row becomes 待补全), a heading mapped to nothing is a column left out."""
    path = pathlib.Path(path)
    kinds = {HEADINGS[field]: field for field in MAPPED_FIELDS} | {field: field for field in MAPPED_FIELDS} | {MAP_HEADINGS: MAP_HEADINGS}
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CatalogueImportError([_("The mapping file could not be read: %(error)s") % {"error": error}]) from error
        if not isinstance(data, dict) or not all(isinstance(names, dict) for names in data.values()):
            raise CatalogueImportError([_("The mapping file must be a JSON object of objects, such as {\"主题分类\": {\"旧名称\": \"新名称\"}}.")])
        entries = [(kind, old, new) for kind, names in data.items() for old, new in names.items()]
        lines = [None] * len(entries)
    else:
        table = read_table(path)
        positions = {MAP_COLUMN_ALIASES.get(_heading(value)): index for index, value in enumerate(table.header)}
        if not {"kind", "old", "new"} <= positions.keys():
            raise CatalogueImportError(
                [_("The mapping file needs the columns %(columns)s.") % {"columns": "、".join(MAP_COLUMNS)}]
            )
        entries = [tuple(_text(cells[positions[name]]) if positions[name] < len(cells) else "" for name in ("kind", "old", "new")) for _line, cells in table.rows]
        lines = [line for line, _cells in table.rows]
    mapping, problems = {}, []
    for line, (kind, old, new) in zip(lines, entries, strict=True):
        field = kinds.get(_heading(kind))
        where = _("Mapping file, line %(line)s: ") % {"line": line} if line else _("Mapping file: ")
        if field is None:
            problems.append(where + _("“%(kind)s” cannot be mapped. Use one of: %(kinds)s.") % {"kind": kind, "kinds": "、".join(k for k in kinds if not k.isascii())})
        elif not normalize(str(old)):
            problems.append(where + _("the old name is empty."))
        else:
            mapping.setdefault(field, {})[normalize(str(old))] = _text(new)
    if problems:
        raise CatalogueImportError(problems)
    return mapping


# --- reading values ---------------------------------------------------------------------------


def parse_date(value):
    """A date from a date cell, an Excel serial number, or text such as 2024-03-01, 2024/3/1 or 2024年3月1日.

    Also inside labelled text (发文日期:2017年06月28日, 发布时间:2025-01-22 15:53) and in Chinese numerals
    (二〇一一年5月16日): ``read_date`` says whether the text was more than a date."""
    return read_date(value)[0]


def read_date(value):
    """``(date, whether the cell held more than the date)``; ``ValueError`` when it holds no date."""
    if isinstance(value, datetime.datetime):
        return value.date(), False
    if isinstance(value, datetime.date):
        return value, False
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value <= EXCEL_MAX_SERIAL:
            raise ValueError(value)
        return from_excel(value).date(), False
    text = _text(value)
    match = DATE.fullmatch(text) or COMPACT_DATE.fullmatch(text)
    if match:
        return datetime.date(*(int(part) for part in match.groups())), False
    # Legacy exports: full-width digits and colons, a label before the date, a time after it.
    plain = CHINESE_DATE.sub(_chinese_date, unicodedata.normalize("NFKC", text))
    found = {datetime.date(*(int(part) for part in match.groups())) for match in DATE.finditer(plain)}
    if len(found) != 1:  # none, or several different dates: which one is meant is for a person to say
        raise ValueError(text)
    return found.pop(), True


def _chinese_number(text):
    # 五 → 5, 十 → 10, 十六 → 16, 二十 → 20, 三十一 → 31; digits as they are.
    if "十" not in text:
        return int(text.translate(CHINESE_DIGITS))
    tens, _ten, units = text.partition("十")
    return int(tens.translate(CHINESE_DIGITS) or 1) * 10 + int(units.translate(CHINESE_DIGITS) or 0)


def _chinese_date(match):
    year, month, day = match.groups()
    return f"{year.translate(CHINESE_DIGITS)}年{_chinese_number(month)}月{_chinese_number(day)}日"


def keywords(text):
    # 主题词 are separated by spaces; legacy systems also used commas and semicolons.
    return " ".join(KEYWORD_SEPARATOR.split(text)).strip()


def as_html(text):
    # Some legacy bodies are plain text: keep their paragraphs.
    if HTML_TAG.search(text):
        return text
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def body_rich_text(text, features):
    """``(rich text, removed tags)`` of a 正文 cell. Plain text becomes escaped paragraphs, which the sanitiser and
    the converter return unchanged: they are skipped for it (most legacy bodies; each pass costs about a
    millisecond), unless it holds control characters, which they remove."""
    if not HTML_TAG.search(text) and not CONTROL_CHARACTERS.search(text):
        return as_html(text), []
    return to_rich_text(as_html(text), features)


class References:
    """Organisations and classifications by name, loaded once: a query per row would make large
    imports slow. Objects created for a row are forgotten again if the row fails.

    While ``planning`` (the check of the whole file before anything is written), missing objects are
    checked but not saved: they are kept unsaved, so later rows find them, until ``stop_planning()``.
    """

    def __init__(self, create_missing, planning=False):
        self.create_missing = create_missing
        self.planning = planning
        self.pending = []
        self.organisations = self._index(Organisation.objects.all(), lambda org: (org.name, org.short_name, org.code))
        self.genres = self._index(Genre.objects.all(), lambda genre: (genre.name,))
        self.audiences = self._index(ServiceAudience.objects.all(), lambda audience: (audience.name,))
        topics = list(Topic.objects.all())
        by_pk = {topic.pk: topic for topic in topics}
        for topic in topics:
            topic.parent = by_pk.get(topic.parent_id)  # full names without a query per level
        self.topic_names = self._index(topics, lambda topic: (topic.name,))
        self.topic_paths = self._index(topics, lambda topic: (self._path_key([node.name for node in topic.ancestors()]),))

    @staticmethod
    def _path_key(names):
        # "›" survives normalize(), which the indexes apply to every key, and is never part of a name.
        return "›".join(normalize(name) for name in names)

    @staticmethod
    def _index(objects, keys):
        index = {}
        for obj in objects:
            for key in keys(obj):
                key = normalize(key)
                if key and obj not in index.setdefault(key, []):
                    index[key].append(obj)
        return index

    def _lookup(self, index, key, shown):
        found = index.get(normalize(key), [])
        if len(found) > 1:
            raise RowError(
                [
                    _("“%(value)s” matches several entries: %(matches)s. Give a more precise value.")
                    % {"value": shown, "matches": "、".join(str(obj) for obj in found)}
                ]
            )
        return found[0] if found else None

    def _create(self, obj, *indexes_and_keys):
        try:
            obj.full_clean()
        except ValidationError as error:
            raise RowError(error.messages) from error
        if not self.planning:
            obj.save()
        for index, key in indexes_and_keys:
            key = normalize(key)
            index.setdefault(key, []).append(obj)
            self.pending.append((index, key, obj))
        return obj

    def keep_pending(self):
        """The row succeeded: count what was created for it."""
        # By identity: planned objects have no primary key yet, so they cannot be hashed.
        created = Counter(str(obj._meta.verbose_name_plural) for obj in {id(obj): obj for _index, _key, obj in self.pending}.values())
        self.pending = []
        return created

    def forget_pending(self):
        """The row failed and its savepoint was rolled back: so were the objects created for it."""
        for index, key, obj in self.pending:
            index[key].remove(obj)
        self.pending = []

    def stop_planning(self):
        """From now on create what is missing: forget the objects that were only planned."""
        self.planning = False
        for index in (self.organisations, self.genres, self.audiences, self.topic_names, self.topic_paths):
            for key in list(index):
                index[key] = [obj for obj in index[key] if obj.pk is not None]
                if not index[key]:
                    del index[key]

    def _unknown(self, kind, value):
        return RowError(
            [_("Unknown %(kind)s “%(value)s”. Add it in the admin first, or import with --create-missing.") % {"kind": kind, "value": value}]
        )

    def organisation(self, name, code="", legacy_code=""):
        """``legacy_code``: the code the file's legacy 索引号 show for an organisation to create without a 机构代码."""
        code = normalize_org_code(code) if code else ""
        found = self._lookup(self.organisations, name, name)
        if found and code and found.code != code:
            raise RowError(
                [_("The organisation “%(name)s” has the code %(code)s, not %(given)s.") % {"name": found, "code": found.code, "given": code}]
            )
        if found:
            return found
        owner = self._lookup(self.organisations, code, code) if code else None
        if owner:
            raise RowError([_("The code %(code)s belongs to “%(owner)s”, not to “%(name)s”.") % {"code": code, "owner": owner, "name": name}])
        if not self.create_missing:
            raise RowError(
                [
                    _(
                        "Unknown issuing organisation “%(name)s”. Add it in the admin first, or import with --create-missing "
                        "(its code is taken from a 机构代码 column or the legacy 索引号, or left for you to complete)."
                    )
                    % {"name": name}
                ]
            )
        # Without a code it is created all the same: its entries wait (待补全) for an administrator to complete it.
        code = code or legacy_code
        keys = [(self.organisations, name)] + ([(self.organisations, code)] if code else [])
        return self._create(Organisation(name=name, code=code), *keys)

    def known_organisation(self, name_or_code):
        return bool(self.organisations.get(normalize(name_or_code)))

    def topic(self, text):
        names = [name for name in TOPIC_SEPARATOR.split(text) if name]
        if len(names) == 1:
            found = self._lookup(self.topic_names, names[0], text)
        else:
            found = self._lookup(self.topic_paths, self._path_key(names), text)
        if found:
            return found
        if not self.create_missing:
            raise self._unknown(Topic._meta.verbose_name, text)
        parent = None
        for depth in range(1, len(names) + 1):
            key = self._path_key(names[:depth])
            existing = self.topic_paths.get(key)
            parent = existing[0] if existing else self._create(
                Topic(name=names[depth - 1], parent=parent), (self.topic_paths, key), (self.topic_names, names[depth - 1])
            )
        return parent

    def _named(self, index, model, name):
        found = self._lookup(index, name, name)
        if found:
            return found
        if not self.create_missing:
            raise self._unknown(model._meta.verbose_name, name)
        return self._create(model(name=name), (index, name))

    def genre(self, name):
        return self._named(self.genres, Genre, name)

    def audience(self, name):
        return self._named(self.audiences, ServiceAudience, name)


# --- importing --------------------------------------------------------------------------------


def find_catalogue(parent=None):
    """The catalogue index page given by page, id or URL path (``/xxgk/``), or the only one there is."""
    if isinstance(parent, CatalogueIndexPage):
        return parent
    if parent in (None, ""):
        pages = list(CatalogueIndexPage.objects.order_by("path"))
        if not pages:
            raise CatalogueImportError([_("There is no catalogue index page to import into.")])
    else:
        spec = str(parent).strip()
        if spec.isdigit():
            candidates = Page.objects.filter(pk=int(spec))
        else:
            path = "/" + "/".join(part for part in spec.split("/") if part) + "/"
            url_paths = {path} | {site.root_page.url_path + path[1:] for site in Site.objects.select_related("root_page")}
            candidates = Page.objects.filter(url_path__in=url_paths)
        candidates = [page.specific for page in candidates]
        if not candidates:
            raise CatalogueImportError([_("No page matches “%(parent)s”.") % {"parent": spec}])
        pages = [page for page in candidates if isinstance(page, CatalogueIndexPage)]
        if not pages:
            raise CatalogueImportError([_("“%(parent)s” is not a catalogue index page.") % {"parent": spec}])
    if len(pages) > 1:
        raise CatalogueImportError(
            [
                _("There are several catalogue index pages; choose one with --parent: %(pages)s")
                % {"pages": ", ".join(f"{page.pk} ({page.url_path})" for page in pages)}
            ]
        )
    return pages[0]


class RowProblems:
    """The errors and warnings of one row, each error prefixed with its column's heading."""

    def __init__(self, column):
        self.column = column
        self.errors, self.warnings, self.failed = [], [], set()
        self.notes = []  # the legacy text of values read or translated, for the entry's internal notes

    def kept(self, field, original):
        """``original`` was read as a date or translated by the mapping file: keep it in the internal notes."""
        self.notes.append(_("Kept from the legacy system: %(column)s “%(value)s”.") % {"column": self.column(field), "value": original})

    def fail(self, field, messages):
        self.failed.add(field)
        self.errors += [prefixed(self.column(field), message) for message in messages]


def prefixed(column, message):
    return _("%(column)s: %(message)s") % {"column": column, "message": message} if column else str(message)


def format_duration(seconds):
    seconds = max(0, round(seconds))
    if seconds < 60:
        return _("%(seconds)s s") % {"seconds": seconds}
    if seconds < 3600:
        return _("%(minutes)s min %(seconds)s s") % {"minutes": seconds // 60, "seconds": seconds % 60}
    return _("%(hours)s h %(minutes)s min") % {"hours": seconds // 3600, "minutes": seconds % 3600 // 60}


@dataclasses.dataclass(frozen=True)
class Source:
    """The file being imported: its name and the SHA-256 of its bytes, which ``--resume`` checks."""

    name: str
    digest: str

    @classmethod
    def of(cls, path):
        path = pathlib.Path(path)
        try:
            with path.open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        except OSError as error:
            raise CatalogueImportError([_("Could not read the file: %(error)s") % {"error": error}]) from error
        return cls(name=path.name, digest=digest)


# While checking, progress is shown every so many batches' worth of rows.
CHECK_PROGRESS_BATCHES = 10


class CatalogueImporter:
    """Checks every row first, writing nothing; then writes the valid rows in batches, each batch and
    the run's progress (``ImportRun``) committed together in one short transaction."""

    def __init__(self, parent, options, progress=None):
        self.parent = parent
        self.options = options
        self.progress = progress or (lambda message: None)
        self.model = parent.entry_model
        self.site = site_for_page(parent)
        self.locale = parent.locale  # one object for every entry (the ledger records its language code)
        self.scheme = DisclosureSettings.for_site(self.site)
        self.features = self.model._meta.get_field("body").features
        self.choices = {}  # field → (accepted value → code, the accepted values as shown)
        for field, names in CHOICE_NAMES.items():
            accepted = {**names, **{code: code for code, _label in self.model._meta.get_field(field).choices}}
            self.choices[field] = ({normalize(name): code for name, code in accepted.items()}, "、".join(accepted))
        self.references = References(options.create_missing, planning=True)
        self.slugs = set(parent.get_children().values_list("slug", flat=True))
        self.slug_suffixes = {}  # slug base → the last suffix given, so that a common title costs no search
        self.index_numbers = {}  # number → first line it appears on
        self.numbers_in_use = set()  # legacy numbers of the file already issued on the site
        self.errors_by_line = {}
        self.legacy_codes = {}  # normalised name of an organisation to create → the code its legacy 索引号 show
        self.result = ImportResult(options=options)

    def run(self, table, source, run=None):
        self.columns = map_columns(table.header, self.options.mapping)
        self.headings = {field: _heading(value) for field, value in zip(self.columns, table.header, strict=True) if field}
        rows = table.rows[run.rows_done :] if run else table.rows
        self.result.resumed_after = run.rows_done if run else 0
        self.check(rows)
        if self.options.dry_run or self.result.rejected:
            return self.result
        self.references.stop_planning()
        self.result.run = run or self.start_run(source, len(table.rows))
        self.write(rows, self.result.run)
        return self.result

    # --- first: every row, nothing written ------------------------------------------------------

    def check(self, rows):
        started = time.monotonic()
        self.numbers_in_use = self.legacy_numbers_in_use(rows)
        self.legacy_codes = self.organisation_codes_in_legacy_numbers(rows)
        to_publish = 0
        every = CHECK_PROGRESS_BATCHES * max(1, self.options.batch_size)
        for line, cells in rows:
            self.result.rows += 1
            if self.result.rows % every == 0:
                self.progress(_("Checking the file: %(done)s of %(total)s rows.") % {"done": self.result.rows, "total": len(rows)})
            try:
                entry, warnings = self.build_entry(line, cells)
            except (RowError, ValidationError) as error:
                self.references.forget_pending()
                self.errors_by_line[line] = [RowIssue(line, message) for message in error.messages]
                self.result.errors += self.errors_by_line[line]
            else:
                self.result.new_objects.update(self.references.keep_pending())
                self.result.valid += 1
                self.result.warnings += [RowIssue(line, message) for message in warnings]
                incomplete = bool(entry.missing_metadata(issued_on_save=True))
                self.result.incomplete += incomplete if self.options.dry_run else 0
                to_publish += bool(self.options.publish and entry.is_public and not incomplete)
        if self.options.dry_run:
            self.result.published = to_publish
        self.progress(
            _("Checked %(rows)s rows in %(duration)s: %(valid)s can be imported, %(invalid)s have errors.")
            % {"rows": self.result.rows, "duration": format_duration(time.monotonic() - started), "valid": self.result.valid,
               "invalid": self.result.invalid}
        )  # fmt: skip

    def organisation_codes_in_legacy_numbers(self, rows):
        """For organisations to create: the code their legacy 索引号 show where the site's scheme puts it.

        A code that is invalid, already another organisation's, or shown for two organisations is not used."""
        if not self.options.create_missing or "index_number" not in self.columns or "organisation" not in self.columns:
            return {}
        number_at, name_at = self.columns.index("index_number"), self.columns.index("organisation")
        claimed = {}  # code → normalised names
        for _line, cells in rows:
            number = _text(cells[number_at]) if number_at < len(cells) else ""
            name = self.mapped("organisation", _text(cells[name_at])) if name_at < len(cells) else ""
            fields = index_number_rules.parse_fields(self.scheme.index_number_scheme, number) if number and name else None
            code = normalize_org_code(fields.get("org_code") or "") if fields else ""
            if not code or self.references.known_organisation(code) or self.references.known_organisation(name):
                continue
            try:
                validate_organisation_code(code)
            except ValidationError:
                continue
            claimed.setdefault(code, set()).add(normalize(name))
        codes = {}
        for code, names in claimed.items():
            if len(names) == 1:
                codes.setdefault(names.pop(), code)
        return codes

    def legacy_numbers_in_use(self, rows):
        """The file's 索引号 already issued on the site, in a few queries rather than one per row."""
        if "index_number" not in self.columns:
            return set()
        position = self.columns.index("index_number")
        numbers = sorted({_text(cells[position]) for _line, cells in rows if position < len(cells) and _text(cells[position])})
        in_use = set()
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            in_use.update(IssuedIndexNumber.objects.filter(site=self.site, number__in=chunk).values_list("number", flat=True))
        return in_use

    # --- then: the valid rows, in batches ----------------------------------------------------------

    def start_run(self, source, rows_total):
        options = self.options
        return ImportRun.objects.create(
            file_name=source.name[:255], file_hash=source.digest, catalogue=self.parent, rows_total=rows_total,
            user=options.user, operator=options.operator,
            options={name: getattr(options, name) for name in RECORDED_OPTIONS},
        )  # fmt: skip

    def write(self, rows, run):
        started, total = time.monotonic(), len(rows)
        size = max(1, self.options.batch_size)
        for start in range(0, total, size):
            batch = rows[start : start + size]
            try:
                self.write_batch(batch, run)
            except Exception as error:
                raise self.interrupted(run, batch, error) from error
            done = start + len(batch)
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            self.progress(
                _("%(done)s of %(total)s rows done (%(percent)s%%), %(rate)s rows a second, about %(eta)s left.")
                % {"done": run.rows_done, "total": run.rows_total, "percent": run.rows_done * 100 // max(run.rows_total, 1),
                   "rate": f"{rate:.0f}", "eta": format_duration((total - done) / rate if rate else 0)}
            )  # fmt: skip
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.COMPLETED, finished_at=timezone.now(), updated_at=timezone.now())
        run.status = ImportRun.Status.COMPLETED

    def write_batch(self, batch, run):
        counts = Counter()
        with transaction.atomic():
            # What shared objects (organisations, topics, documents) show is part of each fingerprint: read
            # once per batch, which runs in one transaction (``gate.fingerprint``).
            with side_tables_written_once(), same_numbering(self.parent), remembering_shared_values():
                self.audit_log = BatchLog()
                rows = self.built_rows(batch, counts)
                positions = ChildPositions(self.parent)
                positions.place([entry for _line, entry in rows])
                rows = self.numbered(rows, counts)
                self.current_line = None  # from here on the batch is written as a whole
                entries = [entry for _line, entry in rows]
                insert_new_pages(positions.parent, entries)
                positions.close()
                for entry in entries:
                    # The audit-log entries Wagtail writes for a new page and its first revision, collected for the batch.
                    self.audit_log(instance=entry, action="wagtail.create", user=entry.owner, content_changed=True)
                revisions = first_revisions(entries, self.options.user)
                for entry, revision in zip(entries, revisions, strict=True):
                    self.audit_log(instance=entry, action="wagtail.edit", revision=revision, content_changed=True)
                counts.update(self.publish_or_keep_drafts(rows, revisions))
                self.audit_log.write()
            index_pages(self.model, [entry.pk for entry in entries])
            run.rows_done += len(batch)
            run.last_line = batch[-1][0]
            run.imported += counts["imported"] + counts["published"] + counts["incomplete"] + counts["refused"]
            run.published += counts["published"]
            run.skipped += counts["skipped"]
            run.errors += [str(issue) for line, _cells in batch for issue in self.errors_by_line.get(line, [])]
            run.save(update_fields=["rows_done", "last_line", "imported", "published", "skipped", "errors", "updated_at"])
        self.result.imported += counts["imported"] + counts["published"] + counts["incomplete"] + counts["refused"]
        self.result.incomplete += counts["incomplete"]
        self.result.refused += counts["refused"]
        self.result.published += counts["published"]
        self.result.committed = True

    def built_rows(self, batch, counts):
        """``[(line, unsaved entry)]`` of the batch's rows checked before. With --skip-invalid, a row that fails now
        (something changed since the check) is skipped, and what was created for it is taken back."""
        rows = []
        for line, cells in batch:
            self.current_line = line
            if line in self.errors_by_line:
                counts["skipped"] += 1
                continue
            try:
                with transaction.atomic() if self.options.skip_invalid else contextlib.nullcontext():
                    entry, _warnings = self.build_entry(line, cells, checked=True)
            except (RowError, ValidationError) as error:
                if not self.options.skip_invalid:
                    raise
                self.references.forget_pending()
                self.skip(line, error, counts)
                continue
            self.references.keep_pending()
            # A page created a moment ago has no attachments or comments: held in memory as such, its revision and
            # the gate's fingerprints of it need not each look them up.
            for relation in get_all_child_relations(entry):
                setattr(entry, relation.get_accessor_name(), [])
            rows.append((line, entry))
        return rows

    def skip(self, line, error, counts):
        self.errors_by_line[line] = [RowIssue(line, message) for message in error.messages]
        self.result.errors += self.errors_by_line[line]
        counts["skipped"] += 1

    def numbered(self, rows, counts):
        """The rows whose 索引号 could be registered (a legacy number) or issued, each entry with its number. A legacy
        number another entry took since the check refuses its row (skipped with --skip-invalid)."""
        legacy = {entry.index_number: entry.translation_key for _line, entry in rows if entry.index_number}
        in_use = register_legacy_index_numbers(self.site, self.scheme, legacy) if legacy else set()
        kept = []
        for line, entry in rows:
            self.current_line = line
            if entry.index_number in in_use:
                message = _("The index number %(number)s is already in use on this site.") % {"number": entry.index_number}
                error = RowError([prefixed(self.column("index_number"), message)])
                if not self.options.skip_invalid:
                    raise error
                self.skip(line, error, counts)
                continue
            kept.append((line, entry))
        issue_index_numbers([entry for _line, entry in kept])
        return kept

    def publish_or_keep_drafts(self, rows, revisions):
        """Publish the entries asked for, each with a 历史数据迁移 record in the review ledger and the gate's verdict on
        its revision (``reviews.publish_first_revisions``); the others stay drafts. The outcome of each row: ``"published"``,
        ``"refused"`` (by the gate: a draft, the reason a warning of the row), ``"imported"`` or ``"incomplete"`` (待补全)."""
        options, outcomes, to_publish = self.options, {}, []
        for (line, entry), revision in zip(rows, revisions, strict=True):
            # A 待补全 entry stays a draft (the gate would refuse it too: ``publication_blockers``).
            if options.publish and entry.is_public and not entry.incomplete:
                to_publish.append((line, entry, revision))
            else:
                outcomes[line] = "incomplete" if entry.incomplete else "imported"
        if to_publish:
            pairs = [(entry, revision) for _line, entry, revision in to_publish]
            # The account is recorded, not checked: whoever runs manage.py already controls the site.
            reviews.record_decisions(
                pairs, kind=RecordKind.LEGACY_MIGRATION, user=options.user, reviewer_name="" if options.user else options.operator,
                reason=options.reason, source=options.source, log_data={"reason": options.reason, "source": options.source},
                audit_log=self.audit_log,
            )  # fmt: skip
            verdicts = reviews.publish_first_revisions(pairs, user=options.user, audit_log=self.audit_log)
            for (line, _entry, _revision), verdict in zip(to_publish, verdicts, strict=True):
                outcomes[line] = "published" if verdict.allowed else "refused"
                if not verdict.allowed:
                    self.result.warnings.append(RowIssue(line, _("Not published, kept as a draft: %(reason)s") % {"reason": verdict.message}))
        # What ``save_revision`` records on the page, for a draft (a publication records it with the rest).
        drafts = [entry for (line, entry) in rows if outcomes[line] != "published"]
        for entry in drafts:
            entry.latest_revision_created_at, entry.draft_title, entry.has_unpublished_changes = entry.latest_revision.created_at, entry.title, True
        update_pages(drafts, DRAFT_REVISION_FIELDS)
        return Counter(outcomes.values())

    def interrupted(self, run, batch, error):
        """Record why the run stopped (its batch was rolled back) and say how to continue."""
        cause = "; ".join(error.messages) if isinstance(error, ImportProblem | ValidationError) else str(error) or type(error).__name__
        try:
            run.refresh_from_db(fields=["rows_done", "last_line", "errors"])  # as committed
        except DatabaseError:
            pass  # the database itself failed: the run stays "running", which --resume continues as well
        message = _(
            "The import stopped: %(cause)s. Its batch (lines %(first)s–%(last)s) was rolled back; the %(done)s rows "
            "before it are imported. Correct the cause, then run the command again with --resume to continue after line %(resume)s."
        ) % {"cause": cause, "first": batch[0][0], "last": batch[-1][0], "done": run.rows_done, "resume": run.last_line or 1}  # fmt: skip
        line = getattr(self, "current_line", None)
        if line is not None:  # the row being read (the batch's pages are written together: a failure there names no row)
            message = str(RowIssue(line, message))
        try:
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.INTERRUPTED, errors=[*run.errors, message], updated_at=timezone.now()
            )
            run.status = ImportRun.Status.INTERRUPTED
        except DatabaseError:
            pass
        return ImportInterrupted([message])

    # --- one row ---------------------------------------------------------------------------------

    def column(self, field):
        """The heading the file uses for ``field``, or the usual one."""
        if field == NON_FIELD_ERRORS:
            return ""
        return self.headings.get(field) or HEADINGS.get(field) or str(self.model._meta.get_field(field).verbose_name)

    def build_entry(self, line, cells, checked=False):
        """An unsaved entry from the row's cells, checked with the model's own rules (unless ``checked`` before)."""
        problems = RowProblems(self.column)
        text, values = self.read_cells(cells, problems)
        references = self.find_references(text, problems)
        fields = {**self.read_values(text, values, problems), **references, **self.read_index_number(line, text.get("index_number"), problems)}
        if text.get("body"):
            # Converted again when the row is written rather than kept from the check: 50,000 converted bodies held
            # in memory between the two would cost more than the 500 MB an import may take.
            fields["body"], removed = body_rich_text(text["body"], self.features)
            if removed:
                problems.warnings.append(
                    _("Removed from the body because the editor does not support it: %(tags)s.") % {"tags": ", ".join(removed)}
                )
        if problems.notes:
            fields["internal_notes"] = "\n".join(problems.notes)
        slug = self.new_slug(text.get("title", ""), reserve=checked)
        entry = self.model(live=False, locale=self.locale, slug=slug, **fields)
        # Missing metadata does not refuse the row: the entry is imported as a 待补全 draft.
        missing = [field for field in METADATA if fields.get(field) is None]
        if not checked:
            # The references were found among the objects loaded at the start (no query per row to see
            # that they exist) or are planned for --create-missing and checked on their own.
            try:
                # The locale and the type are the catalogue's own (no look-up per row), and the translation key is new, so
                # the (translation key, locale) pair is unique without asking the database.
                entry.full_clean(exclude=[*TREE_FIELDS, *KNOWN_FIELDS, *problems.failed, *references, *missing], validate_unique=False)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    problems.fail(field, messages)
        if problems.errors:
            raise RowError(problems.errors)
        incomplete = entry.missing_metadata(issued_on_save=True)
        if incomplete and not checked:
            problems.warnings.append(
                _("Incomplete (待补全), imported as a draft that cannot be published until it is completed and reviewed; missing: %(missing)s.")
                % {"missing": pgettext("list separator", ", ").join(incomplete)}
            )
        return entry, problems.warnings

    def read_cells(self, cells, problems):
        """``(text by field, raw value by field)``; the raw values keep the types of XLSX cells."""
        values = {}
        for position, value in enumerate(cells):
            field = self.columns[position] if position < len(self.columns) else None
            if field == LEFT_OUT:
                continue
            if field:
                values[field] = value
            elif _text(value):
                problems.errors.append(
                    _("There is a value in column %(column)s, which has no heading.") % {"column": get_column_letter(position + 1)}
                )
        text = {field: _text(value) for field, value in values.items()}
        for field in MAPPED_FIELDS:
            if text.get(field) and self.mapped(field, text[field]) != text[field]:
                problems.kept(field, text[field])
                text[field] = values[field] = self.mapped(field, text[field])
        for field in REQUIRED:
            if not text.get(field):
                problems.fail(field, [pgettext("import", "This field is required.")])
        return text, values

    def mapped(self, field, text):
        """``text`` as the mapping file translates it for ``field`` (an old system's classification name)."""
        return self.options.mapping.get(field, {}).get(normalize(text), text)

    def read_values(self, text, values, problems):
        fields = {field: text[field] for field in TEXT_FIELDS if text.get(field)}
        if text.get("keywords"):
            fields["keywords"] = keywords(text["keywords"])
        for field in DATE_FIELDS:
            if text.get(field):
                try:
                    fields[field], embedded = read_date(values[field])
                    if embedded:
                        problems.kept(field, text[field])
                except ValueError:
                    problems.fail(
                        field,
                        [_("“%(value)s” is not a date. Use a form such as 2024-03-01, 2024/3/1 or 2024年3月1日.") % {"value": text[field]}],
                    )
        for field, (accepted, shown) in self.choices.items():
            if text.get(field):
                try:
                    fields[field] = accepted[normalize(text[field])]
                except KeyError:
                    problems.fail(
                        field, [_("“%(value)s” is not an accepted value. Use one of: %(choices)s.") % {"value": text[field], "choices": shown}]
                    )
        return fields

    def find_references(self, text, problems):
        lookups = {
            "organisation": lambda name: self.references.organisation(
                name, text.get("organisation_code", ""), self.legacy_codes.get(normalize(name), "")
            ),
            "topic": self.references.topic,
            "genre": self.references.genre,
            "audience": self.references.audience,
        }
        fields = {}
        for field, lookup in lookups.items():
            if text.get(field):
                try:
                    fields[field] = lookup(text[field])
                except RowError as error:
                    problems.fail(field, error.messages)
        return fields

    def read_index_number(self, line, number, problems):
        if not number:
            return {}
        first_line = self.index_numbers.setdefault(number, line)
        if first_line != line:
            problems.fail("index_number", [_("The index number %(number)s is also on line %(line)s.") % {"number": number, "line": first_line}])
        elif number in self.numbers_in_use:
            problems.fail("index_number", [_("The index number %(number)s is already in use on this site.") % {"number": number}])
        elif index_number_rules.parse(self.scheme.index_number_scheme, number) is None:
            problems.warnings.append(
                _("The index number %(number)s does not follow this site's scheme %(scheme)s; it is kept as it is.")
                % {"number": number, "scheme": self.scheme.index_number_scheme}
            )
        return {"index_number": number}

    def new_slug(self, title, reserve=True):
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        base = slugify(title, allow_unicode=allow_unicode)[:SLUG_LENGTH].strip("-") or "entry"
        suffix = self.slug_suffixes.get(base, 1)
        slug = base if suffix == 1 else f"{base}-{suffix}"
        while slug in self.slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        if reserve:
            self.slugs.add(slug)
            self.slug_suffixes[base] = suffix
        return slug

def first_revisions(pages, user=None):
    """The first revisions of pages just inserted, as ``Page.save_revision()`` writes them, in one statement, without
    saving the pages again: each page records its revision with its next write (the import's publication, or
    ``DRAFT_REVISION_FIELDS`` for a draft). A new imported page has no comments to give ids to."""
    now = timezone.now()
    revisions = [
        Revision(
            content_object=page, base_content_type=page.get_base_content_type(), user=user, approved_go_live_at=None,
            content=page.serializable_data(), object_str=str(page), created_at=now,
        )
        for page in pages
    ]  # fmt: skip
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        record_revision_file_uses(revision)  # what the revision's post_save receiver records (no signals in bulk)
    return revisions


# What ``save_revision`` sets on a draft's row.
DRAFT_REVISION_FIELDS = ("latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes")


class ChildPositions:
    """The tree positions of the entries a batch adds below the catalogue. treebeard's ``add_child`` locks and
    reads the parent row and looks up its last child for every page; here that is done once per batch (the
    lock is held until the batch commits either way), and the parent's child count is set once at the end."""

    def __init__(self, parent):
        self.parent = Page.objects.select_for_update().get(pk=parent.pk)
        last = self.parent.get_last_child()
        self.last_path = last.path if last is not None else None

    def place(self, entries):
        for entry in entries:
            entry.depth = self.parent.depth + 1
            if self.last_path is None:
                entry.path = Page._get_path(self.parent.path, entry.depth, 1)
            else:
                entry.path = Page(path=self.last_path)._inc_path()
            # treebeard's cache of ``get_parent()`` (the url_path, the catalogue, the 索引号's site and slug ask for it):
            # the parent read and locked for this batch.
            entry._cached_parent_obj = self.parent
            self.last_path = entry.path

    def close(self):
        # Counted rather than added up: with --skip-invalid a row may have been left out after it was placed.
        children = Page.objects.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1).count()
        Page.objects.filter(pk=self.parent.pk).update(numchild=children)


# --- resuming ---------------------------------------------------------------------------------

# The options a resumed run keeps (with the catalogue, recorded on the run).
RECORDED_OPTIONS = ("skip_invalid", "create_missing", "publish", "reason", "source", "mapping", "batch_size")


def resumable_run(source):
    """The interrupted run of this file, or the reason there is none to resume."""
    unfinished = ImportRun.objects.exclude(status=ImportRun.Status.COMPLETED)
    run = unfinished.filter(file_hash=source.digest).first()
    if run is not None:
        return run
    other = unfinished.first()
    if other is None:
        raise CatalogueImportError([_("There is no interrupted import to resume. Run the command without --resume.")])
    raise CatalogueImportError(
        [
            _(
                "This file is not the one whose import was interrupted: “%(file)s” (started %(started)s, %(done)s of %(rows)s rows "
                "done) had other contents. Resume it with that file, unchanged, or import this one without --resume."
            )
            % {"file": other.file_name, "started": timezone.localtime(other.started_at).strftime("%Y-%m-%d %H:%M"),
               "done": other.rows_done, "rows": other.rows_total}
        ]
    )  # fmt: skip


def resumed_options(run, options):
    """The options the run was started with; different ones given now are refused."""
    recorded = dict(run.options)
    given = {name: getattr(options, name) for name in RECORDED_OPTIONS if name not in ("source", "batch_size") and getattr(options, name)}
    if options.parent not in (None, "") and find_catalogue(options.parent).pk != run.catalogue_id:
        given["parent"] = options.parent
    differing = sorted(name for name, value in given.items() if recorded.get(name) != value)
    if differing or options.dry_run:
        raise CatalogueImportError(
            [
                _("An import is resumed with the options it was started with; leave out: %(options)s.")
                % {"options": ", ".join("--" + name.replace("_", "-") for name in differing or ["dry_run"])}
            ]
        )
    if run.catalogue_id is None:
        raise CatalogueImportError([_("The catalogue of the interrupted import no longer exists.")])
    batch_size = options.batch_size if options.batch_size != ImportOptions.batch_size else recorded.get("batch_size", options.batch_size)
    return dataclasses.replace(
        options, parent=run.catalogue_id, **{name: recorded[name] for name in RECORDED_OPTIONS[:-1] if name in recorded}, batch_size=batch_size
    )


def refuse_to_start_again(source):
    run = ImportRun.objects.exclude(status=ImportRun.Status.COMPLETED).filter(file_hash=source.digest).first()
    if run is not None:
        raise CatalogueImportError(
            [
                _(
                    "The import of this file was interrupted after %(done)s of %(rows)s rows (line %(line)s). Continue it with "
                    "--resume; starting again would import those rows twice."
                )
                % {"done": run.rows_done, "rows": run.rows_total, "line": run.last_line}
            ]
        )


def import_catalogue(path, options=None, progress=None):
    """Import the entries of a CSV or XLSX file; see ``ImportOptions`` and ``ImportResult``.

    ``progress``: called with a line of text after the check of the file and after each batch.
    """
    options = options or ImportOptions()
    if not writes_in_batches(router.db_for_write(Page)):
        raise CatalogueImportError(
            [_("This database cannot write pages in batches (it does not return the ids of a multi-row insert). Use PostgreSQL or SQLite 3.35 or later.")]
        )
    source = Source.of(path)
    run = None
    if options.resume:
        run = resumable_run(source)
        options = resumed_options(run, options)
    elif not options.dry_run:
        refuse_to_start_again(source)
    if options.publish and not options.reason.strip():
        raise CatalogueImportError([_("Publishing imported records needs a reason (--reason), recorded in the review ledger as a legacy data migration (历史数据迁移).")])
    if options.publish and not options.source:
        options = dataclasses.replace(options, source=source.name)
    table = read_table(path)
    return CatalogueImporter(find_catalogue(options.parent), options, progress).run(table, source, run)
