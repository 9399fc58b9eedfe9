"""索引号 allocation under real concurrency: several OS processes, each with its own connection.

Only meaningful on PostgreSQL (SQLite serialises every writer), so it is skipped elsewhere:

    bash .ci/with-postgres.sh env DISCLOSURE_TEST_DB=postgres python -m pytest -q tests/test_index_numbers_concurrency.py

The test commits its catalogues (``transaction=True``), then starts worker processes running this
module (``python -m tests.test_index_numbers_concurrency``) against the same test database. Each
worker loads its objects, says it is ready and waits for a start file, so that all of them create
their entries at the same moment. Entries are created the way the admin does it,
``catalogue.add_child(instance=CatalogueEntryPage(...))``, and get their number from ``save()``.

Two rounds, with the same worker processes (starting Django is the slow part):

1. all workers add to one catalogue. treebeard locks the parent row in ``add_child``, so the
   creations queue up behind each other, as they do in production;
2. each worker adds to its own catalogue of the same site, with the same organisation and year:
   nothing but the allocator keeps the serials apart.
"""

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

PROCESSES = 4
ENTRIES_PER_PROCESS = 25
WRITTEN_DATE = datetime.date(2024, 6, 3)
REPO_ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90  # seconds, for any one wait

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL: writers in separate processes cannot overlap on {connection.vendor} "
        "(run with DISCLOSURE_TEST_DB=postgres, e.g. through .ci/with-postgres.sh)",
    ),
]


def _worker_env():
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DISCLOSURE_TEST_DB="postgres",
        PGDATABASE=db["NAME"],  # the test database, not the configured one
        PGHOST=str(db["HOST"] or ""),
        PGPORT=str(db["PORT"] or ""),
        PGUSER=str(db["USER"] or ""),
        PGPASSWORD=str(db["PASSWORD"] or ""),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
    )
    return env


def _wait_for(paths, workers):
    deadline = time.monotonic() + TIMEOUT
    while not all(path.exists() for path in paths):
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"a worker exited early ({worker.returncode}):\n{worker.communicate()[1]}")
        if time.monotonic() > deadline:
            pytest.fail(f"the workers were not ready within {TIMEOUT} s")
        time.sleep(0.01)


def _run_workers(tmp_path, rounds):
    """``rounds``: per round, one job per worker. Returns the reports, per round, per worker."""
    env = _worker_env()
    workers = []
    for index in range(PROCESSES):
        jobs = [dict(job_round[index], entry_slug=f"r{r}-p{index}") for r, job_round in enumerate(rounds)]
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.test_index_numbers_concurrency", str(tmp_path), str(index), json.dumps(jobs)],
                cwd=REPO_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    try:
        for r in range(len(rounds)):
            _wait_for([tmp_path / f"ready-{r}-{i}" for i in range(PROCESSES)], workers)
            (tmp_path / f"go-{r}").touch()
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=TIMEOUT)
            assert worker.returncode == 0, f"worker failed:\n{err}"
            reports.append(json.loads(out.strip().splitlines()[-1]))
        return [[report[r] for report in reports] for r in range(len(rounds))]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()


