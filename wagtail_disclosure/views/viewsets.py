"""The admin's 信息公开 menu: the entries listing, organisations, taxonomies and the working-day calendar."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ..models.calendar import CalendarDay, CalendarYear
from ..models.organisations import Organisation
from ..models.taxonomy import Genre, ServiceAudience, Topic
from .entries import CatalogueEntryListingViewSet
from .shared_objects import SharedObjectViewSetMixin


class OrganisationViewSet(SharedObjectViewSetMixin, ModelViewSet):
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


class TopicViewSet(SharedObjectViewSetMixin, ModelViewSet):
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


class GenreViewSet(SharedObjectViewSetMixin, ModelViewSet):
    name = "disclosure_genres"
    model = Genre
    icon = "doc-full"
    menu_label = _("Genres")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ServiceAudienceViewSet(SharedObjectViewSetMixin, ModelViewSet):
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
