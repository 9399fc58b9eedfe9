"""Annual reports across the admin: warnings acknowledged and shown to reviewers, suggestions from the
catalogue and the request register, 汇总 and the overview of a year, the upload, the deadline panel,
copies, and the XLSX/DOCX downloads."""

import datetime
import io
import pathlib

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import rich_text

from wagtail_disclosure.annual_report_forms import blank_tables
from wagtail_disclosure.models import AnnualReportPage, Genre
from wagtail_disclosure.models.annual_report_overview import consolidation, year_overview
from wagtail_disclosure.rules.org_codes import uscc_check_character
from wagtail_disclosure.rules.vocabulary import Validity

from .request_utils import make_request
from .test_annual_report_pages import editor_data, make_index, make_report, unbalanced_tables
from .test_review_task import XHR, action_url, current_task_state
from .utils import make_catalogue, make_classifications, make_entry, make_organisation, make_review_workflow, make_user

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "annual_reports"
CODES = iter(f"11341702{n:09d}" for n in range(100, 999))


def org(name, parent=None):
    body = next(CODES)
    return make_organisation(name, body + uscc_check_character(body), parent=parent)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def sole_new_received(count):
    """Tables with ``count`` applications by 自然人, all granted."""
    tables = blank_tables()
    tables["table3"]["new_received"][0] = count
    tables["table3"]["results"]["granted"][0] = count
    return tables


@pytest.fixture
def index(db):
    return make_index()


@pytest.fixture
def county(db):
    government = org("某县人民政府")
    departments = [org(name, government) for name in ("某县教育局", "某县财政局", "某县民政局")]
    return government, departments


# --- warnings: acknowledged with a note by the editor, shown to the reviewer ------------------------------


@pytest.mark.django_db
class TestWarnings:
    def test_the_editor_acknowledges_a_warning_with_a_note(self, admin_client, index, organisation):
        report = make_report(index, organisation, overview="<p>全年共收到政府信息公开申请9件。</p>")  # the table says 5
        html = admin_client.get(edit_url(report)).content.decode()
        assert "X-TEXT" in html and 'name="acknowledged_warnings-0"' in html

        data = editor_data(report, overview=rich_text("<p>全年共收到政府信息公开申请9件。</p>"),
                           **{"acknowledged_warnings-0": "  9 件含 4 件重复申请，已合并  "})  # fmt: skip
        response = admin_client.post(edit_url(report), data)
        assert response.status_code == 302
        saved = AnnualReportPage.objects.get(pk=report.pk).get_latest_revision_as_object()
        assert saved.acknowledged_warnings == [{"rule": "X-TEXT", "cell": "table3.new_received.总计", "note": "9 件含 4 件重复申请，已合并"}]
        finding, note = saved.warning_findings()[0]
        assert (finding.rule, note) == ("X-TEXT", "9 件含 4 件重复申请，已合并")

    def test_the_reviewer_sees_errors_warnings_notes_and_copied_passages(self, index, organisation, client):
        copied = "<p>本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。</p><p>进一步健全政府信息公开工作机制，加强保密审查，确保公开信息安全准确。</p>"
        make_report(index, organisation, year=2023, overview=copied, publish=True)
        report = make_report(index, organisation, overview=copied, acknowledged_warnings=[{"rule": "COPY", "cell": None, "note": "工作机制未变"}])
        built = make_review_workflow(index, levels=("初审",), reviewers=[("reviewer1", "password", "reviewer1")])
        report.save_revision()
        built.workflow.start(report, make_user("author", "x"))
        client.force_login(built.reviewers[0])
        html = client.get(action_url(report, "approve", current_task_state(report)), **XHR).json()["html"]
        assert "data-review-report-findings" in html
        assert "正文与2023年度报告的重复率为100%，超过50%" in html
        assert "工作机制未变" in html
        assert "<q>本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。" in html

    def test_the_reviewer_sees_the_errors_too(self, index, organisation, client):
        report = make_report(index, organisation, tables=unbalanced_tables())
        built = make_review_workflow(index, levels=("初审",), reviewers=[("reviewer1", "password", "reviewer1")])
        report.save_revision()
        built.workflow.start(report, make_user("author", "x"))
        client.force_login(built.reviewers[0])
        html = client.get(action_url(report, "approve", current_task_state(report)), **XHR).json()["html"]
        assert "表三「自然人」列：第一项与第二项之和（5）不等于第三项（七）总计与第四项之和（0）" in html


