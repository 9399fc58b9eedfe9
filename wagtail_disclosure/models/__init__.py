"""The plugin's models, one module per concept (see docs/architecture.md)."""

from .attachments import AbstractAttachment
from .base import DisclosurePage
from .calendar import CalendarDay, CalendarYear, TimelinessMixin, get_working_day_calendar
from .catalogue import (
    AbstractCatalogueEntryPage,
    CatalogueEntryAttachment,
    CatalogueEntryPage,
    CatalogueIndexPage,
    DisclosureAttribute,
    Validity,
)
from .imports import ImportRun
from .index_numbers import IndexNumberMixin, IndexNumberSequence, IssuedIndexNumber
from .ledger import ReviewRecord, verify_ledger
from .listing import CatalogueListingVersion, CatalogueSearchGram, ListedPageMixin
from .organisations import Organisation
from .review import ConfidentialityReviewTask, ConfidentialityReviewTaskState
from .settings import DisclosureSettings
from .taxonomy import Genre, ServiceAudience, Topic

__all__ = [
    "AbstractAttachment",
    "AbstractCatalogueEntryPage",
    "CalendarDay",
    "CalendarYear",
    "CatalogueEntryAttachment",
    "CatalogueEntryPage",
    "CatalogueIndexPage",
    "CatalogueListingVersion",
    "CatalogueSearchGram",
    "ConfidentialityReviewTask",
    "ConfidentialityReviewTaskState",
    "DisclosureAttribute",
    "DisclosurePage",
    "DisclosureSettings",
    "Genre",
    "ImportRun",
    "IndexNumberMixin",
    "IndexNumberSequence",
    "IssuedIndexNumber",
    "ListedPageMixin",
    "Organisation",
    "ReviewRecord",
    "ServiceAudience",
    "TimelinessMixin",
    "Validity",
    "Topic",
    "get_working_day_calendar",
    "verify_ledger",
]
