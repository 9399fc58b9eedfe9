"""disclosure_import_catalogue under load: batches committed one by one, progress, resuming, other writers."""

import threading

import pytest
from django.db import DatabaseError, connection, connections
from django.utils import translation
from wagtail.models import Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from wagtail_disclosure.importers.catalogue import ImportOptions, import_catalogue
from wagtail_disclosure.models import ImportRun, Organisation, ReviewRecord

from .test_import import entries, record, run, write_csv
from .utils import ORG_CODE, make_entry


def rows(count):
    return [record(title=f"第{n}条") for n in range(1, count + 1)]


class FailOn:
    """A database failure while writing the entry titled ``title`` (the disk filling up, say): the database
    refuses the statement that inserts its page row."""

    def __init__(self, title):
        self.title = title

    def __call__(self, execute, sql, params, many, context):
        # PostgreSQL passes a multi-row insert's values as one array per column (UNNEST).
        values = [item for param in params or () for item in (param if isinstance(param, list | tuple) else [param])]
        if sql.startswith("INSERT INTO") and Page._meta.db_table in sql.split("(")[0] and self.title in values:
            raise DatabaseError("disk I/O error")
        return execute(sql, params, many, context)

    def __enter__(self):
        self.wrapper = connection.execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self.wrapper.__exit__(*exc)


@pytest.fixture
def site(catalogue, organisation, classifications):
    return catalogue


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_batch_is_committed_before_the_next_begins(site, tmp_path):
    seen = []

    def progress(message):
        # Called between batches: outside any transaction, with the batches so far in the database.
        seen.append((connection.in_atomic_block, entries().count(), ImportRun.objects.values_list("rows_done", flat=True).first()))

    with translation.override("en"):
        result = import_catalogue(write_csv(tmp_path / "entries.csv", rows(5)), ImportOptions(batch_size=2), progress=progress)
    assert result.created == 5
    assert seen == [(False, 0, None), (False, 2, 2), (False, 4, 4), (False, 5, 5)]
    run_record = ImportRun.objects.get()
    assert (run_record.status, run_record.rows_total, run_record.imported, run_record.last_line) == (ImportRun.Status.COMPLETED, 5, 5, 6)
    assert run_record.finished_at is not None and run_record.file_name == "entries.csv" and len(run_record.file_hash) == 64


@pytest.mark.django_db
class TestProgress:
    def test_progress_after_the_check_and_each_batch(self, site, tmp_path):
        out, _err, error = run(write_csv(tmp_path / "entries.csv", rows(5)), "--batch-size", "2")
        assert error is None
        lines = out.splitlines()
        assert lines[0].startswith("Checked 5 rows in ") and lines[0].endswith(": 5 can be imported, 0 have errors.")
        assert [line.split(",")[0] for line in lines[1:4]] == ["2 of 5 rows done (40%)", "4 of 5 rows done (80%)", "5 of 5 rows done (100%)"]
        assert "rows a second, about " in lines[1] and lines[3].endswith("about 0 s left.")
        assert "Imported: 5 (published: 0); skipped because of errors: 0; rows read: 5." in out

    def test_progress_while_checking_a_long_file(self, site, tmp_path):
        out, _err, error = run(write_csv(tmp_path / "entries.csv", rows(11)), "--batch-size", "1", "--dry-run")
        assert error is None
        assert out.splitlines()[0] == "Checking the file: 10 of 11 rows."

    def test_no_progress_with_verbosity_0(self, site, tmp_path):
        out, _err, _error = run(write_csv(tmp_path / "entries.csv", rows(3)), "--verbosity", "0")
        assert "rows done" not in out and "Checked" not in out


@pytest.mark.django_db
class TestCheckFirst:
    def test_a_bad_row_in_a_later_batch_stops_everything_before_writing(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [*rows(4), record(title="")])
        out, err, error = run(path, "--batch-size", "2")
        assert "Line 6: 标题: This field is required." in err
        assert "Nothing was imported" in error and "rows done" not in out
        assert not entries().exists() and not ImportRun.objects.exists()

    def test_skipped_rows_are_recorded_on_the_run(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [*rows(3), record(title=""), record(title="第5条")])
        _out, _err, error = run(path, "--batch-size", "2", "--skip-invalid")
        assert error is None
        run_record = ImportRun.objects.get()
        assert (run_record.imported, run_record.skipped, run_record.rows_done) == (4, 1, 5)
        assert run_record.errors == ["Line 5: 标题: This field is required."]

    def test_create_missing_plans_while_checking_and_creates_while_writing(self, site, tmp_path):
        header_rows = [record(genre="公告"), record(title="二", genre="公告"), record(title="三", genre="规划")]
        out, _err, error = run(write_csv(tmp_path / "entries.csv", header_rows), "--create-missing", "--batch-size", "1")
        assert error is None and "New genres: 2" in out
        assert sorted(entry.genre.name for entry in entries()) == ["公告", "公告", "规划"]


