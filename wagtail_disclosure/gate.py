"""The publication gate: which content has been approved by a confidentiality review.

A review approves *content*, not a revision id: revision ids are stale on copies and aliases, and
revisions can be purged, while a revert to content identical to reviewed content may pass. The
content is identified by a fingerprint of the page's serialisable data without the fields that
change by themselves (tree position, publication state, timestamps, locks, denormalised caches).

This module only answers questions; enforcement on every publication route builds on it (see
docs/publication-routes.md for the routes).
"""

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


def content_fingerprint(page):
    """SHA-256 of the page's content, the same for a page object and for the revision it came from."""
    data = _strip(page.serializable_data(), VOLATILE_FIELDS)
    data["__type__"] = ContentType.objects.get_for_model(page).natural_key()
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def revision_fingerprint(revision):
    return content_fingerprint(revision.as_object())


def required_review_tasks(page):
    """The active confidentiality review tasks of the workflow that applies to ``page``, in order."""
    from .models.review import ConfidentialityReviewTask

    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        return []
    task_ids = [task.pk for task in workflow.tasks.filter(active=True)]
    tasks = {task.pk: task for task in ConfidentialityReviewTask.objects.filter(pk__in=task_ids)}
    return [tasks[pk] for pk in task_ids if pk in tasks]


def approval_missing(page, fingerprint):
    """The review levels that have not approved ``fingerprint`` for this page (empty: approved).

    The latest record of each level for this content decides, so a later 不予公开 on the same
    content withdraws an earlier approval. A 紧急发布 or 历史数据迁移 record lets the content through
    on its own: those are recorded decisions of a different kind, listed as such in the ledger.
    """
    from .models.review import ReviewRecord
    from .rules.confidentiality import RecordKind

    records = ReviewRecord.objects.filter(page_pk=page.pk, content_hash=fingerprint)
    if records.filter(kind__in=[RecordKind.EMERGENCY, RecordKind.LEGACY_MIGRATION]).exists():
        return []
    tasks = required_review_tasks(page)
    if not tasks:
        return [None]  # no review is configured: nothing can approve the content
    latest = {}
    for record in records.filter(kind=RecordKind.REVIEW).order_by("sequence"):
        latest[record.task_pk] = record
    return [task for task in tasks if not (task.pk in latest and latest[task.pk].is_approval)]
