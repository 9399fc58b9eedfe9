"""The publication gate: every route that could put unreviewed content live is tried, and must fail;
the same route must work once the content has an approved review.

Each test reads the public page through an anonymous client, so "did not change" means what the
public sees. Reviews are recorded with ``append_record`` for each level of the workflow, as the
review task does (the task's own screens are tested in test_review_task.py).
"""

import contextlib
import datetime

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Revision, WorkflowPage

from wagtail_disclosure.gate import GateRefused, content_fingerprint, is_gated_model
from wagtail_disclosure.models import CatalogueEntryPage, CatalogueIndexPage
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record

from .utils import editor_form_data, make_catalogue, make_entry, make_review_workflow

ORIGINAL = "关于做好2024年防汛工作的通知"
CHANGED = "关于做好2024年防汛抗旱工作的通知（修订）"


# --- set-up ------------------------------------------------------------------------------------


@pytest.fixture
def levels(catalogue):
    """A workflow with 初审 and 复审 on the catalogue, as the demo site has (the tasks, in order)."""
    return make_review_workflow(
        catalogue, name="保密审查（两级）", task_name="保密审查{level}", access_admin=False, last_level_publishes=False
    ).tasks


@pytest.fixture
def entry(catalogue, organisation, levels):
    # Block keys as the editor writes them, so the body survives a round trip through the edit form.
    return make_entry(catalogue, title=ORIGINAL, slug="fangxun", body='<p data-block-key="fx001">各乡镇人民政府：请做好防汛工作。</p>')


def review(page, revision, levels, conclusion=Conclusion.APPROVE):
    for task in levels:
        append_record(page, revision=revision, kind=RecordKind.REVIEW, conclusion=conclusion, task=task, reviewer_name="审查员", basis=["secrecy_law"])


def draft(page, title=CHANGED):
    """A new draft revision of ``page`` with another title (the live row is untouched, as in the editor)."""
    page = CatalogueEntryPage.objects.get(pk=page.pk)
    page.title = title
    return page.save_revision()


def public_html(page):
    response = Client().get(CatalogueEntryPage.objects.get(pk=page.pk).url or "/nowhere/")
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def live_title(page):
    row = CatalogueEntryPage.objects.get(pk=page.pk)
    return row.title if row.live else None


def assert_public_title(page, title):
    status, html = public_html(page)
    assert status == 200 and title in html
    assert live_title(page) == title


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- gated types ----------------------------------------------------------------------------------


def test_plugin_page_types_are_gated_and_host_types_are_not(db):
    from example_site.home.models import HomePage

    assert is_gated_model(CatalogueEntryPage) and is_gated_model(CatalogueIndexPage)
    assert not is_gated_model(HomePage) and not is_gated_model(Page)


@pytest.mark.django_db
def test_a_setting_adds_host_page_types(settings):
    from example_site.home.models import SectionPage
    from wagtail_disclosure.gate import registry

    original = list(getattr(settings, "WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES", []))
    settings.WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES = [*original, "home.SectionPage"]
    registry.clear_cache()
    try:
        assert is_gated_model(SectionPage)
    finally:
        settings.WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES = original  # the test settings' own gated type stays gated
        registry.clear_cache()
    assert not is_gated_model(SectionPage)


