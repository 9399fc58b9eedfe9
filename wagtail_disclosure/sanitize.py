"""Turning HTML from outside the editor (imports) into safe rich text the Draftail editor can open.

Wagtail only sanitises rich text on the editor path: HTML stored from code is rendered verbatim by
``|richtext``, ``<script>`` and ``onclick`` included. Two steps are needed:

1. ``sanitize_html()`` removes everything unsafe. It is the one place that knows the sanitiser:
   bleach is no longer maintained, so swap it for nh3 here when needed.
2. Wagtail's ``DbHTMLConverter`` keeps only what the field's rich text features support and
   writes well-formed markup (bleach keeps void tags such as ``<br>``, which crash Draftail).
"""

import bleach
from bs4 import BeautifulSoup
from wagtail.admin.rich_text.converters.db_html import DbHTMLConverter

# Kept by the sanitiser. ``img`` and ``table`` are not editor features, but letting them through
# lets the converter report them as removed, so the importer can warn that content was lost.
ALLOWED_TAGS = frozenset(
    {"p", "div", "br", "hr", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "a", "img", "table"}
)
ALLOWED_ATTRIBUTES = {"a": ["href"], "img": ["src", "alt"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
# Removed with their content: stripping only the tags would leave their code as visible text.
DROPPED_WITH_CONTENT = ("script", "style", "template", "noscript", "iframe", "object", "textarea", "title")


def sanitize_html(html):
    """Safe HTML: no scripts, event handlers, styles or ``javascript:`` URLs."""
    soup = BeautifulSoup(html or "", "html.parser")
    for element in soup.find_all(DROPPED_WITH_CONTENT):
        element.decompose()
    return bleach.clean(
        str(soup), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
    )


def to_rich_text(html, features=None):
    """``(database HTML, names of removed tags)`` for a rich text field with ``features``."""
    # A converter records removals on itself, so each call gets its own (it is cheap to build).
    cleaned, removals = DbHTMLConverter(features).clean(sanitize_html(html))
    return cleaned, sorted({removal.tag for removal in removals})
