"""Wagtail's search index and reference index for pages written in batches.

Wagtail updates both on every save of a page (a ``post_save`` task, which the default task backend
runs at once). An imported entry is saved up to three times (created, revision, publication), and
the database search backends also recompute the average title length over the whole index on each
update, so a large import slows down as the index grows. Within ``deferred_indexing(model)`` the
saves of ``model`` in this thread only collect the page ids; ``index_pages`` then indexes each page
once, in bulk, in the same transaction as the batch. Saves in other threads and of other models are
indexed as usual.
"""

import contextlib
import contextvars

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

_pending = contextvars.ContextVar("wagtail_disclosure_deferred_index", default=None)


def _post_save(sender, instance, raw=False, **kwargs):
    pending = _pending.get()
    if pending is None:
        post_save_signal_handler(sender=sender, instance=instance, raw=raw, **kwargs)
    elif not raw:
        pending.add(instance.pk)


@contextlib.contextmanager
def deferred_indexing(model):
    """Yield a set that collects the ids of the ``model`` pages saved in the block, instead of indexing them."""
    pending = set()
    token = _pending.set(pending)
    # Wagtail's receiver, swapped for one that defers in this context and indexes at once elsewhere.
    swapped = post_save.disconnect(post_save_signal_handler, sender=model)
    if swapped:
        post_save.connect(_post_save, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield pending
    finally:
        if swapped:
            post_save.disconnect(_post_save, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
        _pending.reset(token)


def index_pages(model, ids):
    """Index the ``model`` pages ``ids`` in the reference index and in every auto-updated search backend."""
    if not ids:
        return
    pages = list(model.objects.filter(pk__in=ids))
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    indexed = set(model.get_indexed_objects().filter(pk__in=ids).values_list("pk", flat=True))
    pages = [page for page in pages if page.pk in indexed]
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)
