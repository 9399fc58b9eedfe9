"""紧急发布 (emergency publication) and the 已发布待补审 dashboard.

Off unless ``WAGTAIL_DISCLOSURE_EMERGENCY_PUBLICATION = True``. A user with the
``wagtail_disclosure.emergency_publish`` permission (and the ordinary permission to publish the page)
may publish the latest content of a gated page without a prior review, only by giving a written
reason. That is recorded in the review ledger (kind 紧急发布) and the audit log, the page's review
workflow is started so that reviewers see it at once, and the page stays on the 已发布待补审 list until
someone other than the person who published it has approved that content at every level. A review that
does not approve it withdraws it (``services.reviews.withdraw_emergency_publication``); the list then
shows it as withdrawn for a while (``services.emergencies``). Content a review did not approve cannot be
published in an emergency: that would overrule the reviewer.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from .. import gate
from ..rules.confidentiality import RecordKind
from ..services import emergencies, reviews
from .columns import AbsoluteDateColumn
from .ledger import user_can_view_ledger

PERMISSION = "wagtail_disclosure.emergency_publish"
URL_NAME = "wagtail_disclosure:emergency_publish"
PENDING_URL_NAME = "wagtail_disclosure:pending_review"
PENDING_RESULTS_URL_NAME = "wagtail_disclosure:pending_review_results"
MIN_REASON_LENGTH = 10


def emergency_publication_enabled():
    return bool(getattr(settings, "WAGTAIL_DISCLOSURE_EMERGENCY_PUBLICATION", False))


def can_publish_in_emergency(user, page):
    """The feature is on, the page is gated, and the user holds both the emergency and the publish permission."""
    if not (emergency_publication_enabled() and user.is_active and user.has_perm(PERMISSION)):
        return False
    page = page.specific_deferred
    if not gate.is_gated_model(type(page)):
        return False
    return page.permissions_for_user(user).can_publish_without_gate()


class EmergencyPublishMenuItem(ActionMenuItem):
    """In the editor's action menu, for those allowed, when the latest content has no approved review."""

    name = "action-emergency-publish"
    label = _("Emergency publication (紧急发布)…")
    icon_name = "warning"
    order = 45

    def is_shown(self, context):
        if context["view"] != "edit" or context.get("locked_for_user"):
            return False
        page = context["page"]
        if not can_publish_in_emergency(context["request"].user, page):
            return False
        return not self.get_user_page_permissions_tester(context).can_publish()

    def get_url(self, parent_context):
        return reverse(URL_NAME, args=(parent_context["page"].pk,))


class EmergencyPublicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for publishing before the review"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the review ledger and the audit log. Say why the information cannot wait for the review, e.g. an emergency warning."),
    )
    confirm = forms.BooleanField(
        label=_("I take responsibility for publishing this content before its confidentiality review, and the page will be reviewed afterwards (补审)."),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < MIN_REASON_LENGTH:
            raise forms.ValidationError(
                gettext("Please give the reason in at least %(count)s characters; it is kept for inspection.") % {"count": MIN_REASON_LENGTH}
            )
        return reason


class EmergencyPublishView(View):
    template_name = "wagtail_disclosure/emergency/confirm.html"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not can_publish_in_emergency(request.user, self.page):
            raise PermissionDenied
        self.revision = self.page.get_latest_revision()  # None for a page made in code: its current content
        return super().dispatch(request, page_id)

    def render(self, form, status=200):
        context = {
            "page": self.page,
            "revision": self.revision,
            "form": form,
            "header_title": gettext("Emergency publication (紧急发布)"),
            "already_approved": gate.publication_verdict(self.page, self.revision).allowed,
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, page_id):
        return self.render(EmergencyPublicationForm())

    def post(self, request, page_id):
        form = EmergencyPublicationForm(request.POST)
        if str(self.revision.pk if self.revision else "") != request.POST.get("revision", ""):
            form.add_error(None, gettext("The page has been changed since this form was opened. Check the latest version and confirm again."))
        rejection = self.rejection()
        if rejection is not None:
            form.add_error(
                None,
                gettext(
                    "This content was concluded “%(conclusion)s” in its review at %(level)s (review ledger #%(record)s), so it cannot be "
                    "published in an emergency. Change it and submit it for review."
                )
                % {"conclusion": rejection.get_conclusion_display(), "level": rejection.level_name or "—", "record": rejection.sequence},
            )
        if not form.is_valid():
            return self.render(form, status=400)
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            if self.revision is None:
                self.revision = self.page.save_revision(user=request.user)
            reviews.record_decision(
                self.page, self.revision, kind=RecordKind.EMERGENCY, user=request.user, publish=True, reason=reason, log_data={"reason": reason}
            )
            self.start_post_review(request.user)
        messages.warning(
            request,
            gettext("“%(title)s” was published without a prior review (紧急发布). It is listed under “Published, awaiting review” until it has been reviewed.")
            % {"title": self.page.title},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)

    def rejection(self):
        """The standing review of this content that did not approve it, if any."""
        fingerprint = gate.revision_fingerprint(self.revision) if self.revision is not None else gate.content_fingerprint(self.page)
        rejections = emergencies.rejecting_reviews(self.page.pk, fingerprint)
        return rejections[-1] if rejections else None

    def start_post_review(self, user):
        """Send the published content to the review workflow at once, so reviewers see it on their dashboard."""
        page = Page.objects.get(pk=self.page.pk).specific
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user)


