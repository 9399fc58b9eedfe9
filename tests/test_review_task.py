"""The 保密审查 workflow task, reviewer's side: the review modal, the editor's workflow action, the ledger
records they write, the audit log, and every refusal (nothing written, the task still in progress).

Two levels (初审, 复审) with different reviewer groups on a catalogue; an author who may add and edit
entries there. Everything goes through the real admin URLs with the Django test client.
"""

import json
import types

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupPagePermission, PageLogEntry, TaskState, WorkflowState

from wagtail_disclosure.gate import revision_fingerprint
from wagtail_disclosure.models import (
    CatalogueEntryAttachment,
    CatalogueEntryPage,
    ReviewRecord,
    verify_ledger,
)
from wagtail_disclosure.rules.confidentiality import Basis, Conclusion, Confirmation, RecordKind
from wagtail_disclosure.services import reviews as services_reviews

from .utils import editor_form_data, make_entry, make_review_workflow, make_user

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
ID_NUMBER = "11010519491231002X"  # a valid 公民身份号码 (check character X)
MOBILE = "13812345678"
# Bodies as the editor stores them (Draftail adds block keys): the editor tests post the page form back
# unchanged, and a body without keys would come back with keys, i.e. as changed content.
BODY = '<p data-block-key="k1a2b">各乡镇人民政府：现将方案印发给你们。</p>'
SENSITIVE_BODY = f'<p data-block-key="k3c4d">联系人：张三，身份证号{ID_NUMBER}，手机{MOBILE}。</p>'


def _group(name, *codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def _page_permission(group, page, *codenames):
    for codename in codenames:
        GroupPagePermission.objects.create(group=group, page=page, permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename))


@pytest.fixture
def review(db, catalogue, organisation, classifications):
    """Users, groups and the two-level 保密审查 workflow on the catalogue."""
    editors = _group("信息员")
    _page_permission(editors, catalogue, "add_page", "change_page")
    author = make_user("author", "password", editors, first_name="author")
    forms_collection = Collection.get_first_root_node().add_child(name="保密审查单")
    built = make_review_workflow(
        catalogue,
        group_names=("初审人", "复审人"),
        documents=forms_collection,  # reviewers choose the signed review form among these documents
        last_level_publishes=True,
        reviewers=[("reviewer1", "password", "reviewer1"), ("reviewer2", "password", "reviewer2")],
    )
    workflow, (task1, task2), (first_level, second_level), (reviewer1, reviewer2) = (
        built.workflow, built.tasks, built.groups, built.reviewers
    )
    return types.SimpleNamespace(
        catalogue=catalogue, organisation=organisation, classifications=classifications, workflow=workflow,
        author=author, reviewer1=reviewer1, reviewer2=reviewer2, task1=task1, task2=task2,
        editors=editors, first_level=first_level, second_level=second_level, forms_collection=forms_collection,
    )


def make_document(title, collection=None):
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save("shenchadan.txt", ContentFile(b"signed"), save=False)
    document.save()
    return document


def submit(review, body=BODY, **fields):
    """An entry written by the author, submitted to the workflow; returns (entry, task state)."""
    entry = make_entry(review.catalogue, publish=False, owner=review.author, body=body, **fields)
    entry.save_revision(user=review.author)
    review.workflow.start(entry, review.author)
    entry.refresh_from_db()
    return entry, current_task_state(entry)


def current_task_state(entry):
    return TaskState.objects.filter(workflow_state__object_id=str(entry.pk), status=TaskState.STATUS_IN_PROGRESS).get().specific


def action_url(entry, action, task_state, view="workflow_action"):
    return reverse(f"wagtailadmin_pages:{view}", args=(entry.pk, action, task_state.pk))


