"""The plugin's public URLs for files: mount them in the site's urlpatterns, before Wagtail's page route::

    path("disclosure-media/", include("wagtail_disclosure.urls")),

``images/<name>`` serves renditions (``media_storage.GuardedRenditionStorage`` gives them these addresses).
"""

from django.urls import path

from .views import media

app_name = "wagtail_disclosure_media"

urlpatterns = [
    path("<path:name>", media.serve_rendition, name="rendition"),
]
