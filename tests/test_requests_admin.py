"""依申请公开 in the admin: registering a case, its events on the clock, the answer and the archive, who may do
what (handlers, approvers, editors, the public), the dashboard panel, reminders, privacy and 表三."""

import datetime
import io

import docx
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from wagtail_disclosure.models import InformationRequest, RequestEvent
from wagtail_disclosure.rules.annual_report import Report, check
from wagtail_disclosure.services import requests as service

from .request_utils import VALID_ID, VALID_USCC, handlers_group, make_request
from .utils import make_user

D = datetime.date
INDEX = reverse("disclosure_requests:index")
ADD = reverse("disclosure_requests:add")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def handler(db, organisation):
    user = make_user("handler", "pw", handlers_group(organisations=[organisation]), language="en")
    user.first_name = "李"
    user.save()
    return user


@pytest.fixture
def approver(db, organisation):
    return make_user("approver", "pw", handlers_group("依申请公开审批", approve_extension=True, organisations=[organisation]), language="en")


@pytest.fixture
def editor(db):
    group, _ = Group.objects.get_or_create(name="Editors")
    return make_user("editor", "pw", group, language="en")


def form_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "channel": "online",
        "submitted_on": "2025-01-24",
        "confirmed_on": "2025-01-24",
        "applicant_type": "natural_person",
        "applicant_name": "王五",
        "id_number": VALID_ID,
        "phone": "13900139000",
        "information_title": "关于老旧小区改造的补助标准",
        "provide_format": "electronic",
        "delivery_method": "email",
    }
    data.update(overrides)
    return data


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def inspect_url(case):
    return reverse("disclosure_requests:inspect", args=[case.pk])


def action(name, case, *args):
    return reverse(f"disclosure_requests:{name}", args=[case.pk, *args])


# --- registering ----------------------------------------------------------------------------------------


def test_handler_registers_a_case_and_sees_the_rule_and_the_computation(client, handler, organisation):
    client.force_login(handler)
    response = client.post(ADD, form_data(organisation))
    case = InformationRequest.objects.get()
    assert response.status_code == 302 and response.url == inspect_url(case)
    assert case.received_on == D(2025, 1, 24)
    assert case.reference == f"YSQ-2025-{case.pk:06d}"
    assert case.due_on == D(2025, 2, 27)  # across 春节 2025 with its 调休 days
    page = client.get(inspect_url(case)).content.decode()
    assert "条例第三十一条第（三）项" in page
    assert "Make-up working days (调休) on weekends counted: 2025-01-26、2025-02-08." in page
    assert "Due: 2025-02-27." in page
    assert page.count(VALID_ID) == 1 and "王五" in page  # once: in the applicant section only


