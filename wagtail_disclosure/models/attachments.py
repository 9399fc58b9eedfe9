"""附件: documents attached to a disclosure page.

A page type has attachments when it declares the relation, as Wagtail's form pages declare their
fields::

    class MyEntryAttachment(AbstractAttachment):
        page = ParentalKey(MyEntryPage, on_delete=models.CASCADE, related_name="attachments")

The editor then shows them (``DisclosurePage``), the gate's fingerprint covers their files, the
pre-scan reads them and the public page lists them.
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_relations
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

ATTACHMENTS = "attachments"


def has_attachments(model):
    return any(relation.get_accessor_name() == ATTACHMENTS for relation in get_all_child_relations(model))


class AbstractAttachment(Orderable):
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Defaults to the document's title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self):
        return self.title or (self.document.title if self.document_id else "")


class AttachmentsMixin:
    """What a page shows of its attachments (nothing when its type declares none)."""

    @cached_property
    def public_attachments(self):
        if not has_attachments(type(self)):
            return []
        return [item for item in getattr(self, ATTACHMENTS).select_related("document").all() if item.document_id]
