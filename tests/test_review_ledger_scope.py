"""The review ledger as a viewset (Reports → 保密审查台账), and who sees which records.

A reviewer sees the records of the sections they review — pages under a page whose workflow has a
保密审查 task of one of their groups — and the records they wrote; superusers and holders of
保密审查台账查阅 (``view_reviewrecord``) see every record.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.menu import reports_menu
from wagtail.admin.viewsets import viewsets
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from wagtail_disclosure.models import ConfidentialityReviewTask, ReviewRecord
from wagtail_disclosure.models.permissions import VIEW_LEDGER_NAME
from wagtail_disclosure.rules.confidentiality import RecordKind
from wagtail_disclosure.views.ledger import ReviewLedgerViewSet, monthly_summary, visible_records

from .test_review_ledger_admin import at, listed, make_record, read_csv, read_xlsx
from .utils import make_catalogue, make_entry

LEDGER = reverse("disclosure_ledger:index")
SUMMARY = reverse("disclosure_ledger:summary")


def inspect_url(record):
    return reverse("disclosure_ledger:inspect", args=(record.pk,))


def reviewing_workflow(name, page, group):
    """A workflow with a 保密审查 task of ``group``, assigned to ``page``."""
    workflow = Workflow.objects.create(name=name)
    task = ConfidentialityReviewTask.objects.create(name=f"{name}初审", level_name="初审")
    task.groups.add(group)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=page)
    return workflow


def admin_user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "password")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for group in groups:
        group.permissions.add(access)
        user.groups.add(group)
    return user


class Ledger:
    """Two sections (两个部门的目录), each reviewed by its own group, and a page of section A that has a
    workflow of its own (another group's); records of each, and of deleted pages."""

    def __init__(self, catalogue, django_user_model):
        self.section_a = catalogue
        self.section_b = make_catalogue(parent=catalogue.get_parent(), title="教育局信息公开目录", slug="xxgk-jyj")
        group_a, group_b, group_c = (Group.objects.create(name=f"{name}审查员") for name in ("办公室", "教育局", "专项"))
        reviewing_workflow("办公室保密审查", self.section_a, group_a)
        reviewing_workflow("教育局保密审查", self.section_b, group_b)
        entry_a, entry_b, entry_c = make_entry(self.section_a), make_entry(self.section_b), make_entry(self.section_a)
        reviewing_workflow("专项保密审查", entry_c, group_c)  # a section within A, reviewed by others
        self.reviewer_a = admin_user(django_user_model, "reviewer-a", group_a)
        self.reviewer_b = admin_user(django_user_model, "reviewer-b", group_b)
        self.auditor = admin_user(django_user_model, "auditor", Group.objects.create(name="保密办"))
        self.auditor.groups.get().permissions.add(Permission.objects.get(codename="view_reviewrecord"))

        def record(page=None, **fields):
            return make_record(page, reviewed_at=at(2024, 5, 10, 9), **fields)

        self.of_a = record(entry_a, organisation_name="县政府办公室")
        self.of_b = record(entry_b, organisation_name="县教育局")
        self.of_c = record(entry_c, organisation_name="县应急管理局")
        self.deleted_by_a = record(reviewer=self.reviewer_a, reviewer_name="审查员甲", organisation_name="县政府办公室")
        self.deleted_by_someone = record(organisation_name="县档案局")
        self.visible_to_a = {self.of_a.sequence, self.deleted_by_a.sequence}
        self.hidden_from_a = {self.of_b.sequence, self.of_c.sequence, self.deleted_by_someone.sequence}


@pytest.fixture
def ledger(catalogue, organisation, django_user_model):
    return Ledger(catalogue, django_user_model)


@pytest.mark.django_db
class TestViewSet:
    def test_registered_as_an_admin_viewset_with_its_urls(self):
        assert [viewset for viewset in viewsets.viewsets if isinstance(viewset, ReviewLedgerViewSet)]
        assert LEDGER == "/admin/reports/review-ledger/"
        assert reverse("disclosure_ledger:index_results") == "/admin/reports/review-ledger/results/"
        assert reverse("disclosure_ledger:inspect", args=(7,)) == "/admin/reports/review-ledger/7/"
        assert SUMMARY == "/admin/reports/review-ledger/summary/"
        for name in ("ledger", "ledger_results", "ledger_summary"):
            with pytest.raises(NoReverseMatch):
                reverse(f"wagtail_disclosure:{name}")

    def test_menu_item_under_reports_for_those_allowed(self, ledger, rf, django_user_model):
        editor = admin_user(django_user_model, "editor", Group.objects.create(name="编辑"))

        def ledger_items(user):
            request = rf.get("/admin/")
            request.user = user
            return [item for item in reports_menu.menu_items_for_request(request) if item.url == LEDGER]

        assert len(ledger_items(ledger.reviewer_a)) == len(ledger_items(ledger.auditor)) == 1
        assert ledger_items(editor) == []
        with translation.override("zh-hans"):
            assert str(ledger_items(ledger.reviewer_a)[0].label) == gettext("Review ledger (保密审查台账)")

    def test_views_link_to_each_other(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        listing = client.get(LEDGER).content.decode()
        assert SUMMARY in listing and inspect_url(ledger.of_a) in listing
        assert f'href="{LEDGER}"' in client.get(inspect_url(ledger.of_a)).content.decode()
        assert f'href="{LEDGER}"' in client.get(SUMMARY).content.decode()


@pytest.mark.django_db
class TestScope:
    def test_listing(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        seen = set(listed(client.get(LEDGER)))
        assert ledger.visible_to_a <= seen and not seen & ledger.hidden_from_a
        # The section's own page (its approval when it was published) is in the section too.
        approvals = ReviewRecord.objects.exclude(kind=RecordKind.CONFIGURATION)  # workflow assignments are records too
        assert approvals.filter(page_pk=ledger.section_a.pk).get().sequence in seen
        assert approvals.filter(page_pk=ledger.section_b.pk).get().sequence not in seen
        # Another section's organisation is no choice: the filter is refused, the scope stays.
        response = client.get(LEDGER, {"organisation_name": "县教育局"})
        assert response.context["filters"].errors and not set(listed(response)) & ledger.hidden_from_a

    def test_the_other_section(self, ledger, client):
        client.force_login(ledger.reviewer_b)
        seen = set(listed(client.get(LEDGER)))
        assert ledger.of_b.sequence in seen
        assert not seen & {ledger.of_a.sequence, ledger.of_c.sequence, ledger.deleted_by_a.sequence, ledger.deleted_by_someone.sequence}

    def test_filter_choices(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        choices = {value for value, _label in client.get(LEDGER).context["filters"].form.fields["organisation_name"].choices if value}
        assert "县政府办公室" in choices
        assert not choices & {"县教育局", "县应急管理局", "县档案局"}
        client.force_login(ledger.auditor)
        choices = {value for value, _label in client.get(LEDGER).context["filters"].form.fields["organisation_name"].choices}
        assert {"县政府办公室", "县教育局", "县应急管理局", "县档案局"} <= choices

    def test_record_view(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        for record in (ledger.of_a, ledger.deleted_by_a):
            assert client.get(inspect_url(record)).status_code == 200
        for record in (ledger.of_b, ledger.of_c, ledger.deleted_by_someone):
            assert client.get(inspect_url(record)).status_code == 404

    @pytest.mark.parametrize("export_format", ["csv", "xlsx"])
    def test_exports(self, ledger, client, export_format):
        client.force_login(ledger.reviewer_a)
        response = client.get(LEDGER, {"export": export_format})
        assert response.status_code == 200
        if export_format == "csv":
            exported = {int(row[0]) for row in read_csv(response)[1:]}
        else:
            exported = {row[0] for row in read_xlsx(response).active.iter_rows(min_row=2, values_only=True)}
        assert exported == set(listed(client.get(LEDGER)))
        assert ledger.visible_to_a <= exported and not exported & ledger.hidden_from_a

    def test_monthly_summary(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        response = client.get(SUMMARY, {"year": 2024})
        assert response.context["rows"][-1][-1] == 2  # of_a and deleted_by_a
        organisations = {value for value, _label in response.context["form"].fields["organisation"].choices}
        assert "县政府办公室" in organisations and not organisations & {"县教育局", "县应急管理局", "县档案局"}
        rows = read_csv(client.get(SUMMARY, {"year": 2024, "export": "csv"}))
        assert rows[-1][-1] == "2" and not any("县教育局" in row for row in rows)
        # Another section's organisation, asked for by hand, is not a choice.
        response = client.get(SUMMARY, {"year": 2024, "organisation": "县教育局"})
        assert response.context["form"].errors and not any("县教育局" in str(row) for row in response.context["rows"])
        assert monthly_summary(2024, records=visible_records(ledger.reviewer_a))[-1]["total"] == 2

    def test_superusers_and_holders_of_the_permission_see_every_record(self, ledger, client, django_user_model):
        everything = set(ReviewRecord.objects.values_list("sequence", flat=True))
        for user in (ledger.auditor, django_user_model.objects.create_superuser("root", "root@example.com", "password")):
            client.force_login(user)
            assert set(listed(client.get(LEDGER))) == everything
            assert {int(row[0]) for row in read_csv(client.get(LEDGER, {"export": "csv"}))[1:]} == everything
            assert all(client.get(inspect_url(record)).status_code == 200 for record in (ledger.of_b, ledger.deleted_by_someone))
            assert client.get(SUMMARY, {"year": 2024}).context["rows"][-1][-1] == 5

    def test_a_reviewer_without_sections_sees_what_they_wrote(self, ledger, client, django_user_model):
        group = Group.objects.create(name="停用流程的审查员")
        ConfidentialityReviewTask.objects.create(name="旧的初审").groups.add(group)  # in no workflow any more
        user = admin_user(django_user_model, "former", group)
        written = make_record(reviewer=user, reviewer_name="前审查员")
        client.force_login(user)
        assert listed(client.get(LEDGER)) == [written.sequence]

    def test_moving_a_page_into_a_section_brings_its_records(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        entry_b = ledger.section_b.get_children().get(pk=ledger.of_b.page_pk)
        assert client.get(inspect_url(ledger.of_b)).status_code == 404
        entry_b.move(ledger.section_a, pos="last-child")
        assert client.get(inspect_url(ledger.of_b)).status_code == 200

    def test_the_scope_is_one_query(self, ledger, client):
        client.force_login(ledger.reviewer_a)
        client.get(LEDGER)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            client.get(LEDGER)
        assignments = [query["sql"] for query in queries.captured_queries if WorkflowPage._meta.db_table in query["sql"]]
        assert len(assignments) == 1, assignments


@pytest.mark.django_db
def test_the_view_permission_is_named_in_the_group_settings(admin_client):
    permission = Permission.objects.get(content_type__app_label="wagtail_disclosure", codename="view_reviewrecord")
    assert permission.name == VIEW_LEDGER_NAME
    html = admin_client.get(reverse("wagtailusers_groups:add"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    with translation.override("zh-hans"):
        assert gettext(VIEW_LEDGER_NAME) in html
