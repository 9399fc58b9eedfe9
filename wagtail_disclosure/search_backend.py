"""A Wagtail search backend for Chinese: Wagtail's database backend plus substring search by n-grams.

Wagtail's database backends (SQLite FTS5, PostgreSQL ``tsvector``) index a run of Han characters as one
token, so the admin's search boxes and choosers find an entry only by its complete title. This backend
is Wagtail's own database backend for the database in use (subclassed, so it keeps the index, the
full-text search of English words and everything else Wagtail's views rely on), with two additions:

* **Indexing**: whenever Wagtail indexes an object (its signal handlers, ``update_index``,
  the importer's batches), the backend also writes the two-character grams of the object's title-like
  fields to ``SubstringIndexEntry``/``SubstringIndexGram``: the model's ``substring_search_fields``
  (a catalogue entry: title, 发文字号, 索引号) or else its ``AutocompleteField``\\s (the title of a page
  of any type, of a document or an image). Removing an object from the index removes its grams.
* **Searching**: a query with anything other than Latin letters in it (Han characters, digits,
  punctuation: 安全生产, 某政办发〔2026〕32号, 2026-00006) finds every object in which each of its words
  occurs as a substring, after the folding of ``rules.text_search`` (width, case, brackets). Queries of
  Latin words only go to Wagtail's full-text search as before (stemming, relevance).

Settings::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail_disclosure.search_backend"}}

then ``manage.py update_index`` once, to index what exists. A larger site uses Wagtail's
Elasticsearch/OpenSearch backend with a CJK analyzer instead (README, "Admin search in Chinese").
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count, Q, Value
from modelsearch.backends import database
from modelsearch.backends.base import BaseSearchResults, get_model_root
from modelsearch.index import class_is_indexed
from modelsearch.query import Phrase, PlainText

from .models.rows import insert_rows
from .models.search_index import SubstringIndexEntry, SubstringIndexGram
from .rules.text_search import grams, normalize, search_text_for

# The candidates of a long word are narrowed by this many of its grams, then checked against the text.
GRAMS_PER_TERM = 4


def substring_values(obj):
    """The texts of ``obj`` the substring index holds."""
    names = getattr(obj, "substring_search_fields", None)
    if names is None:
        names = [field.field_name for field in type(obj).get_autocomplete_search_fields()]
    values = []
    for name in names:
        value = getattr(obj, name, None)
        if callable(value):
            value = value()
        if isinstance(value, str):
            values.append(value)
    return values


def _has_integer_pk(model):
    return isinstance(get_model_root(model)._meta.pk, models.AutoField | models.IntegerField)


def _root_content_type(model):
    return ContentType.objects.get_for_model(get_model_root(model))


def index_objects(model, objs):
    """Write the substring entries and grams of ``objs`` (instances of ``model``), replacing any."""
    if not _has_integer_pk(model):
        return
    objs = [obj for obj in objs if obj.pk is not None]
    if not objs:
        return
    content_type = _root_content_type(model)
    texts = {obj.pk: substring_values(obj) for obj in objs}
    with transaction.atomic():
        existing = SubstringIndexEntry.objects.filter(content_type=content_type, object_id__in=texts)
        unchanged = {(object_id, text) for object_id, text in existing.values_list("object_id", "text")}
        changed = {pk: values for pk, values in texts.items() if (pk, search_text_for(*values)) not in unchanged}
        if not changed:
            return
        existing.filter(object_id__in=changed).delete()
        entries = SubstringIndexEntry.objects.bulk_create(
            SubstringIndexEntry(content_type=content_type, object_id=pk, text=search_text_for(*values))
            for pk, values in changed.items()
        )
        if entries and entries[0].pk is None:  # a backend that does not return ids from bulk inserts
            entries = list(SubstringIndexEntry.objects.filter(content_type=content_type, object_id__in=changed))
        insert_rows(
            SubstringIndexGram, ("entry", "gram"),
            ((entry.pk, gram) for entry in entries for gram in set().union(*map(grams, changed[entry.object_id]))),
        )  # fmt: skip


def unindex_object(obj):
    if _has_integer_pk(type(obj)) and obj.pk is not None:
        SubstringIndexEntry.objects.filter(content_type=_root_content_type(type(obj)), object_id=obj.pk).delete()


# --- queries -----------------------------------------------------------------------------------------


def substring_terms(query):
    """The folded words of ``query`` and its operator, or None when the query is for full-text search.

    A query whose words are all Latin letters stays with Wagtail's full-text search (stemming, relevance);
    so do structured queries (``MATCH_ALL``, ``Not``, ``And``…).
    """
    operator = "and"
    if isinstance(query, PlainText):
        text, operator = query.query_string, query.operator
        words = text.split()
    elif isinstance(query, Phrase):
        words = [query.query_string]
    elif isinstance(query, str):
        words = query.split()
    else:
        return None
    terms = [term for term in map(normalize, words) if term]
    if not terms or all(term.isascii() and term.isalpha() for term in terms):
        return None
    return terms, operator


def term_filter(model, term):
    """``Q`` for the objects of ``model`` whose indexed text contains ``term`` (folded)."""
    entries = SubstringIndexEntry.objects.filter(content_type=_root_content_type(model))
    for gram in sorted(grams(term))[:GRAMS_PER_TERM]:
        entries = entries.filter(pk__in=SubstringIndexGram.objects.filter(gram=gram).values("entry_id"))
    # Exact: the grams only narrow the candidates (and a one-character word has none).
    entries = entries.filter(text__contains=term)
    return Q(pk__in=entries.values("object_id"))


class SubstringQuery:
    """What a query compiler is to Wagtail's results: the queryset and the query, compiled to a filter."""

    def __init__(self, queryset, terms, operator, order_by_relevance):
        self.queryset = queryset
        self.terms = terms
        self.operator = operator
        self.order_by_relevance = order_by_relevance

    def filtered(self):
        combined = None
        for term in self.terms:
            q = term_filter(self.queryset.model, term)
            if combined is None:
                combined = q
            else:
                combined = combined | q if self.operator == "or" else combined & q
        queryset = self.queryset.filter(combined)
        if self.order_by_relevance or not queryset.query.order_by:
            # No score to rank by: the newest first, a stable order across pages.
            queryset = queryset.order_by("-pk")
        return queryset


