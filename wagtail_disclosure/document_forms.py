"""Document and image forms for sites with disclosure pages: they refuse, on the field, to change what a
published disclosure page shows of a document or image (its file, title or description). The models
refuse it too (``gate.shared_objects``); the forms give the editor the reason instead of an error page.
Enable them with::

    WAGTAILDOCS_DOCUMENT_FORM_BASE = "wagtail_disclosure.document_forms.GatedDocumentForm"
    WAGTAILIMAGES_IMAGE_FORM_BASE = "wagtail_disclosure.document_forms.GatedImageForm"
"""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .gate.shared_objects import check_media_change


class SharedObjectGuardMixin:
    """A model form that refuses on its fields what the gate's model guard would refuse on save."""

    @staticmethod
    def shared_object_check(instance):
        check_media_change(instance)

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and not self.errors:
            try:
                self.shared_object_check(self.instance)
            except ValidationError as error:
                self._update_errors(error)


class GatedDocumentForm(SharedObjectGuardMixin, BaseDocumentForm):
    pass


class GatedImageForm(SharedObjectGuardMixin, BaseImageForm):
    pass
