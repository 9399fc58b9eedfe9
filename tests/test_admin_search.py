"""Chinese search in the admin: the entries listing, the page explorer, the page and document choosers
find an object by any substring of two or more characters of its title (an entry also by its 发文字号 and
索引号), through Wagtail's own views and the plugin's search backend (``search_backend``)."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from wagtail_disclosure.models import SubstringIndexEntry
from wagtail_disclosure.search_backend import substring_terms

from .utils import make_entry, publish_reviewed

pytestmark = pytest.mark.django_db

NUMBERED = "某政办发〔2026〕32号"


@pytest.fixture
def entries(catalogue, organisation):
    """Six entries written in 2026 (索引号 serials 00001–00006) and one from 2025."""
    titles = [
        "关于开展安全生产大检查的通知",
        "县消防大队火灾隐患排查情况的通报",
        "关于印发2026年教育工作要点的意见",
        "某县防汛抗旱应急预案",
        "关于调整部分道路限速的公告",
        "关于做好冬季火灾防控工作的通知",
    ]
    made = {}
    for i, title in enumerate(titles):
        number = NUMBERED if i == 0 else ""
        made[title] = make_entry(catalogue, title=title, document_number=number, written_date=datetime.date(2026, 1, 10 + i))
    made["old"] = make_entry(catalogue, title="二〇二五年政府信息公开工作年度报告", written_date=datetime.date(2025, 3, 1))
    return made


def found(html, entries):
    """The titles of ``entries`` that a listing's HTML shows."""
    return {key for key, entry in entries.items() if entry.title in html}


QUERIES = [
    ("安全生产", {"关于开展安全生产大检查的通知"}),
    ("通知", {"关于开展安全生产大检查的通知", "关于做好冬季火灾防控工作的通知"}),
    ("火灾", {"县消防大队火灾隐患排查情况的通报", "关于做好冬季火灾防控工作的通知"}),
    (NUMBERED, {"关于开展安全生产大检查的通知"}),
    ("某政办发[2026]32号", {"关于开展安全生产大检查的通知"}),  # other brackets, folded
    ("2026-00006", {"关于做好冬季火灾防控工作的通知"}),
    ("年度报告", {"old"}),
    ("火灾 通知", {"关于做好冬季火灾防控工作的通知"}),  # every word
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_entries_listing(admin_client, entries, query, expected):
    assert entries["关于做好冬季火灾防控工作的通知"].index_number.endswith("2026-00006")
    html = admin_client.get(reverse("disclosure_entries:index"), {"q": query}).content.decode()
    assert found(html, entries) == expected


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_page_explorer_search(admin_client, entries, query, expected):
    html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": query}).content.decode()
    assert found(html, entries) == expected


def test_explorer_listing_of_the_catalogue(admin_client, catalogue, entries):
    url = reverse("wagtailadmin_explore", args=(catalogue.pk,))
    html = admin_client.get(url, {"q": "火灾"}).content.decode()
    assert found(html, entries) == {"县消防大队火灾隐患排查情况的通报", "关于做好冬季火灾防控工作的通知"}


def test_explorer_search_facets_by_page_type(admin_client, catalogue, entries):
    Page.objects.get(pk=catalogue.pk).get_parent().add_child(instance=Page(title="安全生产专栏", slug="aqsc"))
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "安全生产"})
    counts = dict((content_type.model, count) for content_type, count in response.context["content_types"])
    assert counts == {"catalogueentrypage": 1, "page": 1}


def test_the_explorer_search_counts_pages_in_chinese_without_none(admin_client, entries):
    # Wagtail 8.0's search view gives its title column no model name (English: "1-2 of 2 None"); the zh_Hans
    # contrib app says what is counted.
    html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "通知"}).content.decode()
    assert re.search(r"共 \d+ 个页面", html) and "个None" not in html


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_page_chooser(admin_client, entries, query, expected):
    response = admin_client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
    assert found(response.content.decode(), entries) == expected


def test_page_of_any_type_is_found_by_its_title(admin_client, catalogue):
    home = Page.objects.get(pk=catalogue.pk).get_parent()
    page = home.add_child(instance=Page(title="政府信息公开指南（2026年版）", slug="zhinan"))
    for query in ("公开指南", "2026年版", "(2026"):
        html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": query}).content.decode()
        assert page.title in html, query
        chosen = admin_client.get(reverse("wagtailadmin_choose_page_search"), {"q": query}).content.decode()
        assert page.title in chosen, query


def test_document_chooser_and_listing(admin_client, db):
    plan = Document.objects.create(title="2026年安全生产工作方案", file=ContentFile(b"x", name="plan.txt"))
    other = Document.objects.create(title="火灾应急演练记录", file=ContentFile(b"x", name="drill.txt"))
    for query, document, absent in (("安全生产", plan, other), ("应急演练", other, plan), ("2026年", plan, other)):
        html = admin_client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": query}).content.decode()
        assert document.title in html and absent.title not in html, query
        html = admin_client.get(reverse("wagtaildocs:index"), {"q": query}).content.decode()
        assert document.title in html and absent.title not in html, query


def test_index_follows_edits_and_deletions(admin_client, catalogue, entries):
    entry = entries["关于调整部分道路限速的公告"]
    entry.title = "关于调整部分桥梁限重的公告"
    publish_reviewed(entry)
    backend = get_search_backend()
    assert [page.pk for page in backend.autocomplete("桥梁", Page)] == [entry.pk]
    assert list(backend.autocomplete("道路", Page)) == []
    entry.delete()
    assert not SubstringIndexEntry.objects.filter(object_id=entry.pk).exists()
    assert list(backend.autocomplete("桥梁", Page)) == []


def test_latin_words_keep_wagtails_full_text_search(catalogue, entries):
    home = Page.objects.get(pk=catalogue.pk).get_parent()
    page = home.add_child(instance=Page(title="Annual reports", slug="annual"))
    assert substring_terms("Annual") is None
    assert [found.pk for found in get_search_backend().search("annual", Page)] == [page.pk]
    assert [found.pk for found in get_search_backend().autocomplete("annu", Page)] == [page.pk]


def test_search_results_paginate_and_count(admin_client, entries):
    results = get_search_backend().autocomplete("关于", Page)
    assert results.count() == 4
    assert len(results[1:3]) == 2 and results[1:3].count() == 2
    assert {page.pk for page in results} == {entry.pk for entry in entries.values() if entry.title.startswith("关于")}


def test_public_catalogue_search_still_works(client, catalogue, entries):
    html = client.get(catalogue.url, {"q": "火灾"}).content.decode()
    titles = set(re.findall("|".join(entry.title for entry in entries.values()), html))
    assert titles == {"县消防大队火灾隐患排查情况的通报", "关于做好冬季火灾防控工作的通知"}


def test_image_library(admin_client, db):
    photo = Image.objects.create(title="2026年消防安全演练现场", file=get_test_image_file())
    html = admin_client.get(reverse("wagtailimages:index"), {"q": "安全演练"}).content.decode()
    assert photo.title in html
    html = admin_client.get(reverse("wagtailimages_chooser:choose_results"), {"q": "消防"}).content.decode()
    assert photo.title in html


def test_rebuilding_wagtails_index_rebuilds_the_grams(catalogue, entries):
    SubstringIndexEntry.objects.all().delete()
    assert list(get_search_backend().autocomplete("火灾", Page)) == []
    call_command("update_index", verbosity=0)
    found = {page.pk for page in get_search_backend().autocomplete("火灾", Page)}
    assert found == {entries["县消防大队火灾隐患排查情况的通报"].pk, entries["关于做好冬季火灾防控工作的通知"].pk}
