"""The demo site's URLs plus what a host site typically mounts and the demo does not: Wagtail's API v2 (as
host sites use it for menus and apps), its sitemap (tests/test_host_site.py) and API v3 (tests/test_gate_api_v3.py)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.contrib.sitemaps.views import sitemap

from example_site.urls import urlpatterns as site_urlpatterns

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PagesAPIViewSet)

# Before the site's catch-all page route.
urlpatterns = [
    path("api/v2/", api_v2.urls),
    path("api/v3/", api_v3.urls),
    path("sitemap.xml", sitemap),
    *site_urlpatterns,
]