class SubstringSearchResults(BaseSearchResults):
    supports_facet = True

    def get_queryset(self):
        return self.query_compiler.filtered()

    def _do_search(self):
        queryset = self.get_queryset()[self.start : self.stop]
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if self._score_field:
            queryset = queryset.annotate(**{self._score_field: Value(None, output_field=models.FloatField())})
        return queryset

    def _do_count(self):
        return self.get_queryset()[self.start : self.stop].count()

    def facet(self, field_name):
        rows = self.get_queryset().order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return {row[field_name]: row["count"] for row in rows}


# --- the backend -------------------------------------------------------------------------------------


class SubstringIndexMixin:
    """Mixed into the database backend's index class: the substring index follows Wagtail's."""

    def add_items(self, model, items):
        super().add_items(model, items)
        index_objects(model, items)

    def delete_item(self, item):
        super().delete_item(item)
        unindex_object(item)

    def reset(self):
        super().reset()
        SubstringIndexEntry.objects.all().delete()


class ChineseSearchMixin:
    """Mixed into the database backend: substring search for queries that are not Latin words."""

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, **kwargs):
        results = self._substring_search(query, model_or_queryset, operator, order_by_relevance)
        if results is None:
            results = super().search(query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance, **kwargs)
        return results

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, **kwargs):
        results = self._substring_search(query, model_or_queryset, operator, order_by_relevance)
        if results is None:
            results = super().autocomplete(query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance, **kwargs)
        return results

    def _substring_search(self, query, model_or_queryset, operator, order_by_relevance):
        parsed = substring_terms(query)
        if isinstance(model_or_queryset, models.QuerySet):
            queryset = model_or_queryset
        else:
            queryset = model_or_queryset._default_manager.all()
        if parsed is None or not class_is_indexed(queryset.model) or not _has_integer_pk(queryset.model):
            return None  # Wagtail's own search (or its error for a model that is not indexed)
        terms, query_operator = parsed
        compiled = SubstringQuery(queryset, terms, operator or query_operator, order_by_relevance)
        return SubstringSearchResults(self, compiled)


_classes = {}


def _chinese_class(base, mixin):
    if (base, mixin) not in _classes:
        _classes[base, mixin] = type(f"Chinese{base.__name__}", (mixin, base), {})
    return _classes[base, mixin]


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """Wagtail's database backend for the database in use, with substring search for Chinese."""
    database_backend = database.SearchBackend(params)  # chooses the class for the database in use
    backend = _chinese_class(type(database_backend), ChineseSearchMixin)(params)
    backend.index_class = _chinese_class(backend.index_class, SubstringIndexMixin)
    return backend
