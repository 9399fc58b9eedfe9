"""The demo government site built by ``load_demo_site``: content, pages, users and filters.

The command runs once for the module inside a transaction that is rolled back at the end, so the
demo data never leaks into other test modules; each test runs in its own savepoint on top of it.
"""

import collections
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, Revision, Site, Task, Workflow
from wagtail.users.models import UserProfile

from example_site.home.management.commands.load_demo_site import USERS
from example_site.home.models import HomePage, SectionPage
from wagtail_disclosure.gate import required_review_tasks
from wagtail_disclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    ConfidentialityReviewTask,
    DisclosureAttribute,
    Genre,
    GuidePage,
    IssuedIndexNumber,
    Organisation,
    PolicyInterpretationPage,
    ReviewRecord,
    Topic,
    Validity,
    verify_ledger,
)
from wagtail_disclosure.rules.confidentiality import RecordKind
from wagtail_disclosure.models.annual_report_overview import consolidation
from wagtail_disclosure.rules.org_codes import validate_organisation_code


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            output = io.StringIO()
            call_command("load_demo_site", stdout=output)
            yield output.getvalue()
            transaction.set_rollback(True)


@pytest.fixture
def catalogue(demo, db):
    return CatalogueIndexPage.objects.get(slug="gkml")


def entries():
    return CatalogueEntryPage.objects.all()


def count(client, catalogue, **params):
    response = client.get(catalogue.url, params)
    assert response.status_code == 200
    return response.context["entries_page"].paginator.count, response


class TestContent:
    def test_at_least_200_entries_across_years_organisations_topics_and_genres(self, catalogue):
        assert entries().count() >= 200
        assert catalogue.public_entries().count() >= 200
        years = {entry.written_date.year for entry in entries()}
        assert set(range(2019, 2027)) <= years
        assert entries().values("organisation").distinct().count() >= 12
        assert entries().values("topic").distinct().count() >= 15
        assert entries().values("genre").distinct().count() >= 8

    def test_organisations_have_valid_unified_social_credit_codes(self, demo, db):
        organisations = list(Organisation.objects.all())
        assert len(organisations) >= 12
        for organisation in organisations:
            assert len(organisation.code) == 18
            validate_organisation_code(organisation.code)  # raises on a wrong check character
        names = {organisation.name for organisation in organisations}
        assert {"某县人民政府办公室", "某县教育局", "某县财政局", "某县生态环境局"} <= names

    def test_document_numbers_are_unique_per_organisation_and_year(self, demo, db):
        numbered = entries().exclude(document_number="")
        assert numbered.count() >= 80
        seen = collections.Counter((e.organisation_id, e.written_date.year, e.document_number) for e in numbered)
        assert max(seen.values()) == 1
        for entry in numbered:
            assert f"〔{entry.written_date.year}〕" in entry.document_number and entry.document_number.endswith("号")

    def test_most_entries_are_published_on_time_and_a_few_late(self, catalogue):
        public = list(catalogue.public_entries())
        late = [entry for entry in public if entry.publish_date > entry.publication_deadline]
        assert 1 <= len(late) <= len(public) // 10
        assert all(entry.publish_date >= entry.written_date for entry in public)
        assert all(entry.publish_date <= datetime.date(2026, 11, 20) for entry in public)

    def test_expired_and_repealed_entries_link_to_their_replacement(self, catalogue, client):
        replaced = entries().exclude(validity=Validity.VALID)
        assert replaced.filter(validity=Validity.REPEALED).count() >= 3
        assert replaced.filter(validity=Validity.EXPIRED).count() >= 2
        linked = replaced.exclude(superseded_by=None)
        assert linked.count() >= 5
        for entry in linked:
            assert entry.validity_changed_on
            successor = entry.superseded_by.specific
            assert successor.live and successor.validity == Validity.VALID
            html = client.get(entry.url).content.decode()
            assert f'href="{successor.url}"' in html

    def test_entries_not_proactively_disclosed_have_reasons_and_are_not_public(self, catalogue, client):
        hidden = entries().exclude(disclosure_attribute=DisclosureAttribute.PUBLIC)
        assert hidden.filter(disclosure_attribute=DisclosureAttribute.ON_REQUEST).exists()
        assert hidden.filter(disclosure_attribute=DisclosureAttribute.WITHHELD).exists()
        for entry in hidden:
            assert entry.non_disclosure_reason.strip()
            assert not entry.live
            assert client.get(entry.url).status_code == 404
            listed, _response = count(client, catalogue, q=entry.title)
            assert listed == 0

    def test_entries_have_summaries_bodies_and_policy_interpretations(self, catalogue):
        interpretations = set(PolicyInterpretationPage.objects.values_list("pk", flat=True))
        for entry in catalogue.public_entries():
            if entry.pk in interpretations:
                continue  # a 政策解读 page's text is in its content blocks (below)
            assert entry.summary and entry.body.count("<p>") >= 2, entry.title
        assert catalogue.public_entries().filter(genre__name="政策解读", title__endswith="政策解读").count() >= 5

    def test_policy_interpretations_link_both_ways(self, catalogue, client):
        pages = list(PolicyInterpretationPage.objects.live())
        assert len(pages) >= 3
        for page in pages:
            assert len(page.content) >= 2 and page.policies()
            policy = page.policies()[0]
            assert policy.genre.name == "行政规范性文件"
            assert page.title in client.get(policy.url).content.decode()

    def test_the_column_has_its_sub_columns_in_order_and_the_office_in_its_footer(self, catalogue, client):
        column = catalogue.get_parent()
        titles = [page.title for page in column.get_children().live().in_menu().order_by("path")]
        assert titles == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开目录", "政府信息公开年报", "依申请公开"]
        guide = GuidePage.objects.live().get()
        assert guide.publication_blockers() == []
        html = client.get(guide.url).content.decode()
        start = html.index('class="gov-subnav"')
        nav = html[start : html.index("</nav>", start)]
        assert [nav.index(title) for title in titles] == sorted(nav.index(title) for title in titles)
        request_page = column.get_children().get(slug="ysqgk")
        assert "某县人民政府办公室（县政务公开办）" in client.get(request_page.url).content.decode()


