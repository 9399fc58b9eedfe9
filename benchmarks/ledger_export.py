"""Review ledger (保密审查台账) benchmark on PostgreSQL: exporting 100,000 records, and verifying the chain.

    bash .ci/with-postgres.sh /tmp/venv311/bin/python benchmarks/ledger_export.py [--records 100000]

Drops and re-creates the database ``disclosure_bench_ledger`` (``--database``) on the server named by
PGHOST/PGPORT/PGUSER, migrates it and appends ``--records`` review records with a correct hash chain
(``bulk_create`` in batches: the ledger's queryset forbids update and delete, not bulk_create, and
``bulk_create`` bypasses ``ReviewRecord.save()``, so ``sequence``, ``previous_hash`` and the keyed
``record_hash`` are computed here, in order, with ``seal()``; no anchors are written).

Then each measurement runs in a fresh child process (``--measure``), so that its peak resident set
size (``ru_maxrss``) is its own and not the data generation's:

* XLSX and CSV export of the whole ledger through the real admin view (Django test ``Client``,
  superuser, full middleware): wall time, size, ``tracemalloc`` peak of Python allocations during
  the request (a second, traced request, since tracing slows Python down), and the growth of peak
  RSS during the (untraced) request, against the goal: peak ≤ 300 MB;
* the monthly summary (保密审查汇总表) export for one year, and the first page of the listing;
* ``disclosure_verify_ledger`` over all records.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DISCLOSURE_TEST_DB"] = "postgres"

GOAL_MB = 300
MEASUREMENTS = ["xlsx", "csv", "summary", "listing", "verify"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="disclosure_bench_ledger", help="database to (re)create (default: %(default)s)")
    parser.add_argument("--records", type=int, default=100_000, help="review records to generate (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=2_000, help="bulk_create batch size (default: %(default)s)")
    parser.add_argument("--measure", choices=MEASUREMENTS, help=argparse.SUPPRESS)  # internal: one measurement in a child process
    return parser.parse_args()


ARGS = parse_args()
os.environ["PGDATABASE"] = ARGS.database


from pgsetup import recreate_database  # noqa: E402

if not ARGS.measure:
    recreate_database(ARGS.database)

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import hashlib  # noqa: E402
import random  # noqa: E402
import uuid  # noqa: E402

import vocabulary as vocab  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from wagtail_disclosure.models import CatalogueEntryPage, ReviewRecord, verify_ledger  # noqa: E402
from wagtail_disclosure.models.ledger import GENESIS_HASH, ledger_key  # noqa: E402
from wagtail_disclosure.rules.confidentiality import Basis, Conclusion, Confirmation, RecordKind  # noqa: E402

MB = 1024 * 1024
SUPERUSER = "bench-admin"

# --- data -------------------------------------------------------------------------------------

OPINIONS = [
    "经审查，该信息不涉及国家秘密、商业秘密和个人隐私，同意公开。",
    "经审查，不涉及国家秘密，不危及国家安全、公共安全、经济安全和社会稳定，同意公开。",
    "附件中含有个人身份证号码和联系电话，删除后公开。",
    "该信息属于内部事务信息，依据条例第十六条不予公开。",
    "涉及{place}{project}的工程造价明细，属于商业秘密，需征求第三方意见后再定。",
    "不能确定是否涉密，报县保密局确定。",
    "经初审、复审，信息内容准确，表述规范，同意在政府网站公开。",
    "=1+1 （历史数据迁移时原表中的公式文本，按原样保存）",
]
REVIEWERS = [f"{surname}{given}" for surname in "王李张刘陈杨赵黄周吴" for given in ("伟", "芳", "敏", "静", "磊", "洋")]


def generate(count, batch_size):
    """Append ``count`` records with a correct hash chain; returns seconds spent."""
    rng = random.Random(2026)
    content_type_id = ContentType.objects.get_for_model(CatalogueEntryPage).pk
    organisations = [name for name, _prefix, _weight in vocab.ORGANISATIONS]
    weights = [weight for _name, _prefix, weight in vocab.ORGANISATIONS]
    subjects = [subject for values in vocab.SUBJECTS.values() for subject in values]
    conclusions = [Conclusion.APPROVE] * 85 + [Conclusion.APPROVE_AFTER_REDACTION] * 7 + [Conclusion.REJECT] * 5 + [Conclusion.REFER] * 3
    kinds = [RecordKind.REVIEW] * 95 + [RecordKind.EMERGENCY] * 2 + [RecordKind.LEGACY_MIGRATION] * 3
    start_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    step = datetime.timedelta(days=2 * 365) / count  # two years of reviews, in order
    previous_hash, started, key = GENESIS_HASH, time.perf_counter(), ledger_key()
    hashing = 0.0
    for first in range(1, count + 1, batch_size):
        batch = []
        for sequence in range(first, min(first + batch_size, count + 1)):
            organisation = rng.choices(organisations, weights)[0]
            year = 2023 + (sequence * 2 // count)
            title = rng.choice(vocab.TITLE_TEMPLATES).format(
                org=organisation, year=year, year2=year + 2, subject=rng.choice(subjects), place=rng.choice(vocab.PLACES),
                project=rng.choice(vocab.PROJECTS), n=rng.randint(1, 12), half=rng.choice(["上半年", "下半年"]),
            )
            conclusion, kind = rng.choice(conclusions), rng.choice(kinds)
            record = ReviewRecord(
                sequence=sequence,
                kind=kind,
                page_pk=rng.randint(1, 10 * count),
                page_title=title[:255],
                page_content_type_id=content_type_id,
                translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                locale_code="zh-hans",
                revision_pk=rng.randint(1, 50 * count),
                content_hash=hashlib.sha256(f"content-{sequence}".encode()).hexdigest(),
                index_number=f"{rng.randint(10**8, 10**9 - 1)}/{year}-{rng.randint(1, 99999):05d}",
                organisation_name=organisation,
                reviewer_id=None,
                reviewer_name=rng.choice(REVIEWERS),
                reviewed_at=start_at + step * sequence + datetime.timedelta(microseconds=rng.randint(0, 999_999)),
                level_name=rng.choice(["初审", "初审", "复审", "终审"]),
                conclusion=conclusion,
                basis=rng.sample(Basis.values, rng.randint(1, 3)),
                opinion=rng.choice(OPINIONS).format(place=rng.choice(vocab.PLACES), project=rng.choice(vocab.PROJECTS)),
                confirmations=list(Confirmation.values) if conclusion == Conclusion.APPROVE else [],
                acknowledged_findings=[],
                reason="防汛抢险紧急通知，先发布后补审。" if kind == RecordKind.EMERGENCY else "",
                source="legacy-ledger-2023.xlsx" if kind == RecordKind.LEGACY_MIGRATION else "",
            )
            hash_start = time.perf_counter()
            record.seal(previous_hash, key)
            previous_hash = record.record_hash
            hashing += time.perf_counter() - hash_start
            batch.append(record)
        with transaction.atomic():
            ReviewRecord.objects.bulk_create(batch)
    return time.perf_counter() - started, hashing


# --- measurements (each in a child process) ----------------------------------------------------


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def consume(response, path=None):
    """Read a (streaming) response to the end, as a browser download would; returns bytes read."""
    size = 0
    with open(path or os.devnull, "wb") as output:
        for chunk in response.streaming_content if response.streaming else [response.content]:
            size += len(chunk)
            output.write(chunk)
    if hasattr(response, "close"):
        response.close()
    return size


def request(client, url, path=None):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return consume(response, path)


def measure_request(client, url, warmup_url, check=None, suffix=".out"):
    request(client, warmup_url)  # imports, templates, caches
    rss_before = maxrss_mb()
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        path = handle.name
    start = time.perf_counter()
    size = request(client, url, path)
    seconds = time.perf_counter() - start
    rss_after = maxrss_mb()
    tracemalloc.start()
    traced_start = time.perf_counter()
    request(client, url)
    traced_seconds = time.perf_counter() - traced_start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "seconds": seconds,
        "bytes": size,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "tracemalloc_peak_mb": peak / MB,
        "traced_seconds": traced_seconds,
    }
    if check:
        result.update(check(path))
    os.unlink(path)
    return result


def check_xlsx(path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    sheet = workbook.active
    rows = sum(1 for _row in sheet.iter_rows(values_only=True))
    workbook.close()
    return {"rows": rows - 1}


def check_csv(path):
    with open(path, "rb") as handle:
        head = handle.read(3)
        handle.seek(0)
        lines = sum(1 for _line in handle)
    return {"bom": head == b"\xef\xbb\xbf", "rows": lines - 1}


def measure(what):
    # No setup_test_environment(): its instrumented template rendering (copies of every context for
    # the test client) would inflate the listing timings. "testserver" is in the demo ALLOWED_HOSTS.
    client = Client()
    client.force_login(get_user_model().objects.get(username=SUPERUSER))
    ledger = reverse("disclosure_ledger:index")
    summary = reverse("disclosure_ledger:summary")
    if what == "xlsx":
        return measure_request(client, f"{ledger}?export=xlsx", f"{ledger}?export=xlsx&reviewer=nobody", check_xlsx, ".xlsx")
    if what == "csv":
        return measure_request(client, f"{ledger}?export=csv", f"{ledger}?export=csv&reviewer=nobody", check_csv)
    if what == "summary":
        return measure_request(client, f"{summary}?year=2024&export=xlsx", f"{summary}?year=2024")
    if what == "listing":
        request(client, ledger)
        timings = {}
        for name, url in [("first page", ledger), ("page 1000", f"{ledger}?p=1000"), ("filtered", f"{ledger}?conclusion=reject&level_name=复审")]:
            samples = []
            for _ in range(15):
                start = time.perf_counter()
                request(client, url)
                samples.append((time.perf_counter() - start) * 1000)
            timings[name] = sorted(samples)[len(samples) // 2]
        return {"median_ms": timings}
    if what == "verify":
        rss_before = maxrss_mb()
        start = time.perf_counter()
        with open(os.devnull, "w") as devnull:
            call_command("disclosure_verify_ledger", stdout=devnull)
        seconds = time.perf_counter() - start
        rss_after = maxrss_mb()
        tracemalloc.start()
        problems = verify_ledger()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"seconds": seconds, "rss_before_mb": rss_before, "rss_after_mb": rss_after, "tracemalloc_peak_mb": peak / MB, "problems": len(problems)}
    raise ValueError(what)


def run_child(what):
    env = {**os.environ, "PGDATABASE": ARGS.database}
    completed = subprocess.run(
        [sys.executable, __file__, "--database", ARGS.database, "--measure", what], env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"measurement {what} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def line(measure_name, value, goal="", passed=None):
    status = "" if passed is None else ("PASS" if passed else "MISS")
    print(f"  {measure_name:<52} {value:>16}  {goal:<10} {status}", flush=True)


def main():
    print(f"Database {connection.settings_dict['NAME']} on {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"Migrated in {time.perf_counter() - start:.1f} s; PostgreSQL {version}; Python {sys.version.split()[0]}; Django {django.get_version()}")
    get_user_model().objects.create_superuser(SUPERUSER, "bench@example.com", "password")

    seconds, hashing = generate(ARGS.records, ARGS.batch)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {ReviewRecord._meta.db_table}")
    print(f"Generated {ReviewRecord.objects.count():,} records in {seconds:.1f} s (hashing {hashing:.1f} s), load average {os.getloadavg()[0]:.2f}")

    print(f"\nReview ledger, {ARGS.records:,} records (each measurement in a fresh process)")
    for fmt in ("xlsx", "csv"):
        result = run_child(fmt)
        line(f"{fmt.upper()} export: wall time", f"{result['seconds']:.1f} s")
        line(f"{fmt.upper()} export: size, data rows", f"{result['bytes'] / MB:.1f} MB, {result['rows']:,}", f"{ARGS.records:,}", result["rows"] == ARGS.records)
        if fmt == "csv":
            line("CSV export: starts with a UTF-8 BOM", str(result["bom"]), "True", result["bom"])
        line(f"{fmt.upper()} export: tracemalloc peak (Python allocations)", f"{result['tracemalloc_peak_mb']:.1f} MB", f"≤ {GOAL_MB} MB", result["tracemalloc_peak_mb"] <= GOAL_MB)
        line(
            f"{fmt.upper()} export: peak RSS growth (ru_maxrss delta)",
            f"{result['rss_after_mb'] - result['rss_before_mb']:.1f} MB",
            f"≤ {GOAL_MB} MB",
            result["rss_after_mb"] - result["rss_before_mb"] <= GOAL_MB,
        )
        line(f"{fmt.upper()} export: peak RSS of the whole process", f"{result['rss_after_mb']:.1f} MB", f"(info; {result['rss_before_mb']:.0f} MB before)")
        line(f"{fmt.upper()} export: wall time while traced", f"{result['traced_seconds']:.1f} s", "(info)")
    summary = run_child("summary")
    line("Monthly summary XLSX (one year): wall time", f"{summary['seconds'] * 1000:.0f} ms")
    line("Monthly summary XLSX: tracemalloc peak", f"{summary['tracemalloc_peak_mb']:.1f} MB", f"≤ {GOAL_MB} MB", summary["tracemalloc_peak_mb"] <= GOAL_MB)
    listing = run_child("listing")
    for name, milliseconds in listing["median_ms"].items():
        line(f"Listing, {name}: median", f"{milliseconds:.0f} ms", "(info)")
    verify = run_child("verify")
    line("disclosure_verify_ledger: wall time", f"{verify['seconds']:.1f} s")
    line("disclosure_verify_ledger: problems found", str(verify["problems"]), "0", verify["problems"] == 0)
    line("disclosure_verify_ledger: tracemalloc peak", f"{verify['tracemalloc_peak_mb']:.1f} MB", f"≤ {GOAL_MB} MB", verify["tracemalloc_peak_mb"] <= GOAL_MB)
    line("disclosure_verify_ledger: peak RSS growth", f"{verify['rss_after_mb'] - verify['rss_before_mb']:.1f} MB", "(info)")


if __name__ == "__main__":
    if ARGS.measure:
        print(json.dumps(measure(ARGS.measure)))
    else:
        main()
