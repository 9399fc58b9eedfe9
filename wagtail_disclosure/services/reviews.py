"""Recording a confidentiality review decision (保密审查): the one way a ledger record is written.

Three kinds of decision write a record: a reviewer's decision in the workflow task (``REVIEW``), a
紧急发布 (``EMERGENCY``) and a 历史数据迁移 (``LEGACY_MIGRATION``). Each goes through
``record_decision``: the ledger record with its snapshots and content fingerprint (taken the same way
every time, so the gate finds it), the audit-log entry, and — for the last two — the publication.
Two more kinds follow from them or from the site's set-up: a review that does not approve content
published in an emergency withdraws it (``WITHDRAWAL``, :func:`withdraw_emergency_publication`), and
changes to the review configuration are recorded by ``services.configuration`` (``CONFIGURATION``).

The review task's side (``check_review``, ``record_task_decision``) also lives here: the task model's
``on_action`` delegates to it. ``models.review.ConfidentialityReviewTask`` explains how Wagtail reacts
to ``on_action`` and why a refusal is a message rather than an exception: :func:`refuse` returns
(as the redirect URL the modal view follows) the address of a view that shows the refusal, and in
the page editor the ``before_edit_page`` pre-check (``views.review``) hands its request over
(:func:`hand_over_edit_view_request`) so that a refusal only ``on_action`` can make still reaches
the user.
"""

import contextvars
import typing
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import TaskState
from wagtail.signals import page_published

from ..gate.approval import approval_missing, remember_approvals, remembering_answers, required_review_tasks
from ..gate.enforcement import (
    GATE_REFUSED_LOG_ACTION,
    Verdict,
    blocked_message,
    enforce_on_save,
    publication_blockers,
    publication_verdict,
)
from ..gate.fingerprint import content_fingerprint, live_row_fingerprints, revision_fingerprint
from ..gate.registry import is_gated_model
from ..models.base import keep_internal_record_offline
from ..models.batch_writes import update_pages
from ..models.catalogue import reviewing_together
from ..models.ledger import ReviewRecord
from ..models.review_forms import keep_as_signed_form
from ..prescan import scan_page
from ..rules.confidentiality import Conclusion, RecordKind
from . import emergencies

# Audit-log actions (their formatters are registered by the views).
REVIEW_LOG_ACTION = "wagtail_disclosure.review"
EMERGENCY_LOG_ACTION = "wagtail_disclosure.emergency_publish"
LEGACY_MIGRATION_LOG_ACTION = "wagtail_disclosure.legacy_migration"
WITHDRAWAL_LOG_ACTION = "wagtail_disclosure.withdrawal"

REFUSED_URL_NAME = "wagtail_disclosure:review_refused"
REFUSAL_SIGNING_SALT = "wagtail_disclosure.review.refused"
RECORDED_URL_NAME = "wagtail_disclosure:review_recorded"
RECORDED_SIGNING_SALT = "wagtail_disclosure.review.recorded"

# Records about no page (a review level, a workflow) carry this in place of a page's translation key.
NO_PAGE_TRANSLATION_KEY = uuid.UUID(int=0)

DATABASE_BUSY_MESSAGE = gettext_lazy("Another reviewer is recording this review. Please try again in a moment.")


# --- the ledger record ----------------------------------------------------------------------------


def append_record(page, *, kind, conclusion, **details):
    """Append a ledger record about ``revision`` of ``page`` (or the page's own content when no revision);
    the arguments as for :func:`new_record`."""
    record = new_record(page, kind=kind, conclusion=conclusion, **details)
    record.save()
    return record


