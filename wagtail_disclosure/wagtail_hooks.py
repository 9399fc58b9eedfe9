from django.contrib.messages import warning
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AbstractCatalogueEntryPage, CalendarDay, CalendarYear, Genre, Organisation, ServiceAudience, Topic
from .views.entries import CatalogueEntryListingViewSet
from .views.reports import TimelinessReportView


class OrganisationViewSet(ModelViewSet):
    name = "disclosure_organisations"
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    form_fields = ["name", "short_name", "code", "is_active", "sort_order"]
    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name", "code"]
    list_export = ["name", "short_name", "code", "is_active"]
    ordering = ["sort_order", "name"]


class TopicViewSet(ModelViewSet):
    name = "disclosure_topics"
    model = Topic
    icon = "folder-open-inverse"
    menu_label = _("Topics")
    form_fields = ["name", "parent", "sort_order"]
    list_display = ["__str__", "sort_order"]
    search_fields = ["name"]
    list_export = ["full_name", "sort_order"]

    def get_queryset(self, request):
        return Topic.objects.select_related("parent", "parent__parent", "parent__parent__parent")


class GenreViewSet(ModelViewSet):
    name = "disclosure_genres"
    model = Genre
    icon = "doc-full"
    menu_label = _("Genres")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ServiceAudienceViewSet(ModelViewSet):
    name = "disclosure_audiences"
    model = ServiceAudience
    icon = "user"
    menu_label = _("Service audiences")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class CalendarDayViewSet(ModelViewSet):
    name = "disclosure_calendar_days"
    model = CalendarDay
    icon = "date"
    menu_label = _("Holidays and make-up days")
    form_fields = ["date", "is_working_day", "name"]
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    ordering = ["-date"]


class CalendarYearViewSet(ModelViewSet):
    name = "disclosure_calendar_years"
    model = CalendarYear
    icon = "calendar"
    menu_label = _("Calendar years")
    form_fields = ["year", "is_complete", "source"]
    list_display = ["year", "is_complete", "source"]


class DisclosureViewSetGroup(ViewSetGroup):
    menu_label = _("Disclosure")
    menu_icon = "folder-open-1"
    menu_order = 250
    items = (CatalogueEntryListingViewSet, OrganisationViewSet, TopicViewSet, GenreViewSet, ServiceAudienceViewSet, CalendarDayViewSet, CalendarYearViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DisclosureViewSetGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/disclosure-timeliness/", TimelinessReportView.as_view(), name="wagtail_disclosure_timeliness"),
        path(
            "reports/disclosure-timeliness/results/",
            TimelinessReportView.as_view(results_only=True),
            name="wagtail_disclosure_timeliness_results",
        ),
    ]


class TimelinessMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_timeliness_report():
    return TimelinessMenuItem(_("Publication timeliness"), reverse("wagtail_disclosure_timeliness"), icon_name="time", order=900)


def _warn_about_duplicate_document_number(request, page):
    page = page.specific
    if not isinstance(page, AbstractCatalogueEntryPage):
        return
    duplicates = list(page.duplicate_document_numbers()[:5])
    if duplicates:
        warning(
            request,
            gettext("The document number “%(number)s” is also used by this organisation in %(year)s for: %(entries)s. Please check that it is correct.")
            % {
                "number": page.document_number,
                "year": page.written_date.year,
                "entries": pgettext("list separator", ", ").join(f"{entry.title}（{entry.index_number}）" for entry in duplicates),
            },
        )


@hooks.register("after_create_page")
def warn_duplicate_on_create(request, page):
    _warn_about_duplicate_document_number(request, page)


@hooks.register("after_edit_page")
def warn_duplicate_on_edit(request, page):
    _warn_about_duplicate_document_number(request, page)




# --- The review ledger (保密审查台账): read-only listing, record, exports, monthly summary ----------

from django.contrib.auth.models import Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402

