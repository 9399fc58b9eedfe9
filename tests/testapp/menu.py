"""A host site's main menu, built the way host sites build it: the live, public pages below the home page."""

from wagtail.models import Site


def main_menu(request):
    site = Site.find_for_request(request)
    return list(site.root_page.get_descendants().live().public().specific())
