"""Image renditions at an address the plugin answers, so that their files follow their page (``gate.files``).

Wagtail writes every rendition through ``WAGTAILIMAGES_RENDITION_STORAGE`` and every ``{% image %}``,
rich-text image and API rendition takes its address from that storage's ``url()``: a site that sets

    WAGTAILIMAGES_RENDITION_STORAGE = "wagtail_disclosure.media_storage.GuardedRenditionStorage"

keeps its rendition files where they were (``MEDIA_ROOT/images/``), but their addresses lead to the
plugin's view (``views.media.serve_rendition``, mounted with ``wagtail_disclosure.urls``), which refuses
an image used only by unreviewed content of gated pages to anyone outside the admin. The web server
must not serve ``original_images/`` and ``images/`` itself (README, "Files follow their page").
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.urls import NoReverseMatch, reverse

RENDITION_URL_NAME = "wagtail_disclosure_media:rendition"


class GuardedRenditionStorage(FileSystemStorage):
    """``MEDIA_ROOT`` on disk; addresses through the plugin's rendition view."""

    def url(self, name):
        try:
            return reverse(RENDITION_URL_NAME, kwargs={"name": name.replace("\\", "/")})
        except NoReverseMatch as error:
            raise ImproperlyConfigured(
                "GuardedRenditionStorage needs the plugin's media URLs: add "
                'path("disclosure-media/", include("wagtail_disclosure.urls")) to the site\'s urlpatterns.'
            ) from error
