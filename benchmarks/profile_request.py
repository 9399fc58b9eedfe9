"""Where a request's time goes: SQL (per query) against Python, on an existing benchmark database.

    PGHOST=… PGPORT=… /tmp/venv311/bin/python benchmarks/profile_request.py /xxgk/?q=通知 [--miss] [--explain] [--cprofile]

Run it after ``catalogue.py`` against a PostgreSQL server that outlives the run (PGHOST/PGPORT
set, so ``.ci/with-postgres.sh`` does not start a throwaway one); ``--database`` names the data.
"""

import argparse
import cProfile
import os
import pstats
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
parser.add_argument("urls", nargs="+")
parser.add_argument("--database", default="disclosure_bench")
parser.add_argument("--requests", type=int, default=30)
parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every SELECT of the request")
parser.add_argument("--cprofile", action="store_true", help="print the top functions by cumulative time")
parser.add_argument("--miss", action="store_true", help="every request a miss of the catalogue's response cache (as catalogue.py's miss run)")
parser.add_argument("--site-layout", action="store_true", help="keep the demo site's templates (example_site/templates)")
args = parser.parse_args()
os.environ["PGDATABASE"] = args.database

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.TEMPLATES[0]["DIRS"] = [HERE / "templates", *(settings.TEMPLATES[0]["DIRS"] if args.site_layout else [])]
if args.miss:
    settings.CACHES = {**settings.CACHES, "disclosure-bench-miss": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = "disclosure-bench-miss"
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


class QueryTimer:
    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - start) * 1000, sql, params))


def main():
    client = Client()
    for url in args.urls:
        for _ in range(5):
            client.get(url)
        totals, sql_totals, per_query = [], [], None
        for _ in range(args.requests):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                start = time.perf_counter()
                response = client.get(url)
                totals.append((time.perf_counter() - start) * 1000)
            sql_totals.append(sum(ms for ms, _sql, _params in timer.queries))
            if per_query is None:
                per_query = [[] for _ in timer.queries]
            for slot, (ms, _sql, _params) in zip(per_query, timer.queries, strict=False):
                slot.append(ms)
        print(f"\n{url}  → {response.status_code}, {len(response.content):,} bytes")
        total, sql = statistics.median(totals), statistics.median(sql_totals)
        print(f"  median request {total:.2f} ms: SQL {sql:.2f} ms ({len(timer.queries)} queries), Python {total - sql:.2f} ms")
        for index, ((_ms, sql_text, _params), samples) in enumerate(zip(timer.queries, per_query, strict=False)):
            print(f"  {index + 1:>2}. {statistics.median(samples):7.2f} ms  {sql_text[:150]!s}")
        if args.explain:
            for _ms, sql_text, params in timer.queries:
                if not sql_text.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, params)
                    print("\n" + sql_text[:300] + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
        if args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(10):
                client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


main()
