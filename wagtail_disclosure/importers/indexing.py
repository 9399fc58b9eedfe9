"""Wagtail's search index and reference index for pages written in batches.

Wagtail updates both on every save of a page (a ``post_save`` task). An import's batch writes its pages
without saves (``models.batch_writes``), so ``index_pages`` indexes each page once, in bulk, in the same
transaction as the batch (the database search backends also recompute the average title length over the
whole index on each update: once per batch rather than per page).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import ReferenceIndex


def index_pages(model, ids):
    """Index the ``model`` pages ``ids`` in the reference index and in every auto-updated search backend."""
    if not ids:
        return
    # Their attachments and comments (what the reference index reads besides the fields) in one query each.
    relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    pages = list(model.objects.filter(pk__in=ids).prefetch_related(*relations))
    index_references(model, pages)
    indexed = set(model.get_indexed_objects().filter(pk__in=ids).values_list("pk", flat=True))
    pages = [page for page in pages if page.pk in indexed]
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)


def index_references(model, pages):
    """``ReferenceIndex.create_or_update_for_object`` for each of ``pages`` (all of ``model``), with one query
    for their existing references, one insert and one delete rather than those per page."""
    content_types = [ContentType.objects.get_for_model(klass, for_concrete_model=False) for klass in [model, *model._meta.get_parent_list()]]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {ct.id for ct in content_types}
    existing = {}  # page id → {reference record: (content type id, row id)}
    rows = ReferenceIndex.objects.filter(base_content_type=base_content_type, object_id__in=[str(page.pk) for page in pages])
    for pk, ct_id, to_ct_id, to_object_id, model_path, content_path, object_id in rows.values_list(
        "id", "content_type_id", "to_content_type", "to_object_id", "model_path", "content_path", "object_id"
    ):
        existing.setdefault(str(object_id), {})[(to_ct_id, to_object_id, model_path, content_path)] = (ct_id, pk)
    new, removed = [], []
    for page in pages:
        references = set(ReferenceIndex._extract_references_from_object(page))
        stored = existing.get(str(page.pk), {})
        new += [
            ReferenceIndex(
                content_type=content_type, base_content_type=base_content_type, object_id=page.pk, to_content_type_id=to_ct_id,
                to_object_id=to_object_id, model_path=model_path, content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_ct_id, to_object_id, model_path, content_path in references - stored.keys()
        ]  # fmt: skip
        # As Wagtail: a record of a more specific type than this one is not a removal.
        removed += [pk for record, (ct_id, pk) in stored.items() if record not in references and ct_id in known]
    ReferenceIndex.objects.bulk_create(new, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if removed:
        ReferenceIndex.objects.filter(id__in=removed).delete()
