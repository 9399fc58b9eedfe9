"""Legacy catalogue import benchmark: ``disclosure_import_catalogue`` with a realistic 50,000-row CSV.

    .venv/bin/python benchmarks/import_catalogue.py                                  # SQLite only
    bash .ci/with-postgres.sh .venv/bin/python benchmarks/import_catalogue.py        # SQLite and PostgreSQL

Goal (issue "The gate's promise, hardened", item 8): 50,000 rows in ≤ 10 minutes with ≤ 500 MB peak
RSS on a 2-core machine, on SQLite and PostgreSQL, published and as drafts.

The CSV is generated once (``--rows``, default 50,000) from the county vocabulary of ``vocabulary.py``
and ``datagen.py``: Chinese titles from the title templates, 发文字号, 成文日期 and 发布日期, weighted
organisations, 主题分类 given as paths (科技、教育/教育), genres, service audiences, 主题词, 有效性 with
失效/废止日期, 公开属性 (6 % 依申请公开 or 不予公开 with a reason), a body of 2–8 paragraphs, and a
legacy 索引号 on about a third of the rows (the rest are issued by the site's scheme).

Each run (database × mode) is a process of its own, so that its peak RSS (``getrusage``) is the
import's: a fresh database (SQLite: a file in the temp directory, ``synchronous=OFF`` as the
PostgreSQL cluster of ``.ci/with-postgres.sh`` runs with ``fsync=off``; PostgreSQL: the database
``--database``, dropped and re-created), migrated, the county site of ``datagen.build_site``, then
the command, timed: ``--publish --reason …`` (every 主动公开 entry published with a 历史数据迁移
record) and without (drafts). Checked afterwards, so that nothing silently measures a no-op: the
number of entries, of live entries and of ledger records, no duplicate 索引号, Wagtail's search
index and the search grams filled. ``--profile`` writes a cProfile of the import next to the CSV and
prints its top functions.

Runs against PostgreSQL only when PGHOST/PGPORT are set (``.ci/with-postgres.sh`` sets them).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

GOAL_ROWS = 50_000
GOAL_SECONDS = 600
GOAL_RSS_MB = 500
HEADER = [
    "索引号", "标题", "内容概述", "成文日期", "发布日期", "发文机关", "发文字号", "主题分类", "体裁分类", "服务对象分类",
    "主题词", "有效性", "失效/废止日期", "公开属性", "不公开理由", "正文",
]  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the generated CSV (default: %(default)s)")
    parser.add_argument("--csv", help="use this CSV (generated when missing) instead of one in the temp directory")
    parser.add_argument("--databases", default="", help="sqlite,postgresql (default: both when PGHOST is set, else sqlite)")
    parser.add_argument("--modes", default="published,draft", help="published,draft,dry-run (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, help="passed to the command (default: the command's)")
    parser.add_argument("--database", default="disclosure_bench_import", help="PostgreSQL database to (re)create (default: %(default)s)")
    parser.add_argument("--profile", action="store_true", help="cProfile each import; print the top functions")
    parser.add_argument("--child", nargs=2, metavar=("DATABASE", "MODE"), help=argparse.SUPPRESS)
    return parser.parse_args()


# --- the CSV ----------------------------------------------------------------------------------------


def generate_csv(path, rows, seed=2026):
    """Realistic rows of a county's legacy catalogue, from the benchmark vocabulary (no database needed)."""
    import csv
    import datetime

    import vocabulary as vocab

    rng = random.Random(seed)
    today = datetime.date.today()
    years = list(range(2008, today.year + 1))
    year_weights = [1 + 0.12 * (year - 2008) for year in years]
    organisations = [(name, prefix) for name, prefix, _weight in vocab.ORGANISATIONS]
    org_weights = [weight for _name, _prefix, weight in vocab.ORGANISATIONS]
    leaves = [(f"{parent}/{child}", child) for parent, children in vocab.TOPICS.items() for child in children]
    leaves += [(parent, parent) for parent, children in vocab.TOPICS.items() if not children]
    document_serials, legacy_serials = {}, {}
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for _n in range(rows):
            (org, prefix), year = rng.choices(organisations, org_weights)[0], rng.choices(years, year_weights)[0]
            start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today - datetime.timedelta(days=3))
            written = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
            published = min(written + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 3, 5, 7, 10, 14, 21, 28, 45])), today)
            topic, leaf = rng.choice(leaves)
            subject = rng.choice(vocab.SUBJECTS[leaf])
            title = rng.choice(vocab.TITLE_TEMPLATES).format(
                org=org, year=year, year2=year + 2, subject=subject, place=rng.choice(vocab.PLACES), project=rng.choice(vocab.PROJECTS),
                n=rng.randint(1, 30), half=rng.choice(["上半年", "下半年", "第一季度", "第三季度"]),
            )  # fmt: skip
            genre = next((name for name in vocab.GENRES if title.endswith(name)), None) or rng.choice(vocab.GENRES)
            document_number = ""
            if rng.random() < 0.7:
                document_serials[(prefix, year)] = document_serials.get((prefix, year), 0) + 1
                document_number = f"{prefix}〔{year}〕{document_serials[(prefix, year)]}号"
            # A third of the rows carry the old system's 索引号 (kept as is, outside the site's scheme).
            index_number = ""
            if rng.random() < 0.33:
                legacy_serials[(prefix, year)] = legacy_serials.get((prefix, year), 0) + 1
                index_number = f"QS-{prefix}-{year}-{legacy_serials[(prefix, year)]:05d}"
            roll = rng.random()
            attribute, reason = ("主动公开", "") if roll < 0.94 else (("依申请公开", "条例第十六条：过程性信息") if roll < 0.98 else ("不予公开", "条例第十四条"))
            roll = rng.random()
            validity = "有效" if roll < 0.9 else ("失效" if roll < 0.97 else "废止")
            changed = "" if validity == "有效" else min(written + datetime.timedelta(days=730), today).isoformat()
            paragraph = f"各乡镇人民政府，县直有关单位：为深入贯彻落实{subject}有关决策部署，结合我县实际，现就有关事项通知如下。"
            writer.writerow([
                index_number, title, f"为进一步做好{subject}工作，{org}发布本文件，现予以公开。", written.strftime("%Y年%-m月%-d日"),
                published.isoformat(), org, document_number, topic, genre, rng.choice(vocab.AUDIENCES) if rng.random() < 0.5 else "",
                f"{subject} {genre}", validity, changed, attribute, reason, "\n".join([paragraph] * rng.randint(2, 8)),
            ])  # fmt: skip
    return path