def new_record(page, *, kind, conclusion, reviewer=None, reviewer_name="", revision=None, task=None, subject=None, **fields):
    """A ledger record, not yet appended, about ``revision`` of ``page`` (or the page's own content when no revision).

    ``page`` None: a record about ``subject`` (a review level, a workflow) rather than a page's content:
    page id 0, the subject's name and type, no content fingerprint. Records of the review configuration
    (``CONFIGURATION``) have no content fingerprint either.
    ``fields``: basis, opinion, confirmations, acknowledged_findings, attachment, reason, source.
    """
    if reviewer is not None and not reviewer_name:
        reviewer_name = reviewer.get_full_name() or reviewer.get_username()
    if page is None:
        about = {
            "page_pk": 0, "page_title": str(subject)[:255], "page_content_type": ContentType.objects.get_for_model(subject),
            "translation_key": NO_PAGE_TRANSLATION_KEY, "content_hash": "",
        }
    elif kind == RecordKind.CONFIGURATION:
        # About the page's review, not its content: no fingerprint (the gate must never match the record),
        # and only the base page's row (the change may come while the page itself is being deleted).
        about = {
            "page_pk": page.pk, "page_title": page.title[:255], "page_content_type_id": page.content_type_id,
            "translation_key": page.translation_key, "locale_code": page.locale.language_code if page.locale_id else "", "content_hash": "",
        }
    else:
        page = page.specific
        title, organisation = _title_and_organisation(page, revision)
        about = {
            "page_pk": page.pk,
            "page_title": title[:255],
            "page_content_type": ContentType.objects.get_for_model(page),
            "translation_key": page.translation_key,
            "locale_code": page.locale.language_code if page.locale_id else "",
            "revision_pk": revision.pk if revision is not None else None,
            "content_hash": revision_fingerprint(revision) if revision is not None else content_fingerprint(page),
            "index_number": getattr(page, "index_number", "") or "",
            "organisation_name": organisation.name if organisation is not None else "",
        }
    record = ReviewRecord(
        kind=kind,
        **about,
        reviewer=reviewer,
        reviewer_name=reviewer_name or "—",
        task_pk=task.pk if task is not None else None,
        level_name=getattr(task, "level_name", "") if task is not None else "",
        conclusion=conclusion,
        **fields,
    )
    return record


def _title_and_organisation(page, revision):
    """The title and organisation of ``revision``'s content (the page's own without a revision), read from the
    revision's data where it has them: deserialising the whole revision is slow (an import records thousands)."""
    if revision is None:
        return page.title, getattr(page, "organisation", None)
    try:
        field = type(page)._meta.get_field("organisation")
    except FieldDoesNotExist:
        field = None
    if field is None or not field.many_to_one or "title" not in revision.content:
        content = revision.as_object()
        return content.title, getattr(content, "organisation", None)
    organisation_id = revision.content.get(field.name)
    organisation = field.get_cached_value(page) if field.is_cached(page) else None  # the one in hand, if it is the revision's
    if organisation is None or organisation.pk != organisation_id:
        organisation = field.related_model._default_manager.filter(pk=organisation_id).first() if organisation_id is not None else None
    return revision.content["title"], organisation


@transaction.atomic
def record_decision(page, revision, *, kind, user=None, publish=False, skip_permission_checks=False, log_data=None, **record_fields):
    """A recorded decision that lets ``revision`` through without the workflow: ledger, audit log, publication.

    For 紧急发布 and 历史数据迁移 (``kind``); ``record_fields`` as for :func:`new_record`. The publication
    passes the gate because of the record just written. Many at once (an import's batch): :func:`record_decisions`
    and :func:`publish_first_revisions`.
    """
    [record] = record_decisions([(page, revision)], kind=kind, user=user, log_data=log_data, **record_fields)
    if publish:
        revision.publish(user=user, skip_permission_checks=skip_permission_checks)
    return record


def record_decisions(pages_and_revisions, *, kind, user=None, log_data=None, audit_log=log, **record_fields):
    """The ledger records and audit-log entries of :func:`record_decision` (without its publication) for many
    ``(page, revision)`` at once: the records appended together (``ReviewRecord.append_all``)."""
    records = ReviewRecord.append_all(
        [new_record(page, revision=revision, kind=kind, conclusion=Conclusion.APPROVE, reviewer=user, **record_fields) for page, revision in pages_and_revisions]
    )
    action = EMERGENCY_LOG_ACTION if kind == RecordKind.EMERGENCY else LEGACY_MIGRATION_LOG_ACTION
    for (page, revision), record in zip(pages_and_revisions, records, strict=True):
        audit_log(instance=page, action=action, user=user, revision=revision, data={"record": record.sequence, **(log_data or {})})
    return records


