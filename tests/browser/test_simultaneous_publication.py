"""三同步 in the browser: a policy (行政规范性文件) and its 政策解读 go through one submission and one review.

The editor's drafts of both are prepared (the interpretation links to the policy); in the admin the editor
submits the policy alone, the 初审 and 复审 reviewers each approve once in the review modal, which shows the
interpretation the review covers, and both pages go live together.
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect
from wagtail.models import Page, TaskState

from wagtail_disclosure.models import Genre, PolicyInterpretationPage, PolicyLink, ReviewRecord
from wagtail_disclosure.rules.confidentiality import RecordKind

from ..utils import make_entry
from .helpers import (
    FIRST_REVIEWER,
    REVIEW_WORKFLOW_NAME,
    SECOND_REVIEWER,
    log_in,
    log_out,
    make_disclosure_site,
    make_editor,
    make_review_workflow,
    screenshot,
    translated,
)
from .test_editor_journey import footer_actions, messages, record_approval, submitting, wait_for_the_review_modal

pytestmark = pytest.mark.browser

POLICY = "某县行政规范性文件合法性审核办法"
INTERPRETATION = "《某县行政规范性文件合法性审核办法》政策解读"


def test_one_submission_one_review_both_live(page, server, django_user_model):
    catalogue, organisation, topic, _genre = make_disclosure_site()
    editor = make_editor(catalogue, django_user_model)
    review = make_review_workflow(catalogue)
    normative = Genre.objects.create(name="行政规范性文件")
    policy = make_entry(
        catalogue, publish=False, owner=editor, title=POLICY, organisation=organisation, topic=topic, genre=normative,
        body='<p data-block-key="b1">第一条 行政规范性文件由县司法局进行合法性审核。</p>',
    )
    policy.save_revision(user=editor)
    interpretation = PolicyInterpretationPage(
        title=INTERPRETATION, slug="jiedu", live=False, owner=editor, organisation=organisation, drafting_department=organisation,
        topic=topic, genre=normative, written_date=policy.written_date, interpreter="县司法局局长",
        content=[("text", "<p>办法回答三个问题：谁来审、怎么审、审不过怎么办。</p>")],
    )
    interpretation.policy_links = [PolicyLink(policy=policy)]
    catalogue.add_child(instance=interpretation)
    interpretation.save_revision(user=editor)

    # The editor submits the policy: one action for both.
    log_in(page)
    page.goto(f"/admin/pages/{policy.pk}/edit/")
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    submitting(page, footer.get_by_role("button", name=f"提交给{REVIEW_WORKFLOW_NAME}"))
    expect(messages(page)).to_contain_text(POLICY)
    server.wait_until_idle()
    assert not TaskState.objects.filter(workflow_state__object_id=str(interpretation.pk)).exists()  # not a second review
    log_out(page)

    for (username, password, name), level in ((FIRST_REVIEWER, "初审"), (SECOND_REVIEWER, "复审")):
        log_in(page, username, password)
        awaiting = page.get_by_role("region", name="等待你的审查")
        expect(awaiting.get_by_role("link", name=INTERPRETATION)).to_have_count(0)  # only the policy awaits review
        row = awaiting.get_by_role("row").filter(has=page.get_by_role("link", name=POLICY))
        row.get_by_role("button", name="动作").click()
        row.get_by_role("button", name=translated("Approve publication (同意公开)"), exact=True).click()
        modal = wait_for_the_review_modal(page, level)
        together = modal.locator("[data-disclosure-reviewed-together]")
        expect(together).to_contain_text(INTERPRETATION)
        screenshot(page, f"simultaneous-{level}-modal")
        record_approval(page, modal, findings=[], opinion=f"{level}：政策文件及其解读不涉及国家秘密，同意公开。")
        expect(page).to_have_url(re.compile(r"/admin/$"))
        server.wait_until_idle()
        if level == "初审":
            assert not Page.objects.get(pk=policy.pk).live and not Page.objects.get(pk=interpretation.pk).live
        log_out(page, name)

    policy_row, interpretation_row = Page.objects.get(pk=policy.pk), Page.objects.get(pk=interpretation.pk)
    assert policy_row.live and interpretation_row.live
    assert abs((policy_row.first_published_at - interpretation_row.first_published_at).total_seconds()) < 2
    assert ReviewRecord.objects.filter(kind=RecordKind.REVIEW, page_pk=interpretation.pk).count() == 2
    # The public sees both, each linking to the other.
    page.goto(policy_row.url)
    expect(page.get_by_role("link", name=INTERPRETATION)).to_be_visible()
    page.goto(interpretation_row.url)
    expect(page.get_by_role("link", name=re.compile(POLICY))).to_be_visible()
    assert Client().get(interpretation_row.url).status_code == 200
