"""What-if measurements behind the recommendations in README.md, on an existing benchmark database.

    # a server that outlives the run, then the data, then the experiments:
    export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres
    python benchmarks/catalogue.py --skip-allocation
    python benchmarks/experiments.py

Each variant adds one candidate change to the previous ones, by monkeypatching this process (the
plugin's files are not touched) or, for the denormalised listing, by adding columns, a table and
indexes to the benchmark database (``x_`` names; re-running rebuilds them). Every variant is timed
against the bare page, requests interleaved, as in ``catalogue.py``.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DISCLOSURE_TEST_DB"] = "postgres"

parser = argparse.ArgumentParser()
parser.add_argument("--database", default="disclosure_bench")
parser.add_argument("--requests", type=int, default=60)
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--profile", metavar="URL", action="append", default=[], help="after all variants: SQL/Python split of URL")
parser.add_argument("--no-timing", action="store_true", help="apply the variants without timing them (with --profile)")
parser.add_argument("--cprofile", action="store_true", help="with --profile: also the top functions by own time")
ARGS = parser.parse_args()
os.environ["PGDATABASE"] = ARGS.database

# A copy of the catalogue template whose index-number cell is printed plainly (variant 3).
GENERATED = Path(tempfile.mkdtemp(prefix="disclosure-experiments-"))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.TEMPLATES[0]["DIRS"] = [HERE / "templates", GENERATED]
django.setup()

from django import forms  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.forms.utils import flatatt  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.html import format_html, format_html_join  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402
from wagtail.models import Page  # noqa: E402

from wagtail_disclosure import search  # noqa: E402
from wagtail_disclosure.forms import CatalogueFilterForm  # noqa: E402
from wagtail_disclosure.models import CatalogueIndexPage, Genre, Organisation, Topic, Validity  # noqa: E402

ENTRY = "wagtail_disclosure_catalogueentrypage"
GRAM = "wagtail_disclosure_cataloguesearchgram"


# --- 1. live entries always have a 发布日期: say so, and the index skips the NULLs of drafts ----------

ORIGINAL_PUBLIC_ENTRIES = CatalogueIndexPage.public_entries


def public_entries_not_null(self):
    return ORIGINAL_PUBLIC_ENTRIES(self).filter(publish_date__isnull=False)


# --- 2. filter form: cached choices, <select> written in one pass ---------------------------------


class DirectSelect(forms.Select):
    """A <select> rendered with one format_html_join instead of one template per <option>."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) == selected else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


_CHOICES = {}


def cached_classifications():
    # In the plugin: invalidated by post_save/post_delete of Topic, Genre and Organisation.
    if not _CHOICES:
        topics = list(Topic.objects.order_by("sort_order", "name"))
        by_pk = {topic.pk: topic for topic in topics}
        for topic in topics:
            topic._state.fields_cache["parent"] = by_pk.get(topic.parent_id)
        _CHOICES.update(
            topics=topics,
            topics_by_pk=by_pk,
            genres=list(Genre.objects.all()),
            organisations=list(Organisation.objects.all()),
        )
    return _CHOICES


def _lookup(objects_by_pk, field):
    def to_python(value):
        if value in field.empty_values:
            return None
        try:
            return objects_by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

    return to_python


def fast_form_init(self, *args, **kwargs):
    forms.Form.__init__(self, *args, **kwargs)
    cached = cached_classifications()
    self._topics = cached["topics"]
    genres = {g.pk: g for g in cached["genres"]}
    organisations = {o.pk: o for o in cached["organisations"]}
    choices = {
        "topic": [("", self.fields["topic"].empty_label)] + [(t.pk, self._indented(t)) for t in self._tree_order()],
        "genre": [("", self.fields["genre"].empty_label)] + [(g.pk, g.name) for g in cached["genres"]],
        "org": [("", self.fields["org"].empty_label)] + [(o.pk, o.name) for o in cached["organisations"]],
    }
    for name, objects in (("topic", cached["topics_by_pk"]), ("genre", genres), ("org", organisations)):
        field = self.fields[name]
        field.widget = DirectSelect(attrs=field.widget.attrs)
        field.choices = choices[name]
        field.to_python = _lookup(objects, field)
    this_year = time.localtime().tm_year
    self.fields["year"].widget = DirectSelect()
    self.fields["year"].choices = [("", "All years")] + [(y, str(y)) for y in range(this_year, 2007, -1)]
    self.fields["validity"].widget = DirectSelect()
    self.fields["validity"].choices = [("", "All")] + list(Validity.choices)


# --- 3. index number: one filter instead of a {% for char %} loop per row ------------------------


