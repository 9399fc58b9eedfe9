"""Shared objects that live disclosure pages show: documents, images, and what pages point at.

What the public sees of them is part of each gated page's reviewed content (``gate.fingerprint``):
a document's file and title, an image's file, title and description, an organisation's name, a
topic's path (``page_declarations.displayed_values``). Changing any of that while a live gated page
shows it would change the public page without a review. The gate therefore **refuses** the change,
naming the pages, for every kind of object:

* a file is the content itself: a new version is uploaded as a new document or image, put in the
  page, and the page is reviewed again;
* an organisation or classification name is what the published document was issued and filed under
  (机构改革 creates a new organisation; earlier documents keep the name they were issued by), so a new
  name for new documents is a new organisation or topic; correcting the published pages means
  submitting them for review again (unpublish, change, resubmit).

Keeping the reviewed values on show until the pages are reviewed again was the alternative; it would
mean the admin and the public disagree about an object's name for weeks, and every template and
export would need the snapshot. Refusing keeps one truth and says what to do.

``QuerySet.update()`` and raw SQL go around these guards; ``disclosure_audit_live_content`` then finds
the pages whose live content no longer matches an approved fingerprint.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext, ngettext, pgettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from ..page_declarations import shows_values
from .registry import gated_page_models

SHOWN_PAGES_LIMIT = 5


# --- which live pages show an object ---------------------------------------------------------------


def _referencing_page_ids(obj):
    """Pages whose stored row refers to ``obj`` (rich text, fields, child rows), per Wagtail's reference index."""
    gated = gated_page_models()
    return set(
        int(object_id)
        for object_id in ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(type(obj)), to_object_id=str(obj.pk)
        )
        .filter(content_type__in=[ContentType.objects.get_for_model(model) for model in gated])
        .values_list("object_id", flat=True)
    )


def _child_row_page_ids(model, obj):
    """Pages with a child row (an attachment) pointing at ``obj``, in case the reference index is off."""
    ids = set()
    for gated in gated_page_models():
        for relation in gated._meta.related_objects:
            child = relation.related_model
            if not relation.one_to_many or not hasattr(child, "page_id"):
                continue
            for field in child._meta.concrete_fields:
                if field.is_relation and field.related_model is model:
                    ids.update(child.objects.filter(**{field.name: obj}).values_list("page_id", flat=True))
    return ids


def _field_page_ids(model, ids):
    """Pages of gated types whose own fields point at any of ``ids`` of ``model``."""
    page_ids = set()
    for gated in gated_page_models():
        for field in gated._meta.concrete_fields:
            if field.many_to_one and field.related_model is model:
                page_ids.update(gated.objects.filter(**{f"{field.name}__in": ids}).values_list("pk", flat=True))
    return page_ids


def live_pages_showing(obj):
    """Live gated pages whose public content shows ``obj`` (at most a few, for the message) and how many."""
    model = type(obj)
    if model is get_document_model() or model is get_image_model():
        page_ids = _referencing_page_ids(obj) | _child_row_page_ids(model, obj) | _field_page_ids(model, [obj.pk])
    else:
        depends = getattr(obj, "displayed_by_ids", None)
        page_ids = _field_page_ids(model, list(depends()) if depends is not None else [obj.pk])
    if not page_ids:
        return [], 0
    live = Page.objects.filter(pk__in=page_ids, live=True).order_by("pk")
    return list(live[:SHOWN_PAGES_LIMIT]), live.count()


def live_gated_pages_using(document):
    """Live gated pages whose content uses ``document`` (kept for the document form)."""
    return live_pages_showing(document)[0]


# --- the messages ------------------------------------------------------------------------------------


def refusal_message(obj, pages, count, what):
    titles = pgettext("list separator", ", ").join(f"“{page.title}”" for page in pages)
    if count > len(pages):
        titles = gettext("%(titles)s and %(more)s more") % {"titles": titles, "more": count - len(pages)}
    return ngettext(
        "%(what)s of “%(object)s” is part of %(count)s published disclosure page (%(pages)s) and was reviewed with it. "
        "It cannot be changed while that page is live: %(how)s",
        "%(what)s of “%(object)s” is part of %(count)s published disclosure pages (%(pages)s) and was reviewed with them. "
        "It cannot be changed while those pages are live: %(how)s",
        count,
    ) % {"what": what, "object": obj, "count": count, "pages": titles, "how": _how_to_proceed(obj)}