from .models import ReviewRecord  # noqa: E402
from .views import ledger as ledger_views  # noqa: E402


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [
        path("reports/review-ledger/", ledger_views.ReviewLedgerView.as_view(), name=ledger_views.LEDGER_URL_NAME),
        path(
            "reports/review-ledger/results/",
            ledger_views.ReviewLedgerView.as_view(results_only=True),
            name=ledger_views.LEDGER_RESULTS_URL_NAME,
        ),
        path("reports/review-ledger/<int:pk>/", ledger_views.ReviewRecordInspectView.as_view(), name=ledger_views.INSPECT_URL_NAME),
        path("reports/review-ledger/summary/", ledger_views.ReviewSummaryView.as_view(), name=ledger_views.SUMMARY_URL_NAME),
    ]


class ReviewLedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return ledger_views.user_can_view_ledger(request.user)


@hooks.register("register_reports_menu_item")
def register_review_ledger_menu_item():
    return ReviewLedgerMenuItem(_("Review ledger (保密审查台账)"), reverse(ledger_views.LEDGER_URL_NAME), icon_name="clipboard-list", order=910)


@hooks.register("register_permissions")
def register_review_ledger_view_permission():
    # Django's standard "view" permission of the ledger, so that groups of auditors can be given read
    # access in Settings → Groups (see ledger_views.user_can_view_ledger). Only "view": the ledger
    # has no add, change or delete in the admin.
    content_type = ContentType.objects.get_for_model(ReviewRecord)
    return Permission.objects.filter(content_type=content_type, codename="view_reviewrecord")


# --- The publication gate (保密审查): messages, buttons and audit-log actions -------------------------
# The rule itself is enforced in the models (wagtail_disclosure/gate/enforcement.py); these hooks tell
# people why a publication did not happen and what to do.

from . import gate  # noqa: E402
from .views import gate as gate_views  # noqa: E402

hooks.register("register_log_actions", gate_views.register_gate_log_actions)
hooks.register("before_publish_page", gate_views.refuse_unreviewed_publication)
hooks.register("before_edit_page", gate_views.explain_the_gate_in_the_editor)
hooks.register("register_actions", gate.register_gated_actions)
hooks.register("construct_page_action_menu", gate_views.hide_publish_for_gated_pages)
hooks.register("after_copy_page", gate_views.explain_copies_are_drafts)
# Replaces Wagtail's own bulk Publish (registered with order 0) under the same action type.
hooks.register("register_bulk_action", gate_views.GatedPublishBulkAction, order=10)


# --- The 保密审查 workflow task, reviewer's side: audit log, editor pre-check, refusal messages ------

from .views import review as review_views  # noqa: E402

hooks.register("register_log_actions", review_views.register_log_actions)
hooks.register("before_edit_page", review_views.precheck_edit_view_action)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("disclosure/review/refused/", review_views.ReviewRefusedView.as_view(), name=review_views.REFUSED_URL_NAME)]


# --- 紧急发布 and 已发布待补审 -----------------------------------------------------------------------

from .views import emergency as emergency_views  # noqa: E402

hooks.register("register_log_actions", emergency_views.register_emergency_log_actions)
hooks.register("construct_homepage_panels", emergency_views.add_pending_panel)


@hooks.register("register_page_action_menu_item")
def register_emergency_publish_menu_item():
    return emergency_views.EmergencyPublishMenuItem()


@hooks.register("register_admin_urls")
def register_emergency_urls():
    return [
        path("disclosure/emergency-publish/<int:page_id>/", emergency_views.EmergencyPublishView.as_view(), name=emergency_views.URL_NAME),
        path("reports/pending-review/", emergency_views.PendingPostReviewView.as_view(), name=emergency_views.PENDING_URL_NAME),
        path(
            "reports/pending-review/results/",
            emergency_views.PendingPostReviewView.as_view(results_only=True),
            name=emergency_views.PENDING_RESULTS_URL_NAME,
        ),
    ]


class PendingPostReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return emergency_views.user_sees_pending_reviews(request.user)


@hooks.register("register_reports_menu_item")
def register_pending_review_menu_item():
    return PendingPostReviewMenuItem(
        _("Published, awaiting review (已发布待补审)"), reverse(emergency_views.PENDING_URL_NAME), icon_name="warning", order=920
    )


@hooks.register("register_permissions")
def register_emergency_publish_permission():
    content_type = ContentType.objects.get_for_model(ReviewRecord)
    return Permission.objects.filter(content_type=content_type, codename="emergency_publish")


@hooks.register("insert_global_admin_css")
def review_form_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("wagtail_disclosure/admin/review.css"))
