"""What people see of the publication gate in the admin: why nothing was published, and what to do.

The rule is enforced in the models (``wagtail_disclosure.gate``); these hook functions only turn its
refusals into messages instead of errors, and hide buttons that could only fail.
"""

from django.apps import apps
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page, TaskState

from .. import gate
from ..gate.enforcement import log_demoted_copy, log_refusal
from ..models.review import ConfidentialityReviewTask


def register_gate_log_actions(actions):
    actions.register_action(
        "wagtail_disclosure.gate_refused",
        _("Publication refused (no confidentiality review)"),
        _("Publication refused: this content has not passed the confidentiality review (保密审查)"),
    )
    actions.register_action(
        "wagtail_disclosure.kept_internal",
        _("Kept off the public site (internal record)"),
        _("Kept off the public site: an internal record (依申请公开 or 不予公开) is never live"),
    )
    actions.register_action(
        "wagtail_disclosure.legacy_migration",
        _("Legacy data migration (历史数据迁移)"),
        _("Imported as already public in the old system and published without a new review (历史数据迁移)"),
    )


def refuse_unreviewed_publication(request, page):
    """``before_publish_page``: the create and edit views' Publish, stopped with a message when unapproved.

    In the create view the new page has already been saved; the gate saved it as a draft.
    """
    page = page.specific
    if not gate.is_gated_model(type(page)):
        return None
    revision = page.get_latest_revision()
    verdict = gate.publication_verdict(page, revision)
    if verdict.allowed:
        return None
    log_refusal(page, revision, request.user, route="admin_publish")
    messages.error(request, verdict.message)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def log_forged_publication(request, page):
    """``after_edit_page``: a Publish the gate turned into a draft save (the button was hidden: a forged or
    stale form) is a refusal too, and goes into the audit log like the others."""
    if not request.POST.get("action-publish"):
        return None
    page = page.specific
    if not gate.is_gated_model(type(page)):
        return None
    revision = page.get_latest_revision()
    if revision is not None and (page.live_revision_id == revision.pk or revision.approved_go_live_at is not None):
        return None  # published, or scheduled
    log_refusal(page, revision, request.user, route="admin_forged_publish")
    return None


