"""政府信息公开目录: the catalogue index page and one entry page per disclosed item.

条例第十二条: 政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。
条例第二十四条: 政府信息公开平台应当具备信息检索、查阅、下载等功能。
条例第二十六条: 主动公开的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
"""

import contextlib
import contextvars
import functools
from urllib.parse import quote

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models, transaction
from django.db.models.signals import post_save
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.urls.resolvers import RFC3986_SUBDELIMS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.models import pages as wagtail_pages
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import listing_cache
from ..feeds import CatalogueAtomFeed, CatalogueRssFeed
from ..forms import CatalogueEntryAdminForm, CatalogueFilterForm
from ..gate.approval import approval_missing
from ..gate.fingerprint import revision_fingerprint
from ..panels import TimelinessPanel
from ..rules.text_search import may_be_reference_number
from ..rules.confidentiality import RecordKind
from ..rules.interpretation import needs_interpretation_by_default
from ..rules.vocabulary import DisclosureAttribute, Validity
from .attachments import AbstractAttachment, AttachmentsMixin
from .base import DisclosureIndexPage, DisclosurePage, TranslatableFieldsOf, serve_in_page_language
from .calendar import TimelinessMixin, get_working_day_calendar
from .index_numbers import IndexNumberMixin
from .ledger import ReviewRecord
from .listing import ListedPageMixin, gram_rows
from .organisations import Organisation
from .settings import DisclosureSettings, site_of

# Interpretations under review together with the document being reviewed (services.reviews): they
# count as going live with it while that review is checked.
_reviewed_together = contextvars.ContextVar("wagtail_disclosure_reviewed_together", default=frozenset())


@contextlib.contextmanager
def reviewing_together(pages):
    token = _reviewed_together.set(frozenset(page.pk for page in pages))
    try:
        yield
    finally:
        _reviewed_together.reset(token)


__all__ = [
    "AbstractCatalogueEntryPage",
    "CatalogueEntryAttachment",
    "CatalogueEntryPage",
    "CatalogueIndexPage",
    "DisclosureAttribute",
    "Validity",
]


