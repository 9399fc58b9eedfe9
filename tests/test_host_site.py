"""The plugin installed in a host site (API v2, a sitemap, a menu and search built from live pages):
internal records (公开属性 依申请公开 or 不予公开) appear in none of them, because they are never live."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import checks
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    APIToken,
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text

from example_site.home.models import HomePage

from tests.testapp.menu import main_menu
from tests.testapp.models import HostBlogPage, HostEntryPage, HostNoticePage
from tests.utils import approve, editor_form_data, make_classifications, make_entry, make_organisation, make_site, publish_reviewed
from wagtail_disclosure.models import AnnualReportPage, CatalogueEntryPage, CatalogueIndexPage, ReviewRecord
from wagtail_disclosure.models.language import check_languages
from wagtail_disclosure.rules.confidentiality import RecordKind
from wagtail_disclosure.rules.vocabulary import DisclosureAttribute

REASON = "条例第十六条：过程性信息"


def public_views(client, entry):
    """Every place a host site shows pages to the public, as (name, whether it shows ``entry``)."""
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    listing = client.get("/api/v2/pages/", {"type": "wagtail_disclosure.CatalogueEntryPage", "fields": "title"}).json()
    found = client.get("/api/v2/pages/", {"search": entry.title}).json()
    return {
        "api v2 listing": any(item["id"] == entry.pk for item in listing["items"]),
        "api v2 detail": client.get(f"/api/v2/pages/{entry.pk}/").status_code != 404,
        "api v2 search": any(item["id"] == entry.pk for item in found["items"]),
        "api v3 detail": client.get(f"/api/v3/pages/{entry.pk}/").status_code != 404,
        "live().public()": Page.objects.live().public().filter(pk=entry.pk).exists(),
        "live()": Page.objects.live().filter(pk=entry.pk).exists(),
        "search": entry.pk in [page.pk for page in Page.objects.live().search(entry.title)],
        "menu": entry.pk in [page.pk for page in main_menu(request)],
        "sitemap": f"/{entry.slug}/" in client.get("/sitemap.xml").content.decode(),
        "own URL": client.get(entry.url or f"/xxgk/{entry.slug}/").status_code != 404,
    }


@pytest.mark.django_db
class TestInternalRecordsAreNeverPublic:
    def test_a_public_entry_is_shown_everywhere(self, client, catalogue, organisation):
        entry = make_entry(catalogue, title="关于印发某县教育发展规划的通知")
        assert all(public_views(client, entry).values()), public_views(client, entry)

    @pytest.mark.parametrize("attribute", [DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD])
    def test_an_internal_record_published_after_review_is_nowhere(self, client, catalogue, organisation, attribute):
        entry = make_entry(catalogue, title="某县财政局内部请示", disclosure_attribute=attribute, non_disclosure_reason=REASON)
        entry.refresh_from_db()
        assert not entry.live and entry.live_revision_id is None
        assert not any(public_views(client, entry).values()), public_views(client, entry)

    def test_a_public_entry_that_becomes_internal_leaves_every_public_view(self, client, catalogue, organisation):
        entry = make_entry(catalogue, title="关于某县某项目的情况说明")
        entry.disclosure_attribute, entry.non_disclosure_reason = DisclosureAttribute.WITHHELD, REASON
        publish_reviewed(entry)
        assert not entry.live and not entry.is_listed
        assert not any(public_views(client, entry).values()), public_views(client, entry)
        assert PageLogEntry.objects.filter(page=entry, action="wagtail_disclosure.kept_internal").exists()
        assert entry.title not in client.get(catalogue.url).content.decode()

    def test_a_script_cannot_make_an_internal_record_live(self, catalogue, organisation):
        entry = make_entry(catalogue, disclosure_attribute=DisclosureAttribute.ON_REQUEST, non_disclosure_reason=REASON)
        entry.live = True
        entry.save(update_fields=["live"])
        assert not CatalogueEntryPage.objects.get(pk=entry.pk).live

    def test_publishing_in_the_editor_says_the_record_stays_off_the_public_site(self, admin_client, catalogue, organisation):
        entry = make_entry(
            catalogue, disclosure_attribute=DisclosureAttribute.ON_REQUEST, non_disclosure_reason=REASON, publish=False,
            body='<p data-block-key="ir001">关于某项目的请示。</p>',
        )
        edit_url = f"/admin/pages/{entry.pk}/edit/"
        data = editor_form_data(entry)
        admin_client.post(edit_url, data)
        approve(entry, entry.get_latest_revision())  # the content is approved: the editor's Publish may go ahead
        response = admin_client.post(edit_url, {**data, "action-publish": "publish"}, follow=True)
        text = response.content.decode()
        assert "internal record" in text or "内部记录" in text
        assert not CatalogueEntryPage.objects.get(pk=entry.pk).live


@pytest.mark.django_db
class TestInternalRecordsOfHostTypesLeftLive:
    """A host's own catalogue-entry type (``HostEntryPage``) whose internal records were live before the plugin
    kept them offline: migration 0014 knew only the plugin's types; every ``migrate`` takes them offline."""

    def live_before(self, home, attribute, slug, organisation, topic, genre):
        page = home.add_child(instance=HostEntryPage(
            title=f"某县财政局{slug}", slug=slug, organisation=organisation, topic=topic, genre=genre,
            written_date=datetime.date(2024, 3, 1), disclosure_attribute=attribute,
            non_disclosure_reason=REASON if attribute != DisclosureAttribute.PUBLIC else "", live=False,
        ))
        revision = page.save_revision()
        # Live as an older version of the plugin left it: written around save().
        Page.objects.filter(pk=page.pk).update(live=True, live_revision=revision, has_unpublished_changes=False)
        return page

    def test_every_migrate_takes_them_offline_with_an_audit_entry(self):
        home = make_site()
        organisation = make_organisation()
        topic, genre, _audience = make_classifications()
        internal = self.live_before(home, DisclosureAttribute.ON_REQUEST, "internal", organisation, topic, genre)
        public = self.live_before(home, DisclosureAttribute.PUBLIC, "public", organisation, topic, genre)
        notice = home.add_child(instance=HostNoticePage(title="公告", slug="notice", organisation=organisation, written_date=datetime.date(2024, 3, 1), live=False))
        Page.objects.filter(pk=notice.pk).update(live=True)  # a type whose pages are all public: left alone
        assert [warning.id for warning in checks.run_checks(databases=["default"]) if warning.id == "wagtail_disclosure.W020"] == ["wagtail_disclosure.W020"]

        out = io.StringIO()
        call_command("migrate", verbosity=1, stdout=out)
        assert not Page.objects.get(pk=internal.pk).live and Page.objects.get(pk=internal.pk).live_revision_id is None
        assert Page.objects.get(pk=public.pk).live and Page.objects.get(pk=notice.pk).live
        assert PageLogEntry.objects.filter(page_id=internal.pk, action="wagtail_disclosure.kept_internal").count() == 1
        assert "1 条" in out.getvalue() or "1 live internal record" in out.getvalue()
        assert not [warning for warning in checks.run_checks(databases=["default"]) if warning.id == "wagtail_disclosure.W020"]

        call_command("migrate", verbosity=0, stdout=io.StringIO())  # idempotent: nothing more to do, nothing logged
        assert PageLogEntry.objects.filter(page_id=internal.pk, action="wagtail_disclosure.kept_internal").count() == 1


