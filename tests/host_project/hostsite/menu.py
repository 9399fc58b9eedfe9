from wagtail.models import Site


def main_menu(request):
    """The site's menu: the live, public pages below its home page."""
    return Site.find_for_request(request).root_page.get_descendants().live().public()
