"""政府信息公开目录: the catalogue index page and one entry page per disclosed item.

条例第十二条: 政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。
条例第二十四条: 政府信息公开平台应当具备信息检索、查阅、下载等功能。
条例第二十六条: 主动公开的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
"""

import dataclasses
import datetime
import functools

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, PageChooserPanel, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import search
from ..gate import GatedPageMixin, enforce_before_save
from ..forms import CatalogueEntryAdminForm
from ..panels import TimelinessPanel
from ..rules import index_numbers as index_number_rules
from ..rules.working_days import PROACTIVE_DISCLOSURE_WORKING_DAYS
from .calendar import get_working_day_calendar
from .index_numbers import allocate_index_number


class DisclosureAttribute(models.TextChoices):
    """公开属性, fixed when the document is drafted (国办发〔2016〕80号)."""

    PUBLIC = "public", _("Proactive disclosure (主动公开)")
    ON_REQUEST = "on_request", _("Disclosure on request (依申请公开)")
    WITHHELD = "withheld", _("Not disclosed (不予公开)")


class Validity(models.TextChoices):
    """有效性 of normative documents (有效 / 失效 / 废止)."""

    VALID = "valid", _("In force (有效)")
    EXPIRED = "expired", _("Expired (失效)")
    REPEALED = "repealed", _("Repealed (废止)")


@dataclasses.dataclass(frozen=True)
class Timeliness:
    """Whether an entry was (or is being) published within 条例第二十六条's 20 working days."""

    class Status:
        ON_TIME = "on_time"
        LATE = "late"
        PENDING = "pending"
        OVERDUE = "overdue"

    status: str
    deadline: datetime.date
    working_days: int  # late by (LATE), overdue by (OVERDUE) or remaining (PENDING)
    unknown_years: tuple = ()

    @property
    def is_problem(self):
        return self.status in (self.Status.LATE, self.Status.OVERDUE)

    @property
    def label(self):
        from django.utils.translation import gettext, ngettext

        if self.status == self.Status.ON_TIME:
            return gettext("Published on time")
        if self.status == self.Status.LATE:
            return ngettext("Published %(days)s working day late", "Published %(days)s working days late", self.working_days) % {"days": self.working_days}
        if self.status == self.Status.OVERDUE:
            return ngettext("Overdue by %(days)s working day", "Overdue by %(days)s working days", self.working_days) % {"days": self.working_days}
        return ngettext("%(days)s working day left", "%(days)s working days left", self.working_days) % {"days": self.working_days}


def site_for_page(page):
    """The site whose root is the deepest ancestor of ``page`` (the default site if none is)."""
    steplen = Page.steplen
    prefixes = [page.path[:i] for i in range(steplen, len(page.path) + 1, steplen)]
    sites = sorted(
        Site.objects.select_related("root_page").filter(root_page__path__in=prefixes),
        key=lambda site: (-len(site.root_page.path), not site.is_default_site),
    )
    if sites:
        return sites[0]
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise ValidationError(_("No site is configured, so no index number can be issued."))
    return site


