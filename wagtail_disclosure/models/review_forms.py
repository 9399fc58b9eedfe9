"""Signed review forms (保密审查单 scans): wagtaildocs documents kept in a collection of their own.

Why documents in a private collection rather than a model of their own: the ledger record's
``attachment`` is a document, and its id is part of the record's hash, so existing records keep their
meaning and their chain; Wagtail's serving hook (``before_serve_document``) already answers for every
download. What the collection adds:

* :class:`ReviewFormsCollection` names the collection (created by migration 0011, or at first use), so
  an admin may rename it without losing it. The collection is also restricted to logged-in users
  (Wagtail's collection privacy), so that what reads only that — e.g. the documents of API v3, which
  answers anonymous requests — leaves the forms out too.
* :class:`ReviewFormAwareDocumentPolicy`, registered for the document model by ``AppConfig.ready``,
  gives nobody — superusers included — any permission on a document in that collection through
  Wagtail: the document listing, search, chooser, edit, delete and bulk actions leave them out, and no
  upload can be put there. A scan is added only by a reviewer in the review form
  (:func:`store_signed_form`), and read only through the ledger (``gate.files``, served to the
  reviewers and auditors who may read its record, ``views.shared_objects.guard_document_serving``).
  A signed form is evidence of the review: nobody may replace its file or delete it in the admin.
"""

import os

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .ledger import ReviewRecord


class ReviewFormsCollection(models.Model):
    """The one collection of signed review forms (a single row)."""

    collection = models.OneToOneField(Collection, on_delete=models.PROTECT, related_name="+", verbose_name=_("collection"))

    class Meta:
        verbose_name = _("collection of signed review forms")
        verbose_name_plural = _("collection of signed review forms")

    def __str__(self):
        return str(self.collection)


def collection_name():
    with translation.override(settings.LANGUAGE_CODE):  # the site's language, whoever uploads first
        return gettext("Signed review forms (not public)")


def review_forms_collection():
    """The collection of signed review forms, created under the root collection if it is missing."""
    row = ReviewFormsCollection.objects.select_related("collection").first()
    if row is not None:
        return row.collection
    with transaction.atomic():
        collection = Collection.get_first_root_node().add_child(name=collection_name())
        ReviewFormsCollection.objects.create(collection=collection)
        CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def review_form_collection_ids():
    """Ids of the collection of signed review forms and of any collection under it."""
    row = ReviewFormsCollection.objects.select_related("collection").first()
    if row is None:
        return []
    return list(Collection.objects.descendant_of(row.collection, inclusive=True).values_list("pk", flat=True))


class ReviewFormAwareDocumentPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy, without the collection of signed review forms (see the module)."""

    def instances_user_has_any_permission_for(self, user, actions):
        return super().instances_user_has_any_permission_for(user, actions).exclude(collection_id__in=review_form_collection_ids())

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.collection_id in review_form_collection_ids():
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def collections_user_has_any_permission_for(self, user, actions):
        return super().collections_user_has_any_permission_for(user, actions).exclude(pk__in=review_form_collection_ids())


def describe_collection(collection):
    """``describe_collection_contents``: the collection of signed forms is never empty, so never deleted."""
    row = ReviewFormsCollection.objects.filter(collection=collection).first()
    if row is None:
        return None
    return {"count": 1, "count_text": gettext("the signed review forms (保密审查单) of the review ledger, which are kept here"), "url": None}


def document_policy():
    document_model = get_document_model()
    return ReviewFormAwareDocumentPolicy(document_model, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user")


# What a scan may be: PDF or OFD (版式文件, GB/T 33190) from a scanner, or a photo of the form.
SIGNED_FORM_EXTENSIONS = ("pdf", "ofd", "jpg", "jpeg", "png", "tif", "tiff")
SIGNED_FORM_MAX_BYTES = 20 * 1024 * 1024


def store_signed_form(uploaded_file, *, user, task_state):
    """Keep ``uploaded_file`` as a signed review form of ``task_state``'s review, uploaded by ``user``."""
    review = task_state.task.specific
    extension = os.path.splitext(uploaded_file.name)[1].lower()
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("Signed review form: %(level)s of “%(title)s” (%(date)s)") % {
            "level": getattr(review, "level_name", "") or review.name,
            "title": task_state.revision.content.get("title", "")[:150],
            "date": timezone.localdate().isoformat(),
        }
    document = get_document_model()(title=title[:255], collection=review_forms_collection(), uploaded_by_user=user)
    document.file.save(f"shenchadan-{task_state.pk}{extension}", uploaded_file, save=False)
    document._set_document_file_metadata()  # size and hash, as Wagtail's own upload views do
    document.save()
    return document


def signed_forms_of(user):
    """The signed forms ``user`` uploaded that no ledger record holds yet (they may attach them to a review)."""
    attached = ReviewRecord.objects.filter(attachment__isnull=False).values("attachment_id")
    return get_document_model().objects.filter(
        collection_id__in=review_form_collection_ids(), uploaded_by_user=user
    ).exclude(pk__in=attached)


def keep_as_signed_form(document):
    """A document attached to a ledger record becomes a signed review form: into the private collection."""
    collection = review_forms_collection()
    if document.collection_id != collection.pk:
        document.collection = collection
        document.save(update_fields=["collection"])
