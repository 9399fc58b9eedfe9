"""A legacy migration that loses nothing (disclosure_import_catalogue on real exports of three kinds of systems).

The fixtures in ``fixtures/legacy`` are exports as government site systems write them: a TRS WCM CSV
(labelled dates, a view counter, old classification names, a new organisation whose code sits in its
legacy 索引号), a Hanweb JCMS workbook (its own headings, Chinese numerals, legacy numbers outside the
site's scheme) and an in-house CMS CSV (its own headings and classifications, full-width digits).
"""

import datetime
import io
import json
import pathlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from wagtail_disclosure.gate import GateRefused, publication_verdict
from wagtail_disclosure.importers.catalogue import read_date
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    IssuedIndexNumber,
    Organisation,
    ReviewRecord,
)
from wagtail_disclosure.rules.confidentiality import RecordKind

from .utils import ORG_CODE, approve, make_user

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "legacy"
NEW_ORG_CODE = "11341702MB1A2B3C4U"  # in the TRS export's legacy 索引号 of 某县应急管理局


def run(name, *args, language="en"):
    """``(stdout, stderr, CommandError message or None)``."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        try:
            call_command("disclosure_import_catalogue", str(FIXTURES / name), *args, stdout=out, stderr=err)
        except CommandError as error:
            return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def entry(title):
    return CatalogueEntryPage.objects.get(title=title)


@pytest.fixture
def site(catalogue, organisation, classifications):
    return catalogue


@pytest.mark.django_db
class TestTrsExport:
    def import_it(self, *extra, language="en"):
        map_file = str(FIXTURES / "trs_wcm_map.json")
        return run("trs_wcm_export.csv", "--create-missing", "--skip-invalid", "--map", map_file, *extra, language=language)

    def test_every_row_is_imported_complete_or_incomplete_and_the_refused_one_says_why(self, site):
        out, err, error = self.import_it("--publish", "--reason", "原系统中已公开")
        assert error is None
        assert "Complete: 3; incomplete (待补全, kept as drafts until completed and reviewed; see the report “Incomplete catalogue entries”): 2; refused: 1" in out
        assert "Line 6: 信息名称: This field is required." in err
        assert CatalogueEntryPage.objects.count() == 5
        assert set(CatalogueEntryPage.objects.filter(live=True).values_list("title", flat=True)) == {
            "关于做好2017年汛期安全生产工作的通知", "某县应急管理局2020年政府信息公开工作年度报告", "关于2015年度教育经费执行情况的公告",
        }  # fmt: skip
        assert ReviewRecord.objects.filter(kind=RecordKind.LEGACY_MIGRATION).exclude(page_pk=site.pk).count() == 3

    def test_labelled_dates_are_read_and_the_original_text_kept(self, site):
        self.import_it()
        flood = entry("关于做好2017年汛期安全生产工作的通知")
        assert (flood.written_date, flood.publish_date) == (datetime.date(2017, 6, 28), datetime.date(2017, 6, 30))
        assert "生成日期 “发文日期:2017年06月28日”" in flood.internal_notes  # the export's own heading
        assert "发布日期 “发布时间:2017-06-30 09:12”" in flood.internal_notes
        # The same date given twice in one cell is still one date.
        assert entry("关于2015年度教育经费执行情况的公告").written_date == datetime.date(2015, 12, 31)

    def test_the_mapping_file_translates_names_and_leaves_out_columns(self, site, classifications):
        self.import_it()
        funds = entry("关于2015年度教育经费执行情况的公告")
        assert funds.topic == classifications[0]
        assert funds.organisation.code == ORG_CODE  # 县政府办 → 某县人民政府办公室
        assert "主题分类 “政务公开/其他”" in funds.internal_notes and "发布机构 “县政府办”" in funds.internal_notes

    def test_unknown_organisation_is_created_with_the_code_its_legacy_number_shows(self, site):
        self.import_it()
        created = Organisation.objects.get(name="某县应急管理局")
        assert created.code == NEW_ORG_CODE
        report = entry("某县应急管理局2020年政府信息公开工作年度报告")
        assert report.index_number == f"{NEW_ORG_CODE}/2021-00001"  # the file had none: issued from the scheme
        assert not report.incomplete

    def test_rows_missing_metadata_are_drafts_flagged_with_what_is_missing(self, site):
        out, _err, _error = self.import_it("--publish", "--reason", "原系统中已公开")
        plan = entry("某县应急管理局关于印发《生产安全事故应急预案》的通知")
        assert plan.incomplete and not plan.live and plan.genre is None
        with translation.override("en"):
            assert plan.missing_metadata() == ["genre"]
        assert plan.index_number == f"{NEW_ORG_CODE}/2019-00003"
        duties = entry("关于调整县政府领导工作分工的通知")
        assert duties.incomplete and duties.written_date is None
        with translation.override("en"):
            assert duties.missing_metadata() == ["date of writing"]
        assert duties.index_number == "000014349/2016-00040"
        assert "Line 3: Incomplete (待补全), imported as a draft that cannot be published until it is completed and reviewed; missing: genre." in out

    def test_dry_run_counts_the_same(self, site):
        out, _err, error = self.import_it("--dry-run")
        assert error is None
        assert "incomplete (待补全" in out and "): 2; refused: 1" in out
        assert not CatalogueEntryPage.objects.exists() and not Organisation.objects.filter(name="某县应急管理局").exists()


@pytest.mark.django_db
class TestHanwebWorkbook:
    def test_chinese_numerals_labelled_times_and_date_cells(self, site):
        _out, err, error = run("hanweb_jcms_export.xlsx", "--create-missing", "--skip-invalid")
        assert error is None
        subsidy = entry("关于做好2011年城乡低保提标工作的通知")
        assert (subsidy.written_date, subsidy.publish_date) == (datetime.date(2011, 5, 16), datetime.date(2011, 5, 20))
        assert "成文日期 “二〇一一年5月16日”" in subsidy.internal_notes
        relief = entry("关于公布2020年度临时救助标准的通知")
        assert relief.written_date == datetime.date(2020, 12, 31)
        budget = entry("关于2024年度县级预算公开的通知")
        assert (budget.written_date, budget.publish_date) == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 5))
        assert budget.internal_notes == ""  # plain dates: nothing to keep
        assert "Line 6: 不公开理由: Give the reason why this information is not proactively disclosed." in err

    def test_organisation_without_a_code_gets_no_new_number_until_an_admin_completes_it(self, site):
        run("hanweb_jcms_export.xlsx", "--create-missing", "--skip-invalid")
        bureau = Organisation.objects.get(name="某县民政局")
        assert bureau.code == ""  # its legacy numbers do not follow the site's scheme
        subsidy = entry("关于做好2011年城乡低保提标工作的通知")
        assert subsidy.index_number == "MZJ-2011-0007" and not subsidy.incomplete  # kept as it was
        relief = entry("关于公布2020年度临时救助标准的通知")
        assert relief.index_number == "" and relief.incomplete
        with translation.override("en"):
            assert relief.missing_metadata() == [
                "index number (the organisation “某县民政局” has no code yet; it is issued once an administrator adds it)"
            ]
        assert not IssuedIndexNumber.objects.filter(number__contains="2020-").exists()
        bureau.code = "11341702MB0C1D2E3T"
        bureau.save()  # the administrator completes it: the waiting entry gets its number, in a new revision too
        relief.refresh_from_db()
        assert relief.index_number == "11341702MB0C1D2E3T/2020-00001" and not relief.incomplete
        assert relief.latest_revision.content["index_number"] == relief.index_number
        revision = relief.latest_revision
        approve(relief, revision)
        revision.publish()
        assert CatalogueEntryPage.objects.get(pk=relief.pk).live

    def test_several_organisations_without_code(self, site):
        Organisation.objects.create(name="某县财政局", code="")
        Organisation.objects.create(name="某县司法局", code="")  # blank codes do not collide
        assert Organisation.objects.filter(code="").count() == 2


@pytest.mark.django_db
class TestInHouseExport:
    def test_its_headings_and_classifications_through_a_csv_mapping(self, site, classifications):
        out, err, error = run("inhouse_cms_export.csv", "--create-missing", "--map", str(FIXTURES / "inhouse_cms_map.csv"))
        assert error is None, err
        inspection = entry("关于开展２０２３年春季学期教育督导的通知")
        assert (inspection.written_date, inspection.publish_date) == (datetime.date(2023, 3, 1), datetime.date(2023, 3, 6))
        assert inspection.topic == classifications[0]
        powers = entry("关于公布县级权责清单的公告")
        assert powers.genre == classifications[1] and powers.written_date == datetime.date(2023, 3, 15)
        minutes = entry("县政府常务会议纪要（第5次）")
        assert minutes.written_date == datetime.date(2023, 4, 10)
        assert minutes.topic is None and minutes.incomplete  # 其他 has no equivalent on the site
        assert "分类 “其他”" in minutes.internal_notes
        assert minutes.genre.name == "纪要"  # created (--create-missing)
        assert "Complete: 2; incomplete" in out and "): 1; refused: 0" in out

    def test_without_the_mapping_its_columns_are_refused_with_a_hint(self, site):
        _out, _err, error = run("inhouse_cms_export.csv")
        assert "Unknown columns: 分类、链接、备注." in error and "--map" in error

    def test_a_bad_mapping_file_is_refused(self, site, tmp_path):
        path = tmp_path / "map.json"
        path.write_text(json.dumps({"栏目": {"a": "b"}}), encoding="utf-8")
        _out, _err, error = run("inhouse_cms_export.csv", "--map", str(path))
        assert "Mapping file: “栏目” cannot be mapped. Use one of: 发文机关、主题分类、体裁分类、服务对象分类、列名." in error
        table = tmp_path / "map.csv"
        table.write_text("旧,新\n教育,科技、教育/教育\n", encoding="utf-8")
        _out, _err, error = run("inhouse_cms_export.csv", "--map", str(table))
        assert "The mapping file needs the columns 类别、原名称、对应名称." in error


@pytest.mark.django_db
class TestIncompleteEntries:
    @pytest.fixture
    def incomplete(self, site):
        run("trs_wcm_export.csv", "--create-missing", "--skip-invalid", "--map", str(FIXTURES / "trs_wcm_map.json"))
        return entry("关于调整县政府领导工作分工的通知")

    def test_never_published_even_when_reviewed(self, incomplete, django_user_model):
        admin_user = django_user_model.objects.create_superuser("chief", "chief@example.com", "password")
        revision = incomplete.latest_revision
        approve(incomplete, revision)
        verdict = publication_verdict(incomplete, revision)
        assert not verdict.allowed and "待补全" in verdict.message and "成文日期" in verdict.message
        with pytest.raises(GateRefused, match="待补全"):
            revision.publish(user=admin_user)
        assert not CatalogueEntryPage.objects.get(pk=incomplete.pk).live

    def test_once_completed_and_reviewed_it_publishes(self, incomplete):
        incomplete.written_date = datetime.date(2016, 3, 8)
        revision = incomplete.save_revision()  # as the editor saves a draft
        approve(incomplete, revision)
        revision.publish()
        published = CatalogueEntryPage.objects.get(pk=incomplete.pk)
        assert published.live and not published.incomplete

    def test_the_admin_report_lists_them_with_what_is_missing(self, incomplete, admin_client):
        response = admin_client.get(reverse("wagtail_disclosure:incomplete_entries"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "关于调整县政府领导工作分工的通知" in html and "某县应急管理局关于印发" in html
        assert "成文日期" in html and "体裁分类" in html
        assert "关于做好2017年汛期安全生产工作的通知" not in html
        export = admin_client.get(reverse("wagtail_disclosure:incomplete_entries") + "?export=csv")
        assert "关于调整县政府领导工作分工的通知" in export.getvalue().decode("utf-8-sig")

    def test_the_report_follows_the_latest_draft(self, incomplete, admin_client):
        incomplete.written_date = datetime.date(2016, 3, 8)
        incomplete.save_revision()  # completed by an editor, not yet reviewed
        html = admin_client.get(reverse("wagtail_disclosure:incomplete_entries")).content.decode()
        row = html[html.index("关于调整县政府领导工作分工的通知") :]
        row = row[: row.index("</tr>")]
        assert "成文日期" not in row
        assert "已补全，待审查发布" in row or "Completed; waiting for review and publication" in row

    def test_the_report_needs_edit_permission(self, incomplete, client):
        user = make_user("visitor", "password")
        client.force_login(user)
        response = client.get(reverse("wagtail_disclosure:incomplete_entries"))
        assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("text", "date", "embedded"),
    [
        ("2017-06-28", datetime.date(2017, 6, 28), False),
        ("发文日期:2017年06月28日", datetime.date(2017, 6, 28), True),
        ("发布时间:2025-01-22 15:53", datetime.date(2025, 1, 22), True),
        ("发布时间：２０２５－０１－２２", datetime.date(2025, 1, 22), True),
        ("二〇一一年5月16日", datetime.date(2011, 5, 16), True),
        ("二〇二〇年十二月三十一日", datetime.date(2020, 12, 31), True),
        ("二○一九年十月一日印发", datetime.date(2019, 10, 1), True),
    ],
)
def test_dates_inside_text(text, date, embedded):
    assert read_date(text) == (date, embedded)


@pytest.mark.parametrize("text", ["2017年6月", "发文日期:2017年06月28日 发布日期:2017年07月01日", "不详", "2024-02-30"])
def test_text_without_one_date_is_not_guessed(text):
    with pytest.raises(ValueError):
        read_date(text)
