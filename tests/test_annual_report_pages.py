"""The 政府信息公开工作年度报告 page: model, the gate's refusal of a report whose tables do not add up, the
tables edited as tables in the admin, the public page and its JSON download."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text

from wagtail_disclosure.annual_report_forms import blank_tables, cell_name, typed_cells
from wagtail_disclosure.gate import GateRefused
from wagtail_disclosure.models import AnnualReportIndexPage, AnnualReportPage
from wagtail_disclosure.rules.annual_report import SCHEMA, from_document

from .test_review_task import XHR, action_url, current_task_state, follow_refusal, review_data, reviews
from .utils import approve, make_organisation, make_review_workflow, make_site, publish_reviewed

BALANCE_ERROR = "表三「自然人」列：第一项与第二项之和（5）不等于第三项（七）总计与第四项之和（0）"


def make_index():
    home = make_site()
    index = home.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="ndbg", live=False))
    return publish_reviewed(index)


def unbalanced_tables():
    tables = blank_tables()
    tables["table3"]["new_received"][0] = 5  # 5 applications received, none handled nor carried forward
    return tables


def balanced_tables():
    tables = unbalanced_tables()
    tables["table3"]["results"]["granted"][0] = 3
    tables["table3"]["carried_forward_to_next_year"][0] = 2
    tables["table4"]["reconsideration"]["maintained"] = 1
    return tables


def make_report(index, organisation, *, year=2024, tables=None, publish=False, **fields):
    fields.setdefault("title", f"{organisation.name}{year}年政府信息公开工作年度报告")
    fields.setdefault("slug", f"report-{organisation.pk}-{year}")
    report = AnnualReportPage(organisation=organisation, year=year, tables=tables or balanced_tables(), live=False, **fields)
    index.add_child(instance=report)
    if publish:
        publish_reviewed(report)
    return report


@pytest.fixture
def index(db):
    return make_index()


def public_html(client, page):
    response = client.get(page.url)
    return response.status_code, response.content.decode()


@pytest.mark.django_db
class TestModel:
    def test_totals_are_derived_on_save(self, index, organisation):
        tables = balanced_tables()
        tables["table3"]["results"]["total"] = [99] * 7  # typed totals are replaced by the sums
        report = make_report(index, organisation, tables=tables)
        report.refresh_from_db()
        assert report.tables["table3"]["results"]["total"] == [3, 0, 0, 0, 0, 0, 3]
        assert report.tables["table3"]["new_received"][6] == 5
        assert report.tables["table4"]["reconsideration"]["total"] == 1
        assert report.publication_blockers() == []

    def test_index_number_uses_31_december_of_the_year_without_a_signing_date(self, index, organisation):
        report = make_report(index, organisation)
        assert report.index_number.startswith(organisation.code)
        assert "2024" in report.index_number
        signed = make_report(index, make_organisation("某县教育局", "11341702486344515H"), signing_date=datetime.date(2025, 1, 20))
        assert signed.index_number_date() == datetime.date(2025, 1, 20)
        assert report.index_number_date() == datetime.date(2024, 12, 31)

    def test_a_second_report_of_the_same_organisation_and_year_is_refused(self, index, organisation):
        make_report(index, organisation)
        second = AnnualReportPage(title="重复的年报", slug="dup", organisation=organisation, year=2024, tables=balanced_tables())
        second.locale_id = index.locale_id
        with pytest.raises(ValidationError) as error:
            second.full_clean(exclude=["path", "depth", "url_path", "translation_key"])
        assert "year" in error.value.message_dict
        another_year = AnnualReportPage(title="2023年年报", slug="y2023", organisation=organisation, year=2023, tables=balanced_tables())
        another_year.locale_id = index.locale_id
        another_year.full_clean(exclude=["path", "depth", "url_path", "translation_key"])

    def test_a_copy_in_code_is_refused_with_the_message_the_admin_shows(self, index, organisation):
        report = make_report(index, organisation, publish=True)
        other_index = index.get_parent().add_child(instance=AnnualReportIndexPage(title="年报（旧栏目）", slug="ndbg-old", live=False))
        for parent in (index, other_index):  # the same column, or another one in the same language
            with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
                report.copy(to=parent, update_attrs={"slug": f"copy-{parent.pk}", "title": "副本"})
            assert refused.value.message_dict["year"] == [
                f"{organisation.name}已有2024年度报告：“{report.title}”。请编辑该报告。"
            ]
        assert AnnualReportPage.objects.count() == 1
        # Any other save path: a draft saved without validation, a change of year onto a taken one.
        second = make_report(index, organisation, year=2023)
        second.year = 2024
        with pytest.raises(ValidationError):
            second.save(clean=False)
        with pytest.raises(ValidationError):
            second.save_revision().publish()
        assert AnnualReportPage.objects.get(pk=second.pk).year == 2023

    def test_the_database_refuses_a_second_report_too(self, index, organisation):
        make_report(index, organisation)
        second = make_report(index, organisation, year=2023)
        assert second.report_locale_id == index.locale_id
        with pytest.raises(IntegrityError), transaction.atomic():
            AnnualReportPage.objects.filter(pk=second.pk).update(year=2024)  # past every save()

    def test_a_translation_and_an_alias_are_not_second_reports(self, index, organisation):
        report = make_report(index, organisation, publish=True)
        english = Locale.objects.create(language_code="en")
        translated = report.copy_for_translation(english, copy_parents=True)
        assert (translated.locale, translated.organisation, translated.year) == (english, organisation, 2024)
        assert AnnualReportPage.objects.get(pk=translated.pk).report_locale == english
        alias = report.create_alias(update_slug="alias-2024")
        assert AnnualReportPage.objects.get(pk=alias.pk).report_locale is None
        assert AnnualReportPage.objects.count() == 3

    def test_errors_block_and_warnings_do_not(self, index, organisation):
        report = make_report(index, organisation, tables=unbalanced_tables())
        assert BALANCE_ERROR in report.publication_blockers()
        report.overview = "<p>全年共收到政府信息公开申请7件。</p>"
        report.tables = balanced_tables()
        assert report.publication_blockers() == []
        assert any(finding.rule == "X-TEXT" for finding, _note in report.warning_findings())


@pytest.mark.django_db
class TestGate:
    def test_revision_publish_is_refused_with_the_national_message(self, index, organisation, django_user_model):
        report = make_report(index, organisation, tables=unbalanced_tables())
        revision = report.save_revision()
        approve(report, revision)
        admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "x")
        with pytest.raises(GateRefused) as refused:
            revision.publish(user=admin)
        assert BALANCE_ERROR in refused.value.message
        report.refresh_from_db()
        assert not report.live

    def test_saving_live_is_refused(self, index, organisation):
        report = make_report(index, organisation, publish=True)
        assert report.live
        report.tables = unbalanced_tables()
        with pytest.raises(ValidationError) as error:
            report.save()
        assert BALANCE_ERROR in str(error.value)

    def test_the_editor_has_no_publish_button_until_it_is_fixed(self, index, organisation, admin_client):
        report = make_report(index, organisation, tables=unbalanced_tables())
        approve(report, report.save_revision())  # reviewed: only the arithmetic stands in the way
        edit_url = reverse("wagtailadmin_pages:edit", args=(report.pk,))
        assert 'name="action-publish"' not in admin_client.get(edit_url).content.decode()
        report.tables = balanced_tables()
        approve(report, report.save_revision())
        assert 'name="action-publish"' in admin_client.get(edit_url).content.decode()

    def test_a_reviewer_cannot_approve_it(self, index, organisation, client):
        built = make_review_workflow(index, levels=("初审",), reviewers=[("reviewer1", "password", "reviewer1")])
        report = make_report(index, organisation, tables=unbalanced_tables())
        report.save_revision()
        built.workflow.start(report, built.reviewers[0].__class__.objects.create_user("author", "a@example.com", "x"))
        state = current_task_state(report)
        client.force_login(built.reviewers[0])
        response = client.post(action_url(report, "approve", state), review_data(state), **XHR)
        result = response.json()
        assert "refused" in result["redirect"]  # the modal's success step leads to the refusal
        assert any(BALANCE_ERROR in message for message in follow_refusal(client, result))
        assert not reviews().exists()
        report.refresh_from_db()
        assert not report.live

    def test_published_once_fixed_and_reviewed(self, index, organisation, client):
        report = make_report(index, organisation, tables=unbalanced_tables())
        report.tables = balanced_tables()
        publish_reviewed(report)
        assert report.live
        assert public_html(client, report)[0] == 200


def editor_data(report=None, **overrides):
    tables = (report.tables if report else None) or blank_tables()
    data = {
        "title": report.title if report else "某县人民政府办公室2024年政府信息公开工作年度报告",
        "slug": report.slug if report else "bangongshi-2024",
        "organisation": report.organisation_id if report else "",
        "year": report.year if report else 2024,
        "organisation_level": "department",
        "overview": rich_text("<p>全年共收到政府信息公开申请5件。</p>"),
        "problems": rich_text(""),
        "other": rich_text(""),
        "signing_organisation": "",
        "signing_date": "",
        "comments": nested_form_data({"comments": []}).get("comments", ""),
        "tables-format": tables["format"],
    }
    for table, row, column in typed_cells(tables["format"]):
        node = tables[table.key]
        for key in row.path:
            node = node[key]
        value = node[row.columns.index(column)] if table.key == "table3" else node[column.key]
        data[f"tables-{cell_name(table.key, row, column)}"] = str(value)
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
class TestAdmin:
    def test_edit_form_shows_tables_and_findings(self, admin_client, index, organisation):
        report = make_report(index, organisation, tables=unbalanced_tables())
        html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(report.pk,))).content.decode()
        assert 'inputmode="numeric"' in html and "<caption>三、收到和处理政府信息公开申请情况</caption>" in html
        assert 'name="tables-table3-results.total-natural_person"' in html and "readonly" in html
        assert BALANCE_ERROR in html
        assert "annual_report_tables.js" in html

    def test_create_with_a_bad_cell_keeps_what_was_typed(self, admin_client, index, organisation):
        add_url = reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "annualreportpage", index.pk))
        data = editor_data(organisation=organisation.pk, **{
            "tables-table3-new_received-natural_person": "abc",
            "tables-table3-new_received-commercial_enterprise": "1.5",
            "tables-table2-administrative_fees-amount_10k_yuan": "12.5",
            "tables-table4-reconsideration-maintained": "-1",
        })  # fmt: skip
        response = admin_client.post(add_url, data)
        assert response.status_code == 200
        html = response.content.decode()
        # In the editor's language (the demo and tests default to 简体中文).
        assert "表三「一、本年新收政府信息公开申请数量」行「自然人」列：“abc”不是数字。" in html
        assert "应为整数（1.5）" in html
        assert "不能为负数（-1）" in html
        assert 'value="abc"' in html and 'value="1.5"' in html and 'value="12.5"' in html
        assert not AnnualReportPage.objects.exists()
        fixed = editor_data(organisation=organisation.pk, **{
            "tables-table3-new_received-natural_person": "５",
            "tables-table3-carried_forward_to_next_year-natural_person": "5",
            "tables-table2-administrative_fees-amount_10k_yuan": "12.5",
        })  # fmt: skip
        response = admin_client.post(add_url, fixed)
        assert response.status_code == 302
        report = AnnualReportPage.objects.get()
        assert report.tables["table3"]["new_received"] == [5, 0, 0, 0, 0, 0, 5]
        assert report.tables["table2"]["administrative_fees"]["amount_10k_yuan"] == 12.5
        assert report.publication_blockers() == []

    def test_a_second_report_for_the_year_is_refused_in_chinese_terms(self, admin_client, index, organisation):
        make_report(index, organisation)
        add_url = reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "annualreportpage", index.pk))
        response = admin_client.post(add_url, editor_data(organisation=organisation.pk, slug="again"))
        assert response.status_code == 200
        assert "已有2024年度报告" in response.content.decode()
        assert AnnualReportPage.objects.count() == 1


@pytest.mark.django_db
class TestPublic:
    def test_page_renders_the_six_sections_and_accessible_tables(self, client, index, organisation):
        report = make_report(index, organisation, publish=True, overview="<p>本年度工作概况。</p>")
        status, html = public_html(client, report)
        assert status == 200
        for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
            assert heading in html
        assert "<caption>四、政府信息公开行政复议、行政诉讼情况</caption>" in html
        assert '<th scope="colgroup" rowspan="3" colspan="3">' in html  # 表三's note
        assert '<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>' in html
        assert "<input" not in html
        assert "本年度报告中所列数据统计期限为2024年1月1日至12月31日" in html
        index_html = public_html(client, index)[1]
        assert report.title in index_html and "2024" in index_html

    def test_json_download_is_the_schema_document(self, client, index, organisation):
        report = make_report(index, organisation, publish=True)
        response = client.get(report.url + "json/")
        assert response.status_code == 200
        document = json.loads(response.content)
        assert document["schema"] == SCHEMA and document["year"] == 2024
        assert document["organisation"] == {"name": organisation.name, "code": organisation.code}
        read = from_document(document)
        assert read.get("table3", "new_received", "natural_person") == 5
        assert not [f for f in read.findings if f.severity == "error"]

    def test_drafts_are_not_listed(self, client, index, organisation):
        report = make_report(index, organisation)
        assert report.title not in public_html(client, index)[1]

    def test_the_index_names_the_organisation_once(self, client, index, organisation):
        named = make_report(index, organisation, publish=True)  # its title names the organisation
        titled = make_report(index, make_organisation("某县教育局", "11341702486344515H"), title="2024年年度报告", publish=True)
        html = public_html(client, index)[1]
        assert f"{named.title}</a></li>" in html
        assert f'{titled.title}</a> <span class="wd-file-meta">某县教育局</span>' in html


@pytest.mark.django_db
def test_the_migration_converts_a_2019_page_and_its_revisions_losing_nothing(index, organisation):
    import importlib

    from django.apps import apps

    from wagtail_disclosure.rules.annual_report import FORMAT_2019, Report, tables_document

    migration = importlib.import_module("wagtail_disclosure.migrations.0019_annual_report_finish")
    old = Report.blank(2020, FORMAT_2019)
    old.set("table2_2019", "normative_documents", "made", 4)
    old.set("table2_2019", "government_procurement", "procurement_amount", 85.6)
    old.table3["results"]["other_handling"] = [2, 0, 0, 0, 0, 0, 2]
    old.table3["results"]["total"] = [2, 0, 0, 0, 0, 0, 2]
    old.table3["new_received"] = [2, 0, 0, 0, 0, 0, 2]
    report = make_report(index, organisation, year=2020)
    revision = report.save_revision()
    # What a 2019 page was before this change: its tables, and its revision's, in the trial format.
    AnnualReportPage.objects.filter(pk=report.pk).update(tables=tables_document(old), report_locale=None)
    revision.content["tables"] = tables_document(old)
    revision.save(update_fields=["content"])

    migration.forwards(apps, None)

    report = AnnualReportPage.objects.get(pk=report.pk)
    assert report.report_locale_id == report.locale_id
    assert report.tables["format"] == "2021" and report.tables["table2"]["normative_documents"]["issued"] == 4
    assert report.tables["table3"]["results"]["other_handling"]["other"] == [2, 0, 0, 0, 0, 0, 2]
    assert "第二十条第（九）项「政府集中采购」行「采购总金额」列：85.6" in report.conversion_note
    assert not any("第一项与第二项之和" in blocker for blocker in report.publication_blockers())
    draft = report.get_latest_revision_as_object()
    assert draft.tables == report.tables and draft.conversion_note == report.conversion_note
