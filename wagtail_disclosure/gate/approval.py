"""Whether a piece of content may go live: the review levels that approved it, and what is missing."""

import contextlib
import contextvars

from django.conf import settings
from django.db.models import Subquery
from wagtail.models import WorkflowPage

from ..models.ledger import ReviewRecord
from ..models.review import ConfidentialityReviewTask
from ..rules.confidentiality import APPROVING_CONCLUSIONS, RecordKind
from .fingerprint import content_fingerprint, live_row_fingerprints, remembering_shared_values, revision_fingerprint

# One publication asks the same question several times (the publish wrapper, Wagtail's permission
# check, the save): within ``remembering_answers()`` each (page, content) is looked up once.
_answers = contextvars.ContextVar("wagtail_disclosure_gate_answers", default=None)


@contextlib.contextmanager
def remembering_answers():
    if _answers.get() is not None:
        yield
        return
    token = _answers.set({})
    try:
        with remembering_shared_values():
            yield
    finally:
        _answers.reset(token)


def required_review_tasks(page):
    """The active confidentiality review tasks of the workflow that applies to ``page``, in order.

    The same workflow as ``page.get_workflow()`` (the page's own or its nearest ancestor's active
    workflow), found in one query with its tasks instead of five.
    """
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True) or not page.path:
        return []
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    nearest = WorkflowPage.objects.filter(page__path__in=paths, workflow__active=True).order_by("-page__depth").values("workflow_id")[:1]
    return list(
        ConfidentialityReviewTask.objects.filter(active=True, workflow_tasks__workflow_id=Subquery(nearest)).order_by(
            "workflow_tasks__sort_order", "pk"
        )
    )


def approval_missing(page, fingerprint):
    """The review levels that have not approved ``fingerprint`` for this page (empty: approved).

    The latest record of each level for this content decides, so a later 不予公开 on the same
    content withdraws an earlier approval. A 紧急发布 or 历史数据迁移 record lets the content through
    on its own: those are recorded decisions of a different kind, listed as such in the ledger.
    ``[None]`` means no confidentiality review applies to the page at all, so nothing but such a
    record can approve it.
    """
    if page.pk is None:
        return [None]
    answers = _answers.get()
    if answers is not None:
        key = (page.pk, fingerprint)
        if key not in answers:
            answers[key] = _approval_missing(page, fingerprint)
        return answers[key]
    return _approval_missing(page, fingerprint)


def remember_approvals(pages_and_fingerprints):
    """Within ``remembering_answers()``: the answers of ``approval_missing`` for many ``(page, fingerprint)`` at once
    (an import's batch), their ledger records read in one query instead of one per page."""
    answers = _answers.get()
    wanted = [(page, fingerprint) for page, fingerprint in pages_and_fingerprints if page.pk is not None]
    if answers is None or not wanted:
        return
    found = {}
    records = ReviewRecord.objects.filter(page_pk__in={page.pk for page, _f in wanted}, content_hash__in={f for _p, f in wanted}).order_by("sequence")
    for page_pk, content_hash, *record in records.values_list("page_pk", "content_hash", "kind", "task_pk", "conclusion"):
        found.setdefault((page_pk, content_hash), []).append(record)
    for page, fingerprint in wanted:
        answers.setdefault((page.pk, fingerprint), _approval_missing(page, fingerprint, found.get((page.pk, fingerprint), [])))


def _approval_missing(page, fingerprint, records=None):
    if records is None:
        records = ReviewRecord.objects.filter(page_pk=page.pk, content_hash=fingerprint).order_by("sequence").values_list("kind", "task_pk", "conclusion")
    latest, recorded_decision = {}, False
    for kind, task_pk, conclusion in records:
        if kind in (RecordKind.EMERGENCY, RecordKind.LEGACY_MIGRATION):
            recorded_decision = True
        else:
            latest[task_pk] = conclusion
            if conclusion not in APPROVING_CONCLUSIONS:
                recorded_decision = False  # a later review that does not approve withdraws it
    if recorded_decision:
        return []
    tasks = required_review_tasks(page)
    if not tasks:
        return [None]
    return [task for task in tasks if latest.get(task.pk) not in APPROVING_CONCLUSIONS]


def is_approved(page, fingerprint):
    return not approval_missing(page, fingerprint)


def mirrors_live_source(alias, fingerprint_without_slug=None):
    """An alias may be live when it shows exactly what its source shows live (the alias keeps its own slug)."""
    if not alias.alias_of_id:
        return False
    source = type(alias).objects.filter(pk=alias.alias_of_id).first()
    if source is None or not source.live:
        return False
    if fingerprint_without_slug is None:
        fingerprint_without_slug = content_fingerprint(alias, ignore=("slug", "url_path"))
    return content_fingerprint(source, ignore=("slug", "url_path")) == fingerprint_without_slug


def live_content_approved(page):
    """Whether what ``page``'s row shows now (a live row, as stored) has an approved review.

    Its live revision must hold reviewed content too: the record of what went live may not point at
    content nobody reviewed. Aliases show their source's live content.
    """
    if page.alias_of_id:
        return mirrors_live_source(page)
    fingerprints = live_row_fingerprints(page)
    if not any(not approval_missing(page, fingerprint) for fingerprint in fingerprints):
        return False
    return live_revision_reviewed(page, fingerprints)


def live_revision_reviewed(page, row_fingerprints=None):
    """The page's ``live_revision`` holds approved content, or the content its row shows (or it has none)."""
    revision = page.live_revision if page.live_revision_id else None
    if revision is None:
        return True
    fingerprint = revision_fingerprint(revision)
    if fingerprint in (row_fingerprints if row_fingerprints is not None else live_row_fingerprints(page)):
        return True
    return not approval_missing(page, fingerprint)
