"""The annual reports in the admin: the overview of a year, 汇总 (a government's report from its
subordinates'), the upload of a published report, and the deadline panel on the dashboard.

条例第四十九条: departments publish by 1月31日, the government's report is published by 3月31日. Who may see
and do what: the overview, the dashboard panel and the upload are for those who may add pages under an
annual-report index; building a consolidated report needs the right to add under the index (a new report)
or to edit the government's report (a new draft revision of it).
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from ..annual_report_forms import report_layouts
from ..importers.annual_report import (
    AnnualReportImport,
    NotAnAnnualReport,
    create_draft,
    read_annual_report,
)
from ..models.annual_report import AnnualReportIndexPage, AnnualReportPage
from ..models.annual_report_overview import (
    ReportState,
    consolidation,
    year_deadlines,
    year_overview,
)
from ..models.organisations import Organisation
from ..rules.annual_report import SCHEMA, OrganisationLevel, tables_document
from ..rules.annual_report.tables import TITLE

MAX_UPLOAD = 5 * 1024 * 1024  # a report with its tables is some hundred KB; Word-exported HTML up to ~1 MB


def indexes_for(user):
    """The annual-report index pages ``user`` may add a report under."""
    return [index for index in AnnualReportIndexPage.objects.all() if index.permissions_for_user(user).can_add_subpage()]


def may_see_reports(user):
    return user.is_active and (user.is_superuser or bool(indexes_for(user)))


def default_year(today=None):
    """The statistics year whose reports are due next: last year's until 31 March (the government's
    deadline, 条例第四十九条), then this year's (due in January and March of the next year)."""
    today = today or timezone.localdate()
    return today.year - 1 if (today.month, today.day) <= (3, 31) else today.year


def _year(request):
    try:
        year = int(request.GET.get("year") or default_year())
    except ValueError:
        year = default_year()
    return min(max(year, 2008), 2999)


class ReportsView(View):
    def dispatch(self, request, *args, **kwargs):
        if not may_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OverviewView(ReportsView):
    """Every organisation and its report of the year: state, findings, deadline."""

    template_name = "wagtail_disclosure/annual_reports/overview.html"

    def get(self, request):
        year = _year(request)
        rows = year_overview(year)
        counts = {state: sum(1 for row in rows if row.state == state) for state in ReportState.values}
        return TemplateResponse(request, self.template_name, {
            "year": year, "rows": rows, "years": sorted({year, *range(default_year() - 5, default_year() + 2)}, reverse=True),
            "counts": [(ReportState(state).label, count) for state, count in counts.items()],
            "header_title": gettext("Annual reports of %(year)s") % {"year": year},
        })  # fmt: skip


def filled_layouts(report):
    layouts = report_layouts(report.format)
    for layout in layouts:
        for body in layout.bodies:
            for cells in body:
                for cell in cells:
                    if cell.is_data:
                        cell.value = report.get(layout.key, cell.row.key, cell.column.key)
    return layouts


