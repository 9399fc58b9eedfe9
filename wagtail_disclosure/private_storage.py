"""Files that are personal data (applicants' attachments, 条例第二十九条): kept outside ``MEDIA_ROOT``.

The web server serves ``MEDIA_ROOT`` to anyone who knows an address; an unguessable name is no access
control. These files live under ``WAGTAIL_DISCLOSURE_PRIVATE_ROOT`` (default: a ``private`` directory
beside ``MEDIA_ROOT``), have no public address (``url()`` refuses) and reach a browser only through an
admin view that checks who asks (``views.requests.AttachmentView``).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage

PRIVATE_ROOT_SETTING = "WAGTAIL_DISCLOSURE_PRIVATE_ROOT"


def private_root():
    configured = getattr(settings, PRIVATE_ROOT_SETTING, None)
    if configured:
        return os.path.abspath(configured)
    media_root = os.path.normpath(os.path.abspath(settings.MEDIA_ROOT or "media"))
    return os.path.join(os.path.dirname(media_root), "private")


class PrivateFileStorage(FileSystemStorage):
    """The private directory on disk, read again from the settings each time (tests change them)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return private_root()

    @property
    def location(self):
        return self.base_location

    def url(self, name):
        raise ValueError("Private files have no public address: serve them through a permission-checked view.")


_storage = PrivateFileStorage()


def private_storage():
    """The storage of private files (a callable, so that migrations do not record a path)."""
    return _storage
