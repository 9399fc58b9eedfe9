"""Content fingerprints: what a confidentiality review approves.

A review approves *content*, not a revision id: revision ids are stale on copies and aliases, and
revisions can be purged, while a revert to content identical to reviewed content may pass. The
content is identified by a fingerprint of the page's serialisable data without the fields that
change by themselves (tree position, publication state, timestamps, locks, denormalised caches).
"""

import functools
import hashlib
import json

from django.contrib.contenttypes.models import ContentType

# Page fields that are not content: they change without anyone editing the page.
VOLATILE_FIELDS = frozenset(
    {
        "pk", "id", "path", "depth", "numchild", "url_path", "draft_title", "live", "has_unpublished_changes",
        "first_published_at", "last_published_at", "live_revision", "latest_revision", "latest_revision_created_at",
        "locked", "locked_at", "locked_by", "owner", "content_type", "translation_key", "locale", "alias_of",
        "expired", "go_live_at", "expire_at", "comments", "wagtail_admin_comments", "page_ptr",
        # Filled in or derived by the plugin itself.
        "publish_date", "publication_deadline", "search_text",
    }
)
# Keys of child rows (inline panels) that identify the row rather than describe it.
CHILD_VOLATILE_FIELDS = frozenset({"pk", "id", "page", "sort_order"})


def _strip(value, volatile):
    if isinstance(value, dict):
        return {key: _strip(item, CHILD_VOLATILE_FIELDS) for key, item in value.items() if key not in volatile}
    if isinstance(value, list):
        return [_strip(item, CHILD_VOLATILE_FIELDS) for item in value]
    return value


def content_fingerprint(page, ignore=()):
    """SHA-256 of the page's content, the same for a page object and for the revision it came from.

    ``ignore``: further top-level fields to leave out (an alias keeps its own ``slug``).
    """
    data = _strip(page.serializable_data(), VOLATILE_FIELDS.union(ignore))
    data["__type__"] = ContentType.objects.get_for_model(page).natural_key()
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Revisions never change once written, so their fingerprints are remembered (keyed by id and creation
# time, because SQLite may reuse the id of a deleted last row).
_revision_fingerprints = {}


def revision_fingerprint(revision):
    key = (revision.pk, revision.created_at)
    fingerprint = _revision_fingerprints.get(key) if revision.pk else None
    if fingerprint is None:
        fingerprint = content_fingerprint(revision.as_object())
        if revision.pk:
            if len(_revision_fingerprints) > 10_000:
                _revision_fingerprints.clear()
            _revision_fingerprints[key] = fingerprint
    return fingerprint


@functools.cache
def content_fields(model):
    """Names (and attnames) of the model's concrete fields that are content, i.e. part of the fingerprint."""
    names = set()
    for field in model._meta.concrete_fields:
        if field.name not in VOLATILE_FIELDS:
            names.update({field.name, field.attname})
    return names
