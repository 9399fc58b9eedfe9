"""Build the demo government site 某县人民政府 with its 政府信息公开 column, departments, users and entries.

Idempotent: pages are found by slug, organisations by code, users by name; running the command
again creates only what is missing (and resets the demo users' passwords and groups).
"""

import contextlib
import datetime
import re
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowPage, WorkflowTask
from wagtail.users.models import UserProfile

from example_site.home import demo_data, demo_requests
from example_site.home.models import HomePage, SectionPage
from wagtail_disclosure.gate import is_gated_model
from wagtail_disclosure.models import (
    AnnualReportIndexPage,
    DisclosureOffice,
    DisclosureRulesPage,
    ProactiveCategoryLink,
    ProactiveDisclosurePage,
    RequestColumnPage,
    GuidePage,
    InterpretationIndexPage,
    PolicyInterpretationPage,
    PolicyLink,
    AnnualReportPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    ConfidentialityReviewTask,
    Genre,
    Organisation,
    ServiceAudience,
    Topic,
    get_working_day_calendar,
)
from wagtail_disclosure.models.annual_report_overview import consolidation
from wagtail_disclosure.rules.annual_report import OrganisationLevel, Report, fill_totals, tables_document
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record

SITE_NAME = "某县人民政府"
HOME_SLUG = "mouxian"
COLUMN_SLUG = "xxgk"
CATALOGUE_SLUG = "gkml"

FIRST_REVIEW_GROUP = "保密审查初审人员"
SECOND_REVIEW_GROUP = "保密审查复审人员"
WORKFLOW_NAME = "政府信息公开保密审查（初审、复审）"
REQUEST_HANDLER_GROUP = "依申请公开办理人员"
SECOND_HANDLER_GROUP = "依申请公开办理人员（县自然资源局）"
EDITOR_GROUP = "信息公开编辑人员"
# What Wagtail's first migrations create, replaced in the demo by the groups and workflow above.
WAGTAIL_EDITORS_GROUP = "Editors"
WAGTAIL_MODERATORS_GROUP = "Moderators"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

# (username, password, full name, superuser, group)
USERS = [
    ("admin", "admin123", "系统管理员", True, None),
    ("editor", "editor123", "张敏", False, EDITOR_GROUP),
    ("reviewer1", "reviewer123", "李华", False, FIRST_REVIEW_GROUP),
    ("reviewer2", "reviewer123", "王芳", False, SECOND_REVIEW_GROUP),
    ("handler", "handler123", "刘洋", False, REQUEST_HANDLER_GROUP),
    ("handler2", "handler123", "陈静", False, SECOND_HANDLER_GROUP),
]

HOME_INTRO = (
    "<p>某县位于某省中部，辖8个镇、4个乡，总面积1860平方公里，常住人口约38万人。"
    "本网站为演示站点，所有机构、文件和数据均为虚构。</p>"
)

COLUMN_INTRO = (
    "<p>根据《中华人民共和国政府信息公开条例》，某县人民政府在门户网站设立政府信息公开专栏，"
    "集中发布政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开目录和政府信息公开工作年度报告，"
    "并提供依申请公开渠道。</p>"
)

CATALOGUE_INTRO = (
    "<p>本目录收录某县人民政府及其工作部门主动公开的政府信息。可按主题分类、体裁分类、发布机构、年份和有效性筛选，"
    "也可按标题、发文字号或索引号检索。</p>"
)

RULES_INTRO = (
    "<p>某县政府信息公开工作遵循《中华人民共和国政府信息公开条例》（国务院令第711号），并执行以下制度：</p>"
    "<ul>"
    "<li>某县政府信息公开保密审查制度：坚持“先审查、后公开”“谁公开、谁审查、谁负责”，拟公开的政府信息经承办人初审、部门负责人复审后发布。</li>"
    "<li>某县政府信息主动公开制度：公文在起草时即明确公开属性，属于主动公开范围的，自形成或者变更之日起20个工作日内公开。</li>"
    "<li>某县政府信息公开申请办理制度：对申请实行统一登记、分类办理，依法在20个工作日内答复，确需延长的不超过20个工作日。</li>"
    "<li>某县政策解读工作制度：政策文件与解读材料同步组织、同步审签、同步部署。</li>"
    "<li>某县政府信息公开工作考核和责任追究制度。</li>"
    "</ul>"
)

