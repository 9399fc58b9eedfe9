"""Admin report: catalogue entries published late or overdue (条例第二十六条)."""

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..exports import WorkbookExportMixin
from ..models.catalogue import CatalogueEntryPage
from ..models.organisations import Organisation
from ..rules.vocabulary import DisclosureAttribute
from .columns import AbsoluteDateColumn


def timeliness_problems(today=None):
    today = today or timezone.localdate()
    late = Q(live=True, publish_date__gt=F("publication_deadline"))
    overdue = Q(live=False, publication_deadline__lt=today)
    return CatalogueEntryPage.objects.filter(disclosure_attribute=DisclosureAttribute.PUBLIC).filter(late | overdue)


def may_edit_entries(user):
    """Whether ``user`` may edit some page (add or change): the editors' reports list only the entries they may
    edit, so they are for them alone. Reviewers (who may at most publish at their level) are refused."""
    return user.has_perm("wagtailadmin.access_admin") and PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])


class EditorsReportMixin:
    """The same rule for the report's URL as for its menu item: a menu item nobody sees is no protection."""

    def dispatch(self, request, *args, **kwargs):
        if not may_edit_entries(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EditorsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_edit_entries(request.user)


class TimelinessFilterSet(WagtailFilterSet):
    STATUS_CHOICES = [("late", _("Published late")), ("overdue", _("Not yet published, overdue"))]

    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All problems"))
    organisation = django_filters.ModelChoiceFilter(label=_("Issuing organisation"), queryset=Organisation.objects.all(), empty_label=_("All organisations"))
    written_date = django_filters.DateFromToRangeFilter(label=_("Date of writing"), widget=DateRangePickerWidget)

    class Meta:
        model = CatalogueEntryPage
        fields = ["status", "organisation", "written_date"]

    def filter_status(self, queryset, name, value):
        if value == "late":
            return queryset.filter(live=True)
        if value == "overdue":
            return queryset.filter(live=False)
        return queryset


class TimelinessColumn(Column):
    def get_value(self, instance):
        result = instance.timeliness()
        return result.label if result else ""


class TimelinessReportView(EditorsReportMixin, WorkbookExportMixin, ReportView):
    page_title = _("Publication timeliness")
    header_icon = "time"
    index_url_name = "wagtail_disclosure:timeliness"
    index_results_url_name = "wagtail_disclosure:timeliness_results"
    filterset_class = TimelinessFilterSet
    paginate_by = 50
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        Column("index_number", label=_("Index number")),
        Column("organisation", label=_("Issuing organisation")),
        AbsoluteDateColumn("written_date", label=_("Date of writing"), sort_key="written_date"),
        AbsoluteDateColumn("publication_deadline", label=_("Publication deadline"), sort_key="publication_deadline"),
        AbsoluteDateColumn("publish_date", label=_("Publication date"), sort_key="publish_date"),
        TimelinessColumn("timeliness", label=_("Timeliness")),
    ]
    list_export = ["title", "index_number", "organisation", "written_date", "publication_deadline", "publish_date", "timeliness_label"]
    export_headings = {
        "title": _("Title"),
        "index_number": _("Index number"),
        "organisation": _("Issuing organisation"),
        "written_date": _("Date of writing"),
        "publication_deadline": _("Publication deadline"),
        "publish_date": _("Publication date"),
        "timeliness_label": _("Timeliness"),
    }
    export_column_widths = [40, 24, 24, 14, 14, 14, 24]
    default_ordering = "publication_deadline"

    def get_filename(self):
        return f"publication-timeliness-{datetime.date.today().isoformat()}"

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change")
        return (
            timeliness_problems()
            .filter(pk__in=editable.values("pk"))
            .select_related("organisation")
            .order_by(self.ordering or "publication_deadline", "pk")
        )


class TimelinessMenuItem(EditorsReportMenuItem):
    pass


# --- 待补全: entries migrated without the catalogue's metadata ----------------------------------------


def still_missing(entry):
    """What the entry's latest draft still lacks (editors complete a draft in revisions; the flag on the row
    is cleared when the completed entry is published)."""
    missing = entry.get_latest_revision_as_object().missing_metadata()
    if not missing:
        return gettext("Completed; waiting for review and publication")
    return pgettext("list separator", ", ").join(missing)


class MissingMetadataColumn(Column):
    def get_value(self, instance):
        return still_missing(instance)


class IncompleteEntriesReportView(EditorsReportMixin, WorkbookExportMixin, ReportView):
    """Entries imported from a legacy system without metadata the catalogue needs, and what each lacks.

    They stay drafts: the gate refuses their publication (``publication_blockers``) until they are completed
    and reviewed."""

    page_title = _("Incomplete catalogue entries")
    header_icon = "warning"
    index_url_name = "wagtail_disclosure:incomplete_entries"
    index_results_url_name = "wagtail_disclosure:incomplete_entries_results"
    paginate_by = 50
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        Column("index_number", label=_("Index number")),
        Column("organisation", label=_("Issuing organisation")),
        MissingMetadataColumn("missing", label=_("Missing")),
    ]
    list_export = ["title", "index_number", "organisation", "missing"]
    export_headings = {
        "title": _("Title"),
        "index_number": _("Index number"),
        "organisation": _("Issuing organisation"),
        "missing": _("Missing"),
    }
    export_column_widths = [40, 24, 24, 60]

    def get_filename(self):
        return f"incomplete-entries-{datetime.date.today().isoformat()}"

    def to_row_dict(self, item):
        return {
            "title": item.title,
            "index_number": item.index_number,
            "organisation": str(item.organisation or ""),
            "missing": still_missing(item),
        }

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change")
        return CatalogueEntryPage.objects.filter(incomplete=True, pk__in=editable.values("pk")).select_related("organisation").order_by("pk")


class IncompleteEntriesMenuItem(EditorsReportMenuItem):
    pass