@transaction.atomic
def publish_first_revisions(pages_and_revisions, *, user=None, audit_log=log):
    """Publish the first revisions of pages inserted a moment ago (an import's batch, ``models.batch_writes``),
    each ``(page, revision)`` from the object in hand; the gate's verdicts, in order.

    What Wagtail's ``PublishPageRevisionAction`` does, without what cannot apply to a page that has just been
    created with ``revision`` as its only revision: no earlier revision to rename from, no comments, aliases,
    schedule or workflow, no ``as_object()`` (``page`` is the revision's content). The gate is not skipped: its
    verdict on each revision (the page type's publication rules and the approval of this content) decides
    first, then the check every save of a gated page gets (``enforce_on_save``), on the page about to be
    written live. A refusal is logged as on every other route and leaves the page a draft. The pages that
    pass are written in one statement per table, then each is signalled (``page_published``) and logged.
    """
    for page, revision in pages_and_revisions:
        if page.pk is None or str(revision.object_id) != str(page.pk) or page.live_revision_id is not None or page.go_live_at is not None:
            raise ValueError("publish_first_revisions() publishes the first revision of saved pages that have never been live, now.")
    verdicts, published = [], []
    with remembering_answers():  # the verdict's question and the save check's are the same: asked once
        remember_approvals([(page, revision_fingerprint(revision)) for page, revision in pages_and_revisions])
        now = timezone.now()
        for page, revision in pages_and_revisions:
            verdict = publication_verdict(page, revision)
            if verdict.allowed:
                verdict = _go_live(page, revision, now)
            if not verdict.allowed:
                audit_log(instance=page, action=GATE_REFUSED_LOG_ACTION, user=user, revision=revision, data={"revision_id": revision.pk})
            else:
                published.append(page)
            verdicts.append(verdict)
    changed = set(LIVE_STATE_FIELDS)
    for page in published:
        changed |= page.__dict__.pop("_derived_changes")
    update_pages(published, changed)
    published_ids = {page.pk for page in published}
    for page, revision in pages_and_revisions:
        if page.pk in published_ids:
            page.after_save(None, False)
            page_published.send(sender=page.specific_class, instance=page, revision=revision)
            audit_log(instance=page, action="wagtail.publish", user=user, revision=revision, content_changed=True)
    return verdicts


# What a publication sets on the page row (Wagtail's ``PublishPageRevisionAction``).
LIVE_STATE_FIELDS = (
    "live", "expired", "has_unpublished_changes", "latest_revision", "live_revision", "latest_revision_created_at", "draft_title",
    "first_published_at", "last_published_at",
)  # fmt: skip


def _go_live(page, revision, now):
    """Set ``page`` live with ``revision`` in memory, checked as its save would be; the verdict. A refusal restores it."""
    before = {field.attname: getattr(page, field.attname) for field in page._meta.concrete_fields}
    page.live, page.expired, page.has_unpublished_changes = True, False, False
    page.latest_revision, page.live_revision = revision, revision
    page.latest_revision_created_at, page.draft_title = revision.created_at, page.title
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    try:
        enforce_on_save(page)  # what ``save()`` asks first (the gate's answers are remembered: no new queries)
    except ValidationError as error:
        refused = error
    else:
        # A new row is demoted rather than refused (this one is not new); an internal record is kept offline.
        refused = None if page.live and not keep_internal_record_offline(page) else True
    if refused is not None:
        for attname, value in before.items():
            setattr(page, attname, value)
        page.latest_revision, page.live_revision = revision, None
        return Verdict(False, title=page.title)
    page._stored_is_listed = before.get("is_listed", False)  # the row as inserted a moment ago: derived fields need not ask
    page.derive_fields()
    page._derived_changes = {attname for attname, value in before.items() if getattr(page, attname) != value}
    return Verdict(True)


# --- the review task's decisions -------------------------------------------------------------------


def earlier_levels_not_approved(task, task_state):
    """Names of the review levels before ``task`` without an approval of the content under review.

    Approving here could not lead to publication (the gate wants every level's approval of the same
    content), e.g. when an attached file was replaced after the earlier level approved.
    """
    page = task_state.workflow_state.content_object.specific
    if not is_gated_model(type(page)):
        return []
    tasks = [each.pk for each in required_review_tasks(page)]
    if task.pk not in tasks:
        return []
    earlier = set(tasks[: tasks.index(task.pk)])
    return [each.level_name or each.name for each in approval_missing(page, task_state.reviewed_fingerprint) if each is not None and each.pk in earlier]


