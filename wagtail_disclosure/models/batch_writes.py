"""Writing many pages of one type at once, as their ``save()`` would one by one (an import's batch).

``save()`` of a page costs, besides its own work, Wagtail's and the ORM's per-row housekeeping: treebeard's
lock of the parent and look-up of its last child, Wagtail's read of the old row, modelcluster's child
relations, a statement per table and a savepoint. For thousands of rows that is most of an import's time.
Here a batch is written with a statement per table instead, while each page still goes through the
model's own rules, in the order ``DisclosurePage.save()`` applies them:

* ``insert_new_pages``: new drafts below one parent (the tree positions come from the caller, which holds
  the parent's lock for the batch: ``importers.catalogue.ChildPositions``). Each page gets Wagtail's core
  defaults and ``url_path``, then ``derive_fields()`` (its 索引号, listing columns…), slugs unique among
  the batch's siblings too; the rows are inserted, then ``after_save(None, created=True)`` of each page keeps
  its other tables in step, as a full save of a new page would.
* ``update_pages``: the fields that changed on pages this module wrote, one ``UPDATE`` per table for the batch.

What these do not do, and why that is sound: they send no ``pre_save``/``post_save`` signals (the caller
indexes the pages for search and references once per batch, ``importers.indexing``), and they never make
a page live by themselves. A new page is inserted as a draft: the gate has nothing to check. Publication is
``services.reviews.publish_first_revisions``, which asks the gate about each page exactly as its save would
(``gate.enforcement.enforce_on_save``) before it writes the live state here.
"""

import contextlib

from django.db import connections, router, transaction
from wagtail.models import Page

from ..rules.slugs import unique_slug
from .index_numbers import links_deferred, sibling_slug_checks_deferred
from .listing import bumps_deferred, grams_deferred


def writes_in_batches(using):
    """Whether the database returns the ids of a multi-row insert, which batch writes need (the pages' tables and
    their revisions are keyed by them): PostgreSQL and SQLite ≥ 3.35, the databases the plugin supports."""
    return connections[using].features.can_return_rows_from_bulk_insert


def tables_of(model):
    """The concrete models whose tables hold a row of ``model``, from ``Page`` down to ``model`` itself."""
    return [*reversed(model._meta.get_parent_list()), model]


def insert_new_pages(parent, pages):
    """Insert ``pages`` (new, unsaved drafts of one type, with ``path`` and ``depth`` set below ``parent``)."""
    if not pages:
        return
    model = type(pages[0])
    if any(type(page) is not model or not page._state.adding or page.pk is not None or page.live for page in pages):
        raise ValueError("insert_new_pages() inserts new draft pages of one type.")
    with sibling_slug_checks_deferred():
        for page in pages:
            page._cached_parent_obj = parent
            page._set_core_field_defaults()
            page.derive_fields()  # may give the page its scheme's slug (``IndexNumberMixin``)
    # Slugs unique among the siblings: those in the database, asked once for the batch, and the batch's own.
    in_database = set(parent.get_children().filter(slug__in={page.slug for page in pages}).values_list("slug", flat=True))
    batch_slugs = set()
    for page in pages:
        if page.slug in batch_slugs or page.slug in in_database:
            page.slug = unique_slug(page.slug, lambda slug, page=page: slug not in batch_slugs and Page._slug_is_available(slug, parent, page))
        batch_slugs.add(page.slug)
        page.set_url_path(parent)
    using = router.db_for_write(model)
    with transaction.atomic(using=using, savepoint=False):
        Page._base_manager.using(using).bulk_create(pages)  # the base rows, their ids returned (``writes_in_batches``)
        for page in pages:
            for klass in tables_of(model)[1:]:
                for link in klass._meta.parents.values():
                    setattr(page, link.attname, page.id)  # every table of a page is keyed by the base row's id
        for klass in tables_of(model)[1:]:
            fields = [field for field in klass._meta.local_concrete_fields if not field.generated]
            klass._base_manager.using(using)._batched_insert(pages, fields, None)
    for page in pages:
        page._state.adding, page._state.db = False, using
        page.after_save(None, True)


def update_pages(pages, field_names):
    """Write ``field_names`` of ``pages`` (saved pages of one type): one ``UPDATE`` per table that holds any, a value
    all pages share set once, the others by id (``bulk_update`` compiles a ``CASE`` branch per page and column
    through the ORM, which costs more than the rest of an import's batch)."""
    if not pages or not field_names:
        return
    model = type(pages[0])
    if any(type(page) is not model or page.pk is None for page in pages):
        raise ValueError("update_pages() writes saved pages of one type.")
    using = router.db_for_write(model)
    connection = connections[using]
    # At most two parameters per page and column, and the ids: within the database's limit.
    per_statement = max(1, (connection.features.max_query_params or 20_000) // (1 + 2 * len(field_names)))
    if len(pages) > per_statement:
        for start in range(0, len(pages), per_statement):
            update_pages(pages[start : start + per_statement], field_names)
        return
    ids = [page.pk for page in pages]
    for klass in tables_of(model):
        fields = [
            field for field in klass._meta.local_concrete_fields
            if (field.name in field_names or field.attname in field_names) and not field.generated and not field.primary_key
        ]  # fmt: skip
        if not fields:
            continue
        assignments, params = [], []
        key = connection.ops.quote_name(klass._meta.pk.column)
        for field in fields:
            values = [field.get_db_prep_save(getattr(page, field.attname), connection) for page in pages]
            column = connection.ops.quote_name(field.column)
            if all(value == values[0] for value in values):
                assignments.append(f"{column} = %s")
                params.append(values[0])
            else:
                # PostgreSQL types a CASE of parameters as text: each branch is cast to the column's type.
                branch = f"CAST(%s AS {field.db_type(connection)})" if connection.features.requires_casted_case_in_updates else "%s"
                assignments.append(f"{column} = CASE {key} " + " ".join([f"WHEN %s THEN {branch}"] * len(pages)) + " END")
                params += [item for pair in zip(ids, values, strict=True) for item in pair]
        table = connection.ops.quote_name(klass._meta.db_table)
        with connection.cursor() as cursor:
            # Table and column names come from the model, values are parameters.
            cursor.execute(f"UPDATE {table} SET {', '.join(assignments)} WHERE {key} IN ({', '.join(['%s'] * len(ids))})", [*params, *ids])  # noqa: S608


@contextlib.contextmanager
def side_tables_written_once():
    """What each page's ``after_save`` writes to other tables (search grams, 索引号 links, the catalogue's cache
    version), collected in the block and written once at its end. Enter it inside the batch's transaction."""
    with bumps_deferred(), grams_deferred(), links_deferred():
        yield