# --- one run, in a process of its own ---------------------------------------------------------------


def child(database, mode, args):
    sqlite_path = os.path.join(tempfile.gettempdir(), "disclosure_bench_import.sqlite3")
    if database == "sqlite":
        os.environ.pop("DISCLOSURE_TEST_DB", None)
        import tests.settings as test_settings

        test_settings.DATABASES["default"]["NAME"] = sqlite_path
        test_settings.DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA synchronous=OFF"}
        for suffix in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(sqlite_path + suffix):
                os.unlink(sqlite_path + suffix)
    else:
        os.environ["DISCLOSURE_TEST_DB"] = "postgres"
        os.environ["PGDATABASE"] = args.database
        from pgsetup import recreate_database

        recreate_database(args.database)

    import django

    django.setup()

    import cProfile
    import io
    import pstats

    import datagen
    from django.core.management import call_command
    from django.db.models import Count
    from wagtail.search.models import IndexEntry

    from wagtail_disclosure.models import CatalogueEntryPage, CatalogueSearchGram, ReviewRecord

    call_command("migrate", verbosity=0)
    datagen.build_site(random.Random(7))
    command = [args.csv]
    if mode == "published":
        command += ["--publish", "--reason", "原系统中已公开（基准测试）"]
    elif mode == "dry-run":
        command += ["--dry-run"]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    profile = cProfile.Profile() if args.profile else None
    out = io.StringIO()
    started = time.perf_counter()
    if profile:
        profile.enable()
    call_command("disclosure_import_catalogue", *command, stdout=out, stderr=out)
    if profile:
        profile.disable()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "database": database,
        "mode": mode,
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu_before,
        "rss_before_mb": rss_before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "entries": CatalogueEntryPage.objects.count(),
        "live": CatalogueEntryPage.objects.filter(live=True).count(),
        "listed": CatalogueEntryPage.objects.filter(is_listed=True).count(),
        "ledger": ReviewRecord.objects.count(),
        "duplicate_index_numbers": CatalogueEntryPage.objects.values("index_number").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "search_index": IndexEntry.objects.filter(content_type__model="catalogueentrypage").count(),
        "grams": CatalogueSearchGram.objects.count(),
        "summary": out.getvalue().strip().splitlines()[-1:],
    }
    if profile:
        path = f"{args.csv}.{database}.{mode}.prof"
        profile.dump_stats(path)
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(45)
        report["profile"] = text.getvalue()
    print("RESULT " + json.dumps(report, ensure_ascii=False))


