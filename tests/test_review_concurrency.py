"""Two reviewers recording the same level at once on SQLite: a clear message, never a 500, nothing half-written.

SQLite lets one connection write at a time. A reviewer's request reads first (the task state, the
ledger) and writes later; when another connection is writing at that moment, SQLite answers
"database is locked" — immediately when the other writer is committing, after the busy timeout
otherwise. The test reproduces it with real processes on a database file: the scenario is built in
the test database, copied to a file, and a worker process (``python -m tests.review_worker``)
posts the review through the admin's modal while another connection holds the write lock, as a
second reviewer's request does while it records its decision.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import TaskState
from wagtail.users.models import UserProfile

from wagtail_disclosure.services.reviews import DATABASE_BUSY_MESSAGE

from .test_review_task import action_url, review, review_data, submit  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90  # seconds

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database-level write lock")


def _copy_test_database(path):
    """The test database (in memory) as a file that other processes can open."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _post_review_in_worker(db_file, user, url, data, *, hold_write_lock=False):
    """Post the review in another process; with ``hold_write_lock``, while another connection is writing."""
    ready, go = db_file.with_suffix(".ready"), db_file.with_suffix(".go")
    ready.unlink(missing_ok=True)
    go.unlink(missing_ok=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DISCLOSURE_TEST_SQLITE_FILE=str(db_file))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    job = json.dumps({"user": user.pk, "url": url, "data": data, "ready": str(ready), "go": str(go)})
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.review_worker", job], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    other_reviewer = sqlite3.connect(db_file, isolation_level=None, timeout=TIMEOUT)
    try:
        deadline = time.monotonic() + TIMEOUT
        while not ready.exists():
            assert worker.poll() is None, worker.communicate()[1]
            assert time.monotonic() < deadline, "the worker was not ready in time"
            time.sleep(0.01)
        if hold_write_lock:
            other_reviewer.execute("BEGIN IMMEDIATE")  # another request is writing its decision
        go.touch()
        out, err = worker.communicate(timeout=TIMEOUT)
    finally:
        if other_reviewer.in_transaction:
            other_reviewer.execute("ROLLBACK")
        other_reviewer.close()
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    assert worker.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def _rows(db_file, sql, *params):
    with sqlite3.connect(db_file) as reader:
        return reader.execute(sql, params).fetchall()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_review_recorded_while_another_writer_holds_the_database_is_refused_with_a_message(review, tmp_path):
    entry, state = submit(review)
    data = review_data(state)
    url = action_url(entry, "approve", state)
    db_file = tmp_path / "review.sqlite3"
    profile = UserProfile.get_for_user(review.reviewer1)
    profile.preferred_language = "en"  # the worker reports the message in its English source
    profile.save()
    _copy_test_database(db_file)

    outcome = _post_review_in_worker(db_file, review.reviewer1, url, data, hold_write_lock=True)

    assert outcome["status"] == 200, outcome
    with translation.override("en"):
        assert outcome["messages"] == [str(DATABASE_BUSY_MESSAGE)], outcome
    # Nothing half-written: no record, no audit-log entry, the level still in progress.
    assert _rows(db_file, "SELECT count(*) FROM wagtail_disclosure_reviewrecord WHERE kind = 'review'") == [(0,)]
    assert _rows(db_file, "SELECT count(*) FROM wagtailcore_pagelogentry WHERE action = 'wagtail_disclosure.review'") == [(0,)]
    assert _rows(db_file, "SELECT status FROM wagtailcore_taskstate WHERE id = ?", state.pk) == [(TaskState.STATUS_IN_PROGRESS,)]

    # Trying again once the other reviewer is done records the review.
    outcome = _post_review_in_worker(db_file, review.reviewer1, url, data)
    assert outcome["status"] == 200 and outcome["messages"] == [], outcome
    assert _rows(db_file, "SELECT level_name, reviewer_id FROM wagtail_disclosure_reviewrecord WHERE kind = 'review'") == [("初审", review.reviewer1.pk)]
    assert _rows(db_file, "SELECT status FROM wagtailcore_taskstate WHERE id = ?", state.pk) == [(TaskState.STATUS_APPROVED,)]

