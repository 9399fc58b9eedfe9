"""An editor's day in Chinese, under the publication gate (保密审查).

The editor files a catalogue entry and, with no Publish button, submits it for review; the 初审 and
复审 reviewers record their reviews in the admin, and the entry goes live; the public catalogue finds
it (two-character search, filters, catalogue metadata). The editor then changes the title: the new
content waits for its own review while the reviewed version stays live, and a 删减后公开 sends it back
to the editor. Every step is checked in the browser and in the database.

``DISCLOSURE_SCREENSHOTS=test-artifacts/screenshots`` also saves screenshots of the main screens.
"""

import contextlib
import datetime
import re

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect
from wagtail.models import Page, TaskState, WorkflowState

from wagtail_disclosure.models import CatalogueEntryPage, ReviewRecord
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind

from ..utils import ORG_CODE, make_entry
from .helpers import (
    ADMIN_LANGUAGE,
    FIRST_REVIEWER,
    REVIEW_WORKFLOW_NAME,
    SECOND_REVIEWER,
    exactly,
    field_label,
    log_in,
    log_out,
    make_disclosure_site,
    make_editor,
    make_review_workflow,
    screenshot,
    translated,
    wait_until_editor_watches_edits,
)

pytestmark = pytest.mark.browser

TITLE = "关于做好春季学校传染病防控工作的通知"
SEARCH = "传染"  # two characters from the middle of the title
DOCUMENT_NUMBER = "某教发〔2024〕7号"
ID_NUMBER = "11010519491231002X"  # a valid 公民身份号码: the pre-scan finds it
MOBILE = "13812345678"  # a mobile number: found too
BODY_TEXT = f"各学校：请做好春季传染病防控工作。联系人：张三，身份证号{ID_NUMBER}，手机{MOBILE}。"
NEW_TITLE = "关于做好春季学校传染病防控工作的补充通知"
NEW_SEARCH = "补充"  # only in the new title


def label(name):
    return exactly(field_label(CatalogueEntryPage, name))


def open_tab(page, heading):
    # A tab's name may end with Wagtail's count of the problems inside it, e.g. "元数据 1 (1 error)".
    tab = page.get_by_role("tab", name=re.compile(rf"^\s*{re.escape(translated(heading))}(\s|$)", re.IGNORECASE))
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return tab


def fill_date(page, name, value):
    field = page.get_by_role("textbox", name=label(name))
    field.fill(value)
    field.press("Escape")  # close the date picker, which would cover the fields below
    expect(field).to_have_value(value)


