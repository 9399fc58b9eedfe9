"""The admin's side of the shared-object guards (``gate.shared_objects``, ``gate.files``): the reason, not an
error page, and who may download which file.

Deleting a document or image that live disclosure pages show is refused by the model; Wagtail's delete
views have no hook to refuse first, so the plugin registers its own subclasses at the same admin URLs,
ahead of Wagtail's (``wagtail_hooks``), and its bulk Delete leaves such files out. The organisation and
taxonomy viewsets use ``SharedObjectViewSetMixin``, whose form and delete view say the same.
"""

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import path
from wagtail.admin.views.generic.models import DeleteView as GenericDeleteView
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction as DocumentDeleteBulkAction
from wagtail.documents.views.documents import DeleteView as DocumentDeleteView
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDeleteBulkAction
from wagtail.images.views.images import DeleteView as ImageDeleteView

from ..document_forms import SharedObjectGuardMixin
from ..gate.files import is_review_form, used_by_unreviewed_content
from ..gate.shared_objects import check_deletion, check_displayed_change, live_pages_showing
from ..models.review_forms import review_form_collection_ids
from .ledger import visible_records


class RefuseProtectedDeletionMixin:
    """A delete view that shows a ``ProtectedError``'s message and goes back, instead of a server error."""

    refused_url_name = None

    def form_valid(self, form):
        try:
            # Asked first: the model's own refusal comes from inside the deletion's transaction.
            check_deletion(self.object)
            return super().form_valid(form)
        except ProtectedError as error:
            messages.error(self.request, error.args[0])
            return redirect(self.refused_url_name, self.object.pk) if self.refused_url_name else redirect(self.get_success_url())


class GuardedDocumentDeleteView(RefuseProtectedDeletionMixin, DocumentDeleteView):
    refused_url_name = "wagtaildocs:edit"


class GuardedImageDeleteView(RefuseProtectedDeletionMixin, ImageDeleteView):
    refused_url_name = "wagtailimages:edit"


def media_delete_urls():
    """``register_admin_urls`` (registered first): the delete views at Wagtail's own addresses."""
    return [
        path("documents/delete/<int:document_id>/", GuardedDocumentDeleteView.as_view(), name="wagtail_disclosure_document_delete"),
        path("images/<int:image_id>/delete/", GuardedImageDeleteView.as_view(), name="wagtail_disclosure_image_delete"),
    ]


class SharedMediaDeleteBulkActionMixin:
    """Bulk Delete leaves out the files live disclosure pages show (listed as not deletable)."""

    def check_perm(self, obj):
        return super().check_perm(obj) and not live_pages_showing(obj)[1]


class GuardedDocumentDeleteBulkAction(SharedMediaDeleteBulkActionMixin, DocumentDeleteBulkAction):
    pass


class GuardedImageDeleteBulkAction(SharedMediaDeleteBulkActionMixin, ImageDeleteBulkAction):
    pass


# --- organisations and classifications ------------------------------------------------------------


class SharedObjectFormMixin(SharedObjectGuardMixin):
    """Refuses on the form what the model would refuse: a new name that live disclosure pages would show."""

    shared_object_check = staticmethod(check_displayed_change)


class SharedObjectDeleteView(RefuseProtectedDeletionMixin, GenericDeleteView):
    pass


class SharedObjectViewSetMixin:
    """For a ``ModelViewSet`` of objects disclosure pages show (organisations, topics, genres, audiences)."""

    delete_view_class = SharedObjectDeleteView

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (SharedObjectFormMixin, form_class), {"__module__": __name__})


# --- serving documents (gate.files) ----------------------------------------------------------------------


def works_in_admin(user):
    """May see files of unreviewed disclosure content (editors and reviewers prepare and check it)."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def guard_document_serving(document, request):
    """``before_serve_document``: a signed review form only for those who may read its ledger record; a file of
    unreviewed disclosure content only for people who work in the admin. Others get a 404, which says
    nothing about the file."""
    user = request.user
    if is_review_form(document):
        # Only to those who may read a ledger record it is attached to (the reviewers of that section, auditors).
        if not visible_records(user).filter(attachment_id=document.pk).exists():
            return HttpResponseNotFound()
        return None
    if document.collection_id in review_form_collection_ids():
        # A scan uploaded for a review not recorded yet: only its uploader (and superusers) may open it.
        if not (user.is_authenticated and (user.is_superuser or user.pk == document.uploaded_by_user_id)):
            return HttpResponseNotFound()
        return None
    if used_by_unreviewed_content(document) and not works_in_admin(user):
        return HttpResponseNotFound()
    return None