# --- suggestions: 表二 from the catalogue, 表三 from the request register ------------------------------------


def register_table3(organisation, year):
    """A stand-in request register (the setting's callable): 7 natural persons' requests granted."""
    if year != 2024:
        return None
    return {**sole_new_received(7)["table3"]}


@pytest.mark.django_db
class TestSuggestions:
    def test_table2_is_counted_from_the_catalogue(self, index, organisation):
        catalogue = make_catalogue(index.get_parent())
        topic, _genre, _audience = make_classifications()
        normative = Genre.objects.create(name="行政规范性文件")
        made = {"organisation": organisation, "genre": normative, "topic": topic}
        make_entry(catalogue, written_date=datetime.date(2024, 3, 1), **made)  # made, in force
        make_entry(catalogue, written_date=datetime.date(2022, 3, 1), **made)  # in force
        make_entry(catalogue, written_date=datetime.date(2021, 3, 1), validity=Validity.REPEALED,
                   validity_changed_on=datetime.date(2024, 6, 1), **made)  # repealed in 2024  # fmt: skip
        make_entry(catalogue, written_date=datetime.date(2021, 3, 1), validity=Validity.EXPIRED,
                   validity_changed_on=datetime.date(2025, 6, 1), **made)  # still in force at the end of 2024  # fmt: skip
        make_entry(catalogue, written_date=datetime.date(2024, 5, 1), publish=False, **made)  # a draft: not counted
        report = make_report(index, organisation)
        assert report.suggestions()["table2"]["normative_documents"] == {"issued": 1, "repealed": 1, "in_force": 3}
        cat = {(f.rule, f.row, f.column, f.expected, f.found) for f in report.findings() if f.rule == "X-CAT"}
        assert cat == {("X-CAT", "normative_documents", "issued", 1, 0), ("X-CAT", "normative_documents", "repealed", 1, 0),
                       ("X-CAT", "normative_documents", "in_force", 3, 0)}  # fmt: skip
        report.tables["table2"]["normative_documents"] = {"issued": 1, "repealed": 1, "in_force": 3}
        assert not [f for f in report.findings() if f.rule == "X-CAT"]

    def test_the_editor_is_offered_the_suggestions(self, admin_client, index, organisation):
        report = make_report(index, organisation)
        html = admin_client.get(edit_url(report)).content.decode()
        assert "data-report-suggestion" in html and 'data-cell="tables-table2-normative_documents-issued"' in html

    def test_table3_from_the_register_when_the_setting_names_one(self, admin_client, index, organisation):
        report = make_report(index, organisation, tables=sole_new_received(5))
        assert report.suggestions()["table3"] is None
        with override_settings(WAGTAIL_DISCLOSURE_ANNUAL_REPORT_TABLE3_SOURCE="tests.test_annual_report_admin.register_table3"):
            suggested = report.suggestions()["table3"]
            assert suggested["new_received"] == [7, 0, 0, 0, 0, 0, 7] and suggested["results"]["total"][6] == 7
            messages = [f.message for f in report.findings() if f.rule == "X-REQ"]
            assert "表三「一、本年新收政府信息公开申请数量」行「自然人」列（5）与依申请公开登记的统计（7）不一致" in messages
            html = admin_client.get(edit_url(report)).content.decode()
            assert 'data-cell="tables-table3-new_received-natural_person" data-value="7"' in html


    def test_table3_from_the_plugins_own_register_by_default(self, index, organisation):
        report = make_report(index, organisation, tables=sole_new_received(5))
        assert report.suggestions()["table3"] is None  # no case of this organisation in the register: no zeros offered
        for day in (datetime.date(2024, 3, 4), datetime.date(2024, 5, 6)):
            make_request(organisation, received_on=day)
        make_request(organisation, received_on=datetime.date(2025, 1, 6))  # next year's
        suggested = report.suggestions()["table3"]
        assert suggested["new_received"] == [2, 0, 0, 0, 0, 0, 2]
        assert suggested["carried_forward_to_next_year"][6] == 2  # not yet answered
        assert any(f.rule == "X-REQ" for f in report.findings())
        with override_settings(WAGTAIL_DISCLOSURE_ANNUAL_REPORT_TABLE3_SOURCE=None):
            assert report.suggestions()["table3"] is None


