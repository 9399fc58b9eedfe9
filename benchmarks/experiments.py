"""What-if measurements behind the recommendations in README.md, on an existing benchmark database.

    # a server that outlives the run, then the data, then the experiments:
    export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres
    python benchmarks/catalogue.py --skip-allocation
    python benchmarks/experiments.py

Each variant changes this process (monkeypatches and settings; the plugin's files are not
touched): the list without its derived columns, every request a cache miss, cache hits. Every
variant is timed against the bare page, requests interleaved, as in ``catalogue.py``.
"""

import argparse
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

parser = argparse.ArgumentParser()
parser.add_argument("--database", default="disclosure_bench")
parser.add_argument("--requests", type=int, default=60)
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--profile", metavar="URL", action="append", default=[], help="after all variants: SQL/Python split of URL")
parser.add_argument("--no-timing", action="store_true", help="apply the variants without timing them (with --profile)")
parser.add_argument("--cprofile", action="store_true", help="with --profile: also the top functions by own time")
ARGS = parser.parse_args()
os.environ["PGDATABASE"] = ARGS.database

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.TEMPLATES[0]["DIRS"] = [HERE / "templates"]
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402

from wagtail_disclosure.models import CatalogueIndexPage, Topic  # noqa: E402

# The candidate changes measured here earlier (cached filter choices and one-pass <select>s, no
# per-character loop, deferred columns, the denormalised listing, the cached response) are now the
# plugin's own (see README.md, "Findings"); what is left are the what-ifs that show what each
# remaining part is worth.


def cache_off():
    settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = None


def cache_on():
    settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = "default"


ORIGINAL_LISTING = CatalogueIndexPage.listing


def listing_without_derived_columns(self, form):
    """The list as it was before the derived columns: counted and paged through public_entries()."""
    return form.apply(self.public_entries().defer(*self.listing_deferred_fields))


def use_listing_without_derived_columns():
    cache_off()
    CatalogueIndexPage.listing = listing_without_derived_columns


def restore_listing():
    CatalogueIndexPage.listing = ORIGINAL_LISTING


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
    variants = [
        ("0 cache off, no derived columns", use_listing_without_derived_columns),
        ("1 cache off (every request a miss)", lambda: (restore_listing(), cache_off())),
        ("2 cache on (hits)", cache_on),
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
