"""Cache of the public catalogue's responses, and what invalidates it.

A catalogue's list, search results, JSON and feeds are stored per catalogue, route, language, host
and (sorted) query string, under a key that also holds two *versions* read from the database at
every request (one indexed query): the catalogue's own, replaced when one of its entries changes,
and the global one, replaced when anything every catalogue shows changes (taxonomies,
organisations, settings, sites, locales, any other page: titles in breadcrumbs and menus, URLs).
A version is a random token written in the same transaction as the change, so:

* every process sees the new version as soon as the change is committed, never before: a
  response cached by another worker can no longer be found (an entry may be withdrawn for
  confidentiality reasons, so a per-process version would not do);
* a response rendered inside a transaction that is then rolled back is stored under a token that
  is never current again.

Scheduled publishing and expiry, bulk actions, copies, moves, imports and translations all end in
a page save or delete, which is what the receivers below watch (connected by ``connect()`` in
``AppConfig.ready``). Data written around the ORM (raw SQL, ``QuerySet.update``) must call
``models.listing.bump_all()`` itself.

Only anonymous GET and HEAD requests use the cache, never previews; Wagtail's view restrictions
are checked before ``serve()`` and so before the cache. A response is not stored when rendering it
used something of the visitor's: a CSRF token, messages, a cookie, or ``Cache-Control: private``.

Settings: ``WAGTAIL_DISCLOSURE_CATALOGUE_CACHE`` (cache alias, default ``"default"``; ``None``
turns the cache off) and ``WAGTAIL_DISCLOSURE_CATALOGUE_CACHE_TIMEOUT`` (seconds, default 600).
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models.listing import (
    GLOBAL_SCOPE,
    ListedPageMixin,
    bump,
    current_versions,
    refresh_listing_columns,
)
from .models.organisations import Organisation
from .models.settings import DisclosureSettings
from .models.taxonomy import Genre, ServiceAudience, Topic

DEFAULT_TIMEOUT = 600
KEY_PREFIX = "wagtail_disclosure:catalogue"
_REQUEST_ATTR = "_wagtail_disclosure_listing_versions"

# Page fields whose change shows nowhere on a public page (revision bookkeeping, locks, tree counts):
# saves of only these do not invalidate.
_UNSEEN_FIELDS = frozenset(
    {
        "latest_revision", "latest_revision_id", "latest_revision_created_at", "draft_title", "has_unpublished_changes",
        "locked", "locked_at", "locked_by", "locked_by_id", "numchild",
    }
)  # fmt: skip


def cache_alias():
    return getattr(settings, "WAGTAIL_DISCLOSURE_CATALOGUE_CACHE", "default")


def cache_timeout():
    return getattr(settings, "WAGTAIL_DISCLOSURE_CATALOGUE_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


# --- versions --------------------------------------------------------------------------------------


def scope_of_catalogue(catalogue):
    # A page listing part of a catalogue (政策解读) changes when the catalogue's entries do.
    listed = getattr(catalogue, "listed_catalogue", None)
    return listed().path if listed is not None else catalogue.path


def versions(request, catalogue):
    """(global version, catalogue version), read once per request."""
    scope = scope_of_catalogue(catalogue)
    known = getattr(request, _REQUEST_ATTR, None)
    if known is not None and known[0] == scope:
        return known[1]
    result = current_versions(scope)
    setattr(request, _REQUEST_ATTR, (scope, result))
    return result


# --- serving ---------------------------------------------------------------------------------------


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _has_messages(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cache_key(request, catalogue):
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    parts = [
        catalogue.pk,
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        request.path,
        query,
        request.headers.get("x-requested-with") == "XMLHttpRequest",
        *versions(request, catalogue),
    ]
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{catalogue.pk}:{digest}"


def _storable(request, response):
    if response.status_code not in (200, 301, 302) or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or _has_messages(request):
        return False  # the content holds the visitor's CSRF token or messages
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


def _store(cache, key, request, response):
    if _storable(request, response):
        headers = [(name, value) for name, value in response.headers.items() if name.lower() != "set-cookie"]
        cache.set(key, (response.status_code, headers, response.content), cache_timeout())


def _rebuild(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def serve(catalogue, request, render):
    """``render()``'s response, from the cache when the request may use it."""
    alias = cache_alias()
    if (
        alias is None
        or request.method not in ("GET", "HEAD")
        or getattr(request, "is_preview", False)
        or _is_authenticated(request)
        or _has_messages(request)
    ):
        return render()
    cache = caches[alias]
    key = cache_key(request, catalogue)
    stored = cache.get(key)
    if stored is not None:
        return _rebuild(stored)
    response = render()
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(lambda rendered: _store(cache, key, request, rendered))
    else:
        _store(cache, key, request, response)
    return response


# --- invalidation ----------------------------------------------------------------------------------


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= _UNSEEN_FIELDS:
        return
    if isinstance(instance, ListedPageMixin):
        if getattr(instance, "_listing_unaffected", False):
            return  # a draft, unlisted before and after (its save() decided)
        bump(instance.listing_scope())  # and again once save() has written the grams
    else:
        # A base ``Page`` instance is saved by moves and by scripts, also for listed pages: their derived
        # columns first, then the version (Wagtail's moves commit first, its unpublishing does not).
        refresh_listing_columns(instance)
        # Other pages show in breadcrumbs and menus, and catalogues list their entries: everything.
        bump(GLOBAL_SCOPE)


def page_deleted(sender, instance, **kwargs):
    bump(GLOBAL_SCOPE)


def page_publication_changed(sender, instance, **kwargs):
    bump(instance.listing_scope() if isinstance(instance, ListedPageMixin) else GLOBAL_SCOPE)


def page_moved(sender, instance, **kwargs):
    refresh_listing_columns(instance)
    bump(GLOBAL_SCOPE)


def _shown_everywhere_changed(sender, **kwargs):
    bump(GLOBAL_SCOPE)


def connect():
    """Connect the invalidation receivers (from ``AppConfig.ready``)."""
    uid = "wagtail_disclosure.listing_cache."
    post_save.connect(page_saved, dispatch_uid=uid + "page_saved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid=uid + "page_deleted")
    page_published.connect(page_publication_changed, dispatch_uid=uid + "page_published")
    page_unpublished.connect(page_publication_changed, dispatch_uid=uid + "page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid=uid + "page_moved")
    # Models every catalogue shows.
    for model in (Topic, Genre, ServiceAudience, Organisation, DisclosureSettings, Site, Locale):
        for signal in (post_save, post_delete):
            signal.connect(_shown_everywhere_changed, sender=model, dispatch_uid=f"{uid}{model._meta.label}")
