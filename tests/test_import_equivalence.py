"""The import's batch publication (``reviews.publish_first_revisions``) gives the same page as the admin's route,
and a gate refusal during an import leaves the row a draft, counted and reported as refused."""

import re

import pytest
from django.db.models import CharField, TextField
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageLogEntry
from wagtail.search.backends import get_search_backend

from tests.testapp.models import RuledCataloguePage, RuledEntryPage
from wagtail_disclosure.models import CatalogueEntryPage, ImportRun, ReviewRecord
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record, record_decision

from .test_import import record, run, write_csv
from .test_ledger_integrity import verify
from .utils import editor_form_data

# What differs between any two pages by construction: identity, tree position, address, 索引号 serial, times.
DIFFERENT = {
    "id", "page_ptr", "page_ptr_id", "path", "translation_key", "slug", "url_path", "index_number", "search_text",
    "latest_revision", "latest_revision_id", "live_revision", "live_revision_id", "latest_revision_created_at",
    "first_published_at", "last_published_at", "owner", "owner_id", "pk",
}  # fmt: skip
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


@pytest.fixture
def site(catalogue, organisation, classifications):
    return catalogue


def comparable(values):
    # The editor's rich text carries Draftail's random block keys; the text is what is compared.
    return {name: BLOCK_KEY.sub("", value) if isinstance(value, str) else value for name, value in values.items() if name not in DIFFERENT}


def fields_of(page):
    return comparable({field.attname: getattr(page, field.attname) for field in type(page)._meta.concrete_fields})


def public_html(page):
    response = Client().get(page.url)
    assert response.status_code == 200
    html = BLOCK_KEY.sub("", response.content.decode())
    return html.replace(page.index_number, "<索引号>").replace(page.url, "<url>").replace(page.slug, "<slug>")


@pytest.mark.django_db
def test_an_imported_page_is_the_page_the_admin_and_a_legacy_migration_give(site, tmp_path, admin_client):
    path = write_csv(tmp_path / "one.csv", [record(title="关于开展2024年春季学期教育督导的通知")])
    _out, _err, error = run(path, "--publish", "--reason", "原系统已公开")
    assert error is None
    imported = CatalogueEntryPage.objects.get()

    # The same entry through the admin's create view, published with a 历史数据迁移 record by Wagtail's own action.
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "catalogueentrypage", site.pk)),
        editor_form_data(imported, slug="admin-entry"),
    )
    assert response.status_code == 302
    created = CatalogueEntryPage.objects.exclude(pk=imported.pk).get()
    record_decision(
        created, created.get_latest_revision(), kind=RecordKind.LEGACY_MIGRATION, publish=True, skip_permission_checks=True,
        reviewer_name="测试", reason="原系统已公开", source="admin",
    )  # fmt: skip
    imported.refresh_from_db()
    created.refresh_from_db()

    assert fields_of(imported) == fields_of(created)
    for page in (imported, created):
        assert page.live and not page.has_unpublished_changes and page.first_published_at and page.last_published_at
        assert page.live_revision_id == page.latest_revision_id == page.revisions.get().pk
        assert page.latest_revision_created_at == page.live_revision.created_at and page.draft_title == page.title
    assert comparable(imported.live_revision.content) == comparable(created.live_revision.content)
    assert imported.live_revision.object_str == created.live_revision.object_str
    # The ledger record holds the revision that went live, and the chain verifies.
    legacy = ReviewRecord.objects.get(page_pk=imported.pk)
    assert (legacy.kind, legacy.revision_pk) == (RecordKind.LEGACY_MIGRATION, imported.live_revision_id)
    status, _stdout, stderr = verify()
    assert status == 0, stderr
    # Found by the admin's search, served identically, and the tree is sound.
    found = [page.pk for page in get_search_backend().autocomplete("春季学期", Page)]
    assert sorted(found) == sorted([imported.pk, created.pk])
    assert public_html(imported) == public_html(created)
    assert all(not problems for problems in Page.find_problems())
    assert [log.action for log in PageLogEntry.objects.filter(page=imported).order_by("pk")][-1] == "wagtail.publish"


@pytest.fixture
def ruled_catalogue(site):
    """A host's catalogue whose entries may not go live while the body has a 【待补全】 mark (its own rule)."""
    catalogue = site.get_parent().add_child(instance=RuledCataloguePage(title="规则目录", slug="ruled", live=False))
    append_record(catalogue, kind=RecordKind.LEGACY_MIGRATION, conclusion=Conclusion.APPROVE, reviewer_name="测试", reason="x", source="tests")
    catalogue.save_revision().publish()
    catalogue.refresh_from_db()
    return catalogue


@pytest.mark.django_db
def test_a_row_the_gate_refuses_is_a_draft_counted_and_reported_as_refused(ruled_catalogue, tmp_path):
    rows = [record(title="第一条", body="<p>正文【待补全】</p>"), record(title="第二条"), record(title="第三条", body="<p>【待补全】</p>")]
    out, err, error = run(write_csv(tmp_path / "ruled.csv", rows), "--publish", "--reason", "原系统已公开", "--parent", str(ruled_catalogue.pk))
    assert error is None, err
    refused = RuledEntryPage.objects.filter(title__in=["第一条", "第三条"])
    assert refused.count() == 2 and RuledEntryPage.objects.get(title="第二条").live
    for page in refused:
        assert not page.live and page.live_revision_id is None and page.has_unpublished_changes
        assert page.latest_revision_id == page.revisions.get().pk
        assert PageLogEntry.objects.filter(page=page, action="wagtail_disclosure.gate_refused").exists()
        assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert "Imported: 3 (published: 1)" in out
    assert "refused them (imported as drafts; the reason for each is given above): 2." in out
    assert out.count("Not published, kept as a draft:") == 2 and "正文中还有【待补全】标记" in out
    assert ImportRun.objects.get().published == 1
