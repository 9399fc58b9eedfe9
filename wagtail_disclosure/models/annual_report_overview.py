"""Annual reports across organisations: the per-year overview and 汇总 (consolidation).

条例第四十九条: each department publishes its report by 1月31日; the government's disclosure office publishes the
government's own by 3月31日, which county offices build from their departments' and townships' reports
(DOMAIN §1.1). Organisations form that hierarchy through ``Organisation.parent``.

Both functions read a whole year in a constant number of queries (organisations, the year's reports with
their review state, last year's reports), whatever the number of organisations: the checks run in Python.
"""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, TextChoices
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, WorkflowState

from ..rules.annual_report import (
    OrganisationLevel,
    check,
    check_consolidation,
    consolidate,
    deadline_status,
    errors,
    warnings,
)
from .annual_report import AnnualReportPage
from .organisations import Organisation


class ReportState(TextChoices):
    NONE = "none", _("No report")
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    LIVE = "live", _("Live")


@dataclasses.dataclass
class OverviewRow:
    organisation: Organisation
    depth: int
    page: AnnualReportPage | None
    state: str
    level: str
    findings: list
    deadline: object  # rules.annual_report.DeadlineStatus

    @property
    def state_label(self):
        return ReportState(self.state).label

    @property
    def errors(self):
        return errors(self.findings)

    @property
    def warnings(self):
        return warnings(self.findings)


def organisation_level(organisation, has_subordinates):
    """A government (with departments or townships below it) or a department, for the deadline."""
    return OrganisationLevel.GOVERNMENT if has_subordinates else OrganisationLevel.DEPARTMENT


# What the deadlines need of a report (not its tables nor its narrative).
DEADLINE_FIELDS = ("id", "title", "organisation_id", "year", "organisation_level", "live", "first_published_at")


