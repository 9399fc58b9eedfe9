"""Navigation of the demo government site: the main menu and the 政府信息公开 column's sub-navigation."""

from django import template
from wagtail.models import Page, Site

register = template.Library()

# The usual order of the sub-columns of a 政府信息公开 column (国办公开办函〔2019〕61号 style); the demo
# loader puts its pages in this order, and the navigation follows the page tree's order.
COLUMN_ORDER = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开目录", "政府信息公开年报", "依申请公开"]


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def site_root(context):
    return _site_root(context)


@register.inclusion_tag("home/includes/site_nav.html", takes_context=True)
def site_nav(context):
    root = _site_root(context)
    page = _current_page(context)
    items = list(root.get_children().live().in_menu()) if root else []
    current = None
    if page is not None and root is not None:
        current = next((item for item in items if page.path.startswith(item.path)), None)
        if current is None and page.pk == root.pk:
            current = root
    return {"root": root, "items": items, "current": current, "request": context.get("request")}


def column_of(context):
    """The top-level column (a child of the site root) that holds the current page."""
    root = _site_root(context)
    page = _current_page(context)
    if root is None or page is None or page.depth <= root.depth:
        return None
    column_path = page.path[: (root.depth + 1) * Page.steplen]
    return Page.objects.filter(path=column_path).first()


@register.inclusion_tag("home/includes/column_nav.html", takes_context=True)
def column_nav(context):
    column = column_of(context)
    page = _current_page(context)
    items = []
    if column is not None:
        # In the explorer's order: a site reorders the sub-columns there, and renames them as pages.
        children = list(column.get_children().live().in_menu().order_by("path"))
        items = [
            {"page": child, "current": page is not None and page.path.startswith(child.path), "exact": page is not None and page.pk == child.pk}
            for child in children
        ]
    return {"column": column, "items": items, "is_column_page": column is not None and page is not None and page.pk == column.pk}


@register.simple_tag(takes_context=True)
def has_column_nav(context):
    column = column_of(context)
    return bool(column and column.get_children().live().in_menu().exists())


@register.simple_tag(takes_context=True)
def catalogue_for_site(context):
    """The site's 政府信息公开目录, for the search box in the header."""
    from wagtail_disclosure.models import CatalogueIndexPage

    root = _site_root(context)
    if root is None:
        return None
    return CatalogueIndexPage.objects.live().descendant_of(root).order_by("path").first()
