"""The admin's 信息公开 menu: the entries listing, organisations, taxonomies and the working-day calendar."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ..exports import WorkbookExportMixin
from ..forms import TopicTreeChoiceField
from ..models.calendar import CalendarDay, CalendarYear
from ..models.imports import ImportRun
from ..models.organisations import Organisation
from ..models.taxonomy import Genre, ServiceAudience, Topic
from .columns import AbsoluteDateColumn, YesNoColumn
from .entries import CatalogueEntryListingViewSet
from .imports import INSPECT_FIELDS, ImportRunInspectView, ProgressColumn
from .shared_objects import SharedObjectViewSetMixin


def field_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)  # lazy: in the language of each request


class ExportIndexView(WorkbookExportMixin, IndexView):
    pass


class DisclosureModelViewSet(ModelViewSet):
    """A ``ModelViewSet`` whose listing exports (``list_export``) go through ``exports.Workbook``."""

    index_view_class = ExportIndexView


class OrganisationViewSet(SharedObjectViewSetMixin, DisclosureModelViewSet):
    name = "disclosure_organisations"
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    form_fields = ["name", "short_name", "code", "parent", "is_active", "sort_order", "request_handler_groups"]
    list_display = ["name", "code", "parent", YesNoColumn("is_active", label=field_label(Organisation, "is_active"))]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name", "code"]
    list_export = ["name", "short_name", "code", "is_active"]
    ordering = ["sort_order", "name"]


class TopicViewSet(SharedObjectViewSetMixin, DisclosureModelViewSet):
    name = "disclosure_topics"
    model = Topic
    icon = "folder-open-inverse"
    menu_label = _("Topics")
    form_fields = ["name", "parent", "sort_order"]
    list_display = ["__str__", "sort_order"]
    search_fields = ["name"]
    list_export = ["full_name", "sort_order"]
    export_headings = {"full_name": _("Topic")}  # the full path, "科技、教育 › 教育"

    def get_queryset(self, request):
        return Topic.objects.select_related("parent", "parent__parent", "parent__parent__parent")

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "parent":  # the tree, as in every other topic select
            return db_field.formfield(form_class=TopicTreeChoiceField, **kwargs)
        return super().formfield_for_dbfield(db_field, **kwargs)


class GenreViewSet(SharedObjectViewSetMixin, DisclosureModelViewSet):
    name = "disclosure_genres"
    model = Genre
    icon = "doc-full"
    menu_label = _("Genres")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ServiceAudienceViewSet(SharedObjectViewSetMixin, DisclosureModelViewSet):
    name = "disclosure_audiences"
    model = ServiceAudience
    icon = "user"
    menu_label = _("Service audiences")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class CalendarDayViewSet(DisclosureModelViewSet):
    name = "disclosure_calendar_days"
    model = CalendarDay
    icon = "date"
    menu_label = _("Holidays and make-up days")
    form_fields = ["date", "is_working_day", "name"]
    list_display = [
        AbsoluteDateColumn("date", label=field_label(CalendarDay, "date"), sort_key="date"),
        "name",
        YesNoColumn("is_working_day", label=field_label(CalendarDay, "is_working_day")),
    ]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    ordering = ["-date"]


class CalendarYearViewSet(DisclosureModelViewSet):
    name = "disclosure_calendar_years"
    model = CalendarYear
    icon = "calendar"
    # The model's own name (节假日年度), so the menu and the page title agree.
    menu_label = _("Holiday calendar years")
    form_fields = ["year", "is_complete", "source"]
    list_display = ["year", YesNoColumn("is_complete", label=field_label(CalendarYear, "is_complete")), "source"]


class ImportRunViewSet(DisclosureModelViewSet):
    """目录导入记录 (``views.imports``): read-only."""

    name = "disclosure_imports"
    model = ImportRun
    icon = "upload"
    menu_label = _("Catalogue imports")
    inspect_view_enabled = True
    inspect_view_class = ImportRunInspectView
    inspect_view_fields = INSPECT_FIELDS
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "file_name", label=field_label(ImportRun, "file_name"), sort_key="file_name",
            get_url=lambda run: reverse("disclosure_imports:inspect", args=(run.pk,)),
        ),  # fmt: skip
        Column("status", accessor="get_status_display", label=field_label(ImportRun, "status"), sort_key="status"),
        ProgressColumn("progress", label=field_label(ImportRun, "rows_done")),
        "imported",
        "published",
        "skipped",
        AbsoluteDateColumn("started_at", with_time=True, label=field_label(ImportRun, "started_at"), sort_key="started_at"),
        AbsoluteDateColumn("finished_at", with_time=True, label=field_label(ImportRun, "finished_at"), sort_key="finished_at"),
    ]
    list_filter = ["status"]
    search_fields = ["file_name"]
    ordering = ["-started_at", "-pk"]
    form_fields = []  # nothing is edited here

    def get_queryset(self, request):
        return ImportRun.objects.select_related("catalogue", "user")


class DisclosureViewSetGroup(ViewSetGroup):
    menu_label = _("Disclosure")
    menu_icon = "folder-open-1"
    menu_order = 250
    items = (
        CatalogueEntryListingViewSet, OrganisationViewSet, TopicViewSet, GenreViewSet, ServiceAudienceViewSet, CalendarDayViewSet,
        CalendarYearViewSet, ImportRunViewSet,
    )  # fmt: skip