class AbstractCatalogueEntryPage(GatedPageMixin, Page):
    """A disclosed item with the catalogue metadata. Subclass it to add fields of your own."""

    index_number = models.CharField(
        _("index number"),
        max_length=index_number_rules.MAX_LENGTH,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Issued automatically when the entry is created; it never changes."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("内容概述: a short description shown in the catalogue."))
    written_date = models.DateField(_("date of writing"), help_text=_("成文日期: the date the information was formed or changed."))
    publish_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("发布日期. Leave empty to use the day the entry is first published."),
    )
    organisation = models.ForeignKey(
        "wagtail_disclosure.Organisation",
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, db_index=True, help_text=_("发文字号, e.g. 某政办发〔2024〕12号.")
    )
    topic = models.ForeignKey("wagtail_disclosure.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+")
    genre = models.ForeignKey("wagtail_disclosure.Genre", verbose_name=_("genre"), on_delete=models.PROTECT, related_name="+")
    audience = models.ForeignKey(
        "wagtail_disclosure.ServiceAudience",
        verbose_name=_("service audience"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    body = RichTextField(_("body"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown publicly and never sent for translation."))
    publication_deadline = models.DateField(_("publication deadline"), null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # Derived for the public list (CatalogueIndexPage.listing): the parent catalogue's id, and whether
    # the entry is listed (live, 主动公开, with a 发布日期). Kept by save(), and by listing_cache's
    # receivers for saves of the base Page (moves, unpublishing through a plain Page).
    catalogue_id = models.IntegerField(null=True, editable=False)
    is_listed = models.BooleanField(default=False, db_default=False, editable=False)

    # Copies are new entries and get a new number; translations keep theirs (see save()).
    exclude_fields_in_copy = ["index_number"]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments"), heading=_("Attachments")),
    ]
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
        MultiFieldPanel([FieldPanel("disclosure_attribute"), FieldPanel("non_disclosure_reason")], heading=_("Disclosure")),
        MultiFieldPanel(
            [FieldPanel("validity"), FieldPanel("validity_changed_on"), PageChooserPanel("superseded_by", "wagtail_disclosure.CatalogueEntryPage")],
            heading=_("Validity"),
        ),
        FieldPanel("internal_notes"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(metadata_panels, heading=_("Metadata")),
            ObjectList(disclosure_panels, heading=_("Disclosure and validity")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    translatable_fields = [
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
        SynchronizedField("attachments"),
    ]

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

    @property
    def timeliness_label(self):
        result = self.timeliness()
        return result.label if result else ""

    def timeliness(self, today=None):
        if not self.is_public or not self.written_date:
            return None
        calendar = get_working_day_calendar()
        deadline = calendar.add_working_days(self.written_date, PROACTIVE_DISCLOSURE_WORKING_DAYS)
        # A 发布日期 typed into a draft is a plan, not a publication.
        published = self.publish_date if self.live else None
        if published:
            if published <= deadline.date:
                return Timeliness(Timeliness.Status.ON_TIME, deadline.date, 0, deadline.unknown_years)
            late, unknown = calendar.working_days_between(deadline.date, published)
            return Timeliness(Timeliness.Status.LATE, deadline.date, late, tuple(sorted(set(deadline.unknown_years) | set(unknown))))
        today = today or timezone.localdate()
        if today > deadline.date:
            overdue, unknown = calendar.working_days_between(deadline.date, today)
            return Timeliness(Timeliness.Status.OVERDUE, deadline.date, overdue, tuple(sorted(set(deadline.unknown_years) | set(unknown))))
        remaining, unknown = calendar.working_days_between(today, deadline.date)
        return Timeliness(Timeliness.Status.PENDING, deadline.date, remaining, tuple(sorted(set(deadline.unknown_years) | set(unknown))))

    # --- persistence ------------------------------------------------------------------------

    def _issue_index_number(self):
        from .settings import DisclosureSettings

        if not self.organisation_id:
            # A draft is saved without full validation (e.g. through an API that does not send the field).
            raise ValidationError({"organisation": [_("Choose the issuing organisation: its code starts the index number.")]})
        site = site_for_page(self)
        scheme = DisclosureSettings.for_site(site)
        if scheme.index_number_date_basis == DisclosureSettings.DateBasis.WRITTEN_DATE and self.written_date:
            basis = self.written_date
        else:
            basis = timezone.localdate()
        parts = index_number_rules.IndexNumberParts(self.organisation.code, basis.year, basis.month, basis.day)
        return allocate_index_number(site, scheme, parts, self.translation_key)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # The publication gate first: it may turn this save into a draft, and what follows depends on ``live``.
        enforce_before_save(self, update_fields)
        full_save = update_fields is None
        if full_save:
            if not self.index_number:
                self.index_number = self._issue_index_number()
            if self.live and self.publish_date is None:
                self.publish_date = timezone.localdate(self.first_published_at) if self.first_published_at else timezone.localdate()
            if self.written_date:
                deadline = get_working_day_calendar().add_working_days(self.written_date, PROACTIVE_DISCLOSURE_WORKING_DAYS)
                self.publication_deadline = deadline.date
            new_search_text = search.search_text_for(self.title, self.document_number, self.index_number)
            search_changed = new_search_text != self.search_text
            self.search_text = new_search_text
            self.set_listing_columns()
            # A draft that was not listed and is not listed now changes no public list: editors' draft
            # saves then leave the catalogue's cached pages alone. (Asked of the database, not of this
            # instance, which may be stale.)
            listed_before = not self._state.adding and type(self).objects.filter(pk=self.pk, is_listed=True).exists()
            self._listing_unaffected = not (listed_before or self.is_listed)
        result = super().save(*args, **kwargs)
        if full_save:
            from .index_numbers import IssuedIndexNumber

            IssuedIndexNumber.objects.filter(translation_key=self.translation_key, page__isnull=True).update(page=self)
            if search_changed or kwargs.get("force_insert"):
                search.index_page_grams(self, self.title, self.document_number, self.index_number)
            else:
                search.update_gram_listing(self)
            if not self.__dict__.pop("_listing_unaffected", False):
                self._listing_changed()
        elif set(update_fields) & self.LISTING_INPUTS:
            search.refresh_listing_columns(self)
            self._listing_changed()
        return result

    def _listing_changed(self):
        # Once the grams are written too (post_save, which also invalidates, comes before them, and
        # Wagtail publishes and unpublishes outside a transaction).
        from .. import listing_cache

        listing_cache.bump(listing_cache.scope_of_entry(self))

    # Fields is_listed and catalogue_id are derived from.
    LISTING_INPUTS = frozenset({"live", "disclosure_attribute", "publish_date", "path"})

    def set_listing_columns(self):
        """Derive ``catalogue_id`` and ``is_listed`` (see ``CatalogueIndexPage.public_entries`` for the rule)."""
        parent = self.get_parent() if self.path and self.depth and self.depth > 1 else None
        if parent is not None and parent.path != self.path[: -self.steplen]:
            parent = self.get_parent(update=True)  # treebeard's cached parent is from before a move or copy
        self.catalogue_id = parent.pk if parent is not None else None
        self.is_listed = bool(self.live and self.disclosure_attribute == DisclosureAttribute.PUBLIC and self.publish_date is not None)

    def with_content_json(self, content):
        # A revision can never change the number: it is the database's, not the revision's.
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        # Derived from the tree and the live state, which are the database's too (save() recomputes them).
        obj.catalogue_id, obj.is_listed = self.catalogue_id, self.is_listed
        return obj

    # --- public ------------------------------------------------------------------------------

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []

    def serve(self, request, *args, **kwargs):
        if not self.is_public:
            raise Http404
        return super().serve(request, *args, **kwargs)

    @cached_property
    def public_attachments(self):
        return [item for item in self.attachments.select_related("document").all() if item.document_id]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = self.get_parent().specific
        return context


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
            models.Index(
                fields=["catalogue_id", "-publish_date", "-page_ptr"], condition=models.Q(is_listed=True), name="wd_entry_listing"
            ),
        ]


class CatalogueEntryAttachment(Orderable):
    page = ParentalKey(CatalogueEntryPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Defaults to the document's title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self):
        return self.title or (self.document.title if self.document_id else "")


class CatalogueIndexPage(GatedPageMixin, RoutablePageMixin, Page):
    """政府信息公开目录: lists the public entries below it, with filters, search and feeds."""

    intro = RichTextField(_("introduction"), blank=True)
    entries_per_page = 20
    entry_model = CatalogueEntryPage

    content_panels = Page.content_panels + [FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("intro")]
    subpage_types = ["wagtail_disclosure.CatalogueEntryPage"]
    template = "wagtail_disclosure/catalogue_index_page.html"

    class Meta:
        verbose_name = _("catalogue index")
        verbose_name_plural = _("catalogue indexes")

    def public_entries(self):
        """Live 主动公开 entries below this page, newest 发布日期 first."""
        return (
            self.entry_model.objects.child_of(self)
            .live()
            .filter(disclosure_attribute=DisclosureAttribute.PUBLIC)
            # Live entries always have a 发布日期 (save() sets it); saying so lets the ordering index
            # skip drafts, which sort first with NULL dates.
            .filter(publish_date__isnull=False)
            .select_related("organisation", "topic", "topic__parent", "genre")
            .order_by("-publish_date", "-pk")
        )

    def exact_match(self, query):
        query = (query or "").strip()
        if not query:
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
        return self.entry_model.objects.filter(catalogue_id=self.pk, is_listed=True)

    def listing(self, form):
        """The filtered entries for a ``Paginator``: count and page ids from an index, then 20 rows."""
        needle = form.only_two_character_query()
        if needle:
            ids = search.gram_rows(needle, self.pk).order_by("-publish_date", "-page_id").values_list("page_id", flat=True)
        else:
            ids = form.apply(self.listed_entries(), catalogue_id=self.pk).order_by("-publish_date", "-pk").values_list("pk", flat=True)
        return EntryListing(ids, self.entries_by_pk)

    def entries_by_pk(self, ids):
        # Loaded through public_entries: what is shown is checked against the rule itself.
        entries = self.public_entries().filter(pk__in=ids).defer(*self.listing_deferred_fields)
        return {entry.pk: entry for entry in entries}

    def paginate(self, request, entries):
        paginator = Paginator(entries, self.entries_per_page)
        try:
            return paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages or 1)

    def filtered(self, request):
        from .. import listing_cache
        from ..forms import CatalogueFilterForm

        version = listing_cache.versions(request, self)[0]
        form = CatalogueFilterForm(request.GET or None, version=version)
        return form, self.listing(form)

    def serve(self, request, view=None, args=None, kwargs=None):
        from .. import listing_cache

        render = functools.partial(super().serve, request, view, args, kwargs)
        return listing_cache.serve(self, request, render)

    @path("")
    def index(self, request):
        query = request.GET.get("q", "")
        match = self.exact_match(query)
        if match is not None and not request.GET.get("page"):
            return redirect(match.url)
        form, entries = self.filtered(request)
        page = self.paginate(request, entries)
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
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
        from ..feeds import CatalogueRssFeed

        return CatalogueRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from ..feeds import CatalogueAtomFeed

        return CatalogueAtomFeed(self)(request)


class EntryListing:
    """A ``Paginator`` object list: ``count()`` and the ids of a page from ``ids`` (a values_list
    queryset, ordered), then the entries themselves from ``load(ids)`` (a dict by pk)."""

    def __init__(self, ids, load):
        self.ids = ids
        self.load = load

    def count(self):
        return self.ids.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
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
        "topic": entry.topic.full_name,
        "genre": entry.genre.name,
        "validity": entry.validity,
        "validity_display": str(entry.get_validity_display()),
        "keywords": entry.keywords.split(),
    }