class TestPages:
    def test_the_home_page_is_the_default_site_root(self, demo, db, client):
        site = Site.objects.get(is_default_site=True)
        assert isinstance(site.root_page.specific, HomePage)
        assert site.site_name == "某县人民政府"
        # Wagtail's "Welcome to your new Wagtail site!" page is gone.
        assert not Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").exists()
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "某县人民政府" in html and "最新公开" in html and "政府信息公开" in html

    def test_the_disclosure_column_holds_the_catalogue_and_its_sub_columns(self, catalogue, client):
        column = catalogue.get_parent().specific
        assert isinstance(column, SectionPage) and column.title == "政府信息公开"
        titles = list(column.get_children().live().values_list("title", flat=True))
        assert {"政府信息公开制度", "法定主动公开内容", "政府信息公开目录", "依申请公开"} <= set(titles)
        html = client.get(column.url).content.decode()
        for title in ("政府信息公开制度", "法定主动公开内容", "政府信息公开目录", "依申请公开"):
            assert title in html
        for child in column.get_children().live():
            assert client.get(child.url).status_code == 200

    def test_catalogue_lists_20_entries_per_page_with_the_government_frame(self, catalogue, client):
        total, response = count(client, catalogue)
        assert total == catalogue.public_entries().count()
        assert len(response.context["entries_page"].object_list) == 20
        html = response.content.decode()
        assert html.count('<td class="wd-col-index">') == 20
        assert "网站标识码" in html and "政府网站找错" in html  # the host site's footer
        assert 'class="gov-subnav"' in html  # the column's left-hand navigation
        assert html.count("<h1") == 1 and 'href="#main"' in html
        _total, second = count(client, catalogue, page=2)
        assert len(second.context["entries_page"].object_list) == 20

    def test_catalogue_is_in_chinese_whatever_the_browser_asks(self, catalogue, client):
        html = client.get(catalogue.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="zh-Hans">' in html
        assert "索引号" in html and "Index number" not in html

    def test_an_entry_page_renders_its_metadata(self, catalogue, client):
        entry = catalogue.public_entries().exclude(document_number="").first()
        response = client.get(entry.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert entry.title in html and entry.document_number in html and entry.organisation.name in html
        assert entry.index_number in html


class TestIdempotence:
    def test_running_the_command_again_duplicates_nothing(self, demo, db):
        models = [CatalogueEntryPage, HomePage, SectionPage, CatalogueIndexPage, Organisation, Topic, Genre, Site, IssuedIndexNumber, Revision, get_user_model(), ReviewRecord]
        before = {model: model.objects.count() for model in models}
        numbers = dict(entries().values_list("slug", "index_number"))
        output = io.StringIO()
        call_command("load_demo_site", stdout=output)
        assert {model: model.objects.count() for model in models} == before
        assert dict(entries().values_list("slug", "index_number")) == numbers
        assert "新建目录条目 0 条" in output.getvalue()


class TestUsers:
    @pytest.mark.parametrize("username, password, name, superuser, group", USERS)
    def test_demo_users_log_in_to_a_chinese_admin(self, demo, db, client, username, password, name, superuser, group):
        user = get_user_model().objects.get(username=username)
        assert user.is_superuser == superuser
        if group:
            assert user.groups.filter(name=group).exists()
        assert UserProfile.get_for_user(user).preferred_language == "zh-hans"
        assert client.login(username=username, password=password)
        response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        html = response.content.decode()
        assert "控制面板" in html or "仪表板" in html
        assert 'lang="zh-hans"' in html.lower() or 'lang="zh-hans' in html.lower()

    def test_the_disclosure_column_has_a_two_level_review_workflow(self, demo, db):
        column = SectionPage.objects.get(slug="xxgk")
        workflow = column.get_workflow()
        levels = required_review_tasks(CatalogueIndexPage.objects.get(slug="gkml"))
        assert workflow is not None and [task.level_name for task in levels] == ["初审", "复审"]
        first, second = (set(task.groups.values_list("user__username", flat=True)) for task in levels)
        assert first == {"reviewer1"} and second == {"reviewer2"}

    def test_only_the_plugins_workflow_and_groups_all_named_in_chinese(self, demo, db):
        assert list(Workflow.objects.values_list("name", flat=True)) == ["政府信息公开保密审查（初审、复审）"]
        assert not Task.objects.exclude(pk__in=ConfidentialityReviewTask.objects.values("pk")).exists()
        names = set(Group.objects.values_list("name", flat=True))
        assert names == {"信息公开编辑人员", "保密审查初审人员", "保密审查复审人员", "依申请公开办理人员", "依申请公开办理人员（县自然资源局）"}
        editor = get_user_model().objects.get(username="editor")
        column = SectionPage.objects.get(slug="xxgk")
        assert column.permissions_for_user(editor).can_add_subpage()  # Wagtail's "Editors" permissions, kept

    def test_published_demo_content_passed_the_gate_as_a_legacy_migration(self, catalogue):
        public = catalogue.public_entries().first()
        record = ReviewRecord.objects.filter(page_pk=public.pk).get()
        assert record.kind == RecordKind.LEGACY_MIGRATION and record.source == "load_demo_site"
        assert verify_ledger() == []

    def test_the_command_prints_the_passwords(self, demo, db):
        for username, password, *_rest in USERS:
            assert f"{username} / {password}" in demo


class TestFilters:
    def test_each_filter_narrows_the_results(self, catalogue, client):
        total, _response = count(client, catalogue)
        environment = Topic.objects.get(parent__isnull=True, name="城乡建设、环境保护")
        notice = Genre.objects.get(name="公告")
        education = Organisation.objects.get(name="某县教育局")
        cases = [
            ({"topic": environment.pk}, lambda e: e.topic.parent_id == environment.pk or e.topic_id == environment.pk),
            ({"genre": notice.pk}, lambda e: e.genre_id == notice.pk),
            ({"org": education.pk}, lambda e: e.organisation_id == education.pk),
            ({"year": 2024}, lambda e: e.publish_date.year == 2024),
            ({"validity": "repealed"}, lambda e: e.validity == Validity.REPEALED),
            ({"q": "空气质量"}, lambda e: "空气质量" in e.title),
        ]
        for params, matches in cases:
            narrowed, response = count(client, catalogue, **params)
            assert 0 < narrowed < total, params
            shown = response.context["entries_page"].object_list
            assert all(matches(entry) for entry in shown), params

    def test_filters_combine(self, catalogue, client):
        education = Organisation.objects.get(name="某县教育局")
        by_org, _response = count(client, catalogue, org=education.pk)
        both, response = count(client, catalogue, org=education.pk, year=2024)
        assert 0 < both < by_org
        expected = catalogue.public_entries().filter(organisation=education, publish_date__year=2024).count()
        assert both == expected


class TestAnnualReports:
    def test_departments_and_a_consolidated_government_report_live_and_adding_up(self, demo, db, client):
        index = AnnualReportIndexPage.objects.get(slug="ndbg")
        reports = AnnualReportPage.objects.child_of(index).live().select_related("organisation")
        assert {(report.organisation.name, report.year) for report in reports} == {
            (name, year) for name in ("某县人民政府", "某县教育局", "某县财政局", "某县人力资源和社会保障局") for year in (2023, 2024)
        }
        for report in reports:
            assert report.publication_blockers() == []
            # Every warning is acknowledged (the government's 表二 is the departments' sum, not its own catalogue's).
            assert [(finding.rule, note) for finding, note in report.warning_findings() if not note] == []
        government = Organisation.objects.get(name="某县人民政府")
        result = consolidation(government, 2024)
        assert len(result.included) == 3 and result.findings == []  # 汇总: no X-SUM
        assert AnnualReportPage.objects.child_of(index).filter(live=False, year=2025).count() == 1
        html = client.get(index.url).content.decode()
        assert "某县教育局2024年政府信息公开工作年度报告" in html


def test_demo_requests_column_cases_and_handler(demo, db, client):
    from wagtail_disclosure.models import InformationRequest, RequestApplicationPage
    from wagtail_disclosure.services.requests import table_three_for

    page = RequestApplicationPage.objects.live().get()
    assert page.get_parent().slug == "ysqgk"
    assert client.get(page.url).status_code == 200
    cases = InformationRequest.objects.all()
    assert cases.count() == 40 + 6  # 县政府办 and 县自然资源局 (handler2: scoping)
    assert cases.filter(organisation=page.organisation).count() == 40
    statuses = set(cases.values_list("status", flat=True))
    assert {"answered", "archived", "awaiting_correction"} <= statuses
    assert len({case.received_on.year for case in cases}) >= 2
    handler = get_user_model().objects.get(username="handler")
    assert handler.has_perm("wagtail_disclosure.change_informationrequest") and handler.has_perm("wagtail_disclosure.approve_extension")
    client.force_login(handler)
    assert client.get("/admin/disclosure_requests/").status_code == 200
    # Two organisations, two handlers: each sees only their own organisation's cases.
    second = get_user_model().objects.get(username="handler2")
    assert [c.organisation.short_name for c in InformationRequest.objects.visible_to(second)] == ["县自然资源局"] * 6
    assert not InformationRequest.objects.visible_to(handler).exclude(organisation=page.organisation).exists()
    other = InformationRequest.objects.visible_to(second).first()
    assert client.get(f"/admin/disclosure_requests/inspect/{other.pk}/").status_code == 404
    table = table_three_for(page.organisation, 2025)
    assert table["new_received"][-1] + table["carried_over_from_last_year"][-1] == table["results"]["total"][-1] + table["carried_forward_to_next_year"][-1]
