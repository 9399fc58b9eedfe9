"""The cached public catalogue: hits, and every change that must make the next request fresh.

Each invalidation test first puts the catalogue's response in the cache, then makes the change the
way an editor or Wagtail does it, then asks again: without the invalidation, the cached (stale)
response would be served and the test would fail. A change written *around* the ORM (``update()``)
shows that a response really came from the cache.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from wagtail_disclosure import listing_cache
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    CatalogueSearchGram,
    DisclosureSettings,
    Genre,
    Organisation,
    Topic,
    listing,
)
from wagtail_disclosure.models.listing import CatalogueListingVersion

from .utils import make_catalogue, make_entry

pytestmark = pytest.mark.django_db


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response
    return response.content.decode()


def retitle_behind_the_cache(entry, title):
    """Change a title without signals, as only the cache can hide it."""
    Page.objects.filter(pk=entry.pk).update(title=title)


@pytest.fixture
def entry(catalogue, organisation):
    return make_entry(catalogue, title="关于做好2024年防汛工作的通知", document_number="某政办发〔2024〕7号")


@pytest.fixture
def anonymous():
    return Client()


# --- hits ---------------------------------------------------------------------------------------


class TestHits:
    def test_a_hit_serves_the_same_html_without_reading_the_entries(self, anonymous, catalogue, entry):
        first = anonymous.get(catalogue.url)
        with CaptureQueriesContext(connection) as queries:
            second = anonymous.get(catalogue.url)
        assert second.status_code == 200
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        tables = " ".join(query["sql"] for query in queries.captured_queries)
        assert CatalogueEntryPage._meta.db_table not in tables
        assert CatalogueListingVersion._meta.db_table in tables  # the version is read every time

    def test_a_hit_is_really_the_stored_response(self, anonymous, catalogue, entry):
        assert entry.title in html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        assert entry.title in html(anonymous, catalogue.url)
        listing.bump_all()
        assert "改过的标题" in html(anonymous, catalogue.url)

    def test_query_strings_are_normalised_and_kept_apart(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url + "?q=防汛&page=1")
        retitle_behind_the_cache(entry, "关于做好2024年防汛抗旱工作的通知")
        # The same parameters in another order: the same cached response.
        assert "防汛抗旱" not in html(anonymous, catalogue.url + "?page=1&q=防汛")
        # Other parameters: another response.
        assert "防汛抗旱" in html(anonymous, catalogue.url + "?q=防汛")

    def test_the_version_lives_in_the_database(self, anonymous, catalogue, entry):
        """What another process does when it commits a change: the token in the database changes."""
        html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        CatalogueListingVersion.objects.update_or_create(scope=catalogue.path, defaults={"token": "from-another-process"})
        assert "改过的标题" in html(anonymous, catalogue.url)

    def test_the_cache_can_be_turned_off(self, anonymous, catalogue, entry, settings):
        settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = None
        html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        assert "改过的标题" in html(anonymous, catalogue.url)

    def test_another_cache_alias(self, anonymous, catalogue, entry, settings):
        settings.CACHES = {
            **settings.CACHES,
            "catalogue": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "catalogue-test"},
        }
        settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = "catalogue"
        html(anonymous, catalogue.url)
        from django.core.cache import caches

        assert any(key.startswith(f":1:{listing_cache.KEY_PREFIX}:") for key in caches["catalogue"]._cache)
        caches["catalogue"].clear()


# --- invalidation ---------------------------------------------------------------------------------


class TestEntryChanges:
    def test_publishing_an_entry(self, anonymous, catalogue, entry):
        assert "某县防汛抗旱应急预案" not in html(anonymous, catalogue.url)
        assert "某县防汛抗旱应急预案" not in html(anonymous, catalogue.url, q="预案")
        make_entry(catalogue, title="某县防汛抗旱应急预案")
        assert "某县防汛抗旱应急预案" in html(anonymous, catalogue.url)
        assert "某县防汛抗旱应急预案" in html(anonymous, catalogue.url, q="预案")

    def test_editing_a_live_entry(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url)
        from .utils import publish_reviewed

        entry = CatalogueEntryPage.objects.get(pk=entry.pk)
        entry.title = "关于做好2024年防汛抗旱工作的通知（修订）"
        publish_reviewed(entry)
        assert "（修订）" in html(anonymous, catalogue.url)

    def test_unpublishing_an_entry(self, anonymous, catalogue, entry):
        for params in ({}, {"q": "防汛"}, {"q": "关于做好"}, {"year": entry.publish_date.year}):
            assert entry.title in html(anonymous, catalogue.url, **params), params
        CatalogueEntryPage.objects.get(pk=entry.pk).unpublish()
        for params in ({}, {"q": "防汛"}, {"q": "关于做好"}, {"year": entry.publish_date.year}):
            assert entry.title not in html(anonymous, catalogue.url, **params), params

    def test_unpublishing_through_a_plain_page_as_scheduled_expiry_does(self, anonymous, catalogue, entry):
        assert entry.title in html(anonymous, catalogue.url, q="防汛")
        Page.objects.get(pk=entry.pk).unpublish(set_expired=True)
        assert entry.title not in html(anonymous, catalogue.url, q="防汛")
        assert entry.title not in html(anonymous, catalogue.url)
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert not row.is_listed
        assert not CatalogueSearchGram.objects.filter(page_id=entry.pk, is_listed=True).exists()

    def test_deleting_an_entry(self, anonymous, catalogue, entry):
        assert entry.title in html(anonymous, catalogue.url)
        CatalogueEntryPage.objects.get(pk=entry.pk).delete()
        assert entry.title not in html(anonymous, catalogue.url)

    def test_moving_an_entry_to_another_catalogue(self, anonymous, catalogue, entry):
        other = make_catalogue(parent=catalogue.get_parent(), slug="xxgk-2", title="另一个目录")
        assert entry.title in html(anonymous, catalogue.url)
        assert entry.title not in html(anonymous, other.url)
        assert entry.title not in html(anonymous, other.url, q="防汛")
        Page.objects.get(pk=entry.pk).move(other, pos="last-child")
        assert entry.title not in html(anonymous, catalogue.url)
        assert entry.title in html(anonymous, other.url)
        assert entry.title in html(anonymous, other.url, q="防汛")
        assert CatalogueEntryPage.objects.get(pk=entry.pk).catalogue_id == other.pk
        assert set(CatalogueSearchGram.objects.filter(page_id=entry.pk).values_list("catalogue_id", flat=True)) == {other.pk}

    def test_copying_an_entry_to_another_catalogue(self, anonymous, catalogue, entry):
        from .utils import publish_reviewed

        other = make_catalogue(parent=catalogue.get_parent(), slug="xxgk-2", title="另一个目录")
        assert entry.title not in html(anonymous, other.url)
        assert entry.title not in html(anonymous, other.url, q="防汛")
        copy = CatalogueEntryPage.objects.get(pk=entry.pk).copy(to=other, update_attrs={"slug": "fangxun-copy"}, keep_live=False)
        assert copy.catalogue_id == other.pk and not copy.is_listed
        publish_reviewed(CatalogueEntryPage.objects.get(pk=copy.pk))
        assert entry.title in html(anonymous, other.url)
        assert entry.title in html(anonymous, other.url, q="防汛")

    def test_an_entry_of_another_catalogue_leaves_this_one_cached(self, anonymous, catalogue, entry):
        other = make_catalogue(parent=catalogue.get_parent(), slug="xxgk-2", title="另一个目录")
        html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        make_entry(other, title="另一个目录的文件")
        assert "改过的标题" not in html(anonymous, catalogue.url)  # still the cached response
        assert "另一个目录的文件" in html(anonymous, other.url)

    def test_saving_drafts_that_are_not_listed_leaves_the_catalogue_cached(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        draft = make_entry(catalogue, publish=False, title="编辑中的草稿")  # created and saved, never listed
        draft.summary = "再次保存"
        draft.save()
        assert "改过的标题" not in html(anonymous, catalogue.url)  # still the cached response

    def test_a_stale_instance_that_unlists_an_entry_still_invalidates(self, anonymous, catalogue, entry):
        stale = CatalogueEntryPage.objects.get(pk=entry.pk)
        stale.is_listed = False  # as if loaded before the entry was published
        html(anonymous, catalogue.url)
        stale.live = False
        stale.save()
        assert entry.title not in html(anonymous, catalogue.url)

    def test_exact_number_redirect(self, anonymous, catalogue, entry):
        response = anonymous.get(catalogue.url, {"q": entry.index_number})
        assert response.status_code == 302 and response["Location"].endswith(entry.url)
        assert anonymous.get(catalogue.url, {"q": entry.index_number}).status_code == 302  # from the cache
        CatalogueEntryPage.objects.get(pk=entry.pk).unpublish()
        assert anonymous.get(catalogue.url, {"q": entry.index_number}).status_code == 200


class TestSharedChanges:
    def test_renaming_a_topic(self, anonymous, catalogue, entry):
        # A topic no live entry shows (the gate refuses renaming those): the filter offers it.
        topic = Topic.objects.create(name="培训", parent=Topic.objects.get(pk=entry.topic_id).parent)
        assert "培训" in html(anonymous, catalogue.url)
        topic.name = "进修"
        topic.save()
        page = html(anonymous, catalogue.url)
        assert "进修" in page
        assert "培训" not in page

    def test_a_new_topic_is_offered_and_accepted(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url)
        topic = Topic.objects.create(name="民族宗教")
        assert f'<option value="{topic.pk}">民族宗教</option>' in html(anonymous, catalogue.url)
        response = anonymous.get(catalogue.url, {"topic": topic.pk})
        assert response.status_code == 200
        assert "民族宗教" in response.content.decode() and entry.title not in response.content.decode()

    def test_renaming_an_organisation(self, anonymous, catalogue, entry):
        # An organisation no live entry shows (the gate refuses renaming those): the filter offers it.
        organisation = Organisation.objects.create(name="某县政务服务中心", code="11341702486344515H")
        assert "某县政务服务中心" in html(anonymous, catalogue.url)
        organisation.name = "某县政务服务管理局"
        organisation.save()
        page = html(anonymous, catalogue.url)
        assert "某县政务服务管理局" in page and "某县政务服务中心" not in page

    def test_changing_an_entrys_organisation(self, anonymous, catalogue, entry):
        from .utils import make_organisation, publish_reviewed

        html(anonymous, catalogue.url)
        other = make_organisation(name="某县教育局", code="11341702486344515H")
        entry = CatalogueEntryPage.objects.get(pk=entry.pk)
        entry.organisation = other
        publish_reviewed(entry)
        assert "某县教育局 · " in html(anonymous, catalogue.url)

    def test_deleting_a_genre_and_editing_the_catalogue(self, anonymous, catalogue, entry):
        spare = Genre.objects.create(name="公告")
        assert "公告" in html(anonymous, catalogue.url)
        spare.delete()
        assert ">公告<" not in html(anonymous, catalogue.url)
        from .utils import publish_reviewed

        catalogue.title = "某县政府信息公开目录"
        publish_reviewed(catalogue)
        assert "某县政府信息公开目录" in html(anonymous, catalogue.url)

    def test_settings_change_the_global_version(self, catalogue):
        before = CatalogueListingVersion.objects.filter(scope=listing.GLOBAL_SCOPE).values_list("token", flat=True).first()
        settings = DisclosureSettings.for_site(catalogue.get_site())
        settings.serial_per_site = True
        settings.save()
        after = CatalogueListingVersion.objects.get(scope=listing.GLOBAL_SCOPE).token
        assert after and after != before

    def test_tokens_are_never_reused(self, catalogue):
        tokens = set()
        for _ in range(20):
            listing.bump(catalogue.path)
            tokens.add(CatalogueListingVersion.objects.get(scope=catalogue.path).token)
        assert len(tokens) == 20


# --- who gets the cache ------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
    client = Client()
    client.force_login(user)
    return client


class TestWho:
    def test_a_logged_in_user_is_not_served_from_the_cache(self, anonymous, editor, catalogue, entry):
        html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        assert "改过的标题" in html(editor, catalogue.url)

    def test_a_logged_in_users_response_is_not_stored(self, anonymous, editor, catalogue, entry):
        html(editor, catalogue.url)
        html(editor, catalogue.url + "json/")
        retitle_behind_the_cache(entry, "改过的标题")
        assert "改过的标题" in html(anonymous, catalogue.url)
        assert "改过的标题" in html(anonymous, catalogue.url + "json/")

    def test_post_is_not_cached(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url)
        retitle_behind_the_cache(entry, "改过的标题")
        response = anonymous.post(catalogue.url)
        assert "改过的标题" in response.content.decode()

    def test_head_is_served_from_the_cache(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url)
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.head(catalogue.url).status_code == 200
        assert CatalogueEntryPage._meta.db_table not in " ".join(query["sql"] for query in queries.captured_queries)

    def test_a_response_that_used_the_visitors_messages_is_not_stored(self, anonymous, catalogue, entry):
        from django.contrib.messages.storage.cookie import CookieStorage
        from django.http import HttpRequest

        storage = CookieStorage(HttpRequest())
        from django.contrib.messages import constants
        from django.contrib.messages.storage.base import Message

        anonymous.cookies[storage.cookie_name] = storage._encode([Message(constants.INFO, "已提交")])
        html(anonymous, catalogue.url)
        anonymous.cookies.pop(storage.cookie_name)
        retitle_behind_the_cache(entry, "改过的标题")
        assert "改过的标题" in html(anonymous, catalogue.url)

    def test_password_restriction_still_applies_to_a_cached_catalogue(self, anonymous, catalogue, entry):
        assert entry.title in html(anonymous, catalogue.url)
        html(anonymous, catalogue.url + "json/")
        PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.PASSWORD, password="secret")
        for url in (catalogue.url, catalogue.url + "json/", catalogue.url + "feed/"):
            response = anonymous.get(url)
            page = response.content.decode()
            assert response.status_code == 200 and 'name="password"' in page, url
            assert entry.title not in page, url

    def test_login_restriction_still_applies_to_a_cached_catalogue(self, anonymous, catalogue, entry):
        html(anonymous, catalogue.url)
        PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
        response = anonymous.get(catalogue.url)
        assert response.status_code == 302 and "login" in response["Location"]


# --- JSON and feeds -------------------------------------------------------------------------------------


class TestJsonAndFeeds:
    def test_json_is_cached_and_invalidated(self, anonymous, catalogue, entry):
        data = anonymous.get(catalogue.url + "json/").json()
        assert data["count"] == 1
        retitle_behind_the_cache(entry, "改过的标题")
        assert anonymous.get(catalogue.url + "json/").json()["results"][0]["title"] == entry.title
        second = make_entry(catalogue, title="某县防汛抗旱应急预案", written_date=datetime.date(2024, 4, 1))
        data = anonymous.get(catalogue.url + "json/").json()
        assert data["count"] == 2 and {result["title"] for result in data["results"]} == {"改过的标题", second.title}
        assert anonymous.get(catalogue.url + "json/")["Content-Type"] == "application/json"

    def test_feeds_are_cached_and_invalidated(self, anonymous, catalogue, entry):
        for path in ("feed/", "atom/"):
            assert entry.index_number in anonymous.get(catalogue.url + path).content.decode()
        CatalogueEntryPage.objects.get(pk=entry.pk).unpublish()
        for path in ("feed/", "atom/"):
            response = anonymous.get(catalogue.url + path)
            assert entry.index_number not in response.content.decode()
            assert "xml" in response["Content-Type"]


# --- the listing columns -------------------------------------------------------------------------------


class TestListingColumns:
    def test_derived_on_save(self, catalogue, entry):
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert row.catalogue_id == catalogue.pk and row.is_listed
        grams = CatalogueSearchGram.objects.filter(page_id=entry.pk)
        assert grams.exists()
        assert set(grams.values_list("catalogue_id", "publish_date", "is_listed")) == {(catalogue.pk, row.publish_date, True)}

    def test_drafts_and_withheld_entries_are_not_listed(self, catalogue, organisation):
        draft = make_entry(catalogue, publish=False)
        withheld = make_entry(catalogue, disclosure_attribute="withheld", non_disclosure_reason="条例第十四条")
        for page in (draft, withheld):
            assert not CatalogueEntryPage.objects.get(pk=page.pk).is_listed
            assert not CatalogueSearchGram.objects.filter(page_id=page.pk, is_listed=True).exists()

    def test_rebuild_matches_what_save_derives(self, catalogue, organisation):
        from wagtail_disclosure.models.listing import rebuild_listing_columns

        entries = [make_entry(catalogue), make_entry(catalogue, publish=False)]
        expected = list(CatalogueEntryPage.objects.order_by("pk").values_list("pk", "catalogue_id", "is_listed"))
        expected_grams = sorted(CatalogueSearchGram.objects.values_list("page_id", "gram", "catalogue_id", "publish_date", "is_listed"))
        CatalogueEntryPage.objects.update(catalogue_id=None, is_listed=False)
        CatalogueSearchGram.objects.update(catalogue_id=None, publish_date=None, is_listed=False)
        rebuild_listing_columns(CatalogueEntryPage, only_missing=True)
        assert list(CatalogueEntryPage.objects.order_by("pk").values_list("pk", "catalogue_id", "is_listed")) == expected
        assert sorted(CatalogueSearchGram.objects.values_list("page_id", "gram", "catalogue_id", "publish_date", "is_listed")) == expected_grams
        assert len(entries) == 2

    def test_queries_do_not_grow_with_the_catalogue(self, anonymous, catalogue, organisation, settings):
        settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = None
        topic = Topic.objects.create(name="科技")
        urls = [catalogue.url, f"{catalogue.url}?q=通知", f"{catalogue.url}?q=信息公开", f"{catalogue.url}?year=2024&topic={topic.pk}"]

        def counts():
            result = []
            for url in urls:
                anonymous.get(url)
                with CaptureQueriesContext(connection) as queries:
                    assert anonymous.get(url).status_code == 200
                result.append(len(queries.captured_queries))
            return result

        make_entry(catalogue, topic=Topic.objects.create(name="教育", parent=topic), genre=Genre.objects.create(name="通知"))
        few = counts()
        for _ in range(8):
            make_entry(catalogue)
        assert counts() == few