def explain_internal_records_stay_offline(request, page):
    """``after_publish_page``: an internal record was saved, not made live; say so instead of "published"."""
    page = page.specific
    if getattr(page, "is_public", True) or page.live:
        return None
    messages.info(
        request,
        gettext("“%(title)s” is an internal record (依申请公开 or 不予公开): it was saved and stays off the public site, which never shows it.")
        % {"title": page.title},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


# --- a host's own workflow on a gated page type ---------------------------------------------------------


def workflow_approval_refusal(page, task_state, action_name):
    """Why approving ``task_state`` now would be refused by the gate (its last task publishes the latest
    revision), or None. A host's own task (e.g. "Moderators approval") on a page type the site has gated
    (``WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES``) publishes only content the 保密审查 approved; refusing
    before Wagtail records the approval leaves the task in progress, rather than a generic "no
    permission" from inside it. The 保密审查 task itself records its review first: not checked here."""
    page = page.specific_deferred
    if action_name != "approve" or not gate.is_gated_model(type(page)):
        return None
    if task_state.status != TaskState.STATUS_IN_PROGRESS or isinstance(task_state.task.specific, ConfidentialityReviewTask):
        return None
    workflow_state = task_state.workflow_state
    if not workflow_state.is_at_final_task:
        return None
    verdict = gate.publication_verdict(page, page.get_latest_revision())
    if verdict.allowed:
        return None
    return verdict.message + " " + gettext(
        "Your approval was not recorded: the workflow “%(workflow)s” stays at “%(task)s”. Pages of this type are published "
        "only after the confidentiality review (保密审查): a site administrator adds a “保密审查” task before “%(task)s” in this workflow."
    ) % {"workflow": workflow_state.workflow.name, "task": task_state.task.name}


def _refuse_workflow_approval(request, page, task_state, message):
    log_refusal(page.specific_deferred, page.get_latest_revision(), request.user, route="workflow_approval")  # outside Wagtail's transaction: it stays
    messages.error(request, message)
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def refuse_unreviewed_workflow_approval(request, page):
    """``before_edit_page``: "Approve and publish" from the editor's action menu."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    task_state = page.current_workflow_task_state
    if task_state is None:
        return None
    message = workflow_approval_refusal(page, task_state, request.POST.get("workflow-action-name"))
    if message is None:
        return None
    return redirect(_refuse_workflow_approval(request, page, task_state, message))


@require_admin_access
def workflow_action(request, page_id, action_name, task_state_id):
    """Wagtail's workflow action view (the dashboard's and the editor's modal Approve), refusing first what
    the gate would refuse, with its reason."""
    if request.method == "POST":
        page = get_object_or_404(Page, pk=page_id)
        task_state = TaskState.objects.filter(pk=task_state_id).first()
        message = workflow_approval_refusal(page, task_state, action_name) if task_state is not None else None
        if message is not None and page.current_workflow_task_state == task_state:
            redirect_url = _refuse_workflow_approval(request, page, task_state, message)
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": redirect_url})
            return redirect(redirect_url)
    return _wagtail_workflow_action(request, page_id=page_id, action_name=action_name, task_state_id=task_state_id)


WORKFLOW_ACTION_URL_NAME = "disclosure_gated_workflow_action"
_wagtail_workflow_action = page_viewset_registry.as_view("workflow_action", page_id_kwarg="page_id")


def workflow_action_url():
    """The workflow action view at Wagtail's own address (``wagtail_hooks`` puts it first among Wagtail's page URLs)."""
    return path(
        "workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        workflow_action,
        name=WORKFLOW_ACTION_URL_NAME,
    )


def explain_the_gate_in_the_editor(request, page):
    """``before_edit_page``: say why there is no Publish button, and what to do instead."""
    if request.method != "GET":
        return None
    page = page.specific_deferred
    if not gate.is_gated_model(type(page)) or page.workflow_in_progress:
        return None
    tester = page.permissions_for_user(request.user)
    if not tester.can_edit() or not (page.has_unpublished_changes or not page.live):
        return None
    verdict = tester.publication_verdict
    if verdict.allowed:
        return None
    if verdict.missing == [None]:
        messages.warning(request, verdict.message)
    else:
        messages.info(
            request,
            gettext("Pages here are published only after the confidentiality review (保密审查): save your changes, then submit them for review. They are published once every level has approved them."),
        )
    return None


def _model_in_view(request, context):
    page = context.get("page")
    if page is not None:
        return page.specific_class
    kwargs = getattr(request.resolver_match, "kwargs", {}) or {}
    try:
        return apps.get_model(kwargs["content_type_app_name"], kwargs["content_type_model_name"])
    except (KeyError, LookupError):
        return None


def hide_publish_for_gated_pages(menu_items, request, context):
    """``construct_page_action_menu``: a new gated page has no review yet, so Publish could only fail.

    (In the edit view the gated permission tester already hides Publish unless the content is approved.)
    """
    if context.get("view") != "create":
        return
    model = _model_in_view(request, context)
    if model is not None and gate.is_gated_model(model):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def explain_copies_are_drafts(request, page, new_page):
    """``after_copy_page``: copies of gated pages are new content and start as drafts, whatever was ticked
    (a refused publication, in the audit log)."""
    log_demoted_copy(
        page, new_page, request.user, bool(request.POST.get("publish_copies")), "admin_copy", recursive=bool(request.POST.get("copy_subpages"))
    )
    if request.POST.get("publish_copies") and gate.is_gated_model(new_page.specific_class) and not new_page.live:
        messages.warning(
            request,
            gettext("The copy “%(title)s” was saved as a draft: copied content must pass its own confidentiality review (保密审查) before it is published.")
            % {"title": new_page.title},
        )


class GatedPublishBulkAction(PublishBulkAction):
    """Wagtail's bulk Publish, saying why gated pages cannot be published (the tester already refuses them),
    with each refusal in the audit log when the form is submitted."""

    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        if self.request.method == "POST":
            for page in context["items_with_no_access"]:
                page = page.specific_deferred
                tester = page.permissions_for_user(self.request.user)
                if gate.is_gated_model(type(page)) and getattr(tester, "can_publish_without_gate", tester.can_publish)():
                    log_refusal(page, page.get_latest_revision(), self.request.user, route="bulk_publish")
        return objects, context

    template_name = "wagtail_disclosure/bulk_actions/confirm_bulk_publish.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The type's own reasons (an annual report's errors, a policy without its interpretation), by page.
        reasons = []
        for item in context.get("items_with_no_access", []):
            page = item["item"] if isinstance(item, dict) else item
            specific = page.specific_deferred
            if gate.is_gated_model(type(specific)):
                verdict = gate.publication_verdict(specific, specific.get_latest_revision())
                if verdict.blockers:
                    reasons.append(verdict.message)
        context["blocked_reasons"] = reasons
        return context
