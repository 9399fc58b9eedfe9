"""Substring search over catalogue entries with a two-character gram index."""

import unicodedata

from django.db import transaction

# Brackets used around the year of a 发文字号 in the wild: 〔2024〕, [2024], （2024）, 【2024】.
BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "（": "(", "）": ")"})


def normalize(text):
    """Fold width, case, brackets and white space so that typed queries match stored text."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(BRACKETS)
    return "".join(text.split())


def grams(text):
    text = normalize(text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def search_text_for(*values):
    # A separator no query can contain keeps matches from spanning two fields.
    return "\x1f".join(normalize(value) for value in values)


def listing_values(page):
    """The entry's listing columns that its grams copy (see ``CatalogueSearchGram``)."""
    return {"catalogue_id": page.catalogue_id, "publish_date": page.publish_date, "is_listed": page.is_listed}


def index_page_grams(page, *values):
    from .models.search import CatalogueSearchGram

    wanted = set()
    for value in values:
        wanted |= grams(value)
    listing = listing_values(page)
    with transaction.atomic():
        CatalogueSearchGram.objects.filter(page_id=page.pk).delete()
        CatalogueSearchGram.objects.bulk_create(CatalogueSearchGram(page_id=page.pk, gram=gram, **listing) for gram in wanted)


def update_gram_listing(page):
    """Copy the entry's listing columns onto its grams (only the rows that differ are written)."""
    from django.db.models import Q

    from .models.search import CatalogueSearchGram

    listing = listing_values(page)
    differs = Q()
    for name, value in listing.items():
        differs |= ~Q(**{name: value})
    CatalogueSearchGram.objects.filter(differs, page_id=page.pk).update(**listing)


def gram_rows(gram, catalogue_id=None):
    """The rows of ``gram``; with ``catalogue_id``, only those of the entries that catalogue lists."""
    from .models.search import CatalogueSearchGram

    grams = CatalogueSearchGram.objects.filter(gram=gram)
    if catalogue_id is not None:
        grams = grams.filter(catalogue_id=catalogue_id, is_listed=True)
    return grams


def filter_by_substring(queryset, query, catalogue_id=None):
    """Entries whose title, 发文字号 or 索引号 contains ``query`` (after normalisation).

    ``catalogue_id``: the entries are a catalogue's listed entries, so the gram lookups can use the
    gram table's listing index.
    """
    needle = normalize(query)
    if not needle:
        return queryset
    if len(needle) == 1:
        return queryset.filter(search_text__contains=needle)
    needed = {needle[i : i + 2] for i in range(len(needle) - 1)}
    # The rarest gram would be the best filter, but any single gram is exact for a two-character
    # query; for longer ones each gram narrows the candidates and the final check is exact.
    for gram in sorted(needed)[:4]:
        queryset = queryset.filter(pk__in=gram_rows(gram, catalogue_id).values("page_id"))
    if len(needle) > 2:
        queryset = queryset.filter(search_text__contains=needle)
    return queryset


def refresh_listing_columns(page):
    """Recompute an entry's listing columns from the database, and its grams' copies.

    For saves that bypass ``AbstractCatalogueEntryPage.save()``: a base ``Page`` instance saved by a
    move, or unpublished by a script or by scheduled expiry. Does nothing for other pages.
    """
    from .models.catalogue import AbstractCatalogueEntryPage

    model = page.specific_class
    if model is None or not issubclass(model, AbstractCatalogueEntryPage):
        return
    entry = model.objects.filter(pk=page.pk).first()
    if entry is None:
        return
    entry.set_listing_columns()
    model.objects.filter(pk=entry.pk).update(catalogue_id=entry.catalogue_id, is_listed=entry.is_listed)
    update_gram_listing(entry)


def rebuild_listing_columns(entry_model=None, only_missing=False):
    """Recompute every entry's listing columns and their grams' copies, in two statements each.

    For data written around ``save()`` (bulk loads with ``COPY``, raw SQL); ``only_missing``: only
    entries that have never been computed (``catalogue_id`` is NULL). Call ``listing_cache.bump_all()``
    afterwards. Needs PostgreSQL or SQLite ≥ 3.33 (``UPDATE … FROM``).
    """
    from django.db import connection
    from wagtail.models import Page

    from .models.catalogue import CatalogueEntryPage, DisclosureAttribute
    from .models.search import CatalogueSearchGram

    model = entry_model or CatalogueEntryPage
    qn = connection.ops.quote_name
    entry, page, gram = qn(model._meta.db_table), qn(Page._meta.db_table), qn(CatalogueSearchGram._meta.db_table)
    pk = qn(model._meta.pk.column)
    missing = f"AND {entry}.catalogue_id IS NULL" if only_missing else ""
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    if only_missing:
        stale = f"{gram}.catalogue_id IS NULL"
    else:
        stale = " OR ".join(f"{gram}.{column} {differs} e.{column}" for column in ("catalogue_id", "publish_date", "is_listed"))
    with connection.cursor() as cursor:
        # Table and column names come from the models, values are parameters.
        cursor.execute(
            f"""
            UPDATE {entry} SET
                catalogue_id = parent.id,
                is_listed = (child.live AND {entry}.disclosure_attribute = %s AND {entry}.publish_date IS NOT NULL)
            FROM {page} child, {page} parent
            WHERE child.id = {entry}.{pk} AND parent.path = substr(child.path, 1, length(child.path) - %s) {missing}
            """,  # noqa: S608
            [DisclosureAttribute.PUBLIC, Page.steplen],
        )
        cursor.execute(
            f"""
            UPDATE {gram} SET catalogue_id = e.catalogue_id, publish_date = e.publish_date, is_listed = e.is_listed
            FROM {entry} e
            WHERE e.{pk} = {gram}.page_id AND ({stale})
            """  # noqa: S608
        )