def check_review(task, task_state, user, action_name, data, *, edit_view_latest_revision_id=None):
    """``(form, None)`` when ``user`` may record this review with ``data``, else ``(form or None, message)``.

    ``data`` is form data or client JSON: it goes through the review form again. Writes nothing.
    """
    if action_name not in task.ACTIONS:
        return None, gettext("Unknown review action.")
    if task_state.task_id != task.pk or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None, gettext("This review has already been concluded.")
    page = task_state.workflow_state.content_object
    if action_name not in [name for name, _label, _modal in task.get_actions(page, user)]:
        return None, gettext("You are not a reviewer at this level.")
    barred = task.barred_reviewers(task_state)
    if user.pk in barred:
        return None, barred[user.pk]
    if action_name == task.APPROVE and task_state.workflow_state.is_at_final_task:
        # Approving the last level publishes (Wagtail checks the publish permission, and a 403
        # would come only after the reviewer filled in the form). The gate's own condition is
        # left out: it is met by the record this approval writes.
        permissions = page.specific_deferred.permissions_for_user(user)
        if not getattr(permissions, "can_publish_without_gate", permissions.can_publish)():
            return None, gettext(
                "This is the last review level: approving publishes the page, and you do not have permission to publish it. "
                "Ask an administrator to give your review group publish permission for this part of the site."
            )
    if action_name == task.APPROVE:
        missing = earlier_levels_not_approved(task, task_state)
        if missing:
            return None, gettext(
                "The content under review is not the content that was approved at %(levels)s (for example, an attached "
                "file was replaced since), so it cannot be approved here. Request changes so that it is submitted again."
            ) % {"levels": "、".join(missing)}
    if action_name == task.APPROVE:
        specific = page.specific_deferred
        companions = reviewed_with_it(specific)
        # 三同步 (同步审签): this review covers the interpretations that go live with the document.
        with reviewing_together([companion for companion, _revision in companions]):
            blockers = publication_blockers(specific, task_state.revision)
        if blockers:
            return None, blocked_message(task_state.revision.content.get("title", specific.title), blockers)
        levels = [each.pk for each in required_review_tasks(specific)]
        earlier = set(levels[: levels.index(task.pk)]) if task.pk in levels else set()
        for companion, revision in companions:
            title = revision.content.get("title", companion.title)
            blockers = publication_blockers(companion, revision)
            if blockers:
                return None, blocked_message(title, blockers)
            missing = [each for each in approval_missing(companion, revision_fingerprint(revision)) if each is not None and each.pk in earlier]
            if missing:
                # Changed after an earlier level approved it: approving here could not publish it.
                return None, gettext(
                    "The interpretation “%(title)s”, reviewed with this document, was changed after %(levels)s approved it. "
                    "Request changes so that the document is submitted again."
                ) % {"title": title, "levels": "、".join(each.level_name or each.name for each in missing)}
            findings, notices = scan_page(revision.as_object())
            if findings or notices:
                # The review form acknowledges the document's own findings only.
                return None, gettext(
                    "The interpretation “%(title)s”, reviewed with this document, has pre-scan findings or parts that could not "
                    "be scanned. Submit the interpretation for review on its own first, or correct it and submit the document again."
                ) % {"title": title}
    if not isinstance(data, dict):
        return None, gettext("The review data was not understood. Open the review form again.")
    form = task.get_form_for_action(action_name)(data=data, task_state=task_state, user=user)
    if form.is_valid():
        return form, None
    if form.has_error("__all__", "newer_revision") and edit_view_latest_revision_id is not None:
        newer = task_state.newer_revision
        if newer is not None and newer.pk != edit_view_latest_revision_id and newer.user_id == user.pk:
            return form, gettext(
                "You changed the content while approving. Your changes were saved as a new revision (#%(newer)s), "
                "but the approval was not recorded: only the content that was reviewed (#%(reviewed)s) can be approved. "
                "To have the changed content reviewed, request changes so that it is submitted again."
            ) % {"newer": newer.pk, "reviewed": task_state.revision_id}
    return form, gettext("The review was not recorded: %(errors)s") % {"errors": form.error_summary()}


