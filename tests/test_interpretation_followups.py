"""三同步 after the grace period, interpretations of a host site's catalogue-entry type, the reviewer named in
the log of an interpretation published with its document, and the 政策解读 list's filters."""

import datetime
from importlib import import_module

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail.test.utils.form_data import inline_formset

from tests.testapp.models import HostEntryPage
from wagtail_disclosure.gate import GateRefused
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    DisclosureSettings,
    InterpretationIndexPage,
    PolicyInterpretationPage,
    PolicyLink,
    ReviewRecord,
)
from wagtail_disclosure.rules.confidentiality import RecordKind
from wagtail_disclosure.views.interpretations import policies_missing_interpretation

from .test_interpretation import (  # noqa: F401 - fixtures
    POLICY_BODY,
    interpretation,
    interpretation_form_data,
    is_live,
    levels,
    normative,
    policy,
    review,
    reviewed_revision,
)
from .test_review_task import XHR, action_url, current_task_state, post_modal, review_data
from .utils import approve, editor_form_data, make_entry, make_review_workflow, make_user

# A Monday; the grace period of 5 working days after it ends on Monday 2026-03-09.
FIRST_PUBLICATION = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
AFTER_THE_GRACE = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def grace(days):
    settings = DisclosureSettings.for_site(Site.objects.get(is_default_site=True))
    settings.interpretation_grace_days = days
    settings.save()


def edited_revision(page, levels):
    """A reviewed revision of ``page`` with a corrected summary: new content for the public (republishing what
    is already live shows nothing new, and the gate lets it through)."""
    page = type(page).objects.get(pk=page.pk)
    page.summary = "（修订）" + page.summary
    revision = page.save_revision()
    review(page, revision, levels)
    return revision


def live_revision_id(page):
    return Page.objects.get(pk=page.pk).live_revision_id


# --- the grace period -----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestGracePeriod:
    @pytest.fixture
    def expired(self, catalogue, policy, levels):
        """A policy that went live alone within 5 working days of grace, an unreviewed draft of its
        interpretation, and the clock after the grace period."""
        grace(5)
        with time_machine.travel(FIRST_PUBLICATION):
            reviewed_revision(policy, levels).publish()
            assert is_live(policy)
            draft = interpretation(catalogue, policy)
        with time_machine.travel(AFTER_THE_GRACE):
            yield CatalogueEntryPage.objects.get(pk=policy.pk), draft

    def test_within_the_grace_period_it_goes_live_alone(self, policy, levels):
        grace(5)
        with time_machine.travel(FIRST_PUBLICATION):
            reviewed_revision(policy, levels).publish()
        assert is_live(policy)

    def test_after_it_revision_publish_is_refused_naming_the_interpretation(self, expired, levels, django_user_model):
        policy, draft = expired
        before = live_revision_id(policy)
        with pytest.raises(GateRefused) as refused:
            edited_revision(policy, levels).publish(user=django_user_model.objects.create_superuser("boss", "b@example.com", "x"))
        assert f"“{draft.title}”" in refused.value.message and "2026-03-09" in refused.value.message
        assert live_revision_id(policy) == before

    def test_after_it_the_editors_publish_is_refused(self, admin_client, expired):
        policy, draft = expired
        before = live_revision_id(policy)
        url = reverse("wagtailadmin_pages:edit", args=(policy.pk,))
        edited = editor_form_data(policy, summary="（修订）")
        response = admin_client.post(url, {**edited, "action-publish": "action-publish"}, follow=True)
        assert draft.title in response.content.decode()
        assert live_revision_id(policy) == before

    def test_after_it_bulk_publish_is_refused(self, admin_client, expired, levels):
        policy, draft = expired
        edited_revision(policy, levels)
        before = live_revision_id(policy)
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        assert draft.title in admin_client.get(f"{url}?id={policy.pk}").content.decode()
        admin_client.post(f"{url}?id={policy.pk}", {"include_descendants": ""})
        assert live_revision_id(policy) == before

    def test_after_it_the_admin_api_is_refused(self, admin_client, expired, levels):
        policy, _draft = expired
        edited_revision(policy, levels)
        before = live_revision_id(policy)
        response = admin_client.post(f"/admin/api/main/pages/{policy.pk}/action/publish/", content_type="application/json")
        assert response.status_code in (400, 403)
        assert live_revision_id(policy) == before

    def test_after_it_scheduling_is_refused_and_a_scheduled_run_skips_it(self, expired, levels):
        policy, draft = expired
        revision = edited_revision(policy, levels)
        revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
        with pytest.raises(Exception) as refused:
            revision.save()
        assert draft.title in str(refused.value)
        assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None
        before = live_revision_id(policy)
        assert policy.publish(revision, user=None) is None
        assert live_revision_id(policy) == before

    def test_after_it_the_report_lists_it_and_the_interpretation_lets_it_go(self, catalogue, expired, levels):
        policy, draft = expired
        assert [entry.pk for entry in policies_missing_interpretation(CatalogueEntryPage.objects.all())] == [policy.pk]
        review(draft, draft.get_latest_revision(), levels)
        edited_revision(policy, levels).publish()
        assert is_live(draft) and live_revision_id(policy) == Page.objects.get(pk=policy.pk).latest_revision_id


# --- a host site's catalogue-entry type -----------------------------------------------------------------