REQUEST_INTRO = (
    "<p>公民、法人或者其他组织可以向某县人民政府及其工作部门申请获取政府信息。可以在线填写申请，"
    "也可以通过信函、当面或者传真提交申请表。在线提交后请保存查询码，凭查询码和联系电话查询办理进度。</p>"
)

PROACTIVE_INTRO = (
    "<p>《中华人民共和国政府信息公开条例》第十九条、第二十条规定了行政机关应当主动公开的政府信息。"
    "以下各类信息均链接到政府信息公开目录中的相应分类，随目录更新。</p>"
)

PLACEHOLDER_INTRO = "<p>本栏目为演示站点的占位栏目，内容建设中。演示重点为“政府信息公开”专栏。</p>"

# Top-level columns of the home page, in menu order.
TOP_SECTIONS = [
    ("xxgk", "政府信息公开", COLUMN_INTRO),
    ("zwfw", "政务服务", PLACEHOLDER_INTRO),
    ("hdjl", "互动交流", PLACEHOLDER_INTRO),
    ("zjmx", "走进某县", HOME_INTRO),
]


class Command(BaseCommand):
    help = "Load the demo county government site (某县人民政府): pages, departments, about 290 catalogue entries and users."

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("disclosure_load_defaults", stdout=self.stdout)
        with transaction.atomic():
            home = self.ensure_home()
            sections = {slug: self.ensure_page(home, SectionPage, slug, title, intro=intro) for slug, title, intro in TOP_SECTIONS}
            column = sections[COLUMN_SLUG]
            # The 政府信息公开 column. 政府信息公开指南 and 政府信息公开年报 are added by their own page types.
            rules_page = ensure_column_page(column, DisclosureRulesPage, "zd", "政府信息公开制度", intro=RULES_INTRO, search_description="保密审查、主动公开、申请办理等工作制度")
            fdzdgk = ensure_column_page(column, ProactiveDisclosurePage, "fdzdgknr", "法定主动公开内容", intro=PROACTIVE_INTRO, search_description="条例第二十条规定应当主动公开的信息")
            catalogue = self.ensure_page(
                column, CatalogueIndexPage, CATALOGUE_SLUG, "政府信息公开目录", intro=CATALOGUE_INTRO, search_description="按主题、体裁、机构和年份检索主动公开的信息"
            )
            requests_column = ensure_column_page(column, RequestColumnPage, "ysqgk", "依申请公开", intro=REQUEST_INTRO, search_description="申请方式、办理时限和受理机构")
            organisations = self.ensure_organisations()
            created = self.ensure_entries(catalogue, organisations)
            reports = self.ensure_page(column, AnnualReportIndexPage, "ndbg", "政府信息公开年报", search_description="政府信息公开工作年度报告")
            self.ensure_annual_reports(reports, organisations)
            self.ensure_consolidated_annual_reports(reports, organisations)
            ensure_guide_and_interpretations(self, column, catalogue, organisations)
            fill_column_pages(rules_page, fdzdgk, requests_column, catalogue)
        self.ensure_review_workflow(column)
        self.use_only_chinese_groups_and_the_review_workflow()
        self.ensure_users()
        with transaction.atomic():
            demo_requests.ensure_requests(requests_column, organisations["zfb"], REQUEST_HANDLER_GROUP, publish_migrated)
            demo_requests.ensure_second_organisation(organisations["zrj"], SECOND_HANDLER_GROUP)
        catalogue = CatalogueIndexPage.objects.get(pk=catalogue.pk)  # moved into the column's order since
        total = CatalogueEntryPage.objects.child_of(catalogue).count()
        public = catalogue.public_entries().count()
        # The demo is a Chinese government site: it reports in Chinese, like its content.
        self.stdout.write(
            self.style.SUCCESS(
                f"演示站点已就绪（用时 {time.monotonic() - started:.1f} 秒）：新建目录条目 {created} 条，"
                f"目录共 {total} 条（主动公开 {public} 条）。"
            )
        )
        self.stdout.write("用户（用户名 / 密码）：")
        for username, password, name, superuser, group in USERS:
            role = "系统管理员" if superuser else group
            self.stdout.write(f"  {username} / {password}  （{name}，{role}）")
        self.stdout.write(f"公开页面：http://127.0.0.1:8000{catalogue.url}  管理后台：http://127.0.0.1:8000/admin/")

    # --- pages ----------------------------------------------------------------------------------

    def ensure_home(self):
        root = Page.get_first_root_node()
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = None
        if site and isinstance(site.root_page.specific, HomePage):
            home = site.root_page.specific
        if home is None:
            home = HomePage.objects.child_of(root).filter(slug=HOME_SLUG).first()
        if home is None:
            home = root.add_child(instance=HomePage(title=SITE_NAME, slug=HOME_SLUG, intro=HOME_INTRO, live=False))
            home.save_revision().publish()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME)
        elif site.root_page_id != home.pk or site.site_name != SITE_NAME:
            site.root_page = home
            site.site_name = SITE_NAME
            site.save()
        # Wagtail's own "Welcome to your new Wagtail site!" page, now unused.
        for page in root.get_children().exclude(pk=home.pk).filter(content_type__model="page", content_type__app_label="wagtailcore"):
            if page.numchild == 0 and not Site.objects.filter(root_page=page).exists():
                page.delete()
        return home

    def ensure_page(self, parent, model, slug, title, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=model(title=title, slug=slug, show_in_menus=True, live=False, **fields))
            publish_migrated(page.save_revision())
        return page

    def ensure_annual_reports(self, index, organisations):
        """政府信息公开工作年度报告 of two organisations for two years, their tables adding up."""
        for org_key, level in (("zf", OrganisationLevel.GOVERNMENT), ("jyj", OrganisationLevel.DEPARTMENT)):
            organisation = organisations[org_key]
            for offset, year in enumerate(ANNUAL_REPORT_YEARS):
                slug = f"{org_key}-{year}"
                if AnnualReportPage.objects.child_of(index).filter(slug=slug).exists():
                    continue
                page = AnnualReportPage(
                    title=f"{organisation.name}{year}年政府信息公开工作年度报告", slug=slug, live=False,
                    organisation=organisation, year=year, organisation_level=level,
                    tables=demo_report_tables(year, 3 if org_key == "zf" else 1, offset),
                    overview=f"<p>{year}年，{organisation.name}{ANNUAL_REPORT_OVERVIEW[offset]}</p>",
                    problems=f"<p>{ANNUAL_REPORT_PROBLEMS[offset]}</p>",
                    other="<p>本年度未收取信息处理费。</p>",
                    signing_organisation=organisation.name, signing_date=datetime.date(year + 1, 1, 20),
                )  # fmt: skip
                index.add_child(instance=page)
                publish_migrated(page.save_revision())
                # As if published on the day it was signed, within 条例第四十九条's deadline.
                when = _morning(page.signing_date)
                Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)

    def ensure_consolidated_annual_reports(self, index, organisations):
        """汇总: the departments report to 某县人民政府 (Organisation.parent); three of them publish their reports
        on 2023 and 2024, 表二 第二十条第（一）项 as the catalogue counts it; the government's report is the sum of
        theirs (X-SUM clean), its 表二 difference from its own catalogue acknowledged. On 2025 one department
        has a draft, so the admin overview shows every state."""
        government = organisations["zf"]
        Organisation.objects.exclude(pk=government.pk).filter(parent__isnull=True).update(parent=government)
        for org_key in ("jyj", *CONSOLIDATED_DEPARTMENTS):
            organisation = organisations[org_key]
            for offset, year in enumerate(ANNUAL_REPORT_YEARS):
                slug = f"{org_key}-{year}"
                page = AnnualReportPage.objects.child_of(index).filter(slug=slug).first()
                if page is None:
                    page = AnnualReportPage(
                        title=f"{organisation.name}{year}年政府信息公开工作年度报告", slug=slug, live=False, organisation=organisation,
                        year=year, organisation_level=OrganisationLevel.DEPARTMENT, tables=demo_report_tables(year, 1, offset),
                        overview=f"<p>{year}年，{organisation.name}{ANNUAL_REPORT_OVERVIEW[offset]}</p>",
                        problems=f"<p>{ANNUAL_REPORT_PROBLEMS[offset]}</p>", other="<p>本年度未收取信息处理费。</p>",
                        signing_organisation=organisation.name, signing_date=datetime.date(year + 1, 1, 20),
                    )  # fmt: skip
                    index.add_child(instance=page)
                self._publish_report(page, catalogue_table2=True)
        for year in ANNUAL_REPORT_YEARS:
            page = AnnualReportPage.objects.child_of(index).filter(organisation=government, year=year).first()
            total = consolidation(government, year).total
            if page is not None and total is not None and page.tables != tables_document(total):
                page.tables = tables_document(total)
                self._publish_report(page)
                page.refresh_from_db()
                page.acknowledged_warnings = [
                    {"rule": finding.rule, "cell": f"{finding.table}.{finding.row}.{finding.column}", "note": "本级报告为各部门报告汇总数"}
                    for finding, _note in page.warning_findings() if finding.rule == "X-CAT"
                ]  # fmt: skip
                AnnualReportPage.objects.filter(pk=page.pk).update(acknowledged_warnings=page.acknowledged_warnings)
        draft_year = ANNUAL_REPORT_YEARS[-1] + 1
        organisation = organisations[CONSOLIDATED_DEPARTMENTS[0]]
        if not AnnualReportPage.objects.child_of(index).filter(organisation=organisation, year=draft_year).exists():
            draft = AnnualReportPage(
                title=f"{organisation.name}{draft_year}年政府信息公开工作年度报告", slug=f"{CONSOLIDATED_DEPARTMENTS[0]}-{draft_year}",
                live=False, organisation=organisation, year=draft_year, signing_organisation=organisation.name,
            )  # fmt: skip
            index.add_child(instance=draft)
            draft.save_revision()

    def _publish_report(self, page, catalogue_table2=False):
        if catalogue_table2:
            table2 = page.suggestions()["table2"]
            if page.live and all(page.tables["table2"][key] == measures for key, measures in table2.items()):
                return
            for key, measures in table2.items():
                page.tables["table2"][key] = dict(measures)
        publish_migrated(page.save_revision())
        when = _morning(page.signing_date)  # as if published on the day it was signed
        Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)

    # --- organisations and entries ----------------------------------------------------------------

    def ensure_organisations(self):
        organisations = {}
        for order, org in enumerate(demo_data.ORGANISATIONS):
            obj, _created = Organisation.objects.update_or_create(
                code=org.code, defaults={"name": org.name, "short_name": org.short_name, "sort_order": order}
            )
            organisations[org.key] = obj
        return organisations

    def ensure_entries(self, catalogue, organisations):
        specs = demo_data.build_entries(get_working_day_calendar())
        existing = {page.slug: page for page in CatalogueEntryPage.objects.child_of(catalogue)}
        topics, genres, audiences = {}, {}, {}

        def topic_for(path):
            if path not in topics:
                parent, _new = Topic.objects.get_or_create(parent=None, name=path[0])
                topics[path] = Topic.objects.get_or_create(parent=parent, name=path[1])[0] if len(path) > 1 else parent
            return topics[path]

        def genre_for(name):
            if name not in genres:
                genres[name] = Genre.objects.get_or_create(name=name)[0]
            return genres[name]

        def audience_for(name):
            if name and name not in audiences:
                audiences[name] = ServiceAudience.objects.get_or_create(name=name)[0]
            return audiences.get(name)

        created = []
        with _deferred_indexing(CatalogueEntryPage, created):
            for spec in specs:
                if spec.slug in existing:
                    continue
                existing[spec.slug] = self.create_entry(catalogue, spec, organisations[spec.org], topic_for, genre_for, audience_for)
                created.append(existing[spec.slug])

        # 失效/废止 documents point to the entry that replaces them.
        for spec in specs:
            if not spec.replaced_by:
                continue
            old, new = existing[spec.slug], existing.get(spec.replaced_by)
            if new is not None and old.superseded_by_id != new.pk:
                old = CatalogueEntryPage.objects.get(pk=old.pk)
                old.superseded_by = new
                publish_migrated(old.save_revision())
        return len(created)

    def create_entry(self, catalogue, spec, organisation, topic_for, genre_for, audience_for):
        entry = CatalogueEntryPage(
            title=spec.title,
            slug=spec.slug,
            live=False,
            summary=spec.summary,
            body=spec.body,
            organisation=organisation,
            document_number=spec.document_number,
            written_date=spec.written_date,
            publish_date=spec.publish_date if spec.is_public else None,
            topic=topic_for(spec.topic),
            genre=genre_for(spec.genre),
            audience=audience_for(spec.audience),
            keywords=spec.keywords,
            disclosure_attribute=spec.attribute,
            non_disclosure_reason=spec.reason,
            validity=spec.validity,
            validity_changed_on=spec.validity_changed_on,
        )
        if spec.is_public:
            entry.first_published_at = _morning(spec.publish_date)
        catalogue.add_child(instance=entry)
        revision = entry.save_revision()
        if spec.is_public:
            publish_migrated(revision)
            # As if it had been published on its 发布日期 rather than today.
            when = _morning(spec.publish_date)
            Page.objects.filter(pk=entry.pk).update(last_published_at=when, latest_revision_created_at=when)
            type(revision).objects.filter(pk=revision.pk).update(created_at=when)
        return entry

    # --- the 保密审查 workflow ----------------------------------------------------------------------

    def ensure_review_workflow(self, column):
        """初审 then 复审 on the whole 政府信息公开 column, each by its own group of reviewers."""
        access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        view_ledger = Permission.objects.get(content_type__app_label="wagtail_disclosure", codename="view_reviewrecord")
        workflow, _new = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        for order, (group_name, level) in enumerate([(FIRST_REVIEW_GROUP, "初审"), (SECOND_REVIEW_GROUP, "复审")]):
            group, _new = Group.objects.get_or_create(name=group_name)
            group.permissions.add(access_admin, view_ledger)
            task = ConfidentialityReviewTask.objects.filter(name=f"保密审查（{level}）").first()
            if task is None:
                task = ConfidentialityReviewTask.objects.create(name=f"保密审查（{level}）", level_name=level)
            task.groups.set([group])
            WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
        # The last level's approval publishes, and Wagtail publishes as the approver.
        GroupPagePermission.objects.get_or_create(
            group=Group.objects.get(name=SECOND_REVIEW_GROUP), page=column,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page"),
        )
        WorkflowPage.objects.update_or_create(page=column, defaults={"workflow": workflow})

    def use_only_chinese_groups_and_the_review_workflow(self):
        """Wagtail's "Editors" group becomes 信息公开编辑人员 (its permissions kept); its "Moderators" group and
        "Moderators approval" workflow go: beside the 保密审查 workflow they would only confuse."""
        editors = Group.objects.filter(name=WAGTAIL_EDITORS_GROUP).first()
        if editors is not None and not Group.objects.filter(name=EDITOR_GROUP).exists():
            editors.name = EDITOR_GROUP
            editors.save(update_fields=["name"])
        Group.objects.filter(name=WAGTAIL_MODERATORS_GROUP, user__isnull=True).delete()
        for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
            tasks = [workflow_task.task for workflow_task in workflow.workflow_tasks.select_related("task")]
            if workflow.workflow_states.exists():
                workflow.deactivate()  # pages were moderated with it: keep their history
                continue
            workflow.delete()
            for task in tasks:
                if not task.workflow_tasks.exists() and not task.task_states.exists():
                    task.delete()

    # --- users ----------------------------------------------------------------------------------

    def ensure_users(self):
        User = get_user_model()
        for username, password, name, superuser, group_name in USERS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.email = f"{username}@mouxian.example"
            user.first_name = name
            user.is_active = True
            user.is_staff = superuser
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if group_name:
                group, _new = Group.objects.get_or_create(name=group_name)
                user.groups.add(group)
            profile = UserProfile.get_for_user(user)
            if profile.preferred_language != "zh-hans":
                profile.preferred_language = "zh-hans"
                profile.save(update_fields=["preferred_language"])