# --- code ------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestCode:
    def test_add_child_with_wagtails_live_default_makes_a_draft(self, catalogue, organisation, levels):
        entry = make_entry(catalogue, publish=False, title=ORIGINAL)
        new = CatalogueEntryPage(title="直接创建的页面", slug="direct", organisation=entry.organisation, topic=entry.topic, genre=entry.genre, written_date=datetime.date(2024, 3, 1))
        assert new.live  # Wagtail's default
        catalogue.add_child(instance=new)
        new.refresh_from_db()
        assert not new.live and new.live_revision_id is None and new.has_unpublished_changes and new.publish_date is None
        assert public_html(new)[0] == 404
        assert new not in catalogue.public_entries()

    def test_revision_publish_without_user_is_skipped_and_with_user_refused(self, entry, levels, django_user_model):
        revision = draft(entry)
        assert revision.publish() is None
        assert_public_title(entry, ORIGINAL)
        admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "x")
        with pytest.raises(GateRefused) as refused:
            revision.publish(user=admin)
        assert "初审" in refused.value.message and "复审" in refused.value.message
        assert_public_title(entry, ORIGINAL)
        assert PageLogEntry.objects.filter(page=entry, action="wagtail_disclosure.gate_refused").count() == 2

    def test_revision_publish_succeeds_after_every_level_approved(self, entry, levels):
        revision = draft(entry)
        review(entry, revision, levels[:1])  # 初审 only
        revision.publish()
        assert_public_title(entry, ORIGINAL)
        review(entry, revision, levels[1:])
        revision.publish()
        assert_public_title(entry, CHANGED)

    def test_non_approving_conclusions_do_not_approve(self, entry, levels):
        for conclusion in (Conclusion.APPROVE_AFTER_REDACTION, Conclusion.REJECT, Conclusion.REFER):
            revision = draft(entry, f"{CHANGED}{conclusion}")
            review(entry, revision, levels, conclusion)
            revision.publish()
            assert_public_title(entry, ORIGINAL)

    def test_a_later_rejection_withdraws_the_approval(self, entry, levels):
        revision = draft(entry)
        review(entry, revision, levels)
        review(entry, revision, levels[1:], Conclusion.REJECT)
        revision.publish()
        assert_public_title(entry, ORIGINAL)

    def test_saving_new_content_into_the_live_row_is_refused(self, entry):
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.title = CHANGED
        with pytest.raises(ValidationError) as refused:
            row.save()
        assert "保密审查" in str(refused.value.message_dict)
        assert_public_title(entry, ORIGINAL)
        with pytest.raises(ValidationError):
            row.save(update_fields=["title"])
        assert_public_title(entry, ORIGINAL)

    def test_saving_a_base_page_row_cannot_change_live_content_or_go_live(self, entry, catalogue, levels):
        base = Page.objects.get(pk=entry.pk)
        base.title = CHANGED
        with pytest.raises(ValidationError):
            base.save()
        assert_public_title(entry, ORIGINAL)
        unpublished = make_entry(catalogue, publish=False)
        base = Page.objects.get(pk=unpublished.pk)
        base.live = True
        with pytest.raises(ValidationError):
            base.save()
        assert not Page.objects.get(pk=unpublished.pk).live

    def test_metadata_saves_moves_and_unpublishing_still_work(self, entry, catalogue):
        other = make_catalogue(parent=catalogue.get_parent(), title="另一目录", slug="other")
        row = CatalogueEntryPage.objects.get(pk=entry.pk)
        row.save(update_fields=["locked"])  # e.g. a lock
        row.save()  # an unchanged full save
        Page.objects.get(pk=entry.pk).move(other, pos="last-child")
        assert_public_title(entry, ORIGINAL)
        CatalogueEntryPage.objects.get(pk=entry.pk).unpublish()
        assert public_html(entry)[0] == 404

    def test_reverting_to_reviewed_content_passes_by_its_fingerprint(self, entry, levels):
        first = CatalogueEntryPage.objects.get(pk=entry.pk).live_revision
        second = draft(entry)
        review(entry, second, levels)
        second.publish()
        assert_public_title(entry, CHANGED)
        # A revert publishes a *new* revision with the old content: the old content's review lets it through.
        reverted = first.as_object().save_revision(previous_revision=first)
        reverted.publish(previous_revision=first)
        assert_public_title(entry, ORIGINAL)
        # Content never reviewed does not pass.
        draft(entry, "从未审查过的标题").publish()
        assert_public_title(entry, ORIGINAL)

    def test_fixtures_load_gated_pages_as_drafts(self, entry):
        data = serializers.serialize("json", [Page.objects.get(pk=entry.pk), CatalogueEntryPage.objects.get(pk=entry.pk)])
        Page.objects.filter(pk=entry.pk).update(live=False)  # pretend the row came from elsewhere
        for obj in serializers.deserialize("json", data):
            obj.save()
        assert not Page.objects.get(pk=entry.pk).live

    def test_copies_start_as_drafts_and_aliases_mirror_live_reviewed_content(self, entry, catalogue, levels):
        copy = CatalogueEntryPage.objects.get(pk=entry.pk).copy(keep_live=True, update_attrs={"slug": "fangxun-copy"})
        copy = CatalogueEntryPage.objects.get(pk=copy.pk)
        assert not copy.live and copy.live_revision_id is None
        other = make_catalogue(parent=catalogue.get_parent(), title="另一目录", slug="other")
        alias = CatalogueEntryPage.objects.get(pk=entry.pk).create_alias(parent=other, update_slug="fangxun-alias")
        assert_public_title(alias, ORIGINAL)
        # The alias follows its source only through the source's reviewed publications.
        revision = draft(entry)
        revision.publish()
        assert_public_title(alias, ORIGINAL)
        review(entry, revision, levels)
        revision.publish()
        assert_public_title(alias, CHANGED)
        # An alias's own row cannot take other content.
        row = CatalogueEntryPage.objects.get(pk=alias.pk)
        row.title = "别名自己的标题"
        with pytest.raises(ValidationError):
            row.save()


