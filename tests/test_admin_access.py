"""Every admin URL of the plugin, for each role that should not use it: the view refuses and the menu hides it.

Issue 12: "nobody sees a menu item or link that refuses them" — and, the other way round, a menu item that
is hidden is no protection: the URL itself refuses (a reviewer could open 公开时效 by URL and got an empty
list). The table below names, for every URL the plugin registers (its own namespaces, read from the URL
resolver, so a new URL fails ``test_every_plugin_admin_url_is_in_the_table`` until it is classified), the
roles that may use it.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from wagtail.models import GroupPagePermission

from wagtail_disclosure.models import CalendarDay, CalendarYear, Genre, ImportRun, ReviewRecord, ServiceAudience, Topic
from wagtail_disclosure.models.requests import RequestAttachment
from wagtail_disclosure.services import requests as request_service

from .request_utils import handlers_group, make_request
from .utils import make_entry, make_review_workflow, make_user

REVIEWER, EDITOR, HANDLER = "reviewer", "editor", "handler"
ROLES = (REVIEWER, EDITOR, HANDLER)
EVERY_ADMIN_USER = frozenset(ROLES)
NOBODY = frozenset()

# URL name -> the roles (of the three below) that may use it. Everyone else is refused.
EDITORS = frozenset({EDITOR})
REVIEWERS = frozenset({REVIEWER})
HANDLERS = frozenset({HANDLER})
ACCESS = {
    # The editors' reports list the entries the user may edit: for editors only (views.reports.may_edit_entries).
    "wagtail_disclosure:timeliness": EDITORS,
    "wagtail_disclosure:timeliness_results": EDITORS,
    "wagtail_disclosure:incomplete_entries": EDITORS,
    "wagtail_disclosure:incomplete_entries_results": EDITORS,
    "wagtail_disclosure:missing_interpretations": EDITORS,
    "wagtail_disclosure:missing_interpretations_results": EDITORS,
    # 已发布待补审: holders of the emergency permission and those who may open the ledger (reviewers).
    "wagtail_disclosure:pending_review": REVIEWERS,
    "wagtail_disclosure:pending_review_results": REVIEWERS,
    # Show a signed message, then redirect: nothing to refuse (a message for another user is not shown).
    "wagtail_disclosure:review_refused": EVERY_ADMIN_USER,
    "wagtail_disclosure:review_recorded": EVERY_ADMIN_USER,
    "wagtail_disclosure:review_signed_form": REVIEWERS,  # a reviewer of the open level only
    # 年度报告: those who may add a report (no annual report column here, so nobody).
    "wagtail_disclosure:annual_reports": NOBODY,
    "wagtail_disclosure:annual_report_upload": NOBODY,
    "wagtail_disclosure:annual_report_consolidation": NOBODY,
    "wagtail_disclosure:emergency_publish": NOBODY,  # the emergency permission, which no role here holds
    "disclosure_entries:index": EDITORS,
    "disclosure_entries:index_results": EDITORS,
    "disclosure_entries:choose_parent": EDITORS,
    "disclosure_ledger:index": REVIEWERS,
    "disclosure_ledger:index_results": REVIEWERS,
    "disclosure_ledger:inspect": REVIEWERS,  # a record of a section the reviewer reviews
    "disclosure_ledger:summary": REVIEWERS,
    # The 依申请公开 register: handlers add, change and view cases; deleting one is not theirs.
    **{f"disclosure_requests:{name}": HANDLERS for name in (
        "index", "index_results", "add", "edit", "history", "history_results", "usage", "inspect",
        "add_event", "end_event", "answer", "archive", "reply", "delivery", "reply_docx", "reply_pdf", "attachment",
        "proactive_entry",
    )},  # fmt: skip
    "disclosure_requests:delete": NOBODY,
    # 目录导入记录: the model's view permission, which no role here holds; nobody adds, edits or deletes a record.
    **{f"disclosure_imports:{name}": NOBODY for name in ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "inspect")},
    # Organisations, taxonomies and the holiday calendar: their model permissions, which no role here holds.
    **{
        f"disclosure_{model}:{name}": NOBODY
        for model in ("organisations", "topics", "genres", "audiences", "calendar_days", "calendar_years")
        for name in ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "copy")
    },
}
# Views that answer only a POST (a GET is refused with 405 for everyone): tried with a POST.
POST_ONLY = {
    "wagtail_disclosure:review_signed_form",
    *(f"disclosure_requests:{name}" for name in ("add_event", "end_event", "answer", "archive", "reply", "delivery", "proactive_entry")),
}


def plugin_url_names():
    """Every named URL under the plugin's admin namespaces (``wagtail_disclosure:``, ``disclosure_*:``)."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace and (namespace == "wagtail_disclosure" or namespace.startswith("disclosure_")) and pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_plugin_admin_url_is_in_the_table():
    assert plugin_url_names() == set(ACCESS)


