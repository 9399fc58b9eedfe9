"""The 政府信息公开工作年度报告 as plain Python: its tables, arithmetic, checks and JSON document.

* ``tables``: the national tables of 国办公开办函〔2021〕30号 (and the 2019 trial format) as data — captions,
  headers, row and column keys and labels, verbatim — with the section headings.
* ``report``: ``Report`` (the narrative and the three tables in the JSON document's shape), ``fill_totals``
  (totals are computed, never typed) and ``consolidate`` (汇总).
* ``checks``: ``check(report, previous=None, organisation_level=...)`` → findings (T3-BAL … LATE, X-SUM).
* ``text``: Chinese numerals, figures quoted in the narrative, similarity to last year's text.
* ``document``: ``to_document`` / ``from_document`` (schema ``wagtail-disclosure/annual-report/1``).

The tables' labels and the findings' messages are the national wording in Chinese: statutory data like
the labels themselves, kept here and not in the gettext catalogue. English text for the admin (choices,
document errors) goes through gettext.
"""

from .checks import (
    ERROR,
    WARNING,
    DeadlineStatus,
    Finding,
    OrganisationLevel,
    check,
    check_consolidation,
    deadline_status,
    errors,
    publication_deadline,
    warnings,
)
from .document import (
    SCHEMA,
    DocumentError,
    from_document,
    read_tables,
    tables_document,
    to_document,
)
from .report import Report, consolidate, fill_totals, is_number
from .tables import (
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    SECTION_HEADINGS,
    TABLES,
    statistical_period_statement,
)
from .text import parse_number, similarity

__all__ = [
    "ERROR", "FORMATS", "FORMAT_2019", "FORMAT_2021", "SCHEMA", "SECTION_HEADINGS", "TABLES", "WARNING",
    "DeadlineStatus", "DocumentError", "Finding", "OrganisationLevel", "Report", "check", "check_consolidation",
    "consolidate", "deadline_status", "errors", "fill_totals", "from_document", "is_number", "parse_number",
    "publication_deadline", "read_tables", "similarity", "statistical_period_statement", "tables_document",
    "to_document", "warnings",
]  # fmt: skip