def open_add_entry_form(page, catalogue):
    """From the dashboard, through the page explorer, to the form of a new child of the catalogue."""
    page.get_by_role("navigation", name="主菜单").get_by_role("button", name="页面", exact=True).click()
    # The editor's rights cover the catalogue only, so the explorer menu starts there.
    page.get_by_role("dialog").get_by_role("link", name=catalogue.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(catalogue.title)
    page.get_by_role("link", name="添加子页面").click()
    # The catalogue holds entries, policy interpretations and an interpretation index: choose the type.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{catalogue.pk}/add_subpage/$"))
    page.get_by_role("link", name=re.compile(rf"^\s*{re.escape(translated('catalogue entry'))}\s*$", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/wagtail_disclosure/catalogueentrypage/\d+/$"))
    wait_until_editor_watches_edits(page)


@contextlib.contextmanager
def autosave_of(page, field, value):
    """Wait for Wagtail's autosave of the form once ``field`` has ``value``.

    Wagtail 8 autosaves the editor form in the background about 1.5 s after each change (and, on a
    new page, creates the draft as soon as the required fields are filled). Waiting for the autosave
    that carries the last change keeps it from racing the editor's next click, and the live server
    from handling two saves at once.
    """
    form = page.locator("form[data-edit-form]")
    if "w-autosave" not in (form.get_attribute("data-controller") or ""):
        yield
        return
    marker = f'name="{field}"\r\n\r\n{value}\r\n'
    with page.expect_response(
        lambda response: response.request.method == "POST"
        and response.request.headers.get("accept") == "application/json"
        and marker in (response.request.post_data or "")
    ):
        yield


def fill_entry(page, organisation, topic, genre, *, title=TITLE, body="", written="2024-03-01", published=""):
    open_tab(page, "Content")
    page.get_by_role("textbox", name=exactly("标题")).fill(title)
    if body:
        # Draftail's editable area has no name of its own (its label points at a hidden input): it is the
        # textbox in the panel headed 正文.
        editor = page.get_by_role("region", name=label("body")).get_by_role("textbox")
        editor.click()
        page.keyboard.insert_text(body)
        expect(editor).to_contain_text(body)
    open_tab(page, "Metadata")
    page.get_by_role("combobox", name=label("organisation")).select_option(label=organisation.name)
    page.get_by_role("textbox", name=label("document_number")).fill(DOCUMENT_NUMBER)
    fill_date(page, "written_date", written)
    if published:
        fill_date(page, "publish_date", published)
    page.get_by_role("combobox", name=label("topic")).select_option(value=str(topic.pk))  # labels are an indented tree
    with autosave_of(page, "genre", genre.pk):
        page.get_by_role("combobox", name=label("genre")).select_option(label=genre.name)


def catalogue_search(page):
    """The catalogue's own search and filter form (the site's header may have a search form too)."""
    return page.get_by_role("search", name=translated("Search and filter the catalogue"))


def search_catalogue(page, catalogue, text):
    """Search the public catalogue; returns the results table."""
    page.goto(catalogue.url)
    search = catalogue_search(page)
    search.get_by_role("searchbox").fill(text)
    search.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    return page.get_by_role("table", name=translated("Catalogue entries, newest first"))


def submitting(page, button):
    """Click a form's submit button and wait for the page the server answers with (even at the same URL)."""
    page.evaluate("window.__disclosureOldPage = true")
    button.click()
    page.wait_for_function("window.__disclosureOldPage === undefined")
    page.wait_for_load_state()


def save_draft(page):
    submitting(page, page.get_by_role("button", name="保存草稿"))


def footer_actions(page):
    """The editor footer's action menu, opened (its other actions are in a dropdown)."""
    footer = page.get_by_role("navigation", name=re.compile("Actions|动作|操作"))
    footer.get_by_role("button", name="更多动作").click()
    return footer


def messages(page):
    return page.get_by_role("status")


def wait_for_the_review_modal(page, level):
    """The review modal of ``level``, once its form is there."""
    modal = page.get_by_role("dialog")
    expect(modal.get_by_role("heading", name="敏感信息预检")).to_be_visible()
    expect(modal).to_contain_text(level)
    return modal


def record_approval(page, modal, *, findings, opinion):
    """Fill in an approval (同意公开) in the review modal and send it: each pre-scan finding acknowledged,
    a basis, an opinion and every confirmation."""
    with translation.override(ADMIN_LANGUAGE):
        legend = ngettext(
            "The content contains %(counter)s item that usually must not be published:",
            "The content contains %(counter)s items that usually must not be published:",
            len(findings),
        ) % {"counter": len(findings)}
    acknowledgements = modal.get_by_role("group", name=legend).get_by_role("checkbox")
    expect(acknowledgements).to_have_count(len(findings))
    for kind in findings:
        modal.get_by_role("checkbox", name=re.compile(kind)).check()
    modal.get_by_role("checkbox", name=translated("Law on Guarding State Secrets (保守国家秘密法)")).check()
    modal.get_by_role("textbox", name=re.compile(translated("Opinion (审查意见)"))).fill(opinion)
    confirmations = modal.get_by_role("group", name=re.compile(translated("Confirmations (审查确认)"))).get_by_role("checkbox")
    expect(confirmations).to_have_count(4)
    for confirmation in confirmations.all():
        confirmation.check()
    # From the editor, Wagtail posts the edit form with the modal's data; from the dashboard, the modal
    # posts the review and then reloads the dashboard. Either way a new page comes.
    submitting(page, modal.get_by_role("button", name=translated("Approve publication (同意公开)"), exact=True))


def reviews_of(entry):
    return ReviewRecord.objects.filter(page_pk=entry.pk, kind=RecordKind.REVIEW).order_by("sequence")


def workflow_state(entry):
    """The entry's latest workflow state."""
    states = WorkflowState.objects.filter(base_content_type=entry.get_base_content_type(), object_id=str(entry.pk))
    return states.order_by("-created_at", "-pk").first()


def test_editor_files_the_reviewers_approve_and_the_entry_goes_live(page, server, django_user_model):
    catalogue, organisation, topic, genre = make_disclosure_site()
    editor = make_editor(catalogue, django_user_model)
    review = make_review_workflow(catalogue)
    # Published entries that the search and the filters must leave out: one of the same topic from
    # an earlier year, one of another topic from this year; neither title contains SEARCH.
    earlier = make_entry(
        catalogue, title="关于做好2023年秋季学校招生工作的通知", organisation=organisation, topic=topic, genre=genre,
        written_date=datetime.date(2023, 4, 20), publish_date=datetime.date(2023, 5, 1),
    )
    other_topic = make_entry(
        catalogue, title="关于某县道路维修的公告", organisation=organisation, topic=type(topic).objects.create(name="交通"),
        genre=genre, written_date=datetime.date(2025, 6, 2),  # not 2024: the new entry is to get 2024's first number
    )

    # --- The editor files the entry: the admin speaks Chinese from the login page on. ----------------
    log_in(page)
    expect(page).to_have_title(re.compile("控制面板|仪表板"))  # dashboard
    open_add_entry_form(page, catalogue)
    # A new disclosure page has no review yet: the create view offers no Publish.
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    page.keyboard.press("Escape")
    fill_entry(page, organisation, topic, genre, body=BODY_TEXT)
    # Wagtail's autosave has already created the draft: the form is now the page's edit form.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    save_draft(page)
    expect(messages(page)).to_contain_text(TITLE)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    # The editor may publish in the catalogue, yet the gate hides Publish and says what to do instead.
    explanation = translated(
        "Pages here are published only after the confidentiality review (保密审查): save your changes, then submit them "
        "for review. They are published once every level has approved them."
    )
    expect(messages(page)).to_contain_text(explanation)
    server.wait_until_idle()
    assert CatalogueEntryPage.objects.filter(title=TITLE).count() == 1  # autosave and save made one page

    # The 索引号 was issued when the draft was first saved (by the autosave): ORGCODE/YEAR-00001,
    # YEAR being that of the 成文日期.
    open_tab(page, "Metadata")
    index_number = page.locator("[data-disclosure-index-number]")
    expect(index_number).to_have_text(re.compile(rf"^\s*{re.escape(ORG_CODE)}/2024-00001\s*$"))
    number = index_number.inner_text().strip()
    server.wait_until_idle()
    entry = CatalogueEntryPage.objects.get(index_number=number)
    assert not entry.live and entry.title == TITLE and ID_NUMBER in entry.get_latest_revision_as_object().body

    # No Publish: the editor submits the entry to the workflow (Wagtail's 提交给… in the action menu).
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    submitting(page, footer.get_by_role("button", name=f"提交给{REVIEW_WORKFLOW_NAME}"))
    # Wagtail goes back to the catalogue in the explorer and confirms the submission.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{catalogue.pk}/$"))
    expect(messages(page)).to_contain_text(f"页面 '{TITLE}' 已经提交进行审核。")
    screenshot(page, "02-editor-after-submission")
    server.wait_until_idle()
    entry.refresh_from_db()
    state = workflow_state(entry)
    assert not entry.live and state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == editor
    assert state.current_task_state.task_id == review.tasks[0].pk

    # The editor's own page now says it is in review, and still offers no Publish (nor a review).
    page.goto(f"/admin/pages/{entry.pk}/edit/")
    # (In Chinese through wagtail_disclosure.contrib.wagtail_zh_hans: Wagtail 8.0's own catalogue lacks it.)
    expect(messages(page)).to_contain_text(f"“{review.tasks[0].name}”")
    expect(messages(page)).to_contain_text(f"“{REVIEW_WORKFLOW_NAME}”")
    expect(messages(page)).not_to_contain_text("awaiting")
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    expect(footer.get_by_role("button", name=re.compile("同意公开"))).to_have_count(0)
    page.keyboard.press("Escape")
    screenshot(page, "02-editor-page-in-review")
    log_out(page)

    # --- 初审: the first reviewer finds the task on the dashboard and reviews in the page editor. ------
    log_in(page, FIRST_REVIEWER[0], FIRST_REVIEWER[1])
    awaiting = page.get_by_role("region", name="等待你的审查")
    expect(awaiting.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "03-first-reviewer-dashboard")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{entry.pk}/edit/$"))
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    footer.get_by_role("button", name=translated("Approve publication (同意公开)"), exact=True).click()
    modal = wait_for_the_review_modal(page, "初审")
    expect(modal).to_contain_text(TITLE)
    for shown in ("公民身份号码", "110105********002X", "手机号码", "138****5678"):
        expect(modal).to_contain_text(shown)
    screenshot(page, "01-first-reviewer-modal-with-findings")
    record_approval(
        page, modal, findings=["公民身份号码", "手机号码"], opinion="经审查，联系人信息系工作联系所需，不涉及国家秘密，同意公开。"
    )
    # Wagtail leaves the editor for the catalogue in the explorer.
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{entry.pk}/edit/$"))
    server.wait_until_idle()
    first = reviews_of(entry).get()
    assert (first.level_name, first.conclusion, first.reviewer_id) == ("初审", Conclusion.APPROVE, review.reviewers[0].pk)
    assert first.page_title == TITLE and len(first.acknowledged_findings) == 2
    entry.refresh_from_db()
    assert not entry.live
    assert workflow_state(entry).current_task_state.task_id == review.tasks[1].pk
    log_out(page, FIRST_REVIEWER[2])

    # --- 复审: the second reviewer reviews from the dashboard; the approval publishes. ----------------
    log_in(page, SECOND_REVIEWER[0], SECOND_REVIEWER[1])
    awaiting = page.get_by_role("region", name="等待你的审查")
    row = awaiting.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    row.get_by_role("button", name="动作").click()
    row.get_by_role("button", name=translated("Approve publication (同意公开)"), exact=True).click()
    modal = wait_for_the_review_modal(page, "复审")
    record_approval(page, modal, findings=["公民身份号码", "手机号码"], opinion="经复审，同意公开。")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("region", name="等待你的审查")).to_have_count(0)  # nothing left to review
    server.wait_until_idle()
    assert [(r.level_name, r.conclusion) for r in reviews_of(entry)] == [("初审", Conclusion.APPROVE), ("复审", Conclusion.APPROVE)]
    entry.refresh_from_db()
    assert entry.live and entry.has_unpublished_changes is False and entry.title == TITLE
    assert entry.publish_date is not None
    assert workflow_state(entry).status == WorkflowState.STATUS_APPROVED
    assert reviews_of(entry).last().content_hash == first.content_hash  # the content both levels reviewed is live

    # The ledger (Reports → 保密审查台账) lists both reviews.
    menu = page.get_by_role("navigation", name="主菜单")
    menu.get_by_role("button", name=re.compile(r"^\s*报告(\s|$)")).click()
    menu.get_by_role("link", name=translated("Review ledger (保密审查台账)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(translated("Review ledger (保密审查台账)"))
    ledger = page.get_by_role("table")
    for level, reviewer in (("初审", FIRST_REVIEWER[2]), ("复审", SECOND_REVIEWER[2])):
        row = ledger.get_by_role("row").filter(has_text=level).filter(has_text=reviewer)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(TITLE)
        expect(row).to_contain_text(translated("Approve publication (同意公开)"))
    screenshot(page, "04-ledger-after-reviews")
    log_out(page, SECOND_REVIEWER[2])

    # --- The public catalogue: a two-character search from the middle of the title. ----------------
    results = search_catalogue(page, catalogue, SEARCH)
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results.get_by_role("link")).to_have_count(1)

    # The filters: topic and year, then apply.
    page.goto(catalogue.url)
    search = catalogue_search(page)
    search.get_by_label(exactly(translated("Topic"))).select_option(str(topic.pk))
    search.get_by_label(exactly(translated("Year"))).select_option(str(entry.publish_date.year))
    search.get_by_role("button", name=translated("Apply filters", "public catalogue")).click()
    expect(page).to_have_url(re.compile(rf"[?&]topic={topic.pk}\b"))
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results.get_by_role("link", name=earlier.title)).to_have_count(0)
    expect(results.get_by_role("link", name=other_topic.title)).to_have_count(0)

    # The entry page with its catalogue metadata.
    results.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    metadata = page.get_by_role("table", name=translated("Catalogue metadata"))
    for heading, value in [
        ("Index number", number),
        ("Issuing organisation", organisation.name),
        ("Document number", DOCUMENT_NUMBER),
        ("Date of writing", "2024-03-01"),
        ("Publication date", entry.publish_date.isoformat()),
        ("Genre", genre.name),
    ]:
        cell = metadata.get_by_role("rowheader", name=translated(heading), exact=True).locator("xpath=following-sibling::td[1]")
        expect(cell).to_have_text(value)
    expect(metadata).to_contain_text(topic.name)
    public_url = page.url

    # --- The editor changes the title: the new content needs a review of its own. ------------------
    log_in(page)
    page.goto(f"/admin/pages/{entry.pk}/edit/")
    wait_until_editor_watches_edits(page)
    open_tab(page, "Content")
    with autosave_of(page, "title", NEW_TITLE):
        page.get_by_role("textbox", name=exactly("标题")).fill(NEW_TITLE)
    save_draft(page)
    expect(messages(page)).to_contain_text(NEW_TITLE)
    expect(messages(page)).to_contain_text(explanation)
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    submitting(page, footer.get_by_role("button", name=f"提交给{REVIEW_WORKFLOW_NAME}"))
    expect(messages(page)).to_contain_text(f"页面 '{NEW_TITLE}' 已经提交进行审核。")
    server.wait_until_idle()
    entry.refresh_from_db()
    assert entry.live and entry.title == TITLE and entry.has_unpublished_changes  # the live row is the reviewed one
    assert entry.get_latest_revision_as_object().title == NEW_TITLE
    assert workflow_state(entry).status == WorkflowState.STATUS_IN_PROGRESS
    assert Page.objects.get(pk=entry.pk).live_revision.as_object().title == TITLE
    log_out(page)

    # The public site still shows the reviewed version; the new title is nowhere.
    page.goto(public_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(NEW_TITLE)).to_have_count(0)
    results = search_catalogue(page, catalogue, NEW_SEARCH)
    expect(results.get_by_role("link")).to_have_count(0)
    results = search_catalogue(page, catalogue, SEARCH)
    expect(results.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    expect(results.get_by_role("link")).to_have_count(1)

    # --- 初审 of the new content: 删减后公开 sends it back to the editor (changes requested). ----------
    log_in(page, FIRST_REVIEWER[0], FIRST_REVIEWER[1])
    page.get_by_role("region", name="等待你的审查").get_by_role("link", name=NEW_TITLE).click()
    footer = footer_actions(page)
    footer.get_by_role("button", name=translated("Other conclusion (request changes)"), exact=True).click()
    modal = wait_for_the_review_modal(page, "初审")
    expect(modal).to_contain_text(NEW_TITLE)
    conclusion = modal.get_by_role("group", name=re.compile(translated("Conclusion (审查结论)")))
    conclusion.get_by_role("radio", name=translated("Publish after redaction (删减后公开)")).check()
    modal.get_by_role("checkbox", name=translated("Law on Guarding State Secrets (保守国家秘密法)")).check()
    redaction = "请删去联系人的身份证号码后再提交审查。"
    modal.get_by_role("textbox", name=re.compile(translated("Opinion (审查意见)"))).fill(redaction)
    submitting(page, modal.get_by_role("button", name=translated("Other conclusion (request changes)"), exact=True))
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{entry.pk}/edit/$"))
    server.wait_until_idle()
    last = reviews_of(entry).last()
    assert (last.level_name, last.conclusion, last.opinion) == ("初审", Conclusion.APPROVE_AFTER_REDACTION, redaction)
    assert last.page_title == NEW_TITLE
    state = workflow_state(entry)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED).count() == 1
    entry.refresh_from_db()
    assert entry.live and entry.title == TITLE
    log_out(page, FIRST_REVIEWER[2])

    # The editor sees that changes were requested (Wagtail's status panel), with the reviewer's opinion,
    # and may resubmit; there is still no Publish, and the public page still shows the reviewed title.
    log_in(page)
    page.goto(f"/admin/pages/{entry.pk}/edit/")
    expect(messages(page)).to_contain_text(explanation)
    footer = footer_actions(page)
    expect(footer.get_by_role("button", name=f"重新提交给{review.tasks[0].name}")).to_be_visible()
    expect(footer.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="状态开关").click()
    status = page.get_by_role("complementary", name="状态")
    expect(status).to_contain_text("请求修改")
    status.get_by_role("button", name="查看详情").click()
    history = page.get_by_role("dialog", name=REVIEW_WORKFLOW_NAME)
    expect(history).to_contain_text(f"已由{FIRST_REVIEWER[2]}请求变更")
    expect(history).to_contain_text(redaction)
    screenshot(page, "05-editor-changes-requested")

    page.goto(public_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_saving_a_draft_with_a_publication_date_before_the_date_of_writing_is_refused(page, server, django_user_model):
    catalogue, organisation, topic, genre = make_disclosure_site()
    make_editor(catalogue, django_user_model)
    log_in(page)
    open_add_entry_form(page, catalogue)
    fill_entry(page, organisation, topic, genre, written="2024-03-01", published="2024-02-01")
    save_draft(page)

    # The form comes back with the error on the field, on the tab that holds it, and keeps every value.
    expect(messages(page)).to_contain_text(re.compile("错误|error", re.IGNORECASE))
    metadata_tab = open_tab(page, "Metadata")
    expect(metadata_tab).to_have_accessible_name(re.compile(r"\d"))  # Wagtail's count of errors in the tab
    publish_date = page.get_by_role("textbox", name=label("publish_date"))
    expect(publish_date).to_have_value("2024-02-01")
    expect(publish_date).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field (aria-describedby) and names the offending date.
    expect(publish_date).to_have_accessible_description(re.compile(r"2024-02-01"))
    expect(page.locator(".w-field", has=publish_date)).to_have_class(re.compile(r"\bw-field--error\b"))
    expect(page.get_by_role("textbox", name=label("written_date"))).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("textbox", name=label("written_date"))).to_have_value("2024-03-01")
    expect(page.get_by_role("textbox", name=label("document_number"))).to_have_value(DOCUMENT_NUMBER)
    expect(page.get_by_role("combobox", name=label("organisation"))).to_have_value(str(organisation.pk))
    expect(page.get_by_role("combobox", name=label("topic"))).to_have_value(str(topic.pk))
    expect(page.get_by_role("combobox", name=label("genre"))).to_have_value(str(genre.pk))
    open_tab(page, "Content")
    expect(page.get_by_role("textbox", name=exactly("标题"))).to_have_value(TITLE)
    expect(page).to_have_url(re.compile(r"/admin/pages/add/"))  # nothing was saved, not even by autosave
    server.wait_until_idle()
    assert not CatalogueEntryPage.objects.filter(title=TITLE).exists()
