"""The public catalogue's listing, in the database: which pages are listed, their search grams, and
the versions that key the listing's response cache (``listing_cache``).

* **The listed rule**, stated once in ``ListedPageMixin.LISTED_WHEN``: a page is listed when it is
  live, 主动公开 and has a 发布日期. ``save()`` derives ``is_listed`` and ``catalogue_id`` (the parent
  catalogue) from it, the public lists filter on them through a partial index, and
  ``rebuild_listing_columns`` recomputes them for data written around ``save()``.
* **Search grams** (``CatalogueSearchGram``): see ``rules.text_search``.
* **Versions** (``CatalogueListingVersion``): replaced in the same transaction as any change a
  catalogue shows.
"""

import contextlib
import contextvars
import uuid

from django.db import connection, models, transaction
from django.db.models import Q
from wagtail.models import Page

from ..rules.text_search import grams, normalize, search_text_for
from ..rules.vocabulary import DisclosureAttribute
from .rows import insert_rows

GLOBAL_SCOPE = ""
# Scopes collected by ``bumps_deferred()``; None: bump at once.
_deferred_scopes = contextvars.ContextVar("wagtail_disclosure_deferred_bumps", default=None)


class ListedPageMixin(models.Model):
    """A page the public catalogue lists: the listed rule and the columns derived from it."""

    # Derived for the public list (CatalogueIndexPage.listing): the parent catalogue's id, and whether
    # the page is listed. Kept by save(), and by listing_cache's receivers for saves of the base Page
    # (moves, unpublishing through a plain Page).
    catalogue_id = models.IntegerField(null=True, editable=False)
    is_listed = models.BooleanField(default=False, db_default=False, editable=False)
    # The folded text of ``substring_search_fields``, which the search grams index.
    search_text = models.TextField(blank=True, editable=False)
    substring_search_fields = ("title",)

    # The listed rule: a Python test in save(), a query for the public lists and the rebuild.
    LISTED_WHEN = {"live": True, "disclosure_attribute": DisclosureAttribute.PUBLIC, "publish_date__isnull": False}
    # Fields is_listed and catalogue_id are derived from.
    LISTING_INPUTS = frozenset({"live", "disclosure_attribute", "publish_date", "path"})
    derived_fields = ("catalogue_id", "is_listed", "search_text")

    class Meta:
        abstract = True

    @classmethod
    def listed_q(cls):
        return Q(**cls.LISTED_WHEN)

    def meets_listed_rule(self):
        for lookup, wanted in self.LISTED_WHEN.items():
            name, _sep, operator = lookup.partition("__")
            value = getattr(self, name)
            if (value is None) != wanted if operator == "isnull" else value != wanted:
                return False
        return True

    def set_listing_columns(self):
        """Derive ``catalogue_id`` and ``is_listed``."""
        parent = self.get_parent() if self.path and self.depth and self.depth > 1 else None
        if parent is not None and parent.path != self.path[: -self.steplen]:
            parent = self.get_parent(update=True)  # treebeard's cached parent is from before a move or copy
        self.catalogue_id = parent.pk if parent is not None else None
        self.is_listed = self.meets_listed_rule()

    def listing_scope(self):
        """The version scope of this page's catalogue: its parent's path."""
        return self.path[: -Page.steplen] if self.path else None

    def derive_fields(self):
        super().derive_fields()  # after the others: the search text holds the 索引号, the rule the 发布日期
        new_search_text = search_text_for(*(getattr(self, name) for name in self.substring_search_fields))
        self._search_text_changed = new_search_text != self.search_text
        self.search_text = new_search_text
        self.set_listing_columns()
        # A draft that was not listed and is not listed now changes no public list: editors' draft
        # saves then leave the catalogue's cached pages alone. (Asked of the database, not of this
        # instance, which may be stale.)
        listed_before = self.__dict__.pop("_stored_is_listed", None)  # known to a writer that has just written the row
        if listed_before is None:
            listed_before = not self._state.adding and type(self).objects.filter(pk=self.pk, is_listed=True).exists()
        self._listing_unaffected = not (listed_before or self.is_listed)

    def after_save(self, update_fields, created):
        super().after_save(update_fields, created)
        if update_fields is None:
            if self.__dict__.pop("_search_text_changed", True) or created:
                index_page_grams(self, *(getattr(self, name) for name in self.substring_search_fields), created=created)
            else:
                update_gram_listing(self)
            # Once the grams are written too (post_save, which also invalidates, comes before them, and
            # Wagtail publishes and unpublishes outside a transaction).
            if not self.__dict__.pop("_listing_unaffected", False):
                bump(self.listing_scope())
        elif set(update_fields) & self.LISTING_INPUTS:
            refresh_listing_columns(self)
            bump(self.listing_scope())

    def with_content_json(self, content):
        # Derived from the tree and the live state, which are the database's (save() recomputes them).
        obj = super().with_content_json(content)
        obj.catalogue_id, obj.is_listed = self.catalogue_id, self.is_listed
        return obj