# --- language: the host's default is English -----------------------------------------------------


@pytest.fixture
def english_home(db):
    """A host site whose default language and home page are English."""
    english, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Mouxian County", slug="en-home", locale=english))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80})
    return home


@pytest.mark.django_db
class TestLanguageOfAHostSite:
    @override_settings(LANGUAGE_CODE="en")
    def test_a_column_created_under_an_english_home_page_is_a_chinese_tree(self, admin_client, english_home, organisation):
        add_url = reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "catalogueindexpage", english_home.pk))
        data = nested_form_data({"title": "政府信息公开目录", "slug": "xxgk", "intro": rich_text("")})
        response = admin_client.post(add_url, data, follow=True)
        assert response.status_code == 200
        column = CatalogueIndexPage.objects.get(slug="xxgk")
        assert column.locale.language_code == "zh-hans"
        publish_reviewed(column)
        entry = make_entry(column, title="关于印发某县教育发展规划的通知")
        assert entry.locale.language_code == "zh-hans"  # children inherit the column's locale
        for language in ("en", "de"):
            html = Client(HTTP_ACCEPT_LANGUAGE=language).get(entry.url).content.decode()
            assert '<html lang="zh-Hans">' in html
            assert "索引号" in html, language  # the statutory labels in Chinese, as the page's locale says
            html = Client(HTTP_ACCEPT_LANGUAGE=language).get(column.url).content.decode()
            assert '<html lang="zh-Hans">' in html and entry.title in html

    @override_settings(LANGUAGE_CODE="en")
    def test_other_pages_keep_the_site_language(self, admin_client, english_home):
        add_url = reverse("wagtailadmin_pages:add", args=("home", "homepage", english_home.pk))
        admin_client.post(add_url, nested_form_data({"title": "About", "slug": "about"}))
        assert Page.objects.get(slug="about").locale.language_code == "en"

    @override_settings(
        WAGTAIL_I18N_ENABLED=True, LANGUAGES=[("en", "English"), ("de", "Deutsch")], WAGTAIL_CONTENT_LANGUAGES=[("en", "English"), ("de", "Deutsch")]
    )
    def test_a_site_without_chinese_among_its_content_languages_is_told(self):
        assert [message.id for message in check_languages()] == ["wagtail_disclosure.W010"]

    def test_the_disclosure_locale_exists_after_migrate(self):
        assert Locale.objects.filter(language_code="zh-hans").exists()


