"""Content fingerprints: what a confidentiality review approves.

A review approves *content*, not a revision id: revision ids are stale on copies and aliases, and
revisions can be purged, while a revert to content identical to reviewed content may pass. The
content is identified by a fingerprint of the page's serialisable data without the fields that
change by themselves: Wagtail's bookkeeping (tree position, publication state, timestamps, locks)
and the fields each page type declares as derived (``page_declarations``).
"""

import functools
import hashlib
import json
import re

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model

from ..page_declarations import derived_fields

# Wagtail's page fields that are not content: they change without anyone editing the page.
VOLATILE_FIELDS = frozenset(
    {
        "pk", "id", "path", "depth", "numchild", "url_path", "draft_title", "live", "has_unpublished_changes",
        "first_published_at", "last_published_at", "live_revision", "latest_revision", "latest_revision_created_at",
        "locked", "locked_at", "locked_by", "owner", "content_type", "translation_key", "locale", "alias_of",
        "expired", "go_live_at", "expire_at", "comments", "wagtail_admin_comments", "page_ptr",
    }
)


def unreviewed_fields(model):
    """The fields of ``model`` a review does not cover: Wagtail's bookkeeping and the type's derived fields."""
    return VOLATILE_FIELDS | derived_fields(model)
# Keys of child rows (inline panels) that identify the row rather than describe it.
CHILD_VOLATILE_FIELDS = frozenset({"pk", "id", "page", "sort_order"})


# Draftail's block keys are editor bookkeeping, not content: a body stored without them (by an import or
# code) gets new ones each time the edit form is saved.
_BLOCK_KEY = re.compile(r' data-block-key=\\?"[^"\\]*\\?"')


def _strip(value, volatile):
    if isinstance(value, dict):
        return {key: _strip(item, CHILD_VOLATILE_FIELDS) for key, item in value.items() if key not in volatile}
    if isinstance(value, list):
        return [_strip(item, CHILD_VOLATILE_FIELDS) for item in value]
    if isinstance(value, str) and "data-block-key" in value:
        return _BLOCK_KEY.sub("", value)
    return value


_DOCUMENT_LINK = re.compile(r"""linktype=["']document["'][^>]*?\bid=["'](\d+)["']|\bid=["'](\d+)["'][^>]*?linktype=["']document["']""")


def referenced_document_ids(data):
    """Ids of the Wagtail documents a page's serialised data uses: attachment rows and rich-text links."""
    ids = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for child_key, item in value.items():
                walk(item, child_key)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, int) and not isinstance(value, bool) and key == "document":
            ids.add(value)
        elif isinstance(value, str) and "document" in value:
            ids.update(int(a or b) for a, b in _DOCUMENT_LINK.findall(value))

    walk(data)
    return ids


def _document_identities(ids):
    """What the public downloads: each document's stored file name and hash (a replaced file changes both)."""
    rows = get_document_model().objects.filter(pk__in=ids).values_list("pk", "file", "file_hash")
    return {str(pk): [name, file_hash] for pk, name, file_hash in rows}


def _content_data(page, ignore=()):
    data = _strip(page.serializable_data(), unreviewed_fields(type(page)).union(ignore))
    data["__type__"] = ContentType.objects.get_for_model(page).natural_key()
    return data


def _fingerprint_of(data):
    document_ids = referenced_document_ids(data)
    if document_ids:
        # Read every time: a document's file can be replaced while the page's data stays the same.
        data = {**data, "__documents__": _document_identities(document_ids)}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_fingerprint(page, ignore=()):
    """SHA-256 of the page's content, the same for a page object and for the revision it came from.

    The files of the documents it links or attaches are part of the content: a review covers the file
    that was read, not just a document id. ``ignore``: further top-level fields to leave out (an alias
    keeps its own ``slug``).
    """
    return _fingerprint_of(_content_data(page, ignore))


# A revision's data never changes once written, so it is remembered (keyed by id and creation time,
# because SQLite may reuse the id of a deleted last row); the files it refers to are looked up each time.
_revision_data = {}


def revision_fingerprint(revision):
    """The fingerprint of a revision's content, equal to ``content_fingerprint(revision.as_object())``.

    Built straight from the revision's data without ``as_object()``'s database look-ups (the fields it
    takes from the database row are not content). A revision pointing at a since-deleted object keeps
    its id here where ``as_object()`` drops it: the fingerprints then differ and the gate refuses.
    """
    key = (revision.pk, revision.created_at)
    data = _revision_data.get(key) if revision.pk else None
    if data is None:
        model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
        data = _content_data(model.from_serializable_data(revision.content, check_fks=False))
        if revision.pk:
            if len(_revision_data) > 5_000:
                _revision_data.clear()
            _revision_data[key] = data
    return _fingerprint_of(data)


@functools.cache
def content_fields(model):
    """Names (and attnames) of the model's concrete fields that are content, i.e. part of the fingerprint."""
    names, unreviewed = set(), unreviewed_fields(model)
    for field in model._meta.concrete_fields:
        if field.name not in unreviewed:
            names.update({field.name, field.attname})
    return names
