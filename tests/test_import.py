"""disclosure_import_catalogue: legacy catalogue entries from CSV and XLSX files."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry

from wagtail_disclosure.gate import revision_fingerprint
from wagtail_disclosure.importers.catalogue import COLUMNS, ImportOptions, import_catalogue
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    DisclosureAttribute,
    Genre,
    IndexNumberSequence,
    IssuedIndexNumber,
    Organisation,
    ReviewRecord,
    ServiceAudience,
    Topic,
    Validity,
)
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.sanitize import sanitize_html, to_rich_text

from .utils import ORG_CODE, USCC, make_catalogue, make_entry

HEADER = ["索引号", "标题", "内容概述", "成文日期", "发布日期", "发文机关", "发文字号", "主题分类", "体裁分类", "有效性", "公开属性", "不公开理由", "正文"]
FIELD_HEADER = [COLUMNS[heading] for heading in HEADER]


def record(**changes):
    """A valid row keyed by field name, with ``changes`` applied."""
    row = {
        "index_number": "",
        "title": "关于开展2024年春季学期教育督导的通知",
        "summary": "部署春季学期教育督导工作。",
        "written_date": "2024-03-01",
        "publish_date": "2024-03-05",
        "organisation": "某县人民政府办公室",
        "document_number": "某政办发〔2024〕12号",
        "topic": "科技、教育\\教育",
        "genre": "通知",
        "validity": "有效",
        "disclosure_attribute": "主动公开",
        "non_disclosure_reason": "",
        "body": "<p>各乡镇人民政府：</p><p>现将有关事项通知如下。</p>",
    }
    row.update(changes)
    return row


def cells(row, header):
    return [row.get(COLUMNS.get(heading, heading), "") for heading in header]


def write_csv(path, rows, header=HEADER, bom=True):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(cells(row, header) for row in rows)
    return path


def write_xlsx(path, rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(cells(row, header) if isinstance(row, dict) else row)
    workbook.save(path)
    return path


def run(path, *args):
    """``(stdout, stderr, CommandError message or None)`` of the command, in English."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        try:
            call_command("disclosure_import_catalogue", str(path), *args, stdout=out, stderr=err)
        except CommandError as error:
            return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def entries():
    return CatalogueEntryPage.objects.order_by("pk")


@pytest.fixture
def site(catalogue, organisation, classifications):
    """A catalogue, the organisation 某县人民政府办公室 and the topic 科技、教育 › 教育, genre 通知, audience 公众."""
    return catalogue