# --- the admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestAdmin:
    def test_editor_publish_button_is_hidden_and_a_forged_publish_saves_a_draft(self, admin_client, entry):
        edit_url = reverse("wagtailadmin_pages:edit", args=(entry.pk,))
        response = admin_client.post(edit_url, editor_form_data(entry, title=CHANGED))  # unchanged form first
        assert response.status_code == 302
        html = admin_client.get(edit_url).content.decode()
        assert 'name="action-publish"' not in html
        assert "submit them for review" in html or "提交保密审查" in html  # why, and what to do
        response = admin_client.post(edit_url, editor_form_data(entry, title=CHANGED, **{"action-publish": "publish"}), follow=True)
        assert response.status_code == 200
        assert_public_title(entry, ORIGINAL)
        assert CatalogueEntryPage.objects.get(pk=entry.pk).get_latest_revision_as_object().title == CHANGED  # nothing lost

    def test_editor_publishes_reviewed_content(self, admin_client, entry, levels):
        edit_url = reverse("wagtailadmin_pages:edit", args=(entry.pk,))
        data = editor_form_data(entry, title=CHANGED)
        assert admin_client.post(edit_url, data).status_code == 302  # the editor saves a draft; it is reviewed
        review(entry, CatalogueEntryPage.objects.get(pk=entry.pk).get_latest_revision(), levels)
        assert 'name="action-publish"' in admin_client.get(edit_url).content.decode()
        response = admin_client.post(edit_url, {**data, "action-publish": "publish"})
        assert response.status_code == 302
        assert_public_title(entry, CHANGED)

    def test_create_and_publish_saves_a_draft_with_a_message(self, admin_client, catalogue, entry):
        add_url = reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "catalogueentrypage", catalogue.pk))
        assert 'name="action-publish"' not in admin_client.get(add_url).content.decode()
        data = editor_form_data(entry, title="新建并直接发布的通知", slug="new-and-published", **{"action-publish": "publish"})
        response = admin_client.post(add_url, data, follow=True)
        created = CatalogueEntryPage.objects.get(slug="new-and-published")
        assert not created.live and created.live_revision_id is None and created.latest_revision_id
        assert public_html(created)[0] == 404
        with_translation = " ".join(messages_of(response))
        assert "has not passed the confidentiality review" in with_translation or "保密审查" in with_translation

    def test_revert_view_publishes_only_reviewed_content(self, admin_client, entry, levels):
        first = CatalogueEntryPage.objects.get(pk=entry.pk).live_revision
        unreviewed = draft(entry, "从未审查过的标题")
        revert_url = reverse("wagtailadmin_pages:revisions_revert", args=(entry.pk, unreviewed.pk))
        admin_client.post(revert_url, editor_form_data(unreviewed.as_object(), **{"action-publish": "publish"}))
        assert_public_title(entry, ORIGINAL)
        second = draft(entry)
        review(entry, second, levels)
        second.publish()
        revert_url = reverse("wagtailadmin_pages:revisions_revert", args=(entry.pk, first.pk))
        response = admin_client.post(revert_url, editor_form_data(first.as_object(), **{"action-publish": "publish"}))
        assert response.status_code == 302
        assert_public_title(entry, ORIGINAL)

    def test_bulk_publish_refuses_unreviewed_pages(self, admin_client, entry, catalogue):
        draft(entry)
        unpublished = make_entry(catalogue, publish=False)
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        confirm = admin_client.get(f"{url}?id={entry.pk}&id={unpublished.pk}").content.decode()
        assert "has not passed the confidentiality review" in confirm or "尚未通过保密审查" in confirm
        admin_client.post(f"{url}?id={entry.pk}&id={unpublished.pk}", {"include_descendants": ""})
        assert_public_title(entry, ORIGINAL)
        assert not Page.objects.get(pk=unpublished.pk).live

    def test_copy_with_publish_copies_makes_a_draft(self, admin_client, entry, catalogue):
        url = reverse("wagtailadmin_pages:copy", args=(entry.pk,))
        response = admin_client.post(
            url, {"new_title": "复制的通知", "new_slug": "copied", "new_parent_page": catalogue.pk, "publish_copies": "on"}, follow=True
        )
        copy = CatalogueEntryPage.objects.get(slug="copied")
        assert not copy.live and public_html(copy)[0] == 404
        assert any("draft" in message or "草稿" in message for message in messages_of(response))

    def test_copying_a_live_column_with_its_entries_keeps_every_copy_a_draft_and_logs_each(self, admin_client, entry, catalogue):
        second = make_entry(catalogue)
        url = reverse("wagtailadmin_pages:copy", args=(catalogue.pk,))
        admin_client.post(
            url,
            {"new_title": "目录副本", "new_slug": "xxgk-copy", "new_parent_page": catalogue.get_parent().pk, "copy_subpages": "on", "publish_copies": "on"},
        )
        copied = Page.objects.get(slug="xxgk-copy")
        copies = list(copied.get_descendants())
        assert len(copies) == 2 and not copied.live and not any(page.live for page in copies)
        refused = PageLogEntry.objects.filter(action="wagtail_disclosure.gate_refused", data__route="admin_copy")
        assert sorted(refused.values_list("page_id", flat=True)) == sorted([copied.pk, *(page.pk for page in copies)])
        assert {entry.pk, second.pk}.isdisjoint(refused.values_list("page_id", flat=True))

    def test_admin_api_publish_is_refused(self, admin_client, entry):
        draft(entry)
        response = admin_client.post(f"/admin/api/main/pages/{entry.pk}/action/publish/", content_type="application/json")
        assert response.status_code in (400, 403)
        assert_public_title(entry, ORIGINAL)


