"""依申请公开 end to end: an applicant applies online, a handler asks for 补正, the corrected application restarts
the clock, the handler answers 部分公开 with the generated 告知书, and the applicant sees the result with the
查询码 and telephone.

``DISCLOSURE_SCREENSHOTS=test-artifacts/screenshots`` also saves the public form and the admin case view.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from wagtail_disclosure.models import InformationRequest, RequestApplicationPage
from wagtail_disclosure.models.calendar import get_working_day_calendar

from ..request_utils import VALID_ID, handlers_group
from ..utils import make_organisation, make_site, make_user, publish_reviewed
from .helpers import log_in, screenshot, translated

pytestmark = pytest.mark.browser

PHONE = "13800138000"
TITLE = "某街道2024年度老旧小区改造资金使用明细"


def test_application_correction_answer_and_progress(page, server):
    organisation = make_organisation()
    form_page = make_site().add_child(
        instance=RequestApplicationPage(title="政府信息公开申请", slug="sqgk", organisation=organisation, live=False)
    )
    publish_reviewed(form_page)
    make_user("banli", "banli-2024", handlers_group(organisations=[organisation]), first_name="刘洋", language="zh-hans")

    # The applicant applies online.
    page.goto(form_page.url)
    page.locator("input[name=applicant_type][value=natural_person]").check()
    page.locator("input[name=applicant_name]").fill("赵六")
    page.locator("input[name=id_number]").fill(VALID_ID)
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("input[name=email]").fill("zhao@example.com")
    page.locator("input[name=information_title]").fill(TITLE)
    page.locator("textarea[name=description]").fill("各小区的补助金额")
    screenshot(page, "request-public-form")
    page.locator("button.wd-submit").click()
    expect(page).to_have_url(re.compile(r"/receipt/$"))
    code = page.locator(".wd-query-code").inner_text().strip()
    server.wait_until_idle()
    case = InformationRequest.objects.get(query_code=code)
    today = datetime.date.today()
    assert case.received_on == today

    # The handler asks for 补正: the clock stops.
    log_in(page, "banli", "banli-2024")
    page.goto(f"/admin/disclosure_requests/inspect/{case.pk}/")
    form = page.locator("form.disclosure-case__event-form")
    form.locator("select[name=kind]").select_option("correction")
    form.locator("input[name=date]").fill(today.isoformat())
    form.locator("textarea[name=note]").fill("请说明所需信息涉及的小区范围")
    form.locator("button[type=submit]").click()
    expect(page.locator(".disclosure-case__due")).to_contain_text(translated("Clock stopped: no due date"))

    # The corrected application arrives: the 20 working days run from that day.
    page.locator("table input[name=end_date]").fill(today.isoformat())
    page.get_by_role("button", name=translated("Corrected application received")).click()
    due = get_working_day_calendar().add_working_days(today, 20).date
    expect(page.locator(".disclosure-case__due")).to_contain_text(due.isoformat())

    # The answer: 部分公开, with the generated 告知书, issued.
    answer = page.locator("form.disclosure-case__answer-form")
    answer.locator("select[name=outcome]").select_option("partially_granted")
    answer.locator("input[name=answered_on]").fill(today.isoformat())
    answer.locator("button[type=submit]").click()
    reply = page.locator("textarea[name=reply_text]")
    expect(reply).to_have_value(re.compile("^部分公开告知书"))
    expect(reply).to_have_value(re.compile("第三十七条"))
    page.get_by_role("button", name=translated("Issue the reply")).click()
    expect(page.locator(".disclosure-case__reply")).to_contain_text("部分公开告知书")
    screenshot(page, "request-admin-case")
    server.wait_until_idle()
    case.refresh_from_db()
    assert case.outcome == "partially_granted" and case.reply_issued_at and case.events.get().end_date == today

    # The applicant checks the progress.
    page.goto(form_page.url + "progress/")
    page.locator("input[name=query_code]").fill(code)
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("form button[type=submit]").click()
    with_language = translated("Partly disclosed after separating (部分公开)")
    expect(page.locator(".wd-outcome")).to_contain_text(with_language)
    expect(page.locator(".wd-reply")).to_contain_text("部分公开告知书")
