"""Catalogue entries and wagtail-localize: what is sent to translators and what is synchronised."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from wagtail_disclosure.models import CatalogueEntryPage, IssuedIndexNumber

from .utils import make_entry


@pytest.mark.django_db
def test_translatable_fields_exclude_numbers_and_internal_notes(catalogue, organisation):
    entry = make_entry(
        catalogue,
        title="关于做好防汛工作的通知",
        summary="部署今年防汛工作。",
        document_number="某政办发〔2024〕7号",
        internal_notes="内部备注：请勿外传",
    )
    source, _created = TranslationSource.get_or_create_from_instance(entry)
    strings = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert "关于做好防汛工作的通知" in strings
    assert "部署今年防汛工作。" in strings
    assert not any("内部备注" in s for s in strings)
    assert not any(entry.index_number in s for s in strings)
    assert not any("某政办发" in s for s in strings)


@pytest.mark.django_db
def test_translation_keeps_the_index_number_and_a_copy_does_not(catalogue, organisation):
    entry = make_entry(catalogue)
    english = Locale.objects.create(language_code="en")
    translation = entry.copy_for_translation(english, copy_parents=True)
    translation.refresh_from_db()
    assert translation.index_number == entry.index_number
    assert IssuedIndexNumber.objects.filter(number=entry.index_number).count() == 1
    copy = entry.copy(update_attrs={"slug": "a-copy"})
    assert CatalogueEntryPage.objects.get(pk=copy.pk).index_number != entry.index_number
