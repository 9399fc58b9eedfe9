from .calendar import CalendarDay, CalendarYear, get_working_day_calendar
from .catalogue import (
    AbstractCatalogueEntryPage,
    CatalogueEntryAttachment,
    CatalogueEntryPage,
    CatalogueIndexPage,
    DisclosureAttribute,
    Timeliness,
    Validity,
)
from .index_numbers import IndexNumberSequence, IssuedIndexNumber
from .organisations import Organisation
from .review import ConfidentialityReviewTask, ConfidentialityReviewTaskState, ReviewRecord, record_review, verify_ledger
from .search import CatalogueSearchGram
from .settings import DisclosureSettings
from .taxonomy import Genre, ServiceAudience, Topic

__all__ = [
    "AbstractCatalogueEntryPage",
    "CalendarDay",
    "CalendarYear",
    "CatalogueEntryAttachment",
    "CatalogueEntryPage",
    "CatalogueIndexPage",
    "CatalogueSearchGram",
    "DisclosureAttribute",
    "DisclosureSettings",
    "Genre",
    "IndexNumberSequence",
    "IssuedIndexNumber",
    "Organisation",
    "ConfidentialityReviewTask",
    "ConfidentialityReviewTaskState",
    "ReviewRecord",
    "verify_ledger",
    "ServiceAudience",
    "Timeliness",
    "Topic",
    "Validity",
    "get_working_day_calendar",
]