class CatalogueSearchGram(models.Model):
    """One two-character gram of a catalogue entry's title, 发文字号 or 索引号.

    Wagtail's database search backend indexes a run of Han characters as one token, so it cannot
    find 信息公开 inside 关于政府信息公开工作的通知. Every substring of two or more characters
    contains at least one of these grams, so they find candidates through an index; the candidates
    are then checked against the full text (see ``rules.text_search``).

    ``catalogue_id``, ``publish_date`` and ``is_listed`` are copies of the entry's (see
    ``ListedPageMixin``): with them, the partial index answers a two-character search
    of one catalogue, its count and its newest-first page, without touching the entries.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=2)
    catalogue_id = models.IntegerField(null=True, editable=False)
    publish_date = models.DateField(null=True, editable=False)
    is_listed = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gram", "page"], name="wagtail_disclosure_gram_unique"),
        ]
        indexes = [
            models.Index(
                fields=["gram", "catalogue_id", "-publish_date", "-page"],
                condition=models.Q(is_listed=True),
                name="wd_gram_listing",
            ),
        ]

    def __str__(self):
        return self.gram


class CatalogueListingVersion(models.Model):
    """The version of what a catalogue lists, part of the key of its cached responses.

    ``scope`` is a catalogue page's tree path (its entries changed) or "" (something every catalogue
    shows changed: taxonomies, organisations, settings, other pages). ``token`` is replaced by a new
    random value in the same transaction as the change, so a cached response is found only while
    nothing it shows has changed, in every process; a rolled-back change leaves a token that is never
    used again. See ``wagtail_disclosure.listing_cache``.
    """

    scope = models.CharField(max_length=255, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.scope or '*'}: {self.token}"


# --- versions --------------------------------------------------------------------------------------


def current_versions(scope):
    """(global version, version of ``scope``), in one indexed query."""
    rows = dict(CatalogueListingVersion.objects.filter(scope__in=[GLOBAL_SCOPE, scope]).values_list("scope", "token"))
    return rows.get(GLOBAL_SCOPE, ""), rows.get(scope, "")


def bump(*scopes):
    """Give ``scopes`` new versions, in the current transaction (one statement)."""
    scopes = sorted({scope for scope in scopes if scope is not None})
    if not scopes:
        return
    deferred = _deferred_scopes.get()
    if deferred is not None:
        deferred.update(scopes)
        return
    CatalogueListingVersion.objects.bulk_create(
        [CatalogueListingVersion(scope=scope, token=uuid.uuid4().hex) for scope in scopes],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token"],
    )


@contextlib.contextmanager
def bumps_deferred():
    """Collect the bumps of the block and make them once at its end, for writers that save many pages
    in one transaction (the importer's batches): a version per save is one statement per save.

    Enter it inside the transaction: the versions must change in the same transaction as the pages.
    """
    token = _deferred_scopes.set(set())
    try:
        yield
        scopes = _deferred_scopes.get()
    finally:
        _deferred_scopes.reset(token)
    bump(*scopes)


def bump_all():
    """Invalidate every catalogue (after writing pages or classifications around the ORM)."""
    bump(GLOBAL_SCOPE)


# --- search grams ----------------------------------------------------------------------------------


def _gram_listing_values(page):
    """The page's listing columns that its grams copy."""
    return {"catalogue_id": page.catalogue_id, "publish_date": page.publish_date, "is_listed": page.is_listed}


# Pages whose grams ``grams_deferred()`` writes at its end: page id → (page, its grams); None: at once.
_deferred_grams = contextvars.ContextVar("wagtail_disclosure_deferred_grams", default=None)


@contextlib.contextmanager
def grams_deferred():
    """Write the grams of the pages created in the block once, at its end, with the listing columns the pages have
    then: one statement for a writer that creates (and publishes) many pages in one transaction (an import's
    batch), where each save would write them and update them again. Enter it inside the transaction."""
    pending = {}
    token = _deferred_grams.set(pending)
    try:
        yield
        insert_rows(
            CatalogueSearchGram, ("page", "gram", "catalogue_id", "publish_date", "is_listed"),
            ((page.pk, gram, page.catalogue_id, page.publish_date, page.is_listed) for page, wanted in pending.values() for gram in wanted),
        )  # fmt: skip
    finally:
        _deferred_grams.reset(token)


def index_page_grams(page, *values, created=False):
    """Write the page's grams of ``values``; ``created``: the page has just been inserted, so it has none yet."""
    wanted = set()
    for value in values:
        wanted |= grams(value)
    deferred = _deferred_grams.get()
    if deferred is not None and (created or page.pk in deferred):
        deferred[page.pk] = (page, wanted)
        return
    listing = _gram_listing_values(page)
    if created:
        CatalogueSearchGram.objects.bulk_create(CatalogueSearchGram(page_id=page.pk, gram=gram, **listing) for gram in wanted)
        return
    with transaction.atomic():
        CatalogueSearchGram.objects.filter(page_id=page.pk).delete()
        CatalogueSearchGram.objects.bulk_create(CatalogueSearchGram(page_id=page.pk, gram=gram, **listing) for gram in wanted)


def update_gram_listing(page):
    """Copy the page's listing columns onto its grams (only the rows that differ are written)."""
    deferred = _deferred_grams.get()
    if deferred is not None and page.pk in deferred:
        deferred[page.pk] = (page, deferred[page.pk][1])  # written at the end, with the columns it has then
        return
    listing = _gram_listing_values(page)
    differs = Q()
    for name, value in listing.items():
        differs |= ~Q(**{name: value})
    CatalogueSearchGram.objects.filter(differs, page_id=page.pk).update(**listing)


def gram_rows(gram, catalogue_id=None):
    """The rows of ``gram``; with ``catalogue_id``, only those of the pages that catalogue lists."""
    rows = CatalogueSearchGram.objects.filter(gram=gram)
    if catalogue_id is not None:
        rows = rows.filter(catalogue_id=catalogue_id, is_listed=True)
    return rows


def filter_by_substring(queryset, query, catalogue_id=None):
    """Pages whose title, 发文字号 or 索引号 contains ``query`` (after normalisation).

    ``catalogue_id``: the pages are a catalogue's listed pages, so the gram lookups can use the
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


# --- derived columns written around save() ---------------------------------------------------------


def refresh_listing_columns(page):
    """Recompute a listed page's columns from the database, and its grams' copies.

    For saves that bypass the page type's ``save()``: a base ``Page`` instance saved by a move, or
    unpublished by a script or by scheduled expiry. Does nothing for other pages.
    """
    model = page.specific_class
    if model is None or not issubclass(model, ListedPageMixin):
        return
    entry = model.objects.filter(pk=page.pk).first()
    if entry is None:
        return
    entry.set_listing_columns()
    model.objects.filter(pk=entry.pk).update(catalogue_id=entry.catalogue_id, is_listed=entry.is_listed)
    update_gram_listing(entry)


def rebuild_listing_columns(entry_model, only_missing=False):
    """Recompute every page's listing columns and their grams' copies.

    For data written around ``save()`` (bulk loads with ``COPY``, raw SQL); ``only_missing``: only
    pages that have never been computed (``catalogue_id`` is NULL). Call ``bump_all()``
    afterwards. Needs PostgreSQL or SQLite ≥ 3.33 (``UPDATE … FROM``).
    """
    qn = connection.ops.quote_name
    entry, page, gram = qn(entry_model._meta.db_table), qn(Page._meta.db_table), qn(CatalogueSearchGram._meta.db_table)
    pk = qn(entry_model._meta.pk.column)
    entries = entry_model.objects.all()
    if only_missing:
        entries = entries.filter(catalogue_id__isnull=True)
    missing = f"AND {entry}.catalogue_id IS NULL" if only_missing else ""
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    if only_missing:
        stale = f"{gram}.catalogue_id IS NULL"
    else:
        stale = " OR ".join(f"{gram}.{column} {differs} e.{column}" for column in ("catalogue_id", "publish_date", "is_listed"))
    with transaction.atomic():
        # The listed rule through the ORM (the rule is stated once); the parent through SQL, which
        # the ORM cannot write from a joined table.
        entries.filter(entry_model.listed_q()).exclude(is_listed=True).update(is_listed=True)
        entries.exclude(entry_model.listed_q()).exclude(is_listed=False).update(is_listed=False)
        with connection.cursor() as cursor:
            # Table and column names come from the models, values are parameters.
            cursor.execute(
                f"""
                UPDATE {entry} SET catalogue_id = parent.id
                FROM {page} child, {page} parent
                WHERE child.id = {entry}.{pk} AND parent.path = substr(child.path, 1, length(child.path) - %s) {missing}
                """,  # noqa: S608
                [Page.steplen],
            )
            cursor.execute(
                f"""
                UPDATE {gram} SET catalogue_id = e.catalogue_id, publish_date = e.publish_date, is_listed = e.is_listed
                FROM {entry} e
                WHERE e.{pk} = {gram}.page_id AND ({stale})
                """  # noqa: S608
            )
