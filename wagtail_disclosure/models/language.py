"""The language of the plugin's pages in a host site of any language.

政府信息公开 is published in Chinese (the statute's terms are the labels), so a 政府信息公开 column is a
tree in the ``zh-hans`` locale even on a site whose default language is English: a new column created
under a page of another locale gets the disclosure locale, its pages inherit it (Wagtail gives a new page
its parent's locale), and ``serve_in_page_language`` renders each page in its own locale's language.
Translations (wagtail-localize) keep the locale they are made for.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.utils.translation import get_supported_language_variant
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale

from .base import DisclosurePage

DEFAULT_LANGUAGE = "zh-hans"


def disclosure_language():
    """``WAGTAIL_DISCLOSURE_LANGUAGE`` (default ``zh-hans``); None: new columns keep their parent's locale."""
    return getattr(settings, "WAGTAIL_DISCLOSURE_LANGUAGE", DEFAULT_LANGUAGE)


def disclosure_locale():
    """The Locale of new 政府信息公开 columns (created when missing), or None when none is configured."""
    language = disclosure_language()
    if not language:
        return None
    locale, _created = Locale.objects.get_or_create(language_code=language)
    return locale


def give_new_column_the_disclosure_locale(page):
    """A disclosure page just created under a page that is not one (a new column) moves to the disclosure
    locale when its parent's locale is another. Returns whether it did."""
    parent = page.get_parent()
    language = disclosure_language()
    if not language or parent is None or not is_disclosure_page(page.specific_class) or is_disclosure_page(parent.specific_class):
        return False
    if page.locale.language_code == language:
        return False
    page.locale = disclosure_locale()
    page.save(update_fields=["locale"])
    return True


def is_disclosure_page(model):
    return model is not None and issubclass(model, DisclosurePage)


def check_languages(app_configs=None, **kwargs):
    """The host's language settings: the disclosure language must be a content language of a multilingual
    site, and one translate action is enough."""
    messages = []
    language = disclosure_language()
    if language and getattr(settings, "WAGTAIL_I18N_ENABLED", False) and language not in get_content_languages():
        messages.append(
            checks.Warning(
                f"WAGTAIL_CONTENT_LANGUAGES does not include {language!r}, the language of the 政府信息公开 pages.",
                hint=f'Add ("{language}", "简体中文") to LANGUAGES and WAGTAIL_CONTENT_LANGUAGES (keep your own languages '
                "and LANGUAGE_CODE), then run migrate.",
                id="wagtail_disclosure.W010",
            )
        )
    elif language:
        try:
            get_supported_language_variant(language)
        except LookupError:
            messages.append(
                checks.Warning(
                    f"LANGUAGES does not include {language!r}, the language of the 政府信息公开 pages.",
                    hint=f'Add ("{language}", "简体中文") to LANGUAGES; keep your own LANGUAGE_CODE.',
                    id="wagtail_disclosure.W011",
                )
            )
    if apps.is_installed("wagtail.contrib.simple_translation") and apps.is_installed("wagtail_localize"):
        messages.append(
            checks.Warning(
                "wagtail.contrib.simple_translation and wagtail_localize are both installed: pages get two Translate actions.",
                hint="Remove wagtail.contrib.simple_translation from INSTALLED_APPS: wagtail-localize translates the "
                "plugin's pages with their translatable fields (translations still need their own review).",
                id="wagtail_disclosure.W012",
            )
        )
    return messages
