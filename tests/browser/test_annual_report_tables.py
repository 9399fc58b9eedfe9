"""The annual report's tables in the page editor: totals computed as one types, keyboard movement
between cells, and a tab-separated block pasted from Excel or WPS."""

import pytest
from playwright.sync_api import expect

from ..test_annual_report_pages import make_index, make_report
from ..utils import make_organisation
from .helpers import log_in

pytestmark = pytest.mark.browser

PREFIX = "tables-table3-"


def cell(page, row, column):
    return page.locator(f'input[name="{PREFIX}{row}-{column}"]')


def test_totals_keyboard_and_paste(page, django_user_model):
    index = make_index()
    report = make_report(index, make_organisation())
    django_user_model.objects.create_superuser("admin", "admin@example.gov.cn", "password")
    log_in(page, "admin", "password")
    page.goto(f"/admin/pages/{report.pk}/edit/")

    first = cell(page, "new_received", "natural_person")
    expect(first).to_have_value("5")
    expect(cell(page, "new_received", "total")).to_have_value("5")
    expect(cell(page, "new_received", "total")).to_have_attribute("readonly", "")

    first.fill("8")
    expect(cell(page, "new_received", "total")).to_have_value("8")

    # Arrow keys and Enter move between cells.
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(cell(page, "carried_over_from_last_year", "natural_person")).to_be_focused()
    page.keyboard.press("Enter")
    expect(cell(page, "results.granted", "natural_person")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(cell(page, "results.granted", "commercial_enterprise")).to_be_focused()

    # A 2×3 block copied from a spreadsheet fills cells from the focused one; totals follow.
    target = cell(page, "results.granted", "natural_person")
    target.focus()
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        "1\t2\t3\r\n4\t5\t6\r\n",
    )
    expect(cell(page, "results.granted", "research_institution")).to_have_value("3")
    expect(cell(page, "results.partially_granted", "natural_person")).to_have_value("4")
    expect(cell(page, "results.granted", "total")).to_have_value("6")
    expect(cell(page, "results.total", "natural_person")).to_have_value("5")
    expect(cell(page, "results.total", "total")).to_have_value("21")


def paste(page, text):
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )


def test_enter_table3_see_the_imbalance_fix_it_and_submit_for_review(page, server, django_user_model):
    from wagtail.models import WorkflowState

    from ..utils import make_review_workflow
    from .test_editor_journey import footer_actions, save_draft, submitting

    index = make_index()
    built = make_review_workflow(index, levels=("初审",), name="年报保密审查")
    report = make_report(index, make_organisation(), tables=None)
    django_user_model.objects.create_superuser("admin", "admin@example.gov.cn", "password")
    log_in(page, "admin", "password")
    page.goto(f"/admin/pages/{report.pk}/edit/")

    # 一、本年新收: 自然人 12, 商业企业 3, pasted as a row from a spreadsheet; the totals follow as one types.
    cell(page, "new_received", "natural_person").focus()
    paste(page, "12\t3\r\n")
    expect(cell(page, "new_received", "total")).to_have_value("15")
    # （一）予以公开 and （二）部分公开 for the same two columns, a 2×2 block: 9 of 自然人's 12 handled (2 were
    # already carried forward), all 3 of 商业企业's.
    cell(page, "results.granted", "natural_person").focus()
    paste(page, "8\t2\r\n1\t1\r\n")
    expect(cell(page, "results.total", "natural_person")).to_have_value("9")
    expect(cell(page, "results.total", "total")).to_have_value("12")
    save_draft(page)
    server.wait_until_idle()

    # The imbalance is reported in the national wording, with the numbers: 12 received, 9 + 2 accounted for.
    findings = page.locator("[data-disclosure-errors]")
    expect(findings).to_contain_text("表三「自然人」列：第一项与第二项之和（12）不等于第三项（七）总计与第四项之和（11）")
    expect(findings).not_to_contain_text("商业企业")
    expect(cell(page, "new_received", "natural_person")).to_have_value("12")  # nothing typed is lost

    # Fixed: three of 自然人's carried forward to next year.
    cell(page, "carried_forward_to_next_year", "natural_person").fill("3")
    expect(cell(page, "carried_forward_to_next_year", "total")).to_have_value("3")
    save_draft(page)
    server.wait_until_idle()
    expect(page.locator("[data-disclosure-no-errors]")).to_be_visible()

    footer = footer_actions(page)
    submitting(page, footer.get_by_role("button", name=f"提交给{built.workflow.name}"))
    server.wait_until_idle()
    state = WorkflowState.objects.filter(object_id=str(report.pk)).order_by("-pk").first()
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    submitted = state.current_task_state.revision.as_object()
    assert submitted.tables["table3"]["new_received"] == [12, 3, 0, 0, 0, 0, 15]
    assert submitted.publication_blockers() == []
