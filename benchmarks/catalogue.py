"""Catalogue benchmarks on PostgreSQL: list page, two-character search and 索引号 allocation.

    bash .ci/with-postgres.sh /tmp/venv311/bin/python benchmarks/catalogue.py

Creates (drops and re-creates) the database ``disclosure_bench`` on the server named by
PGHOST/PGPORT/PGUSER, migrates it, generates the data and prints the figures. See README.md.
"""

import argparse
import datetime
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DISCLOSURE_TEST_DB"] = "postgres"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="disclosure_bench", help="database to (re)create (default: %(default)s)")
    parser.add_argument("--small", type=int, default=1_000, help="entries of the first measurement (default: %(default)s)")
    parser.add_argument("--entries", type=int, default=100_000, help="entries of the main measurement (default: %(default)s)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per URL (default: %(default)s)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per URL first (default: %(default)s)")
    parser.add_argument("--processes", type=int, default=8, help="allocation: processes (default: %(default)s)")
    parser.add_argument("--per-process", type=int, default=250, help="allocation: entries per process (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=1, help="allocation: rounds of (plain, numbered) runs (default: %(default)s)")
    parser.add_argument("--skip-allocation", action="store_true", help="skip the 索引号 allocation benchmark")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest query of every request")
    parser.add_argument(
        "--site-layout",
        action="store_true",
        help="render with the demo site's templates (example_site/templates: header, menus) instead of the plugin's own base template",
    )
    return parser.parse_args()


ARGS = parse_args()
os.environ["PGDATABASE"] = ARGS.database


from pgsetup import recreate_database  # noqa: E402

recreate_database(ARGS.database)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

# The bare page is a plain wagtailcore Page; its template (benchmarks/templates/wagtailcore/page.html)
# extends the same base template as the catalogue, so both pay for the same site layout.
# By default the demo site's template overrides (example_site/templates) are left out, so that the
# figures are the plugin's own: the catalogue and the bare page both use the plugin's base template.
settings.TEMPLATES[0]["DIRS"] = [HERE / "templates", *(settings.TEMPLATES[0]["DIRS"] if ARGS.site_layout else [])]
# The catalogue's response cache (listing_cache) is measured both ways: hits through the locmem
# "default" cache, misses through a cache that never finds anything (the full path: version query,
# lookup, rendering, store).
MISS_CACHE = "disclosure-bench-miss"
settings.CACHES = {**settings.CACHES, MISS_CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
HIT_CACHE = "default"
django.setup()

import random  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import datagen  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail_disclosure.models import CatalogueEntryPage, listing  # noqa: E402
from wagtail_disclosure.models.listing import rebuild_listing_columns  # noqa: E402
from wagtail_disclosure.services.reviews import append_record  # noqa: E402

RESULTS = []  # (section, measure, value, goal, passed or None)
MISSES = []  # (label, url) of requests that missed a goal, explained at the end


def record(section, measure, value, goal="", passed=None):
    RESULTS.append((section, measure, value, goal, passed))
    status = "" if passed is None else ("PASS" if passed else "MISS")
    print(f"  {measure:<72} {value:>22}  {goal:<14} {status}", flush=True)


# --- requests ---------------------------------------------------------------------------------


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return response


def time_requests(client, urls, n, warmup):
    """Median milliseconds per URL, requests interleaved so that drift hits every URL alike."""
    for url in urls.values():
        for _ in range(warmup):
            get(client, url)
    samples = {name: [] for name in urls}
    names = list(urls)
    for i in range(n):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            get(client, urls[name])
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def capture(client, url):
    with CaptureQueriesContext(connection) as ctx:
        get(client, url)
    return ctx.captured_queries


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def slowest_query(client, url):
    # Captured times are rounded to the millisecond: time each query again, precisely.
    timed = []
    for query in capture(client, url):
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            timed.append(((time.perf_counter() - start) * 1000, sql))
    return max(timed) if timed else (0, "")


# --- the run ----------------------------------------------------------------------------------


def main():
    print(f"Database {connection.settings_dict['NAME']} on {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print(f"PostgreSQL {cursor.fetchone()[0]}; Python {sys.version.split()[0]}; Django {django.get_version()}")
    print(f"{os.cpu_count()} CPUs, {load_average()}")

    rng = random.Random(8)
    bare, catalogue, organisations, leaves, genres, audiences = datagen.build_site(rng)
    publish_reviewed(catalogue)
    generator = datagen.CatalogueGenerator(catalogue, organisations, leaves, genres, audiences)

    from wagtail_disclosure.models import Topic

    topic = Topic.objects.get(name="科技、教育", parent=None)
    year = 2024
    client = Client()
    bare_url = bare.url
    list_url = f"{catalogue.url}?{urlencode({'topic': topic.pk, 'year': year})}"
    words = {"common": "通知", "very common": "关于", "medium": "教育", "rare": "殡葬"}
    search_urls = {f"search {kind} “{word}”": f"{catalogue.url}?{urlencode({'q': word})}" for kind, word in words.items()}
    extra_urls = {
        "list, no filters": catalogue.url,
        "list, topic+year, page 3": f"{list_url}&page=3",
        "list, no filters, page 2000": f"{catalogue.url}?page=2000",
    }

    sizes = {}
    for size in (ARGS.small, ARGS.entries):
        section = f"{size:,} entries"
        print(f"\n== {section}", flush=True)
        start = time.perf_counter()
        remaining = size - sum(sizes.values())
        while remaining > 0:
            chunk = min(remaining, 25_000)
            generator.generate(chunk)
            remaining -= chunk
        sizes[size] = size - sum(sizes.values())
        generated = time.perf_counter() - start
        # COPY goes around save(): derive the listing columns and invalidate the cached catalogue,
        # as any bulk load must.
        start = time.perf_counter()
        rebuild_listing_columns(CatalogueEntryPage, only_missing=True)
        listing.bump_all()
        derived = time.perf_counter() - start
        start = time.perf_counter()
        datagen.analyze()
        print(f"  generated in {generated:.1f} s, listing columns {derived:.1f} s, VACUUM ANALYZE {time.perf_counter() - start:.1f} s")
        for name, rows, total in datagen.table_sizes():
            print(f"    {name:<42} {rows:>10,} rows {total:>10}")
        print(f"  timing requests; {load_average()}", flush=True)
        measure_requests(section, client, bare_url, list_url, search_urls, extra_urls, size == ARGS.entries)

    if not ARGS.skip_allocation:
        print("\n== 索引号 allocation", flush=True)
        measure_allocation(catalogue, organisations[1][0], leaves[0][0], next(iter(genres.values())))

    print_table()
    settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = MISS_CACHE  # explain what a miss does
    for label, url in MISSES:
        milliseconds, sql = slowest_query(client, url)
        print(f"\n-- Slowest query of “{label}” ({url}): {milliseconds:.1f} ms\n{sql}\n\n{explain(sql)}")
    if ARGS.explain:
        for label, url in [("list", list_url), *search_urls.items(), *extra_urls.items()]:
            milliseconds, sql = slowest_query(client, url)
            print(f"\n-- Slowest query of “{label}” ({url}): {milliseconds:.1f} ms\n{sql}\n\n{explain(sql)}")


QUERY_COUNTS = {}
MODES = {"cache hit": HIT_CACHE, "cache miss": MISS_CACHE}


def measure_requests(section, client, bare_url, list_url, search_urls, extra_urls, main_size):
    from wagtail_disclosure.models import CatalogueEntryPage

    counted = {"list (topic + year)": list_url, **search_urls}
    matches = {}
    for label in search_urls:
        word = label.split("“")[1].rstrip("”")
        matches[label] = CatalogueEntryPage.objects.filter(live=True, disclosure_attribute="public", search_text__contains=word).count()
    for mode, alias in MODES.items():
        settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = alias
        for label, url in counted.items():
            get(client, url)  # a hit needs a stored response
            queries = capture(client, url)
            QUERY_COUNTS.setdefault((label, mode), {})[section] = len(queries)

        urls = {"bare": bare_url, "list (topic + year)": list_url, **search_urls}
        if main_size:
            urls.update(extra_urls)
        medians = time_requests(client, urls, ARGS.requests, ARGS.warmup)
        bare = medians["bare"]
        record(section, f"bare Wagtail page (plain Page), median ({mode} run)", f"{bare:.2f} ms")
        for label in urls:
            if label == "bare":
                continue
            ratio = medians[label] / bare
            goal, passed = "", None
            # The goals hold for hits and for misses (issue 12: every filter combination a crawler
            # follows is a miss, and every publication empties the cache).
            if main_size and label == "list (topic + year)":
                goal, passed = "≤ 2×", ratio <= 2
            elif main_size and label in search_urls:
                goal, passed = ("≤ 3×", ratio <= 3) if mode == "cache miss" else ("≤ 5×", ratio <= 5)
            extra = f" [{matches[label]:,} hits]" if label in matches else ""
            record(section, f"{label}{extra}, {mode}, median / bare", f"{medians[label]:.2f} ms = {ratio:.2f}×", goal, passed)
            if passed is False and mode == "cache miss":
                MISSES.append((f"{label}, {mode}", urls[label]))
        for label in counted:
            counts = QUERY_COUNTS[(label, mode)]
            if main_size:
                values = list(counts.values())
                record(
                    section,
                    f"{label}, {mode}: SQL queries at " + " / ".join(counts),
                    " / ".join(str(v) for v in values),
                    "identical",
                    len(set(values)) == 1,
                )
            else:
                record(section, f"{label}, {mode}: SQL queries", str(counts[section]))
    settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = HIT_CACHE


def publish_reviewed(page):
    """Publish a page the publication gate demoted to a draft, as content carried over (历史数据迁移)."""
    from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind

    page.refresh_from_db()
    if page.live:
        return
    revision = page.save_revision()
    append_record(
        page, revision=revision, kind=RecordKind.LEGACY_MIGRATION, conclusion=Conclusion.APPROVE,
        reviewer_name="benchmark", reason="基准测试数据", source="benchmarks/catalogue.py",
    )  # fmt: skip
    revision.publish()
    page.refresh_from_db()


# --- 索引号 allocation ------------------------------------------------------------------------


def _allocation_worker(proc, count, numbered, run, ids, barrier, queue):
    from wagtail_disclosure.models import (
        CatalogueEntryPage,
        CatalogueIndexPage,
        Genre,
        Organisation,
        Topic,
    )

    try:
        catalogue = CatalogueIndexPage.objects.get(pk=ids["catalogue"])
        organisation = Organisation.objects.get(pk=ids["organisation"])
        topic = Topic.objects.get(pk=ids["topic"])
        genre = Genre.objects.get(pk=ids["genre"])
        written = ids["written"]
        barrier.wait()
        start = time.perf_counter()
        for i in range(count):
            entry = CatalogueEntryPage(
                title=f"关于做好{ids['year']}年第{proc}批第{i}号政府信息公开工作的通知",
                slug=f"alloc-{run}-{proc}-{i}",
                organisation=organisation,
                topic=topic,
                genre=genre,
                written_date=written,
                publish_date=written,
                live=True,
            )
            if not numbered:
                entry.index_number = f"BENCH/{run}/{proc}/{i}"  # pre-set: save() allocates nothing
            catalogue.add_child(instance=entry)
        queue.put((proc, start, time.perf_counter(), None))
    except Exception as error:  # reported by the parent
        queue.put((proc, 0, 0, repr(error)))
    finally:
        connections.close_all()


def allocation_run(run, numbered, ids):
    from wagtail_disclosure.models import CatalogueEntryPage

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(ARGS.processes, timeout=120)
    queue = context.Queue()
    connections.close_all()  # children must open their own connections
    processes = [
        context.Process(target=_allocation_worker, args=(proc, ARGS.per_process, numbered, run, ids, barrier, queue))
        for proc in range(ARGS.processes)
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=900) for _ in processes]
    for process in processes:
        process.join()
    errors = [error for _proc, _start, _end, error in results if error]
    if errors:
        raise SystemExit("Allocation worker failed: " + "; ".join(errors))
    elapsed = max(end for _p, _s, end, _e in results) - min(start for _p, start, _e2, _e in results)
    numbers = list(CatalogueEntryPage.objects.filter(slug__startswith=f"alloc-{run}-").values_list("index_number", flat=True))
    return elapsed, numbers


def measure_allocation(catalogue, organisation, topic, genre):
    from wagtail_disclosure.models import CatalogueEntryPage, IndexNumberSequence
    from wagtail_disclosure.rules import index_numbers as rules

    section = "索引号 allocation"
    written = datetime.date.today() - datetime.timedelta(days=30)
    year = written.year
    ids = {"catalogue": catalogue.pk, "organisation": organisation.pk, "topic": topic.pk, "genre": genre.pk, "year": year, "written": written}
    key = rules.sequence_key(rules.DEFAULT_SCHEME, rules.IndexNumberParts(organisation.code, year, 1, 1))
    expected = ARGS.processes * ARGS.per_process
    plain_times, numbered_times, duplicates, gaps = [], [], 0, 0
    for round_number in range(ARGS.rounds):
        # Alternate the order, so that neither kind always runs on the bigger tables.
        for numbered in (False, True) if round_number % 2 == 0 else (True, False):
            run = f"{round_number}{'n' if numbered else 'p'}"
            before = IndexNumberSequence.objects.filter(key=key).values_list("last_serial", flat=True).first() or 0
            elapsed, numbers = allocation_run(run, numbered, ids)
            if len(numbers) != expected:
                raise SystemExit(f"run {run}: {len(numbers)} entries created, expected {expected}")
            kind = "numbered" if numbered else "pre-set numbers"
            print(f"  run {run}: {expected} entries ({kind}) in {elapsed:.1f} s = {elapsed / expected * 1000:.1f} ms/entry", flush=True)
            (numbered_times if numbered else plain_times).append(elapsed)
            if numbered:
                duplicates += len(numbers) - len(set(numbers))
                serials = sorted(rules.parse(rules.DEFAULT_SCHEME, number)[1] for number in numbers)
                if serials != list(range(before + 1, before + expected + 1)):
                    gaps += 1
    with connection.cursor() as cursor:
        table = CatalogueEntryPage._meta.db_table
        cursor.execute(f"SELECT COUNT(*) - COUNT(DISTINCT index_number) FROM {table}")
        all_duplicates = cursor.fetchone()[0]
    record(section, f"{ARGS.processes} processes × {ARGS.per_process} entries: duplicate 索引号", str(duplicates), "0", duplicates == 0)
    record(section, "duplicate 索引号 in the whole catalogue", str(all_duplicates), "0", all_duplicates == 0)
    record(section, "numbered runs whose serials are not exactly before+1..before+N", str(gaps), "0", gaps == 0)
    plain, numbered = statistics.median(plain_times), statistics.median(numbered_times)
    record(section, "time, pre-set numbers (no allocation)", f"{plain:.1f} s")
    record(section, "time, numbered / pre-set", f"{numbered:.1f} s = {numbered / plain:.2f}×", "≤ 2×", numbered / plain <= 2)


def load_average():
    # Other work on the machine shows in the medians: keep it in the record.
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def print_table():
    print("\n" + "=" * 132)
    print(f"{'Section':<20} {'Measure':<74} {'Value':>22}  {'Goal':<10} Result")
    print("-" * 132)
    for section, measure, value, goal, passed in RESULTS:
        status = "" if passed is None else ("PASS" if passed else "MISS")
        print(f"{section:<20} {measure:<74} {value:>22}  {goal:<10} {status}")
    print("=" * 132)
    goals = [passed for *_rest, passed in RESULTS if passed is not None]
    print(f"{sum(goals)} of {len(goals)} goals met. {load_average()} on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