def record_task_decision(task, task_state, user, action_name, data):
    """``on_action`` of the review task: check again, then record, log and approve or reject, or refuse.

    All in one transaction. On SQLite only one connection writes at a time: when another reviewer's
    request is writing at that moment, the write fails with "database is locked" (at once when the
    two would wait for each other, otherwise after the connection's timeout). The transaction is
    rolled back, so nothing is half-written, and the reviewer is asked to try again.
    """
    task_state = task_state.specific
    edit_request = take_edit_view_request(task_state, user, action_name)
    request = edit_request.request if edit_request else None
    try:
        with transaction.atomic():
            return _record_task_decision(task, task_state, user, action_name, data, edit_request)
    except OperationalError as error:
        if not database_is_busy(error):
            raise
        return refuse(DATABASE_BUSY_MESSAGE, task_state, user, request=request)


def database_is_busy(error):
    """SQLite's answer when another connection holds the write lock (SQLITE_BUSY, or SQLITE_LOCKED in shared cache)."""
    return connection.vendor == "sqlite" and ("database is locked" in str(error) or "database table is locked" in str(error))


def _record_task_decision(task, task_state, user, action_name, data, edit_request):
    # Two reviewers concluding at once: the second waits here, then sees the level concluded.
    task_state.status = TaskState.objects.select_for_update().filter(pk=task_state.pk).values_list("status", flat=True).first()
    form, refusal = check_review(
        task, task_state, user, action_name, data, edit_view_latest_revision_id=edit_request.latest_revision_id if edit_request else None
    )
    if refusal:
        return refuse(refusal, task_state, user, request=edit_request.request if edit_request else None)

    review = form.review_data()
    attachment_id = review.pop("attachment_id")
    attachment = get_document_model().objects.get(pk=attachment_id) if attachment_id else None
    if attachment is not None:
        keep_as_signed_form(attachment)  # out of the document listing and chooser, never public
    page = task_state.workflow_state.content_object.specific
    record = append_record(page, kind=RecordKind.REVIEW, reviewer=user, revision=task_state.revision, task=task, attachment=attachment, **review)
    log_review(task_state, task, user, record)
    if record.is_approval:
        # 三同步: the same decision, recorded for each interpretation reviewed with the document; the document's
        # publication publishes them in its transaction (AbstractCatalogueEntryPage.save).
        for companion, revision in reviewed_with_it(page):
            append_record(companion, kind=RecordKind.REVIEW, reviewer=user, revision=revision, task=task, attachment=attachment, **review)
    if action_name == task.APPROVE:
        task_state.approve(user=user, comment=record.opinion)
    else:
        task_state.reject(user=user, comment=record.opinion)
    withdrawal = None if record.is_approval else withdraw_emergency_publication(page, record, task_state, user)
    notice = emergencies.withdrawal_message(withdrawal) if withdrawal is not None else None
    return confirm(recorded_message(record), task_state, user, notice=notice, request=edit_request.request if edit_request else None)


def recorded_message(record):
    return gettext("Your review was recorded in the ledger (record #%(number)s): %(level)s, “%(conclusion)s”.") % {
        "number": record.sequence, "level": record.level_name or "—", "conclusion": record.get_conclusion_display(),
    }


def reviewed_with_it(page):
    """[(interpretation, its latest revision)] a review of ``page`` covers (三同步), or []."""
    method = getattr(page, "interpretations_reviewed_with_it", None)
    return method() if method is not None else []


# --- 紧急发布 not approved in its review: withdrawn ---------------------------------------------------