@pytest.fixture
def world(catalogue, organisation, classifications):
    """The three roles on one catalogue, and one object of each kind the URLs name."""
    built = make_review_workflow(catalogue, levels=("初审",), reviewers=[("shenchayuan", "password", "审查员")], last_level_publishes=False)
    editors = Group.objects.create(name="信息员")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(group=editors, page=catalogue, permission=Permission.objects.get(codename=codename))
    editor = make_user("xinxiyuan", "password", editors)
    handler = make_user("banliren", "password", handlers_group(organisations=[organisation]))
    published = make_entry(catalogue, title="已公开的通知")  # with its 历史数据迁移 ledger record
    waiting = make_entry(catalogue, title="等待审查的通知", publish=False)
    waiting.save_revision(user=editor)
    workflow_state = built.workflow.start(waiting, editor)
    case = make_request(organisation, user=handler)
    request_service.add_event(case, "correction", user=handler, date=case.submitted_on, note="请明确所需信息的时间范围")
    attachment = RequestAttachment(request=case, name="身份证明.pdf", size=4)
    attachment.file.save("proof.pdf", ContentFile(b"%PDF"), save=True)
    topic, genre, audience = classifications
    objects = {
        "disclosure_organisations": organisation.pk,
        "disclosure_topics": Topic.objects.filter(pk=topic.pk).get().pk,
        "disclosure_genres": Genre.objects.filter(pk=genre.pk).get().pk,
        "disclosure_audiences": ServiceAudience.objects.filter(pk=audience.pk).get().pk,
        "disclosure_calendar_days": CalendarDay.objects.order_by("pk").first().pk,
        "disclosure_calendar_years": CalendarYear.objects.order_by("pk").first().pk,
        "disclosure_ledger": ReviewRecord.objects.filter(page_pk=published.pk).get().pk,
        "disclosure_requests": case.pk,
        "disclosure_imports": ImportRun.objects.create(file_name="目录.csv", file_hash="0" * 64, rows_total=10).pk,
    }
    kwargs = {
        "wagtail_disclosure:review_signed_form": {"task_state_id": workflow_state.current_task_state.pk},
        "wagtail_disclosure:annual_report_consolidation": {"organisation_id": organisation.pk, "year": 2024},
        "wagtail_disclosure:emergency_publish": {"page_id": waiting.pk},
        "disclosure_requests:end_event": {"pk": case.pk, "event_pk": case.events.get().pk},
        "disclosure_requests:attachment": {"pk": case.pk, "attachment_pk": attachment.pk},
    }
    return {"users": {REVIEWER: built.reviewers[0], EDITOR: editor, HANDLER: handler}, "objects": objects, "kwargs": kwargs}


def url_of(name, world):
    if name in world["kwargs"]:
        return reverse(name, kwargs=world["kwargs"][name])
    try:
        return reverse(name)
    except Exception:  # noqa: BLE001 - the object views take the pk of their namespace's object
        return reverse(name, kwargs={"pk": world["objects"][name.split(":")[0]]})


def refused(response):
    """A 403, or Wagtail's permission-denied redirect to the dashboard (with its message)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] in (reverse("wagtailadmin_home"), "/admin/")


def sidebar_urls(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    return set(re.findall(r'"url": "([^"]+)"', json.dumps(json.loads(props))))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_the_role_should_not_use_refuses_it(client, world, role):
    """One test per role over every URL (the objects are built once): each refusal that is missing is listed."""
    client.force_login(world["users"][role])
    not_refused = []
    for name in sorted(name for name, roles in ACCESS.items() if role not in roles):
        url = url_of(name, world)
        response = client.post(url, {}) if name in POST_ONLY else client.get(url)
        if not refused(response):
            not_refused.append(f"{name} ({url}): {response.status_code} {response.get('Location', '')}")
    assert not_refused == []


# The pages without an object in their URL (what a menu item can lead to), less the two redirects.
PAGES = sorted(name for name in ACCESS if name not in POST_ONLY and ":review_" not in name and not re.search(r":(add|edit|delete|history|history_results|usage|copy|inspect|choose_parent|end_event|attachment|reply_docx|reply_pdf|proactive_entry|annual_report_consolidation|annual_report_upload|emergency_publish)$", name))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_menu_shows_the_role_only_what_it_may_open(client, world, role):
    client.force_login(world["users"][role])
    shown = sidebar_urls(client)
    for name in PAGES:
        url = reverse(name)
        if role in ACCESS[name]:
            assert client.get(url).status_code == 200, f"{role} may open {name}"
        else:
            assert url not in shown, f"the menu shows {role} {name}, which refuses them"
    for url in shown:  # and whatever the menu does show opens
        if url.startswith("/admin/"):
            response = client.get(url)
            assert response.status_code == 200 or response.status_code == 302 and not refused(response), url


def test_no_plugin_listing_shows_relative_dates():
    """Issue 12: dates in every listing and report as YYYY-MM-DD (``views.columns.AbsoluteDateColumn``), never
    Wagtail's relative ``DateColumn`` ("1 周，3 日 之前"), which a deadline cannot be read against."""
    import pathlib

    import wagtail_disclosure

    root = pathlib.Path(wagtail_disclosure.__file__).parent
    relative = [str(path.relative_to(root)) for path in root.glob("**/*.py") if re.search(r"(?<!Absolute)DateColumn\(|import[^\n]*\bDateColumn\b", path.read_text(encoding="utf-8"))]
    assert relative == []
