"""The plugin installed in a host site (API v2, a sitemap, a menu and search built from live pages):
internal records (公开属性 依申请公开 or 不予公开) appear in none of them, because they are never live."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageLogEntry

from tests.testapp.menu import main_menu
from tests.utils import approve, editor_form_data, make_entry, publish_reviewed
from wagtail_disclosure.models import CatalogueEntryPage
from wagtail_disclosure.rules.vocabulary import DisclosureAttribute

REASON = "条例第十六条：过程性信息"


def public_views(client, entry):
    """Every place a host site shows pages to the public, as (name, whether it shows ``entry``)."""
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    listing = client.get("/api/v2/pages/", {"type": "wagtail_disclosure.CatalogueEntryPage", "fields": "title"}).json()
    found = client.get("/api/v2/pages/", {"search": entry.title}).json()
    return {
        "api v2 listing": any(item["id"] == entry.pk for item in listing["items"]),
        "api v2 detail": client.get(f"/api/v2/pages/{entry.pk}/").status_code != 404,
        "api v2 search": any(item["id"] == entry.pk for item in found["items"]),
        "api v3 detail": client.get(f"/api/v3/pages/{entry.pk}/").status_code != 404,
        "live().public()": Page.objects.live().public().filter(pk=entry.pk).exists(),
        "live()": Page.objects.live().filter(pk=entry.pk).exists(),
        "search": entry.pk in [page.pk for page in Page.objects.live().search(entry.title)],
        "menu": entry.pk in [page.pk for page in main_menu(request)],
        "sitemap": f"/{entry.slug}/" in client.get("/sitemap.xml").content.decode(),
        "own URL": client.get(entry.url or f"/xxgk/{entry.slug}/").status_code != 404,
    }


@pytest.mark.django_db
class TestInternalRecordsAreNeverPublic:
    def test_a_public_entry_is_shown_everywhere(self, client, catalogue, organisation):
        entry = make_entry(catalogue, title="关于印发某县教育发展规划的通知")
        assert all(public_views(client, entry).values()), public_views(client, entry)

    @pytest.mark.parametrize("attribute", [DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD])
    def test_an_internal_record_published_after_review_is_nowhere(self, client, catalogue, organisation, attribute):
        entry = make_entry(catalogue, title="某县财政局内部请示", disclosure_attribute=attribute, non_disclosure_reason=REASON)
        entry.refresh_from_db()
        assert not entry.live and entry.live_revision_id is None
        assert not any(public_views(client, entry).values()), public_views(client, entry)

    def test_a_public_entry_that_becomes_internal_leaves_every_public_view(self, client, catalogue, organisation):
        entry = make_entry(catalogue, title="关于某县某项目的情况说明")
        entry.disclosure_attribute, entry.non_disclosure_reason = DisclosureAttribute.WITHHELD, REASON
        publish_reviewed(entry)
        assert not entry.live and not entry.is_listed
        assert not any(public_views(client, entry).values()), public_views(client, entry)
        assert PageLogEntry.objects.filter(page=entry, action="wagtail_disclosure.kept_internal").exists()
        assert entry.title not in client.get(catalogue.url).content.decode()

    def test_a_script_cannot_make_an_internal_record_live(self, catalogue, organisation):
        entry = make_entry(catalogue, disclosure_attribute=DisclosureAttribute.ON_REQUEST, non_disclosure_reason=REASON)
        entry.live = True
        entry.save(update_fields=["live"])
        assert not CatalogueEntryPage.objects.get(pk=entry.pk).live

    def test_publishing_in_the_editor_says_the_record_stays_off_the_public_site(self, admin_client, catalogue, organisation):
        entry = make_entry(
            catalogue, disclosure_attribute=DisclosureAttribute.ON_REQUEST, non_disclosure_reason=REASON, publish=False,
            body='<p data-block-key="ir001">关于某项目的请示。</p>',
        )
        edit_url = f"/admin/pages/{entry.pk}/edit/"
        data = editor_form_data(entry)
        admin_client.post(edit_url, data)
        approve(entry, entry.get_latest_revision())  # the content is approved: the editor's Publish may go ahead
        response = admin_client.post(edit_url, {**data, "action-publish": "publish"}, follow=True)
        text = response.content.decode()
        assert "internal record" in text or "内部记录" in text
        assert not CatalogueEntryPage.objects.get(pk=entry.pk).live
