"""The reviewer's side of the 保密审查 workflow task: refusals, the edit-view pre-check, the audit log.

The task itself (actions, form, ``on_action``) is ``models.review.ConfidentialityReviewTask``; its
comment explains how Wagtail's two entry points react to ``on_action`` and why a refusal is a message
rather than an exception. This module holds the pieces that need a request:

* :func:`refuse` and :class:`ReviewRefusedView`: ``on_action`` has no request, so it returns (as the
  redirect URL the modal view follows) the address of a view that shows the refusal as an error
  message and goes on to the page's editor. The message travels signed, for the same user only.
* :func:`precheck_edit_view_action` (a ``before_edit_page`` hook): in the page editor, Wagtail saves
  the edited page before calling ``on_action`` and ignores its return value. The hook runs every
  check on the posted JSON before anything is saved, refusing with a message and a redirect back to
  the editor; when the checks pass, it hands the request to the ``on_action`` that follows in the
  same request (:func:`take_edit_view_request`), so that a refusal only ``on_action`` can make (the
  content was changed in the editor while approving) still reaches the user.
* :func:`log_review` and :func:`register_log_actions`: review entries in Wagtail's audit log.
"""

import contextvars
import json
import typing

from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page, Revision

REFUSED_URL_NAME = "wagtail_disclosure_review_refused"
LOG_ACTION = "wagtail_disclosure.review"
_SIGNING_SALT = "wagtail_disclosure.review.refused"
_REFUSAL_MAX_AGE = 600  # seconds


# --- refusals -----------------------------------------------------------------------------------


def refuse(message, task_state, user, *, request=None):
    """Tell the user why a review was not recorded; returns a URL for ``on_action`` to return."""
    if request is not None:
        messages.error(request, message)
    page_pk = int(task_state.revision.object_id)
    token = signing.dumps({"m": str(message), "p": page_pk, "u": user.pk}, salt=_SIGNING_SALT, compress=True)
    return reverse(REFUSED_URL_NAME) + "?" + urlencode({"r": token})


class ReviewRefusedView(View):
    """Shows a refusal made by ``on_action`` as an error message, then opens the page's editor."""

    def get(self, request):
        try:
            payload = signing.loads(request.GET.get("r", ""), salt=_SIGNING_SALT, max_age=_REFUSAL_MAX_AGE)
        except signing.BadSignature:
            payload = None
        if not isinstance(payload, dict):
            return redirect("wagtailadmin_home")
        if payload.get("u") == request.user.pk:
            messages.error(request, payload.get("m", ""))
        if payload.get("p") and Page.objects.filter(pk=payload["p"]).exists():
            return redirect("wagtailadmin_pages:edit", payload["p"])
        return redirect("wagtailadmin_home")


# --- the page editor's workflow action ------------------------------------------------------------


class EditViewRequest(typing.NamedTuple):
    request: object
    task_state_pk: int
    user_pk: int
    action_name: str
    latest_revision_id: int | None


_edit_view_request = contextvars.ContextVar("wagtail_disclosure_review_edit_view_request", default=None)


def _newest_revision_id(page):
    return (
        Revision.objects.filter(base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def precheck_edit_view_action(request, page):
    """``before_edit_page``: refuse an invalid 保密审查 action posted from the editor before it saves."""
    from ..models.review import ConfidentialityReviewTask

    _edit_view_request.set(None)
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
    _edit_view_request.set(EditViewRequest(request, task_state.pk, request.user.pk, action_name, _newest_revision_id(page)))
    return None


def take_edit_view_request(task_state, user, action_name):
    """The editor request that passed the pre-check for this very action, if ``on_action`` runs in it."""
    pending = _edit_view_request.get()
    _edit_view_request.set(None)
    if pending is None or (pending.task_state_pk, pending.user_pk, pending.action_name) != (task_state.pk, user.pk, action_name):
        return None
    return pending


# --- the audit log ------------------------------------------------------------------------------------


def log_review(task_state, task, user, record):
    log(
        instance=task_state.revision.as_object(),
        action=LOG_ACTION,
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


class ReviewLogFormatter(LogFormatter):
    label = _("Confidentiality review (保密审查)")

    def format_message(self, log_entry):
        from ..rules.confidentiality import Conclusion

        data = log_entry.data or {}
        try:
            conclusion = Conclusion(data.get("conclusion")).label
        except ValueError:
            conclusion = data.get("conclusion") or "-"
        return gettext("Confidentiality review (%(level)s): %(conclusion)s") % {"level": data.get("level") or "-", "conclusion": conclusion}

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


def register_log_actions(actions):
    actions.register_action(LOG_ACTION)(ReviewLogFormatter)