# --- the parent: generate, run each, print ---------------------------------------------------------


def main():
    args = parse_args()
    if args.child:
        return child(*args.child, args)
    databases = [name for name in args.databases.split(",") if name] or (["sqlite", "postgresql"] if os.environ.get("PGPORT") else ["sqlite"])
    csv_path = Path(args.csv or os.path.join(tempfile.gettempdir(), f"disclosure_bench_import_{args.rows}.csv"))
    if not csv_path.exists():
        started = time.perf_counter()
        generate_csv(csv_path, args.rows)
        print(f"Generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s: {csv_path} ({csv_path.stat().st_size / 2**20:.1f} MB)")
    print(f"CPUs: {os.cpu_count()}, load average: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    results = []
    for database in databases:
        for mode in [name for name in args.modes.split(",") if name]:
            command = [sys.executable, __file__, "--child", database, mode, "--csv", str(csv_path), "--database", args.database]
            command += ["--batch-size", str(args.batch_size)] if args.batch_size else []
            command += ["--profile"] if args.profile else []
            completed = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")]
            if completed.returncode or not lines:
                print(f"{database} {mode}: FAILED\n{completed.stdout[-3000:]}\n{completed.stderr[-5000:]}")
                continue
            result = json.loads(lines[-1][len("RESULT ") :])
            results.append(result)
            if "profile" in result:
                print(f"--- profile: {database} {mode}\n{result['profile']}")
            print(f"{database} {mode}: {result['seconds']:.0f} s (CPU of the importing process {result['cpu_seconds']:.0f} s), {result['summary']}", flush=True)
    print()
    print(f"{'database':<11}{'mode':<10}{'rows':>8}{'time':>9}{'rows/s':>8}{'CPU':>8}{'CPU/row':>9}{'peak RSS':>10}  checks")
    for r in results:
        rows = args.rows
        # The goal is for 50,000 rows: a smaller run is projected linearly (the import's cost per row does not grow with the file).
        projected = r["seconds"] * GOAL_ROWS / rows
        ok_time, ok_rss = projected <= GOAL_SECONDS, r["peak_rss_mb"] <= GOAL_RSS_MB
        checks = (
            f"entries {r['entries']:,}, live {r['live']:,}, listed {r['listed']:,}, ledger {r['ledger']:,}, "
            f"search index {r['search_index']:,}, grams {r['grams']:,}, duplicate 索引号 {r['duplicate_index_numbers']}"
        )
        print(
            f"{r['database']:<11}{r['mode']:<10}{rows:>8,}{r['seconds']:>8.0f}s{rows / r['seconds']:>8.0f}{r['cpu_seconds']:>7.1f}s"
            f"{r['cpu_seconds'] * 1000 / rows:>6.1f} ms"
            f"{r['peak_rss_mb']:>7.0f} MB"
            f"  {'PASS' if ok_time and ok_rss else 'MISS'} ({GOAL_ROWS:,} rows: {projected:.0f} s{'' if rows == GOAL_ROWS else ' projected'},"
            f" goal ≤ {GOAL_SECONDS} s, ≤ {GOAL_RSS_MB} MB; RSS before the import {r['rss_before_mb']:.0f} MB); {checks}"
        )


if __name__ == "__main__":
    main()