# --- scheduled publishing -------------------------------------------------------------------------


@pytest.mark.django_db
class TestScheduled:
    def test_scheduling_unreviewed_content_is_refused_when_scheduling(self, entry):
        revision = draft(entry)
        revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as refused:
            revision.save()
        assert "保密审查" in str(refused.value.message_dict)
        assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None

    def test_scheduling_through_publish_is_refused_too(self, entry, django_user_model):
        page = CatalogueEntryPage.objects.get(pk=entry.pk)
        page.title = CHANGED
        page.go_live_at = timezone.now() + datetime.timedelta(days=1)
        revision = page.save_revision()
        with pytest.raises(GateRefused):
            revision.publish(user=django_user_model.objects.create_superuser("boss", "b@example.com", "x"))
        assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

    def test_one_refused_page_does_not_stop_the_others_and_keeps_its_schedule(self, entry, catalogue, levels):
        other = make_entry(catalogue, title="关于开展安全生产检查的通知", slug="anquan")
        revisions = []
        for page in (entry, other):
            revision = draft(page, f"{page.title}（定时发布）")
            review(page, revision, levels)
            revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
            revision.save()
            revisions.append(revision)
        review(entry, revisions[0], levels[1:], Conclusion.REJECT)  # 复审 withdraws its approval before go-live
        call_command("publish_scheduled")
        assert_public_title(entry, ORIGINAL)
        assert Revision.objects.get(pk=revisions[0].pk).approved_go_live_at is not None  # still scheduled, retried later
        assert_public_title(other, "关于开展安全生产检查的通知（定时发布）")


# --- wagtail-localize ----------------------------------------------------------------------------


@pytest.mark.django_db
class TestTranslations:
    @staticmethod
    def translate(entry, django_capture_on_commit_callbacks):
        from wagtail_localize.operations import translate_object

        english = Locale.objects.get_or_create(language_code="en")[0]
        with django_capture_on_commit_callbacks(execute=True):
            translate_object(CatalogueEntryPage.objects.get(pk=entry.pk), [english])
        translation = CatalogueEntryPage.objects.get(translation_key=entry.translation_key, locale=english)
        # Workflows are assigned per page tree: the English catalogue gets the same review workflow.
        WorkflowPage.objects.create(workflow=entry.get_workflow(), page=translation.get_parent())
        return translation

    def test_a_new_translation_is_new_content_and_stays_a_draft(self, entry, levels, django_capture_on_commit_callbacks):
        translation = self.translate(entry, django_capture_on_commit_callbacks)
        assert not translation.live and translation.live_revision_id is None
        revision = translation.get_latest_revision()
        review(translation, revision, levels)
        revision.publish()
        assert CatalogueEntryPage.objects.get(pk=translation.pk).live

    def test_syncing_a_live_translation_cannot_change_its_live_content(self, entry, levels, django_capture_on_commit_callbacks):
        from wagtail_localize.models import Translation, TranslationSource

        translation = self.translate(entry, django_capture_on_commit_callbacks)
        revision = translation.get_latest_revision()
        review(translation, revision, levels)
        revision.publish()
        assert CatalogueEntryPage.objects.get(pk=translation.pk).live
        live_before = content_fingerprint(CatalogueEntryPage.objects.get(pk=translation.pk))
        # The source changes (reviewed), and the translation is synchronised and published.
        source_revision = draft(entry)
        review(entry, source_revision, levels)
        source_revision.publish()
        source, _created = TranslationSource.update_or_create_from_instance(CatalogueEntryPage.objects.get(pk=entry.pk))
        with django_capture_on_commit_callbacks(execute=True), contextlib.suppress(ValidationError):
            Translation.objects.get(source=source, target_locale__language_code="en").save_target(publish=True)
        assert content_fingerprint(CatalogueEntryPage.objects.get(pk=translation.pk)) == live_before