# --- 汇总 and the overview ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestConsolidation:
    def test_sums_missing_not_approved_and_xsum(self, index, county):
        government, (education, finance, civil) = county
        make_report(index, education, tables=sole_new_received(3), publish=True)
        make_report(index, finance, tables=sole_new_received(4), publish=True)
        make_report(index, civil, tables=sole_new_received(9))  # a draft: not added up
        own = make_report(index, government, tables=sole_new_received(5), organisation_level="government")
        result = consolidation(government, 2024)
        assert result.total.get("table3", "new_received", "total") == 7
        assert [page.organisation for page in result.included] == [education, finance]
        assert [o for o, _page in result.not_approved] == [civil] and result.missing == []
        assert "表三「一、本年新收政府信息公开申请数量」行「自然人」列：汇总数（5）不等于下级单位报告之和（7）" in [f.message for f in result.findings]
        assert any(f.rule == "X-SUM" for f in own.findings())

    def test_consolidation_view_creates_the_government_report(self, admin_client, index, county):
        government, (education, finance, _civil) = county
        make_report(index, education, tables=sole_new_received(3), publish=True)
        make_report(index, finance, tables=sole_new_received(4), publish=True)
        url = reverse("wagtail_disclosure:annual_report_consolidation", args=(government.pk, 2024))
        html = admin_client.get(url).content.decode()
        assert "某县民政局" in html and "data-missing" in html
        response = admin_client.post(url)
        page = AnnualReportPage.objects.get(organisation=government)
        assert response.status_code == 302 and response.url == edit_url(page)
        assert (page.live, page.organisation_level, page.tables["table3"]["new_received"]) == (False, "government", [7, 0, 0, 0, 0, 0, 7])
        assert not [f for f in page.findings() if f.rule == "X-SUM"]
        # Once it exists, the sums go into a new draft revision of it.
        page.tables = sole_new_received(1)
        page.save()
        admin_client.post(url)
        assert AnnualReportPage.objects.get(pk=page.pk).get_latest_revision_as_object().tables["table3"]["new_received"][0] == 7

    def test_consolidation_and_overview_take_a_constant_number_of_queries(self, index, county):
        government, _departments = county
        pages = []
        for number in range(20):
            subordinate = org(f"某县第{number}乡镇人民政府", government)
            pages.append(make_report(index, subordinate, tables=sole_new_received(number), publish=True))
        with CaptureQueriesContext(connection) as twenty:
            assert consolidation(government, 2024).total.get("table3", "new_received", "total") == sum(range(20))
        with CaptureQueriesContext(connection) as overview:
            year_overview(2024)
        subordinate = org("某县另一乡镇人民政府", government)
        make_report(index, subordinate, tables=sole_new_received(1), publish=True)
        with CaptureQueriesContext(connection) as more:
            consolidation(government, 2024)
        with CaptureQueriesContext(connection) as overview_more:
            year_overview(2024)
        assert len(more) == len(twenty) <= 4
        assert len(overview_more) == len(overview) <= 5

    def test_overview_lists_every_organisation_state_and_deadline(self, admin_client, index, county):
        government, (education, finance, civil) = county
        make_report(index, education, year=2025, tables=unbalanced_tables())
        make_report(index, finance, year=2025, publish=True)
        html = admin_client.get(reverse("wagtail_disclosure:annual_reports") + "?year=2025").content.decode()
        assert f'data-organisation="{education.pk}" data-state="draft"' in html
        assert f'data-organisation="{finance.pk}" data-state="live"' in html
        assert f'data-organisation="{civil.pk}" data-state="none"' in html
        assert "2026-01-31" in html and "2026-03-31" in html
        assert "第一项与第二项之和（5）" in html
        consolidate_url = reverse("wagtail_disclosure:annual_report_consolidation", args=(government.pk, 2025))
        assert consolidate_url in html

    def test_only_report_editors_see_them(self, client, index, county):
        government, _departments = county
        client.force_login(make_user("nobody", "x"))
        for url in (reverse("wagtail_disclosure:annual_reports"), reverse("wagtail_disclosure:annual_report_upload"),
                    reverse("wagtail_disclosure:annual_report_consolidation", args=(government.pk, 2024))):  # fmt: skip
            assert client.get(url).status_code in (302, 403)


