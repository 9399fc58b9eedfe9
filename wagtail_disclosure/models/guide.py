"""政府信息公开指南: one page per site (or organisation) that says how its information is arranged and obtained.

条例第十二条: 政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、
联系电话、传真号码、互联网联系方式等内容。…应当及时更新。 The office's details are the site's ``DisclosureOffice``
setting; the 分类与编排体系 is generated from the catalogue's taxonomies and 索引号 scheme, so it never goes
stale. A guide lacking a mandatory element cannot go live (``publication_blockers``), and the dashboard says
when it was not reviewed for a while or its inputs changed since (``staleness``).
"""

import datetime
import hashlib
import json

from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..rules import guide as rules
from ..rules.index_numbers import IndexNumberParts, describe, render
from .base import DisclosurePage
from .settings import DisclosureOffice, DisclosureSettings, OfficeDetails, site_of
from .taxonomy import Genre, ServiceAudience, Topic

__all__ = ["GuidePage"]


class ChannelBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=rules.CHANNELS, label=_("channel"))
    instructions = blocks.TextBlock(label=_("instructions"), help_text=_("e.g. 在信封左下角注明“政府信息公开申请”字样"))

    class Meta:
        label = _("Channel")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), help_text=_("e.g. 登记、审核、办理、答复、归档 (条例第四十五条)"))
    description = blocks.TextBlock(label=_("what happens"), required=False)
    time_limit = blocks.CharBlock(label=_("time limit"), required=False, help_text=_("e.g. 20个工作日内"))

    class Meta:
        label = _("Step")


