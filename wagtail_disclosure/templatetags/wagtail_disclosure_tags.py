import re

from django import template
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from ..models.settings import DisclosureOffice

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted((k, v) for k in params for v in params.getlist(k)))


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
    # gov.cn writes 主题分类 paths with a backslash: 科技、教育\科技
    return str(full_name).replace(" › ", "\\")


@register.inclusion_tag("wagtail_disclosure/includes/disclosure_office.html", takes_context=True)
def disclosure_office(context, suffix="footer"):
    """The site's 政府信息公开工作机构 (``DisclosureOffice`` setting): for the guide, request pages and the column's footer."""
    request = context.get("request")
    office = DisclosureOffice.for_request(request) if request is not None else None
    return {"office": office, "suffix": suffix}