@pytest.mark.django_db
class TestFiles:
    @pytest.mark.parametrize("bom", [True, False])
    def test_csv_with_and_without_bom(self, site, tmp_path, bom):
        path = write_csv(tmp_path / "entries.csv", [record()], bom=bom)
        out, err, error = run(path)
        assert error is None and err == ""
        entry = entries().get()
        assert entry.title == "关于开展2024年春季学期教育督导的通知"
        assert entry.summary == "部署春季学期教育督导工作。"
        assert entry.written_date == datetime.date(2024, 3, 1)
        assert entry.publish_date == datetime.date(2024, 3, 5)
        assert entry.organisation.code == ORG_CODE
        assert entry.document_number == "某政办发〔2024〕12号"
        assert entry.topic.full_name == "科技、教育 › 教育"
        assert entry.genre.name == "通知"
        assert entry.validity == Validity.VALID
        assert entry.disclosure_attribute == DisclosureAttribute.PUBLIC
        assert "现将有关事项通知如下。" in entry.body
        assert entry.index_number == f"{ORG_CODE}/2024-00001"
        assert entry.get_parent().pk == site.pk
        assert "Imported: 1 (published: 0); skipped because of errors: 0; rows read: 1." in out

    def test_xlsx_with_date_cells_and_field_name_headings(self, site, tmp_path, classifications):
        _topic, _genre, audience = classifications
        header = [*FIELD_HEADER, "audience", "keywords"]
        rows = [
            record(written_date=datetime.datetime(2024, 3, 1), publish_date=datetime.date(2024, 3, 5), validity="valid",
                   disclosure_attribute="public", audience="公众", keywords="教育，督导; 春季"),
            record(title="第二条", written_date=45352, publish_date="2024年3月6日"),  # an Excel serial number
        ]
        path = write_xlsx(tmp_path / "entries.xlsx", rows, header)
        _out, err, error = run(path)
        assert error is None and err == ""
        first, second = entries()
        assert first.written_date == datetime.date(2024, 3, 1) and first.publish_date == datetime.date(2024, 3, 5)
        assert first.audience == audience
        assert first.keywords == "教育 督导 春季"
        assert second.written_date == datetime.date(2024, 3, 1) and second.publish_date == datetime.date(2024, 3, 6)

    def test_xlsx_line_numbers_count_blank_rows(self, site, tmp_path):
        rows = [record(), [None] * len(HEADER), record(title="第二条", written_date="不详")]
        path = write_xlsx(tmp_path / "entries.xlsx", rows)
        _out, err, error = run(path)
        assert "Line 4: 成文日期: “不详” is not a date." in err
        assert error and not entries().exists()

    def test_csv_line_numbers_count_records_not_physical_lines(self, site, tmp_path):
        rows = [record(body="<p>第一段</p>\n<p>第二段</p>\n<p>第三段</p>"), record(title="")]
        _out, err, _error = run(write_csv(tmp_path / "entries.csv", rows))
        assert "Line 3: 标题: This field is required." in err

    def test_unknown_columns_are_listed(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record()], header=[*HEADER, "备注", "链接"])
        _out, _err, error = run(path)
        assert "Unknown columns: 备注、链接." in error
        assert not entries().exists()

    def test_missing_required_column(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record()], header=[h for h in HEADER if h != "标题"])
        _out, _err, error = run(path)
        assert "Required columns are missing: 标题." in error

    def test_without_a_metadata_column_every_row_is_incomplete(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record(), record(title="第二条")], header=[h for h in HEADER if h != "体裁分类"])
        out, _err, error = run(path, "--publish", "--reason", "原系统已公开")
        assert error is None and "Complete: 0; incomplete" in out
        assert [(entry.genre, entry.incomplete, entry.live) for entry in entries()] == [(None, True, False)] * 2

    def test_column_given_twice(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record()], header=[*HEADER, "title"])
        _out, _err, error = run(path)
        assert "Columns given twice: title." in error

    def test_file_that_is_not_utf8(self, site, tmp_path):
        path = tmp_path / "entries.csv"
        path.write_bytes(",".join(HEADER).encode("gbk"))
        _out, _err, error = run(path)
        assert "The file is not UTF-8 text." in error

    def test_old_excel_file(self, site, tmp_path):
        path = tmp_path / "entries.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
        _out, _err, error = run(path)
        assert "Old Excel files (.xls) cannot be read." in error

    def test_value_in_a_column_without_heading(self, site, tmp_path):
        path = tmp_path / "entries.csv"
        write_csv(path, [record()])
        path.write_text(path.read_text(encoding="utf-8-sig").rstrip("\r\n") + ",多余\r\n", encoding="utf-8")
        _out, err, _error = run(path)
        assert "Line 2: There is a value in column N, which has no heading." in err

    def test_importer_works_without_the_command(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record(), record(title="")])
        with translation.override("en"):
            result = import_catalogue(path, ImportOptions(skip_invalid=True))
            assert [str(issue) for issue in result.errors] == ["Line 3: 标题: This field is required."]
        assert (result.rows, result.valid, result.invalid, result.created) == (2, 1, 1, 1)


