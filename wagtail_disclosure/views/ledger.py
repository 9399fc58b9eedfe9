"""Admin views of the review ledger (保密审查台账): listing, one record, exports and the monthly summary.

The ledger is append-only, so there are only read views, gathered in :class:`ReviewLedgerViewSet`
(Reports → 保密审查台账): a Wagtail ``ReportView`` listing (with XLSX and CSV exports of the filtered
listing), a read-only inspect view of one record, and the monthly summary (保密审查汇总表). There is no
add, edit or delete view, and no URL for one.

Who may open the ledger: :func:`user_can_view_ledger`, checked by every view in ``dispatch``, exports
included (they are the same views with ``?export=xlsx|csv``). Which records they see there:
:func:`visible_records`, the base of every view's records, the filters' choices and the summary's.
"""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language_info, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page, WorkflowPage, WorkflowTask, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..exports import FORMAT_CSV, FORMAT_XLSX, FORMATS, Spreadsheet, WorkbookExportMixin
from ..models.ledger import GENESIS_HASH, ReviewRecord
from ..models.permissions import VIEW_LEDGER_PERMISSION
from ..models.review import ConfidentialityReviewTask
from ..rules.confidentiality import Basis, Conclusion, Confirmation, RecordKind
from .columns import ReadableInspectMixin

EXPORT_CHUNK_SIZE = 2000

# Column and filter labels. Generic words carry the context "review ledger", so that their
# translations neither come from nor override Django's and Wagtail's (e.g. Django's "Number" is 数字).
LABELS = {
    "sequence": pgettext_lazy("review ledger", "Number"),
    "reviewed_at": pgettext_lazy("review ledger", "Reviewed at"),
    "kind": pgettext_lazy("review ledger", "Kind"),
    "page_title": pgettext_lazy("review ledger", "Title"),
    "page_pk": pgettext_lazy("review ledger", "Page ID"),
    "page_content_type": pgettext_lazy("review ledger", "Page type"),
    "index_number": pgettext_lazy("review ledger", "Index number"),
    "organisation_name": pgettext_lazy("review ledger", "Organisation"),
    "level_name": pgettext_lazy("review ledger", "Review level"),
    "reviewer": pgettext_lazy("review ledger", "Reviewer"),
    "conclusion": pgettext_lazy("review ledger", "Conclusion"),
    "basis": pgettext_lazy("review ledger", "Basis"),
    "opinion": pgettext_lazy("review ledger", "Opinion"),
    "confirmations": pgettext_lazy("review ledger", "Confirmations"),
    "reason": pgettext_lazy("review ledger", "Reason"),
    "source": pgettext_lazy("review ledger", "Source"),
    "revision_pk": pgettext_lazy("review ledger", "Revision ID"),
    "content_hash": pgettext_lazy("review ledger", "Content fingerprint"),
    "record_hash": pgettext_lazy("review ledger", "Record hash"),
    "previous_hash": pgettext_lazy("review ledger", "Previous record's hash"),
    "month": pgettext_lazy("review ledger", "Month"),
    "year": pgettext_lazy("review ledger", "Year"),
    "total": pgettext_lazy("review ledger", "Total"),
}


def list_separator():
    return pgettext("list separator", ", ")


# --- who may see the ledger, and which records ---------------------------------------------------


def user_can_view_ledger(user):
    """Whether ``user`` may open the review ledger, in the admin and as exports.

    Allowed: active users with ``wagtailadmin.access_admin`` who are superusers, or members of a group
    that reviews in any confidentiality review task (the reviewers, who answer for the ledger:
    谁审查谁负责), or who hold ``wagtail_disclosure.view_reviewrecord`` (保密审查台账查阅, given in
    Settings → Groups to auditors, e.g. the 保密办, without making them reviewers). Tasks that were
    disabled still count: their reviewers keep seeing the records they wrote. Which records each of
    them sees: :func:`visible_records`.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_disclosure_can_view_ledger", None)
    if cached is not None:
        return cached
    allowed = user.has_perm("wagtailadmin.access_admin") and (
        user_sees_whole_ledger(user) or ConfidentialityReviewTask.objects.filter(groups__user=user).exists()
    )
    user._disclosure_can_view_ledger = allowed
    return allowed


def user_sees_whole_ledger(user):
    """Superusers and holders of the view permission (auditors) see every department's records."""
    return user.is_superuser or user.has_perm(VIEW_LEDGER_PERMISSION)


