"""A host site's page types, each on one of the plugin's public abstract bases, with no edit to the plugin.

* ``HostEntryPage``: a catalogue entry with a field of its own and its own attachments relation.
* ``BareEntryPage``: a catalogue entry that declares no attachments.
* ``HostNoticePage``: a new type on ``DisclosurePage`` with a 索引号 and a publication deadline, the
  way the plugin's next page types are built.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_disclosure.models import (
    AbstractAttachment,
    AbstractCatalogueEntryPage,
    CatalogueIndexPage,
    DisclosurePage,
    IndexNumberMixin,
    TimelinessMixin,
)


class HostEntryPage(AbstractCatalogueEntryPage):
    subtitle = models.CharField("subtitle", max_length=200, blank=True)

    content_panels = AbstractCatalogueEntryPage.content_panels + [FieldPanel("subtitle")]
    parent_page_types = ["home.HomePage"]
    template = "wagtail_disclosure/catalogue_entry_page.html"  # Wagtail would name one of the app's own


class HostEntryAttachment(AbstractAttachment):
    page = ParentalKey(HostEntryPage, on_delete=models.CASCADE, related_name="attachments")


class BareEntryPage(AbstractCatalogueEntryPage):
    parent_page_types = ["home.HomePage"]


class RuledEntryPage(AbstractCatalogueEntryPage):
    """A catalogue entry with a publication rule of the host's own: what an import must not publish past."""

    parent_page_types = ["disclosure_testapp.RuledCataloguePage"]

    def publication_blockers(self):
        blockers = list(super().publication_blockers())
        return blockers + (["正文中还有【待补全】标记"] if "【待补全】" in (self.body or "") else [])


class RuledCataloguePage(CatalogueIndexPage):
    """A host's catalogue of ``RuledEntryPage`` entries (the importer writes the catalogue's ``entry_model``)."""

    entry_model = RuledEntryPage
    subpage_types = ["disclosure_testapp.RuledEntryPage"]


class HostNoticePage(IndexNumberMixin, TimelinessMixin, DisclosurePage):
    organisation = models.ForeignKey("wagtail_disclosure.Organisation", on_delete=models.PROTECT, related_name="+")
    written_date = models.DateField("date of writing")
    publish_date = models.DateField("publication date", null=True, blank=True)
    body = RichTextField("body", blank=True)
    memo = models.TextField("internal memo", blank=True)

    derived_fields = ("publish_date",)
    internal_fields = ("memo",)
    is_public = True

    content_panels = Page.content_panels + [FieldPanel("organisation"), FieldPanel("written_date"), FieldPanel("body"), FieldPanel("memo")]
    parent_page_types = ["home.HomePage"]

    def publication_blockers(self):
        # A rule of the host's own, as an annual report's arithmetic checks are the plugin's.
        return ["正文中还有【待补全】标记"] if "【待补全】" in (self.body or "") else []


class HostBlogPage(Page):
    """A host site's own page type, not built on the plugin, that the site gates
    (``WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES`` in tests/settings.py) with its own moderation workflow."""

    body = RichTextField("body", blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
