"""Figures of the annual report the site already has: suggestions the editor accepts or overrides.

* 表二 第二十条第（一）项 (规章, 行政规范性文件): counted from the catalogue — made in the year (成文日期), repealed in
  the year (有效性 废止 and the date it changed), in force at the end of the year.
* 表三: from the request register (依申请公开): by default the plugin's own (``services.requests``), for an
  organisation that has cases in it. Another register plugs in through the setting
  ``WAGTAIL_DISCLOSURE_ANNUAL_REPORT_TABLE3_SOURCE``: the dotted path of a callable
  ``(organisation, year) -> table3 or None``, table3 in the JSON document's shape (rows of 7 values, totals
  included or not: they are computed); ``None`` turns the suggestion off.

A table that differs from its suggestion is a warning (X-CAT, X-REQ) the editor acknowledges with the reason.
"""

import datetime
import functools

from django.conf import settings
from django.db.models import Count, Q
from django.utils.module_loading import import_string

from ..rules.annual_report import Finding, Report, WARNING, fill_totals, read_tables
from ..rules.annual_report.document import DocumentError
from ..rules.vocabulary import Validity
from .catalogue import CatalogueEntryPage

# The catalogue's 体裁 (genre) names of the two rows of 第二十条第（一）项 (defaults.GENRES has both).
CATALOGUE_GENRES = {"regulations": ("规章",), "normative_documents": ("行政规范性文件", "规范性文件")}
TABLE3_SOURCE_SETTING = "WAGTAIL_DISCLOSURE_ANNUAL_REPORT_TABLE3_SOURCE"
# Named, not imported: the register is a service, a layer above the models.
DEFAULT_TABLE3_SOURCE = "wagtail_disclosure.services.requests.table_three_suggestion"


def table2_from_catalogue(organisation_id, year):
    """{row key: {"issued", "repealed", "in_force"}} of the organisation's live catalogue entries (one query)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    genre_of = {name: key for key, names in CATALOGUE_GENRES.items() for name in names}
    rows = (
        CatalogueEntryPage.objects.live()
        .filter(organisation_id=organisation_id, genre__name__in=list(genre_of), alias_of__isnull=True)
        .values("genre__name")
        .annotate(
            issued=Count("pk", filter=Q(written_date__range=(start, end))),
            repealed=Count("pk", filter=Q(validity=Validity.REPEALED, validity_changed_on__range=(start, end))),
            # In force on 31 December: written by then, and not expired or repealed by then.
            in_force=Count("pk", filter=Q(written_date__lte=end) & (Q(validity=Validity.VALID) | Q(validity_changed_on__gt=end))),
        )
    )
    result = {key: {"issued": 0, "repealed": 0, "in_force": 0} for key in CATALOGUE_GENRES}
    for row in rows:
        target = result[genre_of[row["genre__name"]]]
        for measure in target:
            target[measure] += row[measure]
    return result


@functools.cache
def _table3_source(path):
    return import_string(path)


def table3_from_register(organisation, year):
    """表三 from the request register (the setting's callable), totals computed; None without one."""
    path = getattr(settings, TABLE3_SOURCE_SETTING, DEFAULT_TABLE3_SOURCE)
    if not path:
        return None
    table3 = _table3_source(path)(organisation, year)
    if table3 is None:
        return None
    report = Report.blank(year)
    try:
        report.table3 = _read_table3(table3)
    except (DocumentError, AttributeError, TypeError):  # not the document's shape: no suggestion
        return None
    return fill_totals(report).table3


def _read_table3(table3):
    blank = Report.blank(2000)
    data = {"format": "2021", "table2": blank.table2, "table3": table3, "table4": blank.table4}
    return read_tables(data)["table3"]


def suggestion_findings(report, table2=None, table3=None):
    """X-CAT / X-REQ: cells of ``report`` that differ from the catalogue's or the register's figures."""
    findings = []
    if table2 is not None and report.format == "2021":
        table = report.table("table2")
        for key, measures in table2.items():
            row = table.row(key)
            for measure, expected in measures.items():
                found = report.get("table2", key, measure)
                if found != expected:
                    label = row.column(measure).label
                    message = f"表二「{row.label}」{label}（{found}）与政府信息公开目录中的统计（{expected}）不一致"
                    findings.append(Finding("X-CAT", WARNING, message, "table2", key, measure, expected, found))
    if table3 is not None:
        suggested = Report.blank(report.year)
        suggested.table3 = table3
        table = report.table("table3")
        for row in table.rows:
            for column in row.columns:
                try:
                    expected = suggested.get("table3", row.key, column.key)
                except KeyError:
                    continue
                found = report.get("table3", row.key, column.key)
                if found != expected:
                    message = f"表三「{row.full_label}」行「{column.label}」列（{found}）与依申请公开登记的统计（{expected}）不一致"
                    findings.append(Finding("X-REQ", WARNING, message, "table3", row.key, column.label, expected, found))
    return findings
