"""依申请公开: the 告知书 as PDF (Chinese without CJK fonts on the server), and 条例第四十四条: information
disclosed on request proposed for the catalogue as a draft entry that still needs its 保密审查."""

import datetime
import io

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail_disclosure.gate import GateRefused
from wagtail_disclosure.models import CatalogueEntryPage, InformationRequest
from wagtail_disclosure.services import requests as service

from .request_utils import handlers_group, make_request
from .utils import (
    editor_form_data,
    make_catalogue,
    make_classifications,
    make_organisation,
    make_user,
    publish_reviewed,
)

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def organisation(db):
    return make_organisation()


@pytest.fixture
def handler(organisation):
    return make_user("handler", "pw", handlers_group(organisations=[organisation]), language="en")


@pytest.fixture
def answered(organisation, handler):
    case = make_request(organisation, received_on=D(2025, 3, 3), applicant_name="欧阳明", information_title="2024年度城区道路改造项目资金使用情况")
    return service.answer(case, "granted", D(2025, 3, 25), user=handler)


def url(name, case):
    return reverse(f"disclosure_requests:{name}", args=[case.pk])


def pdf_text(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


# --- the 告知书 as PDF ----------------------------------------------------------------------------------------


def test_the_reply_downloads_as_a_pdf_with_the_statutory_wording_and_the_dates(client, handler, answered):
    service.edit_reply(answered, answered.reply_text + "\n\n附：资金使用明细表（电子版）。", handler)
    client.force_login(handler)
    assert url("reply_pdf", answered) in client.get(url("inspect", answered)).content.decode()
    response = client.get(url("reply_pdf", answered))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{answered.reference}.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert text.startswith("政府信息公开告知书")
    for wording in (
        "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现予以提供。",
        "60日内", "申请行政复议", "6个月内依法向人民法院提起行政诉讼",
        "2025年03月03日", "2025年03月25日", answered.reference, "欧阳明", "附：资金使用明细表（电子版）。",
    ):  # fmt: skip
        assert wording in text, wording


def test_the_pdf_is_refused_to_editors_the_public_and_other_organisations(client, answered, organisation):
    pdf = url("reply_pdf", answered)
    assert client.get(pdf).status_code == 302 and "login" in client.get(pdf).url
    editors, _created = Group.objects.get_or_create(name="Editors")
    client.force_login(make_user("editor", "pw", editors))
    response = client.get(pdf)
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    client.force_login(make_user("other", "pw", handlers_group("其他机关", organisations=[make_organisation("某县教育局", code="000014357")])))
    assert client.get(pdf).status_code == 404


# --- 条例第四十四条 -------------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    return make_catalogue()


def proposal(topic, genre, catalogue, **overrides):
    data = {
        "suitable": "on", "catalogue": catalogue.pk, "title": "2024年度城区道路改造项目资金使用情况", "written_date": "2025-03-20",
        "topic": topic.pk, "genre": genre.pk, "summary": "城区道路改造项目资金的使用明细。", "text": "一、项目概况\n\n二、资金使用明细",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_disclosed_case_is_proposed_as_a_draft_entry_that_cannot_go_live_unreviewed(client, handler, answered, catalogue, django_user_model):
    topic, genre, _audience = make_classifications()
    client.force_login(handler)
    page = client.get(url("inspect", answered)).content.decode()
    assert url("proactive_entry", answered) in page
    upload = SimpleUploadedFile("资金使用明细.pdf", b"%PDF-1.4 details", content_type="application/pdf")
    response = client.post(url("proactive_entry", answered), {**proposal(topic, genre, catalogue), "files": [upload]}, follow=True)
    assert "goes live after its confidentiality review" in response.content.decode()
    answered.refresh_from_db()
    entry = CatalogueEntryPage.objects.get(pk=answered.proactive_entry_id)
    assert entry.get_parent().pk == catalogue.pk and not entry.live and entry.live_revision_id is None
    assert entry.title == answered.information_title and entry.organisation == answered.organisation
    assert "资金使用明细" in entry.body and [a.document.title for a in entry.attachments.all()] == ["资金使用明细"]
    assert answered.reference in entry.internal_notes and "欧阳明" not in entry.body + entry.summary + entry.internal_notes
    assert "draft, not yet submitted for review" in client.get(url("inspect", answered)).content.decode()
    assert url("proactive_entry", answered) not in client.get(url("inspect", answered)).content.decode()  # once
    # No route around the gate: from code, and a superuser's Publish in the editor.
    revision = entry.get_latest_revision()
    assert revision.publish() is None
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    with pytest.raises(GateRefused):
        revision.publish(user=boss)
    client.force_login(boss)
    client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), editor_form_data(entry, **{"action-publish": "publish"}))
    entry.refresh_from_db()
    assert not entry.live
    # Reviewed, it goes live, and the case says so.
    publish_reviewed(entry)
    client.force_login(handler)
    assert "live in the catalogue" in client.get(url("inspect", answered)).content.decode()


def test_only_disclosed_cases_once_and_with_what_was_disclosed(client, handler, organisation, answered, catalogue):
    topic, genre, _audience = make_classifications()
    client.force_login(handler)
    refused = service.answer(make_request(organisation), "not_held", D(2025, 3, 25), user=handler)
    assert url("proactive_entry", refused) not in client.get(url("inspect", refused)).content.decode()
    response = client.post(url("proactive_entry", refused), proposal(topic, genre, catalogue), follow=True)
    assert "Only information provided in full or in part" in response.content.decode()
    response = client.post(url("proactive_entry", answered), proposal(topic, genre, catalogue, text="", suitable=""), follow=True)
    html = response.content.decode()
    assert "Give the text or the files of what was disclosed" in html and "This field is required" in html
    assert not CatalogueEntryPage.objects.exists()
    client.post(url("proactive_entry", answered), proposal(topic, genre, catalogue))
    response = client.post(url("proactive_entry", answered), proposal(topic, genre, catalogue), follow=True)
    assert "already created from this case" in response.content.decode()
    assert CatalogueEntryPage.objects.count() == 1
    assert InformationRequest.objects.get(pk=answered.pk).proactive_entry_id == CatalogueEntryPage.objects.get().pk