@pytest.fixture
def host_levels(catalogue):
    # The host's entries sit beside the catalogue, under the home page: a review workflow of their own.
    home = Site.objects.get(is_default_site=True).root_page
    return make_review_workflow(home, name="主页保密审查", group_names=("主页初审", "主页复审"), access_admin=False, last_level_publishes=False).tasks


@pytest.fixture
def host_policy(catalogue, organisation, classifications, normative, levels):
    home = Site.objects.get(is_default_site=True).root_page
    page = HostEntryPage(
        title="某县农村宅基地管理办法", slug="host-policy", live=False, organisation=organisation, topic=classifications[0],
        genre=normative, written_date=datetime.date(2024, 3, 1), body=POLICY_BODY,
    )  # fmt: skip
    home.add_child(instance=page)
    return page


@pytest.mark.django_db
class TestHostEntryTypes:
    def test_a_host_entry_is_interpreted_two_ways_and_goes_live_only_with_it(self, catalogue, host_policy, levels, host_levels, django_user_model):
        assert host_policy.interpretation_required
        with pytest.raises(GateRefused) as refused:
            reviewed_revision(host_policy, host_levels).publish(user=django_user_model.objects.create_superuser("boss", "b@example.com", "x"))
        assert "三同步" in refused.value.message
        page = interpretation(catalogue, host_policy)
        assert page.publication_blockers() == []
        review(page, page.get_latest_revision(), levels)
        reviewed_revision(host_policy, host_levels).publish()
        assert is_live(host_policy) and is_live(page)
        html = Client().get(HostEntryPage.objects.get(pk=host_policy.pk).url).content.decode()
        assert page.title in html
        html = Client().get(PolicyInterpretationPage.objects.get(pk=page.pk).url).content.decode()
        assert host_policy.title in html

    def test_the_editor_links_a_host_entry_and_not_another_page(self, admin_client, catalogue, host_policy):
        url = reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "policyinterpretationpage", catalogue.pk))
        chooser = admin_client.get(url).content.decode()
        assert "hostentrypage" in chooser.lower()  # the chooser offers the host type
        response = admin_client.post(url, interpretation_form_data(host_policy))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert PolicyLink.objects.get().policy_id == host_policy.pk
        response = admin_client.post(url, interpretation_form_data(host_policy, slug="other", policy_links=inline_formset([{"policy": catalogue.pk}])))
        assert response.status_code == 200 and catalogue.title in response.content.decode()
        assert PolicyLink.objects.count() == 1

    def test_the_report_covers_host_entries(self, admin_client, host_policy):
        approve(host_policy)
        host_policy.save_revision().publish()
        html = admin_client.get(reverse("wagtail_disclosure:missing_interpretations")).content.decode()
        assert host_policy.title in html


def test_the_migration_keeps_existing_links():
    # The link's column keeps its page ids: the field is altered in place (a page id is a catalogue entry's id),
    # never removed and added again. (A transactional migrate-back-and-forth test would empty the database
    # for the tests after it.)
    migration = import_module("wagtail_disclosure.migrations.0021_disclosure_columns").Migration
    on_links = [op for op in migration.operations if getattr(op, "model_name", "") == "policylink"]
    assert [(type(op).__name__, op.name) for op in on_links] == [("AlterField", "policy")]
    assert str(on_links[0].field.remote_field.model).lower() == "wagtailcore.page"


# --- published together: logged with the reviewer ---------------------------------------------------------


@pytest.mark.django_db
def test_an_interpretation_published_with_its_document_is_logged_with_the_approving_reviewer(client, catalogue, organisation, classifications, normative):
    built = make_review_workflow(
        catalogue, group_names=("初审人", "复审人"), last_level_publishes=True,
        reviewers=[("reviewer1", "password", "reviewer1"), ("reviewer2", "password", "reviewer2")],
    )  # fmt: skip
    author = make_user("author", "password")
    policy_page = make_entry(catalogue, publish=False, genre=normative, owner=author, title="某县行政规范性文件管理办法", slug="guifan", body=POLICY_BODY)
    page = interpretation(catalogue, policy_page)
    policy_page.save_revision(user=author)
    built.workflow.start(policy_page, author)
    for reviewer in built.reviewers:
        state = current_task_state(policy_page)
        client.force_login(reviewer)
        client.get(action_url(policy_page, "approve", state), **XHR)
        result = post_modal(client, policy_page, state, review_data(state))
        assert result["step"] == "success", result
    assert is_live(page)
    published = PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").get()
    assert published.user_id == built.reviewers[1].pk
    records = ReviewRecord.objects.filter(page_pk=page.pk, kind=RecordKind.REVIEW).order_by("sequence")
    assert [record.reviewer_id for record in records] == [reviewer.pk for reviewer in built.reviewers]


# --- the 政策解读 list's filters ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_interpretation_index_has_no_genre_filter(catalogue, policy, levels):
    page = interpretation(catalogue, policy)
    review(page, page.get_latest_revision(), levels)
    reviewed_revision(policy, levels).publish()
    index = catalogue.add_child(instance=InterpretationIndexPage(title="政策解读", slug="zcjd", live=False))
    approve(index)
    index.save_revision().publish()
    html = Client().get(InterpretationIndexPage.objects.get(pk=index.pk).url).content.decode()
    assert 'name="genre"' not in html
    for name in ("topic", "org", "year", "form"):
        assert f'name="{name}"' in html
    assert 'name="genre"' in Client().get(catalogue.url).content.decode()