def test_the_receipt_date_needs_the_date_of_its_channel(client, handler, organisation):
    client.force_login(handler)
    response = client.post(ADD, form_data(organisation, channel="signed_post", confirmed_on=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert "counts as received on the day it was signed for on" in " ".join(form.errors["signed_on"])
    assert form["applicant_name"].value() == "王五"  # nothing typed is lost
    assert not InformationRequest.objects.exists()


def test_identity_numbers_are_checked(client, handler, organisation):
    client.force_login(handler)
    response = client.post(ADD, form_data(organisation, id_number="110105194912310021"))
    assert "does not match the others" in " ".join(response.context["form"].errors["id_number"])
    response = client.post(ADD, form_data(organisation, applicant_type="commercial_enterprise", id_number="", credit_code="91350100M000100Y44"))
    assert "check character" in " ".join(response.context["form"].errors["credit_code"])
    response = client.post(ADD, form_data(organisation, applicant_type="commercial_enterprise", id_number="", credit_code=VALID_USCC.lower()))
    assert response.status_code == 302
    assert InformationRequest.objects.get().credit_code == VALID_USCC


# --- permissions ---------------------------------------------------------------------------------------


def test_editors_and_the_public_are_refused_everywhere(client, editor, organisation):
    case = make_request(organisation)
    urls = [INDEX, ADD, inspect_url(case), reverse("disclosure_requests:edit", args=[case.pk])]
    posts = [action("add_event", case), action("answer", case), action("archive", case)]
    for url in urls + posts:
        assert client.get(url).status_code in (302, 405), url
        if url in posts:
            assert client.post(url, {}).status_code == 302 and "login" in client.post(url, {}).url
    client.force_login(editor)
    for url in urls:
        assert refused(client.get(url)), url
    for url in posts:
        assert refused(client.post(url, {"kind": "note", "date": "2025-03-04"})), url
    assert not RequestEvent.objects.exists()
    assert "disclosure-due-requests" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_listing_masks_the_applicant_and_viewing_the_case_is_audit_logged(client, handler, organisation):
    case = make_request(organisation, applicant_name="欧阳明")
    client.force_login(handler)
    listing = client.get(INDEX).content.decode()
    assert "欧**" in listing and "欧阳明" not in listing and VALID_ID not in listing
    client.get(inspect_url(case))
    entry = ModelLogEntry.objects.get(action=service.IDENTITY_VIEWED_ACTION)
    assert entry.user == handler and entry.object_id == str(case.pk)
    export = b"".join(client.get(INDEX + "?export=csv").streaming_content).decode("utf-8-sig")
    assert "欧**" in export and "欧阳明" not in export


def test_listing_shows_dates_as_dates_and_sorts_by_them(client, handler, organisation):
    # Issue 12: "absolute dates (YYYY-MM-DD) in every listing", not Wagtail's "1 周，3 日 之前".
    later = make_request(organisation, received_on=D(2025, 3, 3))
    earlier = make_request(organisation, received_on=D(2025, 1, 6))
    client.force_login(handler)
    listing = client.get(INDEX + "?ordering=received_on").content.decode()
    assert "2025-01-06" in listing and "2025-03-03" in listing and later.due_on.isoformat() in listing
    assert "之前" not in listing and "ago" not in listing
    assert listing.index(earlier.reference) < listing.index(later.reference)


def test_the_case_file_reads_as_people_read_it(client, handler, organisation):
    # No raw "None" for a date not recorded, dates as in the listings, the handler by name.
    case = make_request(organisation, received_on=D(2025, 3, 3), handler=handler)
    client.force_login(handler)
    html = client.get(inspect_url(case)).content.decode()
    assert ">None<" not in html.replace(" ", "").replace("\n", "")
    assert "2025-03-03" in html and "—" in html
    assert "李" in html


# --- the clock --------------------------------------------------------------------------------------------


def test_correction_stops_the_clock_and_the_corrected_application_restarts_it(client, handler, organisation):
    case = make_request(organisation, received_on=D(2025, 3, 3))
    client.force_login(handler)
    client.post(action("add_event", case), {"kind": "correction", "date": "2025-03-05", "note": "请明确所需信息的年份"})
    case.refresh_from_db()
    assert case.status == "awaiting_correction" and case.due_on is None
    event = case.events.get()
    client.post(action("end_event", case, event.pk), {"end_date": "2025-03-20"})
    case.refresh_from_db()
    assert case.status == "processing" and case.due_on == D(2025, 4, 18)
    response = client.post(action("add_event", case), {"kind": "correction", "date": "2025-03-06"}, follow=True)
    assert "only once" in response.content.decode()
    assert case.events.count() == 1


def test_correction_after_seven_working_days_is_refused(client, handler, organisation):
    case = make_request(organisation, received_on=D(2025, 1, 24))
    client.force_login(handler)
    response = client.post(action("add_event", case), {"kind": "correction", "date": "2025-02-11"}, follow=True)
    assert "within 7 working days of receipt" in response.content.decode() and "2025-02-10" in response.content.decode()
    assert not case.events.exists()


def test_third_party_consultation_pauses_the_clock(client, handler, organisation):
    case = make_request(organisation, received_on=D(2025, 3, 3))
    client.force_login(handler)
    client.post(action("add_event", case), {"kind": "third_party", "date": "2025-03-10"})
    case.refresh_from_db()
    assert case.status == "paused" and case.due_on is None
    client.post(action("end_event", case, case.events.get().pk), {"end_date": "2025-03-21"})
    case.refresh_from_db()
    assert case.due_on == D(2025, 4, 14)


def test_extension_needs_the_approval_permission_and_is_allowed_once(client, handler, approver, organisation):
    case = make_request(organisation, received_on=D(2025, 9, 26))
    client.force_login(handler)
    assert refused(client.post(action("add_event", case), {"kind": "extension", "date": "2025-10-20", "working_days": "20"}))
    assert not case.events.exists()
    client.force_login(approver)
    client.post(action("add_event", case), {"kind": "extension", "date": "2025-10-20", "working_days": "20"})
    case.refresh_from_db()
    assert case.due_on == D(2025, 11, 27)
    response = client.post(action("add_event", case), {"kind": "extension", "date": "2025-10-21", "working_days": "5"}, follow=True)
    assert "extended only once" in response.content.decode()
    response = client.post(action("add_event", case), {"kind": "fee", "date": "2025-10-21"}, follow=True)
    assert "Enter the amount" in response.content.decode()


# --- the answer and the archive ------------------------------------------------------------------------


def test_answer_reply_issue_delivery_archive_and_nothing_changes_afterwards(client, handler, organisation):
    case = make_request(organisation, received_on=D(2025, 3, 3))
    client.force_login(handler)
    client.post(action("answer", case), {"outcome": "partially_granted", "answered_on": "2025-03-25"})
    case.refresh_from_db()
    assert case.status == "answered" and case.table_three_row().key == "partially_granted" and case.due_on is None
    # The 告知书 of its type, with the statutory wording, the remedies and the dates.
    assert case.reply_text.startswith("部分公开告知书")
    assert "第三十七条" in case.reply_text and "60日内" in case.reply_text and "6个月内" in case.reply_text
    assert "2025年03月03日" in case.reply_text and "2025年03月25日" in case.reply_text
    page = client.get(inspect_url(case)).content.decode()
    assert "条例第三十七条" in page
    assert client.get(reverse("disclosure_requests:edit", args=[case.pk])).status_code == 302
    response = client.post(action("add_event", case), {"kind": "note", "date": "2025-03-26"}, follow=True)
    assert "has been answered" in response.content.decode()
    # Editable until issued; archived only once delivered.
    client.post(action("reply", case), {"reply_text": case.reply_text + "\n\n附：可以公开部分的复印件。", "save": "1"})
    case.refresh_from_db()
    assert case.reply_text.endswith("附：可以公开部分的复印件。")
    response = client.post(action("archive", case), follow=True)
    assert "record its delivery before archiving" in response.content.decode()
    client.post(action("reply", case), {"issue": "1"})
    response = client.post(action("reply", case), {"reply_text": "改过的", "save": "1"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    docx_response = client.get(action("reply_docx", case))
    assert docx_response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(docx_response.content))
    assert document.paragraphs[0].text == "部分公开告知书"
    assert any("附：可以公开部分的复印件。" in p.text for p in document.paragraphs)
    client.post(action("delivery", case), {"delivered_on": "2025-03-26", "delivery_note": "电子邮件送达"})
    client.post(action("archive", case))
    case.refresh_from_db()
    assert case.status == "archived" and case.archived_at and case.delivered_on == D(2025, 3, 26)
    response = client.post(action("answer", case), {"outcome": "granted", "answered_on": "2025-03-26"}, follow=True)
    assert "archived" in response.content.decode()
    case.refresh_from_db()
    assert case.outcome == "partially_granted"


def test_outcomes_that_need_an_earlier_event(handler, organisation):
    case = make_request(organisation)
    with pytest.raises(service.CaseError, match="needs a 补正 notice"):
        service.answer(case, "no_correction_in_time", D(2025, 3, 20), user=handler)
    with pytest.raises(service.CaseError, match="fee notice"):
        service.answer(case, "fee_not_paid_in_time", D(2025, 3, 20), user=handler)


def test_withdrawal_closes_the_case_as_other(handler, organisation):
    case = make_request(organisation)
    service.add_event(case, "withdrawal", user=handler, date=D(2025, 3, 10))
    case.refresh_from_db()
    assert case.status == "answered" and case.outcome == "withdrawn" and case.table_three_row().key == "other"


# --- dashboard and reminders ---------------------------------------------------------------------------


def test_dashboard_lists_overdue_and_due_soon_cases_and_the_reminder_mails_the_handler(client, handler, organisation):
    handler.email = "handler@example.com"
    handler.save()
    today = datetime.date.today()
    overdue = make_request(organisation, received_on=today - datetime.timedelta(days=60), handler=handler, information_title="逾期的申请")
    soon = make_request(organisation, received_on=today - datetime.timedelta(days=26), handler=handler, information_title="快到期的申请")
    make_request(organisation, received_on=today, information_title="刚收到的申请")
    client.force_login(handler)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "逾期的申请" in page and "刚收到的申请" not in page
    overdue_list, soon_list = service.due_lists()
    assert list(overdue_list) == [overdue]
    assert soon in list(soon_list) or soon in list(overdue_list)
    result = service.send_due_reminders.enqueue()
    assert result.return_value == 1
    assert mail.outbox[0].to == ["handler@example.com"] and overdue.reference in mail.outbox[0].body


# --- privacy ------------------------------------------------------------------------------------------


def test_retention_erases_personal_data_and_keeps_the_statistics(handler, organisation):
    old = make_request(organisation, received_on=D(2020, 3, 2))
    service.answer(old, "granted", D(2020, 3, 20), user=handler)
    recent = make_request(organisation, received_on=D(2025, 3, 3))
    before = service.table_three_for(organisation, 2020)
    assert service.erase_personal_data(today=D(2025, 6, 1), retention_days=3 * 365) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.applicant_name == "" and old.id_number == "" and old.phone == "" and old.personal_data_erased_at
    assert recent.applicant_name == "张三"
    assert service.table_three_for(organisation, 2020) == before


# --- 表三 ------------------------------------------------------------------------------------------------


def test_table_three_from_the_cases_in_one_query_and_balanced(handler, organisation):
    # carried over from 2024, answered in 2025
    c1 = make_request(organisation, received_on=D(2024, 12, 20))
    service.answer(c1, "granted", D(2025, 1, 10), user=handler)
    # carried over from 2024, still open at the end of 2025
    make_request(organisation, received_on=D(2024, 12, 27), applicant_type="research_institution", id_number="", credit_code=VALID_USCC)
    # answered in 2024: not in 2025's table
    c3 = make_request(organisation, received_on=D(2024, 3, 4))
    service.answer(c3, "granted", D(2024, 3, 20), user=handler)
    # received in 2025
    for outcome, applicant in [("partially_granted", "commercial_enterprise"), ("not_this_agency", "natural_person"), ("state_secret", "legal_service_institution")]:
        case = make_request(organisation, received_on=D(2025, 5, 6), applicant_type=applicant, credit_code=VALID_USCC if applicant != "natural_person" else "")
        service.answer(case, outcome, D(2025, 5, 20), user=handler)
    make_request(organisation, received_on=D(2025, 12, 29))  # open at year end
    c4 = make_request(organisation, received_on=D(2025, 12, 30))  # answered next year
    service.answer(c4, "granted", D(2026, 1, 8), user=handler)
    with CaptureQueriesContext(connection) as queries:
        table = service.table_three_for(organisation, 2025)
    assert len(queries) == 1
    assert table["new_received"] == [3, 1, 0, 0, 1, 0, 5]
    assert table["carried_over_from_last_year"] == [1, 0, 1, 0, 0, 0, 2]
    assert table["results"]["granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["results"]["partially_granted"] == [0, 1, 0, 0, 0, 0, 1]
    assert table["results"]["unable_to_provide"]["not_held"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["results"]["not_disclosed"]["state_secret"] == [0, 0, 0, 0, 1, 0, 1]
    assert table["results"]["total"] == [2, 1, 0, 0, 1, 0, 4]
    assert table["carried_forward_to_next_year"] == [2, 0, 1, 0, 0, 0, 3]
    assert [f for f in check(Report(2025, table3=table)) if f.table == "table3"] == []
    assert service.table_three_for(organisation, 2026)["carried_over_from_last_year"][-1] == 3