@pytest.mark.django_db
def test_audit_command_finds_live_content_changed_behind_the_gates_back(entry, capsys):
    call_command("disclosure_audit_live_content")
    assert "均为已审查通过的内容" in capsys.readouterr().out
    CatalogueEntryPage.objects.filter(pk=entry.pk).update(summary="绕过模型直接写入数据库的内容")  # what no save() sees
    with pytest.raises(SystemExit) as failed:
        call_command("disclosure_audit_live_content")
    assert failed.value.code == 1
    assert ORIGINAL in capsys.readouterr().err


# --- files of published pages ------------------------------------------------------------------------


@pytest.mark.django_db
class TestAttachedFiles:
    @staticmethod
    def attach(entry, levels, content=b"first version"):
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        document = Document.objects.create(title="附件", file=ContentFile(content, name="fujian.txt"))
        page = CatalogueEntryPage.objects.get(pk=entry.pk)
        page.attachments.create(document=document)
        revision = page.save_revision()
        review(entry, revision, levels)
        revision.publish()
        return document, revision

    def test_the_fingerprint_covers_the_attached_file(self, entry, levels):
        from django.core.files.base import ContentFile

        document, revision = self.attach(entry, levels)
        before = content_fingerprint(revision.as_object())
        document.file.save("fujian-v2.txt", ContentFile(b"second version"), save=False)
        type(document).objects.filter(pk=document.pk).update(file=document.file.name)  # behind the gate's back
        assert content_fingerprint(revision.as_object()) != before

    def test_replacing_a_published_file_is_refused(self, entry, levels, admin_client):
        from django.core.files.base import ContentFile
        from django.core.files.uploadedfile import SimpleUploadedFile

        document, _revision = self.attach(entry, levels)
        stored = document.file.name
        document.file = ContentFile(b"second version", name="fujian-v2.txt")
        with pytest.raises(ValidationError) as refused:
            document.save()
        assert ORIGINAL in str(refused.value.message_dict["file"])
        # The admin form says so on the field, and nothing changes.
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=(document.pk,)),
            {"title": "附件", "collection": document.collection_id, "file": SimpleUploadedFile("v3.txt", b"third"), "tags": ""},
        )
        assert response.status_code == 200 and ORIGINAL in response.content.decode()
        assert type(document).objects.get(pk=document.pk).file.name == stored
        # The title is shown on the page too: renaming it is refused the same way (issue: shared media).
        response = admin_client.post(reverse("wagtaildocs:edit", args=(document.pk,)), {"title": "附件（更名）", "collection": document.collection_id, "tags": ""})
        assert response.status_code == 200 and ORIGINAL in response.content.decode()
        assert type(document).objects.get(pk=document.pk).title == "附件"
        # What the public does not see can still be edited.
        response = admin_client.post(reverse("wagtaildocs:edit", args=(document.pk,)), {"title": "附件", "collection": document.collection_id, "tags": "防汛"})
        assert response.status_code == 302


@pytest.mark.django_db
def test_required_levels_follow_wagtails_own_workflow_choice(entry, catalogue, levels):
    """The one-query lookup agrees with ``page.get_workflow()``: own workflow first, then the nearest ancestor's
    active one; an inactive workflow does not count."""
    from wagtail_disclosure.gate import required_review_tasks

    assert required_review_tasks(entry) == levels and entry.get_workflow() == levels[0].workflows.get()
    own_review = make_review_workflow(entry, ("终审",), name="单级", group_names=[None], last_level_publishes=False)
    own, (single,) = own_review.workflow, own_review.tasks
    assert required_review_tasks(CatalogueEntryPage.objects.get(pk=entry.pk)) == [single]
    own.active = False
    own.save()
    assert required_review_tasks(CatalogueEntryPage.objects.get(pk=entry.pk)) == levels
    WorkflowPage.objects.filter(page=catalogue).delete()
    assert required_review_tasks(CatalogueEntryPage.objects.get(pk=entry.pk)) == []
