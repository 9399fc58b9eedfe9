"""The plugin's models, one module per concept (see docs/architecture.md)."""

from .annual_report import AnnualReportIndexPage, AnnualReportPage, OrganisationLevel
from .attachments import AbstractAttachment
from .base import DisclosureIndexPage, DisclosurePage
from .calendar import CalendarDay, CalendarYear, TimelinessMixin, get_working_day_calendar
from .catalogue import (
    AbstractCatalogueEntryPage,
    CatalogueEntryAttachment,
    CatalogueEntryPage,
    CatalogueIndexPage,
    DisclosureAttribute,
    Validity,
)
from .column_pages import DisclosureRulesPage, ProactiveCategoryLink, ProactiveDisclosurePage, RequestColumnPage
from .file_uses import GatedFileUse
from .guide import GuidePage
from .imports import ImportRun
from .index_numbers import IndexNumberMixin, IndexNumberSequence, IssuedIndexNumber
from .interpretation import InterpretationIndexPage, PolicyInterpretationPage, PolicyLink
from .ledger import ReviewRecord, verify_ledger
from .ledger_audit import audit_ledger, ledger_head
from .listing import CatalogueListingVersion, CatalogueSearchGram, ListedPageMixin
from .organisations import Organisation
from .request_pages import RequestApplicationPage
from .requests import InformationRequest, RequestAttachment, RequestEvent
from .review import ConfidentialityReviewTask, ConfidentialityReviewTaskState
from .review_forms import ReviewFormsCollection
from .scheduling import DailyTaskRun
from .search_index import SubstringIndexEntry, SubstringIndexGram
from .settings import DisclosureOffice, DisclosureSettings
from .taxonomy import Genre, ServiceAudience, Topic

__all__ = [
    "AbstractAttachment",
    "AbstractCatalogueEntryPage",
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "OrganisationLevel",
    "CalendarDay",
    "CalendarYear",
    "CatalogueEntryAttachment",
    "CatalogueEntryPage",
    "CatalogueIndexPage",
    "CatalogueListingVersion",
    "CatalogueSearchGram",
    "ConfidentialityReviewTask",
    "ConfidentialityReviewTaskState",
    "ReviewFormsCollection",
    "DisclosureAttribute",
    "DisclosureIndexPage",
    "DisclosurePage",
    "DisclosureOffice",
    "DisclosureRulesPage",
    "DisclosureSettings",
    "GuidePage",
    "InterpretationIndexPage",
    "PolicyInterpretationPage",
    "PolicyLink",
    "ProactiveCategoryLink",
    "ProactiveDisclosurePage",
    "RequestColumnPage",
    "GatedFileUse",
    "DailyTaskRun",
    "Genre",
    "ImportRun",
    "InformationRequest",
    "IndexNumberMixin",
    "IndexNumberSequence",
    "IssuedIndexNumber",
    "ListedPageMixin",
    "Organisation",
    "RequestApplicationPage",
    "RequestAttachment",
    "RequestEvent",
    "ReviewRecord",
    "ServiceAudience",
    "SubstringIndexEntry",
    "SubstringIndexGram",
    "TimelinessMixin",
    "audit_ledger",
    "Validity",
    "Topic",
    "get_working_day_calendar",
    "ledger_head",
    "verify_ledger",
]
