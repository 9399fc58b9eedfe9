"""The public application page of 依申请公开: the form (identity checks, catalogue lookup, attachments, honeypot,
rate limit), the receipt with its 查询码 and e-mail, and the progress check (no hint, limited attempts)."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail_disclosure.models import InformationRequest, RequestApplicationPage
from wagtail_disclosure.request_forms import ATTACHMENT_MAX_BYTES

from .request_utils import VALID_ID, VALID_USCC, handlers_group
from .utils import make_catalogue, make_entry, make_site, make_user, publish_reviewed


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def page(organisation):
    home = make_site()
    page = home.add_child(instance=RequestApplicationPage(title="政府信息公开申请", slug="ysqgk", organisation=organisation, live=False))
    return publish_reviewed(page)


def zh(message):
    """The public pages speak the page's language (zh-hans): compare with the message as they show it."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def field_has_error(html, name):
    return f'class="wd-field wd-field--error" id="wd-field-{name}"' in html


def data(**overrides):
    values = {
        "applicant_type": "natural_person",
        "applicant_name": "赵六",
        "id_number": VALID_ID,
        "phone": "138-0013-8000",
        "email": "zhao@example.com",
        "information_title": "2024年本县义务教育学校招生计划",
        "description": "各学校招生人数",
        "provide_format": "electronic",
        "delivery_method": "email",
    }
    values.update(overrides)
    return values


def test_the_form_is_served_with_csrf_and_a_hidden_honeypot(client, page):
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in html and 'class="wd-honeypot"' in html
    assert "商业企业" in html and "法律服务机构" in html  # the five kinds of 表三, in Chinese


def test_submission_registers_an_online_case_sends_the_receipt_and_shows_the_query_code(client, page, organisation):
    response = client.post(page.url, data())
    case = InformationRequest.objects.get()
    assert response.status_code == 302 and response.url.endswith("/receipt/")
    assert case.channel == "online" and case.received_on == datetime.date.today() and case.organisation == organisation
    assert case.due_on is not None
    receipt = client.get(response.url).content.decode()
    assert case.query_code in receipt and case.reference in receipt
    assert mail.outbox[0].to == ["zhao@example.com"] and case.query_code in mail.outbox[0].body


def test_invalid_identity_is_refused_field_by_field_and_nothing_typed_is_lost(client, page):
    response = client.post(page.url, data(id_number="110105194912310021"))
    html = response.content.decode()
    assert response.status_code == 400
    assert field_has_error(html, "id_number") and not field_has_error(html, "phone")
    assert zh("The last character of this identity card number does not match the others: please check it for typing errors.") in html
    assert "2024年本县义务教育学校招生计划" in html
    response = client.post(page.url, data(applicant_type="research_institution", id_number="", credit_code=VALID_USCC[:-1] + "4"))
    assert field_has_error(response.content.decode(), "credit_code")
    response = client.post(page.url, data(applicant_type="research_institution", id_number="", credit_code=VALID_USCC))
    assert response.status_code == 302
    assert InformationRequest.objects.get().applicant_type == "research_institution"


def test_attachments_limits(client, page):
    big = SimpleUploadedFile("证明.pdf", b"x" * (ATTACHMENT_MAX_BYTES + 1), content_type="application/pdf")
    response = client.post(page.url, {**data(), "attachments": [big]})
    assert field_has_error(response.content.decode(), "attachments")
    assert zh("“%(name)s” is larger than %(mb)s MB.") % {"name": "证明.pdf", "mb": 10} in response.content.decode()
    exe = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    assert field_has_error(client.post(page.url, {**data(), "attachments": [exe]}).content.decode(), "attachments")
    ok = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post(page.url, {**data(), "attachments": [ok]}).status_code == 302
    attachment = InformationRequest.objects.get().attachments.get()
    assert attachment.name == "身份证.pdf" and "身份证" not in attachment.file.name
    url = reverse("disclosure_requests:attachment", args=[attachment.request_id, attachment.pk])
    assert client.get(url).status_code == 302  # the public: to the login page
    client.force_login(make_user("banli", "pw", handlers_group(organisations=[attachment.request.organisation])))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"


def test_the_catalogue_lookup_says_when_the_information_is_already_public(client, page, organisation):
    catalogue = make_catalogue(parent=page.get_parent())
    entry = make_entry(catalogue, title="关于印发本县招生工作方案的通知", organisation=organisation, document_number="某教〔2024〕3号")
    response = client.post(page.url, {**data(document_number="某教〔2024〕3号"), "lookup": "1"})
    html = response.content.decode()
    assert entry.title in html and entry.url in html
    assert "赵六" in html  # the rest of the form as typed
    response = client.post(page.url, data(document_number="某教〔2024〕3号"))
    assert response.status_code == 200 and zh("I still want to apply for this information") in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert client.post(page.url, {**data(document_number="某教〔2024〕3号"), "apply_anyway": "1"}).status_code == 302


def test_honeypot_and_rate_limit(client, page, settings):
    assert client.post(page.url, data(website="http://spam.example")).status_code == 400
    assert not InformationRequest.objects.exists()
    settings.WAGTAIL_DISCLOSURE_REQUEST_SUBMISSIONS_PER_HOUR = 2
    client.post(page.url, data())
    client.post(page.url, data())
    response = client.post(page.url, data())
    assert response.status_code == 429
    assert zh("Too many applications from your address in the last hour. Please try again later.") in response.content.decode()
    assert InformationRequest.objects.count() == 1  # the honeypot one counted too, and saved nothing


def test_progress_check_with_query_code_and_phone(client, page):
    client.post(page.url, data())
    case = InformationRequest.objects.get()
    progress = page.url + "progress/"
    response = client.post(progress, {"query_code": case.query_code.lower(), "phone": "13800138000"})
    assert response.status_code == 200 and case.reference in response.content.decode()
    wrong_phone = client.post(progress, {"query_code": case.query_code, "phone": "13900000000"})
    wrong_code = client.post(progress, {"query_code": "ZZZZZZZZZZ", "phone": "13800138000"})
    assert wrong_phone.status_code == wrong_code.status_code == 404
    message = zh("No application matches this query code and telephone number.")
    assert message in wrong_phone.content.decode() and message in wrong_code.content.decode()
    for _attempt in range(3):
        client.post(progress, {"query_code": case.query_code, "phone": "1"})
    response = client.post(progress, {"query_code": case.query_code, "phone": "13800138000"})
    assert response.status_code == 429 and case.reference not in response.content.decode()
