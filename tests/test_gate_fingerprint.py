"""Content fingerprints: equal for the same content however it is reached, different when it changes."""

import datetime

import pytest

from wagtail_disclosure.gate import content_fingerprint, revision_fingerprint
from wagtail_disclosure.gate.fingerprint import live_row_fingerprints
from wagtail_disclosure.models import CatalogueEntryPage, ServiceAudience

from .utils import approve, make_entry


@pytest.mark.django_db
class TestFingerprint:
    def test_revision_and_published_page_have_the_same_fingerprint(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False, summary="概述")
        revision = entry.save_revision()
        before = revision_fingerprint(revision)
        approve(entry, revision)
        revision.publish()
        entry.refresh_from_db()
        assert entry.live
        # The 发布日期 was filled in at publication: the live row is the reviewed content with that date.
        assert entry.publish_date is not None
        assert content_fingerprint(entry) != before
        assert before in live_row_fingerprints(entry)

    def test_a_typed_publication_date_is_content(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False, publish_date=datetime.date(2024, 3, 5))
        revision = entry.save_revision()
        before = revision_fingerprint(revision)
        approve(entry, revision)
        revision.publish()
        entry.refresh_from_db()
        assert content_fingerprint(entry) == before
        entry.publish_date = datetime.date(2099, 12, 31)
        assert content_fingerprint(entry) != before
        assert all(fingerprint != before for fingerprint in live_row_fingerprints(entry))

    def test_the_revision_shortcut_equals_fingerprinting_the_revisions_page(self, catalogue, organisation):
        """``revision_fingerprint`` skips ``as_object()``'s look-ups; it must still give the same answer."""
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        other = make_entry(catalogue, publish=False)
        document = Document.objects.create(title="附件", file=ContentFile(b"x", name="a.txt"))
        entry = make_entry(
            catalogue, publish=False, summary="概述", keywords="防汛 抗旱", body=f'<p>见<a linktype="document" id="{document.pk}">附件</a></p>',
            validity="repealed", validity_changed_on=datetime.date(2025, 1, 2), superseded_by=other, internal_notes="内部",
        )
        entry.attachments.create(document=document, title="附件一")
        entry.audience = ServiceAudience.objects.create(name="企业")
        revision = entry.save_revision()
        assert revision_fingerprint(revision) == content_fingerprint(revision.as_object())

    def test_any_content_change_changes_the_fingerprint(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False, summary="概述")
        original = content_fingerprint(entry)
        for field, value in (("title", "新标题"), ("summary", "新概述"), ("body", "<p>新正文</p>"), ("document_number", "某政发〔2024〕1号")):
            old = getattr(entry, field)
            setattr(entry, field, value)
            assert content_fingerprint(entry) != original, field
            setattr(entry, field, old)
        assert content_fingerprint(entry) == original

    def test_copies_with_the_same_content_share_the_fingerprint_but_not_the_page(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False)
        copy = entry.copy(update_attrs={"slug": "copy"})
        # The index number differs, so even identical text is different content.
        assert content_fingerprint(copy.specific) != content_fingerprint(entry)


@pytest.mark.django_db
def test_editor_block_keys_are_not_content(catalogue, organisation):
    entry = make_entry(catalogue, publish=False, body="<p>各乡镇人民政府：</p>")
    keyed = CatalogueEntryPage.objects.get(pk=entry.pk)
    keyed.body = '<p data-block-key="k1x9a">各乡镇人民政府：</p>'
    assert content_fingerprint(keyed) == content_fingerprint(entry)
    keyed.body = '<p data-block-key="k1x9a">各乡镇人民政府、县直各单位：</p>'
    assert content_fingerprint(keyed) != content_fingerprint(entry)
