"""The document form for sites with disclosure pages: refuses, on the file field, to replace the file of a
document that published disclosure content uses (the model refuses it too; this gives the editor the
reason instead of an error page). Enable it with::

    WAGTAILDOCS_DOCUMENT_FORM_BASE = "wagtail_disclosure.document_forms.GatedDocumentForm"
"""

from wagtail.documents.forms import BaseDocumentForm

from .gate.documents import live_gated_pages_using, replacement_refused_message


class GatedDocumentForm(BaseDocumentForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "file" in self.changed_data:
            pages = live_gated_pages_using(self.instance)
            if pages:
                self.add_error("file", replacement_refused_message(pages))
        return cleaned_data
