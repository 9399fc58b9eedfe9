"""Pages written in batches (``models.batch_writes``, ``reviews.publish_first_revisions``, what the importer uses):
the same rows as one save at a time, and no way past the gate.

Each test writes a batch as the importer does: tree positions, inserted drafts, first revisions, 历史数据迁移
records, then the publication, which asks the gate about each page."""

import datetime

import pytest
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from wagtail_disclosure.gate.enforcement import GATE_REFUSED_LOG_ACTION
from wagtail_disclosure.importers.catalogue import ChildPositions, first_revisions
from wagtail_disclosure.models import CatalogueEntryPage, CatalogueSearchGram, IssuedIndexNumber, ReviewRecord
from wagtail_disclosure.models.batch_writes import insert_new_pages, side_tables_written_once, tables_of
from wagtail_disclosure.models.index_numbers import issue_index_numbers, same_numbering
from wagtail_disclosure.rules.confidentiality import RecordKind
from wagtail_disclosure.rules.vocabulary import DisclosureAttribute
from wagtail_disclosure.services import reviews

from .test_ledger_integrity import verify
from .utils import make_entry


def new_entries(organisation, classifications, titles, **fields):
    topic, genre, _audience = classifications
    fields.setdefault("written_date", datetime.date(2024, 3, 1))
    return [
        CatalogueEntryPage(title=title, slug=title, organisation=organisation, topic=topic, genre=genre, live=False, body="<p>正文</p>", **fields)
        for title in titles
    ]


def insert(catalogue, entries):
    """As the importer writes a batch (inside its transaction): tree positions, 索引号, the rows; their first revisions."""
    positions = ChildPositions(catalogue)
    positions.place(entries)
    issue_index_numbers(entries)
    insert_new_pages(positions.parent, entries)
    positions.close()
    return first_revisions(entries)


def record(entries, revisions, indexes):
    pairs = [(entries[n], revisions[n]) for n in indexes]
    reviews.record_decisions(pairs, kind=RecordKind.LEGACY_MIGRATION, reviewer_name="测试", reason="原系统已公开", source="tests")


def write(catalogue, entries, publish=(), record_for=()):
    """Insert ``entries`` as drafts with their first revisions; record a 历史数据迁移 decision for the revisions of
    ``record_for`` and publish ``publish`` (indexes into ``entries``). Returns the verdicts."""
    with transaction.atomic(), side_tables_written_once(), same_numbering(catalogue):
        revisions = insert(catalogue, entries)
        record(entries, revisions, record_for)
        return reviews.publish_first_revisions([(entries[n], revisions[n]) for n in publish], audit_log=log) if publish else []


@pytest.mark.django_db
def test_a_batch_gives_the_rows_saves_give(catalogue, organisation, classifications):
    saved = make_entry(catalogue, publish=False, title="逐条保存的条目", organisation=organisation)
    entries = new_entries(organisation, classifications, ["第一条", "第二条", "第三条"])
    write(catalogue, entries)
    for entry in entries:
        stored = CatalogueEntryPage.objects.get(pk=entry.pk)
        # The base row and the entry's row, the tree, the address, the derived columns.
        assert stored.url_path == f"{catalogue.url_path}{stored.slug}/" and stored.get_parent().pk == catalogue.pk
        assert stored.index_number and stored.catalogue_id == catalogue.pk and not stored.live and not stored.is_listed
        assert stored.search_text and stored.draft_title == stored.title and stored.content_type_id == saved.content_type_id
        assert list(stored.revisions.values_list("pk", flat=True)) == [entry.latest_revision.pk]
        # Its other tables: the 索引号 registry linked to it, its search grams.
        assert IssuedIndexNumber.objects.get(number=stored.index_number).page_id == stored.pk
        assert CatalogueSearchGram.objects.filter(page_id=stored.pk, is_listed=False).exists()
    # Serials continue after the entry saved before, and the slugs come from the site's scheme as on a save.
    serials = sorted(int(entry.index_number.rsplit("-", 1)[1]) for entry in [saved, *entries])
    assert serials == list(range(serials[0], serials[0] + 4))
    assert {entry.slug for entry in entries} == {f"t20240301_{entry.index_number.rsplit('-', 1)[1]}" for entry in entries}
    catalogue.refresh_from_db()
    assert catalogue.numchild == 4 and not Page.find_problems()[3]  # treebeard's child counts agree


