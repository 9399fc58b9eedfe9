"""Reviewed means everything the public sees: the 发布日期, shared documents and images, organisation and
taxonomy names, and the record of the live revision. Each unreviewed change is refused (the public page's
HTML and downloads stay as reviewed), and the audit command recognises it when made around the gate."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from wagtail_disclosure.gate import live_content_approved
from wagtail_disclosure.models import CatalogueEntryPage, Organisation, ServiceAudience, Topic

from .utils import editor_form_data, make_entry, publish_reviewed

pytestmark = pytest.mark.django_db


def public_html(entry):
    response = Client().get(CatalogueEntryPage.objects.get(pk=entry.pk).url)
    assert response.status_code == 200
    return response.content.decode()


def audit():
    out, err = StringIO(), StringIO()
    try:
        call_command("disclosure_audit_live_content", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def entry(catalogue, organisation):
    return make_entry(catalogue, title="关于做好防汛工作的通知", slug="fangxun", written_date=datetime.date(2024, 3, 1))


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("publisher", "p@example.com", "x")


# --- 发布日期 ------------------------------------------------------------------------------------


class TestPublicationDate:
    def test_changing_it_on_a_live_entry_is_refused(self, entry):
        html = public_html(entry)
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.publish_date = datetime.date(2099, 12, 31)
        with pytest.raises(ValidationError):
            row.save()
        assert public_html(entry) == html

    def test_publishing_a_new_date_needs_a_review(self, entry, editor, client):
        client.force_login(editor)
        before = CatalogueEntryPage.objects.get(pk=entry.pk).publish_date
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=(entry.pk,)),
            editor_form_data(entry, publish_date="2099-12-31", **{"action-publish": "action-publish"}),
        )
        assert response.status_code in (200, 302)
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert row.publish_date == before and row.has_unpublished_changes  # saved as a draft, not published

    def test_the_audit_sees_a_date_changed_behind_the_gates_back(self, entry):
        assert audit()[0] == 0
        CatalogueEntryPage.objects.filter(pk=entry.pk).update(publish_date=datetime.date(2099, 12, 31))
        code, output = audit()
        assert code == 1 and entry.title in output

    def test_the_date_filled_in_at_first_publication_is_the_reviewed_one(self, entry):
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert row.publish_date is not None and live_content_approved(row)


# --- documents and images -----------------------------------------------------------------------------


@pytest.fixture
def document():
    return get_document_model().objects.create(title="防汛预案", file=ContentFile(b"plan", name="yuan.txt"))


@pytest.fixture
def image():
    return get_image_model().objects.create(title="水位图", file=get_test_image_file("shuiwei.png"))


@pytest.fixture
def illustrated(catalogue, organisation, document, image):
    body = (
        f'<p>见<a linktype="document" id="{document.pk}">预案</a>。</p>'
        f'<embed embedtype="image" format="fullwidth" id="{image.pk}" alt="水位"/>'
    )
    entry = make_entry(catalogue, title="关于防汛预案的通知", slug="yuan", body=body, publish=False)
    entry.attachments.create(document=document)
    return publish_reviewed(CatalogueEntryPage.objects.get(pk=entry.pk))


class TestSharedMedia:
    def test_a_document_title_shown_on_a_live_page_cannot_change(self, illustrated, document):
        html = public_html(illustrated)
        document.title = "防汛预案（修订）"
        with pytest.raises(ValidationError) as refused:
            document.save()
        assert illustrated.title in str(refused.value)
        assert public_html(illustrated) == html

    def test_an_image_file_or_description_cannot_change(self, illustrated, image):
        html = public_html(illustrated)
        image.file = get_test_image_file("shuiwei-v2.png", colour="red")
        with pytest.raises(ValidationError):
            image.save()
        image = get_image_model().objects.get(pk=image.pk)
        image.description = "新的替代文字"
        with pytest.raises(ValidationError):
            image.save()
        assert public_html(illustrated) == html

    def test_documents_and_images_of_live_pages_cannot_be_deleted(self, illustrated, document, image):
        for obj in (document, image):
            with pytest.raises(ProtectedError), transaction.atomic():
                obj.delete()
        assert get_document_model().objects.filter(pk=document.pk).exists()
        assert get_image_model().objects.filter(pk=image.pk).exists()

    def test_the_admin_says_why_instead_of_failing(self, illustrated, document, image, admin_client):
        response = admin_client.post(reverse("wagtaildocs:delete", args=(document.pk,)), follow=True)
        assert response.status_code == 200 and illustrated.title in response.content.decode()
        assert get_document_model().objects.filter(pk=document.pk).exists()
        response = admin_client.post(reverse("wagtailimages:delete", args=(image.pk,)), follow=True)
        assert response.status_code == 200 and illustrated.title in response.content.decode()
        assert get_image_model().objects.filter(pk=image.pk).exists()
        response = admin_client.post(
            reverse("wagtailimages:edit", args=(image.pk,)), {"title": "水位图（新）", "collection": image.collection_id, "tags": ""}
        )
        assert response.status_code == 200 and illustrated.title in response.content.decode()
        assert get_image_model().objects.get(pk=image.pk).title == "水位图"

    def test_bulk_delete_leaves_out_files_live_pages_show(self, illustrated, document, admin_client):
        from wagtail.admin.views.bulk_action.registry import bulk_action_registry

        action = bulk_action_registry.get_bulk_action_class("wagtaildocs", "document", "delete")
        url = reverse("wagtail_bulk_action", args=("wagtaildocs", "document", "delete")) + f"?id={document.pk}"
        admin_client.post(url, {"next": "/admin/"})
        assert action.__name__ == "GuardedDocumentDeleteBulkAction"
        assert get_document_model().objects.filter(pk=document.pk).exists()

    def test_files_of_drafts_and_unused_files_stay_editable(self, catalogue, document, image):
        make_entry(catalogue, slug="draft", body=f'<p><a linktype="document" id="{document.pk}">预案</a></p>', publish=False)
        document.title = "改名"
        document.save()
        image.delete()

    def test_the_audit_sees_a_title_changed_behind_the_gates_back(self, illustrated, document):
        assert audit()[0] == 0
        get_document_model().objects.filter(pk=document.pk).update(title="改过的标题")
        assert audit()[0] == 1


# --- organisations and classifications --------------------------------------------------------------------


class TestDisplayedNames:
    def test_renaming_an_organisation_live_pages_show_is_refused(self, entry, admin_client):
        organisation = Organisation.objects.get(pk=entry.organisation_id)
        html = public_html(entry)
        organisation.name = "某县人民政府办公室（新）"
        with pytest.raises(ValidationError):
            organisation.save()
        response = admin_client.post(
            reverse("disclosure_organisations:edit", args=(organisation.pk,)),
            {"name": "某县人民政府办公室（新）", "short_name": "", "code": organisation.code, "is_active": "on", "sort_order": 0},
        )
        assert response.status_code == 200 and entry.title in response.content.decode()
        assert public_html(entry) == html
        # What the public does not see may change.
        organisation = Organisation.objects.get(pk=organisation.pk)
        organisation.short_name = "县府办"
        organisation.save()

    def test_renaming_or_moving_a_parent_topic_is_refused(self, entry):
        topic = Topic.objects.get(pk=entry.topic_id)
        parent = topic.parent
        parent.name = "科技与教育"
        with pytest.raises(ValidationError):
            parent.save()
        other = Topic.objects.create(name="综合政务")
        topic.parent = other
        with pytest.raises(ValidationError):
            topic.save()

    def test_deleting_an_audience_live_pages_show_is_refused(self, entry, admin_client):
        audience = ServiceAudience.objects.create(name="企业")
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.audience = audience
        publish_reviewed(row)
        html = public_html(entry)
        with pytest.raises(ProtectedError), transaction.atomic():
            audience.delete()
        response = admin_client.post(reverse("disclosure_audiences:delete", args=(audience.pk,)), follow=True)
        assert response.status_code == 200 and entry.title in response.content.decode()
        assert public_html(entry) == html

    def test_the_audit_sees_a_rename_behind_the_gates_back(self, entry):
        assert audit()[0] == 0
        Organisation.objects.filter(pk=entry.organisation_id).update(name="改名的机构")
        assert audit()[0] == 1


# --- the live revision ------------------------------------------------------------------------------------


class TestLiveRevisionRecord:
    def test_it_cannot_point_at_unreviewed_content(self, entry):
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.title = "未经审查的标题"
        unreviewed = row.save_revision()
        page = Page.objects.get(pk=entry.pk).specific
        page.live_revision = unreviewed
        with pytest.raises(ValidationError):
            page.save(update_fields=["live_revision"])
        with pytest.raises(ValidationError):
            page.save()
        assert CatalogueEntryPage.objects.get(pk=entry.pk).live_revision_id != unreviewed.pk

    def test_the_audit_sees_it_pointed_behind_the_gates_back(self, entry):
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.title = "未经审查的标题"
        unreviewed = row.save_revision()
        assert audit()[0] == 0
        Page.objects.filter(pk=entry.pk).update(live_revision=unreviewed)
        assert audit()[0] == 1


# --- files follow their page ------------------------------------------------------------------------------


class TestServingFiles:
    @staticmethod
    def download(client, document):
        return client.get(reverse("wagtaildocs_serve", args=(document.pk, document.filename)))

    def test_a_file_of_an_unreviewed_draft_is_not_public_until_the_page_is_published_with_it(self, entry, document, admin_client):
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.attachments.create(document=document)
        revision = row.save_revision()  # a draft of a live page: the live row is untouched
        assert self.download(Client(), document).status_code == 404
        assert self.download(admin_client, document).status_code == 200
        from .utils import approve

        approve(row, revision)
        revision.publish()
        assert self.download(Client(), document).status_code == 200

    def test_a_file_of_a_page_never_published_is_not_public(self, catalogue, document):
        make_entry(catalogue, slug="draft", body=f'<p><a linktype="document" id="{document.pk}">预案</a></p>', publish=False)
        assert self.download(Client(), document).status_code == 404

    def test_a_signed_review_form_is_never_public(self, entry, document, django_user_model):
        from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
        from wagtail_disclosure.services.reviews import append_record

        append_record(entry, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, reviewer_name="审查员", attachment=document)
        assert self.download(Client(), document).status_code == 404
        editor = django_user_model.objects.create_user("editor", "e@example.com", "x")
        from django.contrib.auth.models import Permission

        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client = Client()
        client.force_login(editor)
        assert self.download(client, document).status_code == 404  # an editor is not a reviewer
        client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "x"))
        assert self.download(client, document).status_code == 200

    def test_other_documents_keep_wagtails_rules(self, document):
        assert self.download(Client(), document).status_code == 200


def test_the_live_revision_cannot_be_pointed_at_content_only_held_in_memory(entry):
    """A save of ``live_revision`` alone keeps the row's reviewed content: the revision must match what is stored."""
    page = Page.objects.get(pk=entry.pk).specific
    page.title = "未经审查的标题"
    unreviewed = page.save_revision()
    page.live_revision = unreviewed
    with pytest.raises(ValidationError):
        page.save(update_fields=["live_revision"])


def test_a_review_form_is_served_only_to_reviewers_of_that_section(entry, document, catalogue, django_user_model):
    """A reviewer of another section may read the ledger, but not this section's signed forms."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from wagtail_disclosure.models import ConfidentialityReviewTask
    from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
    from wagtail_disclosure.services.reviews import append_record

    from .utils import make_catalogue

    append_record(entry, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, reviewer_name="审查员", attachment=document)

    def reviewer_of(section, name):
        group = Group.objects.create(name=f"{name}组")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        task = ConfidentialityReviewTask.objects.create(name=f"保密审查（{name}）", level_name="初审")
        task.groups.set([group])
        workflow = Workflow.objects.create(name=f"{name}审查")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=section)
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "x")
        user.groups.add(group)
        client = Client()
        client.force_login(user)
        return client

    url = reverse("wagtaildocs_serve", args=(document.pk, document.filename))
    other_section = make_catalogue(parent=catalogue.get_parent(), title="另一目录", slug="other")
    assert reviewer_of(other_section, "other").get(url).status_code == 404
    assert reviewer_of(catalogue, "own").get(url).status_code == 200
