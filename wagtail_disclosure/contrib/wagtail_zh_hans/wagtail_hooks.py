"""Add this app's ``djangojs`` catalogue to the admin's JavaScript translations.

Wagtail's JavaScript catalogue (``wagtailadmin_javascript_catalog``) is built from
``wagtail.admin``'s locale directory only, so the msgids that Wagtail's zh_Hans ``djangojs``
catalogue lacks cannot come from another app's catalogue. On admin pages rendered in a
language we have a ``djangojs`` catalogue for, this hook emits the entries as a JSON script
element plus a small static script that copies them into ``django.catalog`` - only the
msgids it does not have yet - right after Wagtail's own catalogue and before the page
content. JSON plus a same-origin script keeps it working under a Content Security Policy
without 'unsafe-inline'.
"""

import functools
import gettext
import pathlib

from django.utils.html import format_html, json_script
from django.utils.translation import get_language, to_locale
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static

LOCALE_DIR = pathlib.Path(__file__).resolve().parent / "locale"
CATALOG_ELEMENT_ID = "wagtail-zh-hans-js-catalog"


@functools.cache
def js_catalog(language):
    """{msgid: msgstr, or [msgstr, ...] for plural msgids}, as Django's JavaScriptCatalog
    serialises them, of our djangojs catalogue for ``language`` ({} when there is none)."""
    if not language:
        return {}
    path = LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "djangojs.mo"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        translation = gettext.GNUTranslations(handle)
    catalog, plurals = {}, {}
    for key, value in translation._catalog.items():
        if key == "":
            continue
        if isinstance(key, tuple):
            msgid, index = key
            plurals.setdefault(msgid, {})[index] = value
        else:
            catalog[key] = value
    for msgid, forms in plurals.items():
        catalog[msgid] = [forms[index] for index in sorted(forms)]
    return catalog


@hooks.register("insert_global_admin_js")
def wagtail_zh_hans_js_catalog():
    catalog = js_catalog(get_language())
    if not catalog:
        return ""
    return json_script(catalog, CATALOG_ELEMENT_ID) + format_html(
        '<script src="{}"></script>', versioned_static("wagtail_zh_hans/js/catalog.js")
    )
