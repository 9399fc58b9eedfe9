"""Files of live disclosure pages: replacing one would change public content without a review.

A document (附件) attached to, or linked from, a live gated page is part of that page's reviewed
content (its file is in the content fingerprint). Its file cannot be replaced in place; upload the new
file as a new document, put it in the page and submit the page for review.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from .registry import gated_page_models


def live_gated_pages_using(document):
    """Live gated pages whose content uses ``document`` (attachment rows or rich-text links)."""
    gated = gated_page_models()
    if not gated:
        return []
    page_ids = set()
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()), to_object_id=str(document.pk)
    ).filter(content_type__in=[ContentType.objects.get_for_model(model) for model in gated])
    page_ids.update(int(object_id) for object_id in references.values_list("object_id", flat=True))
    # Attachment rows directly, in case the reference index is switched off or not yet rebuilt.
    for model in gated:
        for relation in model._meta.related_objects:
            child = relation.related_model
            document_fields = [field for field in child._meta.concrete_fields if field.is_relation and field.related_model is get_document_model()]
            if relation.one_to_many and document_fields and hasattr(child, "page_id"):
                for field in document_fields:
                    page_ids.update(child.objects.filter(**{field.name: document}).values_list("page_id", flat=True))
    return list(Page.objects.filter(pk__in=page_ids, live=True).order_by("pk")[:20])


def replacement_refused_message(pages):
    titles = pgettext("list separator", ", ").join(f"“{page.title}”" for page in pages)
    return gettext(
        "This file is part of published content (%(pages)s). A published file can only be replaced after a "
        "confidentiality review (保密审查): upload the new file as a new document, use it in the page and submit "
        "the page for review."
    ) % {"pages": titles}


def check_file_replacement(document):
    """Raise if ``document`` gets a new file while live gated pages use it."""
    if document.pk is None or document._state.adding:
        return
    stored = type(document).objects.filter(pk=document.pk).values_list("file", flat=True).first()
    if stored is None or stored == document.file.name:
        return
    pages = live_gated_pages_using(document)
    if pages:
        raise ValidationError({"file": [replacement_refused_message(pages)]})


def document_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    check_file_replacement(instance)
