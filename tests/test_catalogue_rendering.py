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
