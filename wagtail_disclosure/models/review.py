"""The confidentiality review (保密审查) as a Wagtail workflow task.

The task says who may review and what they can do; checking and recording a decision is the service
layer's (``services.reviews``, plugged in as ``ConfidentialityReviewTask.decisions`` by
``AppConfig.ready``, so that the models import nothing above them). The records themselves are the
review ledger (``models.ledger``).
"""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision, TaskState
from wagtail.models.workflows import AbstractGroupApprovalTask

from ..forms import ConfidentialityReviewForm
from ..gate.fingerprint import revision_fingerprint
from ..prescan import scan_page
from ..rules.confidentiality import RecordKind
from .ledger import ReviewRecord


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
    # Checks and records decisions: the ``services.reviews`` module, set by ``AppConfig.ready``.
    decisions = None

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
    # shows the refusal as an error message (``services.reviews.refuse``). In the edit view, a
    # ``before_edit_page`` hook runs the same checks on the posted JSON before anything is saved and
    # answers with the message and a redirect back to the editor; what it cannot see in advance — a
    # change to the content made in the editor while approving, saved as a new revision just before
    # ``on_action`` — ``on_action`` refuses, and the message reaches the user through the request
    # that the hook handed over (``services.reviews.take_edit_view_request``).

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
        return ConfidentialityReviewForm.for_task(self, action)

    def get_template_for_action(self, action):
        if action not in self.ACTIONS:
            return super().get_template_for_action(action)
        return "wagtail_disclosure/review/review_modal.html"

    def barred_reviewers(self, task_state):
        """{user id: reason} of the people who may not review this content (author, submitter)."""
        if not self.reviewer_must_differ:
            return {}
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

    def check_review(self, task_state, user, action_name, data, *, edit_view_latest_revision_id=None):
        """``(form, None)`` when ``user`` may record this review with ``data``, else ``(form or None, message)``."""
        return self.decisions.check_review(
            self, task_state, user, action_name, data, edit_view_latest_revision_id=edit_view_latest_revision_id
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name not in self.ACTIONS:
            return super().on_action(task_state, user, action_name, **kwargs)
        return self.decisions.record_task_decision(self, task_state, user, action_name, kwargs)


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
        return revision_fingerprint(self.revision)

    # Scans read every attached file, and one review scans several times (the screen, Wagtail's form
    # validation, on_action): they are remembered per revision and content (the fingerprint covers the
    # attached files) and day (birth dates in the future are not ID numbers).
    _scans = {}

    @cached_property
    def scan(self):
        """The pre-scan of the content under review: ``(findings, notices)``."""
        key = (self.revision_id, self.revision.created_at, self.reviewed_fingerprint, timezone.localdate())
        result = self._scans.get(key)
        if result is None:
            result = scan_page(self.reviewed_object)
            if len(self._scans) > 200:
                self._scans.clear()
            self._scans[key] = result
        return result

    @cached_property
    def reviewed_together(self):
        """Interpretations this review covers with the document (三同步: 同步审签), each with its revision and the
        not-a-copy check's findings: approving records the same decision for them, and publishing the document
        publishes them (``AbstractCatalogueEntryPage``)."""
        page = self.workflow_state.content_object.specific
        method = getattr(page, "interpretations_reviewed_with_it", None)
        if method is None:
            return []
        together = []
        for companion, revision in method():
            content = revision.as_object()
            findings = content.similarity_findings() if hasattr(content, "similarity_findings") else []
            together.append({"page": companion, "revision": revision, "content": content, "findings": findings})
        return together

    @property
    def newer_revision(self):
        """A revision newer than the one under review with different content, if any.

        Both the page's ``latest_revision`` (what the workflow would publish) and the newest revision
        by date are checked, read from the database.
        """
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


