"""政府信息公开工作年度报告: one page per organisation and statistics year, and the column that lists them.

条例第四十九条: 县级以上人民政府部门应当在每年1月31日前…提交本行政机关上一年度政府信息公开工作年度报告并向社会公布；
县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。
条例第五十条 and 国办公开办函〔2021〕30号 set the contents and the tables (``rules.annual_report``).

The tables are one JSONField in the JSON document's shape; totals are computed (``fill_totals``), never
typed. The checks' errors (T3-BAL, ALL-INT …) block publication on every route through
``publication_blockers``; warnings are shown to editors and reviewers, who may acknowledge them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import JsonResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..annual_report_files import docx_response, xlsx_response
from ..annual_report_forms import AnnualReportAdminForm, blank_tables, report_layouts, warning_cell
from ..panels import AnnualReportFindingsPanel, ReadOnlyNotePanel
from ..rules.annual_report import (
    FORMAT_2021,
    SECTION_HEADINGS,
    OrganisationLevel,
    Report,
    check,
    check_consolidation,
    consolidate,
    errors,
    fill_totals,
    read_tables,
    statistical_period_statement,
    tables_document,
    to_document,
    warnings,
)
from ..rules.annual_report.document import DocumentError
from ..rules.annual_report.text import similarity
from .annual_report_prefill import suggestion_findings, table2_from_catalogue, table3_from_register
from .base import DisclosureIndexPage, DisclosurePage, serve_in_page_language
from .index_numbers import IndexNumberMixin

__all__ = ["AnnualReportIndexPage", "AnnualReportPage", "OrganisationLevel"]


class AnnualReportIndexPage(DisclosureIndexPage):
    """政府信息公开年报: the column that lists the live annual reports below it, by year and organisation."""

    subpage_types = ["wagtail_disclosure.AnnualReportPage"]
    template = "wagtail_disclosure/annual_report_index_page.html"

    class Meta:
        verbose_name = _("annual report index")
        verbose_name_plural = _("annual report indexes")

    def public_reports(self):
        """Live reports below this page, newest statistics year first, then by organisation."""
        return (
            AnnualReportPage.objects.child_of(self)
            .live()
            .public()
            .select_related("organisation")
            .order_by("-year", "organisation__sort_order", "organisation__name", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = self.public_reports()
        return context


def _as_is(report):
    return report


def _plain_text(html):
    """A rich-text section as the JSON document's plain text: one paragraph a line."""
    html = expand_db_html(html or "")
    for tag in ("</p>", "<br>", "<br/>", "</li>", "</h2>", "</h3>", "</h4>"):
        html = html.replace(tag, tag + "\n")
    return "\n".join(line.strip() for line in strip_tags(html).splitlines() if line.strip())