def write_plain_index_number_template():
    from django.template.loader import get_template

    source = Path(get_template("wagtail_disclosure/catalogue_index_page.html").origin.name).read_text()
    loop = '{% for char in entry.index_number %}{{ char }}{% if char == "/" %}<wbr>{% endif %}{% endfor %}'
    plain = "{{ entry.index_number }}"
    target = GENERATED / "experiments" / "catalogue_index_page.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.replace(loop, plain))
    return loop in source


def plain_template(self, request, *args, **kwargs):
    return "experiments/catalogue_index_page.html"


# --- 4. do not load columns the list does not show -------------------------------------------------


def public_entries_deferred(self):
    return public_entries_not_null(self).defer("body", "internal_notes", "search_text", "non_disclosure_reason")


# --- 5. denormalised listing: counts and pages from one index each --------------------------------


def build_denormalised_schema():
    """x_listed/x_catalogue_id on entries, and a gram table with the listing columns."""
    statements = [
        f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS x_listed, DROP COLUMN IF EXISTS x_catalogue_id",
        f"ALTER TABLE {ENTRY} ADD COLUMN x_listed boolean NOT NULL DEFAULT false, ADD COLUMN x_catalogue_id integer",
        f"""UPDATE {ENTRY} e SET x_listed = (p.live AND e.disclosure_attribute = 'public' AND e.publish_date IS NOT NULL),
               x_catalogue_id = parent.id
            FROM wagtailcore_page p, wagtailcore_page parent
            WHERE p.id = e.page_ptr_id AND parent.path = substr(p.path, 1, length(p.path) - 4)""",
        f"CREATE INDEX x_entry_listing ON {ENTRY} (x_catalogue_id, publish_date DESC, page_ptr_id DESC) WHERE x_listed",
        "DROP TABLE IF EXISTS x_gram",
        f"""CREATE TABLE x_gram AS
            SELECT g.gram, g.page_id, e.x_catalogue_id AS catalogue_id, e.publish_date, e.x_listed AS listed
            FROM {GRAM} g JOIN {ENTRY} e ON e.page_ptr_id = g.page_id""",
        "CREATE INDEX x_gram_listing ON x_gram (gram, catalogue_id, publish_date DESC, page_id DESC) WHERE listed",
        f"VACUUM ANALYZE {ENTRY}",
        "VACUUM ANALYZE x_gram",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class IdListing:
    """A Paginator object list: the count and the ids of a page from one index, then 20 entries by pk."""

    def __init__(self, base, count_sql, ids_sql, params):
        self.base, self.count_sql, self.ids_sql, self.params = base, count_sql, ids_sql, params

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, self.params)
            return cursor.fetchone()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        with connection.cursor() as cursor:
            cursor.execute(self.ids_sql + " LIMIT %s OFFSET %s", [*self.params, window.stop - window.start, window.start])
            ids = [row[0] for row in cursor.fetchall()]
        found = self.base.filter(pk__in=ids).in_bulk()
        return [found[pk] for pk in ids if pk in found]


ORIGINAL_PAGINATE = CatalogueIndexPage.paginate


def denormalised_paginate(self, request, entries):
    used = {name for name, value in request.GET.items() if value and name != "page"}
    needle = search.normalize(request.GET.get("q", ""))
    base = public_entries_deferred(self)
    listing = None
    if not used:
        listing = IdListing(
            base,
            f"SELECT COUNT(*) FROM {ENTRY} WHERE x_catalogue_id = %s AND x_listed",
            f"SELECT page_ptr_id FROM {ENTRY} WHERE x_catalogue_id = %s AND x_listed ORDER BY publish_date DESC, page_ptr_id DESC",
            [self.pk],
        )
    elif used == {"q"} and len(needle) == 2:
        # A two-character query is exactly one gram: the gram index answers it alone.
        listing = IdListing(
            base,
            "SELECT COUNT(*) FROM x_gram WHERE gram = %s AND catalogue_id = %s AND listed",
            "SELECT page_id FROM x_gram WHERE gram = %s AND catalogue_id = %s AND listed ORDER BY publish_date DESC, page_id DESC",
            [needle, self.pk],
        )
    if listing is None:
        return ORIGINAL_PAGINATE(self, request, entries)
    paginator = Paginator(listing, self.entries_per_page)
    return paginator.get_page(request.GET.get("page"))


# --- 6. cache the rendered catalogue page per query string ------------------------------------------

ORIGINAL_INDEX = CatalogueIndexPage.index