# --- templates: the plugin's pages inside the host's layout --------------------------------------


HOST_BASE = (
    "{% load wagtail_disclosure_tags %}<html><head>{% disclosure_assets %}{% disclosure_assets %}</head><body></body></html>"
)


@pytest.mark.django_db
class TestTemplatesForHostLayouts:
    def test_the_assets_tag_links_the_pages_stylesheets_once(self, catalogue, organisation):
        html = Template(HOST_BASE).render(Context({"page": catalogue}))
        assert html.count("wagtail_disclosure/css/disclosure.css") == 1

    def test_the_assets_tag_adds_nothing_to_the_sites_own_pages(self, catalogue):
        assert "<link" not in Template(HOST_BASE).render(Context({"page": catalogue.get_parent()}))

    def test_a_type_brings_its_own_stylesheet(self):
        html = Template(HOST_BASE).render(Context({"page": AnnualReportPage()}))
        assert "annual_report.css" in html and "disclosure.css" in html

    def test_the_catalogue_keeps_its_stylesheet_and_feeds(self, client, catalogue, organisation):
        html = client.get(catalogue.url).content.decode()
        assert "wagtail_disclosure/css/disclosure.css" in html and "application/rss+xml" in html

    def test_breadcrumbs_can_be_left_to_the_host_layout(self, client, catalogue, organisation):
        entry = make_entry(catalogue)
        assert 'class="wd-breadcrumbs"' in client.get(entry.url).content.decode()
        with override_settings(WAGTAIL_DISCLOSURE_BREADCRUMBS=False):
            assert 'class="wd-breadcrumbs"' not in client.get(entry.url).content.decode()

    def test_a_host_base_template_renders_in_the_pages_language(self, client, catalogue, organisation, tmp_path, settings):
        """The host's own base template (no {% language %} of the plugin's) sees the page's language."""
        (tmp_path / "wagtail_disclosure").mkdir()
        (tmp_path / "wagtail_disclosure" / "base.html").write_text(
            '{% load i18n wagtail_disclosure_tags %}{% get_current_language as language %}<html lang="{{ language }}">'
            "<head>{% disclosure_assets %}</head><body>{% block content %}{% endblock %}</body></html>"
        )
        templates = [dict(settings.TEMPLATES[0], DIRS=[str(tmp_path), *settings.TEMPLATES[0]["DIRS"]])]
        entry = make_entry(catalogue)
        with override_settings(TEMPLATES=templates, LANGUAGE_CODE="en"):
            html = Client(HTTP_ACCEPT_LANGUAGE="en").get(entry.url).content.decode()
        assert '<html lang="zh-hans">' in html and "索引号" in html and "disclosure.css" in html


# --- a host page type the site gates, with its own moderation workflow -------------------------------