class ConsolidationView(ReportsView):
    """汇总: the sum of the subordinates' live reports, what is missing, and X-SUM; POST writes the sums into
    the government's report (a new draft, or a new draft revision of its report)."""

    template_name = "wagtail_disclosure/annual_reports/consolidation.html"

    def setup(self, request, organisation_id, year):
        super().setup(request, organisation_id=organisation_id, year=year)
        self.organisation = get_object_or_404(Organisation, pk=organisation_id)
        self.year = year

    def get(self, request, organisation_id, year):
        result = consolidation(self.organisation, self.year)
        return TemplateResponse(request, self.template_name, {
            "result": result, "year": self.year, "organisation": self.organisation,
            "layouts": filled_layouts(result.total) if result.total is not None else [],
            "indexes": indexes_for(request.user),
            "header_title": gettext("Consolidated report (汇总): %(organisation)s, %(year)s") % {"organisation": self.organisation.name, "year": self.year},
        })  # fmt: skip

    def post(self, request, organisation_id, year):
        result = consolidation(self.organisation, self.year)
        if result.total is None:
            messages.error(request, gettext("No subordinate organisation has a live report on %(year)s: there is nothing to add up.") % {"year": self.year})
            return redirect(request.path)
        tables = tables_document(result.total)
        page = result.page
        if page is not None:
            if not page.permissions_for_user(request.user).can_edit():
                raise PermissionDenied
            page = page.get_latest_revision_as_object()
            page.tables = tables
            page.save_revision(user=request.user, log_action=True)
            messages.success(request, gettext("The sums were saved as a new draft of “%(title)s”.") % {"title": page.title})
            return redirect("wagtailadmin_pages:edit", page.pk)
        index = self._index(request)
        page = AnnualReportPage(
            title=TITLE.format(organisation=self.organisation.name, year=self.year), slug=f"{self.year}-{self.organisation.code}".lower(),
            live=False, organisation=self.organisation, year=self.year, organisation_level=OrganisationLevel.GOVERNMENT,
            tables=tables, signing_organisation=self.organisation.name, owner=request.user, locale=index.locale,
        )  # fmt: skip
        try:
            page.clean()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        with transaction.atomic():
            index.add_child(instance=page)
            page.save_revision(user=request.user, log_action=True)
        messages.success(request, gettext("Draft “%(title)s” created from the subordinates' reports.") % {"title": page.title})
        return redirect("wagtailadmin_pages:edit", page.pk)

    def _index(self, request):
        indexes = indexes_for(request.user)
        chosen = request.POST.get("index")
        for index in indexes:
            if str(index.pk) == chosen or (not chosen and len(indexes) == 1):
                return index
        raise PermissionDenied


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Report file"), help_text=_("The report as published: its web page saved as .html, or a Word .docx file."))
    index = forms.TypedChoiceField(label=_("Create the draft under"), coerce=int)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True), required=False,
        help_text=_("Leave empty to use the organisation named in the report's title."),
    )  # fmt: skip

    def __init__(self, *args, indexes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].choices = [(index.pk, index.get_admin_display_title()) for index in indexes]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:  # the confirmation step: the file was read at the first
            return None
        if upload.size > MAX_UPLOAD:
            raise ValidationError(gettext("The file is larger than 5 MB: an annual report is much smaller. Is it the right file?"))
        if not upload.name.lower().endswith((".html", ".htm", ".docx")):
            raise ValidationError(gettext("Upload the report's web page (.html) or a Word file (.docx)."))
        return upload


class UploadView(ReportsView):
    """Upload a published report: first its findings are shown, and only on confirmation a draft is created.

    The document read from the file travels in the confirmation form as JSON: it is read again with the
    schema's rules (``from_document`` through ``create_draft``), so an altered one is refused, never trusted.
    """

    template_name = "wagtail_disclosure/annual_reports/upload.html"

    def get(self, request):
        return self.render(UploadForm(indexes=indexes_for(request.user)))

    def render(self, form, result=None, document_json="", status=200):
        return TemplateResponse(request=self.request, template=self.template_name, status=status, context={
            "form": form, "result": result, "document_json": document_json, "header_title": gettext("Upload an annual report"),
            "errors": errors_of(result), "summary": result.summary() if result else [],
        })  # fmt: skip

    def post(self, request):
        indexes = indexes_for(request.user)
        if request.POST.get("document"):
            return self.create(request, indexes)
        form = UploadForm(request.POST, request.FILES, indexes=indexes)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            document = read_annual_report(form.cleaned_data["file"])
        except NotAnAnnualReport as error:
            form.add_error("file", error.message)
            return self.render(form, status=400)
        result = AnnualReportImport(document, check_only=True)
        return self.render(form, result, json.dumps(document, ensure_ascii=False))

    def create(self, request, indexes):
        form = UploadForm(request.POST, indexes=indexes)
        form.fields["file"].required = False
        try:
            document = json.loads(request.POST["document"])
        except ValueError:
            document = None
        if not isinstance(document, dict) or document.get("schema") != SCHEMA or not form.is_valid():
            messages.error(request, gettext("The upload could not be confirmed: upload the file again."))
            return redirect("wagtail_disclosure:annual_report_upload")
        index = next(index for index in indexes if index.pk == form.cleaned_data["index"])
        try:
            page = create_draft(document, index, organisation=form.cleaned_data["organisation"] and form.cleaned_data["organisation"].code, user=request.user)
        except (NotAnAnnualReport, KeyError, TypeError, ValueError) as error:
            message = error.message if isinstance(error, NotAnAnnualReport) else gettext("The upload could not be confirmed: upload the file again.")
            form.add_error(None, message)
            return self.render(form, AnnualReportImport(document), json.dumps(document, ensure_ascii=False), status=400)
        messages.success(request, gettext("Draft “%(title)s” created: correct what the checks found, then submit it for review.") % {"title": page.title})
        return redirect("wagtailadmin_pages:edit", page.pk)