# --- 已发布待补审 --------------------------------------------------------------------------------------


def pending_post_reviews():
    """Emergency records whose content has not yet been approved, at every level, by someone else."""
    return emergencies.pending_post_reviews()


def user_sees_pending_reviews(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION) or user_can_view_ledger(user))


class PageColumn(TitleColumn):
    def get_link_url(self, instance, parent_context):
        return reverse("wagtailadmin_pages:edit", args=(instance.page_pk,)) if instance.page is not None else None


class LiveColumn(Column):
    def get_value(self, instance):
        if instance.status == emergencies.WITHDRAWN:
            return gettext("Withdrawn (已撤回): %(conclusion)s at %(level)s") % {
                "conclusion": instance.withdrawal.get_conclusion_display(),
                "level": instance.withdrawal.level_name or "—",
            }
        if instance.page is None:
            return gettext("Deleted")
        return gettext("Live") if instance.page.live else gettext("Not live")


class PendingPostReviewView(ReportView):
    """已发布待补审: content published in an emergency that still awaits its review."""

    page_title = _("Published, awaiting review (已发布待补审)")
    header_icon = "warning"
    index_url_name = PENDING_URL_NAME
    index_results_url_name = PENDING_RESULTS_URL_NAME
    paginate_by = 50
    columns = [
        PageColumn("page_title", label=_("Title")),
        Column("index_number", label=_("Index number")),
        AbsoluteDateColumn("reviewed_at", with_time=True, label=_("Published at")),
        Column("reviewer_name", label=_("Published by")),
        Column("reason", label=_("Reason")),
        LiveColumn("live", label=_("Status")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not user_sees_pending_reviews(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # A list, not a queryset: whether a record is pending depends on the page's workflow. The list is
        # short (emergencies are rare and leave it once reviewed). Withdrawn ones follow the pending ones
        # for a while, marked as withdrawn, so that those who watch this list see how they ended.
        return emergencies.post_review_list()


class PendingPostReviewPanel(Component):
    """A dashboard panel with the number of pages published in an emergency and not yet reviewed."""

    name = "disclosure_pending_review"
    template_name = "wagtail_disclosure/emergency/pending_panel.html"
    order = 90

    def __init__(self, pending):
        self.pending = pending

    def get_context_data(self, parent_context):
        return {
            "pending": self.pending[:5],
            "count": len(self.pending),
            "url": reverse(PENDING_URL_NAME),
            "separator": pgettext("list separator", ", "),
        }


def add_pending_panel(request, panels):
    # Superusers have it in the dashboard's 信息公开 panel (views.dashboard), with the overdue entries.
    if request.user.is_superuser or not user_sees_pending_reviews(request.user):
        return
    pending = pending_post_reviews()
    if pending:
        panels.append(PendingPostReviewPanel(pending))


def register_emergency_log_actions(actions):
    actions.register_action(
        reviews.EMERGENCY_LOG_ACTION,
        _("Emergency publication (紧急发布)"),
        _("Published without a prior confidentiality review (紧急发布); awaiting review"),
    )
    actions.register_action(
        reviews.WITHDRAWAL_LOG_ACTION,
        _("Emergency publication withdrawn (撤回)"),
        _("Withdrawn: the review did not approve the content published in an emergency (撤回)"),
    )


class PendingPostReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_pending_reviews(request.user)