@pytest.fixture
def blog(db):
    """The host's home page with its own "Moderators approval" workflow (Wagtail's group approval task)."""
    home = make_site()
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=moderators, page=home, permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename))
    task = GroupApprovalTask.objects.create(name="Moderator approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    moderator = get_user_model().objects.create_user("moderator", "moderator@example.com", "password")
    moderator.groups.add(moderators)
    return home, moderator


def submitted_post(home, moderator):
    post = home.add_child(instance=HostBlogPage(title="Spring opening hours", slug="spring", body="<p>Open daily.</p>", live=False))
    revision = post.save_revision(user=moderator)
    workflow_state = post.get_workflow().start(post, moderator)
    return post, revision, workflow_state


@pytest.mark.django_db
class TestAGatedHostType:
    def test_approving_in_the_hosts_own_workflow_says_what_is_missing_and_keeps_the_task(self, client, blog):
        home, moderator = blog
        post, _revision, workflow_state = submitted_post(home, moderator)
        client.force_login(moderator)
        task_state = workflow_state.current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "approve", task_state.pk))
        response = client.post(url, {"comment": ""}, follow=True)
        assert response.status_code == 200  # not Wagtail's generic "no permission"
        text = " ".join(str(message) for message in response.context["messages"])
        assert "保密审查" in text and "Moderators approval" in text
        task_state.refresh_from_db()
        workflow_state.refresh_from_db()
        assert task_state.status == TaskState.STATUS_IN_PROGRESS and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert not HostBlogPage.objects.get(pk=post.pk).live
        assert PageLogEntry.objects.filter(page=post, action="wagtail_disclosure.gate_refused", user=moderator).exists()

    def test_approving_from_the_editor_is_refused_the_same_way(self, client, blog):
        home, moderator = blog
        post, _revision, workflow_state = submitted_post(home, moderator)
        client.force_login(moderator)
        data = nested_form_data({"title": post.title, "slug": post.slug, "body": rich_text("<p>Open daily.</p>")})
        data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
        response = client.post(reverse("wagtailadmin_pages:edit", args=(post.pk,)), data, follow=True)
        assert response.status_code == 200
        assert any("保密审查" in str(message) for message in response.context["messages"])
        workflow_state.refresh_from_db()
        assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert PageLogEntry.objects.filter(page=post, action="wagtail_disclosure.gate_refused").exists()

    def test_approved_content_goes_through_the_hosts_workflow(self, client, blog):
        home, moderator = blog
        post, revision, workflow_state = submitted_post(home, moderator)
        approve(post, revision)  # e.g. a 保密审查 level earlier in the workflow
        client.force_login(moderator)
        url = reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "approve", workflow_state.current_task_state.pk))
        client.post(url, {"comment": ""})
        assert HostBlogPage.objects.get(pk=post.pk).live


@pytest.mark.django_db
class TestAcceptingTheLiveBaseline:
    def live_before_gating(self, home, title):
        post = home.add_child(instance=HostBlogPage(title=title, slug=f"post-{HostBlogPage.objects.count()}", body="<p>Old.</p>"))
        revision = post.save_revision()
        # Live before the type was gated: written as it was then, around the gate.
        Page.objects.filter(pk=post.pk).update(live=True, live_revision=revision, has_unpublished_changes=False)
        return HostBlogPage.objects.get(pk=post.pk)

    def test_pages_live_before_gating_are_accepted_with_a_recorded_reason(self, catalogue):
        home = catalogue.get_parent()
        old = [self.live_before_gating(home, "Opening hours 2019"), self.live_before_gating(home, "Opening hours 2020")]
        with pytest.raises(SystemExit):
            call_command("disclosure_audit_live_content", stdout=io.StringIO(), stderr=io.StringIO())
        out = io.StringIO()
        call_command("disclosure_accept_live_baseline", reason="旧网站已公开的内容，2026年12月接入保密审查", stdout=out)
        assert "2 live page(s) accepted" in out.getvalue()
        for post in old:
            record = ReviewRecord.objects.get(page_pk=post.pk)
            assert record.kind == RecordKind.LEGACY_MIGRATION and record.reason == "旧网站已公开的内容，2026年12月接入保密审查"
            assert record.source == "disclosure_accept_live_baseline"
            assert PageLogEntry.objects.filter(page=post, action="wagtail_disclosure.legacy_migration").exists()
        audit = io.StringIO()
        call_command("disclosure_audit_live_content", stdout=audit, stderr=io.StringIO())
        assert "已审查通过的内容" in audit.getvalue()
        again = io.StringIO()
        call_command("disclosure_accept_live_baseline", reason="再次运行", stdout=again)
        assert "0 live page(s) accepted" in again.getvalue()  # only what has no approval

    def test_a_reason_is_required_and_a_dry_run_records_nothing(self, catalogue):
        post = self.live_before_gating(catalogue.get_parent(), "Opening hours 2019")
        with pytest.raises(CommandError, match="--reason"):
            call_command("disclosure_accept_live_baseline", stdout=io.StringIO())
        out = io.StringIO()
        call_command("disclosure_accept_live_baseline", "--dry-run", "--type", "disclosure_testapp.HostBlogPage", stdout=out)
        assert str(post.pk) in out.getvalue() and not ReviewRecord.objects.filter(page_pk=post.pk).exists()
        with pytest.raises(CommandError, match="not a gated page type"):
            call_command("disclosure_accept_live_baseline", "--type", "home.HomePage", reason="x", stdout=io.StringIO())