def cached_index(self, request, *args, **kwargs):
    # In the plugin the key would also hold a catalogue version bumped on publish, unpublish,
    # delete and move of an entry and on taxonomy changes, so a hit is never stale.
    from django.core.cache import cache
    from django.http import HttpResponse
    from django.utils import translation

    key = f"wd-catalogue:{self.pk}:{translation.get_language()}:{request.get_full_path()}"
    content = cache.get(key)
    if content is None:
        response = ORIGINAL_INDEX(self, request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()
        content = response.content
        cache.set(key, content, 300)
    return HttpResponse(content)


def use_cached_index():
    from wagtail.contrib.routable_page.models import path

    CatalogueIndexPage.index = path("")(cached_index)
    if "_routablepage_urlresolver" in CatalogueIndexPage.__dict__:
        del CatalogueIndexPage._routablepage_urlresolver  # routes are collected once per class


# --- the run -----------------------------------------------------------------------------------


def measure(client, urls):
    for url in urls.values():
        for _ in range(ARGS.warmup):
            assert client.get(url).status_code == 200, url
    samples = {name: [] for name in urls}
    names = list(urls)
    for i in range(ARGS.requests):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            client.get(urls[name])
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}, {name: min(values) for name, values in samples.items()}


def main():
    catalogue = CatalogueIndexPage.objects.get(slug="xxgk")
    bare = Page.objects.get(slug="bare")
    topic = Topic.objects.get(name="科技、教育", parent=None)
    urls = {
        "bare": bare.url,
        "list topic+year": f"{catalogue.url}?topic={topic.pk}&year=2024",
        "list, no filters": catalogue.url,
        "q=通知": f"{catalogue.url}?q=通知",
        "q=关于": f"{catalogue.url}?q=关于",
        "q=教育": f"{catalogue.url}?q=教育",
        "q=殡葬": f"{catalogue.url}?q=殡葬",
    }
    had_loop = write_plain_index_number_template()
    variants = [
        ("0 as is", lambda: None),
        ("1 + publish_date IS NOT NULL", lambda: setattr(CatalogueIndexPage, "public_entries", public_entries_not_null)),
        ("2 + cached choices, direct <select>", lambda: setattr(CatalogueFilterForm, "__init__", fast_form_init)),
        ("3 + no per-character loop" if had_loop else "3 (no loop in template)", lambda: setattr(CatalogueIndexPage, "get_template", plain_template)),
        ("4 + defer body etc.", lambda: setattr(CatalogueIndexPage, "public_entries", public_entries_deferred)),
        ("5 + denormalised listing", lambda: (build_denormalised_schema(), setattr(CatalogueIndexPage, "paginate", denormalised_paginate))),
        ("6 + cached rendered page (hits)", use_cached_index),
    ]
    if ARGS.profile:
        variants = variants[:-1]  # profile the uncached request
    client = Client()
    rows = []
    for label, apply in variants:
        started = time.perf_counter()
        apply()
        setup = time.perf_counter() - started
        if ARGS.no_timing:
            continue
        counts = {}
        for name, url in urls.items():
            client.get(url)  # fills caches first
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            counts[name] = len(ctx.captured_queries)
        medians, minima = measure(client, urls)
        rows.append((label, medians, minima, counts))
        note = f" (setup {setup:.0f} s)" if setup > 1 else ""
        print(f"{label}{note}: " + ", ".join(f"{name} {ms:.1f} ms/{counts[name]}q" for name, ms in medians.items()), flush=True)

    names = [name for name in urls if name != "bare"]
    for title, column in (("Median", 1), ("Fastest (least disturbed by other load)", 2)):
        print(f"\n{title} request time as a multiple of the bare page (bare page ms in the first column), queries in brackets")
        print(f"{'variant':<38} {'bare':>7} " + " ".join(f"{name:>17}" for name in names))
        for row in rows:
            label, times, counts = row[0], row[column], row[3]
            cells = " ".join(f"{times[name] / times['bare']:>11.2f}× ({counts[name]:>2})" for name in names)
            print(f"{label:<38} {times['bare']:>6.1f}  {cells}")
    print(f"load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs")
    for url in ARGS.profile:
        profile(client, url)


def profile(client, url):
    timings = []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings[-1].append((time.perf_counter() - start) * 1000)

    totals = []
    for _ in range(ARGS.requests):
        timings.append([])
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            client.get(url)
            totals.append((time.perf_counter() - start) * 1000)
    total, sql = statistics.median(totals), statistics.median(sum(t) for t in timings)
    print(f"{url}: median {total:.2f} ms = SQL {sql:.2f} ms ({len(timings[-1])} queries) + Python {total - sql:.2f} ms")
    if ARGS.cprofile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