def _how_to_proceed(obj):
    if isinstance(obj, (get_document_model(), get_image_model())):
        return gettext(
            "upload the new version as a new file, use it in the pages and submit them for confidentiality review (保密审查)."
        )
    return gettext(
        "for new documents, add a new entry with the new name; to correct the published pages, unpublish them, make the "
        "change and submit them for confidentiality review (保密审查) again."
    )


def replacement_refused_message(pages):
    """For the document form's file field (one document, its pages)."""
    titles = pgettext("list separator", ", ").join(f"“{page.title}”" for page in pages)
    return gettext(
        "This file is part of published content (%(pages)s). A published file can only be replaced after a "
        "confidentiality review (保密审查): upload the new file as a new document, use it in the page and submit "
        "the page for review."
    ) % {"pages": titles}


# --- the guards ----------------------------------------------------------------------------------------


def _file_fields_changed(instance, names):
    stored = type(instance).objects.filter(pk=instance.pk).values(*names).first()
    if stored is None:
        return []
    changed = []
    for name in names:
        current = getattr(instance, name)
        current = getattr(current, "name", current)  # a FieldFile compares by its stored name
        if (current or "") != (stored[name] or ""):
            changed.append(name)
    return changed


def _media_shown_fields(model):
    names = ["file", "title"]
    if any(field.name == "description" for field in model._meta.fields):
        names.append("description")
    return names


def check_media_change(instance):
    """Raise if a document's or image's file, title or description changes while live gated pages show it."""
    if instance.pk is None or instance._state.adding:
        return
    changed = _file_fields_changed(instance, _media_shown_fields(type(instance)))
    if not changed:
        return
    pages, count = live_pages_showing(instance)
    if not pages:
        return
    if "file" in changed and type(instance) is get_document_model():
        message = replacement_refused_message(pages)
    else:
        message = refusal_message(instance, pages, count, gettext("What is shown"))
    raise ValidationError({changed[0]: [message]})


def _displayed_now(instance):
    """The values pages show of ``instance`` as it is in memory (unsaved changes included)."""
    model = type(instance)
    if hasattr(model, "displayed_values") and hasattr(instance, "full_name"):
        return [instance.full_name]
    return [getattr(instance, name) for name in getattr(model, "displayed_fields", ())]


def check_displayed_change(instance):
    """Raise if what pages show of an organisation, topic, … changes while live gated pages show it."""
    if instance.pk is None or instance._state.adding:
        return
    stored = type(instance).objects.filter(pk=instance.pk).first()
    if stored is None or _displayed_now(stored) == _displayed_now(instance):
        return
    pages, count = live_pages_showing(stored)
    if pages:
        field = (getattr(type(instance), "displayed_fields", None) or ("name",))[0]
        raise ValidationError({field: [refusal_message(stored, pages, count, gettext("The name"))]})


def check_deletion(instance):
    """Raise ``ProtectedError`` if live gated pages show ``instance``."""
    pages, count = live_pages_showing(instance)
    if pages:
        raise ProtectedError(refusal_message(instance, pages, count, gettext("The content")), pages)


# --- receivers (connected by enforcement.install) -------------------------------------------------------


def _media_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not set(update_fields) & set(_media_shown_fields(sender))):
        return
    check_media_change(instance)


def _displayed_pre_save(sender, instance, raw=False, **kwargs):
    if not raw:
        check_displayed_change(instance)


def _pre_delete(sender, instance, **kwargs):
    check_deletion(instance)


def shown_models():
    """Models whose objects gated pages show: documents, images, and the targets of their fields that show values."""
    models = {get_document_model(), get_image_model()}
    for gated in gated_page_models():
        for field in gated._meta.concrete_fields:
            if field.many_to_one and field.related_model is not None and shows_values(field.related_model):
                models.add(field.related_model)
    return models


def connect():
    for model in shown_models():
        uid = f"wagtail_disclosure.gate.shared.{model._meta.label}"
        if model in (get_document_model(), get_image_model()):
            pre_save.connect(_media_pre_save, sender=model, dispatch_uid=uid)
        else:
            pre_save.connect(_displayed_pre_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid + ".delete")