@pytest.mark.django_db
class TestResume:
    def interrupted(self, tmp_path, count=7, fail_on="第5条", *args):
        path = write_csv(tmp_path / "entries.csv", rows(count))
        with FailOn(fail_on):
            out, _err, error = run(path, "--batch-size", "2", *args)
        return path, out, error

    def test_failure_in_batch_3_leaves_batches_1_and_2(self, site, tmp_path):
        _path, out, error = self.interrupted(tmp_path)
        assert "The import stopped: disk I/O error. Its batch (lines 6–7) was rolled back; the 4 rows before it are imported." in error
        assert "run the command again with --resume to continue after line 5" in error
        assert "4 of 7 rows done" in out
        assert [entry.title for entry in entries()] == ["第1条", "第2条", "第3条", "第4条"]
        run_record = ImportRun.objects.get()
        assert (run_record.status, run_record.rows_done, run_record.last_line, run_record.imported) == (ImportRun.Status.INTERRUPTED, 4, 5, 4)
        assert "disk I/O error" in run_record.errors[-1]

    def test_resume_continues_without_duplicates(self, site, tmp_path):
        path, _out, _error = self.interrupted(tmp_path, 7, "第5条", "--publish", "--reason", "原系统已公开")
        out, _err, error = run(path, "--resume")
        assert error is None
        assert "Resumed the interrupted import after its first 4 rows" in out
        assert "Imported: 3 (published: 3); skipped because of errors: 0; rows read: 3." in out
        assert [entry.title for entry in entries()] == [f"第{n}条" for n in range(1, 8)]
        # The serials of the rolled-back batch were rolled back with it: no gap, no number twice.
        assert [entry.index_number for entry in entries()] == [f"{ORG_CODE}/2024-{n:05d}" for n in range(1, 8)]
        assert all(entry.live for entry in entries())
        assert ReviewRecord.objects.filter(page_pk__in=entries().values("pk")).count() == 7  # the --publish of the first run
        run_record = ImportRun.objects.get()
        assert (run_record.status, run_record.rows_done, run_record.imported, run_record.published) == (ImportRun.Status.COMPLETED, 7, 7, 7)

    def test_resume_refuses_a_different_file(self, site, tmp_path):
        self.interrupted(tmp_path)
        other = write_csv(tmp_path / "other.csv", [record(title="另一个文件")])
        _out, _err, error = run(other, "--resume")
        assert "This file is not the one whose import was interrupted: “entries.csv”" in error
        assert "4 of 7 rows done" in error
        assert entries().count() == 4

    def test_resume_refuses_the_same_name_with_changed_contents(self, site, tmp_path):
        path, _out, _error = self.interrupted(tmp_path)
        write_csv(path, [*rows(7), record(title="第8条")])
        _out, _err, error = run(path, "--resume")
        assert "This file is not the one whose import was interrupted" in error
        assert entries().count() == 4

    def test_starting_the_interrupted_file_again_is_refused(self, site, tmp_path):
        path, _out, _error = self.interrupted(tmp_path)
        _out, _err, error = run(path)
        assert "The import of this file was interrupted after 4 of 7 rows (line 5). Continue it with --resume" in error
        assert entries().count() == 4

    def test_resume_keeps_the_options_it_was_started_with(self, site, tmp_path):
        path, _out, _error = self.interrupted(tmp_path)
        _out, _err, error = run(path, "--resume", "--publish", "--reason", "x")
        assert "An import is resumed with the options it was started with; leave out: --publish, --reason." in error

    def test_nothing_to_resume(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", rows(1)), "--resume")
        assert "There is no interrupted import to resume." in error

    def test_batch_size_must_be_positive(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", rows(1)), "--batch-size", "0")
        assert "--batch-size must be at least 1." in error


@pytest.mark.django_db
class TestIndexes:
    def test_search_and_reference_indexes_are_written_once_per_batch(self, site, tmp_path, organisation):
        run(write_csv(tmp_path / "entries.csv", rows(3)), "--batch-size", "2", "--publish", "--reason", "原系统已公开")
        ids = [str(pk) for pk in entries().values_list("pk", flat=True)]
        assert sorted(IndexEntry.objects.filter(object_id__in=ids).values_list("object_id", flat=True)) == sorted(ids)
        referencing = ReferenceIndex.get_references_to(organisation).values_list("object_id", flat=True)
        assert sorted(referencing) == sorted(ids)
        # After the import, saves are indexed at once again.
        entry = make_entry(site, organisation=organisation, title="导入之后")
        assert IndexEntry.objects.filter(object_id=str(entry.pk)).exists()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has one writer at a time, so the two connections cannot write in turn (run with DISCLOSURE_TEST_DB=postgres)",
)


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_creates_an_entry_for_the_same_organisation_while_an_import_runs(site, tmp_path):
    """The import (another thread, its own connection) waits after its first batch for the editor, who must not wait for it."""
    first_batch_done, editor_done, failures = threading.Event(), threading.Event(), []

    def progress(message):
        if "rows done" in message and not first_batch_done.is_set():
            first_batch_done.set()
            if not editor_done.wait(timeout=30):
                failures.append("the editor did not finish in time")

    def importing():
        try:
            with translation.override("en"):
                import_catalogue(write_csv(tmp_path / "entries.csv", rows(4)), ImportOptions(batch_size=2), progress=progress)
        except Exception as error:  # reported by the main thread
            failures.append(error)
        finally:
            first_batch_done.set()
            connections.close_all()

    importer = threading.Thread(target=importing)
    importer.start()
    try:
        assert first_batch_done.wait(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # waiting for the import's transaction would fail here
        editor_entry = make_entry(site, publish=False, organisation=Organisation.objects.get(code=ORG_CODE), title="编辑同时新建")
    finally:
        editor_done.set()
        importer.join(timeout=60)
    assert not failures
    numbers = dict(entries().values_list("title", "index_number"))
    # The editor's entry took the serial after the first batch; the import went on after it.
    assert numbers == {
        "第1条": f"{ORG_CODE}/2024-00001", "第2条": f"{ORG_CODE}/2024-00002", "编辑同时新建": editor_entry.index_number,
        "第3条": f"{ORG_CODE}/2024-00004", "第4条": f"{ORG_CODE}/2024-00005",
    }  # fmt: skip
    assert editor_entry.index_number == f"{ORG_CODE}/2024-00003"