def errors_of(result):
    if result is None:
        return []
    return [item for item in result.document.get("findings", []) if item.get("severity") == "error"]


class AnnualReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


# --- the dashboard: 条例第四十九条's deadlines ------------------------------------------------------------


class DeadlinePanel(Component):
    """Reports of last year not yet live: days left until each organisation's deadline, or overdue."""

    name = "disclosure_annual_report_deadlines"
    order = 90
    template_name = "wagtail_disclosure/annual_reports/deadline_panel.html"
    SHOWN = 10

    def __init__(self, year, rows):
        self.year, self.rows = year, rows

    def get_context_data(self, parent_context):
        return {"year": self.year, "rows": self.rows[: self.SHOWN], "more": len(self.rows) > self.SHOWN,
                "overdue": sum(1 for row in self.rows if row.deadline.is_late)}  # fmt: skip


def add_deadline_panel(request, panels):
    if not may_see_reports(request.user):
        return
    today = timezone.localdate()
    year = default_year(today)
    # States and deadlines only: the panel shows no findings, so no check runs on a dashboard load.
    pending = [row for row in year_deadlines(year, today) if row.state != ReportState.LIVE]
    if pending:
        panels.append(DeadlinePanel(year, sorted(pending, key=lambda row: (row.deadline.days_left, row.organisation.sort_order))))


# --- one report per organisation, year and locale --------------------------------------------------------


def refuse_duplicate_copy(request, page):
    """``before_copy_page``: a copy (not an alias) of an annual report into the same locale would be a second
    report of the same organisation and year, which ``AnnualReportPage.clean`` forbids; Wagtail's copy does not
    validate, so it is refused here with the reason. Translations (another locale) and aliases are fine."""
    if request.method != "POST" or request.POST.get("alias"):
        return None
    parent = Page.objects.filter(pk=request.POST.get("new_parent_page") or 0).first()
    if parent is None:
        return None
    reports = AnnualReportPage.objects.filter(alias_of__isnull=True, locale_id=parent.locale_id)
    if request.POST.get("copy_subpages"):
        reports = reports.filter(path__startswith=page.path)
    else:
        reports = reports.filter(pk=page.pk)
    duplicate = reports.select_related("organisation").first()
    if duplicate is None:
        return None
    messages.error(request, gettext(
        "“%(title)s” cannot be copied here: the copy would be a second annual report of %(organisation)s on %(year)s, "
        "and each organisation has one report a year in each language. To start another year's report, create a new "
        "annual report; to publish the same report in another language, translate it."
    ) % {"title": duplicate.title, "organisation": duplicate.organisation.name, "year": duplicate.year})
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_duplicate_alias_conversion(request, page):
    """``before_convert_alias_page``: an alias of a report in its own language, made an ordinary page, would be a
    second report of the same organisation and year (``AnnualReportPage.save`` would refuse it with an error
    page); refused here with the reason, before the confirmation."""
    if not isinstance(page, AnnualReportPage):
        return None
    duplicate = (
        AnnualReportPage.objects.filter(alias_of__isnull=True, locale_id=page.locale_id, organisation_id=page.organisation_id, year=page.year)
        .exclude(pk=page.pk).select_related("organisation").first()
    )  # fmt: skip
    if duplicate is None:
        return None
    messages.error(request, gettext(
        "“%(title)s” cannot become an ordinary page: it would be a second annual report of %(organisation)s on %(year)s "
        "in this language, beside “%(existing)s”. Delete the alias, or translate the report into another language."
    ) % {"title": page.title, "organisation": duplicate.organisation.name, "year": duplicate.year, "existing": duplicate.title})
    return redirect("wagtailadmin_explore", page.get_parent().pk)
