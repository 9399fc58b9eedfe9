"""紧急发布 closed properly: content published in an emergency that a later review does not approve is taken
down again (撤回), recorded, and the people concerned are told; 已发布待补审 lists a page until every level has
approved that exact content. Everything through the admin, as the people involved do it.
"""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission, PageLogEntry

from wagtail_disclosure.models import CatalogueEntryPage, ReviewRecord, verify_ledger
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record
from wagtail_disclosure.views.emergency import pending_post_reviews

from .test_review_task import (  # noqa: F401
    action_url,
    current_task_state,
    editor_action,
    post_modal,
    review,
    review_data,
)
from .utils import make_entry

REASON = "台风红色预警，须立即向社会发布防御通知"
TITLE = "关于防御第5号台风的紧急通知"
BODY = '<p data-block-key="ty001">各乡镇人民政府：请立即做好防台风工作。</p>'


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def emergency(review, settings, django_user_model):
    """An entry written by the author and published in an emergency by the duty officer; its review has started."""
    settings.WAGTAIL_DISCLOSURE_EMERGENCY_PUBLICATION = True
    group = Group.objects.create(name="应急发布人员")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=review.catalogue, permission=Permission.objects.get(codename=codename))
    group.permissions.add(Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="emergency_publish"))
    publisher = django_user_model.objects.create_user("duty", "duty@example.com", "password", first_name="值班员")
    publisher.groups.add(group)
    entry = make_entry(review.catalogue, publish=False, owner=review.author, title=TITLE, slug="taifeng", body=BODY)
    revision = entry.save_revision(user=review.author)
    client = Client()
    client.force_login(publisher)
    response = client.post(reverse("wagtail_disclosure:emergency_publish", args=(entry.pk,)), {"reason": REASON, "confirm": "on", "revision": revision.pk})
    assert response.status_code == 302
    review.publisher, review.entry, review.revision = publisher, CatalogueEntryPage.objects.get(pk=entry.pk), revision
    assert public_status(review.entry) == 200
    return review


def public_status(entry):
    return Client().get(entry.url or "/nowhere/").status_code


def conclude(client, entry, state, conclusion, opinion="含有不宜公开的内部工作信息，不予公开。"):
    data = review_data(state, action="reject", conclusion=conclusion.value, opinion=opinion, confirmations=[])
    return post_modal(client, entry, state, data, action="reject")


def withdrawals():
    return ReviewRecord.objects.filter(kind=RecordKind.WITHDRAWAL)


