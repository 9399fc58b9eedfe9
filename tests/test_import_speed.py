"""What a published import costs per row, and that the audit log it writes in batches is Wagtail's own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry

from wagtail_disclosure.models import ReviewRecord
from wagtail_disclosure.services.reviews import LEGACY_MIGRATION_LOG_ACTION

from .test_import import entries, run, write_csv
from .test_import_batches import rows

# A batch's rows are written together (``models.batch_writes``, ``reviews.publish_first_revisions``): one statement per
# table for the batch, not per row (37 per published row before, 101 and 85 before that). What still grows with the
# rows is the database's parameter limit splitting a statement (SQLite: 999 parameters).
STATEMENTS_PER_PUBLISHED_ROW = 1
# A whole import of one batch of 4 rows: the check, the run, the batch's statements and the catalogue's bookkeeping
# (about 75, depending on which process-wide caches — content types, the working-day calendar — are warm).
STATEMENTS_PER_IMPORT_OF_ONE_BATCH = 100


@pytest.fixture
def site(catalogue, organisation, classifications):
    return catalogue


def import_published(tmp_path, count):
    path = write_csv(tmp_path / f"entries{count}.csv", rows(count))
    with CaptureQueriesContext(connection) as queries:
        _out, _err, error = run(path, "--publish", "--reason", "原系统已公开", "--batch-size", "50")
    assert error is None
    return len(queries)


@pytest.mark.django_db
def test_queries_per_published_row(site, tmp_path):
    # The difference between two imports leaves out what a run costs once (the check, the batches).
    few, more = import_published(tmp_path, 4), import_published(tmp_path, 14)
    assert (more - few) / 10 <= STATEMENTS_PER_PUBLISHED_ROW
    assert few <= STATEMENTS_PER_IMPORT_OF_ONE_BATCH
    assert entries().filter(live=True).count() == 18


@pytest.mark.django_db
def test_the_batch_audit_log_is_the_one_wagtail_writes(site, tmp_path):
    import_published(tmp_path, 3)
    for entry in entries():
        logs = PageLogEntry.objects.filter(page=entry).order_by("pk")
        assert [log.action for log in logs] == ["wagtail.create", "wagtail.edit", LEGACY_MIGRATION_LOG_ACTION, "wagtail.publish"]
        create, edit, legacy, publish = logs
        revision = entry.live_revision
        assert create.revision is None and edit.revision == legacy.revision == publish.revision == revision
        assert all(log.content_changed for log in (create, edit, publish)) and not legacy.content_changed
        assert {log.label for log in logs} == {entry.title}
        assert legacy.data == {"record": ReviewRecord.objects.get(page_pk=entry.pk).sequence, "reason": "原系统已公开", "source": "entries3.csv"}
        assert publish.data == {} and create.timestamp <= edit.timestamp <= legacy.timestamp <= publish.timestamp
