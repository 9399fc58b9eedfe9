"""Admin wiring, one section per feature. The views, viewsets and menu items are in ``views/``; the
publication rule itself is enforced in the models (``gate/``), these hooks tell people about it."""

import importlib

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_urls
from .gate.enforcement import register_gated_actions
from .models.ledger import ReviewRecord
from .models import review_forms
from .models.permissions import VIEW_LEDGER_CODENAME
from .views import admin_api, annual_reports, dashboard, emergency, entries, gate, interpretations, language, ledger, reports, requests, review, shared_objects
from .views.viewsets import DisclosureViewSetGroup


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(admin_urls, namespace="wagtail_disclosure"))]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("wagtail_disclosure/admin/review.css"))


@hooks.register("insert_global_admin_js")
def admin_js():
    # The review form opens in a modal from the editor and the dashboard: its upload script is global.
    return format_html('<script src="{}" defer></script>', static("wagtail_disclosure/admin/review-form.js"))


def ledger_permissions(*codenames):
    return Permission.objects.filter(content_type=ContentType.objects.get_for_model(ReviewRecord), codename__in=codenames)


# --- Catalogue: the 信息公开 menu, duplicate 发文字号, the 公开时效 report ---------------------------------

hooks.register("register_admin_viewset", DisclosureViewSetGroup)
hooks.register("after_create_page", entries.warn_about_duplicate_document_number)
hooks.register("after_edit_page", entries.warn_about_duplicate_document_number)


@hooks.register("register_reports_menu_item")
def register_timeliness_report():
    return reports.TimelinessMenuItem(_("Publication timeliness"), reverse("wagtail_disclosure:timeliness"), icon_name="time", order=900)


# --- Language: a new 政府信息公开 column is a Chinese tree, whatever the site's default (models.language) ---

hooks.register("after_create_page", language.new_column_in_the_disclosure_locale)


# The dashboard: what each role has to do (reviews waiting, drafts, returned, overdue, 已发布待补审).
hooks.register("construct_homepage_panels", dashboard.add_work_panel)


@hooks.register("register_reports_menu_item")
def register_incomplete_entries_report():
    return reports.IncompleteEntriesMenuItem(
        _("Incomplete catalogue entries"), reverse("wagtail_disclosure:incomplete_entries"), icon_name="warning", order=901
    )


# --- The publication gate (保密审查): messages, buttons and audit-log actions -------------------------

hooks.register("register_log_actions", gate.register_gate_log_actions)
hooks.register("before_publish_page", gate.refuse_unreviewed_publication)
hooks.register("after_edit_page", gate.log_forged_publication)
hooks.register("after_publish_page", gate.explain_internal_records_stay_offline)
hooks.register("before_edit_page", gate.explain_the_gate_in_the_editor)
# A host's own workflow task on a gated type: its last approval is refused with the gate's reason, first.
hooks.register("before_edit_page", gate.refuse_unreviewed_workflow_approval)


@hooks.register("register_admin_urls")
def gated_workflow_action_url():
    """``views.gate.workflow_action`` at the address of Wagtail's workflow action view. Wagtail's page URLs
    come before every ``register_admin_urls`` hook, so the pattern goes first in their list, which is read
    when the first request is resolved. Looked up now, not imported with this module: the package
    ``wagtail.admin.urls`` calls this hook while it is being imported, after its ``pages`` module."""
    page_urls = importlib.import_module("wagtail.admin.urls.pages")
    if not any(getattr(pattern, "name", None) == gate.WORKFLOW_ACTION_URL_NAME for pattern in page_urls.urlpatterns):
        page_urls.urlpatterns.insert(0, gate.workflow_action_url())
    return []
hooks.register("register_actions", register_gated_actions)
hooks.register("construct_admin_api", admin_api.register_gated_admin_api)
hooks.register("construct_page_action_menu", gate.hide_publish_for_gated_pages)
hooks.register("after_copy_page", gate.explain_copies_are_drafts)
# Replaces Wagtail's own bulk Publish (registered with order 0) under the same action type.
hooks.register("register_bulk_action", gate.GatedPublishBulkAction, order=10)


