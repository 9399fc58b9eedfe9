import re

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted((k, v) for k in params for v in params.getlist(k)))


@register.filter
def validity_short(label):
    """“Expired (失效)” → “失效”: the Chinese term alone, as gov.cn pages show it."""
    match = re.search(r"[（(]([^()（）]+)[)）]\s*$", str(label))
    return match.group(1) if match else label


@register.filter
def topic_path(full_name):
    # gov.cn writes 主题分类 paths with a backslash: 科技、教育\科技
    return str(full_name).replace(" › ", "\\")