@pytest.mark.django_db
class TestEveryRefusalIsInTheAuditLog:
    """A gated host page whose content has no review: every admin route that would publish it is refused and logged."""

    @pytest.fixture
    def post(self, blog):
        home, _moderator = blog
        return home.add_child(instance=HostBlogPage(title="Spring opening hours", slug="spring", body="<p>Open daily.</p>", live=False))

    def refusals(self, post):
        return PageLogEntry.objects.filter(page=post, action="wagtail_disclosure.gate_refused").count()

    def form(self, post, **extra):
        return {**nested_form_data({"title": post.title, "slug": post.slug, "body": rich_text("<p>Open daily.</p>")}), **extra}

    def test_a_forged_publish_in_the_editor(self, admin_client, post):
        admin_client.post(reverse("wagtailadmin_pages:edit", args=(post.pk,)), self.form(post, **{"action-publish": "publish"}))
        assert not HostBlogPage.objects.get(pk=post.pk).live
        assert self.refusals(post) == 1

    def test_scheduling_in_the_editor(self, admin_client, post):
        go_live = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
        admin_client.post(reverse("wagtailadmin_pages:edit", args=(post.pk,)), self.form(post, go_live_at=go_live, **{"action-publish": "publish"}))
        assert not Revision.objects.filter(object_id=str(post.pk), approved_go_live_at__isnull=False).exists()
        assert self.refusals(post) == 1

    def test_bulk_publish(self, admin_client, post):
        post.save_revision()
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        admin_client.post(f"{url}?id={post.pk}", {"include_descendants": ""})
        assert not HostBlogPage.objects.get(pk=post.pk).live
        assert self.refusals(post) == 1


# --- the refusals of Wagtail's APIs, as a moderator who may publish the section but not unreviewed content


def refusal_entries(page, route):
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail_disclosure.gate_refused", data__route=route)