def _assert_distinct_and_gapless(reports, organisation):
    from wagtail_disclosure.models import CatalogueEntryPage, IndexNumberSequence, IssuedIndexNumber
    from wagtail_disclosure.rules import index_numbers as rules

    # The workers overlapped (each issued its first number before any went on): each started before any other finished.
    assert max(r["started"] for r in reports) < min(r["finished"] for r in reports)

    expected = PROCESSES * ENTRIES_PER_PROCESS
    numbers = [number for report in reports for number in report["numbers"]]
    assert len(numbers) == expected
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    assert not duplicates, f"index numbers issued twice: {duplicates}"

    key = f"{organisation.code}/{WRITTEN_DATE.year}-*"
    parsed = [rules.parse(rules.DEFAULT_SCHEME, number) for number in numbers]
    assert all(parsed), numbers
    assert {k for k, _serial in parsed} == {key}
    assert sorted(serial for _k, serial in parsed) == list(range(1, expected + 1)), "serials have gaps or repeats"

    # What the workers were given is what the database holds.
    stored = CatalogueEntryPage.objects.filter(organisation=organisation).values_list("index_number", flat=True)
    assert sorted(stored) == sorted(numbers)
    issued = IssuedIndexNumber.objects.filter(number__startswith=f"{organisation.code}/")
    assert sorted(issued.values_list("number", flat=True)) == sorted(numbers)
    assert not issued.filter(page__isnull=True).exists()
    assert IndexNumberSequence.objects.get(key=key).last_serial == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_processes_get_distinct_gapless_index_numbers(tmp_path, classifications):
    from .utils import ORG_CODE, USCC, make_catalogue, make_organisation, make_site

    topic, genre, _audience = classifications
    home = make_site()
    shared = make_catalogue(home)
    own = [make_catalogue(home, slug=f"xxgk-{i}", title=f"政府信息公开目录{i}") for i in range(PROCESSES)]
    first_org = make_organisation(name="某县人民政府办公室", code=ORG_CODE)
    second_org = make_organisation(name="某县教育局", code=USCC)

    def job(catalogue, organisation):
        return {"catalogue": catalogue.pk, "organisation": organisation.pk, "topic": topic.pk, "genre": genre.pk}

    one_catalogue, separate_catalogues = _run_workers(
        tmp_path,
        [
            [job(shared, first_org) for _ in range(PROCESSES)],
            [job(catalogue, second_org) for catalogue in own],
        ],
    )
    _assert_distinct_and_gapless(one_catalogue, first_org)
    _assert_distinct_and_gapless(separate_catalogues, second_org)


# --- the worker process ---------------------------------------------------------------------


def _worker(directory, index, jobs):
    import django

    django.setup()
    from django.db import connections

    from wagtail_disclosure.models import (
        CatalogueEntryPage,
        CatalogueIndexPage,
        Genre,
        Organisation,
        Topic,
    )

    reports = []
    for r, job in enumerate(jobs):
        catalogue = CatalogueIndexPage.objects.get(pk=job["catalogue"])
        organisation = Organisation.objects.get(pk=job["organisation"])
        topic = Topic.objects.get(pk=job["topic"])
        genre = Genre.objects.get(pk=job["genre"])
        (directory / f"ready-{r}-{index}").touch()
        _await_files([directory / f"go-{r}"])
        started = time.monotonic()  # one clock for every process on the machine, never set back
        numbers = []
        for i in range(ENTRIES_PER_PROCESS):
            entry = CatalogueEntryPage(
                title=f"关于做好第{index}-{i}批政府信息公开工作的通知",
                slug=f"{job['entry_slug']}-{i}",
                organisation=organisation,
                topic=topic,
                genre=genre,
                written_date=WRITTEN_DATE,
                live=True,
            )
            catalogue.add_child(instance=entry)
            numbers.append(entry.index_number)
            if i == 0:
                # Every worker has issued a number before any goes on: they overlap by construction, not
                # because the scheduler happened to run them together (a busy machine may not).
                (directory / f"first-{r}-{index}").touch()
                _await_files([directory / f"first-{r}-{other}" for other in range(PROCESSES)])
        reports.append({"numbers": numbers, "started": started, "finished": time.monotonic()})
    connections.close_all()
    print(json.dumps(reports), flush=True)
    os._exit(0)  # skip tearing down a full Django in every worker: it only costs time


def _await_files(paths):
    deadline = time.monotonic() + TIMEOUT
    while not all(path.exists() for path in paths):
        if time.monotonic() > deadline:
            raise SystemExit(f"no signal within {TIMEOUT} s: {[str(path) for path in paths if not path.exists()]}")
        time.sleep(0.002)


if __name__ == "__main__":
    _worker(Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]))
