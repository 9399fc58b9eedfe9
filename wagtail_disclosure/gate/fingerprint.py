"""Content fingerprints: what a confidentiality review approves.

A review approves *content*, not a revision id: revision ids are stale on copies and aliases, and
revisions can be purged, while a revert to content identical to reviewed content may pass. The
content is identified by a fingerprint of the page's serialisable data without the fields that
change by themselves: Wagtail's bookkeeping (tree position, publication state, timestamps, locks)
and the fields each page type declares as derived (``page_declarations``).

Everything else the public sees of the page is in it too, read afresh each time: the files, titles
of the documents it attaches or links, the files, titles and descriptions of the images it embeds,
and what it shows of the objects it points at (an organisation's name, a topic's path; see
``page_declarations.displayed_values``). So a change to any of them is a change of content, which the
gate refuses while the page is live (``gate.shared_objects``) and ``disclosure_audit_live_content``
recognises if it happened around the gate.
"""

import contextlib
import contextvars
import functools
import hashlib
import json
import re

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ..page_declarations import derived_fields, displayed_values, shows_values

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


_IMAGE_EMBED = re.compile(r"""embedtype=["']image["'][^>]*?\bid=["'](\d+)["']|\bid=["'](\d+)["'][^>]*?embedtype=["']image["']""")


def referenced_image_ids(data, model=None):
    """Ids of the Wagtail images a page's serialised data shows: rich-text embeds and image fields."""
    ids = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and "image" in value:
            ids.update(int(a or b) for a, b in _IMAGE_EMBED.findall(value))

    walk(data)
    if model is not None:
        for field in _related_fields(model):
            if field.related_model is get_image_model() and isinstance(data.get(field.name), int):
                ids.add(data[field.name])
    return ids


def _document_identities(ids):
    """What the public downloads: each document's stored file name, hash and title (a replaced file changes them)."""
    rows = get_document_model().objects.filter(pk__in=ids).values_list("pk", "file", "file_hash", "title")
    return {str(pk): list(values) for pk, *values in rows}


def _image_identities(ids):
    """What the public sees of each image: its file, hash, title and description (the default alt text)."""
    model = get_image_model()
    names = ["file", "file_hash", "title"] + (["description"] if any(f.name == "description" for f in model._meta.fields) else [])
    return {str(pk): list(values) for pk, *values in model.objects.filter(pk__in=ids).values_list("pk", *names)}


@functools.cache
def _related_fields(model):
    return tuple(field for field in model._meta.concrete_fields if field.many_to_one and field.related_model is not None)


def _shown_fields(model):
    """The fields pointing at objects whose values the page shows (an organisation's name, not a revision)."""
    return tuple(field for field in _related_fields(model) if shows_values(field.related_model))


def _displayed_objects(model, data, memo=None):
    """What the page shows of the objects its fields point at (``page_declarations.displayed_values``)."""
    shown = {}
    for field in _shown_fields(model):
        pk = data.get(field.name)
        if pk is not None:
            shown[field.name] = _remembered(
                memo, ("shown", field.related_model._meta.label, str(pk)), lambda: displayed_values(field.related_model, [pk]).get(pk)
            )
    return shown


def _content_data(page, ignore=(), data=None):
    data = _strip(page.serializable_data() if data is None else data, unreviewed_fields(type(page)).union(ignore))
    data["__type__"] = ContentType.objects.get_for_model(page).natural_key()
    return data


# Within one operation (a publication asks several times), what shared objects show is read once.
_shared_values = contextvars.ContextVar("wagtail_disclosure_shared_values", default=None)


@contextlib.contextmanager
def remembering_shared_values():
    if _shared_values.get() is not None:
        yield
        return
    token = _shared_values.set({})
    try:
        yield
    finally:
        _shared_values.reset(token)


def _remembered(memo, key, read):
    """``read()``, or its answer remembered in ``memo`` (None: outside an operation, read every time)."""
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _shared_extra(data, model, memo=None):
    # Read every time outside an operation: a shared object can change while the page's own data stays the same.
    # Within one, each shared object is read once (an import's batch asks about many pages that show the same ones).
    extra = {}
    document_ids = referenced_document_ids(data)
    if document_ids:
        extra["__documents__"] = _remembered(memo, ("documents", *sorted(document_ids)), lambda: _document_identities(document_ids))
    image_ids = referenced_image_ids(data, model)
    if image_ids:
        extra["__images__"] = _remembered(memo, ("images", *sorted(image_ids)), lambda: _image_identities(image_ids))
    shown = _displayed_objects(model, data, memo)
    if shown:
        extra["__shown__"] = shown
    return extra


def _fingerprint_of(data, model):
    data = {**data, **_shared_extra(data, model, _shared_values.get())}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_fingerprint(page, ignore=()):
    """SHA-256 of the page's content, the same for a page object and for the revision it came from.

    The files of the documents it links or attaches are part of the content: a review covers the file
    that was read, not just a document id. ``ignore``: further top-level fields to leave out (an alias
    keeps its own ``slug``).
    """
    return _fingerprint_of(_content_data(page, ignore), type(page))


def live_row_fingerprints(page):
    """The fingerprints an approval of ``page``'s current row may have been given for: its own, and those of
    the content variants its type declares (``page_declarations``), e.g. before a derived value was filled in."""
    data = page.serializable_data()
    variants = getattr(type(page), "reviewed_content_variants", None)
    fingerprints = [_fingerprint_of(_content_data(page, data=data), type(page))]
    for variant in variants(data) if variants is not None else ():
        fingerprints.append(_fingerprint_of(_content_data(page, data=variant), type(page)))
    return fingerprints


# A revision's data never changes once written, so it is remembered (keyed by id and creation time,
# because SQLite may reuse the id of a deleted last row); the files it refers to are looked up each time.
_revision_data = {}


def revision_fingerprint(revision):
    """The fingerprint of a revision's content, equal to ``content_fingerprint(revision.as_object())``.

    Built straight from the revision's data without ``as_object()``'s database look-ups (the fields it
    takes from the database row are not content). A revision pointing at a since-deleted object keeps
    its id here where ``as_object()`` drops it: the fingerprints then differ and the gate refuses.
    """
    model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
    if not revision.pk:
        return _fingerprint_of(_revision_data_of(revision, model), model)
    # Within one operation the files and shared objects it shows do not change: asked once per revision.
    return _remembered(
        _shared_values.get(), ("revision", revision.pk, revision.created_at), lambda: _fingerprint_of(_revision_data_of(revision, model), model)
    )


def _revision_data_of(revision, model):
    key = (revision.pk, revision.created_at)
    data = _revision_data.get(key) if revision.pk else None
    if data is None:
        data = _content_data(model.from_serializable_data(revision.content, check_fks=False))
        if revision.pk:
            if len(_revision_data) > 5_000:
                _revision_data.clear()
            _revision_data[key] = data
    return data


def same_content(page, revision):
    """Whether ``revision`` holds exactly ``page``'s content (its own data: the shared objects are then the same)."""
    return _revision_data_of(revision, type(page)) == _content_data(page)


@functools.cache
def content_fields(model):
    """Names (and attnames) of the model's concrete fields that are content, i.e. part of the fingerprint."""
    names, unreviewed = set(), unreviewed_fields(model)
    for field in model._meta.concrete_fields:
        if field.name not in unreviewed:
            names.update({field.name, field.attname})
    return names