ANNUAL_REPORT_YEARS = (2023, 2024)
# Departments whose reports the government's report adds up (汇总), besides 教育局 (ensure_annual_reports).
CONSOLIDATED_DEPARTMENTS = ("czj", "rsj")
ANNUAL_REPORT_OVERVIEW = (
    "坚持以公开为常态、不公开为例外，围绕重点领域信息公开、政策解读和回应关切开展工作，依法规范办理政府信息公开申请。",
    "持续深化政务公开标准化规范化建设，完善主动公开目录，加强政府网站和政务新媒体管理，推进基层政务公开向村（社区）延伸。",
)
ANNUAL_REPORT_PROBLEMS = (
    "存在的主要问题：部分单位政策解读形式较为单一。改进情况：下一步将推广图解、视频等多种解读形式。",
    "存在的主要问题：依申请公开办理的规范化程度有待提高。改进情况：将组织业务培训并完善答复文书模板。",
)


def demo_report_tables(year, scale, offset):
    """Tables that add up (表三: 一 + 二 = 三（七） + 四, for each column), in the JSON document's shape."""
    report = Report.blank(year)
    carried_over = offset  # the 2023 report carries 1 forward (×scale) into 2024
    received = (6 + offset * 2) * scale
    report.set("table3", "new_received", "natural_person", received)
    report.set("table3", "new_received", "commercial_enterprise", scale)
    report.set("table3", "carried_over_from_last_year", "natural_person", carried_over * scale)
    report.set("table3", "granted", "natural_person", received - 2 * scale + carried_over * scale - (1 - offset) * scale)
    report.set("table3", "partially_granted", "natural_person", scale)
    report.set("table3", "not_held", "natural_person", scale)
    report.set("table3", "granted", "commercial_enterprise", scale)
    report.set("table3", "carried_forward_to_next_year", "natural_person", (1 - offset) * scale)
    report.set("table2", "normative_documents", "issued", 4 + offset)
    report.set("table2", "normative_documents", "in_force", 20 + offset * 5)  # 2024: 20 in force + 5 issued
    report.set("table2", "administrative_licensing", "decisions", 120 * scale + offset * 15)
    report.set("table2", "administrative_fees", "amount_10k_yuan", Decimal("12.5"))
    report.set("table4", "reconsideration", "maintained", offset)
    return tables_document(fill_totals(report))


