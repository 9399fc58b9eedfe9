"""The dashboard's 信息公开 panel: what each person has to do today, by role.

* reviewers (members of a 保密审查 task's groups): the content waiting for their review level;
* editors (who may add or change pages): their drafts, their content returned for changes, and the entries
  they may edit that are past their 条例第二十六条 deadline and not yet published;
* administrators (superusers): every overdue entry, and the number of pages 已发布待补审.

Each list shows the first few, with the total and a link to the full list where there is one.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models.review import ConfidentialityReviewTask
from .emergency import PENDING_URL_NAME, pending_post_reviews, user_sees_pending_reviews
from .reports import timeliness_problems

SHOWN = 5


class Section:
    def __init__(self, heading, rows, total, empty, url=None):
        self.heading, self.rows, self.total, self.empty, self.url = heading, rows, total, empty, url


def _row(title, url, *details):
    return {"title": title, "url": url, "details": [detail for detail in details if detail]}


def waiting_for_review(user):
    task_ids = ConfidentialityReviewTask.objects.filter(active=True, groups__user=user).values("pk")
    states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task_id__in=task_ids)
        .select_related("revision", "task", "workflow_state")
        .order_by("started_at", "pk")
    )
    total = states.count()
    rows = [
        _row(state.revision.object_str, reverse("wagtailadmin_pages:edit", args=(state.workflow_state.object_id,)), state.task.name, f"{state.started_at:%Y-%m-%d}")
        for state in states[:SHOWN]
    ]
    return Section(_("Waiting for my review"), rows, total, _("Nothing is waiting for your review."))


def my_drafts(user):
    # In review, or returned for changes (listed below): not among the drafts.
    in_workflow = WorkflowState.objects.filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]).values_list("object_id", flat=True)
    drafts = Page.objects.filter(owner=user, live=False).exclude(pk__in=[int(pk) for pk in in_workflow]).order_by("-latest_revision_created_at", "-pk")
    total = drafts.count()
    rows = [_row(page.title, reverse("wagtailadmin_pages:edit", args=(page.pk,)), _date(page.latest_revision_created_at)) for page in drafts[:SHOWN]]
    return Section(_("My drafts"), rows, total, _("You have no drafts."))


def returned_for_changes(user):
    states = WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user).order_by("-created_at", "-pk")
    total = states.count()
    pages = Page.objects.in_bulk([int(state.object_id) for state in states[:SHOWN]])
    rows = [
        _row(pages[int(state.object_id)].title, reverse("wagtailadmin_pages:edit", args=(state.object_id,)), _date(state.created_at))
        for state in states[:SHOWN]
        if int(state.object_id) in pages
    ]
    return Section(_("Returned for changes"), rows, total, _("Nothing was returned to you for changes."))


def overdue(user):
    entries = timeliness_problems().filter(live=False)
    if not user.is_superuser:
        entries = entries.filter(pk__in=PagePermissionPolicy().instances_user_has_permission_for(user, "change").values("pk"))
    entries = entries.order_by("publication_deadline", "pk")
    total = entries.count()
    rows = [
        _row(entry.title, reverse("wagtailadmin_pages:edit", args=(entry.pk,)), entry.index_number, _("deadline %(date)s") % {"date": _date(entry.publication_deadline)})
        for entry in entries[:SHOWN]
    ]
    url = reverse("wagtail_disclosure:timeliness") + "?status=overdue"
    return Section(_("Overdue, not yet published"), rows, total, _("No entry is past its publication deadline."), url)


def pending_post_review():
    pending = pending_post_reviews()
    rows = [_row(record.page_title, reverse("wagtailadmin_pages:edit", args=(record.page_pk,)) if record.page else None, _date(record.reviewed_at)) for record in pending[:SHOWN]]
    return Section(_("Published, awaiting review (已发布待补审)"), rows, len(pending), _("No page is awaiting its review."), reverse(PENDING_URL_NAME))


def _date(value):
    return f"{value:%Y-%m-%d}" if value else ""


def sections_for(user):
    sections = []
    if ConfidentialityReviewTask.objects.filter(active=True, groups__user=user).exists():
        sections.append(waiting_for_review(user))
    if user.is_superuser:
        sections.append(overdue(user))
        if user_sees_pending_reviews(user):
            sections.append(pending_post_review())
    elif PagePermissionPolicy().user_has_any_permission(user, ["add", "change"]):
        sections += [my_drafts(user), returned_for_changes(user), overdue(user)]
    return sections


class DisclosureWorkPanel(Component):
    name = "disclosure_work"
    template_name = "wagtail_disclosure/dashboard/work_panel.html"
    order = 80  # above Wagtail's own panels

    def __init__(self, sections):
        self.sections = sections

    def get_context_data(self, parent_context):
        return {"sections": self.sections}


def add_work_panel(request, panels):
    """``construct_homepage_panels``: the panel, for those who have a role in disclosure work."""
    sections = sections_for(request.user)
    if sections:
        panels.append(DisclosureWorkPanel(sections))
