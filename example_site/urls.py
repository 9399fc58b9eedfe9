from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Image renditions, served by the rule of the review gate (README, "Files follow their page").
    path("disclosure-media/", include("wagtail_disclosure.urls")),
    # MEDIA_URL is not served, not even with DEBUG: documents go through Wagtail's view, renditions
    # through the plugin's, and image originals are never public.
    path("", include(wagtail_urls)),
]
