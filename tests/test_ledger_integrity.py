"""The review ledger reveals deletion and rewriting: keyed hashes, anchors outside the ledger, the verify command.

Each attack is done the way someone with write access to the database would do it: raw SQL on the
ledger table, recomputing hashes where that hides the change from a plain hash chain.
"""

import hashlib
import io
import json
import logging
import re

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import translation

from wagtail_disclosure.models import ReviewRecord, audit_ledger, ledger_head, verify_ledger
from wagtail_disclosure.models.ledger import GENESIS_HASH, HashScheme, check_ledger_key, ledger_key
from wagtail_disclosure.models.ledger_anchors import check_anchors
from wagtail_disclosure.models.ledger_audit import record_problems

from .test_review_ledger import record_for
from .utils import make_catalogue, make_entry, make_organisation

TABLE = ReviewRecord._meta.db_table
FILE_ANCHOR = "wagtail_disclosure.models.ledger_anchors.FileAnchor"
LOGGING_ANCHOR = "wagtail_disclosure.models.ledger_anchors.LoggingAnchor"


@pytest.fixture
def anchor_file(tmp_path, settings):
    path = tmp_path / "ledger-anchors.jsonl"
    settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = [{"class": FILE_ANCHOR, "path": str(path)}, LOGGING_ANCHOR]
    return path


