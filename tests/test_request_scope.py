"""依申请公开: each handler sees and acts on the cases of the organisations they handle (Organisation.
request_handler_groups), on every view; superusers and the "view all" permission see all. Applicants'
attachments live in the private storage, outside MEDIA_ROOT, served only to those handlers."""

import datetime
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from wagtail_disclosure.models import InformationRequest, RequestAttachment, RequestEvent
from wagtail_disclosure.private_storage import private_root, private_storage
from wagtail_disclosure.services import requests as service

from .request_utils import handlers_group, make_request
from .utils import make_organisation, make_user

D = datetime.date
INDEX = reverse("disclosure_requests:index")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def org_a(db):
    return make_organisation()


@pytest.fixture
def org_b(db):
    return make_organisation("某县教育局", code="000014357")


@pytest.fixture
def handler_a(org_a):
    return make_user("handler_a", "pw", handlers_group("A 办理人员", approve_extension=True, organisations=[org_a]), language="en")


@pytest.fixture
def case_b(org_b):
    """Another organisation's case, overdue (for the dashboard), with an attachment and an open pause."""
    case = make_request(org_b, received_on=timezone.localdate() - datetime.timedelta(days=60), applicant_name="司马光", information_title="乙机关的申请")
    RequestAttachment.objects.create(request=case, file=ContentFile(b"%PDF-1.4 b", name="id.pdf"), name="身份证.pdf", size=10)
    service.add_event(case, "third_party", user=make_user("b_staff", "pw"), date=case.received_on)
    return InformationRequest.objects.get(pk=case.pk)


def case_urls(case):
    event = case.events.first()
    attachment = case.attachments.first()
    gets = [
        reverse(f"disclosure_requests:{name}", args=[case.pk])
        for name in ("inspect", "edit", "delete", "history", "history_results", "usage", "reply_docx", "reply_pdf")
    ] + [reverse("disclosure_requests:attachment", args=[case.pk, attachment.pk])]
    posts = [reverse(f"disclosure_requests:{name}", args=[case.pk]) for name in ("add_event", "answer", "archive", "reply", "delivery", "proactive_entry", "delete")]
    posts.append(reverse("disclosure_requests:end_event", args=[case.pk, event.pk]))
    return gets, posts


def test_a_handler_cannot_list_open_export_or_act_on_another_organisations_case(client, handler_a, org_a, case_b):
    own = make_request(org_a, received_on=timezone.localdate() - datetime.timedelta(days=60), information_title="甲机关的申请")
    client.force_login(handler_a)
    listing = client.get(INDEX).content.decode()
    assert own.reference in listing and case_b.reference not in listing
    assert case_b.reference not in client.get(reverse("disclosure_requests:index_results")).content.decode()
    assert "某县教育局" not in listing  # not even as a filter choice
    assert case_b.reference not in client.get(f"{INDEX}?organisation={case_b.organisation_id}").content.decode()
    for export in ("csv", "xlsx"):
        response = client.get(f"{INDEX}?export={export}")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert own.reference.encode() in content or export == "xlsx"
        assert case_b.reference.encode() not in content
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "甲机关的申请" in dashboard and "乙机关的申请" not in dashboard
    gets, posts = case_urls(case_b)
    for url in gets:
        assert client.get(url).status_code == 404, url
    before = list(InformationRequest.objects.filter(pk=case_b.pk).values())
    for url in posts:
        response = client.post(url, {"kind": "note", "date": "2025-09-01", "end_date": "2025-09-02", "outcome": "granted", "answered_on": "2025-09-01"})
        assert response.status_code == 404, url
    assert list(InformationRequest.objects.filter(pk=case_b.pk).values()) == before
    assert RequestEvent.objects.filter(request=case_b).count() == 1
    # Registering a case for the other organisation: not one of the choices.
    response = client.post(reverse("disclosure_requests:add"), {"organisation": case_b.organisation_id, "channel": "in_person", "submitted_on": "2025-09-01"})
    assert "organisation" in response.context["form"].errors


def test_a_handler_works_on_their_own_organisations_cases(client, handler_a, org_a):
    own = make_request(org_a)
    client.force_login(handler_a)
    for name in ("inspect", "edit", "history", "history_results", "usage"):
        assert client.get(reverse(f"disclosure_requests:{name}", args=[own.pk])).status_code == 200, name
    client.post(reverse("disclosure_requests:add_event", args=[own.pk]), {"kind": "note", "date": "2025-03-04"})
    assert own.events.filter(kind="note").exists()


def test_superusers_and_the_view_all_permission_see_every_organisations_cases(client, org_a, case_b, django_user_model):
    supervisor = make_user("supervisor", "pw", handlers_group("县政务公开办", organisations=[org_a]))
    supervisor.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    for user in (supervisor, django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")):
        client.force_login(user)
        assert case_b.reference in client.get(INDEX).content.decode()
        assert client.get(reverse("disclosure_requests:inspect", args=[case_b.pk])).status_code == 200


def test_a_handler_with_no_organisation_sees_no_case(client, case_b):
    client.force_login(make_user("nobody", "pw", handlers_group("未分配机构的办理人员")))
    assert case_b.reference not in client.get(INDEX).content.decode()
    assert client.get(reverse("disclosure_requests:inspect", args=[case_b.pk])).status_code == 404


# --- attachments in the private storage ------------------------------------------------------------------


def test_attachments_are_kept_outside_media_root_and_served_only_to_the_organisations_handlers(client, org_a, org_b, handler_a):
    case = make_request(org_a)
    attachment = RequestAttachment.objects.create(request=case, file=ContentFile(b"%PDF-1.4 id", name="x.pdf"), name="身份证.pdf", size=11)
    path = os.path.realpath(attachment.file.path)
    assert os.path.exists(path) and path.startswith(os.path.realpath(private_root()) + os.sep)
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - no public address
    url = reverse("disclosure_requests:attachment", args=[case.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url  # the public: the admin's login, no file
    client.force_login(make_user("handler_b", "pw", handlers_group("B 办理人员", organisations=[org_b])))
    assert client.get(url).status_code == 404
    client.force_login(handler_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 id"


def test_the_migration_moves_existing_attachments_out_of_media(org_a):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("wagtail_disclosure.migrations.0018_request_handling")
    case = make_request(org_a)
    name = default_storage.save("disclosure_requests/old-random-name.pdf", ContentFile(b"%PDF-1.4 old"))
    attachment = RequestAttachment.objects.create(request=case, file=name, name="旧附件.pdf", size=12)
    assert default_storage.exists(name) and not private_storage().exists(name)

    class Editor:  # what RunPython passes: only its connection is used
        pass

    editor = Editor()
    editor.connection = connection
    migration.move_attachments_to_private_storage(apps, editor)
    attachment.refresh_from_db()
    assert not default_storage.exists(name)
    with attachment.file.open("rb") as moved:
        assert moved.read() == b"%PDF-1.4 old"
    migration.move_attachments_to_private_storage(apps, editor)  # again: nothing to move, nothing lost
    assert private_storage().exists(attachment.file.name)