def review_data(task_state, *, action="approve", **overrides):
    """A complete, valid review for ``task_state`` (every finding and notice acknowledged)."""
    task_state = TaskState.objects.get(pk=task_state.pk).specific
    findings, notices = task_state.scan
    data = {
        "task_state_id": task_state.pk,
        "reviewed_hash": task_state.reviewed_fingerprint,
        "conclusion": Conclusion.APPROVE.value if action == "approve" else Conclusion.APPROVE_AFTER_REDACTION.value,
        "basis": [Basis.SECRECY_LAW.value, Basis.ARTICLE_14.value],
        "opinion": "经审查，不涉及国家秘密，同意公开。",
        "confirmations": [value for value, _label in Confirmation.choices],
        "acknowledged_findings": [finding.id for finding in findings],
        "checked_notices": [notice.id for notice in notices],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def reviews():
    """The 保密审查 records (the test site's catalogue is approved by a 历史数据迁移 record)."""
    return ReviewRecord.objects.filter(kind=RecordKind.REVIEW)


def post_modal(client, entry, task_state, data, action="approve"):
    response = client.post(action_url(entry, action, task_state), data, **XHR)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def follow_refusal(client, result):
    """The modal's success step redirects to the refusal view: follow it and return the messages."""
    response = client.get(result["redirect"], follow=True)
    return [str(message) for message in response.context["messages"]]


def assert_nothing_written(task_state, records_before=0):
    assert reviews().count() == records_before
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(action="wagtail_disclosure.review", data__task_state_id=task_state.pk).exists()


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.django_db
class TestReviewModal:
    def test_two_levels_through_the_modal_publish_the_reviewed_content(self, client, review):
        entry, state1 = submit(review)
        client.force_login(review.reviewer1)
        screen = client.get(action_url(entry, "approve", state1), **XHR)
        assert screen.status_code == 200
        html = screen.json()["html"]
        assert "初审" in html and entry.title in html and f"#{state1.revision_id}" in html
        assert "预检" in html and "审查依据" in html

        result = post_modal(client, entry, state1, review_data(state1))
        assert result["step"] == "success" and "refused" not in result["redirect"]
        record = reviews().get()
        assert record.level_name == "初审" and record.task_pk == review.task1.pk
        assert record.conclusion == Conclusion.APPROVE and record.reviewer == review.reviewer1
        assert record.revision_pk == state1.revision_id
        assert record.content_hash == revision_fingerprint(state1.revision)
        assert record.basis == [Basis.SECRECY_LAW, Basis.ARTICLE_14] and record.opinion.startswith("经审查")
        assert TaskState.objects.get(pk=state1.pk).status == TaskState.STATUS_APPROVED
        entry.refresh_from_db()
        assert not entry.live

        state2 = current_task_state(entry)
        assert state2.task_id == review.task2.pk
        client.force_login(review.reviewer2)
        result = post_modal(client, entry, state2, review_data(state2))
        assert result["step"] == "success"
        entry.refresh_from_db()
        assert entry.live
        assert [r.level_name for r in reviews().order_by("sequence")] == ["初审", "复审"]
        assert WorkflowState.objects.get(object_id=str(entry.pk)).status == WorkflowState.STATUS_APPROVED
        assert verify_ledger() == []

    def test_a_message_confirms_each_recorded_review_and_leads_back(self, client, review):
        entry, state1 = submit(review)
        client.force_login(review.reviewer1)
        result = post_modal(client, entry, state1, review_data(state1))
        dashboard = reverse("wagtailadmin_home")
        response = client.get(result["redirect"], HTTP_REFERER="http://testserver" + dashboard)
        assert response.status_code == 302 and response["Location"].endswith(dashboard)  # where the modal was, not the editor
        shown = [str(message).strip() for message in client.get(dashboard).context["messages"]]
        record = reviews().get()
        assert shown == [services_reviews.recorded_message(record)]
        assert "初审" in shown[0] and "同意公开" in shown[0] and f"第 {record.sequence} 号" in shown[0]
        # Another user cannot replay the confirmation.
        client.force_login(review.reviewer2)
        client.get(result["redirect"])
        assert not list(client.get(dashboard).context["messages"])

    def test_a_non_approving_conclusion_requests_changes_and_keeps_the_record(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        screen = client.get(action_url(entry, "reject", state), **XHR).json()["html"]
        assert "删减后公开" in screen and "不予公开" in screen and "报保密行政管理部门确定" in screen
        data = review_data(state, action="reject", conclusion=Conclusion.REJECT.value, opinion="含个人隐私，不予公开。", confirmations=[])
        result = post_modal(client, entry, state, data, action="reject")
        assert result["step"] == "success"
        record = reviews().get()
        assert record.conclusion == Conclusion.REJECT and record.opinion == "含个人隐私，不予公开。" and not record.is_approval
        assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_REJECTED
        assert WorkflowState.objects.get(object_id=str(entry.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES
        entry.refresh_from_db()
        assert not entry.live

    def test_non_approving_conclusion_needs_a_reason(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        result = post_modal(client, entry, state, review_data(state, action="reject", opinion=""), action="reject")
        assert result["step"] == "action" and "必需字段" in result["html"]
        assert_nothing_written(state)

    def test_findings_are_listed_and_must_each_be_acknowledged(self, client, review):
        entry, state = submit(review, body=SENSITIVE_BODY)
        findings, _notices = state.scan
        assert {finding.kind for finding in findings} == {"resident_id", "mobile"}
        client.force_login(review.reviewer1)
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert "公民身份号码" in html and "手机号码" in html and "正文" in html
        assert ID_NUMBER not in html and MOBILE not in html  # masked snippets only
        assert "110105********002X" in html

        partial = review_data(state, acknowledged_findings=[findings[0].id])
        result = post_modal(client, entry, state, partial)
        assert result["step"] == "action" and "每一项预检发现" in result["html"]
        assert_nothing_written(state)

        post_modal(client, entry, state, review_data(state))
        assert sorted(reviews().get().acknowledged_findings) == sorted(finding.id for finding in findings)

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"basis": []}, "必需字段"),
            ({"opinion": ""}, "必需字段"),
            ({"confirmations": [Confirmation.NO_STATE_SECRET.value]}, "确认以下全部事项"),
            ({"conclusion": Conclusion.REJECT.value}, "选择一个有效的选项"),
            ({"conclusion": "publish-anyway"}, "选择一个有效的选项"),
            ({"basis": ["no-such-basis"]}, "选择一个有效的选项"),
            ({"acknowledged_findings": ["0" * 64]}, "选择一个有效的选项"),
            ({"reviewed_hash": "f" * 64}, "内容已经改变"),
        ],
    )
    def test_incomplete_or_invalid_reviews_are_shown_again_with_their_errors(self, client, review, overrides, message):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        result = post_modal(client, entry, state, review_data(state, **overrides))
        assert result["step"] == "action" and message in result["html"]
        assert_nothing_written(state)

    def test_the_signed_review_form_can_be_required_and_must_exist(self, client, review):
        review.task1.require_attachment = True
        review.task1.save()
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        result = post_modal(client, entry, state, review_data(state))
        assert result["step"] == "action" and "必需字段" in result["html"]
        result = post_modal(client, entry, state, review_data(state, attachment=999999))
        assert result["step"] == "action" and "选择一个有效的选项" in result["html"]
        assert_nothing_written(state)

        document = make_document("保密审查单（已签字）", collection=review.forms_collection)
        private = make_document("他人的私有文档", collection=Collection.get_first_root_node().add_child(name="私有"))
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert "保密审查单（已签字）" in html and "他人的私有文档" not in html  # only what the reviewer may choose
        result = post_modal(client, entry, state, review_data(state, attachment=private.pk))
        assert any("选择一个有效的选项" in message for message in follow_refusal(client, result))
        assert_nothing_written(state)

        post_modal(client, entry, state, review_data(state, attachment=document.pk))
        assert reviews().get().attachment == document

    def test_the_author_and_the_submitter_cannot_review(self, client, review):
        review.author.groups.add(review.first_level)  # an author who is also a 初审 reviewer
        entry, state = submit(review)
        client.force_login(review.author)
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert "不能审查" in html and "<form" not in html
        result = post_modal(client, entry, state, review_data(state))
        assert "refused" in result["redirect"]
        messages = follow_refusal(client, result)
        assert any("您是此页面的作者" in message for message in messages)
        assert_nothing_written(state)

    def test_the_dashboard_offers_reviews_to_reviewers_only(self, client, review):
        review.author.groups.add(review.first_level)
        entry, state = submit(review)
        assert [s.pk for s in review.task1.get_task_states_user_can_moderate(review.reviewer1)] == [state.pk]
        assert not review.task1.get_task_states_user_can_moderate(review.author).exists()
        client.force_login(review.reviewer1)
        assert entry.title in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_one_person_cannot_review_the_same_content_at_two_levels(self, client, review):
        review.reviewer1.groups.add(review.second_level)  # a 初审 reviewer who is also in the 复审 group
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        post_modal(client, entry, state, review_data(state))
        second = current_task_state(entry)
        assert second.task_id == review.task2.pk
        result = post_modal(client, entry, second, review_data(second))
        assert any("each level is reviewed by a different person" in message or "各级审查须由不同的人" in message for message in follow_refusal(client, result))
        assert reviews().count() == 1 and not CatalogueEntryPage.objects.get(pk=entry.pk).live
        assert [s.pk for s in review.task2.get_task_states_user_can_moderate(review.reviewer1)] == []

    def test_the_submitter_is_refused_too_even_as_a_superuser(self, client, review, django_user_model):
        boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "password")
        entry = make_entry(review.catalogue, publish=False, owner=review.author)
        entry.save_revision(user=review.author)
        review.workflow.start(entry, boss)
        state = current_task_state(entry)
        client.force_login(boss)
        result = post_modal(client, entry, state, review_data(state))
        assert any("您提交了此内容" in message for message in follow_refusal(client, result))
        assert_nothing_written(state)

    def test_the_rule_can_be_switched_off_per_task(self, client, review):
        review.task1.reviewer_must_differ = False
        review.task1.save()
        review.author.groups.add(review.first_level)
        entry, state = submit(review)
        client.force_login(review.author)
        result = post_modal(client, entry, state, review_data(state))
        assert "refused" not in result["redirect"] and reviews().get().reviewer == review.author

    def test_people_outside_the_groups_get_no_actions(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer2)  # a 复审 reviewer, at the 初审 level
        assert client.get(action_url(entry, "approve", state), **XHR).status_code == 403
        assert client.post(action_url(entry, "approve", state), review_data(state), **XHR).status_code == 403
        assert_nothing_written(state)

    def test_a_newer_revision_with_other_content_cannot_be_approved(self, client, review):
        entry, state = submit(review)
        page = CatalogueEntryPage.objects.get(pk=entry.pk)
        page.title = "改过的标题"
        page.save_revision(user=review.author)
        client.force_login(review.reviewer1)
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert "已被修改" in html
        result = post_modal(client, entry, state, review_data(state))
        assert result["step"] == "action" and "更新的修订" in result["html"]
        assert_nothing_written(state)
        # Requesting changes is still possible, and the record is about the reviewed revision.
        data = review_data(state, action="reject", conclusion=Conclusion.APPROVE_AFTER_REDACTION.value, opinion="请删去联系人信息。")
        post_modal(client, entry, state, data, action="reject")
        assert reviews().get().revision_pk == state.revision_id

    def test_a_newer_revision_with_the_same_content_does_not_block(self, client, review):
        entry, state = submit(review)
        CatalogueEntryPage.objects.get(pk=entry.pk).save_revision(user=review.author)  # same content
        client.force_login(review.reviewer1)
        assert post_modal(client, entry, state, review_data(state))["step"] == "success"
        assert reviews().get().content_hash == revision_fingerprint(state.revision)

    def test_a_task_state_of_another_task_cannot_be_used(self, client, review):
        entry, state = submit(review)
        other, other_state = submit(review)
        client.force_login(review.reviewer1)
        result = post_modal(client, entry, state, review_data(state, task_state_id=other_state.pk))
        assert result["step"] == "action" and "不属于" in result["html"]
        assert_nothing_written(state)

    def test_the_review_is_in_the_audit_log_in_chinese(self, client, review, django_user_model):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        post_modal(client, entry, state, review_data(state))
        entry_log = PageLogEntry.objects.get(page_id=entry.pk, action="wagtail_disclosure.review")
        assert entry_log.user == review.reviewer1
        assert entry_log.message == "保密审查（初审）：同意公开"
        assert entry_log.comment == "经审查，不涉及国家秘密，同意公开。"
        client.force_login(django_user_model.objects.create_superuser("auditor", "auditor@example.com", "password"))
        history = client.get(reverse("wagtailadmin_pages:history", args=(entry.pk,)))
        assert "保密审查（初审）：同意公开" in history.content.decode()

    def test_a_file_replaced_after_the_first_level_cannot_be_approved_at_the_second(self, client, review):
        document = make_document("附件：实施方案")
        entry, state1 = submit(review, attachments=[CatalogueEntryAttachment(document=document)])
        client.force_login(review.reviewer1)
        post_modal(client, entry, state1, review_data(state1))
        state2 = current_task_state(entry)

        document.file.save("replaced.txt", ContentFile("联系人手机13812345678".encode()), save=False)
        document._set_file_hash()
        document.save()
        client.force_login(review.reviewer2)
        result = post_modal(client, entry, state2, review_data(state2))
        assert any("初审" in message and "替换" in message for message in follow_refusal(client, result))
        assert_nothing_written(state2, records_before=1)

    def test_the_last_level_needs_publish_permission(self, client, review):
        entry, state1 = submit(review)
        client.force_login(review.reviewer1)
        post_modal(client, entry, state1, review_data(state1))
        state2 = current_task_state(entry)
        GroupPagePermission.objects.filter(group=review.second_level).delete()
        client.force_login(review.reviewer2)
        result = post_modal(client, entry, state2, review_data(state2))
        assert any("发布权限" in message for message in follow_refusal(client, result))
        assert_nothing_written(state2, records_before=1)