# --- Documents, images, organisations and taxonomies that live disclosure pages show (gate.shared_objects)

# Ahead of Wagtail's own delete views at the same addresses, so a refusal is a message, not an error page.
hooks.register("register_admin_urls", shared_objects.media_delete_urls, order=-1)
hooks.register("register_bulk_action", shared_objects.GuardedDocumentDeleteBulkAction, order=10)
hooks.register("register_bulk_action", shared_objects.GuardedImageDeleteBulkAction, order=10)
hooks.register("before_serve_document", shared_objects.guard_document_serving)
# The collection of signed review forms (models.review_forms) cannot be deleted, even while empty.
hooks.register("describe_collection_contents", review_forms.describe_collection)


# --- The 保密审查 workflow task, reviewer's side: audit log and the editor's pre-check --------------------

hooks.register("register_log_actions", review.register_log_actions)
hooks.register("before_edit_page", review.precheck_edit_view_action)


# --- The review ledger (保密审查台账) ------------------------------------------------------------------


# Listing, exports, record view and monthly summary, with their menu item under Reports.
hooks.register("register_admin_viewset", ledger.ReviewLedgerViewSet)


@hooks.register("register_permissions")
def register_review_ledger_view_permission():
    # 保密审查台账查阅: the whole ledger, for groups of auditors (views.ledger.visible_records; its name:
    # models.permissions). Only "view": the ledger has no add, change or delete in the admin.
    return ledger_permissions(VIEW_LEDGER_CODENAME)


# --- 紧急发布 and 已发布待补审 -----------------------------------------------------------------------

hooks.register("register_log_actions", emergency.register_emergency_log_actions)
hooks.register("construct_homepage_panels", emergency.add_pending_panel)
hooks.register("register_page_action_menu_item", emergency.EmergencyPublishMenuItem)


@hooks.register("register_reports_menu_item")
def register_pending_review_menu_item():
    return emergency.PendingPostReviewMenuItem(
        _("Published, awaiting review (已发布待补审)"), reverse(emergency.PENDING_URL_NAME), icon_name="warning", order=920
    )


@hooks.register("register_permissions")
def register_emergency_publish_permission():
    return ledger_permissions("emergency_publish")


# --- 政府信息公开工作年度报告: the overview of a year, 汇总, upload, the deadlines on the dashboard ---------------

hooks.register("construct_homepage_panels", annual_reports.add_deadline_panel)
hooks.register("before_copy_page", annual_reports.refuse_duplicate_copy)
hooks.register("before_convert_alias_page", annual_reports.refuse_duplicate_alias_conversion)


@hooks.register("register_reports_menu_item")
def register_annual_reports_menu_item():
    return annual_reports.AnnualReportsMenuItem(_("Annual reports (年度报告)"), reverse("wagtail_disclosure:annual_reports"), icon_name="doc-full-inverse", order=930)


# --- 依申请公开: the case register, the due-date panel, the audit of identity views ------------------------
# (its permissions, approve_extension included, are the viewset's: Settings → Groups)

hooks.register("register_admin_viewset", requests.InformationRequestViewSet)
hooks.register("construct_homepage_panels", requests.add_due_requests_panel)
hooks.register("register_log_actions", requests.register_request_log_actions)


# --- 政策解读 and 政府信息公开指南: the 三同步 report, the guide's dashboard warning -------------------------


@hooks.register("register_reports_menu_item")
def register_missing_interpretation_report():
    return interpretations.MissingInterpretationMenuItem(
        _("Policies missing an interpretation"), reverse("wagtail_disclosure:missing_interpretations"), icon_name="warning", order=905
    )


hooks.register("construct_homepage_panels", interpretations.add_stale_guide_panel)
