"""政策解读: the interpretation of one or more catalogue documents, and the page that lists them.

国办发〔2016〕80号 (as quoted by 辽政办〔2022〕43号): 政策性文件与解读方案、解读材料同步组织、同步审签、同步部署;
谁起草、谁解读. An interpretation is itself a catalogue item (索引号, genre 政策解读, listed and searched in the
政府信息公开目录): ``PolicyInterpretationPage`` extends ``CatalogueEntryPage`` (multi-table), so every query of
the catalogue lists it with the other entries. The documents it interprets list it in turn
(``AbstractCatalogueEntryPage.live_interpretations``); 三同步 itself is the document's rule
(``AbstractCatalogueEntryPage.missing_interpretation``).
"""

import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.rich_text import expand_db_html
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..forms import InterpretationAdminForm, InterpretationFilterForm
from ..panels import InterpretationSimilarityPanel, TimelinessPanel
from ..rules.interpretation import INTERPRETATION_GENRE, InterpretationForm, similarity
from .catalogue import AbstractCatalogueEntryPage, CatalogueEntryPage, CatalogueIndexPage, catalogue_entry_models
from .settings import DisclosureSettings, site_of
from .taxonomy import Genre

__all__ = ["InterpretationIndexPage", "PolicyInterpretationPage", "PolicyLink"]


class GraphicBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(label=_("text alternative"), help_text=_("What the image shows, for readers who cannot see it."))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        label = _("Illustration (图解)")


class MediaBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("video or audio address"), required=False)
    document = DocumentChooserBlock(label=_("video or audio file"), required=False)
    transcript = blocks.TextBlock(label=_("transcript"), help_text=_("The words spoken, for readers who cannot listen."))

    class Meta:
        label = _("Video or audio (视频/音频)")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("embed") and not value.get("document"):
            raise blocks.StructBlockValidationError(
                block_errors={"embed": ValidationError(_("Give the address of the video or audio, or choose its file."))}
            )
        return value


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = blocks.TextBlock(label=_("answer"))

    class Meta:
        label = _("Question and answer (政策问答)")


class ExpertBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("expert"))
    role = blocks.CharBlock(label=_("position"), help_text=_("e.g. 某大学公共管理学院教授"))
    text = blocks.RichTextBlock(label=_("interpretation"))

    class Meta:
        label = _("Expert interpretation (专家解读)")


CONTENT_BLOCKS = [
    (InterpretationForm.TEXT.value, blocks.RichTextBlock(label=_("Written interpretation (文字解读)"))),
    (InterpretationForm.GRAPHIC.value, GraphicBlock()),
    (InterpretationForm.MEDIA.value, MediaBlock()),
    (InterpretationForm.QA.value, QuestionBlock()),
    (InterpretationForm.EXPERT.value, ExpertBlock()),
]


