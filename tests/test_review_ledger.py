"""The review ledger is append-only and tamper-evident."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from wagtail_disclosure.models import CatalogueEntryPage, ReviewRecord, verify_ledger
from wagtail_disclosure.rules.confidentiality import Conclusion

from .utils import make_entry


def record_for(entry, **fields):
    fields.setdefault("conclusion", Conclusion.APPROVE)
    return ReviewRecord.objects.create(
        page_pk=entry.pk,
        page_title=entry.title,
        page_content_type=ContentType.objects.get_for_model(CatalogueEntryPage),
        translation_key=entry.translation_key,
        content_hash="a" * 64,
        reviewer_name="审查员甲",
        level_name="初审",
        basis=["secrecy_law"],
        opinion="经审查，不涉及国家秘密。",
        **fields,
    )


@pytest.mark.django_db
class TestLedger:
    def test_records_are_chained_and_verified(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False)
        before = ReviewRecord.objects.count()  # the catalogue's own approval
        first, second = record_for(entry), record_for(entry, conclusion=Conclusion.REJECT)
        assert (first.sequence, second.sequence) == (before + 1, before + 2)
        assert second.previous_hash == first.record_hash
        assert verify_ledger() == []

    def test_records_cannot_be_changed_or_deleted_through_the_orm(self, catalogue, organisation):
        record = record_for(make_entry(catalogue, publish=False))
        record.opinion = "改过"
        with pytest.raises(PermissionDenied):
            record.save()
        with pytest.raises(PermissionDenied):
            record.delete()
        with pytest.raises(PermissionDenied):
            ReviewRecord.objects.all().delete()
        with pytest.raises(PermissionDenied):
            ReviewRecord.objects.update(opinion="x")

    def test_records_survive_page_deletion(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False)
        record_for(entry)
        entry.delete()
        assert ReviewRecord.objects.filter(page_pk=entry.pk).count() == 1 and verify_ledger() == []

    @pytest.mark.parametrize("tamper", ["alter", "delete", "insert"])
    def test_tampering_in_the_database_is_detected(self, catalogue, organisation, tamper):
        entry = make_entry(catalogue, publish=False)
        records = [record_for(entry) for _ in range(3)]
        table = ReviewRecord._meta.db_table
        with connection.cursor() as cursor:
            if tamper == "alter":
                cursor.execute(f"UPDATE {table} SET opinion = %s WHERE id = %s", ["篡改", records[1].pk])
            elif tamper == "delete":
                cursor.execute(f"DELETE FROM {table} WHERE id = %s", [records[1].pk])
            else:
                cursor.execute(f"UPDATE {table} SET sequence = sequence + 10 WHERE sequence >= 2")
        assert verify_ledger()
        with pytest.raises(SystemExit) as info:
            call_command("disclosure_verify_ledger")
        assert info.value.code != 0

    def test_verify_command_reports_an_intact_ledger(self, catalogue, organisation, capsys):
        record_for(make_entry(catalogue, publish=False))
        with translation.override("en"):
            call_command("disclosure_verify_ledger")
        assert f"{ReviewRecord.objects.count()} records checked" in capsys.readouterr().out
