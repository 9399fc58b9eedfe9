"""A 初审 reviewer records a 保密审查 in the page editor's modal, in a real browser.

The modal is loaded and submitted by Wagtail's own JavaScript (workflow-action.js and ModalWorkflow):
errors come back into the modal, and the valid data goes to the editor as JSON.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.models import Collection, TaskState

from wagtail_disclosure.models import ReviewRecord
from wagtail_disclosure.models.review_forms import review_forms_collection
from wagtail_disclosure.rules.confidentiality import RecordKind
from wagtail_disclosure.services.reviews import recorded_message

from ..utils import make_entry, make_review_workflow
from .helpers import ADMIN_LANGUAGE, log_in, make_disclosure_site, make_editor, translated

pytestmark = pytest.mark.browser

REVIEWER, REVIEWER_PASSWORD = "chushen", "baomi-shencha-2024"  # noqa: S105
BODY = '<p data-block-key="k1a2b">联系人：张三，身份证号11010519491231002X。</p>'


def make_first_level_review(catalogue):
    """初审 by a reviewer of the group 初审人, who reads the admin in Chinese; 复审 has no group."""
    return make_review_workflow(
        catalogue,
        group_names=("初审人", None),
        documents=Collection.get_first_root_node(),
        last_level_publishes=False,
        reviewers=[(REVIEWER, REVIEWER_PASSWORD, "审查员"), None],
        reviewer_email="{username}@example.gov.cn",
        reviewer_language=ADMIN_LANGUAGE,
    ).workflow


def test_reviewer_acknowledges_findings_and_approves_in_the_editor(page, server, django_user_model):
    catalogue, organisation, topic, genre = make_disclosure_site()
    author = make_editor(catalogue, django_user_model)
    workflow = make_first_level_review(catalogue)
    entry = make_entry(catalogue, publish=False, owner=author, body=BODY, organisation=organisation, topic=topic, genre=genre)
    entry.save_revision(user=author)
    workflow.start(entry, author)

    signed_form = get_document_model()(title="保密审查单（初审，已签字）", collection=Collection.get_first_root_node())
    signed_form.file.save("shenchadan.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    signed_form.save()

    log_in(page, REVIEWER, REVIEWER_PASSWORD)
    page.goto(f"/admin/pages/{entry.pk}/edit/")
    footer = page.get_by_role("navigation", name=re.compile("Actions|动作|操作"))
    footer.get_by_role("button", name="更多动作").click()
    footer.get_by_role("button", name="同意公开", exact=True).click()

    modal = page.locator(".modal-body")
    expect(modal.get_by_role("heading", name="敏感信息预检")).to_be_visible()
    expect(modal).to_contain_text("公民身份号码")
    expect(modal).to_contain_text("110105********002X")

    # Everything but the finding: the modal answers with the error, in place.
    modal.get_by_role("checkbox", name="《中华人民共和国保守国家秘密法》").check()
    modal.get_by_role("textbox", name=re.compile("审查意见")).fill("经审查，身份证号系依法公示所需，同意公开。")
    for confirmation in modal.get_by_role("group", name=re.compile("审查确认事项")).get_by_role("checkbox").all():
        confirmation.check()
    modal.get_by_role("button", name="同意公开").click()
    expect(modal).to_contain_text("须逐项确认每一项预检发现")
    assert not ReviewRecord.objects.filter(kind=RecordKind.REVIEW).exists()

    modal.get_by_role("checkbox", name=re.compile("公民身份号码")).check()
    # Wagtail's document chooser would replace this modal with its own: the signed form is a select.
    modal.get_by_role("combobox", name=re.compile("已签字的审查单")).select_option(value=str(signed_form.pk))
    modal.get_by_role("button", name="同意公开").click()
    # Wagtail posts the editor form with the modal's data, then leaves the editor.
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{entry.pk}/edit/$"))
    server.wait_until_idle()
    record = ReviewRecord.objects.get(kind=RecordKind.REVIEW)
    assert record.level_name == "初审" and record.reviewer_id == django_user_model.objects.get(username=REVIEWER).pk
    assert len(record.acknowledged_findings) == 1 and record.attachment == signed_form
    assert TaskState.objects.filter(status=TaskState.STATUS_APPROVED).count() == 1


def test_reviewer_uploads_the_signed_form_in_the_modal_and_approves(page, server, django_user_model):
    """The scan is uploaded from the review form itself, chosen at once, and kept with the record."""
    catalogue, organisation, topic, genre = make_disclosure_site()
    author = make_editor(catalogue, django_user_model)
    workflow = make_first_level_review(catalogue)
    clean_body = '<p data-block-key="k9z8y">各乡镇人民政府：现将方案印发给你们。</p>'
    entry = make_entry(catalogue, publish=False, owner=author, body=clean_body, organisation=organisation, topic=topic, genre=genre)
    entry.save_revision(user=author)
    workflow.start(entry, author)

    log_in(page, REVIEWER, REVIEWER_PASSWORD)
    page.goto(f"/admin/pages/{entry.pk}/edit/")
    footer = page.get_by_role("navigation", name=re.compile("Actions|动作|操作"))
    footer.get_by_role("button", name="更多动作").click()
    footer.get_by_role("button", name="同意公开", exact=True).click()

    modal = page.locator(".modal-body")
    modal.get_by_role("checkbox", name="《中华人民共和国保守国家秘密法》").check()
    modal.get_by_role("textbox", name=re.compile("审查意见")).fill("经审查，不涉及国家秘密，同意公开。")
    for confirmation in modal.get_by_role("group", name=re.compile("审查确认事项")).get_by_role("checkbox").all():
        confirmation.check()
    select = modal.get_by_role("combobox", name=re.compile("已签字的审查单"))
    expect(select.locator("option")).to_have_count(1)  # the reviewer may choose no document: only "---------"

    # A file that is not a scan: refused in place, with the reason.
    upload = modal.get_by_label(translated("Upload the signed review form"))
    upload.set_input_files({"name": "shenchadan.docx", "mimeType": "application/octet-stream", "buffer": b"PK"})
    expect(modal.get_by_role("status")).to_contain_text("“shenchadan.docx”")
    expect(select.locator("option")).to_have_count(1)

    upload.set_input_files({"name": "shenchadan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 signed"})
    expect(modal.get_by_role("status")).to_contain_text("初审")
    server.wait_until_idle()
    scan = get_document_model().objects.get(collection=review_forms_collection())
    expect(select).to_have_value(str(scan.pk))

    modal.get_by_role("button", name="同意公开").click()
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{entry.pk}/edit/$"))
    server.wait_until_idle()
    record = ReviewRecord.objects.get(kind=RecordKind.REVIEW)
    assert record.attachment == scan and record.reviewer.username == REVIEWER
    assert TaskState.objects.filter(status=TaskState.STATUS_APPROVED).count() == 1
    with translation.override(ADMIN_LANGUAGE):
        confirmation_text = recorded_message(record)
    expect(page.locator(".messages")).to_contain_text(confirmation_text)
