"""Which page types the gate covers: every page type of this plugin, plus the host site's own.

The host site adds its types with a setting, by ``"app_label.ModelName"``; subclasses of a gated
type are gated too, so a site cannot lose the gate by subclassing a plugin page::

    WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES = ["news.NewsPage"]
"""

import functools

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page, get_page_models


class GatedPageMixin:
    """Marks the plugin's page types as gated; the enforcement is installed at start-up (see enforcement.py)."""


def _setting_models():
    models = []
    for label in getattr(settings, "WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES", []):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as error:
            raise ImproperlyConfigured(f"WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES: {label!r} is not a model ({error})") from error
        if not issubclass(model, Page):
            raise ImproperlyConfigured(f"WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES: {label!r} is not a page type")
        models.append(model)
    return tuple(models)


@functools.cache
def gated_page_models():
    """The concrete page classes the gate covers."""
    roots = (GatedPageMixin,) + _setting_models()
    return frozenset(model for model in get_page_models() if issubclass(model, roots))


def is_gated_model(model):
    return model in gated_page_models()


def clear_cache():
    gated_page_models.cache_clear()
