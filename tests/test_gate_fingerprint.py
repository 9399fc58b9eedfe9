"""Content fingerprints: equal for the same content however it is reached, different when it changes."""

import pytest

from wagtail_disclosure.gate import content_fingerprint, revision_fingerprint

from .utils import make_entry


@pytest.mark.django_db
class TestFingerprint:
    def test_revision_and_published_page_have_the_same_fingerprint(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False, summary="概述")
        revision = entry.save_revision()
        before = revision_fingerprint(revision)
        revision.publish()
        entry.refresh_from_db()
        assert content_fingerprint(entry) == before

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