def edit_form_data(entry, **overrides):
    """The editor's form for ``entry``'s latest revision, unchanged (rich text keeps its block keys)."""
    return editor_form_data(CatalogueEntryPage.objects.get(pk=entry.pk).get_latest_revision_as_object(), **overrides)


def editor_action(client, entry, action, extra, **overrides):
    """The editor's workflow action: the page form plus the modal's data as JSON, as workflow-action.js posts it."""
    data = edit_form_data(entry, **overrides)
    data.update({"action-workflow-action": "true", "workflow-action-name": action, "workflow-action-extra-data": extra})
    return client.post(reverse("wagtailadmin_pages:edit", args=(entry.pk,)), data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
class TestEditorWorkflowAction:
    def collect(self, client, entry, state, data, action="approve"):
        response = client.post(action_url(entry, action, state, view="collect_workflow_action_data"), data, **XHR)
        result = response.json()
        assert result["step"] == "success", result.get("html", "")[:2000]
        return json.dumps(result["cleaned_data"])

    def test_both_levels_from_the_editor(self, client, review):
        entry, state1 = submit(review, body=SENSITIVE_BODY)
        client.force_login(review.reviewer1)
        assert "保密审查" in client.get(reverse("wagtailadmin_pages:edit", args=(entry.pk,))).content.decode()
        extra = self.collect(client, entry, state1, review_data(state1))
        response = editor_action(client, entry, "approve", extra)
        assert response.status_code == 200
        assert not any("未" in message and "记录" in message for message in messages_of(response)), messages_of(response)
        record = reviews().get()
        assert record.content_hash == revision_fingerprint(state1.revision) and record.level_name == "初审"
        assert len(record.acknowledged_findings) == 2

        state2 = current_task_state(entry)
        client.force_login(review.reviewer2)
        extra = self.collect(client, entry, state2, review_data(state2))
        editor_action(client, entry, "approve", extra)
        entry.refresh_from_db()
        assert entry.live and reviews().count() == 2
        assert reviews().order_by("sequence").last().level_name == "复审"

    def test_non_approving_conclusion_from_the_editor(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        data = review_data(state, action="reject", conclusion=Conclusion.REFER.value, opinion="公开与保密界限不清，报保密行政管理部门确定。")
        editor_action(client, entry, "reject", self.collect(client, entry, state, data, action="reject"))
        assert reviews().get().conclusion == Conclusion.REFER
        assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_REJECTED

    @pytest.mark.parametrize(
        ("tamper", "message"),
        [
            (lambda data: {**data, "conclusion": "reject"}, "选择一个有效的选项"),
            (lambda data: {**data, "conclusion": "anything"}, "选择一个有效的选项"),
            (lambda data: {**data, "acknowledged_findings": []}, "每一项预检发现"),
            (lambda data: {**data, "acknowledged_findings": ["x" * 64]}, "选择一个有效的选项"),
            (lambda data: {**data, "confirmations": []}, "确认以下全部事项"),
            (lambda data: {**data, "attachment": 424242}, "选择一个有效的选项"),
            (lambda data: {**data, "basis": "secrecy_law"}, "输入一系列值"),
            (lambda data: {key: value for key, value in data.items() if key != "reviewed_hash"}, "必需字段"),
            (lambda data: {key: value for key, value in data.items() if key != "task_state_id"}, "审查任务"),
            (lambda data: ["not", "an", "object"], "未能理解"),
            (lambda data: "{not json", "未能理解"),
        ],
    )
    def test_forged_or_unvalidated_data_is_refused_before_anything_is_saved(self, client, review, tamper, message):
        entry, state = submit(review, body=SENSITIVE_BODY)
        client.force_login(review.reviewer1)
        cleaned = json.loads(self.collect(client, entry, state, review_data(state)))
        forged = tamper(cleaned)
        revisions_before = entry.revisions.count()
        response = editor_action(client, entry, "approve", forged if isinstance(forged, str) else json.dumps(forged), title="审查人改过的标题")
        assert response.status_code == 200
        assert any(message in text for text in messages_of(response)), messages_of(response)
        assert_nothing_written(state)
        assert entry.revisions.count() == revisions_before  # the refused request saved nothing at all

    def test_approve_data_posted_through_the_non_approving_action_is_refused(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        extra = self.collect(client, entry, state, review_data(state))  # conclusion: approve
        response = editor_action(client, entry, "reject", extra)
        assert any("选择一个有效的选项" in text for text in messages_of(response))
        assert_nothing_written(state)

    def test_the_author_is_refused_in_the_editor(self, client, review):
        review.author.groups.add(review.first_level)
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        extra = self.collect(client, entry, state, review_data(state))
        client.force_login(review.author)
        response = editor_action(client, entry, "approve", extra)
        assert any("您是此页面的作者" in text for text in messages_of(response))
        assert_nothing_written(state)

    def test_a_newer_revision_is_refused_in_the_editor(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        extra = self.collect(client, entry, state, review_data(state))
        page = CatalogueEntryPage.objects.get(pk=entry.pk)
        page.summary = "另一人随后修改的概述"
        page.save_revision(user=review.author)
        response = editor_action(client, entry, "approve", extra, summary=page.summary)
        assert any("更新的修订" in text for text in messages_of(response))
        assert_nothing_written(state)

    def test_editing_while_approving_is_refused_and_the_edit_kept_as_a_draft(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        extra = self.collect(client, entry, state, review_data(state))
        revisions_before = entry.revisions.count()
        response = editor_action(client, entry, "approve", extra, title="审查人在批准时改过的标题")
        assert any("您在批准时修改了内容" in text for text in messages_of(response)), messages_of(response)
        assert_nothing_written(state)
        assert entry.revisions.count() == revisions_before + 1
        entry.refresh_from_db()
        assert not entry.live

    def test_an_unchanged_editor_form_approves(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        extra = self.collect(client, entry, state, review_data(state))
        editor_action(client, entry, "approve", extra)
        assert reviews().get().content_hash == revision_fingerprint(state.revision)
        assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_APPROVED
