"""Builders for 依申请公开 tests: cases, the handlers' group."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail_disclosure.models import InformationRequest
from wagtail_disclosure.services import requests as service

VALID_ID = "11010519491231002X"  # GB 11643's own example: its check digit is right
VALID_USCC = "91350100M000100Y43"


def handlers_group(name="依申请公开办理人员", *, approve_extension=False, organisations=()):
    """The handlers' group with the case permissions, handling the requests of ``organisations``."""
    group, _created = Group.objects.get_or_create(name=name)
    for organisation in organisations:
        organisation.request_handler_groups.add(group)
    codenames = ["add_informationrequest", "change_informationrequest", "view_informationrequest"]
    if approve_extension:
        codenames.append("approve_extension")
    content_type = ContentType.objects.get_for_model(InformationRequest)
    group.permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def make_request(organisation, *, received_on=datetime.date(2025, 3, 3), user=None, **fields):
    """A registered case received (in person) on ``received_on``."""
    values = {
        "channel": "in_person",
        "submitted_on": received_on,
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_number": VALID_ID,
        "phone": "13800138000",
        "information_title": "2024年度城区道路改造项目资金使用情况",
    }
    values.update(fields)
    return service.register(InformationRequest(organisation=organisation, **values), user)
