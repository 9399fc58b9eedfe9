"""紧急发布: off by default; with the permission and a written reason, content goes live before its review,
is recorded in the ledger and the audit log, and waits on 已发布待补审 until someone else has reviewed it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, PageLogEntry

from wagtail_disclosure.models import CatalogueEntryPage, ReviewRecord
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record
from wagtail_disclosure.views.emergency import pending_post_reviews

from .test_gate_routes import CHANGED, ORIGINAL, assert_public_title, draft, entry, levels, review  # noqa: F401

REASON = "台风红色预警，须立即向社会发布防御通知"


@pytest.fixture
def enabled(settings):
    settings.WAGTAIL_DISCLOSURE_EMERGENCY_PUBLICATION = True


@pytest.fixture
def publisher(db, django_user_model, catalogue):
    """An editor who may publish in the catalogue and publish in an emergency, but is no superuser."""
    group = Group.objects.create(name="应急发布人员")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=catalogue, permission=Permission.objects.get(codename=codename))
    group.permissions.add(Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="emergency_publish"))
    user = django_user_model.objects.create_user("duty", password="x", first_name="值班员")
    user.groups.add(group)
    return user


def url(page):
    return reverse("wagtail_disclosure:emergency_publish", args=(page.pk,))


@pytest.mark.django_db
class TestEmergencyPublication:
    def test_off_by_default(self, client, publisher, entry):
        draft(entry)
        client.force_login(publisher)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=(entry.pk,))).content.decode()
        assert url(entry) not in edit
        # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
        assert client.get(url(entry)).status_code in (302, 403)
        assert client.post(url(entry), {"reason": REASON, "confirm": "on"}).status_code in (302, 403)
        assert_public_title(entry, ORIGINAL)

    def test_needs_the_permission(self, client, enabled, entry, django_user_model, catalogue):
        group = Group.objects.create(name="普通编辑")
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(group=group, page=catalogue, permission=Permission.objects.get(codename=codename))
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user = django_user_model.objects.create_user("plain", password="x")
        user.groups.add(group)
        draft(entry)
        client.force_login(user)
        assert client.post(url(entry), {"reason": REASON, "confirm": "on"}).status_code in (302, 403)
        assert_public_title(entry, ORIGINAL)

    def test_a_reason_and_a_confirmation_are_required_and_nothing_is_lost(self, client, enabled, publisher, entry):
        revision = draft(entry)
        client.force_login(publisher)
        with translation.override("zh-hans"):
            response = client.post(url(entry), {"reason": "紧急", "revision": revision.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 400
        html = response.content.decode()
        assert "紧急" in html  # what was typed is still there
        assert not ReviewRecord.objects.filter(kind=RecordKind.EMERGENCY).exists()
        assert_public_title(entry, ORIGINAL)

    def test_a_stale_form_is_refused(self, client, enabled, publisher, entry):
        old = draft(entry)
        draft(entry, "又改了一次的标题")
        client.force_login(publisher)
        response = client.post(url(entry), {"reason": REASON, "confirm": "on", "revision": old.pk})
        assert response.status_code == 400
        assert_public_title(entry, ORIGINAL)

    def test_publishes_records_and_waits_for_review_by_someone_else(self, client, enabled, publisher, entry, levels, django_user_model):
        revision = draft(entry)
        client.force_login(publisher)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=(entry.pk,))).content.decode()
        assert url(entry) in edit
        assert client.get(url(entry)).status_code == 200
        response = client.post(url(entry), {"reason": REASON, "confirm": "on", "revision": revision.pk})
        assert response.status_code == 302
        assert_public_title(entry, CHANGED)

        record = ReviewRecord.objects.get(kind=RecordKind.EMERGENCY)
        assert record.reviewer_id == publisher.pk and record.reason == REASON and record.revision_pk == revision.pk
        log = PageLogEntry.objects.get(page=entry, action="wagtail_disclosure.emergency_publish")
        assert log.user_id == publisher.pk and log.data["reason"] == REASON
        page = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert page.workflow_in_progress  # sent to its reviewers at once

        assert [item.page_pk for item in pending_post_reviews()] == [entry.pk]
        listing = client.get(reverse("wagtail_disclosure:pending_review")).content.decode()
        assert CHANGED in listing and REASON in listing
        assert CHANGED in client.get(reverse("wagtailadmin_home")).content.decode()

        # The publisher's own review does not count; someone else's, at every level, does.
        review(entry, revision, levels)  # recorded by name "审查员", a different person
        append_record(entry, revision=revision, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, task=levels[0], reviewer=publisher)
        assert pending_post_reviews() == []
        assert CHANGED not in client.get(reverse("wagtail_disclosure:pending_review")).content.decode()

    def test_own_review_does_not_clear_the_list(self, client, enabled, publisher, entry, levels):
        revision = draft(entry)
        client.force_login(publisher)
        client.post(url(entry), {"reason": REASON, "confirm": "on", "revision": revision.pk})
        for task in levels:
            append_record(entry, revision=revision, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, task=task, reviewer=publisher)
        assert [item.page_pk for item in pending_post_reviews()] == [entry.pk]

    def test_the_list_is_not_shown_to_everyone(self, client, django_user_model, entry):
        user = django_user_model.objects.create_user("nobody", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert client.get(reverse("wagtail_disclosure:pending_review")).status_code in (302, 403)


@pytest.mark.django_db
def test_a_page_without_revisions_gets_one_only_when_published(client, enabled, publisher, catalogue, levels):
    from wagtail.models import Revision

    from .utils import make_entry

    page = make_entry(catalogue, publish=False, title="代码创建的紧急通知")  # add_child only: no revision
    assert page.get_latest_revision() is None
    client.force_login(publisher)
    assert client.get(url(page)).status_code == 200
    assert not Revision.objects.filter(object_id=str(page.pk)).exists()  # opening the form writes nothing
    assert client.post(url(page), {"reason": REASON, "confirm": "on", "revision": ""}).status_code == 302
    page = CatalogueEntryPage.objects.get(pk=page.pk)
    assert page.live and page.live_revision_id and ReviewRecord.objects.filter(kind=RecordKind.EMERGENCY, page_pk=page.pk).exists()