def withdraw_emergency_publication(page, review, task_state, user):
    """Take down content published in an emergency that ``review`` (just recorded) did not approve.

    先审查、后公开 (条例第十七条 审查机制): emergency publication only brings the review after the
    publication; it does not let content stay public that a reviewer concluded may not be published
    (不予公开, 删减后公开 or 报保密行政管理部门确定, at any level). The page is unpublished with Wagtail's
    unpublish action (audit log, signals, aliases) — by the reviewer, whose conclusion is the authority,
    whether or not they hold the unpublish permission — and a 撤回 record is appended. A review of
    other content (e.g. a newer draft) withdraws nothing: the emergency content stays on 已发布待补审.
    Returns a ``emergencies.Withdrawal``, or None when the content was not published in an emergency.
    """
    emergency = emergencies.unsettled_emergency(page.pk, review.content_hash)
    if emergency is None:
        return None
    live = type(page).objects.filter(pk=page.pk, live=True).first()
    unpublished = live is not None and review.content_hash in live_row_fingerprints(live)
    if unpublished:
        UnpublishPageAction(live, user=user).execute(skip_permission_checks=True)
    with translation.override(settings.LANGUAGE_CODE):  # the ledger's own language, whoever is reading
        reason = gettext(
            "Emergency publication #%(emergency)s withdrawn: the review at %(level)s concluded “%(conclusion)s” (record #%(review)s)."
        ) % {"emergency": emergency.sequence, "level": review.level_name or "—", "conclusion": review.get_conclusion_display(), "review": review.sequence}
        if not unpublished:
            reason += " " + gettext("That content was no longer live.")
    record = append_record(
        page, kind=RecordKind.WITHDRAWAL, conclusion=review.conclusion, reviewer=user, revision=task_state.revision,
        task=task_state.task.specific, opinion=review.opinion, reason=reason,
    )
    log(
        instance=page, action=WITHDRAWAL_LOG_ACTION, user=user, revision=task_state.revision,
        data={"record": record.sequence, "emergency_record": emergency.sequence, "review_record": review.sequence, "unpublished": unpublished},
    )
    withdrawal = emergencies.Withdrawal(page=page, emergency=emergency, review=review, record=record, unpublished=unpublished)
    transaction.on_commit(lambda: emergencies.send_withdrawal_notice(withdrawal))
    return withdrawal


def log_review(task_state, task, user, record):
    log(
        instance=task_state.revision.as_object(),
        action=REVIEW_LOG_ACTION,
        user=user,
        revision=task_state.revision,
        data={
            "level": task.level_name,
            "conclusion": record.conclusion,
            "record": record.sequence,
            "content_hash": record.content_hash,
            "task": {"id": task.pk, "title": task.name},
            "task_state_id": task_state.pk,
            "comment": record.opinion,
        },
    )


# --- refusals ---------------------------------------------------------------------------------------


def refuse(message, task_state, user, *, request=None):
    """Tell the user why a review was not recorded; returns a URL for ``on_action`` to return."""
    if request is not None:
        messages.error(request, message)
    return _message_url(REFUSED_URL_NAME, REFUSAL_SIGNING_SALT, message, task_state, user)


def confirm(message, task_state, user, *, notice=None, request=None):
    """Confirm a recorded review (with a warning about what it caused, if any); returns a URL for ``on_action``."""
    if request is not None:
        messages.success(request, message)
        if notice:
            messages.warning(request, notice)
    return _message_url(RECORDED_URL_NAME, RECORDED_SIGNING_SALT, message, task_state, user, notice=notice)


def _message_url(url_name, salt, message, task_state, user, *, notice=None):
    page_pk = int(task_state.revision.object_id)
    payload = {"m": str(message), "p": page_pk, "u": user.pk}
    if notice:
        payload["w"] = str(notice)
    token = signing.dumps(payload, salt=salt, compress=True)
    return reverse(url_name) + "?" + urlencode({"r": token})


class EditViewRequest(typing.NamedTuple):
    request: object
    task_state_pk: int
    user_pk: int
    action_name: str
    latest_revision_id: int | None


_edit_view_request = contextvars.ContextVar("wagtail_disclosure_review_edit_view_request", default=None)


def hand_over_edit_view_request(pending):
    """The editor's pre-check passed (``pending``: an ``EditViewRequest``) or cleared (None) the request."""
    _edit_view_request.set(pending)


def take_edit_view_request(task_state, user, action_name):
    """The editor request that passed the pre-check for this very action, if ``on_action`` runs in it."""
    pending = _edit_view_request.get()
    _edit_view_request.set(None)
    if pending is None or (pending.task_state_pk, pending.user_pk, pending.action_name) != (task_state.pk, user.pk, action_name):
        return None
    return pending