class PolicyInterpretationPage(CatalogueEntryPage):
    """政策解读: a catalogue item (genre 政策解读) that interprets one or more 主动公开 documents."""

    is_interpretation = True

    content = StreamField(CONTENT_BLOCKS, verbose_name=_("interpretation"), blank=True)
    interpreter = models.CharField(_("interpreter"), max_length=100, help_text=_("解读人: who interprets (谁起草、谁解读)."))
    interpreter_role = models.CharField(_("interpreter's position"), max_length=100, blank=True)
    drafting_department = models.ForeignKey(
        "wagtail_disclosure.Organisation",
        verbose_name=_("drafting department"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("起草部门: the department that drafted the document."),
    )
    # The forms present in ``content``, as ",text,qa," (the list's filter).
    interpretation_forms = models.CharField(max_length=100, blank=True, editable=False)

    derived_fields = ("genre", "interpretation_forms")
    substring_search_fields = ("title", "document_number", "index_number")

    content_panels = Page.content_panels + [
        InlinePanel("policy_links", label=_("Interpreted document"), heading=_("Interpreted documents")),
        FieldPanel("summary"),
        FieldPanel("content"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("interpreter"), FieldPanel("interpreter_role")]), FieldPanel("drafting_department")],
            heading=_("Who interprets (谁起草、谁解读)"),
        ),
        InterpretationSimilarityPanel(),
    ]
    metadata_panels = [
        MultiFieldPanel([TimelinessPanel(), FieldPanel("organisation"), FieldPanel("document_number")], heading=_("Identification")),
        FieldRowPanel([FieldPanel("written_date"), FieldPanel("publish_date")], heading=_("Dates")),
        MultiFieldPanel([FieldPanel("topic"), FieldPanel("audience"), FieldPanel("keywords")], heading=_("Classification")),
    ]
    disclosure_panels = [FieldPanel("internal_notes")]

    translatable_fields = CatalogueEntryPage.translatable_fields + [
        TranslatableField("content"),
        TranslatableField("interpreter"),
        TranslatableField("interpreter_role"),
        SynchronizedField("drafting_department"),
        SynchronizedField("policy_links"),
    ]

    base_form_class = InterpretationAdminForm
    parent_page_types = ["wagtail_disclosure.CatalogueIndexPage"]
    subpage_types = []
    template = "wagtail_disclosure/policy_interpretation_page.html"

    class Meta:
        verbose_name = _("policy interpretation")
        verbose_name_plural = _("policy interpretations")

    # --- rules ------------------------------------------------------------------------------

    @property
    def interpretation_required(self):
        return False

    def policies(self):
        return [link.policy.specific for link in self.policy_links.all() if link.policy_id]

    def not_catalogue_entries(self):
        """Linked pages that are not catalogue documents (a script may link any page): they cannot be interpreted."""
        return [policy for policy in self.policies() if not isinstance(policy, AbstractCatalogueEntryPage) or policy.is_interpretation]

    def publication_blockers(self):
        blockers = list(super().publication_blockers())
        policies = self.policies()
        if not policies:
            blockers.append(gettext("it interprets no document: choose at least one 主动公开 document it interprets"))
        wrong = self.not_catalogue_entries()
        for policy in wrong:
            blockers.append(gettext("“%(title)s” is not a document of the catalogue: an interpretation interprets catalogue documents") % {"title": policy.title})
        for policy in policies:
            if policy in wrong:
                continue
            if not policy.is_public:
                blockers.append(gettext("the document “%(title)s” it interprets is not proactively disclosed (主动公开)") % {"title": policy.title})
        return blockers

    def plain_text(self):
        """The interpretation's own words, for the not-a-copy check."""
        parts = [self.summary or ""]
        for block in self.content:
            value = block.value
            if block.block_type == InterpretationForm.TEXT:
                parts.append(strip_tags(expand_db_html(value.source)))
            elif block.block_type == InterpretationForm.QA:
                parts += [value["question"], value["answer"]]
            elif block.block_type == InterpretationForm.EXPERT:
                parts.append(strip_tags(expand_db_html(value["text"].source)))
            elif block.block_type == InterpretationForm.MEDIA:
                parts.append(value["transcript"])
        return "\n".join(parts)

    def similarity_findings(self):
        """[(policy, per cent repeated, passages, over the threshold)] for each interpreted document.

        安顺/辽宁 rules: 解读材料不能简单精简或摘抄政策文件."""
        site = site_of(self)
        threshold = DisclosureSettings.for_site(site).interpretation_similarity_threshold if site is not None else 60
        text = self.plain_text()
        findings = []
        for policy in self.policies():
            source = "\n".join([policy.title, policy.summary or "", strip_tags(expand_db_html(policy.body or ""))])
            percent, passages = similarity(text, source)
            findings.append((policy, percent, passages, percent >= threshold))
        return findings

    def faq_structured_data(self):
        """schema.org FAQPage of the 政策问答 blocks (JSON-LD), or ""."""
        questions = [
            {"@type": "Question", "name": block.value["question"], "acceptedAnswer": {"@type": "Answer", "text": block.value["answer"]}}
            for block in self.content
            if block.block_type == InterpretationForm.QA
        ]
        if not questions:
            return ""
        return json.dumps({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}, ensure_ascii=False).replace(
            "</", "<\\/"
        )

    def forms_present(self):
        labels = dict(InterpretationForm.choices)
        return [labels[name] for name in self.interpretation_forms.strip(",").split(",") if name in labels]

    # --- persistence ------------------------------------------------------------------------

    def derive_fields(self):
        # Interpretations are filed under the genre 政策解读 (体裁分类), whatever the editor may choose elsewhere.
        self.genre, _created = Genre.objects.get_or_create(name=INTERPRETATION_GENRE)
        present = {block.block_type for block in self.content}
        names = [value for value, _label in InterpretationForm.choices if value in present]
        self.interpretation_forms = f",{','.join(names)}," if names else ""
        super().derive_fields()

    # --- public ------------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["policies"] = [policy for policy in self.policies() if policy.live and policy.is_public]
        return context


class CatalogueEntryChooserPanel(PageChooserPanel):
    """A page chooser offering the catalogue-entry types installed (the plugin's and a host site's own
    subclasses of ``AbstractCatalogueEntryPage``), worked out when the editor form is built."""

    def get_form_options(self):
        self.page_type = catalogue_entry_models()
        return super().get_form_options()


class PolicyLink(Orderable):
    """One document an interpretation interprets (the two link to each other). The document is a page of
    any catalogue-entry type (``CatalogueEntryPage`` or a host site's subclass of the abstract base)."""

    page = ParentalKey(PolicyInterpretationPage, on_delete=models.CASCADE, related_name="policy_links")
    policy = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("interpreted document"),
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [CatalogueEntryChooserPanel("policy")]

    class Meta(Orderable.Meta):
        verbose_name = _("interpreted document")


class InterpretationIndexPage(CatalogueIndexPage):
    """政策解读: the interpretations of the catalogue above it, with the catalogue's filters, search and feeds."""

    entry_model = PolicyInterpretationPage
    filter_form_class = InterpretationFilterForm
    grams_answer_listing = False  # the catalogue's grams cover its other entries too

    parent_page_types = ["wagtail_disclosure.CatalogueIndexPage"]
    subpage_types = []
    template = "wagtail_disclosure/catalogue_index_page.html"

    class Meta:
        verbose_name = _("policy interpretation index")
        verbose_name_plural = _("policy interpretation indexes")

    def listed_catalogue(self):
        return self.get_parent().specific
