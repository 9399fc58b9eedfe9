"""Serving image files by the rule of ``gate.files``: an image used only by unreviewed content of gated
pages is served only to people who work in the admin; others get a 404, which says nothing about it.

* :func:`serve_rendition`: the address ``GuardedRenditionStorage`` (``media_storage``) gives every
  rendition. Only files that are renditions are served (the storage shares ``MEDIA_ROOT`` with documents
  and originals); with ``SENDFILE_BACKEND`` set (e.g. nginx's X-Accel-Redirect), the web server sends
  the file once the view has said yes.
* :class:`GuardedImageServeView`: Wagtail's signed, dynamic image view (``wagtail.images.views.serve``)
  with the same rule, for sites that mount it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from wagtail.images import get_image_model
from wagtail.images.models import get_rendition_storage
from wagtail.images.views.serve import ServeView
from wagtail.utils.sendfile import sendfile

from ..gate.files import used_by_unreviewed_content
from .shared_objects import works_in_admin

_RENDITION_IMAGE_KEY = "wagtail_disclosure:rendition-image:{}"


def _image_of_rendition(name):
    """The image a rendition file belongs to (a file's name never changes owner, so it is cached)."""
    key = _RENDITION_IMAGE_KEY.format(hashlib.sha256(name.encode("utf-8")).hexdigest())
    cached = cache.get(key)
    if cached is not None and cached[0] == name:
        image_id = cached[1]
    else:
        # Rendition names are unique in the storage (Wagtail asks it for an available name).
        image_id = get_image_model().get_rendition_model().objects.filter(file=name).values_list("image_id", flat=True).first()
        if image_id is None:
            return None
        cache.set(key, (name, image_id), 24 * 3600)
    return get_image_model().objects.filter(pk=image_id).first()


def _secure(response, private):
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        # An unreviewed image shown to an editor must not be kept by a shared cache for the public.
        patch_cache_control(response, private=True, no_store=True)
    return response


def serve_rendition(request, name):
    image = _image_of_rendition(name)
    if image is None:
        raise Http404
    unreviewed = used_by_unreviewed_content(image)
    if unreviewed and not works_in_admin(request.user):
        raise Http404
    storage = get_rendition_storage()
    if not storage.exists(name):
        raise Http404
    if getattr(settings, "SENDFILE_BACKEND", None):
        response = sendfile(request, storage.path(name))
    else:
        response = FileResponse(storage.open(name, "rb"))
    return _secure(response, unreviewed)


class GuardedImageServeView(ServeView):
    """``wagtail.images.views.serve.ServeView`` that refuses images of unreviewed content (404)."""

    def serve(self, rendition):
        return self._guarded(rendition, super().serve)

    def redirect(self, rendition):
        return self._guarded(rendition, super().redirect)

    def _guarded(self, rendition, respond):
        unreviewed = used_by_unreviewed_content(rendition.image)
        if unreviewed and not works_in_admin(self.request.user):
            raise Http404
        response = respond(rendition)
        if unreviewed:
            patch_cache_control(response, private=True, no_store=True, public=False)
        return response
