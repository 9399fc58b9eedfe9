"""Whether a piece of content may go live: the review levels that approved it, and what is missing."""

from .fingerprint import content_fingerprint


def required_review_tasks(page):
    """The active confidentiality review tasks of the workflow that applies to ``page``, in order."""
    from ..models.review import ConfidentialityReviewTask

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
    ``[None]`` means no confidentiality review applies to the page at all, so nothing but such a
    record can approve it.
    """
    from ..models.review import ReviewRecord
    from ..rules.confidentiality import APPROVING_CONCLUSIONS, RecordKind

    if page.pk is None:
        return [None]
    records = ReviewRecord.objects.filter(page_pk=page.pk, content_hash=fingerprint).order_by("sequence")
    latest, recorded_decision = {}, False
    for kind, task_pk, conclusion in records.values_list("kind", "task_pk", "conclusion"):
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