class AnnualReportPage(RoutablePageMixin, IndexNumberMixin, DisclosurePage):
    """One organisation's 政府信息公开工作年度报告 on one statistics year (one per locale)."""

    organisation = models.ForeignKey(
        "wagtail_disclosure.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("statistics year"), help_text=_("The year the figures are about, e.g. 2024 for the report published in 2025."))
    organisation_level = models.CharField(
        _("organisation level"), max_length=20, choices=OrganisationLevel.choices, default=OrganisationLevel.DEPARTMENT,
        help_text=_("Decides the publication deadline (条例第四十九条)."),
    )  # fmt: skip
    overview = RichTextField(_("overall situation"), blank=True, help_text=SECTION_HEADINGS["overview"])
    problems = RichTextField(_("main problems and improvements"), blank=True, help_text=SECTION_HEADINGS["problems"])
    other = RichTextField(_("other matters to report"), blank=True, help_text=SECTION_HEADINGS["other"])
    tables = models.JSONField(
        _("tables"), default=blank_tables, help_text=_("二、三、四: the national tables. Totals are computed; enter 0 where there is nothing.")
    )
    signing_organisation = models.CharField(_("signed by"), max_length=200, blank=True, help_text=_("The organisation named at the end of the report."))
    signing_date = models.DateField(_("date of signing"), null=True, blank=True)
    acknowledged_warnings = models.JSONField(
        _("acknowledged warnings"), default=list, blank=True,
        help_text=_("Warnings the editor has checked, each with the rule, the cell and a note."),
    )  # fmt: skip
    # A report imported from the 2019 trial format (国办公开办函〔2019〕60号) has its figures in the 2021 tables;
    # those the 2021 tables have no place for are listed here (``rules.annual_report.formats``), never shown.
    conversion_note = models.TextField(
        _("figures not carried over"), blank=True,
        help_text=_("Figures of a 2019-format report that the 2021 tables have no place for."),
    )  # fmt: skip
    # One report per organisation, statistics year and locale, in the database too: the page's locale is on
    # Wagtail's page table, so save() copies it here (None for an alias, which is no second report).
    report_locale = models.ForeignKey(
        "wagtailcore.Locale", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )

    # The totals inside ``tables`` follow from the other cells, so the reviewed content is the same with
    # or without them: the whole field is content. Acknowledgements are the editors' notes, never shown.
    derived_fields = ("report_locale",)
    internal_fields = ("acknowledged_warnings", "conversion_note")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldRowPanel([FieldPanel("year"), FieldPanel("organisation_level")])],
            heading=_("Organisation and year"),
        ),
        AnnualReportFindingsPanel(),
        FieldPanel("acknowledged_warnings", heading=_("Acknowledge warnings")),
        FieldPanel("overview"),
        FieldPanel("tables"),
        FieldPanel("problems"),
        FieldPanel("other"),
        FieldRowPanel([FieldPanel("signing_organisation"), FieldPanel("signing_date")], heading=_("Signature")),
        ReadOnlyNotePanel("conversion_note"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("overview"),
        TranslatableField("problems"),
        TranslatableField("other"),
        TranslatableField("signing_organisation"),
        SynchronizedField("index_number"),
        SynchronizedField("organisation"),
        SynchronizedField("year"),
        SynchronizedField("organisation_level"),
        SynchronizedField("tables"),
        SynchronizedField("signing_date"),
    ]

    base_form_class = AnnualReportAdminForm
    # What the 保密审查 modal shows of the content under review (review/review_form.html).
    review_template = "wagtail_disclosure/review/annual_report_findings.html"
    parent_page_types = ["wagtail_disclosure.AnnualReportIndexPage"]
    subpage_types = []
    template = "wagtail_disclosure/annual_report_page.html"

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        indexes = [models.Index(fields=["organisation", "year"], name="wd_annual_report_org_year")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "report_locale"], name="wd_annual_report_one_a_year"),
        ]

    # --- 索引号 ------------------------------------------------------------------------------

    def index_number_date(self):
        """The date of signing; without one, 31 December of the statistics year (the last day the report covers)."""
        if self.signing_date:
            return self.signing_date
        return datetime.date(self.year, 12, 31) if self.year else None

    # --- rules ------------------------------------------------------------------------------

    def report(self, totals=True):
        """The page as a ``rules.annual_report.Report``, totals computed (``totals=False``: as saved, which
        ``derive_fields`` computed; enough for adding up live reports)."""
        data = self.tables or blank_tables()
        if data.get("format", FORMAT_2021) != FORMAT_2021:
            raise DocumentError(gettext(
                "The tables are not in the format of 国办公开办函〔2021〕30号: import a report of the 2019 trial format "
                "to have its figures converted."))
        tables = read_tables(data, FORMAT_2021)
        first = self.first_published_at
        return (fill_totals if totals else _as_is)(
            Report(
                year=self.year,
                format=FORMAT_2021,
                organisation_name=self.organisation.name if self.organisation_id else "",
                organisation_code=self.organisation.code if self.organisation_id else None,
                published=timezone.localdate(first) if self.live and first else None,
                sections={"overview": _plain_text(self.overview), "problems": _plain_text(self.problems), "other": _plain_text(self.other)},
                **tables,
            )
        )

    def previous_report(self):
        """Last year's report of the same organisation, in the same locale (live if there is one)."""
        if not self.organisation_id or not self.year:
            return None
        previous = (
            type(self).objects.filter(organisation_id=self.organisation_id, year=self.year - 1, locale_id=self.locale_id)
            .exclude(alias_of__isnull=False)
            .order_by("-live", "pk")
            .first()
        )
        return previous.report() if previous is not None else None

    def findings(self):
        """Every finding: the report's own arithmetic and cells (errors), its narrative, last year's report,
        the deadline, the catalogue's and the request register's figures, and for a government the sum of
        its subordinates' reports (warnings)."""
        if not self.year:
            return []
        report = self.report()
        findings = check(report, self.previous_report(), self.organisation_level or None)
        suggestions = self.suggestions()
        findings += suggestion_findings(report, suggestions["table2"], suggestions["table3"])
        total = self.subordinates_total()
        if total is not None:
            findings += check_consolidation(report, total)
        return findings

    def suggestions(self):
        """{"table2": 表二 第二十条第（一）项 counted from the catalogue, "table3": 表三 from the request register
        or None} (``annual_report_prefill``)."""
        if not self.organisation_id or not self.year:
            return {"table2": None, "table3": None}
        return {
            "table2": table2_from_catalogue(self.organisation_id, self.year),
            "table3": table3_from_register(self.organisation, self.year),
        }

    def subordinates_total(self):
        """汇总: the sum of the live reports of the organisation's subordinates on the same year, or None."""
        if not self.organisation_id or not self.year:
            return None
        pages = list(
            type(self).objects.live().filter(
                organisation__parent_id=self.organisation_id, year=self.year, locale_id=self.locale_id, alias_of__isnull=True
            ).select_related("organisation")
        )
        reports = [page.report() for page in pages]
        return consolidate(reports, year=self.year, organisation_name=self.organisation.name) if reports else None

    def copied_passages(self):
        """The passages of the narrative repeated from last year's report (COPY), for the reviewer."""
        previous = self.previous_report()
        if previous is None or not self.year:
            return ()
        return similarity(self.report().narrative(), previous.narrative()).passages

    def error_findings(self):
        return errors(self.findings())

    def warning_findings(self):
        """Warnings with the editor's acknowledgement, as (finding, note or None)."""
        acknowledged = {}
        for item in self.acknowledged_warnings or []:
            if isinstance(item, dict):
                acknowledged[(item.get("rule"), item.get("cell") or None)] = item.get("note") or ""
        return [(finding, acknowledged.get((finding.rule, warning_cell(finding)))) for finding in warnings(self.findings())]

    def publication_blockers(self):
        # The report's own arithmetic only (国办公开办函〔2021〕30号's 勾稽关系 and every cell a number):
        # the gate also calls this on revisions, which need no other page.
        if not self.year:
            return []
        try:
            report = self.report()
        except DocumentError as error:
            return [str(error)]
        return [finding.message for finding in errors(check(report))]

    def refuse_second_report(self):
        """ValidationError (on ``year``) if the organisation has another report on the year in this locale.

        One report per organisation and statistics year (条例第五十条: each organisation's report of the year),
        in each language; an alias is the same report shown elsewhere. clean() and every save() call it,
        since Wagtail validates drafts (and copies) only for their title and slug."""
        if not (self.organisation_id and self.year) or self.alias_of_id:
            return
        others = type(self).objects.filter(organisation_id=self.organisation_id, year=self.year, alias_of__isnull=True)
        if self.locale_id:
            others = others.filter(locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        other = others.select_related("organisation").first()
        if other is not None:
            raise ValidationError({"year": _(
                "%(organisation)s already has an annual report on %(year)s: “%(title)s”. Edit that one instead."
            ) % {"organisation": other.organisation.name, "year": self.year, "title": other.title}})

    def clean(self):
        super().clean()
        self.refuse_second_report()
        if self.year and not 2008 <= self.year <= 2999:  # the first 条例 took effect on 2008-05-01
            raise ValidationError({"year": _("Enter a statistics year from 2008 on.")})
        try:
            self.report(totals=False)
        except DocumentError as error:
            raise ValidationError({"tables": str(error)}) from None

    # Saves that write these may make a second report (Wagtail's alias conversion writes alias_of alone).
    UNIQUENESS_FIELDS = frozenset({"organisation", "organisation_id", "year", "locale", "locale_id", "alias_of", "alias_of_id"})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.UNIQUENESS_FIELDS & set(update_fields):
            if self.locale_id is None:  # a new page takes its parent's, as Wagtail's save() would below
                self.locale = self.get_default_locale()
            self.refuse_second_report()
            self.report_locale_id = None if self.alias_of_id else self.locale_id
            if update_fields is not None:
                kwargs["update_fields"] = sorted({*update_fields, "report_locale"})
        return super().save(*args, **kwargs)

    def derive_fields(self):
        if self.tables:
            try:
                # Totals are computed, never typed (T3-ROW, T3-SUM, T4-SUM).
                self.tables = tables_document(self.report())
            except DocumentError:
                pass  # clean() reports it; a draft saved without validation keeps what it has
        super().derive_fields()

    # --- public -----------------------------------------------------------------------------

    public_stylesheets = (*DisclosurePage.public_stylesheets, "wagtail_disclosure/css/annual_report.css")

    def serve(self, request, *args, **kwargs):
        return serve_in_page_language(self, lambda: super(AnnualReportPage, self).serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        layouts = report_layouts()
        for layout in layouts:
            for body in layout.bodies:
                for cells in body:
                    for cell in cells:
                        if cell.is_data:
                            cell.value = self.cell(layout.key, cell.row, cell.column)
        context.update({
            "layouts": layouts,
            "headings": SECTION_HEADINGS,
            "statistical_period": statistical_period_statement(self.year),
            "index_page": self.get_parent().specific,
        })  # fmt: skip
        return context

    def cell(self, table_key, row, column):
        node = self.tables.get(table_key) or {}
        for key in row.path:
            node = node.get(key, {})
        return node[row.columns.index(column)] if isinstance(node, list) else node.get(column.key)

    @path("")
    def report_view(self, request):
        return self.render(request)

    @path("json/", name="json")
    def report_json(self, request):
        """The report as the JSON document (schema ``wagtail-disclosure/annual-report/1``), with its findings."""
        report = self.report()
        document = to_document(report, findings=[finding for finding in self.findings()])
        document["sections_html"] = {key: expand_db_html(getattr(self, key) or "") for key in ("overview", "problems", "other")}
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'inline; filename="{self.file_name()}.json"'
        return response

    def file_name(self):
        return f"annual-report-{self.year}-{self.organisation.code}"

    @path("xlsx/", name="xlsx")
    def report_xlsx(self, request):
        """The tables as a workbook: one sheet per table, the national labels verbatim."""
        return xlsx_response(self, self.file_name())

    @path("docx/", name="docx")
    def report_docx(self, request):
        """The whole report as a Word document with real tables (opens in Word and WPS)."""
        return docx_response(self, self.file_name())
