"""What people see of the publication gate in the admin: why nothing was published, and what to do.

The rule is enforced in the models (``wagtail_disclosure.gate``); these hook functions only turn its
refusals into messages instead of errors, and hide buttons that could only fail.
"""

from django.apps import apps
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

from .. import gate


def register_gate_log_actions(actions):
    actions.register_action(
        "wagtail_disclosure.gate_refused",
        _("Publication refused (no confidentiality review)"),
        _("Publication refused: this content has not passed the confidentiality review (保密审查)"),
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
    verdict = gate.publication_verdict(page, page.get_latest_revision())
    if verdict.allowed:
        return None
    messages.error(request, verdict.message)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


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
    """``after_copy_page``: copies of gated pages are new content and start as drafts, whatever was ticked."""
    if request.POST.get("publish_copies") and gate.is_gated_model(new_page.specific_class) and not new_page.live:
        messages.warning(
            request,
            gettext("The copy “%(title)s” was saved as a draft: copied content must pass its own confidentiality review (保密审查) before it is published.")
            % {"title": new_page.title},
        )


class GatedPublishBulkAction(PublishBulkAction):
    """Wagtail's bulk Publish, saying why gated pages cannot be published (the tester already refuses them)."""

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