# --- the deadline on the dashboard (条例第四十九条) -----------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_counts_down_and_flags_overdue_reports(admin_client, index, county, monkeypatch):
    government, (education, finance, civil) = county
    make_report(index, finance, year=2025, publish=True)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 2, 3))
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "disclosure-annual-report-deadlines" in html
    assert 'data-overdue-count="2"' in html  # 教育局 and 民政局: 1月31日 has passed
    assert f'data-deadline-row="{education.pk}" data-overdue' in html
    assert f'data-deadline-row="{government.pk}"' in html and f'data-deadline-row="{finance.pk}"' not in html
    government_row = html.split(f'data-deadline-row="{government.pk}"')[1].split("</tr>")[0]
    assert "2026-03-31" in government_row and "56" in government_row and "data-overdue" not in government_row  # 3月31日


@pytest.mark.django_db
def test_the_deadline_panel_runs_no_check_and_a_constant_number_of_queries(admin_user, index, monkeypatch):
    from django.test import RequestFactory

    from wagtail_disclosure.views.annual_reports import add_deadline_panel

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 2, 3))
    government = org("某县人民政府")
    text = "<p>" + "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。" * 20 + "</p>"

    def add_departments(count):
        for _ in range(count):
            department = org(f"某县第{next(NUMBERS)}局", government)
            make_report(index, department, year=2024, overview=text)  # last year's: COPY would compare them
            make_report(index, department, year=2025, overview=text)

    def load():
        request = RequestFactory().get("/admin/")
        request.user = admin_user
        panels = []
        with CaptureQueriesContext(connection) as captured:
            add_deadline_panel(request, panels)
            html = panels[0].render_html({"request": request})
        return len(captured), html

    add_departments(2)
    # Each check compares whole narratives (COPY): a dashboard load must not run them.
    monkeypatch.setattr("wagtail_disclosure.rules.annual_report.checks.similarity", _fails_if_called)
    few, html = load()
    assert html.count("data-deadline-row=") == 3
    add_departments(5)
    many, html = load()
    assert many == few and html.count("data-deadline-row=") == 8
    assert 'data-overdue-count="7"' in html  # the departments' 1月31日 has passed; the government's 3月31日 has not


NUMBERS = iter(range(1, 1000))


def _fails_if_called(*args, **kwargs):
    raise AssertionError("a check ran")


# --- the upload: findings first, then the draft -----------------------------------------------------------