@pytest.fixture
def ledger(catalogue, organisation, anchor_file, django_capture_on_commit_callbacks):
    """Eight committed records, #2–#8 anchored in the file (#1, the catalogue's approval, was written
    before the anchors were configured, as on a site that just upgraded)."""
    entry = make_entry(catalogue, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(8 - ReviewRecord.objects.count()):
            record_for(entry)
    return list(ReviewRecord.objects.order_by("sequence"))


def verify(*args):
    """Run disclosure_verify_ledger in English: (exit status, stdout, stderr)."""
    out, err = [], []

    class Stream:
        def __init__(self, into):
            self.into = into

        def write(self, text):
            self.into.append(text)

        def flush(self):
            pass

    with translation.override("en"):
        try:
            call_command("disclosure_verify_ledger", *args, stdout=Stream(out), stderr=Stream(err))
            status = 0
        except SystemExit as exit_:
            status = exit_.code
    return status, "".join(out), "".join(err)


def anchors_in(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def old_plain_hash(record):
    """The record hash as the ledger computed it before it was keyed (plain SHA-256 of the canonical JSON)."""
    return hashlib.sha256(record.canonical()).hexdigest()


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def rewrite_from(sequence, *, downgrade, opinion="篡改后的意见"):
    """Alter record ``sequence`` and recompute the chain after it with plain SHA-256, as an attacker
    without the key would; ``downgrade`` also marks the rewritten records as written before the key."""
    previous = ReviewRecord.objects.filter(sequence=sequence - 1).values_list("record_hash", flat=True).first() or GENESIS_HASH
    for record in ReviewRecord.objects.filter(sequence__gte=sequence).order_by("sequence"):
        if record.sequence == sequence:
            record.opinion = opinion
        record.previous_hash = previous
        if downgrade:
            record.hash_scheme, record.key_id = HashScheme.PLAIN_SHA256, ""
        previous = old_plain_hash(record)
        sql(
            f"UPDATE {TABLE} SET opinion = %s, previous_hash = %s, record_hash = %s, hash_scheme = %s, key_id = %s WHERE id = %s",
            [record.opinion, record.previous_hash, previous, record.hash_scheme, record.key_id, record.pk],
        )


@pytest.mark.django_db
class TestDeletionIsRevealed:
    def test_truncating_the_newest_records(self, ledger):
        newest = ledger[-1]
        sql(f"DELETE FROM {TABLE} WHERE sequence > 5")
        assert verify_ledger() == []  # the chain alone cannot see it
        status, _out, err = verify()
        assert status == 1
        assert f"says record #8 had the hash {newest.record_hash[:16]}…; the ledger ends at #5: records #6–#8 were deleted" in err
        assert "the first at record #6" in err

    def test_truncating_only_the_newest_record(self, ledger):
        sql(f"DELETE FROM {TABLE} WHERE sequence = 8")
        status, _out, err = verify()
        assert status == 1 and "the ledger ends at #7: record #8 was deleted" in err

    def test_deleting_every_record(self, ledger):
        sql(f"DELETE FROM {TABLE}")
        assert verify_ledger() == []
        status, _out, err = verify()
        assert status == 1
        assert f"says record #8 had the hash {ledger[-1].record_hash[:16]}…; the ledger is empty: records #1–#8 were deleted" in err

    def test_deleting_one_record_in_the_middle(self, ledger):
        sql(f"DELETE FROM {TABLE} WHERE sequence = 4")
        status, _out, err = verify()
        assert status == 1
        assert "record #4 is missing: it was deleted" in err
        assert "1 problem; the first at record #4" in err  # the broken link of #5 follows from it

    def test_deleting_several_in_the_middle(self, ledger):
        sql(f"DELETE FROM {TABLE} WHERE sequence IN (3, 4, 5)")
        status, _out, err = verify()
        assert status == 1 and "records #3–#5 are missing: they were deleted" in err

    def test_the_head_of_an_e_mailed_digest_reveals_truncation_without_the_anchor_file(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = []
        head = f"{ledger[-1].sequence}:{ledger[-1].record_hash}"
        sql(f"DELETE FROM {TABLE} WHERE sequence > 6")
        assert verify()[0] == 0  # nothing outside the ledger to compare with
        status, _out, err = verify("--head", head)
        assert status == 1 and "the given head says record #8" in err and "records #7–#8 were deleted" in err

    def test_a_malformed_head_is_refused(self, ledger):
        with translation.override("en"), pytest.raises(CommandError, match="--head wants SEQUENCE:HASH"):
            call_command("disclosure_verify_ledger", "--head", "8:abc")


@pytest.mark.django_db
class TestRewritingIsRevealed:
    def test_altering_a_record_without_recomputing(self, ledger):
        sql(f"UPDATE {TABLE} SET opinion = %s WHERE sequence = 5", ["篡改"])
        status, _out, err = verify()
        assert status == 1
        assert "record #5 does not match its keyed hash: it was altered" in err
        assert "1 problem; the first at record #5" in err

    def test_altering_and_recomputing_the_chain_with_plain_sha256(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = []  # the key alone reveals it
        rewrite_from(5, downgrade=False)
        status, _out, err = verify()
        assert status == 1
        assert err.splitlines()[0] == "record #5 does not match its keyed hash: it was altered"
        assert "the first at record #5" in err

    def test_recomputing_and_marking_the_records_as_written_before_the_key(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = []
        rewrite_from(5, downgrade=True)
        status, _out, err = verify()
        assert status == 1
        assert err.splitlines()[0] == "record #5 is hashed without the ledger key, but record #1 before it was keyed: the chain was rewritten"

    def test_rewriting_the_whole_chain_without_the_key(self, ledger, settings):
        rewrite_from(1, downgrade=True)
        settings.WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS = None  # any plain start accepted: the anchors tell
        status, _out, err = verify()
        assert status == 1
        assert f"the anchor file {settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS[0]['path']} says record #2 had the hash {ledger[1].record_hash[:16]}…" in err
        assert "the record was rewritten" in err.splitlines()[0]
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = []
        settings.WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS = 0  # every record must be keyed
        status, _out, err = verify()
        assert status == 1 and err.splitlines()[0].startswith("record #1 is hashed without the ledger key, but every record must be keyed")

    def test_a_rewrite_by_someone_with_the_key_is_revealed_by_the_anchors(self, ledger):
        key, anchored = ledger_key(), ledger[3].record_hash
        previous = ledger[2].record_hash
        for record in ledger[3:]:
            if record.sequence == 4:
                record.opinion = "持有密钥者篡改"
            record.seal(previous, key)
            previous = record.record_hash
            sql(f"UPDATE {TABLE} SET opinion = %s, previous_hash = %s, record_hash = %s WHERE id = %s", [record.opinion, record.previous_hash, record.record_hash, record.pk])
        assert verify_ledger() == []
        status, _out, err = verify()
        assert status == 1
        assert f"says record #4 had the hash {anchored[:16]}…; the ledger holds {current_hash(4)[:16]}…: the record was rewritten" in err

    def test_an_altered_anchor_file_is_reported(self, ledger, anchor_file):
        with anchor_file.open("a") as handle:
            handle.write("not json\n")
        status, _out, err = verify()
        assert status == 1 and f"line 8 of the anchor file {anchor_file} is not an anchor: the file was altered" in err

    def test_a_deleted_anchor_file_is_reported(self, ledger, anchor_file):
        anchor_file.unlink()
        status, _out, err = verify()
        assert status == 1 and f"the anchor file {anchor_file} does not exist" in err


def current_hash(sequence):
    return ReviewRecord.objects.get(sequence=sequence).record_hash


@pytest.mark.django_db
class TestTheKey:
    def test_records_are_keyed_and_name_their_key(self, ledger):
        record = ledger[-1]
        assert record.hash_scheme == HashScheme.HMAC_SHA256 and record.key_id == ledger_key().key_id
        assert record.record_hash != old_plain_hash(record)

    def test_records_keyed_with_another_key_cannot_be_checked(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_KEY = "another key"
        status, _out, err = verify()
        assert status == 1
        assert f"record #1 was keyed with the key {ledger[0].key_id}, not with the configured ledger key: it cannot be checked" in err

    def test_key_from_an_environment_variable(self, settings, monkeypatch):
        settings.WAGTAIL_DISCLOSURE_LEDGER_KEY = None
        settings.WAGTAIL_DISCLOSURE_LEDGER_KEY_ENV = "TEST_DISCLOSURE_LEDGER_KEY"
        monkeypatch.setenv("TEST_DISCLOSURE_LEDGER_KEY", "from the environment")
        assert ledger_key().dedicated and ledger_key().secret == b"from the environment"
        assert check_ledger_key() == []
        monkeypatch.delenv("TEST_DISCLOSURE_LEDGER_KEY")
        with pytest.raises(ImproperlyConfigured, match="TEST_DISCLOSURE_LEDGER_KEY"):
            ledger_key()
        assert [error.id for error in check_ledger_key()] == ["wagtail_disclosure.E001"]

    def test_a_key_derived_from_secret_key_is_warned_about(self, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_KEY = None
        key = ledger_key()
        assert not key.dedicated and key.secret != settings.SECRET_KEY.encode()
        assert [warning.id for warning in check_ledger_key()] == ["wagtail_disclosure.W001"]
        settings.WAGTAIL_DISCLOSURE_LEDGER_KEY = "dedicated"
        assert check_ledger_key() == []

    def test_a_wrong_anchor_setting_is_a_system_check_error(self, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = [{"path": "x"}]
        assert [error.id for error in check_anchors()] == ["wagtail_disclosure.E002"]
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = ["wagtail_disclosure.models.ledger_anchors.NoSuchSink"]
        assert [error.id for error in check_anchors()] == ["wagtail_disclosure.E002"]


@pytest.mark.django_db
class TestRecordsWrittenBeforeTheKey:
    @pytest.fixture
    def legacy_ledger(self, catalogue, organisation, settings):
        """Records as the ledger wrote them before it was keyed: plain SHA-256, chained, no key id."""
        settings.WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS = None
        entry = make_entry(catalogue, publish=False)
        for _ in range(5):
            record_for(entry)
        previous = GENESIS_HASH
        for record in ReviewRecord.objects.order_by("sequence"):
            record.previous_hash, record.hash_scheme, record.key_id = previous, HashScheme.PLAIN_SHA256, ""
            previous = old_plain_hash(record)
            sql(f"UPDATE {TABLE} SET previous_hash = %s, record_hash = %s, hash_scheme = 'sha256', key_id = '' WHERE id = %s", [record.previous_hash, previous, record.pk])
        return entry

    def test_they_still_verify_and_new_records_are_keyed_after_them(self, legacy_ledger, settings):
        legacy = ReviewRecord.objects.count()
        assert verify_ledger() == []
        record = record_for(legacy_ledger)
        assert record.hash_scheme == HashScheme.HMAC_SHA256 and record.previous_hash == ReviewRecord.objects.get(sequence=legacy).record_hash
        status, out, _err = verify()
        assert status == 0
        assert f"The review ledger is intact: {legacy + 1} records checked." in out
        assert f"{legacy} records were written before the ledger key and are hashed without it." in out
        settings.WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS = legacy  # pinned at the upgrade
        assert verify()[0] == 0

    def test_an_altered_legacy_record_is_detected(self, legacy_ledger):
        sql(f"UPDATE {TABLE} SET opinion = %s WHERE sequence = 2", ["篡改"])
        status, _out, err = verify()
        assert status == 1 and "record #2 does not match its hash: it was altered" in err

    def test_more_plain_records_than_were_written_before_the_key(self, legacy_ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS = 3
        status, _out, err = verify()
        assert status == 1
        assert err.splitlines()[0].startswith("record #4 is hashed without the ledger key, but only the first 3 records were written before the key")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestAnchorsAreWrittenOnCommit:
    def test_a_committed_append_is_anchored_and_a_rolled_back_one_is_not(self, anchor_file, caplog):
        make_organisation()
        entry = make_entry(make_catalogue(), publish=False)
        before = len(anchors_in(anchor_file))
        with transaction.atomic():
            record = record_for(entry)
            assert len(anchors_in(anchor_file)) == before  # not before the commit
        anchors = anchors_in(anchor_file)
        assert anchors[-1]["sequence"] == record.sequence and anchors[-1]["record_hash"] == record.record_hash
        assert len(anchors) == before + 1

        class Rollback(Exception):
            pass

        with caplog.at_level(logging.INFO, logger="wagtail_disclosure.ledger.anchor"), pytest.raises(Rollback), transaction.atomic():
            record_for(entry)
            raise Rollback
        assert len(anchors_in(anchor_file)) == before + 1 and not caplog.records
        assert verify()[0] == 0

    def test_the_logging_anchor(self, anchor_file, caplog):
        make_organisation()
        entry = make_entry(make_catalogue(), publish=False)
        with caplog.at_level(logging.INFO, logger="wagtail_disclosure.ledger.anchor"):
            record = record_for(entry)
        logged = [each for each in caplog.records if each.name == "wagtail_disclosure.ledger.anchor"]
        assert logged[-1].ledger_sequence == record.sequence and logged[-1].ledger_record_hash == record.record_hash
        assert f"#{record.sequence} {record.record_hash}" in logged[-1].getMessage()

    def test_an_anchor_that_cannot_be_written_does_not_undo_the_record(self, tmp_path, settings, caplog):
        settings.WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = [{"class": FILE_ANCHOR, "path": str(tmp_path / "missing-dir" / "anchors.jsonl")}]
        make_organisation()
        entry = make_entry(make_catalogue(), publish=False)
        with caplog.at_level(logging.ERROR, logger="wagtail_disclosure.ledger"):
            record = record_for(entry)
        assert ReviewRecord.objects.filter(pk=record.pk).exists()
        assert f"Could not anchor review ledger record #{record.sequence}" in caplog.text


@pytest.mark.django_db
class TestHeadAndDigest:
    def test_ledger_head(self, ledger):
        count, record_hash, anchored_at = ledger_head()
        assert (count, record_hash) == (8, ledger[-1].record_hash) and anchored_at is not None

    def test_ledger_head_not_anchored(self, ledger, catalogue):
        record = record_for(make_entry(catalogue, publish=False))  # not committed: the test's transaction
        assert ledger_head() == (9, record.record_hash, None)

    def test_the_digest_is_mailed_with_the_head(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO = ["baomi@example.gov.cn", ("保密办", "office@example.gov.cn")]
        settings.EMAIL_SUBJECT_PREFIX = "[某县] "
        with translation.override("en"):
            call_command("disclosure_send_ledger_digest", stdout=io.StringIO())
        (message,) = mail.outbox
        assert message.to == ["baomi@example.gov.cn", "保密办 <office@example.gov.cn>"]
        assert message.subject.startswith("[某县] Review ledger head on") and message.subject.endswith("record #8")
        assert f"disclosure_verify_ledger --head 8:{ledger[-1].record_hash}" in message.body
        assert "held 8 records" in message.body and "intact" in message.body

    def test_the_digest_says_when_the_ledger_is_not_intact(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO = ["baomi@example.gov.cn"]
        sql(f"UPDATE {TABLE} SET opinion = %s WHERE sequence = 3", ["篡改"])
        with translation.override("en"):
            call_command("disclosure_send_ledger_digest", stdout=io.StringIO())
        assert "PROBLEMS FOUND" in mail.outbox[0].subject
        assert "record #3 does not match its keyed hash" in mail.outbox[0].body

    def test_no_recipients(self, ledger, settings):
        settings.WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO = []
        with translation.override("en"), pytest.raises(CommandError, match="WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO"):
            call_command("disclosure_send_ledger_digest")


@pytest.mark.django_db
class TestForTheAdmin:
    def test_audit_and_record_problems(self, ledger):
        audit = audit_ledger()
        assert audit.intact and audit.count == 8 and audit.anchors == 7 and audit.head == (8, ledger[-1].record_hash)
        assert record_problems(ledger[4]) == []
        sql(f"UPDATE {TABLE} SET opinion = %s WHERE sequence = 5", ["篡改"])
        with translation.override("en"):
            assert record_problems(ReviewRecord.objects.get(sequence=5)) == [(5, "record #5 does not match its keyed hash: it was altered")]
            problems = audit_ledger().problems
        assert problems[0][0] == 5 and re.search("altered", problems[0][1])
