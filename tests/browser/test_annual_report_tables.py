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