@pytest.mark.django_db
class TestWithdrawal:
    def test_do_not_publish_at_the_second_level_withdraws_the_page(self, client, emergency, django_capture_on_commit_callbacks, django_user_model):
        entry = emergency.entry
        url = entry.url
        client.force_login(emergency.reviewer1)
        assert post_modal(client, entry, current_task_state(entry), review_data(current_task_state(entry)))["step"] == "success"

        client.force_login(emergency.reviewer2)
        state = current_task_state(entry)
        assert state.task_id == emergency.task2.pk
        with django_capture_on_commit_callbacks(execute=True):
            result = conclude(client, entry, state, Conclusion.REJECT)

        # No longer live, not even at its old address.
        entry = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert not entry.live and entry.live_revision_id is None
        assert Client().get(url).status_code == 404
        unpublished = PageLogEntry.objects.get(page=entry, action="wagtail.unpublish")
        assert unpublished.user_id == emergency.reviewer2.pk  # by the reviewer's conclusion, without unpublish permission

        # Recorded: the review, then the withdrawal, chained in the ledger.
        emergency_record = ReviewRecord.objects.get(kind=RecordKind.EMERGENCY)
        review_record = ReviewRecord.objects.filter(kind=RecordKind.REVIEW).latest("sequence")
        withdrawal = withdrawals().get()
        assert withdrawal.sequence == review_record.sequence + 1 and withdrawal.page_pk == entry.pk
        assert withdrawal.conclusion == Conclusion.REJECT and withdrawal.level_name == "复审"
        assert withdrawal.reviewer == emergency.reviewer2 and withdrawal.content_hash == emergency_record.content_hash
        assert f"#{emergency_record.sequence}" in withdrawal.reason and f"#{review_record.sequence}" in withdrawal.reason
        assert PageLogEntry.objects.get(page=entry, action="wagtail_disclosure.withdrawal").data["record"] == withdrawal.sequence
        assert verify_ledger() == []

        # The reviewer who concluded is told at once; the publisher and the reviewers by e-mail.
        assert "refused" not in result["redirect"]
        shown = [str(message) for message in client.get(result["redirect"], follow=True).context["messages"]]
        assert any(TITLE in message and "撤回" in message for message in shown), shown
        subject = gettext("Withdrawn after review: “%(title)s”") % {"title": TITLE}  # in the site's language, as the recipients have none set
        notices = [message for message in mail.outbox if message.subject == subject]
        assert sorted(address for message in notices for address in message.to) == ["duty@example.com", "reviewer1@example.com", "reviewer2@example.com"]
        assert all("不予公开" in message.body and f"#{withdrawal.sequence}" in message.body for message in notices)

        # Not pending any more: listed as withdrawn, not on the dashboard.
        assert pending_post_reviews() == []
        client.force_login(emergency.publisher)
        listing = client.get(reverse("wagtail_disclosure:pending_review")).content.decode()
        assert TITLE in listing and gettext("Withdrawn (已撤回): %(conclusion)s at %(level)s") % {"conclusion": "不予公开", "level": "复审"} in listing
        assert "disclosure-pending-review" not in client.get(reverse("wagtailadmin_home")).content.decode()  # the dashboard panel
        client.force_login(django_user_model.objects.create_superuser("auditor", "auditor@example.com", "password"))
        ledger = client.get(reverse("disclosure_ledger:index"), {"kind": RecordKind.WITHDRAWAL.value}).content.decode()
        assert TITLE in ledger and str(RecordKind.WITHDRAWAL.label) in ledger

    def test_any_non_approving_conclusion_at_any_level_withdraws(self, client, emergency):
        client.force_login(emergency.reviewer1)
        conclude(client, emergency.entry, current_task_state(emergency.entry), Conclusion.APPROVE_AFTER_REDACTION, "第三段涉及个人信息，删减后公开。")
        assert not CatalogueEntryPage.objects.get(pk=emergency.entry.pk).live
        assert withdrawals().get().level_name == "初审" and withdrawals().get().conclusion == Conclusion.APPROVE_AFTER_REDACTION
        assert pending_post_reviews() == []

    def test_from_the_editor_too(self, client, emergency):
        entry = emergency.entry
        client.force_login(emergency.reviewer1)
        state = current_task_state(entry)
        data = review_data(state, action="reject", conclusion=Conclusion.REFER.value, opinion="公开与保密界限不清，报保密行政管理部门确定。", confirmations=[])
        collected = client.post(action_url(entry, "reject", state, view="collect_workflow_action_data"), data, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
        response = editor_action(client, entry, "reject", json.dumps(collected["cleaned_data"]))
        assert any("撤回" in str(message) for message in response.context["messages"])
        assert not CatalogueEntryPage.objects.get(pk=entry.pk).live
        assert withdrawals().get().conclusion == Conclusion.REFER

    def test_approval_at_every_level_keeps_it_live_and_clears_the_list(self, client, emergency):
        entry = emergency.entry
        for reviewer in (emergency.reviewer1, emergency.reviewer2):
            client.force_login(reviewer)
            post_modal(client, entry, current_task_state(entry), review_data(current_task_state(entry)))
        assert CatalogueEntryPage.objects.get(pk=entry.pk).live and not withdrawals().exists()
        assert pending_post_reviews() == []

    def test_withdrawn_content_cannot_be_published_in_an_emergency_again(self, client, emergency):
        client.force_login(emergency.reviewer1)
        conclude(client, emergency.entry, current_task_state(emergency.entry), Conclusion.REJECT)
        client.force_login(emergency.publisher)
        response = client.post(
            reverse("wagtail_disclosure:emergency_publish", args=(emergency.entry.pk,)),
            {"reason": REASON, "confirm": "on", "revision": emergency.revision.pk},
        )
        assert response.status_code == 400 and "不予公开" in response.content.decode()
        assert not CatalogueEntryPage.objects.get(pk=emergency.entry.pk).live
        assert ReviewRecord.objects.filter(kind=RecordKind.EMERGENCY).count() == 1


@pytest.mark.django_db
def test_only_approvals_take_a_page_off_the_list(emergency):
    """Reviews that do not approve (recorded without the task, so nothing is withdrawn) leave it pending."""
    for task in (emergency.task1, emergency.task2):
        append_record(emergency.entry, revision=emergency.revision, kind=RecordKind.REVIEW, conclusion=Conclusion.REJECT, task=task, reviewer=emergency.reviewer1)
    assert [record.page_pk for record in pending_post_reviews()] == [emergency.entry.pk]
    for task in (emergency.task1, emergency.task2):  # the latest review of each level decides
        append_record(emergency.entry, revision=emergency.revision, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, task=task, reviewer=emergency.reviewer2)
    assert pending_post_reviews() == []