def reports_of_year(year, organisation_ids=None, only=None):
    """{organisation id: report page} of ``year`` in the default locale (originals, not aliases), each
    annotated with ``in_review`` (a workflow in progress): one query. ``only``: the fields to load."""
    in_progress = WorkflowState.objects.filter(
        base_content_type_id=ContentType.objects.get_for_model(Page).pk,  # every page's workflow is on its base type
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    pages = (
        AnnualReportPage.objects.filter(year=year, alias_of__isnull=True, locale_id=Locale.get_default().pk)
        .annotate(in_review=Exists(in_progress))
        .order_by("-live", "pk")
    )
    if organisation_ids is not None:
        pages = pages.filter(organisation_id__in=organisation_ids)
    if only is not None:
        pages = pages.only(*only)
    result = {}
    for page in pages:
        result.setdefault(page.organisation_id, page)
    return result


def report_state(page):
    if page is None:
        return ReportState.NONE
    if getattr(page, "in_review", False):
        return ReportState.IN_REVIEW
    return ReportState.LIVE if page.live else ReportState.DRAFT


def _tree(organisations):
    """(organisation, depth) in hierarchy order: each government followed by its subordinates."""
    children = {}
    ids = {organisation.pk for organisation in organisations}
    for organisation in organisations:
        parent = organisation.parent_id if organisation.parent_id in ids else None
        children.setdefault(parent, []).append(organisation)
    ordered, seen = [], set()

    def walk(parent, depth):
        for organisation in children.get(parent, []):
            if organisation.pk not in seen:
                seen.add(organisation.pk)
                ordered.append((organisation, depth))
                walk(organisation.pk, depth + 1)

    walk(None, 0)
    ordered += [(organisation, 0) for organisation in organisations if organisation.pk not in seen]  # a cycle
    return ordered, children


def year_overview(year, today=None):
    """Every active organisation (and any with a report) in hierarchy order, with its report of ``year``:
    state, findings (the checks, last year's report, the deadline, and X-SUM for a government) and deadline."""
    today = today or timezone.localdate()
    reports = reports_of_year(year)
    previous = reports_of_year(year - 1)
    organisations = [o for o in Organisation.objects.all() if o.is_active or o.pk in reports]
    ordered, children = _tree(organisations)
    rows = []
    for organisation, depth in ordered:
        page = reports.get(organisation.pk)
        if page is not None:
            page.organisation = organisation
        subordinates = children.get(organisation.pk, [])
        level = page.organisation_level if page is not None else organisation_level(organisation, bool(subordinates))
        findings = []
        if page is not None:
            report = page.report()
            before = previous.get(organisation.pk)
            if before is not None:
                before.organisation = organisation
            findings = check(report, before.report() if before is not None else None, level, today=today)
            if subordinates:
                findings += _consolidation_findings(report, [(o, reports.get(o.pk)) for o in subordinates], year)
            status = deadline_status(report, level, today=today)
        else:
            status = deadline_status(_Unpublished(year), level, today=today)
        rows.append(OverviewRow(organisation, depth, page, report_state(page), level, findings, status))
    return rows


@dataclasses.dataclass
class _Unpublished:
    year: int
    published: datetime.date | None = None


def year_deadlines(year, today=None):
    """The overview's rows without their findings: each organisation's report state and deadline of ``year``
    (条例第四十九条), for the dashboard. No check runs (COPY compares whole narratives): 3 queries (the
    default locale, the year's reports, the organisations) for any number of organisations."""
    today = today or timezone.localdate()
    reports = reports_of_year(year, only=DEADLINE_FIELDS)
    organisations = [o for o in Organisation.objects.all() if o.is_active or o.pk in reports]
    ordered, children = _tree(organisations)
    rows = []
    for organisation, depth in ordered:
        page = reports.get(organisation.pk)
        published = None
        if page is not None:
            page.organisation = organisation
            if page.live and page.first_published_at:
                published = timezone.localdate(page.first_published_at)
        level = page.organisation_level if page is not None else organisation_level(organisation, bool(children.get(organisation.pk)))
        status = deadline_status(_Unpublished(year, published), level, today=today)
        rows.append(OverviewRow(organisation, depth, page, report_state(page), level, [], status))
    return rows


def _consolidation_findings(report, pages, year):
    live = []
    for organisation, page in pages:
        if page is not None and page.live:
            page.organisation = organisation
            live.append(page.report(totals=False))
    if not live:
        return []
    return check_consolidation(report, consolidate(live, year=year))


@dataclasses.dataclass
class Consolidation:
    """汇总 of ``organisation``'s subordinates' reports on ``year``."""

    organisation: Organisation
    year: int
    included: list  # live reports of subordinates (pages), added up
    not_approved: list  # (organisation, page) whose report exists but is not live
    missing: list  # subordinates without a report
    total: object  # rules Report, or None when nothing is included
    page: AnnualReportPage | None  # the organisation's own report, if any
    findings: list  # X-SUM of the own report against the total

    @property
    def complete(self):
        return not self.not_approved and not self.missing


def consolidation(organisation, year):
    """The sum of the live reports of ``organisation``'s direct subordinates on ``year``, what is missing,
    and X-SUM of its own report against the sum (3 queries)."""
    subordinates = list(Organisation.objects.filter(parent=organisation).order_by("sort_order", "name"))
    reports = reports_of_year(year, [organisation.pk, *(o.pk for o in subordinates)])
    page = reports.get(organisation.pk)
    included, not_approved, missing = [], [], []
    for subordinate in subordinates:
        report = reports.get(subordinate.pk)
        if report is None:
            if subordinate.is_active:
                missing.append(subordinate)
        elif not report.live:
            not_approved.append((subordinate, report))
        else:
            report.organisation = subordinate
            included.append(report)
    summed = included  # every page is in the 2021 tables (a 2019 report is converted on import)
    total = None
    if summed:
        total = consolidate([report.report(totals=False) for report in summed], year=year, organisation_name=organisation.name)
    findings = []
    if page is not None:
        page.organisation = organisation
    if page is not None and total is not None:
        findings = check_consolidation(page.report(), total)
    return Consolidation(organisation, year, summed, not_approved, missing, total, page, findings)
