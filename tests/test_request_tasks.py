"""disclosure_daily_tasks: the reminders and the erasure enqueued through Django's tasks framework, once a day."""

import datetime
import io
import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from django_tasks import default_task_backend

from wagtail_disclosure.models import DailyTaskRun, InformationRequest, RequestAttachment
from wagtail_disclosure.services import requests as service

from .request_utils import handlers_group, make_request
from .utils import make_organisation, make_user

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run():
    out = io.StringIO()
    call_command("disclosure_daily_tasks", stdout=out)
    return out.getvalue()


@override_settings(TASKS=DUMMY)
def test_the_command_enqueues_each_daily_task_once_a_day(db):
    first = run()
    enqueued = [result.task.module_path for result in default_task_backend.results]
    assert enqueued == ["wagtail_disclosure.services.requests.send_due_reminders", "wagtail_disclosure.services.requests.erase_expired_personal_data"]
    assert first.count("enqueued (") == 2
    second = run()
    assert len(default_task_backend.results) == 2 and second.count("already enqueued today") == 2
    runs = DailyTaskRun.objects.filter(day=timezone.localdate())
    assert sorted(runs.values_list("result_id", flat=True)) == sorted(str(result.id) for result in default_task_backend.results)


def test_the_tasks_remind_the_handler_and_erase_expired_personal_data(db):
    organisation = make_organisation()
    handler = make_user("handler", "pw", handlers_group(organisations=[organisation]), email="liu@example.com")
    today = timezone.localdate()
    overdue = make_request(organisation, received_on=today - datetime.timedelta(days=60), handler=handler, information_title="逾期的申请")
    old = make_request(organisation, received_on=datetime.date(2020, 3, 2), applicant_name="欧阳明")
    service.answer(old, "granted", datetime.date(2020, 3, 20), user=handler)
    attachment = RequestAttachment.objects.create(request=old, file=ContentFile(b"%PDF id", name="id.pdf"), name="身份证.pdf", size=7)
    path = attachment.file.path
    run()  # django-tasks' default backend runs each task as it is enqueued
    assert [message.to for message in mail.outbox] == [["liu@example.com"]]
    assert overdue.reference in mail.outbox[0].body
    old = InformationRequest.objects.get(pk=old.pk)
    assert old.personal_data_erased_at and old.applicant_name == "" and old.outcome == "granted"
    assert not RequestAttachment.objects.filter(pk=attachment.pk).exists() and not os.path.exists(path)
    assert InformationRequest.objects.get(pk=overdue.pk).applicant_name == "张三"  # open: kept
    run()  # the same day again: no second reminder
    assert len(mail.outbox) == 1