@pytest.mark.django_db
def test_upload_shows_findings_before_creating_the_draft(admin_client, index):
    education = org("青山县白石镇人民政府")
    url = reverse("wagtail_disclosure:annual_report_upload")
    with (FIXTURES / "report-2024.docx").open("rb") as upload:
        response = admin_client.post(url, {"file": upload, "index": index.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "data-upload-findings" in html
    assert "（七）总计（9）不等于（一）至（六）各项之和（10）" in html
    assert not AnnualReportPage.objects.exists()  # nothing created yet
    document = response.context["document_json"]
    response = admin_client.post(url, {"document": document, "index": index.pk, "organisation": ""})
    page = AnnualReportPage.objects.get()
    assert response.url == edit_url(page) and page.organisation == education and not page.live


@pytest.mark.django_db
def test_upload_of_a_2019_report_lists_what_the_2021_tables_cannot_hold_before_creating_it(admin_client, index):
    organisation = org("某县人社局")
    url = reverse("wagtail_disclosure:annual_report_upload")
    with (FIXTURES / "report-2019.html").open("rb") as upload:
        response = admin_client.post(url, {"file": upload, "index": index.pk, "organisation": organisation.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "data-upload-findings" in html
    assert "表二（2019年试行格式）第二十条第（九）项「政府集中采购」行「采购总金额」列：85.6" in html
    assert not AnnualReportPage.objects.exists()
    response = admin_client.post(url, {"document": response.context["document_json"], "index": index.pk, "organisation": organisation.pk})
    page = AnnualReportPage.objects.get()
    assert response.url == edit_url(page) and page.tables["format"] == "2021"
    assert page.tables["table2"]["administrative_penalty"] == {"decisions": 36}
    assert "「政府集中采购」行「采购总金额」列：85.6" in page.conversion_note
    # The editor opens the draft in the 2021 tables, with the note shown read-only.
    html = admin_client.get(edit_url(page)).content.decode()
    assert response.status_code == 302 and "采购总金额" in html and 'name="tables-format" value="2021"' in html
    assert "「政府集中采购」行「采购项目数量」列：6<br>" in html  # the note, read-only, a figure a line
    # The overview of that year offers the year in its choice (it is older than the six years listed).
    html = admin_client.get(reverse("wagtail_disclosure:annual_reports") + "?year=2020").content.decode()
    assert '<option value="2020" selected>' in html


@pytest.mark.django_db
def test_upload_refuses_what_is_no_report_with_the_reason(admin_client, index):
    url = reverse("wagtail_disclosure:annual_report_upload")
    with (FIXTURES / "not-a-report.html").open("rb") as upload, translation.override("en"):
        response = admin_client.post(url, {"file": upload, "index": index.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "is not an annual report" in response.content.decode()
    response = admin_client.post(url, {"file": io.BytesIO(b"x"), "index": index.pk})
    assert response.status_code == 400
    assert not AnnualReportPage.objects.exists()


# --- copies and translations -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_copy_into_the_same_locale_is_refused_with_the_reason(admin_client, index, organisation):
    report = make_report(index, organisation)
    url = reverse("wagtailadmin_pages:copy", args=(report.pk,))
    response = admin_client.post(url, {"new_title": "副本", "new_slug": "copy", "new_parent_page": index.pk}, follow=True)
    assert AnnualReportPage.objects.count() == 1
    text = " ".join(str(m) for m in response.context["messages"])
    assert organisation.name in text and "2024" in text
    # An alias is not a second report.
    admin_client.post(url, {"new_title": "别名", "new_slug": "alias", "new_parent_page": index.pk, "alias": "on"})
    assert AnnualReportPage.objects.filter(alias_of=report).count() == 1


@pytest.mark.django_db
def test_an_alias_in_the_same_locale_cannot_become_a_second_report(admin_client, index, organisation):
    report = make_report(index, organisation)
    alias = report.create_alias(update_slug="alias-2024")
    url = reverse("wagtailadmin_pages:convert_alias", args=(alias.pk,))
    for response in (admin_client.get(url, follow=True), admin_client.post(url, follow=True)):
        assert response.status_code == 200
        text = " ".join(str(m) for m in response.context["messages"])
        assert organisation.name in text and "2024" in text and report.title in text
    assert AnnualReportPage.objects.get(pk=alias.pk).alias_of_id == report.pk
    # Without a report of that year beside it, the alias converts.
    AnnualReportPage.objects.filter(pk=report.pk).update(year=2023)
    admin_client.post(url)
    converted = AnnualReportPage.objects.get(pk=alias.pk)
    assert converted.alias_of_id is None and converted.report_locale_id == index.locale_id


# --- downloads -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_xlsx_and_docx_downloads_keep_the_tables_and_labels(client, index, organisation):
    report = make_report(index, organisation, publish=True, overview="<p>全年共收到政府信息公开申请5件。</p>",
                         signing_date=datetime.date(2025, 1, 20), signing_organisation=organisation.name)  # fmt: skip
    html = client.get(report.url).content.decode()
    assert f'href="{report.url}xlsx/"' in html and f'href="{report.url}docx/"' in html

    response = client.get(report.url + "xlsx/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["二、主动公开", "三、申请情况", "四、复议诉讼"]
    sheet = book["三、申请情况"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in values
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in values
    labels = [row[0].value for row in sheet.iter_rows(min_row=5)]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    received = next(row for row in sheet.iter_rows() if row[0].value == "一、本年新收政府信息公开申请数量")
    assert [cell.value for cell in received[3:10]] == [5, 0, 0, 0, 0, 0, 5]
    assert "A2:C4" in {str(merged) for merged in sheet.merged_cells.ranges}

    response = client.get(report.url + "docx/")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "一、总体情况" in text and "全年共收到政府信息公开申请5件。" in text and "2025年1月20日" in text
    assert len(document.tables) == 3
    table3 = document.tables[1]
    assert table3.cell(0, 0).text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [cell.text for cell in table3.rows[3].cells][-7:] == ["5", "0", "0", "0", "0", "0", "5"]
    assert len(table3.rows) == 3 + 25
