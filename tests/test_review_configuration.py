"""Changes to the review configuration (审查配置变更) are ledger records, and the audit of live content notes
content approved under another configuration than today's.

Wagtail's own admin views (disable a task or workflow, remove a workflow from a page) are used where they
exist, so the person who made the change is recorded; changes from code are recorded with no person.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from wagtail_disclosure.gate import live_content_approved
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    ConfidentialityReviewTask,
    ReviewRecord,
    verify_ledger,
)
from wagtail_disclosure.rules.confidentiality import RecordKind

from .test_gate_routes import draft, entry, levels, review  # noqa: F401


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _ledger_in_english(settings):
    settings.LANGUAGE_CODE = "en"  # descriptions are written in the site's language; English source here


def changes():
    return ReviewRecord.objects.filter(kind=RecordKind.CONFIGURATION).order_by("sequence")


def latest_change():
    return changes().last()


@pytest.mark.django_db
class TestConfigurationEvents:
    def test_a_level_disabled_and_enabled_in_the_admin(self, admin_client, levels, catalogue):
        before = changes().count()
        second = levels[1]
        assert admin_client.post(reverse("wagtailadmin_workflows:disable_task", args=(second.pk,))).status_code == 302
        assert not ConfidentialityReviewTask.objects.get(pk=second.pk).active
        record = latest_change()
        assert changes().count() == before + 1
        assert record.page_pk == 0 and record.task_pk == second.pk and record.level_name == "复审"
        assert record.reviewer.username == "admin" and "复审" in record.reason and "disabled" in record.reason
        assert record.content_hash == "" and record.get_conclusion_display() == ""

        admin_client.post(reverse("wagtailadmin_workflows:enable_task", args=(second.pk,)))
        assert "enabled" in latest_change().reason and latest_change().reviewer.username == "admin"

    def test_a_level_removed_from_its_workflow_and_one_added(self, levels):
        workflow = Workflow.objects.get(workflow_tasks__task=levels[1])
        WorkflowTask.objects.filter(task=levels[1]).delete()  # from code: no user
        record = latest_change()
        assert "removed from workflow" in record.reason and workflow.name in record.reason and "复审" in record.reason
        assert record.reviewer_id is None and record.reviewer_name == "—" and record.task_pk == levels[1].pk

        final = ConfidentialityReviewTask.objects.create(name="保密审查终审", level_name="终审")
        WorkflowTask.objects.create(workflow=workflow, task=final, sort_order=5)
        assert "终审" in latest_change().reason and "added to workflow" in latest_change().reason

    def test_a_level_that_no_longer_requires_a_different_reviewer(self, levels):
        levels[0].reviewer_must_differ = False
        levels[0].save()
        record = latest_change()
        assert record.task_pk == levels[0].pk and "reviewer must differ" in record.reason and "yes → no" in record.reason

    def test_workflow_unassigned_assigned_and_changed_on_a_page(self, admin_client, levels, catalogue):
        workflow = Workflow.objects.get(workflow_tasks__task=levels[0])
        response = admin_client.post(reverse("wagtailadmin_workflows:remove", args=(catalogue.pk, workflow.pk)))
        assert response.status_code == 302 and not WorkflowPage.objects.filter(page=catalogue).exists()
        record = latest_change()
        assert record.page_pk == catalogue.pk and record.reviewer.username == "admin"
        assert "unassigned" in record.reason and "初审、复审" in record.reason

        assignment = WorkflowPage.objects.create(page=catalogue, workflow=workflow)
        assert latest_change().page_pk == catalogue.pk and "assigned to" in latest_change().reason

        plain = Workflow.objects.create(name="普通审批")
        assignment.workflow = plain
        assignment.save()
        record = latest_change()
        assert "changed from" in record.reason and workflow.name in record.reason and "普通审批 (review levels: none)" in record.reason.replace("“", "").replace("”", "")

    def test_a_page_with_its_own_workflow_can_be_deleted(self, levels, entry):
        workflow = Workflow.objects.get(workflow_tasks__task=levels[0])
        WorkflowPage.objects.create(page=entry, workflow=workflow)
        CatalogueEntryPage.objects.get(pk=entry.pk).delete()
        assert not CatalogueEntryPage.objects.filter(pk=entry.pk).exists()
        assert latest_change().page_pk == entry.pk and "unassigned" in latest_change().reason

    def test_a_workflow_disabled_in_the_admin(self, admin_client, levels, catalogue):
        workflow = Workflow.objects.get(workflow_tasks__task=levels[0])
        before = changes().count()
        assert admin_client.post(reverse("wagtailadmin_workflows:disable", args=(workflow.pk,))).status_code == 302
        new = list(changes()[before:])
        assert {record.page_pk for record in new} == {0, catalogue.pk}  # the workflow, and its page unassigned
        assert all(record.reviewer.username == "admin" for record in new)
        assert any("disabled" in record.reason and workflow.name in record.reason for record in new)

    def test_records_are_in_the_ledger_and_do_not_touch_the_gate(self, admin_client, levels, entry):
        WorkflowTask.objects.filter(task=levels[1]).delete()
        listing = admin_client.get(reverse("disclosure_ledger:index"), {"kind": RecordKind.CONFIGURATION.value}).content.decode()
        assert "removed from workflow" in listing or str(RecordKind.CONFIGURATION.label) in listing
        assert admin_client.get(reverse("disclosure_ledger:inspect", args=(latest_change().pk,))).status_code == 200
        assert verify_ledger() == []
        page = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert live_content_approved(page)


@pytest.mark.django_db
class TestAuditNotes:
    def publish_reviewed(self, entry, levels):
        revision = draft(entry, "经两级审查后发布的通知")
        review(entry, revision, levels)
        revision.publish()

    def test_fewer_levels_required_now_is_noted(self, entry, levels, capsys):
        self.publish_reviewed(entry, levels)
        WorkflowTask.objects.filter(task=levels[1]).delete()
        removal = latest_change()
        call_command("disclosure_audit_live_content")
        out = capsys.readouterr().out
        note = next(line for line in out.splitlines() if line.startswith(f"note\t{entry.pk}\t"))
        assert "approved at 2 levels (初审、复审); the workflow now requires 1 (初审)" in note
        assert f"#{removal.sequence}" in note
        assert "show approved content" in out

    def test_published_while_fewer_levels_were_required_is_noted_and_reported(self, entry, levels, capsys):
        self.publish_reviewed(entry, levels)
        workflow = Workflow.objects.get(workflow_tasks__task=levels[0])
        final = ConfidentialityReviewTask.objects.create(name="保密审查终审", level_name="终审")
        WorkflowTask.objects.create(workflow=workflow, task=final, sort_order=5)
        with pytest.raises(SystemExit):
            call_command("disclosure_audit_live_content")
        captured = capsys.readouterr()
        note = next(line for line in captured.out.splitlines() if line.startswith(f"note\t{entry.pk}\t"))
        assert "also requires 终审" in note and f"#{latest_change().sequence}" in note
        assert "经两级审查后发布的通知" in captured.err

    def test_unchanged_configuration_gives_no_note(self, entry, levels, capsys):
        self.publish_reviewed(entry, levels)
        call_command("disclosure_audit_live_content")
        assert "note\t" not in capsys.readouterr().out
