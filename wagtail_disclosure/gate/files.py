"""Files follow their page: what unreviewed content of gated pages uses is not public.

* Every document and image that a revision of a gated page uses is recorded (``models.file_uses``),
  since Wagtail's reference index looks only at page rows, not into drafts.
* A document so recorded is public only once the live content of a live page uses it (for a gated
  page, that content was reviewed); until then only people who work in the admin may download it.
* A signed review form (保密审查单) attached to a ledger record is never public.

* An image so recorded follows the same rule. Image files are not served by Wagtail itself: the
  plugin's rendition storage (``media_storage``) gives renditions the address of a view that asks
  this rule (``views.media``), and the web server must not serve ``original_images/`` or
  ``images/`` itself (README, "Files follow their page").

Documents and images that no gated page has used are left to Wagtail's own rules (collection privacy).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision

from ..models.file_uses import GatedFileUse, record_file_uses
from ..models.ledger import ReviewRecord
from .fingerprint import referenced_document_ids, referenced_image_ids
from .registry import gated_page_models, is_gated_model


def is_review_form(document):
    return ReviewRecord.objects.filter(attachment_id=document.pk).exists()


def used_by_unreviewed_content(file):
    """Used by gated content (a revision, or the row of a page not yet live), and no live page shows it.

    ``file``: a document or an image.
    """
    page_types = [ContentType.objects.get_for_model(model) for model in gated_page_models()]
    is_image = isinstance(file, get_image_model())
    model = get_image_model() if is_image else get_document_model()
    kind = GatedFileUse.Kind.IMAGE if is_image else GatedFileUse.Kind.DOCUMENT
    referencing = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model), to_object_id=str(file.pk)
    ).values_list("content_type", "object_id")
    page_ids = [int(pk) for _type, pk in referencing if str(pk).isdigit()]
    if Page.objects.filter(pk__in=page_ids, live=True).exists():
        return False
    gated_row = any(content_type in {t.pk for t in page_types} for content_type, _pk in referencing)
    return gated_row or GatedFileUse.objects.filter(kind=kind, file_id=file.pk).exists()


def _record_revision(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    record_revision_file_uses(instance)


def record_revision_file_uses(revision):
    """Record the files a new revision of a gated page uses (also for revisions inserted in bulk, without signals)."""
    model = ContentType.objects.get_for_id(revision.content_type_id).model_class() if revision.content_type_id else None
    if model is None or not is_gated_model(model):
        return
    record_file_uses(int(revision.object_id), referenced_document_ids(revision.content), referenced_image_ids(revision.content, model))


def connect():
    post_save.connect(_record_revision, sender=Revision, dispatch_uid="wagtail_disclosure.gate.files.revision")