@pytest.mark.django_db
class TestValues:
    @pytest.mark.parametrize("text", ["科技、教育\\教育", "科技、教育/教育", "科技、教育 › 教育", "教育"])
    def test_topic_as_path_or_unique_name(self, site, tmp_path, classifications, text):
        run(write_csv(tmp_path / "entries.csv", [record(topic=text)]))
        assert entries().get().topic == classifications[0]

    def test_ambiguous_topic_name(self, site, tmp_path):
        for parent in ("综合政务", "科技、教育"):
            Topic.objects.create(name="其他", parent=Topic.objects.get_or_create(name=parent, parent=None)[0])
        _out, err, _error = run(write_csv(tmp_path / "entries.csv", [record(topic="其他")]))
        assert "Line 2: 主题分类: “其他” matches several entries: 综合政务 › 其他、科技、教育 › 其他." in err

    @pytest.mark.parametrize("text", ["2024-03-01", "2024/3/1", "2024年3月1日", "2024.03.01", "20240301", "2024-03-01 00:00:00"])
    def test_date_forms(self, site, tmp_path, text):
        run(write_csv(tmp_path / "entries.csv", [record(written_date=text, publish_date="")]))
        assert entries().get().written_date == datetime.date(2024, 3, 1)

    @pytest.mark.parametrize("text", ["某县人民政府办公室", "县政府办", ORG_CODE])
    def test_organisation_by_name_short_name_or_code(self, site, tmp_path, organisation, text):
        organisation.short_name = "县政府办"
        organisation.save()
        run(write_csv(tmp_path / "entries.csv", [record(organisation=text)]))
        assert entries().get().organisation == organisation

    def test_expired_entry_with_date(self, site, tmp_path):
        header = [*HEADER, "失效/废止日期"]
        run(write_csv(tmp_path / "entries.csv", [record(validity="废止", validity_changed_on="2025-1-1")], header))
        entry = entries().get()
        assert (entry.validity, entry.validity_changed_on) == (Validity.REPEALED, datetime.date(2025, 1, 1))

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"title": ""}, "标题: This field is required."),
            ({"title": "长" * 300}, "标题: Ensure this value has at most 255 characters (it has 300)."),
            ({"written_date": "2024-02-30"}, "成文日期: “2024-02-30” is not a date."),
            ({"publish_date": "下周一"}, "发布日期: “下周一” is not a date."),
            ({"validity": "作废"}, "有效性: “作废” is not an accepted value. Use one of: 有效、失效、废止、valid、expired、repealed."),
            ({"disclosure_attribute": "内部"}, "公开属性: “内部” is not an accepted value."),
            ({"topic": "不存在"}, "主题分类: Unknown topic “不存在”."),
            ({"genre": "公告"}, "体裁分类: Unknown genre “公告”."),
            ({"organisation": "某县财政局"}, "发文机关: Unknown issuing organisation “某县财政局”."),
            ({"disclosure_attribute": "依申请公开"}, "不公开理由: Give the reason why this information is not proactively disclosed."),
            ({"publish_date": "2024-02-01"}, "发布日期: The publication date (2024-02-01) cannot be earlier than the date of writing (2024-03-01)."),
            ({"validity": "失效"}, "失效/废止日期: Give the date the document expired or was repealed."),
        ],
    )
    def test_bad_row_is_reported_with_its_line_and_reason(self, site, tmp_path, changes, message):
        path = write_csv(tmp_path / "entries.csv", [record(), record(**changes)])
        _out, err, error = run(path)
        assert f"Line 3: {message}" in err
        assert "Line 2" not in err
        assert "Nothing was imported. Rows with errors: 1 of 2." in error
        assert not entries().exists()

    def test_every_problem_of_a_row_is_reported(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record(genre="公告", disclosure_attribute="不予公开", written_date="?")])
        _out, err, _error = run(path)
        assert "Line 2: 成文日期: “?” is not a date." in err
        assert "Line 2: 体裁分类: Unknown genre “公告”." in err
        assert "Line 2: 不公开理由: Give the reason" in err

    def test_plain_text_body_keeps_its_paragraphs(self, site, tmp_path):
        run(write_csv(tmp_path / "entries.csv", [record(body="第一段 <3\n\n第二段")]))
        assert entries().get().body == "<p>第一段 &lt;3</p><p>第二段</p>"


