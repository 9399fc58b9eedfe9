"""The test site with Wagtail's dynamic image view mounted, guarded by the plugin (README, "Files follow their page")."""

from django.urls import re_path

from wagtail_disclosure.views.media import GuardedImageServeView

from .urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", GuardedImageServeView.as_view(), name="wagtailimages_serve"),
    *site_urlpatterns,
]