@pytest.mark.django_db
class TestEveryAPIRefusalIsInTheAuditLog:
    """Every publish, copy, revert and unpublish action Wagtail 8.0 exposes over HTTP (the admin API, API v3),
    tried on a gated host page whose latest content has no review. Scheduling has no API: only the editor's
    (above). Revert and unpublish put nothing unreviewed live, so the gate has nothing to refuse there."""

    @pytest.fixture
    def post(self, blog):
        home, _moderator = blog
        post = home.add_child(instance=HostBlogPage(title="Spring opening hours", slug="spring", body="<p>Open daily.</p>", live=False))
        post.save_revision()
        return post

    @pytest.fixture
    def live_post(self, post):
        publish_reviewed(post)
        changed = HostBlogPage.objects.get(pk=post.pk)
        changed.title = "Summer opening hours"
        changed.save_revision()  # unreviewed changes on top of the live, reviewed content
        return changed

    @pytest.fixture
    def v3(self, client, blog):
        _home, moderator = blog
        _token, plaintext = APIToken.create_token(user=moderator, name="host app")
        return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    def v3_post(self, v3, name, page_id=None, data=None, method="post"):
        url = reverse(f"wagtailapi_v3:{name}", kwargs={"page_id": page_id} if page_id else None)
        return getattr(v3, method)(url, json.dumps(data or {}), content_type="application/json")

    def assert_logged(self, page, route, user):
        entry = refusal_entries(page, route).get()
        assert entry.user == user

    def test_admin_api_publish(self, client, blog, post):
        _home, moderator = blog
        outsider = get_user_model().objects.create_user("outsider", "outsider@example.com", "password")
        outsider.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        client.force_login(outsider)  # no publish permission: Wagtail's own refusal, not the gate's
        assert client.post(f"/admin/api/main/pages/{post.pk}/action/publish/").status_code in (403, 404)
        assert not PageLogEntry.objects.filter(page_id=post.pk, action="wagtail_disclosure.gate_refused").exists()
        client.force_login(moderator)
        response = client.post(f"/admin/api/main/pages/{post.pk}/action/publish/")
        assert response.status_code == 403 and "保密审查" in response.json()["detail"]
        assert not HostBlogPage.objects.get(pk=post.pk).live
        self.assert_logged(post, "admin_api_publish", moderator)

    def test_admin_api_copy_keeping_it_live(self, client, blog, live_post):
        _home, moderator = blog
        client.force_login(moderator)
        response = client.post(f"/admin/api/main/pages/{live_post.pk}/action/copy/", {"slug": "spring-copy"})
        assert response.status_code == 201, response.content
        copy = HostBlogPage.objects.get(slug="spring-copy")
        assert not copy.live
        self.assert_logged(copy, "admin_api_copy", moderator)
        # Revert only saves a draft, unpublish takes the page offline: nothing unreviewed goes live.
        first = live_post.revisions.order_by("pk").first()
        response = client.post(f"/admin/api/main/pages/{live_post.pk}/action/revert_to_page_revision/", {"revision_id": first.pk})
        assert response.status_code == 200
        assert HostBlogPage.objects.get(pk=live_post.pk).title == "Spring opening hours"  # the live, reviewed content
        assert client.post(f"/admin/api/main/pages/{live_post.pk}/action/unpublish/").status_code == 200
        assert not HostBlogPage.objects.get(pk=live_post.pk).live
        assert not PageLogEntry.objects.filter(page_id=live_post.pk, action="wagtail_disclosure.gate_refused").exists()

    def test_api_v3_publish(self, v3, blog, post):
        _home, moderator = blog
        response = self.v3_post(v3, "pages_actions_publish", post.pk)
        assert response.status_code == 403 and "保密审查" in response.json()["detail"]
        self.assert_logged(post, "api_v3_publish", moderator)

    def test_api_v3_edit_and_publish(self, v3, blog, post):
        _home, moderator = blog
        data = {"meta": {"type": "disclosure_testapp.HostBlogPage", "action": "publish"}, "title": "Summer opening hours"}
        response = self.v3_post(v3, "update_page", post.pk, data, method="patch")
        assert response.status_code == 403 and "保密审查" in response.json()["detail"], response.content
        assert not HostBlogPage.objects.get(pk=post.pk).live
        self.assert_logged(post, "api_v3_edit", moderator)

    def test_api_v3_create_and_publish(self, v3, blog):
        home, moderator = blog
        data = {"meta": {"type": "disclosure_testapp.HostBlogPage", "parent_id": home.pk, "action": "publish"}, "title": "Autumn opening hours", "slug": "autumn"}
        response = self.v3_post(v3, "create_page", data=data)
        assert response.status_code == 403 and "保密审查" in response.json()["detail"], response.content
        assert not Page.objects.filter(slug="autumn").exists()  # the creation is rolled back: the refusal is on the parent
        entry = refusal_entries(home, "api_v3_create").get()
        assert entry.user == moderator and entry.label == "Autumn opening hours"
        assert entry.data["page_type"] == "disclosure_testapp.HostBlogPage"

    def test_api_v3_copy_keeping_it_live(self, v3, blog, live_post):
        _home, moderator = blog
        response = self.v3_post(v3, "pages_actions_copy", live_post.pk, {"slug": "spring-copy"})
        assert response.status_code == 201, response.content
        copy = HostBlogPage.objects.get(slug="spring-copy")
        assert not copy.live
        self.assert_logged(copy, "api_v3_copy", moderator)
        first = live_post.revisions.order_by("pk").first()
        assert self.v3_post(v3, "pages_actions_revert", live_post.pk, {"revision_id": first.pk}).status_code == 200
        assert HostBlogPage.objects.get(pk=live_post.pk).title == "Spring opening hours"
        assert self.v3_post(v3, "pages_actions_unpublish", live_post.pk).status_code == 200
        assert not HostBlogPage.objects.get(pk=live_post.pk).live
        assert not PageLogEntry.objects.filter(page_id=live_post.pk, action="wagtail_disclosure.gate_refused").exists()

    def test_the_editors_copy_keeping_it_live(self, client, blog, live_post):
        home, moderator = blog
        client.force_login(moderator)
        data = {"new_title": "Spring opening hours (copy)", "new_slug": "spring-copy", "new_parent_page": home.pk, "publish_copies": "on"}
        client.post(reverse("wagtailadmin_pages:copy", args=(live_post.pk,)), data)
        copy = HostBlogPage.objects.get(slug="spring-copy")
        assert not copy.live
        self.assert_logged(copy, "admin_copy", moderator)