@pytest.mark.django_db
class TestTransaction:
    def test_all_or_nothing(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record(index_number=f"{ORG_CODE}/2024-00072"), record(genre="公告"), record()])
        _out, err, error = run(path)
        assert "Line 3: 体裁分类: Unknown genre “公告”." in err
        assert "Nothing was imported" in error
        assert not entries().exists()
        assert not IssuedIndexNumber.objects.exists() and not IndexNumberSequence.objects.exists()

    def test_skip_invalid_imports_the_other_rows(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", [record(title="一"), record(genre="公告"), record(title="三")])
        out, err, error = run(path, "--skip-invalid")
        assert error is None
        assert "Line 3: 体裁分类: Unknown genre “公告”." in err
        assert "Imported: 2 (published: 0); skipped because of errors: 1; rows read: 3." in out
        assert [entry.title for entry in entries()] == ["一", "三"]

    def test_skip_invalid_fails_when_no_row_is_valid(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", [record(genre="公告")]), "--skip-invalid")
        assert "Nothing was imported" in error

    def test_dry_run_saves_nothing_but_reports_everything(self, site, tmp_path):
        header = [*HEADER, "机构代码"]
        rows = [
            record(index_number=f"{ORG_CODE}/2024-00072"),
            record(organisation="某县教育局", organisation_code=USCC, topic="新主题/新子主题", genre="公告"),
            record(title=""),
        ]
        path = write_csv(tmp_path / "entries.csv", rows, header)
        out, err, error = run(path, "--dry-run", "--create-missing", "--publish", "--reason", "原系统已公开", "--skip-invalid")
        assert error is None
        assert "Dry run, nothing was saved. Rows that can be imported: 2 (to be published: 2); rows with errors: 1; rows read: 3." in out
        assert "New organisations: 1" in out
        assert "Line 4: 标题: This field is required." in err
        assert not entries().exists()
        assert Organisation.objects.count() == 1 and Topic.objects.count() == 2 and Genre.objects.count() == 1
        assert not IssuedIndexNumber.objects.exists() and not IndexNumberSequence.objects.exists()

    def test_dry_run_with_bad_rows_fails(self, site, tmp_path):
        _out, err, error = run(write_csv(tmp_path / "entries.csv", [record(), record(title="")]), "--dry-run")
        assert "Line 3: 标题: This field is required." in err
        assert "Nothing was imported" in error


@pytest.mark.django_db
class TestIndexNumbers:
    def test_legacy_number_is_kept_and_the_sequence_continues_after_it(self, site, tmp_path, organisation):
        run(write_csv(tmp_path / "entries.csv", [record(index_number=f"{ORG_CODE}/2024-00072")]))
        imported = entries().get()
        assert imported.index_number == f"{ORG_CODE}/2024-00072"
        issued = IssuedIndexNumber.objects.get(number=imported.index_number)
        assert issued.origin == IssuedIndexNumber.Origin.IMPORTED and issued.page_id == imported.pk
        new = make_entry(site, organisation=organisation, written_date=datetime.date(2024, 6, 1))
        assert new.index_number == f"{ORG_CODE}/2024-00073"

    def test_rows_without_number_get_one_after_the_legacy_numbers(self, site, tmp_path):
        run(write_csv(tmp_path / "entries.csv", [record(index_number=f"{ORG_CODE}/2024-00072"), record(title="二")]))
        assert [entry.index_number for entry in entries()] == [f"{ORG_CODE}/2024-00072", f"{ORG_CODE}/2024-00073"]

    def test_duplicate_number_within_the_file(self, site, tmp_path):
        number = f"{ORG_CODE}/2024-00072"
        _out, err, error = run(write_csv(tmp_path / "entries.csv", [record(index_number=number), record(index_number=number)]))
        assert f"Line 3: 索引号: The index number {number} is also on line 2." in err
        assert error and not entries().exists()

    def test_number_already_used_on_the_site(self, site, tmp_path):
        existing = make_entry(site)
        _out, err, _error = run(write_csv(tmp_path / "entries.csv", [record(index_number=existing.index_number)]))
        assert f"Line 2: 索引号: The index number {existing.index_number} is already in use on this site." in err
        assert entries().count() == 1

    def test_number_outside_the_scheme_is_kept_with_a_warning(self, site, tmp_path):
        out, _err, error = run(write_csv(tmp_path / "entries.csv", [record(index_number="XZ-2019-0001")]))
        assert error is None
        assert "Line 2: The index number XZ-2019-0001 does not follow this site's scheme" in out
        assert entries().get().index_number == "XZ-2019-0001"


@pytest.mark.django_db
class TestCreateMissing:
    def test_unknown_classifications_are_created(self, site, tmp_path):
        header = [*HEADER, "服务对象分类"]
        rows = [record(topic="科技、教育/科普", genre="公告", audience="企业"), record(topic="新主题", genre="公告")]
        out, _err, error = run(write_csv(tmp_path / "entries.csv", rows, header), "--create-missing")
        assert error is None
        first, second = entries()
        assert first.topic.full_name == "科技、教育 › 科普" and first.topic.parent.name == "科技、教育"
        assert first.genre == second.genre == Genre.objects.get(name="公告")
        assert first.audience == ServiceAudience.objects.get(name="企业")
        assert second.topic.parent is None and second.topic.name == "新主题"
        assert "New genres: 1" in out and "New topics: 2" in out

    def test_organisation_without_a_code_column_is_created_for_an_admin_to_complete(self, site, tmp_path):
        out, _err, error = run(write_csv(tmp_path / "entries.csv", [record(organisation="某县教育局")]), "--create-missing")
        assert error is None and "Complete: 0; incomplete" in out
        entry = entries().get()
        assert entry.organisation.name == "某县教育局" and entry.organisation.code == ""
        assert entry.index_number == "" and entry.incomplete

    def test_organisation_is_created_with_its_code(self, site, tmp_path):
        header = [*HEADER, "机构代码"]
        rows = [record(organisation="某县教育局", organisation_code=USCC.lower()), record(organisation="某县教育局", organisation_code=USCC)]
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", rows, header), "--create-missing")
        assert error is None
        created = Organisation.objects.get(name="某县教育局")
        assert created.code == USCC
        assert [entry.index_number for entry in entries()] == [f"{USCC}/2024-00001", f"{USCC}/2024-00002"]

    def test_invalid_code_is_refused(self, site, tmp_path):
        header = [*HEADER, "机构代码"]
        rows = [record(organisation="某县教育局", organisation_code="11341702486344515X")]
        _out, err, _error = run(write_csv(tmp_path / "entries.csv", rows, header), "--create-missing")
        assert "Line 2: 发文机关: The check character of this unified social credit code is wrong" in err

    def test_code_that_contradicts_the_name(self, site, tmp_path):
        header = [*HEADER, "机构代码"]
        _out, err, _error = run(write_csv(tmp_path / "entries.csv", [record(organisation_code=USCC)], header), "--create-missing")
        assert f"Line 2: 发文机关: The organisation “某县人民政府办公室” has the code {ORG_CODE}, not {USCC}." in err

    def test_nothing_created_for_a_skipped_row(self, site, tmp_path):
        rows = [record(genre="公告", written_date="?"), record(title="二", genre="规划")]
        out, _err, _error = run(write_csv(tmp_path / "entries.csv", rows), "--create-missing", "--skip-invalid")
        assert sorted(Genre.objects.values_list("name", flat=True)) == ["规划", "通知"]
        assert "New genres: 1" in out

    def test_without_the_option_nothing_is_created(self, site, tmp_path):
        _out, err, _error = run(write_csv(tmp_path / "entries.csv", [record(topic="新主题")]))
        assert "Line 2: 主题分类: Unknown topic “新主题”. Add it in the admin first, or import with --create-missing." in err
        assert not Topic.objects.filter(name="新主题").exists()


@pytest.mark.django_db
class TestPublishing:
    def rows(self):
        return [record(title="公开"), record(title="依申请", disclosure_attribute="依申请公开", non_disclosure_reason="条例第十六条")]

    def test_drafts_by_default(self, site, tmp_path):
        run(write_csv(tmp_path / "entries.csv", self.rows()))
        for entry in entries():
            assert not entry.live
            assert entry.latest_revision_id and entry.live_revision_id is None

    def test_publish_publishes_only_proactive_entries(self, site, tmp_path):
        out, _err, _error = run(write_csv(tmp_path / "entries.csv", self.rows()), "--publish", "--reason", "原系统已公开")
        public, on_request = entries()
        assert public.live and public.live_revision_id == public.latest_revision_id
        assert public.publish_date == datetime.date(2024, 3, 5)
        assert not on_request.live
        assert "Imported: 2 (published: 1)" in out
        assert site.public_entries().get() == public

    def test_publish_needs_a_reason(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", self.rows()), "--publish")
        assert "--publish needs --reason" in error
        assert not entries().exists()
        assert not ReviewRecord.objects.exclude(page_pk=site.pk).exists()

    def test_each_published_record_gets_a_legacy_migration_review(self, site, tmp_path):
        user = get_user_model().objects.create_user("importer", first_name="赵强")
        path = write_csv(tmp_path / "legacy-2023.csv", self.rows())
        run(path, "--publish", "--reason", "原系统中已于2024年公开", "--user", "importer")
        public, on_request = entries()
        record = ReviewRecord.objects.get(page_pk=public.pk)
        assert record.kind == RecordKind.LEGACY_MIGRATION and record.conclusion == Conclusion.APPROVE
        assert record.page_pk == public.pk and record.revision_pk == public.live_revision_id
        assert record.content_hash == revision_fingerprint(public.live_revision)
        assert record.reviewer_id == user.pk and record.reviewer_name == "赵强"
        assert record.reason == "原系统中已于2024年公开" and record.source == "legacy-2023.csv"
        assert not ReviewRecord.objects.filter(page_pk=on_request.pk).exists()  # drafts need no record
        log = PageLogEntry.objects.get(page=public, action="wagtail_disclosure.legacy_migration")
        assert log.user_id == user.pk and log.data["reason"] == "原系统中已于2024年公开"
        with translation.override("zh-hans"):
            assert "历史数据迁移" in str(log.message)

    def test_without_user_the_operating_system_account_is_recorded(self, site, tmp_path):
        run(write_csv(tmp_path / "entries.csv", self.rows()), "--publish", "--reason", "原系统已公开")
        record = ReviewRecord.objects.exclude(page_pk=site.pk).get()
        assert record.reviewer_id is None and record.reviewer_name.endswith("（命令行）")

    def test_refusals_speak_the_active_language(self, site, tmp_path):
        path = write_csv(tmp_path / "entries.csv", self.rows())
        with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
            call_command("disclosure_import_catalogue", str(path), "--publish", stdout=io.StringIO(), stderr=io.StringIO())
        assert "--publish 需要 --reason" in str(refused.value)

    def test_unknown_user_is_refused(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", self.rows()), "--publish", "--reason", "x", "--user", "nobody")
        assert "No user named 'nobody'" in error
        assert not entries().exists()


@pytest.mark.django_db
class TestParent:
    def test_only_catalogue_is_the_default(self, site, tmp_path):
        run(write_csv(tmp_path / "entries.csv", [record()]))
        assert entries().get().get_parent().pk == site.pk

    def test_several_catalogues_need_parent(self, site, tmp_path):
        make_catalogue(parent=site.get_parent(), title="另一个目录", slug="xxgk2")
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", [record()]))
        assert "There are several catalogue index pages; choose one with --parent" in error

    @pytest.mark.parametrize("by", ["id", "path", "url_path"])
    def test_parent_by_id_or_path(self, site, tmp_path, by):
        other = make_catalogue(parent=site.get_parent(), title="另一个目录", slug="xxgk2")
        spec = {"id": str(other.pk), "path": "/xxgk2/", "url_path": other.url_path}[by]
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", [record()]), "--parent", spec)
        assert error is None
        assert entries().get().get_parent().pk == other.pk

    def test_parent_must_be_a_catalogue(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", [record()]), "--parent", str(site.get_parent().pk))
        assert "is not a catalogue index page" in error

    def test_unknown_parent(self, site, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", [record()]), "--parent", "/nowhere/")
        assert "No page matches “/nowhere/”." in error

    def test_no_catalogue(self, db, organisation, classifications, tmp_path):
        _out, _err, error = run(write_csv(tmp_path / "entries.csv", [record()]))
        assert "There is no catalogue index page to import into." in error


UNSAFE_BODY = (
    '<p onclick="steal()">通知正文<a href="javascript:alert(1)">链接</a><a href="JaVaScRiPt&#58;alert(2)">二</a>'
    "<script>alert('x')</script></p><style>p{display:none}</style>"
    '<img src="http://example.com/a.png" onerror="alert(3)"><br><div>第二段<br>换行</div>'
    '<a href="https://www.gov.cn/" target="_blank">中国政府网</a>'
)


def assert_safe(html):
    for fragment in ("<script", "onclick", "onerror", "javascript:", "alert", "<style", "display:none"):
        assert fragment not in html.lower()


class TestSanitising:
    def test_sanitize_html_removes_scripts_handlers_and_javascript_urls(self):
        assert_safe(sanitize_html(UNSAFE_BODY))

    def test_rich_text_keeps_text_and_links_and_reports_removed_tags(self, db):
        html, removed = to_rich_text(UNSAFE_BODY)
        assert_safe(html)
        assert "通知正文" in html and '<a href="https://www.gov.cn/">中国政府网</a>' in html
        assert "<p>第二段<br/>换行</p>" in html  # well-formed, as the editor needs
        assert removed == ["img"]

    @pytest.mark.django_db
    def test_imported_body_is_safe_and_opens_in_the_editor(self, site, tmp_path, admin_client):
        out, _err, error = run(write_csv(tmp_path / "entries.csv", [record(body=UNSAFE_BODY)]))
        assert error is None
        assert "Line 2: Removed from the body because the editor does not support it: img." in out
        entry = entries().get()
        assert_safe(entry.body)
        assert_safe(entry.latest_revision.content["body"])
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
        assert response.status_code == 200
        assert json.dumps("通知正文")[1:-1] in response.content.decode()  # in Draftail's JSON


@pytest.mark.django_db
def test_lookups_are_loaded_once_not_per_row(site, tmp_path):
    path = write_csv(tmp_path / "entries.csv", [record(title=f"第{n}号") for n in range(20)])
    with CaptureQueriesContext(connection) as queries:
        run(path)
    assert entries().count() == 20
    for table in ("organisation", "topic", "genre"):
        listing = f'SELECT "wagtail_disclosure_{table}"."id"'
        assert sum(query["sql"].startswith(listing) for query in queries.captured_queries) == 1, table
