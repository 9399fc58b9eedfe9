"""The sub-columns of the 政府信息公开 column that are not a list of their own (国办公开办函〔2019〕61号, DOMAIN §4.6).

* ``DisclosureRulesPage`` (政府信息公开制度): the agency's rules of disclosure work, as reviewed text and as the
  catalogue's documents of a genre and/or topic (its own 保密审查制度, 主动公开制度 … filed in the catalogue).
* ``ProactiveDisclosurePage`` (法定主动公开内容): 条例第二十条's categories, each a link into the catalogue's
  filters (a topic and/or a genre) with its newest entries, so it never goes stale.
* ``RequestColumnPage`` (依申请公开): gathers the application form pages below it (and their progress check),
  the guide's section on applying (channels, form, 办理流程, 答复时限) and the office, as the live guide shows
  them (reviewed content).

Each is a ``DisclosureIndexPage``: its introduction is reviewed like any published text (保密审查). They are
pages of the tree: a site renames, reorders or leaves them out, and its navigation follows the tree.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable
from wagtail_localize.fields import SynchronizedField

from ..rules.columns import ProactiveCategory, category_basis
from .base import DisclosureIndexPage
from .catalogue import CatalogueIndexPage
from .guide import GuidePage
from .request_pages import RequestApplicationPage
from .taxonomy import Topic

__all__ = ["DisclosureRulesPage", "ProactiveCategoryLink", "ProactiveDisclosurePage", "RequestColumnPage"]


def _topic_and_below(topic_id):
    """The topic and its sub-topics (the catalogue's topic filter covers both)."""
    ids, frontier = {topic_id}, {topic_id}
    while frontier:
        frontier = set(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def _catalogue_entries(catalogue, *, topic_id=None, genre_id=None):
    """The catalogue's live 主动公开 entries of a topic (with its sub-topics) and/or a genre, newest first."""
    entries = catalogue.public_entries()
    if topic_id:
        entries = entries.filter(topic_id__in=_topic_and_below(topic_id))
    if genre_id:
        entries = entries.filter(genre_id=genre_id)
    return entries


def _live_catalogue(page):
    catalogue = page.catalogue if page.catalogue_id else None
    return catalogue if catalogue is not None and catalogue.live else None


class DisclosureRulesPage(DisclosureIndexPage):
    """政府信息公开制度: the rules of the agency's disclosure work, written here and/or filed in the catalogue."""

    catalogue = models.ForeignKey(
        CatalogueIndexPage, verbose_name=_("catalogue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The catalogue in which the rules are filed as documents (leave empty to show only the introduction)."),
    )  # fmt: skip
    genre = models.ForeignKey(
        "wagtail_disclosure.Genre", verbose_name=_("genre"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("List the catalogue's documents of this genre, e.g. 工作制度."),
    )  # fmt: skip
    topic = models.ForeignKey(
        "wagtail_disclosure.Topic", verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("List the catalogue's documents of this topic (and its sub-topics), e.g. 政务公开."),
    )  # fmt: skip

    entries_shown = 50

    content_panels = DisclosureIndexPage.content_panels + [
        MultiFieldPanel(
            [PageChooserPanel("catalogue", "wagtail_disclosure.CatalogueIndexPage"), FieldRowPanel([FieldPanel("genre"), FieldPanel("topic")])],
            heading=_("Rules filed in the catalogue"),
        ),
    ]
    translatable_fields = DisclosureIndexPage.translatable_fields + [
        SynchronizedField("catalogue"), SynchronizedField("genre"), SynchronizedField("topic"),
    ]  # fmt: skip
    template = "wagtail_disclosure/disclosure_rules_page.html"

    class Meta:
        verbose_name = _("disclosure rules page")
        verbose_name_plural = _("disclosure rules pages")

    def clean(self):
        super().clean()
        if self.catalogue_id and not (self.genre_id or self.topic_id):
            raise ValidationError({"genre": _("Choose the genre or the topic of the rules to list from the catalogue, or no catalogue.")})

    def rules(self):
        """The catalogue's live documents of the chosen genre and/or topic, newest first (at most ``entries_shown``)."""
        catalogue = _live_catalogue(self)
        if catalogue is None or not (self.genre_id or self.topic_id):
            return []
        return list(_catalogue_entries(catalogue, topic_id=self.topic_id, genre_id=self.genre_id)[: self.entries_shown])

    def catalogue_url(self):
        """The catalogue filtered like this page's list (all of them, when there are more than it shows)."""
        catalogue = _live_catalogue(self)
        if catalogue is None:
            return ""
        return catalogue.url + "?" + urlencode({key: value for key, value in (("topic", self.topic_id), ("genre", self.genre_id)) if value})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rules"] = self.rules()
        return context


class ProactiveDisclosurePage(DisclosureIndexPage):
    """法定主动公开内容: 条例第二十条's categories, each linking into the catalogue's filters."""

    catalogue = models.ForeignKey(
        CatalogueIndexPage, verbose_name=_("catalogue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The 政府信息公开目录 the categories link into."),
    )  # fmt: skip

    entries_per_category = 5

    content_panels = DisclosureIndexPage.content_panels + [
        PageChooserPanel("catalogue", "wagtail_disclosure.CatalogueIndexPage"),
        InlinePanel("categories", label=_("Category"), heading=_("Categories (条例第二十条)")),
    ]
    translatable_fields = DisclosureIndexPage.translatable_fields + [SynchronizedField("catalogue"), SynchronizedField("categories")]
    template = "wagtail_disclosure/proactive_disclosure_page.html"

    class Meta:
        verbose_name = _("statutory proactive disclosure page")
        verbose_name_plural = _("statutory proactive disclosure pages")

    def sections(self):
        """[(category row, its heading, its statutory basis, catalogue address filtered, newest entries, count)]."""
        catalogue = _live_catalogue(self)
        result = []
        # Rows made in code (the demo, an import) may have no sort_order: their creation order then decides.
        for row in self.categories.select_related("topic", "genre").order_by("sort_order", "pk"):
            entries = _catalogue_entries(catalogue, topic_id=row.topic_id, genre_id=row.genre_id) if catalogue is not None else None
            result.append({
                "row": row,
                "heading": row.title or ProactiveCategory(row.category).label,
                "basis": category_basis(row.category),
                "url": row.catalogue_url(catalogue) if catalogue is not None else "",
                "entries": list(entries[: self.entries_per_category]) if entries is not None else [],
                "count": entries.count() if entries is not None else 0,
            })  # fmt: skip
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        return context


class ProactiveCategoryLink(Orderable):
    """One category of 法定主动公开内容 and the catalogue filter that shows its information."""

    page = ParentalKey(ProactiveDisclosurePage, on_delete=models.CASCADE, related_name="categories")
    category = models.PositiveSmallIntegerField(_("category (条例第二十条)"), choices=ProactiveCategory.choices)
    title = models.CharField(_("heading"), max_length=100, blank=True, help_text=_("Leave empty for the statute's wording."))
    topic = models.ForeignKey("wagtail_disclosure.Topic", verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    genre = models.ForeignKey("wagtail_disclosure.Genre", verbose_name=_("genre"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("title")]), FieldRowPanel([FieldPanel("topic"), FieldPanel("genre")])]

    class Meta(Orderable.Meta):
        verbose_name = _("category of proactive disclosure")

    def clean(self):
        super().clean()
        if not (self.topic_id or self.genre_id):
            raise ValidationError({"topic": _("Choose the topic or the genre (or both) under which the catalogue files this category's information.")})

    def catalogue_url(self, catalogue):
        params = [(key, value) for key, value in (("topic", self.topic_id), ("genre", self.genre_id)) if value]
        return catalogue.url + ("?" + urlencode(params) if params else "")


class RequestColumnPage(DisclosureIndexPage):
    """依申请公开: how to apply (from the guide), the online application and its progress check, the office."""

    guide = models.ForeignKey(
        GuidePage, verbose_name=_("disclosure guide"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The guide whose section on applying (channels, form, procedure, time limits) this page shows."),
    )  # fmt: skip

    content_panels = DisclosureIndexPage.content_panels + [PageChooserPanel("guide", "wagtail_disclosure.GuidePage")]
    translatable_fields = DisclosureIndexPage.translatable_fields + [SynchronizedField("guide")]
    template = "wagtail_disclosure/request_column_page.html"

    class Meta:
        verbose_name = _("disclosure on application column")
        verbose_name_plural = _("disclosure on application columns")

    def live_guide(self):
        guide = self.guide if self.guide_id else None
        return guide if guide is not None and guide.live else None

    def application_pages(self):
        """The live application form pages below this column, in the tree's order."""
        return list(RequestApplicationPage.objects.child_of(self).live().order_by("path"))

    def office(self):
        """The office as the live guide shows it (reviewed content), or None while no guide is live: this page is
        gated, so it shows the setting only as a review saw it."""
        guide = self.live_guide()
        return guide.office() if guide is not None else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide"] = self.live_guide()
        context["application_pages"] = self.application_pages()
        context["office"] = self.office()
        context["shows_office"] = True  # a site's layout need not repeat it (e.g. in the column's footer)
        return context