class AbstractCatalogueEntryPage(AttachmentsMixin, IndexNumberMixin, TimelinessMixin, ListedPageMixin, DisclosurePage):
    """A disclosed item with the catalogue metadata. Subclass it to add fields of your own.

    For attachments, declare the relation (see ``models.attachments``); ``CatalogueEntryPage`` does.
    """

    is_interpretation = False  # 政策解读 (models.interpretation) says True

    summary = models.TextField(_("summary"), blank=True, help_text=_("内容概述: a short description shown in the catalogue."))
    # The catalogue's metadata is required in the editor (blank=False), but may be missing (NULL) on an entry migrated
    # from a legacy system: such an entry stays a draft, flagged 待补全, until it is completed (``missing_metadata``).
    written_date = models.DateField(
        _("date of writing"), null=True, help_text=_("成文日期: the date the information was formed or changed.")
    )
    publish_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("发布日期. Leave empty to use the day the entry is first published."),
    )
    organisation = models.ForeignKey(
        "wagtail_disclosure.Organisation",
        verbose_name=_("issuing organisation"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, db_index=True, help_text=_("发文字号, e.g. 某政办发〔2024〕12号.")
    )
    topic = models.ForeignKey("wagtail_disclosure.Topic", verbose_name=_("topic"), null=True, on_delete=models.PROTECT, related_name="+")
    genre = models.ForeignKey("wagtail_disclosure.Genre", verbose_name=_("genre"), null=True, on_delete=models.PROTECT, related_name="+")
    audience = models.ForeignKey(
        "wagtail_disclosure.ServiceAudience",
        verbose_name=_("service audience"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Nullable for migrated entries only: the editor still requires them even for a draft (Wagtail would
    # otherwise defer a nullable field's requirement to publication).
    written_date.required_on_save = organisation.required_on_save = topic.required_on_save = genre.required_on_save = True
    keywords = models.CharField(_("keywords"), max_length=200, blank=True, help_text=_("主题词, separated by spaces."))
    validity = models.CharField(_("validity"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField(
        _("date of expiry or repeal"), null=True, blank=True, help_text=_("Required when the document is expired or repealed.")
    )
    superseded_by = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The catalogue entry that replaces this document, if any."),
    )
    disclosure_attribute = models.CharField(
        _("disclosure attribute"), max_length=20, choices=DisclosureAttribute.choices, default=DisclosureAttribute.PUBLIC
    )
    non_disclosure_reason = models.TextField(
        _("reason for not disclosing proactively"),
        blank=True,
        help_text=_("Required unless the entry is proactively disclosed. Cite the legal basis, e.g. 条例第十四、十五、十六条 for 不予公开."),
    )
    # 三同步: a document that needs a 政策解读 goes live only with one (publication_blockers). None: as
    # its genre says (规章 and 行政规范性文件 do, rules.interpretation).
    needs_interpretation = models.BooleanField(
        _("needs an interpretation"),
        null=True,
        blank=True,
        choices=[(None, _("As its genre says (规章, 行政规范性文件: yes)")), (True, _("Yes")), (False, _("No"))],
        help_text=_("需要解读: the document is published only together with its policy interpretation (三同步)."),
    )
    body = RichTextField(_("body"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown publicly and never sent for translation."))
    # 待补全: metadata the catalogue needs is missing (see ``missing_metadata``); kept for the admin report.
    incomplete = models.BooleanField(_("incomplete (待补全)"), default=False, editable=False, db_index=True)

    # internal_notes is never shown; non_disclosure_reason only on entries that are not proactively
    # disclosed, which are never served.
    internal_fields = ("internal_notes", "non_disclosure_reason")
    derived_fields = ("incomplete",)
    # What the catalogue needs of every entry (条例第十二条: 索引、名称、内容概述、生成日期…; the classifications
    # of the 目录系统实施指引), which a migrated entry may lack.
    metadata_fields = ("organisation", "written_date", "topic", "genre")
    substring_search_fields = ("title", "document_number", "index_number")

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    metadata_panels = [
        MultiFieldPanel(
            [TimelinessPanel(), FieldPanel("organisation"), FieldPanel("document_number")],
            heading=_("Identification"),
        ),
        FieldRowPanel([FieldPanel("written_date"), FieldPanel("publish_date")], heading=_("Dates")),
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("genre"), FieldPanel("audience"), FieldPanel("keywords")],
            heading=_("Classification"),
        ),
    ]
    disclosure_panels = [
        MultiFieldPanel(
            [FieldPanel("disclosure_attribute"), FieldPanel("non_disclosure_reason"), FieldPanel("needs_interpretation")],
            heading=_("Disclosure"),
        ),
        MultiFieldPanel(
            [FieldPanel("validity"), FieldPanel("validity_changed_on"), PageChooserPanel("superseded_by", "wagtail_disclosure.CatalogueEntryPage")],
            heading=_("Validity"),
        ),
        FieldPanel("internal_notes"),
    ]
    settings_panels = []
    edit_tabs = (
        ("content_panels", _("Content")),
        ("metadata_panels", _("Metadata")),
        ("disclosure_panels", _("Disclosure and validity")),
        ("promote_panels", _("Promote")),
    )

    translatable_fields = TranslatableFieldsOf([
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("keywords"),
        TranslatableField("body"),
        SynchronizedField("index_number"),
        SynchronizedField("organisation"),
        SynchronizedField("document_number"),
        SynchronizedField("written_date"),
        SynchronizedField("publish_date"),
        SynchronizedField("topic"),
        SynchronizedField("genre"),
        SynchronizedField("audience"),
        SynchronizedField("validity"),
        SynchronizedField("validity_changed_on"),
        SynchronizedField("superseded_by"),
        SynchronizedField("disclosure_attribute"),
        SynchronizedField("non_disclosure_reason"),
        SynchronizedField("needs_interpretation"),
        SynchronizedField("attachments"),
    ])

    base_form_class = CatalogueEntryAdminForm
    parent_page_types = ["wagtail_disclosure.CatalogueIndexPage"]
    subpage_types = []
    template = "wagtail_disclosure/catalogue_entry_page.html"

    class Meta:
        abstract = True

    # --- rules ------------------------------------------------------------------------------

    @property
    def is_public(self):
        """Only 主动公开 entries are shown to the public; the others are internal records."""
        return self.disclosure_attribute == DisclosureAttribute.PUBLIC

    # The same rule in the database (services.internal_records finds live ones left from before).
    internal_records_filter = ~models.Q(disclosure_attribute=DisclosureAttribute.PUBLIC)

    @property
    def interpretation_required(self):
        """三同步 applies: the editor's answer, or the genre's default."""
        if self.needs_interpretation is not None:
            return self.needs_interpretation
        return bool(self.genre_id) and needs_interpretation_by_default(self.genre.name)

    def interpretation_grace_days(self):
        site = site_of(self)
        return DisclosureSettings.for_site(site).interpretation_grace_days if site is not None else 0

    def linked_interpretations(self):
        """The 政策解读 pages that link to this document (drafts too), specific, oldest first."""
        links = getattr(self, "interpretation_links", None)
        if links is None or not self.pk:
            return []
        return [link.page for link in links.select_related("page").order_by("page_id")]

    def live_interpretations(self):
        return [page for page in self.linked_interpretations() if page.live]

    def interpretations_reviewed_with_it(self):
        """Linked interpretations with content not yet live, with their latest revision: a review of this
        document covers them too (三同步: 同步审签), and its publication publishes them."""
        result = []
        for page in self.linked_interpretations():
            if page.live and not page.has_unpublished_changes:
                continue
            revision = page.get_latest_revision()
            if revision is not None:
                result.append((page, revision))
        return result

    def interpretation_due(self, grace=None):
        """The last day this document may be live without a live interpretation: its 发布日期 (today for a
        first publication) plus the grace period of working days (``DisclosureSettings``; 0 by default)."""
        grace = self.interpretation_grace_days() if grace is None else grace
        start = self.publish_date or timezone.localdate()
        return get_working_day_calendar().add_working_days(start, grace).date if grace > 0 else start

    def missing_interpretation(self):
        """Why this document cannot go live for want of its interpretation (三同步), or ""."""
        if not self.interpretation_required:
            return ""
        grace = self.interpretation_grace_days()
        if grace > 0:
            # Within the grace period the document may go live alone; once it has passed, its next
            # publication (an edit, a republication, a scheduled one) needs the interpretation as well.
            due = self.interpretation_due(grace)
            if due > timezone.localdate():
                return ""
            missing = self._missing_interpretation()
            if not missing:
                return ""
            return gettext("the %(days)s working days allowed for its interpretation ended on %(date)s: %(missing)s") % {
                "days": grace, "date": due.isoformat(), "missing": missing,
            }  # fmt: skip
        return self._missing_interpretation()

    def _missing_interpretation(self):
        if self.pk and ReviewRecord.objects.filter(page_pk=self.pk, kind=RecordKind.LEGACY_MIGRATION).exists():
            return ""  # 历史数据迁移: published before, in another system; listed by the report if still uninterpreted
        linked = self.linked_interpretations()
        if any(page.live for page in linked):
            return ""
        together = _reviewed_together.get()
        pending = []
        for page in linked:
            revision = page.get_latest_revision()
            if page.pk in together or (revision is not None and not approval_missing(page, revision_fingerprint(revision))):
                return ""  # it goes live with this document (see save())
            pending.append(page.title)
        if not pending:
            return gettext(
                "it needs a policy interpretation (三同步) and no 政策解读 page interprets it: create one that links to it, "
                "then submit this document for review (the review covers both)"
            )
        return gettext(
            "its policy interpretation %(titles)s is not live and has not passed the review: submit this document for "
            "review, the review covers its interpretation and both go live together (三同步)"
        ) % {"titles": "、".join(f"“{title}”" for title in pending)}

    def publication_blockers(self):
        blockers = list(super().publication_blockers())
        incomplete = self.missing_metadata()
        if incomplete:  # 待补全: migrated without metadata the catalogue needs
            blockers.append(_("Incomplete (待补全): %(missing)s.") % {"missing": pgettext("list separator", ", ").join(incomplete)})
        missing = self.missing_interpretation()  # 三同步
        if missing:
            blockers.append(missing)
        return blockers

    def clean(self):
        super().clean()
        errors = {}
        if self.disclosure_attribute != DisclosureAttribute.PUBLIC and not (self.non_disclosure_reason or "").strip():
            errors["non_disclosure_reason"] = _("Give the reason why this information is not proactively disclosed.")
        if self.written_date and self.publish_date and self.publish_date < self.written_date:
            errors["publish_date"] = _("The publication date (%(publish)s) cannot be earlier than the date of writing (%(written)s).") % {
                "publish": self.publish_date.isoformat(),
                "written": self.written_date.isoformat(),
            }
        if self.validity != Validity.VALID and not self.validity_changed_on:
            errors["validity_changed_on"] = _("Give the date the document expired or was repealed.")
        if self.validity_changed_on and self.written_date and self.validity_changed_on < self.written_date:
            errors["validity_changed_on"] = _("The date of expiry or repeal cannot be earlier than the date of writing.")
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("An entry cannot replace itself.")
        if errors:
            raise ValidationError(errors)

    def missing_metadata(self, issued_on_save=False):
        """What the catalogue needs and this entry lacks (待补全), as messages; empty when it is complete.

        ``issued_on_save``: for an entry not saved yet, a 索引号 its first save will issue is not missing."""
        missing = [str(self._meta.get_field(name).verbose_name) for name in self.metadata_fields if self._metadata_value(name) is None]
        if not self.index_number and not (issued_on_save and self.index_number_can_be_issued()):
            organisation = self._organisation()
            if organisation is not None and not organisation.code:
                missing.append(
                    _("index number (the organisation “%(organisation)s” has no code yet; it is issued once an administrator adds it)")
                    % {"organisation": organisation.name}
                )
            else:
                missing.append(str(self._meta.get_field("index_number").verbose_name))
        return missing

    def _metadata_value(self, name):
        # The value, or a related object's id (no query); an importer checks entries whose organisation is
        # planned but not saved yet (no id, but set).
        field = self._meta.get_field(name)
        if field.is_relation and field.is_cached(self):
            return field.get_cached_value(self)
        return getattr(self, field.attname)

    def _organisation(self):
        return self.organisation if self._metadata_value("organisation") is not None else None

    def index_number_can_be_issued(self):
        # The number starts with the organisation's code: a migrated entry whose organisation has none yet keeps
        # its legacy number or waits (``issue_waiting_index_numbers``).
        organisation = self._organisation()
        return bool(organisation is not None and organisation.code)

    def index_number_date(self):
        # A migrated entry without 成文日期 (待补全) is numbered in the year of its legacy 发布日期.
        return self.written_date or self.publish_date

    def duplicate_document_numbers(self):
        """Other entries of the same organisation and year with the same 发文字号 (a warning, not an error)."""
        if not self.document_number or not self.written_date:
            return type(self).objects.none()
        return (
            type(self).objects.filter(
                organisation_id=self.organisation_id,
                document_number=self.document_number,
                written_date__year=self.written_date.year,
            )
            .exclude(translation_key=self.translation_key)
            .order_by("pk")
        )

    # --- persistence ------------------------------------------------------------------------

    @classmethod
    def reviewed_content_variants(cls, data):
        """The 发布日期 is reviewed content. Left empty, it is filled in with the day of first publication:
        the reviewed content with an empty date covers the live row with that date (nothing else does)."""
        published, first = data.get("publish_date"), data.get("first_published_at")
        first = parse_datetime(first) if isinstance(first, str) else first
        if published and first and str(published) == timezone.localdate(first).isoformat():
            yield {**data, "publish_date": None}

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None or not self.live or not self.interpretation_required:
            return super().save(*args, **kwargs)
        # 三同步 (同步部署): the document and its approved interpretations go live in one transaction.
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            if self.live:
                self.publish_interpretations()
        return result

    def publish_interpretations(self):
        for page, revision in self.interpretations_reviewed_with_it():
            fingerprint = revision_fingerprint(revision)
            if not approval_missing(page, fingerprint):
                # Published in the audit log by the reviewer whose approval let it go live (the last level's).
                revision.publish(user=approving_reviewer(page, fingerprint), skip_permission_checks=True)

    def derive_fields(self):
        if self.live and self.publish_date is None:
            self.publish_date = timezone.localdate(self.first_published_at) if self.first_published_at else timezone.localdate()
        super().derive_fields()
        self.incomplete = bool(self.missing_metadata())

    # --- public ------------------------------------------------------------------------------

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []

    def serve(self, request, *args, **kwargs):
        if not self.is_public:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = self.get_parent().specific
        # Two-way links (宿迁 indicator: 政策解读与政策文件互相链接): the document lists its live interpretations.
        context["interpretations"] = [page for page in self.live_interpretations() if page.is_public]
        return context


def approving_reviewer(page, fingerprint):
    """The user who recorded the last approval of ``page``'s content ``fingerprint`` in the ledger, or None
    (a 历史数据迁移 record, or a reviewer since deleted)."""
    record = ReviewRecord.objects.filter(page_pk=page.pk, content_hash=fingerprint).approving().exclude(reviewer=None).order_by("-sequence").first()
    if record is None:
        return None
    return get_user_model().objects.filter(pk=record.reviewer_id).first()


def catalogue_entry_models(documents_only=True):
    """The concrete catalogue-entry page types installed: the plugin's and a host site's subclasses of
    ``AbstractCatalogueEntryPage``; without the 政策解读 type unless ``documents_only`` is False."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AbstractCatalogueEntryPage) and not (documents_only and getattr(model, "is_interpretation", False))
    ]


class CatalogueEntryPage(AbstractCatalogueEntryPage):
    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        indexes = [
            models.Index(fields=["-publish_date"], name="wd_entry_publish_date"),
            models.Index(fields=["topic", "-publish_date"], name="wd_entry_topic_date"),
            models.Index(fields=["organisation", "-publish_date"], name="wd_entry_org_date"),
            models.Index(fields=["genre", "-publish_date"], name="wd_entry_genre_date"),
            models.Index(fields=["publication_deadline"], name="wd_entry_deadline"),
            # The list's ids in order; the filters' columns ride along as trailing key columns, so a filtered page
            # is read from the index alone, without a heap fetch per row passed over (not INCLUDE: SQLite has no
            # covering indexes and Django would warn on every SQLite site).
            models.Index(
                fields=["catalogue_id", "-publish_date", "-page_ptr", "topic", "organisation", "genre", "validity"],
                condition=models.Q(is_listed=True),
                name="wd_entry_listing",
            ),
        ]


class CatalogueEntryAttachment(AbstractAttachment):
    page = ParentalKey(CatalogueEntryPage, on_delete=models.CASCADE, related_name="attachments")


# Catalogue pk → (global version, ancestors): see ``CatalogueIndexPage.breadcrumb_ancestors``.
_ANCESTORS = {}


class CatalogueIndexPage(RoutablePageMixin, DisclosureIndexPage):
    """政府信息公开目录: lists the public entries below it, with filters, search and feeds."""

    entries_per_page = 20
    entry_model = CatalogueEntryPage

    # The gram table's listing index holds every entry of the catalogue: it answers a two-character
    # search alone only when this page lists all of them.
    grams_answer_listing = True
    filter_form_class = CatalogueFilterForm

    subpage_types = [
        "wagtail_disclosure.CatalogueEntryPage",
        "wagtail_disclosure.PolicyInterpretationPage",
        "wagtail_disclosure.InterpretationIndexPage",
    ]
    template = "wagtail_disclosure/catalogue_index_page.html"

    class Meta:
        verbose_name = _("catalogue index")
        verbose_name_plural = _("catalogue indexes")

    def listed_catalogue(self):
        """The catalogue whose entries this page lists (itself; a page listing part of a catalogue says which)."""
        return self

    def public_entries(self):
        """Live 主动公开 entries below this page, newest 发布日期 first."""
        return (
            self.entry_model.objects.child_of(self.listed_catalogue())
            # The listed rule. Live entries always have a 发布日期 (save() sets it); saying so lets the
            # ordering index skip drafts, which sort first with NULL dates.
            .filter(self.entry_model.listed_q())
            .select_related("organisation", "topic", "topic__parent", "genre")
            .order_by("-publish_date", "-pk")
        )

    def exact_match(self, query):
        query = (query or "").strip()
        if not may_be_reference_number(query):  # a search for words: no lookup
            return None
        return (
            self.public_entries()
            .filter(models.Q(index_number=query) | models.Q(document_number=query))
            .select_related(None)
            .only("pk", "url_path", "path", "depth")
            .first()
        )

    # Columns the list, the JSON and the feeds never show.
    listing_deferred_fields = ("body", "internal_notes", "search_text", "non_disclosure_reason")

    def listed_entries(self):
        """The entries ``public_entries`` lists, from the derived columns and their partial index."""
        return self.entry_model.objects.filter(catalogue_id=self.listed_catalogue().pk, is_listed=True)

    def listing(self, form, rows_only=False):
        """The filtered entries for a ``Paginator``: count and page ids from an index, then 20 rows.
        ``rows_only``: the rows are ``ListedEntry`` objects, with what the HTML list shows (the JSON and the
        feeds show more: they get the pages)."""
        catalogue_id = self.listed_catalogue().pk
        needle = form.only_two_character_query() if self.grams_answer_listing else None
        if needle:
            ids = gram_rows(needle, catalogue_id).order_by("-publish_date", "-page_id").values_list("page_id", flat=True)
        else:
            ids = form.apply(self.listed_entries(), catalogue_id=catalogue_id).order_by("-publish_date", "-pk").values_list("pk", flat=True)
        load = self.rows_by_pk if rows_only else self.entries_by_pk
        return EntryListing(ids, functools.partial(load, choices=form.choices))

    def rows_by_pk(self, ids, choices, total=None):
        """``entries_by_pk`` for the HTML list: ``ListedEntry`` rows (no page objects: a page costs more to
        build than the row shows)."""
        entries = self.public_entries().filter(pk__in=ids).select_related(None)
        if total is not None:
            entries = entries.annotate(listing_total=total)
        fields = ("pk", *ListedEntry.fields, *(f"{name}_id" for name in ListedEntry.related), *(("listing_total",) if total is not None else ()))
        related = {"organisation": choices.organisations, "topic": choices.topics, "genre": choices.genres}
        return {values["pk"]: ListedEntry(self.entry_model, values, related) for values in entries.values(*fields)}

    def entries_by_pk(self, ids, choices=None, total=None):
        """The entries ``ids`` (a list, or a sliced ids query: then one query in all), by pk, in the listing's
        order. ``choices``: the filter form's ``FilterChoices`` (kept per process and version), which give each
        entry its organisation, topic and genre without joins. ``total``: an expression every row carries as
        ``listing_total``."""
        # Loaded through public_entries: what is shown is checked against the rule itself.
        entries = self.public_entries().filter(pk__in=ids).defer(*self.listing_deferred_fields)
        if total is not None:
            entries = entries.annotate(listing_total=total)
        if choices is None:
            return {entry.pk: entry for entry in entries}
        related = (("organisation", choices.organisations), ("topic", choices.topics), ("genre", choices.genres))
        found = {}
        for entry in entries.select_related(None):
            for name, objects in related:
                obj = objects.get(getattr(entry, f"{name}_id"))
                if obj is not None:  # else loaded on access, as without the choices
                    entry._state.fields_cache[name] = obj
            found[entry.pk] = entry
        return found

    def breadcrumb_ancestors(self, version):
        """This page's ancestors, kept per process for one global version of the catalogues (any change
        to another page replaces it: ``listing_cache``), so that a list rendered afresh does not query them."""
        known = _ANCESTORS.get(self.pk)
        if known is not None and known[0] == version:
            return known[1]
        ancestors = list(self.get_ancestors())
        _ANCESTORS[self.pk] = (version, ancestors)
        return ancestors

    def paginate(self, request, entries):
        paginator = Paginator(entries, self.entries_per_page)
        number = request.GET.get("page") or "1"
        if isinstance(entries, EntryListing) and str(number).isdigit() and int(number) >= 1:
            # The page asked for comes with the count, in one query (when the number is in range).
            start = (int(number) - 1) * self.entries_per_page
            entries.expect(slice(start, start + self.entries_per_page))
        try:
            return paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages or 1)

    def filtered(self, request, rows_only=False):
        version = listing_cache.versions(request, self)[0]
        form = self.filter_form_class(request.GET or None, version=version)
        return form, self.listing(form, rows_only=rows_only)

    def entry_urls(self, request):
        """A function giving a listed entry's address, as ``{% pageurl entry %}`` would, without asking Wagtail
        for each row: the listed catalogue's address (one ``get_url``) and the rest of the entry's ``url_path``,
        quoted as ``reverse()`` quotes it. Entries elsewhere (and sites rooted below the catalogue) go through
        ``get_url``."""
        catalogue = self.listed_catalogue()
        base = catalogue.get_url(request)
        roots = catalogue._get_site_root_paths(request)
        if base is None or any(len(root.root_path) > len(catalogue.url_path) for root in roots if root.root_path.startswith(catalogue.url_path)):
            return lambda entry: entry.get_url(request)
        if not base.endswith("/"):  # WAGTAIL_APPEND_SLASH = False
            base += "/"
        append_slash = wagtail_pages.WAGTAIL_APPEND_SLASH  # what get_url_parts reads
        prefix, safe = catalogue.url_path, RFC3986_SUBDELIMS + "/~:@"

        def url(entry):
            if not entry.url_path.startswith(prefix):
                return entry.get_url(request)
            tail = quote(entry.url_path[len(prefix) :], safe=safe)
            return base + (tail if append_slash else tail.rstrip("/"))

        return url

    def serve(self, request, view=None, args=None, kwargs=None):
        render = functools.partial(super().serve, request, view, args, kwargs)
        return serve_in_page_language(self, lambda: listing_cache.serve(self, request, render))

    @path("")
    def index(self, request):
        query = request.GET.get("q", "")
        match = self.exact_match(query)
        if match is not None and not request.GET.get("page"):
            return redirect(match.url)
        form, entries = self.filtered(request, rows_only=True)
        page = self.paginate(request, entries)
        entry_url = self.entry_urls(request)
        for entry in page.object_list:
            entry.listing_url = entry_url(entry)
        base = self.get_url(request)  # as {% routablepageurl %} does, once for the three feed links
        base = base if base.endswith("/") else base + "/"
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "feed_urls": {name: base + self.reverse_subpage(name) for name in ("feed", "atom", "json")},
                "ancestors": self.breadcrumb_ancestors(listing_cache.versions(request, self)[0]),
                "entries_page": page,
                "active_filters": form.active_filters() if form.is_bound else [],
                "query": query,
            },
        )

    @path("json/", name="json")
    def entries_json(self, request):
        form, entries = self.filtered(request)
        page = self.paginate(request, entries)
        data = {
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page.next_page_number() if page.has_next() else None,
            "results": [entry_as_json(entry, request) for entry in page.object_list],
        }
        if form.is_bound and form.errors:
            data["errors"] = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return CatalogueRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return CatalogueAtomFeed(self)(request)


class ListedEntry:
    """A row of the catalogue's HTML list: the fields it shows, its organisation, topic and genre (the filter
    form's objects) and ``listing_url`` (set by the view). ``page`` loads the entry itself, for a site's
    template that shows more."""

    fields = ("title", "url_path", "index_number", "document_number", "publish_date", "validity")
    related = ("organisation", "topic", "genre")

    def __init__(self, model, values, related):
        self.model = model
        self.__dict__.update(values)
        for name in self.related:
            key = values[f"{name}_id"]
            obj = related[name].get(key) if key is not None else None
            if obj is None and key is not None:  # not among the form's choices: as a page would load it
                obj = model._meta.get_field(name).related_model.objects.get(pk=key)
            setattr(self, name, obj)
        self.listing_url = None

    def get_validity_display(self):
        return dict(Validity.choices).get(self.validity, self.validity)

    @property
    def url(self):
        return self.listing_url

    def get_url(self, request=None):
        return self.page.get_url(request)

    @functools.cached_property
    def page(self):
        return self.model.objects.get(pk=self.pk)


class ListingCount(models.Subquery):
    """The number of rows of a query, as a column of another query (PostgreSQL evaluates it once)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS listing_ids)"
    output_field = models.IntegerField()


class EntryListing:
    """A ``Paginator`` object list: ``count()`` and the ids of a page from ``ids`` (a values_list
    queryset, ordered), then the entries themselves from ``load(ids)`` (a dict by pk).

    When the window of the page is known in advance (``expect``), ``count()`` loads that page's entries and
    the count in one query (the ids of the page as a subquery, the count as a column); the page's slice is
    then answered from them. A page out of range has no rows to carry the count: it is counted alone."""

    def __init__(self, ids, load):
        self.ids = ids
        self.load = load
        self.expected = None
        self.loaded = None  # (start, stop, entries)
        self.total = None

    def expect(self, window):
        self.expected = window

    def count(self):
        if self.total is None and self.expected is not None:
            window, self.expected = self.expected, None
            found = self.load(self.ids[window], total=ListingCount(self.ids.order_by()))
            if found:
                entries = list(found.values())
                self.loaded = (window.start, window.stop, entries)
                self.total = entries[0].listing_total
        if self.total is None:
            self.total = self.ids.count()
        return self.total

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if self.loaded is not None:
            start, stop, entries = self.loaded
            if window.start == start and window.stop <= stop:  # the last page's slice ends at the count
                return entries[: window.stop - start]
        ids = list(self.ids[window])
        found = self.load(ids) if ids else {}
        return [found[pk] for pk in ids if pk in found]


def entry_as_json(entry, request):
    return {
        "index_number": entry.index_number,
        "title": entry.title,
        "summary": entry.summary,
        "url": request.build_absolute_uri(entry.get_url(request)),
        "organisation": entry.organisation.name,
        "document_number": entry.document_number,
        "written_date": entry.written_date.isoformat() if entry.written_date else None,
        "publish_date": entry.publish_date.isoformat() if entry.publish_date else None,
        "topic": entry.topic.public_name,  # as the entry's page shows it
        "genre": entry.genre.name,
        "validity": entry.validity,
        "validity_display": str(entry.get_validity_display()),
        "keywords": entry.keywords.split(),
    }


def issue_waiting_index_numbers(sender, instance, **kwargs):
    """An organisation created by a legacy import without a code has got one: its entries waiting for a 索引号
    get it now, in their row and in a new latest revision (which takes the number from the row), so that
    what is reviewed and published carries it."""
    if not instance.code:
        return
    for model in apps.get_models():
        if not issubclass(model, AbstractCatalogueEntryPage):
            continue
        for page in model.objects.filter(organisation=instance, index_number=""):
            page.save()  # derive_fields issues the number
            if page.latest_revision_id:
                page.get_latest_revision_as_object().save_revision(clean=False, log_action=False)


def connect():
    """Connect ``issue_waiting_index_numbers`` (from ``AppConfig.ready``)."""
    post_save.connect(issue_waiting_index_numbers, sender=Organisation, dispatch_uid="wagtail_disclosure.catalogue.waiting_index_numbers")
