import datetime

import pytest
from django.core.exceptions import ValidationError

from wagtail_disclosure.models import DisclosureAttribute, IssuedIndexNumber

from .utils import make_entry


@pytest.mark.django_db
class TestIndexNumbers:
    def test_entries_get_sequential_numbers_from_the_default_scheme(self, catalogue, organisation):
        first = make_entry(catalogue, written_date=datetime.date(2024, 3, 1))
        second = make_entry(catalogue, written_date=datetime.date(2024, 5, 1))
        other_year = make_entry(catalogue, written_date=datetime.date(2025, 1, 6))
        assert first.index_number == "000014349/2024-00001"
        assert second.index_number == "000014349/2024-00002"
        assert other_year.index_number == "000014349/2025-00001"

    def test_number_survives_organisation_change_and_edits(self, catalogue, organisation):
        from .utils import make_organisation

        entry = make_entry(catalogue)
        number = entry.index_number
        entry.organisation = make_organisation(name="某县教育局", code="11341702486344515H")
        entry.title = "改过的标题"
        entry.save_revision().publish()
        entry.refresh_from_db()
        assert entry.index_number == number

    def test_deleted_entry_number_is_never_reused(self, catalogue, organisation):
        entry = make_entry(catalogue)
        number = entry.index_number
        entry.delete()
        assert IssuedIndexNumber.objects.filter(number=number).exists()
        assert make_entry(catalogue).index_number != number

    def test_copy_gets_a_new_number(self, catalogue, organisation):
        entry = make_entry(catalogue)
        copy = entry.copy(update_attrs={"slug": "copy-of-entry"}, keep_live=False)
        assert copy.index_number and copy.index_number != entry.index_number

    def test_revision_content_cannot_change_the_number(self, catalogue, organisation):
        entry = make_entry(catalogue)
        revision = entry.save_revision()
        revision.content["index_number"] = "forged/0000-00001"
        revision.save()
        revision.publish()
        entry.refresh_from_db()
        assert entry.index_number.startswith("000014349/")


@pytest.mark.django_db
class TestEntryRules:
    def test_non_public_entry_needs_a_reason(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False)
        entry.disclosure_attribute = DisclosureAttribute.WITHHELD
        with pytest.raises(ValidationError) as info:
            entry.full_clean()
        assert "non_disclosure_reason" in info.value.message_dict

    def test_publication_date_before_writing_date_is_refused(self, catalogue, organisation):
        entry = make_entry(catalogue, publish=False)
        entry.publish_date = entry.written_date - datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as info:
            entry.full_clean()
        assert "publish_date" in info.value.message_dict

    def test_publish_date_defaults_to_first_publication(self, catalogue, organisation):
        entry = make_entry(catalogue)
        assert entry.publish_date is not None


@pytest.mark.django_db
class TestPublicPages:
    def test_public_entry_is_listed_and_shown(self, client, catalogue, organisation):
        entry = make_entry(catalogue, title="关于印发某县教育发展规划的通知", document_number="某政发〔2024〕3号")
        response = client.get(catalogue.url)
        assert response.status_code == 200
        assert entry.title in response.content.decode()
        page = client.get(entry.url).content.decode()
        assert entry.index_number in page and "某政发〔2024〕3号" in page

    def test_withheld_entry_is_404_and_unlisted(self, client, catalogue, organisation):
        entry = make_entry(catalogue, disclosure_attribute=DisclosureAttribute.WITHHELD, non_disclosure_reason="条例第十四条")
        assert client.get(entry.url).status_code == 404
        assert entry.title not in client.get(catalogue.url).content.decode()

    def test_two_character_substring_search(self, client, catalogue, organisation):
        hit = make_entry(catalogue, title="关于2024年政府信息公开工作年度报告的通知")
        miss = make_entry(catalogue, title="某县防汛抗旱应急预案", written_date=datetime.date(2023, 6, 1))
        for query in ("信息", "年度报告", "2024", "公开工作"):
            html = client.get(catalogue.url, {"q": query}).content.decode()
            assert hit.title in html, query
            assert miss.title not in html, query

    def test_exact_index_number_redirects_to_entry(self, client, catalogue, organisation):
        entry = make_entry(catalogue)
        response = client.get(catalogue.url, {"q": entry.index_number})
        assert response.status_code == 302 and response["Location"].endswith(entry.url)

    def test_json_and_feeds(self, client, catalogue, organisation):
        entry = make_entry(catalogue)
        data = client.get(catalogue.url + "json/").json()
        assert data["count"] == 1 and data["results"][0]["index_number"] == entry.index_number
        assert entry.index_number in client.get(catalogue.url + "feed/").content.decode()
        assert b"<feed" in client.get(catalogue.url + "atom/").content