def reviewed_pages(user):
    """The pages whose review workflow includes ``user``: a queryset for a subquery, or None if no section.

    A page's workflow is the one assigned to the page or to its nearest ancestor (``Page.get_workflow``),
    so a section with a workflow of its own is left out of the subtree of the workflow above it. One
    query reads the active assignments (a handful of rows: sections, not pages) and marks those whose
    workflow has a confidentiality review task of one of the user's groups; the pages are then the
    tree-path prefixes of those, less the nested sections assigned to another workflow.
    """
    own_tasks = ConfidentialityReviewTask.objects.filter(groups__user=user).values("pk")
    assignments = list(
        WorkflowPage.objects.filter(workflow__active=True)
        .annotate(reviewed=Exists(WorkflowTask.objects.filter(workflow_id=OuterRef("workflow_id"), task_id__in=own_tasks)))
        .values_list("page__path", "reviewed")
    )
    own = [prefix for prefix, reviewed in assignments if reviewed]
    others = [prefix for prefix, reviewed in assignments if not reviewed]
    condition = Q()
    for prefix in own:
        subtree = Q(path__startswith=prefix)
        for other in others:
            if other.startswith(prefix) and len(other) > len(prefix):
                subtree &= ~Q(path__startswith=other)
        condition |= subtree
    return Page.objects.filter(condition).order_by() if own else None


def visible_records(user):
    """The ledger records ``user`` may read (none for those who may not open the ledger).

    Superusers and auditors: all. A reviewer: the records of the pages of the sections they review
    (:func:`reviewed_pages`) and the records they wrote themselves. Records keep only the page's id,
    since pages may be deleted: a deleted page's records stay visible to their writer and to auditors.
    The scope costs one query per request (kept on the user object); the records' queries carry the
    pages as a subquery.
    """
    if not user_can_view_ledger(user):
        return ReviewRecord.objects.none()
    if user_sees_whole_ledger(user):
        return ReviewRecord.objects.all()
    scope = getattr(user, "_disclosure_ledger_scope", None)
    if scope is None:
        scope = Q(reviewer_id=user.pk)
        pages = reviewed_pages(user)
        if pages is not None:
            scope |= Q(page_pk__in=pages.values("pk"))
        user._disclosure_ledger_scope = scope
    return ReviewRecord.objects.filter(scope)


class LedgerPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can_view_ledger(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- labels ------------------------------------------------------------------------------------


def choice_labels(choices):
    """{code: translated label} in the active language, computed now (exports stream later)."""
    return {value: str(label) for value, label in choices.choices}


def labels_for(codes, labels):
    return [labels.get(code, code) for code in codes or []]


def page_type_labels():
    """{content type id: page model name} for every page model (cached by ContentType's manager)."""
    return {
        content_type.pk: capfirst(str(model._meta.verbose_name))
        for model, content_type in ContentType.objects.get_for_models(*get_page_models(), for_concrete_models=False).items()
    }


def local_datetime(value):
    return date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""


# --- the listing -------------------------------------------------------------------------------

DISTINCT_FIELDS = ("organisation_name", "level_name")
DISTINCT_CACHE_KEY = "wagtail_disclosure:ledger_distinct_values"


def ledger_distinct_values():
    """{field: sorted distinct non-blank values} of the organisations and review levels in the whole ledger.

    ``SELECT DISTINCT`` over the whole ledger costs a scan of every record (≈100 ms at 100,000 records
    for the unindexed level name), on every listing request. The ledger only ever grows, so the values
    are cached with the sequence number of the last record they include, and brought up to date by
    reading only the records appended since (the unique index on ``sequence`` makes that cheap). Cost
    on a cache hit: one ``MAX(sequence)`` query.
    """
    head = ReviewRecord.objects.aggregate(head=Max("sequence"))["head"] or 0
    cached = cache.get(DISTINCT_CACHE_KEY)
    if cached and cached["head"] == head:
        return cached["values"]
    queryset = ReviewRecord.objects.order_by()
    if cached and cached["head"] < head:
        values = {field: set(cached["values"][field]) for field in DISTINCT_FIELDS}
        queryset = queryset.filter(sequence__gt=cached["head"], sequence__lte=head)
    else:  # nothing cached, or the ledger was replaced (a smaller head): start again
        values = {field: set() for field in DISTINCT_FIELDS}
        queryset = queryset.filter(sequence__lte=head)
    for field in DISTINCT_FIELDS:
        values[field].update(queryset.exclude(**{field: ""}).values_list(field, flat=True).distinct())
    values = {field: sorted(found) for field, found in values.items()}
    cache.set(DISTINCT_CACHE_KEY, {"head": head, "values": values}, None)
    return values


def distinct_values_for(user):
    """:func:`ledger_distinct_values` of the records ``user`` sees: the cached whole ledger's, or their own."""
    if user_sees_whole_ledger(user):
        return ledger_distinct_values()
    records = visible_records(user).order_by()
    return {
        field: list(records.exclude(**{field: ""}).values_list(field, flat=True).distinct().order_by(field))
        for field in DISTINCT_FIELDS
    }


class ReviewLedgerFilterSet(WagtailFilterSet):
    reviewed_at = django_filters.DateFromToRangeFilter(label=LABELS["reviewed_at"], widget=DateRangePickerWidget)
    organisation_name = django_filters.ChoiceFilter(label=LABELS["organisation_name"], choices=[], empty_label=pgettext_lazy("review ledger", "All organisations"))
    reviewer = django_filters.CharFilter(label=LABELS["reviewer"], method="filter_reviewer", help_text=_("Part of the reviewer's name, or their user id."))
    conclusion = django_filters.ChoiceFilter(label=LABELS["conclusion"], choices=Conclusion.choices, empty_label=_("All conclusions"), widget=forms.RadioSelect)
    kind = django_filters.ChoiceFilter(label=LABELS["kind"], choices=RecordKind.choices, empty_label=pgettext_lazy("review ledger", "All kinds"), widget=forms.RadioSelect)
    page_content_type = django_filters.ChoiceFilter(label=LABELS["page_content_type"], choices=[], empty_label=_("All page types"))
    level_name = django_filters.ChoiceFilter(label=LABELS["level_name"], choices=[], empty_label=pgettext_lazy("review ledger", "All levels"))

    class Meta:
        model = ReviewRecord
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from the records the user sees (snapshots: names as they were when reviewed).
        values = distinct_values_for(self.request.user)
        self.filters["organisation_name"].extra["choices"] = [(value, value) for value in values["organisation_name"]]
        self.filters["level_name"].extra["choices"] = [(value, value) for value in values["level_name"]]
        self.filters["page_content_type"].extra["choices"] = sorted(
            ((str(pk), label) for pk, label in page_type_labels().items()), key=lambda choice: choice[1]
        )

    def filter_reviewer(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(reviewer_name__icontains=value)
        if value.isdigit():
            condition |= Q(reviewer_id=int(value))
        return queryset.filter(condition)


class LedgerColumn(Column):
    """A column whose value comes from a function of the record."""

    def __init__(self, name, function, **kwargs):
        super().__init__(name, accessor=function, **kwargs)


def _basis_text(record):
    labels = choice_labels(Basis)
    return list_separator().join(labels_for(record.basis, labels))


def _opinion_text(record):
    return Truncator(record.opinion).chars(40)


#: (field, heading) of the exported columns, in order.
EXPORT_COLUMNS = [
    (field, LABELS[label])
    for field, label in [
        ("sequence", "sequence"), ("reviewed_at", "reviewed_at"), ("kind", "kind"), ("page_title", "page_title"),
        ("page_pk", "page_pk"), ("page_content_type_id", "page_content_type"), ("index_number", "index_number"),
        ("organisation_name", "organisation_name"), ("level_name", "level_name"), ("reviewer_name", "reviewer"),
        ("conclusion", "conclusion"), ("basis", "basis"), ("opinion", "opinion"), ("confirmations", "confirmations"),
        ("reason", "reason"), ("source", "source"), ("revision_pk", "revision_pk"), ("content_hash", "content_hash"),
        ("record_hash", "record_hash"),
    ]
]
EXPORT_COLUMN_WIDTHS = [8, 18, 14, 40, 9, 14, 24, 24, 10, 12, 16, 30, 50, 30, 24, 20, 10, 20, 20]


def ledger_export_rows(queryset):
    """Rows of the ledger export, streamed from the database in chunks: no model instances are built."""
    kinds, conclusions = choice_labels(RecordKind), choice_labels(Conclusion)
    bases, confirmations = choice_labels(Basis), choice_labels(Confirmation)
    page_types = page_type_labels()
    fields = [field for field, _heading in EXPORT_COLUMNS]
    for values in queryset.values_list(*fields).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        row = dict(zip(fields, values, strict=True))
        row["kind"] = kinds.get(row["kind"], row["kind"])
        row["conclusion"] = conclusions.get(row["conclusion"], row["conclusion"])
        row["page_content_type_id"] = page_types.get(row["page_content_type_id"], row["page_content_type_id"])
        row["basis"] = labels_for(row["basis"], bases)
        row["confirmations"] = labels_for(row["confirmations"], confirmations)
        yield [row[field] for field in fields]


class ReviewLedgerView(LedgerPermissionMixin, WorkbookExportMixin, ReportView):
    page_title = _("Review ledger (保密审查台账)")
    header_icon = "clipboard-list"
    inspect_url_name = None  # the viewset gives this and the other URL names
    summary_url_name = None
    filterset_class = ReviewLedgerFilterSet
    model = ReviewRecord
    paginate_by = 50
    default_ordering = "-sequence"
    verbose_name = _("review record")
    verbose_name_plural = _("review records")
    # One line per record (review.css): at 1366 × 768 a screen holds 15 and more; the record view has the rest.
    table_classname = "disclosure-ledger"
    # Non-empty so that ReportView shows its download buttons; the export itself is ours (get_export_workbook()).
    list_export = [field for field, _heading in EXPORT_COLUMNS]
    listing_fields = [
        "id", "sequence", "reviewed_at", "kind", "page_pk", "page_title", "index_number", "organisation_name",
        "level_name", "reviewer_name", "conclusion", "basis", "opinion",
    ]

    @cached_property
    def columns(self):
        return [
            TitleColumn("sequence", label=LABELS["sequence"], url_name=self.inspect_url_name, sort_key="sequence", width="5%"),
            LedgerColumn("reviewed_at", lambda record: local_datetime(record.reviewed_at), label=LABELS["reviewed_at"], sort_key="reviewed_at", width="11%"),
            # 历史数据迁移, 审查配置变更 on one line (the column would otherwise shrink to one character).
            Column("kind", accessor="get_kind_display", label=LABELS["kind"], width="8%"),
            # The organisation and the basis are in the record view and the exports: eleven columns do not fit.
            # The title opens the page's editor for those who may edit the page, the record for the others (a
            # reviewer may not edit what they review: the editor would answer 没有权限访问).
            TitleColumn("page_title", label=LABELS["page_title"], get_url=lambda record: record.title_url, width="21%"),
            Column("index_number", label=LABELS["index_number"], width="23%"),
            Column("level_name", label=LABELS["level_name"], width="5%"),
            Column("reviewer_name", label=LABELS["reviewer"], width="8%"),
            Column("conclusion", accessor="get_conclusion_display", label=LABELS["conclusion"], width="7%"),
            LedgerColumn("opinion", _opinion_text, label=LABELS["opinion"], width="12%"),
        ]

    def get_base_queryset(self):
        return visible_records(self.request.user)

    def get_filtered_queryset(self):
        # BaseListingView.get_queryset() already filters; ReportView would filter a second time.
        return self.get_queryset()

    def get_filename(self):
        return f"review-ledger-{timezone.localdate().isoformat()}"

    def get_export_workbook(self, queryset, export_format):
        # Rows straight from values_list(), with the labels looked up once: no model instances.
        return Spreadsheet(
            [heading for _field, heading in EXPORT_COLUMNS],
            ledger_export_rows(queryset),
            filename=self.get_filename(),
            sheet_name=gettext("Review ledger"),
            column_widths=EXPORT_COLUMN_WIDTHS,
        )

    def paginate_queryset(self, queryset, page_size):
        return super().paginate_queryset(queryset.only(*self.listing_fields), page_size)

    def decorate_paginated_queryset(self, object_list):
        # Link titles to the page editor when the page still exists: one query for the whole page
        # of results. The records are the table's own (the page's queryset caches them).
        records = list(object_list)
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change")
        existing = set(editable.filter(pk__in={record.page_pk for record in records}).order_by().values_list("pk", flat=True))
        for record in records:
            if record.page_pk in existing:
                record.title_url = reverse("wagtailadmin_pages:edit", args=(record.page_pk,))
            else:
                record.title_url = reverse(self.inspect_url_name, args=(record.pk,))
        return object_list

    @cached_property
    def header_buttons(self):
        return [HeaderButton(gettext("Monthly summary"), url=reverse(self.summary_url_name), icon_name="table")]


# --- one record --------------------------------------------------------------------------------


class ReviewRecordInspectView(LedgerPermissionMixin, ReadableInspectMixin, InspectView):
    model = ReviewRecord
    any_permission_required = None  # LedgerPermissionMixin decides
    header_icon = "clipboard-list"
    page_title = _("Review record")
    # What a reader of the ledger needs, under the labels of the listing; internal ids (page, revision, task)
    # are left to the exports. The hashes come last, for an auditor comparing them with the anchors.
    fields = [
        "sequence", "reviewed_at", "kind", "page_title", "page_content_type", "locale_code", "index_number",
        "organisation_name", "level_name", "reviewer_name", "conclusion", "basis", "opinion", "confirmations",
        "acknowledged_findings", "attachment", "reason", "source", "content_hash", "previous_hash", "record_hash",
    ]

    def setup(self, request, *args, **kwargs):
        # InspectView reads the record in setup(), before dispatch() checks who asks: refuse first, so
        # that those who may not open the ledger get the same answer here as everywhere else.
        if not user_can_view_ledger(request.user):
            raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def get_object(self, queryset=None):
        # A record outside the user's scope does not exist for them.
        return get_object_or_404(visible_records(self.request.user), pk=self.pk)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": gettext("Review ledger (保密审查台账)")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_field_label(self, field_name, field):
        return LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get_page_title_display_value(self):
        # The editor for those who may edit the page (a reviewer may not: no link that refuses them).
        page = Page.objects.filter(pk=self.object.page_pk).first()
        if page is not None and page.permissions_for_user(self.request.user).can_edit():
            return format_html('<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=(page.pk,)), self.object.page_title)
        return self.object.page_title

    def get_locale_code_display_value(self):
        code = self.object.locale_code
        try:
            return get_language_info(code)["name_translated"] if code else "—"
        except KeyError:
            return code

    def get_attachment_display_value(self):
        document = self.object.attachment
        if document is None:
            return "—"
        return format_html('<a href="{}">{}</a>', document.url, document.title)

    def get_reviewed_at_display_value(self):
        return local_datetime(self.object.reviewed_at)

    def get_page_content_type_display_value(self):
        content_type = ContentType.objects.get_for_id(self.object.page_content_type_id)
        model = content_type.model_class()
        return capfirst(str(model._meta.verbose_name)) if model else f"{content_type.app_label}.{content_type.model}"

    def get_basis_display_value(self):
        return list_separator().join(labels_for(self.object.basis, choice_labels(Basis))) or "—"

    def get_confirmations_display_value(self):
        return list_separator().join(labels_for(self.object.confirmations, choice_labels(Confirmation))) or "—"

    def get_acknowledged_findings_display_value(self):
        findings = self.object.acknowledged_findings or []
        return list_separator().join(str(finding) for finding in findings) or "—"

    def get_integrity(self):
        record = self.object
        if record.compute_hash() != record.record_hash:
            return gettext("Altered: the content does not match its hash. Run disclosure_verify_ledger.")
        previous = ReviewRecord.objects.filter(sequence=record.sequence - 1).values_list("record_hash", flat=True).first()
        expected_previous = previous if record.sequence > 1 else GENESIS_HASH
        if record.previous_hash != expected_previous:
            return gettext("Broken chain: the previous record was deleted, inserted or altered. Run disclosure_verify_ledger.")
        return gettext("Intact: the record matches its hash and follows the previous record.")

    def get_fields_context(self):
        return [*super().get_fields_context(), {"label": pgettext("review ledger", "Integrity"), "value": self.get_integrity(), "component": None}]


# --- the monthly summary (保密审查汇总表) -------------------------------------------------------


def ledger_years(records=None):
    """The years that the ledger (or ``records``) covers, up to the current one."""
    records = ReviewRecord.objects.all() if records is None else records
    bounds = records.order_by().aggregate(first=Min("reviewed_at"), last=Max("reviewed_at"))
    this_year = timezone.localdate().year
    first = timezone.localtime(bounds["first"]).year if bounds["first"] else this_year
    last = max(timezone.localtime(bounds["last"]).year if bounds["last"] else this_year, this_year)
    return list(range(last, first - 1, -1))


def monthly_summary(year, organisation_name=None, records=None):
    """Rows of the 保密审查汇总表 for ``year`` (of the whole ledger, or of ``records``): one per month ×
    organisation, then a total row.

    Each row is a dict with ``month`` (1–12, or None for the total row), ``organisation``, one count per
    conclusion (``conclusion_<code>``) and per kind (``kind_<code>``), and ``total``. Months are those of
    the current time zone. With ``organisation_name`` given, every month of the year (up to the current
    month for the current year) has a row, zeros included, as a monthly return needs.
    """
    counts = {"total": Count("pk")}
    counts.update({f"conclusion_{code}": Count("pk", filter=Q(conclusion=code)) for code in Conclusion.values})
    counts.update({f"kind_{code}": Count("pk", filter=Q(kind=code)) for code in RecordKind.values})
    queryset = (ReviewRecord.objects.all() if records is None else records).filter(reviewed_at__year=year)
    if organisation_name is not None:
        queryset = queryset.filter(organisation_name=organisation_name)
    rows = list(
        queryset.annotate(month=ExtractMonth("reviewed_at"))
        .values("month", "organisation_name")
        .annotate(**counts)
        .order_by("month", "organisation_name")
    )
    for row in rows:
        row["organisation"] = row.pop("organisation_name")
    if organisation_name is not None:
        today = timezone.localdate()
        last_month = 12 if year < today.year else (today.month if year == today.year else 0)
        by_month = {row["month"]: row for row in rows}
        empty = dict.fromkeys(counts, 0)
        rows = [by_month.get(month) or {"month": month, "organisation": organisation_name, **empty} for month in range(1, last_month + 1)]
        rows += [row for row in by_month.values() if row["month"] > last_month]  # records dated in the future
        rows.sort(key=lambda row: row["month"])
    total = {"month": None, "organisation": "", **{key: sum(row[key] for row in rows) for key in counts}}
    return rows + [total]


def summary_columns():
    """(key, heading) of the summary's columns."""
    return [
        ("month", LABELS["month"]),
        ("organisation", LABELS["organisation_name"]),
        *((f"conclusion_{code}", label) for code, label in Conclusion.choices),
        *((f"kind_{code}", label) for code, label in RecordKind.choices),
        ("total", LABELS["total"]),
    ]


def summary_title(year):
    return gettext("Confidentiality review summary (保密审查汇总表), %(year)s") % {"year": year}


class SummaryForm(forms.Form):
    """The year and organisation of the summary, with choices from the records ``user`` sees."""

    year = forms.TypedChoiceField(label=LABELS["year"], coerce=int, choices=[])
    organisation = forms.ChoiceField(label=LABELS["organisation_name"], required=False, choices=[])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        years = ledger_years(visible_records(user))
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = years[0] if timezone.localdate().year not in years else timezone.localdate().year
        self.fields["organisation"].choices = [("", pgettext("review ledger", "All organisations")), *((name, name) for name in distinct_values_for(user)["organisation_name"])]


class ReviewSummaryView(LedgerPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_disclosure/ledger/summary.html"
    page_title = _("Monthly review summary (保密审查汇总表)")
    header_icon = "table"
    index_url_name = None  # from the viewset

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": gettext("Review ledger (保密审查台账)")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def form(self):
        return SummaryForm(self.request.GET or None, user=self.request.user)

    @cached_property
    def choice(self):
        """(year, organisation name or None) asked for, or the defaults when the form is empty or invalid."""
        if self.form.is_bound and self.form.is_valid():
            return self.form.cleaned_data["year"], self.form.cleaned_data["organisation"] or None
        return self.form.fields["year"].initial, None

    def get_rows(self):
        year, organisation = self.choice
        rows = monthly_summary(year, organisation, records=visible_records(self.request.user))
        for row in rows:
            row["month_label"] = gettext("Month %(month)s") % {"month": row["month"]} if row["month"] else str(LABELS["total"])
        return rows

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format in FORMATS:
            return self.export(export_format)
        return super().get(request, *args, **kwargs)

    def title_lines(self):
        year, organisation = self.choice
        lines = [summary_title(year)]
        if organisation:
            lines.append(gettext("Organisation: %(organisation)s") % {"organisation": organisation})
        return lines

    def export(self, export_format):
        year, _organisation = self.choice
        columns = summary_columns()
        rows = [[row["month_label"] if key == "month" else row[key] for key, _heading in columns] for row in self.get_rows()]
        return Spreadsheet(
            [heading for _key, heading in columns],
            rows,
            filename=f"review-summary-{year}",
            title=self.title_lines(),
            sheet_name=gettext("Review summary"),
            column_widths=[10, 30] + [14] * (len(columns) - 2),
        ).response(export_format)

    def export_url(self, export_format):
        params = self.request.GET.copy()
        params["export"] = export_format
        return f"{self.request.path}?{params.urlencode()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = summary_columns()
        context.update(
            form=self.form,
            title_lines=self.title_lines(),
            headings=[heading for _key, heading in columns],
            rows=[[row["month_label"] if key == "month" else row[key] for key, _heading in columns] for row in self.get_rows()],
            xlsx_url=self.export_url(FORMAT_XLSX),
            csv_url=self.export_url(FORMAT_CSV),
        )
        return context


# --- the viewset --------------------------------------------------------------------------------


class ReviewLedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_view_ledger(request.user)


class ReviewLedgerViewSet(ViewSet):
    """The ledger in the admin, under Reports: the listing (and its exports), one record, the summary.

    Its URLs are ``disclosure_ledger:index``, ``:index_results``, ``:inspect`` and ``:summary``, under
    ``/admin/reports/review-ledger/``. Records are append-only: no add, edit or delete view.
    """

    name = "disclosure_ledger"
    url_prefix = "reports/review-ledger"
    icon = "clipboard-list"
    menu_label = _("Review ledger (保密审查台账)")
    menu_hook = "register_reports_menu_item"
    menu_item_class = ReviewLedgerMenuItem
    menu_order = 910

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            inspect_url_name=self.get_url_name("inspect"),
            summary_url_name=self.get_url_name("summary"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.construct_view(ReviewLedgerView), name="index"),
            path("results/", self.construct_view(ReviewLedgerView, results_only=True), name="index_results"),
            path("<int:pk>/", self.construct_view(ReviewRecordInspectView), name="inspect"),
            path("summary/", self.construct_view(ReviewSummaryView), name="summary"),
        ]
