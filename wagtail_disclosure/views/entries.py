"""A flat admin listing of catalogue entries, public and internal, with their catalogue metadata."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..exports import WorkbookExportMixin
from ..forms import TopicTreeChoiceFilter
from ..models.catalogue import AbstractCatalogueEntryPage, CatalogueEntryPage
from ..models.organisations import Organisation
from ..models.taxonomy import Genre, Topic
from ..rules.vocabulary import DisclosureAttribute, Validity
from .columns import AbsoluteDateColumn


class CatalogueEntryFilterSet(PageFilterSet):
    organisation = django_filters.ModelChoiceFilter(label=_("Issuing organisation"), queryset=Organisation.objects.all())
    topic = TopicTreeChoiceFilter(label=_("Topic"), queryset=Topic.objects.all())
    genre = django_filters.ModelChoiceFilter(label=_("Genre"), queryset=Genre.objects.all())
    disclosure_attribute = django_filters.ChoiceFilter(label=_("Disclosure attribute"), choices=DisclosureAttribute.choices)
    validity = django_filters.ChoiceFilter(label=_("Validity"), choices=Validity.choices)
    written_date = django_filters.DateFromToRangeFilter(label=_("Date of writing"), widget=DateRangePickerWidget)

    class Meta:
        model = CatalogueEntryPage
        fields = []


class CatalogueEntryIndexView(WorkbookExportMixin, IndexView):
    # Newest publication first, as the public catalogue lists them; drafts without a date at the end.
    default_ordering = "-publish_date"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    def order_queryset(self, queryset):
        if self.is_searching and not self.is_explicitly_ordered:
            return queryset
        if self.ordering in ("publish_date", "-publish_date"):
            date = F("publish_date").asc(nulls_first=True) if self.ordering == "publish_date" else F("publish_date").desc(nulls_last=True)
            return queryset.order_by(date, "-pk" if self.ordering.startswith("-") else "pk")
        return super().order_queryset(queryset)


def may_work_on_pages(user):
    """Whether the listing of pages (IndexView's own permission check) lets ``user`` in."""
    return PagePermissionPolicy().user_has_any_permission(user, IndexView.any_permission_required)


class CatalogueEntriesMenuItem(MenuItem):
    # Reviewers (and others with no page permission) would be refused by the listing: no menu item for them.
    def is_shown(self, request):
        return may_work_on_pages(request.user)


class EntryChooseParentView(ChooseParentView):
    """"Add an entry: choose its catalogue" — Wagtail's view offers an empty list to those who may add no page;
    it refuses them instead, as the page editor's add view would."""

    def dispatch(self, request, *args, **kwargs):
        if not PagePermissionPolicy().user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CatalogueEntryListingViewSet(PageListingViewSet):
    name = "disclosure_entries"
    menu_item_class = CatalogueEntriesMenuItem
    choose_parent_view_class = EntryChooseParentView
    model = CatalogueEntryPage
    index_view_class = CatalogueEntryIndexView
    icon = "list-ul"
    menu_label = _("Catalogue entries")
    filterset_class = CatalogueEntryFilterSet
    columns = [
        *IndexView.base_columns[:2],
        Column("index_number", label=_("Index number"), sort_key="index_number"),
        Column("organisation", label=_("Issuing organisation")),
        Column("get_disclosure_attribute_display", label=_("Disclosure attribute"), classname="disclosure-nowrap"),
        AbsoluteDateColumn("written_date", label=_("Date of writing"), sort_key="written_date"),
        AbsoluteDateColumn("publish_date", label=_("Publication date"), sort_key="publish_date"),
        IndexView.base_columns[-1],
    ]
    list_export = ["title", "index_number", "organisation", "document_number", "written_date", "publish_date", "disclosure_attribute", "validity"]
    export_headings = {
        "title": _("Title"),
        "index_number": _("Index number"),
        "organisation": _("Issuing organisation"),
        "document_number": _("Document number"),
        "written_date": _("Date of writing"),
        "publish_date": _("Publication date"),
        "disclosure_attribute": _("Disclosure attribute"),
        "validity": _("Validity"),
    }
    export_column_widths = [40, 24, 24, 24, 14, 14, 14, 10]


def warn_about_duplicate_document_number(request, page):
    """``after_create_page`` / ``after_edit_page``: the same 发文字号 used by the organisation in the same year."""
    page = page.specific
    if not isinstance(page, AbstractCatalogueEntryPage):
        return
    duplicates = list(page.duplicate_document_numbers()[:5])
    if duplicates:
        messages.warning(
            request,
            gettext("The document number “%(number)s” is also used by this organisation in %(year)s for: %(entries)s. Please check that it is correct.")
            % {
                "number": page.document_number,
                "year": page.written_date.year,
                "entries": pgettext("list separator", ", ").join(f"{entry.title}（{entry.index_number}）" for entry in duplicates),
            },
        )
