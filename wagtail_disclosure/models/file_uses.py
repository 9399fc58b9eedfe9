"""Which files have been part of the content of gated pages, for serving them (``gate.files``).

A document attached to a draft was never reviewed; it must not be downloadable by the public before
the page it belongs to is published with it. Wagtail's reference index knows only what page rows hold,
not what drafts (revisions) hold, so the gate records here every document and image that any revision
or row of a gated page has used. Rows are only added (a file once in unreviewed content stays guarded
until live, reviewed content uses it) and go with their page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class GatedFileUse(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        IMAGE = "image", _("Image")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_id = models.PositiveBigIntegerField()
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "file_id", "page"], name="wd_gated_file_use_unique")]
        verbose_name = _("file used by a disclosure page")
        verbose_name_plural = _("files used by disclosure pages")

    def __str__(self):
        return f"{self.kind} {self.file_id} @ {self.page_id}"


def record_file_uses(page_id, document_ids, image_ids):
    rows = [GatedFileUse(kind=GatedFileUse.Kind.DOCUMENT, file_id=pk, page_id=page_id) for pk in document_ids]
    rows += [GatedFileUse(kind=GatedFileUse.Kind.IMAGE, file_id=pk, page_id=page_id) for pk in image_ids]
    if rows:
        GatedFileUse.objects.bulk_create(rows, ignore_conflicts=True)
