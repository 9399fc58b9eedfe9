"""The demo site's URLs plus Wagtail's API v3, which the site does not mount (tests/test_gate_api_v3.py)."""

from django.urls import path
from wagtail.api.v3.urls import api as api_v3

from example_site.urls import urlpatterns as site_urlpatterns

# Before the site's catch-all page route.
urlpatterns = [path("api/v3/", api_v3.urls), *site_urlpatterns]
