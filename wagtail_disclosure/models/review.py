"""The confidentiality review (保密审查): a workflow task, and the append-only review ledger (保密审查台账).

A review record is its own table, not a Wagtail ``TaskState``: task states and revisions are deleted in
cascade with pages and by ``purge_revisions``, but review records must be kept for inspection
(保密审查记录应保存备查). Records therefore hold plain ids and snapshots instead of foreign keys that
could cascade, and each one is chained to the previous one by a hash, so that any altered, deleted or
inserted record is detected by ``disclosure_verify_ledger``.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState
from wagtail.models.workflows import AbstractGroupApprovalTask

from ..rules.confidentiality import APPROVING_CONCLUSIONS, Conclusion, RecordKind

GENESIS_HASH = "0" * 64


class ConfidentialityReviewTask(AbstractGroupApprovalTask):
    """A workflow step in which a member of the chosen groups records a confidentiality review.

    Several of these tasks in one workflow make a multi-level review (初审, 复审, 终审); the gate
    requires an approving record from every one of them for the exact content going live.
    """

    level_name = models.CharField(
        _("review level"), max_length=50, default="初审", help_text=_("Shown in the ledger, e.g. 初审, 复审 or 终审.")
    )
    reviewer_must_differ = models.BooleanField(
        _("reviewer must differ from author and submitter"),
        default=True,
        help_text=_("谁公开、谁审查、谁负责: when ticked, the person who wrote or submitted the content cannot review it."),
    )
    require_basis = models.BooleanField(_("basis required"), default=True)
    require_opinion = models.BooleanField(_("opinion required"), default=True)
    require_confirmations = models.BooleanField(_("all confirmations required to approve"), default=True)
    require_attachment = models.BooleanField(_("signed review form required"), default=False)

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + [
        "level_name",
        "reviewer_must_differ",
        "require_basis",
        "require_opinion",
        "require_confirmations",
        "require_attachment",
    ]

    task_state_class = None  # set below, once the state class exists

    class Meta:
        verbose_name = _("confidentiality review (保密审查)")
        verbose_name_plural = _("confidentiality reviews (保密审查)")

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups record a confidentiality review (保密审查) of the exact content; only an approval lets it be published.")

    # --- the Task API: what reviewers can do, and how a review is recorded -------------------------
    #
    # Two actions, both with a form in a modal: APPROVE records 同意公开 and approves the task state
    # (the workflow moves to the next level, or finishes and Wagtail publishes the latest revision);
    # CONCLUDE records 删减后公开 / 不予公开 / 报保密行政管理部门确定 and rejects it (changes
    # requested). Each writes exactly one ledger record, in the same transaction as the approval or
    # rejection (``on_action`` is atomic), before it: the gate looks the record up when publishing.
    #
    # How Wagtail reacts to ``on_action`` (wagtail 8.0.1), and so how a review is refused:
    #
    # * The modal view (``WorkflowAction.post``, admin/views/generic/workflow.py) validates
    #   ``form_class(request.POST)`` first: an invalid form is shown again in the modal with its
    #   errors. Then it calls ``on_action(**form.cleaned_data)`` and uses the return value as the
    #   redirect URL (``or`` the default). An exception is not caught: 403 for PermissionDenied,
    #   otherwise a 500, and in the modal only a generic error.
    # * The edit view (``perform_workflow_action``, admin/views/pages/edit.py) first saves the
    #   submitted form and, when it changed, a new revision (outside any transaction), then calls
    #   ``on_action(**json.loads(POST["workflow-action-extra-data"]))`` — unvalidated client data;
    #   a body that is not a JSON object is a 500 before on_action — and ignores the return value;
    #   then it says "Page … has been updated" and redirects. Exceptions: as above.
    #
    # So refusals never raise. The form's own checks (fields, findings, newer revision) are shown in
    # the modal. ``on_action`` validates everything again (the same form, with the real task state
    # and the user), writes nothing when something fails, and returns the URL of a small view that
    # shows the refusal as an error message (views/review.py). In the edit view, a
    # ``before_edit_page`` hook runs the same checks on the posted JSON before anything is saved and
    # answers with the message and a redirect back to the editor; what it cannot see in advance — a
    # change to the content made in the editor while approving, saved as a new revision just before
    # ``on_action`` — ``on_action`` refuses, and the message reaches the user through the request
    # that the hook handed over (``views.review.take_edit_view_request``).

    APPROVE = "approve"  # kept: Wagtail labels it "… and Publish" on the last level
    CONCLUDE = "reject"
    ACTIONS = (APPROVE, CONCLUDE)

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                (self.CONCLUDE, _("Other conclusion (request changes)"), True),
                (self.APPROVE, _("Approve publication (同意公开)"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # The dashboard's "awaiting your review" leaves out what the user submitted or wrote.
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if self.reviewer_must_differ:
            states = states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)
            # ... and what the user already concluded at another level of the same run.
            states = states.exclude(workflow_state__task_states__finished_by=user)
        return states

    def get_form_for_action(self, action):
        if action not in self.ACTIONS:
            return super().get_form_for_action(action)
        from ..forms import ConfidentialityReviewForm

        return ConfidentialityReviewForm.for_task(self, action)

    def get_template_for_action(self, action):
        if action not in self.ACTIONS:
            return super().get_template_for_action(action)
        return "wagtail_disclosure/review/review_modal.html"

    def barred_reviewers(self, task_state):
        """{user id: reason} of the people who may not review this content (author, submitter)."""
        if not self.reviewer_must_differ:
            return {}
        from django.utils.translation import gettext

        barred = {}
        submitter_id = task_state.workflow_state.requested_by_id
        if submitter_id:
            barred[submitter_id] = gettext("You submitted this content for review, so you cannot review it: the reviewer must be someone other than the author and the submitter.")
        if task_state.revision.user_id:
            barred[task_state.revision.user_id] = gettext("You wrote the revision under review, so you cannot review it: the reviewer must be someone other than the author and the submitter.")
        owner_id = task_state.workflow_state.content_object.owner_id
        if owner_id:
            barred[owner_id] = gettext("You are the author of this page, so you cannot review it: the reviewer must be someone other than the author and the submitter.")
        # 初审 and 复审 are two people's judgements: whoever reviewed this content at another level may not review it here.
        earlier = (
            ReviewRecord.objects.filter(
                kind=RecordKind.REVIEW, page_pk=task_state.revision.object_id, content_hash=task_state.reviewed_fingerprint, reviewer__isnull=False
            )
            .exclude(task_pk=self.pk)
            .values_list("reviewer_id", "level_name")
        )
        for reviewer_id, level_name in earlier:
            barred.setdefault(
                reviewer_id,
                gettext("You reviewed this content at another level (%(level)s), so you cannot review it at this level too: each level is reviewed by a different person.")
                % {"level": level_name},
            )
        return barred

    def earlier_levels_not_approved(self, task_state):
        """Names of the review levels before this one without an approval of the content under review.

        Approving here could not lead to publication (the gate wants every level's approval of the same
        content), e.g. when an attached file was replaced after the earlier level approved.
        """
        from ..gate import approval_missing, is_gated_model, required_review_tasks

        page = task_state.workflow_state.content_object.specific
        if not is_gated_model(type(page)):
            return []
        tasks = [task.pk for task in required_review_tasks(page)]
        if self.pk not in tasks:
            return []
        earlier = set(tasks[: tasks.index(self.pk)])
        return [task.level_name or task.name for task in approval_missing(page, task_state.reviewed_fingerprint) if task is not None and task.pk in earlier]

    def check_review(self, task_state, user, action_name, data, *, edit_view_latest_revision_id=None):
        """``(form, None)`` when ``user`` may record this review with ``data``, else ``(form or None, message)``.

        ``data`` is form data or client JSON: it goes through the review form again. Writes nothing.
        """
        from django.utils.translation import gettext

        if action_name not in self.ACTIONS:
            return None, gettext("Unknown review action.")
        if task_state.task_id != self.pk or task_state.status != TaskState.STATUS_IN_PROGRESS:
            return None, gettext("This review has already been concluded.")
        page = task_state.workflow_state.content_object
        if action_name not in [name for name, _label, _modal in self.get_actions(page, user)]:
            return None, gettext("You are not a reviewer at this level.")
        barred = self.barred_reviewers(task_state)
        if user.pk in barred:
            return None, barred[user.pk]
        if action_name == self.APPROVE and task_state.workflow_state.is_at_final_task:
            # Approving the last level publishes (Wagtail checks the publish permission, and a 403
            # would come only after the reviewer filled in the form). The gate's own condition is
            # left out: it is met by the record this approval writes.
            permissions = page.specific_deferred.permissions_for_user(user)
            if not getattr(permissions, "can_publish_without_gate", permissions.can_publish)():
                return None, gettext(
                    "This is the last review level: approving publishes the page, and you do not have permission to publish it. "
                    "Ask an administrator to give your review group publish permission for this part of the site."
                )
        if action_name == self.APPROVE:
            missing = self.earlier_levels_not_approved(task_state)
            if missing:
                return None, gettext(
                    "The content under review is not the content that was approved at %(levels)s (for example, an attached "
                    "file was replaced since), so it cannot be approved here. Request changes so that it is submitted again."
                ) % {"levels": "、".join(missing)}
        if not isinstance(data, dict):
            return None, gettext("The review data was not understood. Open the review form again.")
        form = self.get_form_for_action(action_name)(data=data, task_state=task_state, user=user)
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

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name not in self.ACTIONS:
            return super().on_action(task_state, user, action_name, **kwargs)
        from wagtail.documents import get_document_model

        from ..views import review as review_views

        task_state = task_state.specific
        edit_request = review_views.take_edit_view_request(task_state, user, action_name)
        # Two reviewers concluding at once: the second waits here, then sees the level concluded.
        task_state.status = TaskState.objects.select_for_update().filter(pk=task_state.pk).values_list("status", flat=True).first()
        form, refusal = self.check_review(
            task_state,
            user,
            action_name,
            kwargs,
            edit_view_latest_revision_id=edit_request.latest_revision_id if edit_request else None,
        )
        if refusal:
            return review_views.refuse(refusal, task_state, user, request=edit_request.request if edit_request else None)

        review = form.review_data()
        attachment_id = review.pop("attachment_id")
        attachment = get_document_model().objects.get(pk=attachment_id) if attachment_id else None
        page = task_state.workflow_state.content_object.specific
        record = record_review(
            page,
            kind=RecordKind.REVIEW,
            reviewer=user,
            revision=task_state.revision,
            task=self,
            attachment=attachment,
            **review,
        )
        review_views.log_review(task_state, self, user, record)
        if action_name == self.APPROVE:
            task_state.approve(user=user, comment=record.opinion)
        else:
            task_state.reject(user=user, comment=record.opinion)
        return None


class ConfidentialityReviewTaskState(TaskState):
    class Meta:
        verbose_name = _("confidentiality review task state")
        verbose_name_plural = _("confidentiality review task states")

    # Used by the review form and the review screen.

    @cached_property
    def review_task(self):
        return self.task.specific

    @cached_property
    def reviewed_object(self):
        """The content under review: the revision current when this level started."""
        return self.revision.as_object()

    @cached_property
    def reviewed_fingerprint(self):
        from ..gate import revision_fingerprint

        return revision_fingerprint(self.revision)

    # Scans read every attached file, and one review scans several times (the screen, Wagtail's form
    # validation, on_action): they are remembered per revision and content (the fingerprint covers the
    # attached files) and day (birth dates in the future are not ID numbers).
    _scans = {}

    @cached_property
    def scan(self):
        """The pre-scan of the content under review: ``(findings, notices)``."""
        from ..prescan import scan_page

        key = (self.revision_id, self.revision.created_at, self.reviewed_fingerprint, timezone.localdate())
        result = self._scans.get(key)
        if result is None:
            result = scan_page(self.reviewed_object)
            if len(self._scans) > 200:
                self._scans.clear()
            self._scans[key] = result
        return result

    @property
    def newer_revision(self):
        """A revision newer than the one under review with different content, if any.

        Both the page's ``latest_revision`` (what the workflow would publish) and the newest revision
        by date are checked, read from the database.
        """
        from wagtail.models import Page, Revision

        from ..gate import revision_fingerprint

        page_pk = int(self.revision.object_id)
        candidates = set(Page.objects.filter(pk=page_pk).values_list("latest_revision_id", flat=True))
        newest = (
            Revision.objects.filter(base_content_type_id=self.revision.base_content_type_id, object_id=self.revision.object_id)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        candidates.add(newest)
        candidates.discard(None)
        candidates.discard(self.revision_id)
        for revision in Revision.objects.filter(pk__in=candidates).order_by("-created_at", "-pk"):
            if revision_fingerprint(revision) != self.reviewed_fingerprint:
                return revision
        return None

    @cached_property
    def barred_reviewer_ids(self):
        return list(self.review_task.barred_reviewers(self))


ConfidentialityReviewTask.task_state_class = ConfidentialityReviewTaskState


class ReviewRecordQuerySet(models.QuerySet):
    def approving(self):
        return self.filter(conclusion__in=APPROVING_CONCLUSIONS)

    def update(self, **kwargs):
        raise PermissionDenied("Review records are append-only.")

    def delete(self):
        raise PermissionDenied("Review records are append-only.")


class ReviewRecord(models.Model):
    """One entry of the review ledger (保密审查台账). Never updated, never deleted."""

    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices, default=RecordKind.REVIEW)

    # What was reviewed: ids and snapshots, so the record outlives pages and revisions.
    page_pk = models.PositiveBigIntegerField(_("page id"), db_index=True)
    page_title = models.CharField(_("title"), max_length=255)
    page_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("page type"))
    translation_key = models.UUIDField(db_index=True)
    locale_code = models.CharField(_("language"), max_length=100, blank=True)
    revision_pk = models.PositiveBigIntegerField(_("revision id"), null=True, blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64, db_index=True)
    index_number = models.CharField(_("index number"), max_length=64, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True, db_index=True)

    # Who, when, at which level.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("reviewer")
    )
    reviewer_name = models.CharField(_("reviewer"), max_length=255)
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now, db_index=True)
    task_pk = models.PositiveBigIntegerField(_("task id"), null=True, blank=True)
    level_name = models.CharField(_("review level"), max_length=50, blank=True)

    # The review itself.
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices, db_index=True)
    basis = models.JSONField(_("basis"), default=list, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    confirmations = models.JSONField(_("confirmations"), default=list, blank=True)
    acknowledged_findings = models.JSONField(_("acknowledged sensitive-data findings"), default=list, blank=True)
    attachment = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("signed review form")
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("For emergency publication and legacy migration."))
    source = models.CharField(_("source"), max_length=255, blank=True, help_text=_("For legacy migration: the imported file."))

    previous_hash = models.CharField(max_length=64, editable=False)
    record_hash = models.CharField(max_length=64, editable=False, unique=True)

    objects = ReviewRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("review record")
        verbose_name_plural = _("review records")
        indexes = [models.Index(fields=["page_pk", "content_hash"], name="wd_review_page_hash")]
        permissions = [("emergency_publish", _("Can publish without prior review, giving a reason (紧急发布)"))]

    def __str__(self):
        return f"#{self.sequence} {self.page_title} · {self.get_conclusion_display()}"

    @property
    def is_approval(self):
        return self.conclusion in APPROVING_CONCLUSIONS

    # --- the hash chain ---------------------------------------------------------------------

    HASHED_FIELDS = (
        "sequence", "kind", "page_pk", "page_title", "page_content_type_id", "translation_key", "locale_code",
        "revision_pk", "content_hash", "index_number", "organisation_name", "reviewer_id", "reviewer_name",
        "reviewed_at", "task_pk", "level_name", "conclusion", "basis", "opinion", "confirmations",
        "acknowledged_findings", "attachment_id", "reason", "source", "previous_hash",
    )

    def compute_hash(self):
        values = {}
        for name in self.HASHED_FIELDS:
            value = getattr(self, name)
            if isinstance(value, datetime.datetime):
                value = value.astimezone(datetime.UTC).isoformat()
            elif value is not None and not isinstance(value, (int, str, list, dict, bool)):
                value = str(value)
            values[name] = value
        canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionDenied("Review records are append-only.")
        # Records are written one at a time: the unique sequence number makes a concurrent writer
        # that read the same head fail and retry, so the chain never forks.
        for _attempt in range(20):
            head = ReviewRecord.objects.order_by("-sequence").values("sequence", "record_hash").first()
            self.sequence = (head["sequence"] if head else 0) + 1
            self.previous_hash = head["record_hash"] if head else GENESIS_HASH
            self.record_hash = self.compute_hash()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                self.pk = None
                continue
        raise IntegrityError("Could not append to the review ledger")

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Review records are append-only.")


def record_review(page, *, kind, conclusion, reviewer=None, reviewer_name="", revision=None, task=None, **fields):
    """Append a ledger record about ``revision`` of ``page`` (or the page's own content when no revision).

    The single way records are written (reviews, 紧急发布, 历史数据迁移), so that the snapshots and the
    content fingerprint the gate looks up are always taken the same way. ``fields``: basis, opinion,
    confirmations, acknowledged_findings, attachment, reason, source.
    """
    from ..gate import content_fingerprint, revision_fingerprint

    page = page.specific
    content = revision.as_object() if revision is not None else page
    organisation = getattr(content, "organisation", None)
    if reviewer is not None and not reviewer_name:
        reviewer_name = reviewer.get_full_name() or reviewer.get_username()
    record = ReviewRecord(
        kind=kind,
        page_pk=page.pk,
        page_title=content.title[:255],
        page_content_type=ContentType.objects.get_for_model(page),
        translation_key=page.translation_key,
        locale_code=page.locale.language_code if page.locale_id else "",
        revision_pk=revision.pk if revision is not None else None,
        content_hash=revision_fingerprint(revision) if revision is not None else content_fingerprint(page),
        index_number=getattr(page, "index_number", "") or "",
        organisation_name=organisation.name if organisation is not None else "",
        reviewer=reviewer,
        reviewer_name=reviewer_name or "—",
        task_pk=task.pk if task is not None else None,
        level_name=getattr(task, "level_name", "") if task is not None else "",
        conclusion=conclusion,
        **fields,
    )
    record.save()
    return record


def verify_ledger(records=None):
    """Problems in the chain: a list of (sequence, message); empty when the ledger is intact."""
    problems = []
    previous_hash, expected_sequence = GENESIS_HASH, 1
    for record in (records if records is not None else ReviewRecord.objects.order_by("sequence").iterator(chunk_size=2000)):
        if record.sequence != expected_sequence:
            problems.append((record.sequence, f"expected record #{expected_sequence}: a record was deleted or inserted"))
        if record.previous_hash != previous_hash:
            problems.append((record.sequence, "does not follow the previous record: a record was deleted, inserted or altered"))
        if record.compute_hash() != record.record_hash:
            problems.append((record.sequence, "content does not match its hash: the record was altered"))
        previous_hash, expected_sequence = record.record_hash, record.sequence + 1
    return problems
