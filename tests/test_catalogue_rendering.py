"""The catalogue rendered afresh (a cache miss): what it reads beyond what any Wagtail page reads, and the
per-process copies (breadcrumbs, filter choices, rendered selects) that follow every change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail_disclosure import forms as disclosure_forms
from wagtail_disclosure.models import Genre, Organisation, Topic

from .utils import make_entry, publish_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    settings.WAGTAIL_DISCLOSURE_CATALOGUE_CACHE = None
    return Client()


def queries_of(client, url):
    client.get(url)  # the per-process copies are made by a first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


def test_a_miss_reads_neither_the_classifications_nor_the_ancestors(uncached, catalogue, organisation):
    entries = [make_entry(catalogue, document_number=f"某政发〔2024〕{n}号") for n in range(1, 4)]
    topic = Topic.objects.get(pk=entries[0].topic_id)
    for url in (catalogue.url, f"{catalogue.url}?topic={topic.parent_id}", f"{catalogue.url}?q=通知"):
        queries, html = queries_of(uncached, url)
        # The organisations, topics and genres shown come with the filter choices, kept per process.
        shown = (Organisation._meta.db_table, Topic._meta.db_table, Genre._meta.db_table)
        assert not [sql for sql in queries if any(f'"{table}"' in sql for table in shown)]
        # The breadcrumbs too (treebeard's get_ancestors: the paths, by depth).
        assert not [sql for sql in queries if '"path" IN (' in sql and sql.endswith('ORDER BY "wagtailcore_page"."depth" ASC')]
        for entry in entries:
            assert entry.title in html and entry.index_number in html
        assert f"{organisation.name} · {topic.name} · {entries[0].genre.name}" in html
        home = catalogue.get_parent()
        assert f'<a href="{home.url}">{home.title}</a>' in html


def test_kept_breadcrumbs_follow_a_renamed_ancestor(uncached, catalogue, organisation):
    make_entry(catalogue)
    home = catalogue.get_parent().specific
    assert home.title in uncached.get(catalogue.url).content.decode()
    home.title = "某县人民政府门户网站"
    publish_reviewed(home)
    queries, html = queries_of(uncached, catalogue.url)
    assert "某县人民政府门户网站</a>" in html
    assert not [sql for sql in queries if '"path" IN (' in sql and sql.endswith('ORDER BY "wagtailcore_page"."depth" ASC')]


def test_rendered_selects_are_kept_only_for_offered_values(uncached, catalogue, organisation):
    entry = make_entry(catalogue)
    topic = Topic.objects.get(pk=entry.topic_id)
    html = uncached.get(catalogue.url, {"topic": topic.pk}).content.decode()
    assert f'<option value="{topic.pk}" selected>' in html
    kept = disclosure_forms._FILTER_CHOICES[1].rendered
    size = len(kept)
    for value in ("abc", "999999", "1' onload='x"):
        html = uncached.get(catalogue.url, {"topic": value, "org": value}).content.decode()
        assert " selected>" not in html.split('name="topic"')[1].split("</select>")[0]
    assert len(kept) == size
    html = uncached.get(catalogue.url).content.decode()
    assert f'<option value="{topic.pk}" selected>' not in html


def test_a_search_for_words_looks_up_no_reference_number(uncached, catalogue, organisation):
    entry = make_entry(catalogue, title="关于做好防汛工作的通知", document_number="某政办发〔二〇二四〕7号")
    listed, _html = queries_of(uncached, catalogue.url)
    searched, html = queries_of(uncached, f"{catalogue.url}?q=通知")
    assert entry.title in html
    assert len(searched) == len(listed)  # count, ids, rows: no exact-match query
    for number in (entry.index_number, "某政办发〔二〇二四〕7号"):
        response = uncached.get(catalogue.url, {"q": number})
        assert response.status_code == 302 and response["Location"].endswith(entry.url)


def row_links(html):
    import re

    return re.findall(r'<td>\s*<a href="([^"]+)">', html)


@pytest.mark.parametrize("append_slash", [True, False])
def test_row_addresses_are_wagtails_without_asking_wagtail_per_row(uncached, catalogue, organisation, monkeypatch, append_slash):
    """The list writes each entry's address from the catalogue's (one get_url) and the entry's url_path: the
    same as {% pageurl %}, Chinese slugs percent-encoded as reverse() does, with WAGTAIL_APPEND_SLASH either way."""
    from wagtail.models import pages as wagtail_pages

    monkeypatch.setattr(wagtail_pages, "WAGTAIL_APPEND_SLASH", append_slash)
    entries = [make_entry(catalogue, slug=slug) for slug in ("t20240301_00001", "关于做好安全生产工作的通知", "a-b_c")]
    queries, html = queries_of(uncached, catalogue.url.rstrip("/") + "/")
    links = row_links(html)
    assert sorted(links) == sorted(entry.get_url() for entry in entries)
    assert any("%E5%85%B3%E4%BA%8E" in link for link in links)  # 关于, as reverse() quotes it
    assert all(link.endswith("/") is append_slash for link in links)
    # One query for the page of rows and their count (no count, ids and rows apart; no query per row).
    rows = [sql for sql in queries if "wagtail_disclosure_catalogueentrypage" in sql]
    assert len(rows) == 1 and "COUNT(*)" in rows[0]


def test_a_page_out_of_range_and_the_last_page(uncached, catalogue, organisation):
    titles = [f"关于第{n}批项目的通知" for n in range(23)]
    for title in titles:
        make_entry(catalogue, title=title)
    _queries, last = queries_of(uncached, f"{catalogue.url}?page=2")
    _queries, beyond = queries_of(uncached, f"{catalogue.url}?page=9")
    assert len(row_links(last)) == 3 and len(row_links(beyond)) == 3
    assert "共23条信息" in last and "共23条信息" in beyond  # the count, also when the page asked for has no rows
    _queries, first = queries_of(uncached, catalogue.url)
    assert len(set(row_links(first)) | set(row_links(last))) == 23
