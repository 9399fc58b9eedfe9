import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from wagtail.models import Site

from ..models import DisclosurePage, GuidePage
from ..models.taxonomy import Topic

register = template.Library()


@register.simple_tag(takes_context=True)
def disclosure_assets(context, everywhere=False):
    """The plugin's stylesheets for the page being rendered, as ``<link>`` elements: put
    ``{% load wagtail_disclosure_tags %}{% disclosure_assets %}`` in the ``<head>`` of the site's base
    template. Nothing on other pages (``everywhere=True``: the common stylesheet there too, for a site that
    uses its classes), and only once per page (the plugin's own base calls it too)."""
    page = context.get("page")
    if context.dicts[0].get("_disclosure_assets"):
        return ""
    if isinstance(page, DisclosurePage):
        sheets = page.public_stylesheets
    elif everywhere:
        sheets = DisclosurePage.public_stylesheets
    else:
        return ""
    context.dicts[0]["_disclosure_assets"] = True
    return format_html_join("\n", '<link rel="stylesheet" href="{}">', ((static(sheet),) for sheet in sheets))


@register.inclusion_tag("wagtail_disclosure/includes/breadcrumbs.html", takes_context=True)
def disclosure_breadcrumbs(context):
    """The page's breadcrumbs, unless ``WAGTAIL_DISCLOSURE_BREADCRUMBS = False`` (the site's layout shows its own)."""
    return {
        "page": context.get("page"),
        "ancestors": context.get("ancestors"),  # the catalogue keeps them per process (no query on a miss)
        "show": getattr(settings, "WAGTAIL_DISCLOSURE_BREADCRUMBS", True),
    }


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted((k, v) for k in params for v in params.getlist(k)))


@register.simple_tag(takes_context=True)
def filter_query(context):
    """``?`` and the current filters without the page number (feed links that keep the filters), or ""."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    query = urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return f"?{query}" if query else ""


@register.simple_tag(takes_context=True)
def filter_params(context):
    """``[(name, value), …]`` of the current filters without the page number (hidden fields of the page jump)."""
    params = context["request"].GET
    return sorted((k, v) for k in params if k != "page" for v in params.getlist(k))


@register.simple_tag
def page_range(page_obj):
    """The page numbers to link: the first, the last and two each side of the current one; None for a gap."""
    ellipsis = page_obj.paginator.ELLIPSIS
    return [None if number == ellipsis else number for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)]


@register.filter
def break_after_slash(value):
    """Let long 索引号 wrap after the “/” between 前段码 and 后段码."""
    return mark_safe(escape(value).replace("/", "/<wbr>"))  # noqa: S308 - escaped above


@register.filter
def validity_short(label):
    """“Expired (失效)” → “失效”: the Chinese term alone, as gov.cn pages show it."""
    match = re.search(r"[（(]([^()（）]+)[)）]\s*$", str(label))
    return match.group(1) if match else label


@register.filter
def topic_path(full_name):
    # gov.cn writes 主题分类 paths with a backslash: 科技、教育\科技 (Topic.PUBLIC_SEPARATOR, also in the JSON)
    return str(full_name).replace(" › ", Topic.PUBLIC_SEPARATOR)


@register.inclusion_tag("wagtail_disclosure/includes/disclosure_office.html", takes_context=True)
def disclosure_office(context, suffix="footer"):
    """The site's 政府信息公开工作机构 as its live guide shows it: for the guide, request pages and the column's footer."""
    request = context.get("request")
    return {"office": reviewed_office(request) if request is not None else None, "suffix": suffix}


def reviewed_office(request):
    """The office as the site's live guide shows it (reviewed content), or None while no guide is live: the setting
    itself is never shown to the public unreviewed (gated pages show the office, and it is part of what the guide's
    review covers)."""
    site = Site.find_for_request(request)
    guide = GuidePage.objects.live().descendant_of(site.root_page, inclusive=True).order_by("path").first() if site is not None else None
    return guide.office() if guide is not None else None
