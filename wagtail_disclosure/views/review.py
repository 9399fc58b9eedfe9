"""The reviewer's side of the 保密审查 workflow task, in the admin: refusals, the edit-view pre-check, the audit log.

Checking and recording a decision is ``services.reviews``; this module holds what needs a request:

* :class:`ReviewRefusedView`: shows a refusal made by ``on_action`` (which has no request) as an error
  message and goes on to the page's editor. The message travels signed, for the same user only.
  :class:`ReviewNoticeView` does the same with a warning about what a recorded review caused.
* :func:`precheck_edit_view_action` (a ``before_edit_page`` hook): in the page editor, Wagtail saves
  the edited page before calling ``on_action`` and ignores its return value. The hook runs every
  check on the posted JSON before anything is saved, refusing with a message and a redirect back to
  the editor; when the checks pass, it hands the request over to the ``on_action`` that follows in
  the same request, so that a refusal only ``on_action`` can make still reaches the user.
* :class:`ReviewLogFormatter`: review entries in Wagtail's audit log.
"""

import json

from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter
from wagtail.models import Page, Revision, TaskState

from ..forms import SignedFormUploadForm
from ..models.review import ConfidentialityReviewTask, ConfidentialityReviewTaskState
from ..models.review_forms import store_signed_form
from ..rules.confidentiality import Conclusion
from ..services import reviews

_REFUSAL_MAX_AGE = 600  # seconds


class ReviewRefusedView(View):
    """Shows a refusal made by ``on_action`` as an error message, then opens the page's editor."""

    salt = reviews.REFUSAL_SIGNING_SALT
    add_message = staticmethod(messages.error)

    def get(self, request):
        try:
            payload = signing.loads(request.GET.get("r", ""), salt=self.salt, max_age=_REFUSAL_MAX_AGE)
        except signing.BadSignature:
            payload = None
        if not isinstance(payload, dict):
            return redirect("wagtailadmin_home")
        if payload.get("u") == request.user.pk:
            self.add_payload_messages(request, payload)
        return self.go_on(request, payload)

    def go_on(self, request, payload):
        if payload.get("p") and Page.objects.filter(pk=payload["p"]).exists():
            return redirect("wagtailadmin_pages:edit", payload["p"])
        return redirect("wagtailadmin_home")

    def add_payload_messages(self, request, payload):
        self.add_message(request, payload.get("m", ""))


class ReviewRecordedView(ReviewRefusedView):
    """Confirms a recorded review (and warns about what it caused, e.g. a withdrawal), then goes back to where
    the reviewer was (the dashboard, a listing): the modal's page, which Wagtail would have gone back to, not the
    editor, which a reviewer may not open once the content is published."""

    salt = reviews.RECORDED_SIGNING_SALT
    add_message = staticmethod(messages.success)

    def add_payload_messages(self, request, payload):
        super().add_payload_messages(request, payload)
        if payload.get("w"):
            messages.warning(request, payload["w"])

    def go_on(self, request, payload):
        back = request.headers.get("referer", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(back)
        return redirect("wagtailadmin_home")


class SignedFormUploadView(View):
    """POST a scan of the signed review form for review task state ``task_state_id``; answers in JSON.

    Only a reviewer who may conclude this level, while it is open: the same checks as the review itself.
    """

    def post(self, request, task_state_id):
        task_state = ConfidentialityReviewTaskState.objects.filter(pk=task_state_id).first()
        if task_state is None:
            return JsonResponse({"error": gettext("This review does not exist.")}, status=404)
        task = task_state.task.specific
        page = task_state.workflow_state.content_object
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            return JsonResponse({"error": gettext("This review has already been concluded.")}, status=400)
        if not isinstance(task, ConfidentialityReviewTask) or not task.get_actions(page, request.user):
            return JsonResponse({"error": gettext("You are not a reviewer at this level.")}, status=403)
        barred = task.barred_reviewers(task_state)
        if request.user.pk in barred:
            return JsonResponse({"error": barred[request.user.pk]}, status=403)
        form = SignedFormUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"error": " ".join(str(error) for errors in form.errors.values() for error in errors)}, status=400)
        document = store_signed_form(form.cleaned_data["file"], user=request.user, task_state=task_state)
        return JsonResponse(
            {
                "id": document.pk,
                "label": f"{document.title}（{timezone.localtime(document.created_at):%Y-%m-%d}）",
                "message": gettext("Uploaded and chosen: %(title)s. It is kept with the review record and is never public.")
                % {"title": document.title},
            }
        )


# --- the page editor's workflow action ------------------------------------------------------------


def _newest_revision_id(page):
    return (
        Revision.objects.filter(base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def precheck_edit_view_action(request, page):
    """``before_edit_page``: refuse an invalid 保密审查 action posted from the editor before it saves."""
    reviews.hand_over_edit_view_request(None)
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    task_state = page.current_workflow_task_state
    if task_state is None:
        return None
    task = task_state.task.specific
    action_name = request.POST.get("workflow-action-name")
    if not isinstance(task, ConfidentialityReviewTask) or action_name not in task.ACTIONS:
        return None
    if action_name not in [name for name, _label, _modal in task.get_actions(page, request.user)]:
        return None  # not offered to this user: Wagtail saves a draft and performs nothing
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data", "{}"))
    except ValueError:
        data = None
    _form, refusal = task.check_review(task_state, request.user, action_name, data)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_pages:edit", page.pk)
    reviews.hand_over_edit_view_request(
        reviews.EditViewRequest(request, task_state.pk, request.user.pk, action_name, _newest_revision_id(page))
    )
    return None


# --- the audit log ------------------------------------------------------------------------------------


class ReviewLogFormatter(LogFormatter):
    label = _("Confidentiality review (保密审查)")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        try:
            conclusion = Conclusion(data.get("conclusion")).label
        except ValueError:
            conclusion = data.get("conclusion") or "-"
        return gettext("Confidentiality review (%(level)s): %(conclusion)s") % {"level": data.get("level") or "-", "conclusion": conclusion}

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


def register_log_actions(actions):
    actions.register_action(reviews.REVIEW_LOG_ACTION)(ReviewLogFormatter)
