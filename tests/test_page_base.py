"""A host site builds its own page types on the plugin's public abstract bases (tests/testapp) and gets
the editor form, the gate, the fingerprint, the pre-scan and the 索引号 with no edit to the plugin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.fields import get_translatable_fields

from tests.testapp.models import BareEntryPage, HostEntryAttachment, HostEntryPage, HostNoticePage
from wagtail_disclosure import prescan
from wagtail_disclosure.gate import (
    GateRefused,
    content_fingerprint,
    gated_page_models,
    publication_verdict,
)
from wagtail_disclosure.rules.sensitive_data import SensitiveKind

from .utils import approve, make_classifications, make_organisation, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return make_site()


@pytest.fixture
def metadata():
    organisation = make_organisation()
    topic, genre, _audience = make_classifications()
    return {"organisation": organisation, "topic": topic, "genre": genre, "written_date": datetime.date(2024, 3, 1)}


def add(home, page):
    home.add_child(instance=page)
    return page


def test_every_host_type_is_gated():
    assert {HostEntryPage, BareEntryPage, HostNoticePage} <= gated_page_models()


@pytest.mark.parametrize("model", [HostEntryPage, BareEntryPage, HostNoticePage])
def test_the_editor_form_is_built(model):
    form_class = model.get_edit_handler().get_form_class()
    assert "title" in form_class.base_fields


def test_attachments_panel_follows_the_declared_relation():
    def relations(model):
        return set(model.get_edit_handler().get_form_class().formsets)

    assert "attachments" in relations(HostEntryPage)
    assert "attachments" not in relations(BareEntryPage)
    assert "attachments" in {field.field_name for field in get_translatable_fields(HostEntryPage)}
    assert "attachments" not in {field.field_name for field in get_translatable_fields(BareEntryPage)}


def test_the_add_view_renders_and_creates_a_draft_with_an_index_number(admin_client, home, metadata):
    url = reverse("wagtailadmin_pages:add", args=("disclosure_testapp", "hostentrypage", home.pk))
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "关于开展某项工作的通知",
            "slug": "host-entry",
            "subtitle": "副标题",
            "summary": "",
            "body": rich_text("<p>正文</p>"),
            "attachments": inline_formset([]),
            "organisation": metadata["organisation"].pk,
            "document_number": "",
            "written_date": "2024-03-01",
            "publish_date": "",
            "topic": metadata["topic"].pk,
            "genre": metadata["genre"].pk,
            "audience": "",
            "keywords": "",
            "disclosure_attribute": "public",
            "non_disclosure_reason": "",
            "validity": "valid",
            "validity_changed_on": "",
            "superseded_by": "",
            "internal_notes": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = HostEntryPage.objects.get(slug="host-entry")
    assert not page.live  # publishing without a review made it a draft
    assert page.index_number.startswith(metadata["organisation"].code)
    assert page.publication_deadline is not None


@pytest.mark.parametrize("model", [HostEntryPage, BareEntryPage])
def test_catalogue_subclasses_are_gated_and_publish_once_reviewed(home, metadata, model):
    page = add(home, model(title="通知", slug=f"n-{model.__name__.lower()}", live=False, **metadata))
    assert page.index_number
    revision = page.save_revision()
    with pytest.raises(GateRefused):
        revision.publish(user=_user())
    approve(page, revision)
    before = timezone.localdate()
    revision.publish()
    page.refresh_from_db()
    # Published today: the day before or after midnight, should the publication straddle it.
    assert page.live and page.is_listed and page.publish_date in {before, timezone.localdate()}
    page.title = "改过的标题"
    with pytest.raises(ValidationError):
        page.save()  # unreviewed live content


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(f"admin{get_user_model().objects.count()}", "a@example.com", "x")


def test_a_new_type_gets_index_number_gate_and_deadline(home, metadata):
    page = add(home, HostNoticePage(title="公告", slug="notice", live=True, organisation=metadata["organisation"], written_date=metadata["written_date"]))
    assert not page.live  # created live without review: a draft
    assert page.index_number.startswith(metadata["organisation"].code)
    assert page.publication_deadline == datetime.date(2024, 3, 29)
    assert not publication_verdict(page).allowed
    approve(page)
    assert publication_verdict(page).allowed


def test_the_fingerprint_leaves_out_what_the_type_declares_derived(home, metadata):
    page = add(home, HostNoticePage(title="公告", slug="notice", organisation=metadata["organisation"], written_date=metadata["written_date"]))
    before = content_fingerprint(page)
    page.publish_date = datetime.date(2024, 3, 5)
    page.publication_deadline = datetime.date(2030, 1, 1)
    assert content_fingerprint(page) == before  # declared derived (type and TimelinessMixin)
    page.body = "<p>新内容</p>"
    assert content_fingerprint(page) != before
    entry = add(home, HostEntryPage(title="通知", slug="e", **metadata))
    before = content_fingerprint(entry)
    entry.subtitle = "新副标题"
    assert content_fingerprint(entry) != before  # the host's own field is content


def test_the_prescan_reads_the_hosts_fields_but_not_its_internal_ones(home, metadata):
    page = HostNoticePage(title="公告", slug="notice", organisation=metadata["organisation"], written_date=metadata["written_date"])
    page.body = "<p>联系电话 13912345678</p>"
    page.memo = "内部：13812345678"
    locations = {(finding.location, finding.kind) for finding in prescan.scan_page(page).findings}
    assert locations == {("field:body", SensitiveKind.MOBILE)}
    entry = HostEntryPage(title="通知", slug="e", subtitle="邮箱 someone@example.com", **metadata)
    assert {(f.location, f.kind) for f in prescan.scan_page(entry).findings} == {("field:subtitle", SensitiveKind.EMAIL)}


def test_host_attachments_are_content_and_scanned(home, metadata):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="附件", file=ContentFile(b"phone 13912345678", name="a.txt"))
    entry = add(home, HostEntryPage(title="通知", slug="e", **metadata))
    before = content_fingerprint(entry)
    HostEntryAttachment.objects.create(page=entry, document=document)
    entry = HostEntryPage.objects.get(pk=entry.pk)
    assert content_fingerprint(entry) != before
    assert [a.document for a in entry.public_attachments] == [document]
    assert any(f.location.startswith(f"document:{document.pk}") for f in prescan.scan_page(entry).findings)
    assert BareEntryPage(title="x").public_attachments == []



class TestPublicationBlockers:
    """A type's own rules (``publication_blockers``) block publication on every route the gate covers."""

    @pytest.fixture
    def notice(self, home, metadata):
        page = add(home, HostNoticePage(title="公告", slug="notice", organisation=metadata["organisation"], written_date=metadata["written_date"], body="<p>【待补全】</p>"))
        revision = page.save_revision()
        approve(page, revision)  # reviewed: only the type's rule stands in the way
        return page, revision

    def test_the_verdict_and_publish_refuse_with_the_rules_message(self, notice):
        page, revision = notice
        verdict = publication_verdict(page, revision)
        assert not verdict.allowed and "待补全" in verdict.message
        with pytest.raises(GateRefused, match="待补全"):
            revision.publish(user=_user())
        revision.publish()  # scheduled publishing / no user: skipped, not published
        assert not HostNoticePage.objects.get(pk=page.pk).live

    def test_saving_it_live_is_refused_and_creating_it_live_makes_a_draft(self, notice, home, metadata):
        page, _revision = notice
        page.live = True
        with pytest.raises(ValidationError, match="待补全"):
            page.save()
        created = add(home, HostNoticePage(title="新公告", slug="notice-2", live=True, body="<p>【待补全】</p>", **{k: metadata[k] for k in ("organisation", "written_date")}))
        assert not created.live

    def test_the_editor_cannot_publish_it(self, notice, admin_client):
        page, _revision = notice
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert 'name="action-publish"' not in response.content.decode()

    def test_once_corrected_it_publishes(self, notice, admin_client):
        page, _revision = notice
        page.body = "<p>内容完整</p>"
        revision = page.save_revision()
        approve(page, revision)
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert 'name="action-publish"' in response.content.decode()
        revision.publish()
        assert HostNoticePage.objects.get(pk=page.pk).live