@pytest.mark.django_db
def test_slugs_are_unique_among_the_batch_and_the_siblings_already_there(catalogue, organisation, classifications, settings):
    settings.WAGTAIL_DISCLOSURE_SLUG_SCHEME = "title"
    make_entry(catalogue, publish=False, title="同名", slug="同名", organisation=organisation)
    entries = new_entries(organisation, classifications, ["同名", "同名", "同名"])
    for entry in entries:
        entry.slug = "同名"
    write(catalogue, entries)
    slugs = sorted(CatalogueEntryPage.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 4 and "同名" in slugs


@pytest.mark.django_db
def test_publication_asks_the_gate_about_each_page(catalogue, organisation, classifications):
    entries = new_entries(organisation, classifications, ["已审查", "未审查", "审查后改动", "依申请公开"])
    entries[3].disclosure_attribute = DisclosureAttribute.ON_REQUEST
    with transaction.atomic(), side_tables_written_once(), same_numbering(catalogue):
        revisions = insert(catalogue, entries)
        record(entries, revisions, (0, 2, 3))
        # The object in hand no longer holds the recorded revision's content: the content written live would not be the reviewed one.
        entries[2].title = "审查后改动的标题"
        verdicts = reviews.publish_first_revisions(list(zip(entries, revisions, strict=True)), audit_log=log)

    assert [verdict.allowed for verdict in verdicts] == [True, False, False, False]
    assert verdicts[1].missing == [None] and verdicts[1].title == "未审查"  # no review at all
    live = dict(CatalogueEntryPage.objects.values_list("title", "live"))
    assert live == {"已审查": True, "未审查": False, "审查后改动": False, "依申请公开": False}
    for entry in entries[1:]:
        stored = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert stored.live_revision_id is None and not stored.is_listed and stored.first_published_at is None
    refused = PageLogEntry.objects.filter(action=GATE_REFUSED_LOG_ACTION).values_list("page_id", flat=True)
    assert sorted(refused) == sorted(entry.pk for entry in entries[1:])
    first = CatalogueEntryPage.objects.get(pk=entries[0].pk)
    assert first.live_revision_id == first.latest_revision_id == revisions[0].pk and first.is_listed
    assert CatalogueSearchGram.objects.filter(page_id=first.pk, is_listed=True).exists()
    assert not CatalogueSearchGram.objects.filter(page_id=entries[1].pk, is_listed=True).exists()


@pytest.mark.django_db
def test_records_appended_together_keep_the_chain(catalogue, organisation, classifications):
    make_entry(catalogue, organisation=organisation)  # a record before the batch's
    before = ReviewRecord.objects.count()
    entries = new_entries(organisation, classifications, [f"第{n}条" for n in range(5)])
    write(catalogue, entries, publish=range(5), record_for=range(5))
    records = list(ReviewRecord.objects.order_by("sequence"))
    assert [record.sequence for record in records] == list(range(1, before + 6))
    assert [record.page_pk for record in records[before:]] == [entry.pk for entry in entries]
    assert all(record.revision_pk == entry.live_revision_id for record, entry in zip(records[before:], entries, strict=True))
    status, _out, err = verify()
    assert status == 0, err


def test_a_page_is_written_to_each_table_of_its_type():
    from tests.testapp.models import RuledEntryPage

    assert tables_of(CatalogueEntryPage) == [Page, CatalogueEntryPage]
    assert tables_of(RuledEntryPage) == [Page, RuledEntryPage]


@pytest.mark.parametrize(
    "text",
    [
        "各乡镇人民政府，县直有关单位：\n为深入贯彻落实有关决策部署，现通知如下。\n\n一、工作目标",
        "全角　空格 &nbsp; <> & \"引号\" '单引号' ｆｕｌｌ",
        "tab\there\r\nwindows line\u2028separator\ufeffbom 😀 \u200b",
        "a\x0bb\x0cc",  # vertical tab and form feed are line breaks for splitlines()
        "a\x00b\x01c\x7f",  # control characters: the sanitiser's path
        "<p>已是 HTML</p><script>alert(1)</script>",
    ],
)
def test_a_plain_text_body_is_the_rich_text_the_sanitiser_gives(text):
    from wagtail_disclosure.importers.catalogue import as_html, body_rich_text
    from wagtail_disclosure.sanitize import to_rich_text

    features = CatalogueEntryPage._meta.get_field("body").features
    assert body_rich_text(text, features) == to_rich_text(as_html(text), features)


@pytest.mark.django_db
def test_an_import_into_a_database_that_cannot_write_in_batches_is_refused_before_anything(site_catalogue_csv, monkeypatch):
    from django.db import connection

    from .test_import import run

    # As MySQL: a multi-row insert returns no ids, which the batch's revisions and tables need.
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    _out, _err, error = run(site_catalogue_csv)
    assert "cannot write pages in batches" in error or "不支持批量写入" in error
    assert not CatalogueEntryPage.objects.exists()


@pytest.fixture
def site_catalogue_csv(catalogue, organisation, classifications, tmp_path):
    from .test_import import record, write_csv

    return write_csv(tmp_path / "entries.csv", [record(title="第一条")])