class GuidePage(DisclosurePage):
    """政府信息公开指南 with its structured sections (DOMAIN §3)."""

    preamble = RichTextField(_("preamble"), blank=True, help_text=_("Purpose and basis of the guide (根据《中华人民共和国政府信息公开条例》…)."))
    catalogue = models.ForeignKey(
        "wagtail_disclosure.CatalogueIndexPage",
        verbose_name=_("catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The 政府信息公开目录 the guide describes and links to."),
    )
    proactive_scope = RichTextField(_("scope"), blank=True, help_text=_("公开范围: what is disclosed proactively (条例第十九条、第二十条)."))
    proactive_channels = RichTextField(_("ways and channels"), blank=True, help_text=_("公开方式和渠道: the portal, 政府公报, 查阅点 …"))
    proactive_time_limit = models.TextField(_("time limit"), default=rules.PROACTIVE_TIME_LIMIT)
    request_channels = StreamField([("channel", ChannelBlock())], verbose_name=_("channels of application"), blank=True)
    application_form = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("application form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    process_steps = StreamField([("step", StepBlock())], verbose_name=_("handling procedure"), blank=True)
    reply_time_limit = models.TextField(_("time limits of replies"), default=rules.REPLY_TIME_LIMIT)
    fees = models.TextField(_("fees"), default=rules.FEES)
    supervision = models.TextField(_("supervision and remedies"), default=rules.SUPERVISION)
    last_reviewed = models.DateField(
        _("last reviewed"), default=datetime.date.today, help_text=_("The day the guide was last checked to be current (条例第十二条: 及时更新).")
    )
    # The office's details as they were when this content was saved for review (DisclosureOffice.snapshot):
    # part of the reviewed content, so a change of the setting reaches the public guide (and the column's
    # footer) only through a new review. Empty for guides saved before it was kept: the setting is shown.
    office_snapshot = models.JSONField(_("disclosure office (as reviewed)"), default=dict, blank=True, editable=False)
    # What the office's details and the classification were when the guide was last reviewed (digests).
    reviewed_office_hash = models.CharField(max_length=64, blank=True, editable=False)
    reviewed_classification_hash = models.CharField(max_length=64, blank=True, editable=False)

    derived_fields = ("reviewed_office_hash", "reviewed_classification_hash")

    content_panels = Page.content_panels + [
        FieldPanel("preamble"),
        FieldPanel("catalogue"),
        MultiFieldPanel([FieldPanel("proactive_scope"), FieldPanel("proactive_channels"), FieldPanel("proactive_time_limit")], heading=_("Proactive disclosure (主动公开)")),
        MultiFieldPanel(
            [FieldPanel("request_channels"), FieldPanel("application_form"), FieldPanel("process_steps"), FieldPanel("reply_time_limit")],
            heading=_("Disclosure on application (依申请公开)"),
        ),
        FieldPanel("fees"),
        FieldPanel("supervision"),
        FieldPanel("last_reviewed"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("preamble"),
        TranslatableField("proactive_scope"),
        TranslatableField("proactive_channels"),
        TranslatableField("proactive_time_limit"),
        TranslatableField("request_channels"),
        TranslatableField("process_steps"),
        TranslatableField("reply_time_limit"),
        TranslatableField("fees"),
        TranslatableField("supervision"),
        SynchronizedField("catalogue"),
        SynchronizedField("application_form"),
        SynchronizedField("last_reviewed"),
    ]

    subpage_types = []
    template = "wagtail_disclosure/guide_page.html"

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    # --- what the guide shows ---------------------------------------------------------------

    def site_settings(self):
        site = site_of(self)
        if site is None:
            return DisclosureOffice(), DisclosureSettings()
        return DisclosureOffice.for_site(site), DisclosureSettings.for_site(site)

    def office(self):
        """The office this content shows: its snapshot, or the site's setting for a guide saved before snapshots."""
        if self.office_snapshot:
            return OfficeDetails(self.office_snapshot)
        office, _settings = self.site_settings()
        return office

    def office_changed(self):
        """Whether the site's office setting differs from what this content shows (it needs a new review)."""
        office, _settings = self.site_settings()
        if self.office_snapshot:
            return OfficeDetails(self.office_snapshot).as_mapping() != office.as_mapping()
        return bool(self.reviewed_office_hash) and office.details_hash() != self.reviewed_office_hash

    def classification(self):
        """政府信息的分类与编排体系, from the taxonomies and the 索引号 scheme (never typed)."""
        topics = list(Topic.objects.select_related("parent").order_by("sort_order", "name"))
        children = {}
        for topic in topics:
            children.setdefault(topic.parent_id, []).append(topic.name)
        _office, settings = self.site_settings()
        example_parts = IndexNumberParts(org_code="000014349", year=timezone.localdate().year, month=1, day=15)
        try:
            example = render(settings.index_number_scheme, example_parts, 72)
        except Exception:  # a scheme the settings form would refuse; show it as is
            example = settings.index_number_scheme
        return {
            "topics": [(topic.name, children.get(topic.pk, [])) for topic in topics if topic.parent_id is None],
            "genres": list(Genre.objects.order_by("sort_order", "name").values_list("name", flat=True)),
            "audiences": list(ServiceAudience.objects.order_by("sort_order", "name").values_list("name", flat=True)),
            "index_number_scheme": settings.index_number_scheme,
            "index_number_example": example,
        }

    def index_number_format(self):
        """The site's 索引号 scheme in words, for the public (the format string itself means nothing to a reader)."""
        _office, settings = self.site_settings()
        return describe(settings.index_number_scheme)

    def classification_hash(self):
        return hashlib.sha256(json.dumps(self.classification(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def channels(self):
        labels = dict(rules.CHANNELS)
        return [(labels.get(block.value["kind"], block.value["kind"]), block.value["instructions"]) for block in self.request_channels]

    # --- rules ------------------------------------------------------------------------------

    def publication_blockers(self):
        missing = rules.missing_elements(
            self.office().as_mapping(),
            has_classification=Topic.objects.exists(),
            has_proactive_ways=bool(strip_tags(self.proactive_channels or "").strip()),
            has_request_ways=any(block.value["instructions"].strip() for block in self.request_channels),
        )
        if not missing:
            return []
        return [gettext("the guide lacks what 条例第十二条 requires: %(missing)s") % {"missing": "；".join(str(item) for item in missing)}]

    def staleness(self, today=None):
        """Why the guide may be out of date (条例第十二条 及时更新; 第五十三条), as messages; [] when current."""
        today = today or timezone.localdate()
        _office, settings = self.site_settings()
        reasons = []
        months = settings.guide_review_months
        due = _add_months(self.last_reviewed, months) if self.last_reviewed else today
        if due <= today:
            reasons.append(gettext("not reviewed for %(months)s months (last reviewed %(date)s; 条例第十二条: 及时更新)") % {"months": months, "date": self.last_reviewed})
        if self.office_changed():
            reasons.append(gettext("the disclosure office's details (政府信息公开工作机构) changed after it was last reviewed"))
        if self.reviewed_classification_hash and self.classification_hash() != self.reviewed_classification_hash:
            reasons.append(gettext("the classification (主题分类、体裁分类) or the index number scheme (索引号) changed after it was last reviewed"))
        return reasons

    # --- persistence ------------------------------------------------------------------------

    def save_revision(self, *args, **kwargs):
        # The office's details go into the content under review as they are now (条例第十二条: the guide shows them).
        office, _settings = self.site_settings()
        self.office_snapshot = office.snapshot()
        return super().save_revision(*args, **kwargs)

    def derive_fields(self):
        # The inputs as they are on the day of review: a later change of either makes the guide stale.
        previous = type(self).objects.filter(pk=self.pk).values_list("last_reviewed", flat=True).first() if self.pk else None
        if previous != self.last_reviewed or not self.reviewed_office_hash:
            office, _settings = self.site_settings()
            self.reviewed_office_hash = office.details_hash()
            self.reviewed_classification_hash = self.classification_hash()
        super().derive_fields()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["office"] = self.office()
        context["shows_office"] = True  # a site's layout need not repeat it (e.g. in the column's footer)
        context["classification"] = self.classification()
        context["catalogue_page"] = self.catalogue if self.catalogue_id and self.catalogue.live else None
        return context


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    return day