def publish_migrated(revision):
    """Publish demo content as content carried over from the old system: disclosure pages pass the
    review gate with a 历史数据迁移 record in the ledger, the same way ``disclosure_import_catalogue
    --publish --reason`` brings in legacy records."""
    page = revision.content_object
    if is_gated_model(type(page)):
        append_record(
            page, revision=revision, kind=RecordKind.LEGACY_MIGRATION, conclusion=Conclusion.APPROVE,
            reviewer_name="演示数据加载（load_demo_site）", reason="演示数据：视为原系统中已审查并公开的信息", source="load_demo_site",
        )
    revision.publish()


@contextlib.contextmanager
def _deferred_indexing(model, pages):
    """Index each new page once at the end, not on each of the three saves that create and publish it."""
    from django.db.models.signals import post_save
    from modelsearch import index
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
    for page in pages:
        page = model.objects.get(pk=page.pk)
        ReferenceIndex.create_or_update_for_object(page)
        index.insert_or_update_object(page)


def _morning(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


# --- 政府信息公开指南, 政策解读 and the order of the column ---------------------------------------------

GUIDE_PREAMBLE = (
    "<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"
    "本机关政府信息公开如发生变化，本指南将及时作出更新。</p>"
)
GUIDE_SCOPE = "<p>《中华人民共和国政府信息公开条例》第十九条、第二十条、第二十一条规定应当主动公开的政府信息，详见政府信息公开目录和法定主动公开内容栏目。</p>"
GUIDE_CHANNELS = "<p>主要通过某县人民政府门户网站政府信息公开专栏公开，并视情通过政府公报、新闻发布会、政务新媒体以及县档案馆、县图书馆、县政务服务中心查阅点公开。</p>"
GUIDE_REQUEST_CHANNELS = [
    ("online", "登录本网站“依申请公开”栏目，在线填写并提交申请。"),
    ("letter", "填写申请表后邮寄至受理机构，请在信封左下角注明“政府信息公开申请”字样。"),
    ("in_person", "在办公时间到受理机构当面提交申请表；书面申请确有困难的，可以口头提出，由受理机构代为填写。"),
    ("fax", "填写申请表后传真至受理机构，并注明“政府信息公开申请”字样。"),
]
GUIDE_STEPS = [
    ("登记", "受理机构对申请进行登记，确认收到申请之日（条例第三十一条）。", ""),
    ("审核", "申请内容不明确的，一次性告知申请人补正。", "7个工作日内"),
    ("办理", "检索、调取所申请的政府信息，需要征求第三方意见的书面征求意见。", ""),
    ("答复", "出具书面答复，需要延长的经负责人同意并告知申请人。", "20个工作日内（可延长20个工作日）"),
    ("归档", "申请、答复材料按规定归档。", ""),
]
DEMO_INTERPRETATION_COUNT = 3


def demo_interpretation(policy):
    """(title, text blocks, questions and answers) of a demo 政策解读 of ``policy``, in its own words."""
    match = re.search(r"《(.+?)》", policy.title)
    name = match.group(1) if match else policy.title
    org = policy.organisation.name
    text = (
        f"<p>一、出台背景：近年来群众和企业对相关事项反映较多，为回应关切、统一标准，{org}在深入调研、广泛征求意见的基础上起草了《{name}》。</p>"
        "<p>二、主要内容：一是明确了适用范围，二是细化了执行标准，三是规范了办理程序和时限，群众和企业可以对照办理。</p>"
        f"<p>三、注意事项：执行中遇到问题，可以在工作日向{org}咨询，也可以通过本网站“互动交流”栏目留言。</p>"
    )
    questions = [
        (f"《{name}》适用于哪些情形？", "适用于本县行政区域内的相关管理和服务活动，具体情形以文件规定为准。"),
        ("新规定从什么时候开始执行？", "自文件印发之日起施行，此前的规定与本文件不一致的，以本文件为准。"),
    ]
    return f"《{name}》政策解读", text, questions


def ensure_guide_and_interpretations(command, column, catalogue, organisations):
    """The disclosure office, the 指南 (first in the column), an interpretation index and 政策解读 of a 行政规范性文件,
    and the column's order: 指南, 制度, 法定主动公开内容, 目录, 年报, 依申请公开."""
    site = Site.objects.get(is_default_site=True)
    office = DisclosureOffice.for_site(site)
    if not office.name:
        office.name = "某县人民政府办公室（县政务公开办）"
        office.address = "某县城关镇人民路1号县政府大院3号楼201室"
        office.postcode = "000000"
        office.office_hours = [
            ("hours", {"period": "5月1日至9月30日", "hours": "工作日 8:30—12:00，14:30—17:30"}),
            ("hours", {"period": "10月1日至次年4月30日", "hours": "工作日 8:30—12:00，14:00—17:00"}),
        ]
        office.phone = "0000-1234567（演示号码）"
        office.fax = "0000-1234568（演示号码）"
        office.email = "xxgk@mouxian.example.gov.cn"
        office.online_url = "http://127.0.0.1:8000/xxgk/ysqgk/"
        office.save()
    guide = GuidePage.objects.child_of(column).filter(slug="zn").first()
    if guide is None:
        guide = GuidePage(
            title="政府信息公开指南", slug="zn", show_in_menus=True, live=False, search_description="信息分类、获取方式和受理机构",
            preamble=GUIDE_PREAMBLE, catalogue=catalogue, proactive_scope=GUIDE_SCOPE, proactive_channels=GUIDE_CHANNELS,
            request_channels=[("channel", {"kind": kind, "instructions": text}) for kind, text in GUIDE_REQUEST_CHANNELS],
            process_steps=[("step", {"title": title, "description": text, "time_limit": limit}) for title, text, limit in GUIDE_STEPS],
        )  # fmt: skip
        column.add_child(instance=guide)
        publish_migrated(guide.save_revision())
    index = InterpretationIndexPage.objects.child_of(catalogue).filter(slug="zcjd").first()
    if index is None:
        index = catalogue.add_child(instance=InterpretationIndexPage(title="政策解读", slug="zcjd", live=False, intro="<p>本县政策文件的解读材料，可按主题、机构、年份和解读形式筛选。</p>"))
        publish_migrated(index.save_revision())
    policies = CatalogueEntryPage.objects.child_of(catalogue).live().filter(genre__name="行政规范性文件").exclude(
        pk__in=PolicyInterpretationPage.objects.values("pk")
    ).order_by("-publish_date")
    existing = PolicyInterpretationPage.objects.child_of(catalogue).count()
    for policy in policies[: max(0, DEMO_INTERPRETATION_COUNT - existing)]:
        title, text, questions = demo_interpretation(policy)
        page = PolicyInterpretationPage(
            title=title, slug=f"jiedu-{policy.pk}", live=False, organisation=policy.organisation, drafting_department=policy.organisation,
            topic=policy.topic, genre=policy.genre, written_date=policy.written_date, publish_date=policy.publish_date,
            interpreter=f"{policy.organisation.name}主要负责人", interpreter_role="第一解读人",
            summary="从出台背景、主要内容和对群众企业的影响三个方面解读。",
            content=[("text", text)] + [("qa", {"question": q, "answer": a}) for q, a in questions],
        )  # fmt: skip
        page.policy_links = [PolicyLink(policy=policy)]
        catalogue.add_child(instance=page)
        publish_migrated(page.save_revision())
    order_column(column)


def order_column(column):
    """Put the sub-columns in the usual order (the navigation follows the page tree)."""
    wanted = ["zn", "zd", "fdzdgknr", CATALOGUE_SLUG, "ndbg", "ysqgk"]
    pages = {page.slug: page for page in column.get_children().filter(slug__in=wanted)}
    previous = None
    for slug in wanted:
        page = pages.get(slug)
        if page is None:
            continue
        page = Page.objects.get(pk=page.pk)
        if previous is None:
            first = column.get_first_child()
            if first.pk != page.pk:
                page.move(first, pos="left")
        else:
            previous = Page.objects.get(pk=previous.pk)
            following = previous.get_next_sibling()
            if following is None or following.pk != page.pk:
                page.move(previous, pos="right")
        previous = page


# --- 政府信息公开制度, 法定主动公开内容 and 依申请公开: the plugin's column pages --------------------------------

# (heading, 条例第二十条 item, genre or (topic, sub-topic)) of 法定主动公开内容, linking into the catalogue's filters.
PROACTIVE_CATEGORIES = [
    ("行政规范性文件", 1, "行政规范性文件"),
    ("规划信息", 3, "规划"),
    ("统计信息", 4, "统计信息"),
    ("财政预算、决算", 7, ("财政、金融、审计", "财政")),
    ("教育、社会保障、促进就业", 11, ("科技、教育", "教育")),
    ("突发公共事件应对", 12, ("综合政务", "应急管理")),
    ("环境保护监督检查", 13, ("城乡建设、环境保护", "环境保护")),
    ("公务员招考录用", 14, ("劳动、人事、监察", "人事工作")),
]


def ensure_column_page(column, model, slug, title, **fields):
    """The sub-column ``slug`` as a page of ``model``. A demo loaded before these types existed has a
    SectionPage there: it is replaced by the plugin's page at the same place and address, its children moved."""
    page = model.objects.child_of(column).filter(slug=slug).first()
    if page is not None:
        return page
    old = Page.objects.child_of(column).filter(slug=slug).first()
    if old is not None:  # out of the way of the new page's slug (an update: no signal for a page deleted below)
        Page.objects.filter(pk=old.pk).update(slug=f"{slug}-old", url_path=f"{old.url_path.rstrip('/')}-old/")
    page = column.add_child(instance=model(title=title, slug=slug, show_in_menus=True, live=False, **fields))
    publish_migrated(page.save_revision())
    if old is not None:
        for child in Page.objects.child_of(old).order_by("path"):
            child.move(page, pos="last-child")
        page = Page.objects.get(pk=page.pk)
        page.move(Page.objects.get(pk=old.pk), pos="left")
        Page.objects.get(pk=old.pk).delete()
    return model.objects.get(pk=page.pk)


def fill_column_pages(rules_page, proactive_page, requests_column, catalogue):
    """制度 lists the catalogue's 政务公开 documents, 法定主动公开内容 links into the catalogue's filters, and
    依申请公开 shows the guide's section on applying: set once (the editors' changes are kept on a second run)."""
    # Fresh from the database: the column's order has moved them since (their tree paths changed).
    rules_page = DisclosureRulesPage.objects.get(pk=rules_page.pk)
    proactive_page = ProactiveDisclosurePage.objects.get(pk=proactive_page.pk)
    requests_column = RequestColumnPage.objects.get(pk=requests_column.pk)
    topic = Topic.objects.filter(name="政务公开", parent__name="综合政务").first()
    if rules_page.catalogue_id is None and topic is not None:
        rules_page.catalogue, rules_page.topic = catalogue, topic
        publish_migrated(rules_page.save_revision())
    if not proactive_page.categories.exists():
        proactive_page.catalogue = catalogue
        rows = []
        for heading, item, where in PROACTIVE_CATEGORIES:
            if isinstance(where, tuple):
                parent = Topic.objects.filter(parent__isnull=True, name=where[0]).first()
                found = Topic.objects.filter(parent=parent, name=where[1]).first() if parent else None
                if found is not None:
                    rows.append(ProactiveCategoryLink(category=item, title=heading, topic=found))
            else:
                genre = Genre.objects.filter(name=where).first()
                if genre is not None:
                    rows.append(ProactiveCategoryLink(category=item, title=heading, genre=genre))
        proactive_page.categories = rows
        publish_migrated(proactive_page.save_revision())
    guide = GuidePage.objects.live().descendant_of(requests_column.get_parent()).first()
    if requests_column.guide_id is None and guide is not None:
        requests_column.guide = guide
        publish_migrated(requests_column.save_revision())
