"""Issue 12, daily use: short addresses, absolute dates, the topic tree, 是/否, the ledger, roles, public polish."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission

from wagtail_disclosure.models import CatalogueEntryPage, ReviewRecord, Topic
from wagtail_disclosure.rules import slugs

from .test_admin import add_url, entry_form_data
from .utils import make_entry, make_review_workflow, make_user

TITLE = "某县人民政府办公室关于进一步做好2024年义务教育阶段学校招生入学工作的通知"


class TestSlugRules:
    @pytest.mark.parametrize(
        "slug, expected",
        [
            ("", True),
            ("某县人民政府办公室关于进一步做好2024年义务教育阶段学校招生入学工作的通知", True),
            ("某县人民政府办公室关于进一步做好2024年义务教育阶段学校招生入学工作的通知-2", True),
            ("某县人民政府办公室关于进一步做好", True),  # cut short (the importer's slugs)
            ("yiwu-jiaoyu-zhaosheng", False),
            ("招生通知", False),
        ],
    )
    def test_is_title_slug(self, slug, expected):
        assert slugs.is_title_slug(slug, TITLE) is expected

    def test_schemes(self):
        day = datetime.date(2024, 3, 1)
        assert slugs.scheme_slug("date_serial", index_number="000014349/2024-00007", written_date=day) == "t20240301_00007"
        assert slugs.scheme_slug("index_number", index_number="11339999002010018M/2024-00007", written_date=day) == "11339999002010018m-2024-00007"
        assert slugs.scheme_slug("title", index_number="000014349/2024-00007", written_date=day) is None
        assert slugs.scheme_slug("date_serial", index_number="", written_date=day) is None
        assert slugs.unique_slug("t1", lambda slug: slug not in {"t1", "t1_2"}) == "t1_3"


def scheme_by_title_length(page):
    return f"n{len(page.title)}"


@pytest.mark.django_db
class TestShortAddresses:
    def test_new_entry_from_the_editor_gets_a_short_address(self, admin_client, catalogue, organisation, classifications):
        topic, genre, _audience = classifications
        response = admin_client.post(add_url(catalogue), entry_form_data(organisation, topic, genre, title=TITLE, slug=TITLE))
        assert response.status_code == 302
        entry = CatalogueEntryPage.objects.get(title=TITLE)
        assert entry.slug == "t20240301_00001"
        assert entry.url_path.endswith("/t20240301_00001/")
        assert entry.get_latest_revision().content["slug"] == "t20240301_00001"  # publishing the revision keeps it

    def test_two_entries_of_the_same_day_and_serial_stay_apart(self, catalogue, organisation, classifications):
        first = make_entry(catalogue, title=TITLE, slug="", publish=False)
        second = make_entry(catalogue, title=TITLE + "（二）", slug="", publish=False)
        assert first.slug == "t20240301_00001"
        assert second.slug == "t20240301_00002"
        third = CatalogueEntryPage(title="x", slug="", organisation=organisation, topic=second.topic, genre=second.genre, written_date=datetime.date(2024, 3, 1), live=False)
        third.index_number = "000014350/2024-00001"  # another organisation's number: the same date and serial
        catalogue.add_child(instance=third)
        assert third.slug == "t20240301_00001_2"

    def test_a_chosen_address_is_kept_and_existing_addresses_never_change(self, catalogue):
        entry = make_entry(catalogue, title=TITLE, slug="zhaosheng-2024")
        assert entry.slug == "zhaosheng-2024"
        CatalogueEntryPage.objects.filter(pk=entry.pk).update(slug=TITLE)  # an address from before this change
        entry = CatalogueEntryPage.objects.get(pk=entry.pk)
        entry.save_revision().publish()
        assert CatalogueEntryPage.objects.get(pk=entry.pk).slug == TITLE

    @override_settings(WAGTAIL_DISCLOSURE_SLUG_SCHEME="index_number")
    def test_index_number_scheme(self, catalogue):
        assert make_entry(catalogue, title=TITLE, slug="", publish=False).slug == "000014349-2024-00001"

    @override_settings(WAGTAIL_DISCLOSURE_SLUG_SCHEME="title")
    def test_title_scheme_is_wagtails(self, catalogue):
        assert make_entry(catalogue, title=TITLE, slug=TITLE, publish=False).slug == TITLE

    @override_settings(WAGTAIL_DISCLOSURE_SLUG_SCHEME="tests.test_daily_use.scheme_by_title_length")
    def test_a_function_as_scheme(self, catalogue):
        assert make_entry(catalogue, title=TITLE, slug="", publish=False).slug == f"n{len(TITLE)}"


@pytest.mark.django_db
class TestListingsForPeopleWhoWorkWithDates:
    def test_entries_listing_dates_are_absolute_and_newest_first(self, admin_client, catalogue):
        make_entry(catalogue, title="旧的通知", written_date=datetime.date(2019, 5, 6), publish_date=datetime.date(2019, 5, 8))
        make_entry(catalogue, title="新的通知", written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 3, 4))
        make_entry(catalogue, title="草稿通知", publish=False)
        html = admin_client.get(reverse("disclosure_entries:index")).content.decode()
        assert "2019-05-06" in html and "2024-03-04" in html
        assert "之前" not in html and " ago" not in html
        assert html.index("新的通知") < html.index("旧的通知") < html.index("草稿通知")
        ascending = admin_client.get(reverse("disclosure_entries:index"), {"ordering": "publish_date"}).content.decode()
        assert ascending.index("草稿通知") < ascending.index("旧的通知") < ascending.index("新的通知")

    def test_timeliness_report_shows_the_deadline_against_the_date(self, admin_client, catalogue):
        entry = make_entry(catalogue, title="逾期未公开的通知", written_date=datetime.date(2024, 3, 1), publish=False)
        html = admin_client.get(reverse("wagtail_disclosure:timeliness")).content.decode()
        assert "2024-03-01" in html
        assert entry.publication_deadline.isoformat() in html
        assert admin_client.get(reverse("wagtail_disclosure:timeliness"), {"ordering": "-written_date"}).status_code == 200

    def test_yes_no_instead_of_true_false(self, admin_client, organisation):
        for name in ("disclosure_organisations:index", "disclosure_calendar_days:index", "disclosure_calendar_years:index"):
            html = admin_client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
            assert ">True<" not in html and "True" not in html.split("</thead>", 1)[-1], name
            assert "是" in html or "否" in html, name

    def test_holiday_years_menu_and_page_share_one_name(self, admin_client):
        html = admin_client.get(reverse("disclosure_calendar_years:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "日历年度" not in html


@pytest.mark.django_db
class TestTopicTree:
    def tree(self):
        economy = Topic.objects.create(name="经济", sort_order=2)
        general = Topic.objects.create(name="综合政务", sort_order=1)
        Topic.objects.create(name="统计", parent=economy, sort_order=2)
        Topic.objects.create(name="物价", parent=economy, sort_order=1)
        Topic.objects.create(name="政务公开", parent=general, sort_order=1)
        return ["综合政务", "\u3000政务公开", "经济", "\u3000物价", "\u3000统计"]

    def labels(self, html, name):
        import re

        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        return [label for value, label in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select)]

    def test_editor_select_is_an_indented_tree(self, admin_client, catalogue, organisation):
        expected = self.tree()
        html = admin_client.get(add_url(catalogue)).content.decode()
        assert self.labels(html, "topic") == expected

    def test_listing_filter_and_topic_form_are_trees(self, admin_client):
        expected = self.tree()
        assert self.labels(admin_client.get(reverse("disclosure_entries:index")).content.decode(), "topic") == expected
        assert self.labels(admin_client.get(reverse("disclosure_topics:add")).content.decode(), "parent") == expected


def sidebar_urls(client):
    import json
    import re

    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    return set(re.findall(r'"url": "([^"]+)"', json.dumps(json.loads(props))))


@pytest.mark.django_db
class TestRoles:
    @pytest.fixture
    def reviewer(self, catalogue):
        built = make_review_workflow(catalogue, levels=("初审",), reviewers=[("shenchayuan", "password", "审查员")], last_level_publishes=False)
        return built.reviewers[0]

    def test_reviewers_see_no_menu_item_that_refuses_them(self, client, reviewer):
        client.force_login(reviewer)
        urls = sidebar_urls(client)
        assert reverse("disclosure_ledger:index") in urls
        for name in ("disclosure_entries:index", "wagtail_disclosure:timeliness"):
            assert reverse(name) not in urls, name
        for url in urls:
            if url.startswith("/admin/"):
                assert client.get(url).status_code == 200, url

    def test_editors_keep_the_entries_listing(self, client, catalogue):
        group = Group.objects.create(name="信息员")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(group=group, page=catalogue, permission=Permission.objects.get(codename="change_page"))
        client.force_login(make_user("xinxiyuan", "password", group))
        urls = sidebar_urls(client)
        assert reverse("disclosure_entries:index") in urls and reverse("wagtail_disclosure:timeliness") in urls

    def test_ledger_titles_open_the_record_for_reviewers_and_the_editor_for_editors(self, admin_client, catalogue, reviewer):
        entry = make_entry(catalogue, title="已审查的通知")  # approved by a 历史数据迁移 record
        record = ReviewRecord.objects.filter(page_pk=entry.pk).get()
        client = Client()
        client.force_login(reviewer)
        html = client.get(reverse("disclosure_ledger:index")).content.decode()
        assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) not in html
        assert reverse("disclosure_ledger:inspect", args=(record.pk,)) in html
        assert "disclosure-ledger" in html  # one line per record (review.css)
        record_view = client.get(reverse("disclosure_ledger:inspect", args=(record.pk,))).content.decode()
        assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) not in record_view
        admin_html = admin_client.get(reverse("disclosure_ledger:index")).content.decode()
        assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) in admin_html
        assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) in admin_client.get(reverse("disclosure_ledger:inspect", args=(record.pk,))).content.decode()


@pytest.mark.django_db
class TestDashboardPanel:
    def panel(self, client):
        import re

        html = client.get(reverse("wagtailadmin_home")).content.decode()
        match = re.search(r'id="disclosure-work.*?</section>', html, re.S)
        return match.group(0) if match else ""

    def test_reviewer_sees_what_waits_for_their_level(self, catalogue):
        built = make_review_workflow(catalogue, levels=("初审",), reviewers=[("shenchayuan", "password", "审查员")], last_level_publishes=False)
        entry = make_entry(catalogue, title="等待审查的通知", publish=False)
        entry.save_revision()
        built.workflow.start(entry, None)
        client = Client()
        client.force_login(built.reviewers[0])
        panel = self.panel(client)
        assert "等待审查的通知" in panel and "保密审查（初审）" in panel
        assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) in panel

    def test_editor_sees_drafts_returned_and_overdue(self, catalogue):
        group = Group.objects.create(name="信息员")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(group=group, page=catalogue, permission=Permission.objects.get(codename="change_page"))
        editor = make_user("xinxiyuan", "password", group)
        draft = make_entry(catalogue, title="我写的草稿", publish=False, owner=editor, written_date=datetime.date.today())
        overdue = make_entry(catalogue, title="逾期的通知", publish=False, written_date=datetime.date(2020, 1, 6))
        built = make_review_workflow(catalogue, levels=("初审",), reviewers=[("shenchayuan", "password", "审查员")], last_level_publishes=False)
        returned = make_entry(catalogue, title="退回的通知", publish=False, owner=editor, written_date=datetime.date.today())
        returned.save_revision(user=editor)
        state = built.workflow.start(returned, editor)
        state.current_task_state.specific.reject(user=built.reviewers[0])
        client = Client()
        client.force_login(editor)
        panel = self.panel(client)
        assert "我写的草稿" in panel and "退回的通知" in panel and "逾期的通知" in panel
        assert overdue.publication_deadline.isoformat() in panel
        assert panel.index(draft.title) < panel.index("退回的通知") < panel.index("逾期的通知")
        assert panel.count("退回的通知") == 1  # returned, not also among the drafts

    def test_admin_sees_overdue_and_pending_post_review(self, admin_client, catalogue):
        make_entry(catalogue, title="逾期的通知", publish=False, written_date=datetime.date(2020, 1, 6))
        panel = self.panel(admin_client)
        assert "逾期的通知" in panel and "已发布待补审" in panel
        assert reverse("wagtail_disclosure:pending_review") in panel or "没有等待补审的页面。" in panel

    def test_no_panel_for_users_without_a_role(self, client, django_user_model):
        user = django_user_model.objects.create_user("visitor", password="password")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert self.panel(client) == ""


@pytest.mark.django_db
class TestPublicPolish:
    @pytest.fixture
    def two_years(self, catalogue):
        economy = Topic.objects.create(name="国民经济管理")
        prices = Topic.objects.create(name="物价", parent=economy)
        for number in range(45):
            make_entry(catalogue, title=f"二〇二四年第{number}号通知", written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 3, 4), topic=prices)
        make_entry(catalogue, title="二〇二三年的通知", written_date=datetime.date(2023, 3, 1), publish_date=datetime.date(2023, 3, 4), topic=prices)
        return catalogue

    def test_numbered_pagination_with_a_jump_keeping_the_filters(self, client, two_years):
        html = client.get(two_years.url, {"year": "2024", "page": "2"}).content.decode()
        nav = html[html.index('class="wd-pagination"'):]
        nav = nav[: nav.index("</nav>")]
        assert '<span aria-current="page">2</span>' in nav
        assert 'href="?page=1&amp;year=2024"' in nav and 'href="?page=3&amp;year=2024"' in nav
        assert '<input type="hidden" name="year" value="2024">' in nav and 'name="page"' in nav and 'max="3"' in nav
        assert client.get(two_years.url, {"year": "2024", "page": "3"}).context["entries_page"].number == 3

    def test_feed_links_keep_the_filters_and_the_feeds_apply_them(self, client, two_years):
        html = client.get(two_years.url, {"year": "2023", "page": "1"}).content.decode()
        for route in ("feed", "atom", "json"):
            assert f'href="{two_years.url}{route}/?year=2023"' in html
        rss = client.get(two_years.url + "feed/", {"year": "2023"}).content.decode()
        assert "二〇二三年的通知" in rss and "二〇二四年" not in rss
        atom = client.get(two_years.url + "atom/", {"year": "2024"}).content.decode()
        assert "二〇二三年的通知" not in atom and "二〇二四年第0号通知" in atom

    def test_json_writes_topics_as_the_page_does(self, client, two_years):
        data = client.get(two_years.url + "json/", {"year": "2023"}).json()
        assert data["results"][0]["topic"] == "国民经济管理\\物价"
        entry = CatalogueEntryPage.objects.get(title="二〇二三年的通知")
        assert "国民经济管理\\物价" in client.get(entry.url).content.decode()


def test_the_demo_runs_production_like_with_its_chinese_404():
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    code = "import example_site.settings as s; print(s.DEBUG)"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip() == "False"



@pytest.fixture
def zh_catalogue():
    """The zh_Hans catalogue, with the entries this change adds (/work/i18n fragment; merged into the .po later)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("zh-hans")._catalog
    added = {
        ("%(count)s classification created.", 0): "新增 %(count)s 个分类。",
        ("%(count)s classification created.", 1): "新增 %(count)s 个分类。",
        ("The %(checked)s live gated page shows approved content.", 0): "已发布的 %(checked)s 个受审查页面均为已审查通过的内容。",
        ("The %(checked)s live gated page shows approved content.", 1): "已发布的 %(checked)s 个受审查页面均为已审查通过的内容。",
    }
    saved = {key: catalog.get(key) for key in added}
    for key, value in added.items():
        catalog[key] = value
    yield
    for key, value in saved.items():
        if value is None:
            for part in catalog._catalogs:
                part.pop(key, None)
        else:
            catalog[key] = value


@pytest.mark.django_db
def test_management_commands_speak_the_active_language(zh_catalogue, catalogue):
    import io

    from django.core.management import call_command
    from django.utils import translation

    with translation.override("zh-hans"):
        output = io.StringIO()
        call_command("disclosure_load_defaults", stdout=output)
        assert "个分类" in output.getvalue()
        output = io.StringIO()
        call_command("disclosure_audit_live_content", stdout=output)
        assert "均为已审查通过的内容" in output.getvalue()


@pytest.mark.django_db
def test_wagtails_own_yes_no_icons_say_yes_and_no(admin_client):
    html = admin_client.get(reverse("wagtailusers_users:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    import re

    # The icon's text (read out by screen readers, shown by the text dump of the page) was "True".
    assert not re.search(r'w-sr-only">\s*(True|False)\s*<', html)
    assert re.search(r'w-sr-only">\s*是\s*<', html) or re.search(r'w-sr-only">\s*Yes\s*<', html)
