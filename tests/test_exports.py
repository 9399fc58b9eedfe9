"""Every admin export (timeliness report, entries listing, organisations, topics, review ledger) goes
through exports.Workbook: CSV with a BOM and neutralised formulas, XLSX with text kept text and
numbers and dates typed, Chinese intact; and a workbook of several sheets."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from wagtail_disclosure.exports import Sheet, Spreadsheet, Workbook
from wagtail_disclosure.models import ReviewRecord, Topic
from wagtail_disclosure.rules.vocabulary import DisclosureAttribute

from .utils import approve, make_entry, make_organisation

# A cell starting with any of these is a formula to a spreadsheet (DDE and HYPERLINK payloads included).
PAYLOADS = [
    '=HYPERLINK("http://example.com/","点击查看通知")',
    "+1+cmd|' /C calc'!A0",
    "-2+3 关于教育的通知",
    "@SUM(A1:A2) 审查",
]


def download(response):
    return b"".join(response.streaming_content)


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = download(response)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8")[1:])))


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = download(response)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), "a cell was written as a formula"
    return load_workbook(io.BytesIO(content))


def zh(message, context=None):
    with translation.override("zh-hans"):
        return pgettext(context, message) if context else gettext(message)


def column(rows, heading):
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


def assert_neutralised(client, url, heading, payloads, others=()):
    """In both formats, the column ``heading`` holds ``payloads`` as text: apostrophe-prefixed in CSV,
    string cells (never formulas) in XLSX; and ``others``, unchanged. Returns the CSV rows and the
    XLSX sheet for further checks."""
    rows = read_csv(client.get(url, {"export": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert sorted(column(rows, heading)) == sorted(["'" + payload for payload in payloads] + list(others))
    sheet = read_xlsx(client.get(url, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="zh-hans")).active
    cells = list(sheet.iter_rows())
    index = [cell.value for cell in cells[0]].index(heading)
    assert sorted(row[index].value for row in cells[1:]) == sorted([*payloads, *others])
    assert {row[index].data_type for row in cells[1:]} == {"s"}
    return rows, sheet


@pytest.mark.django_db
class TestTimelinessReport:
    URL = reverse("wagtail_disclosure:timeliness")

    def test_formulas_neutralised_bom_chinese_and_dates_typed(self, admin_client, catalogue, organisation, classifications):
        for payload in PAYLOADS:
            make_entry(catalogue, title=payload, written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 6, 3))
        rows, sheet = assert_neutralised(admin_client, self.URL, zh("Title"), PAYLOADS)
        assert set(column(rows, zh("Issuing organisation"))) == {organisation.name}
        assert set(column(rows, zh("Date of writing"))) == {"2024-03-01"}
        assert all(label and "'" not in label for label in column(rows, zh("Timeliness")))
        headings = [cell.value for cell in next(sheet.iter_rows())]
        first = [cell.value for cell in next(sheet.iter_rows(min_row=2))]
        assert first[headings.index(zh("Date of writing"))] == datetime.datetime(2024, 3, 1)
        assert first[headings.index(zh("Issuing organisation"))] == organisation.name
        # The sheet carries the report's name.
        assert sheet.title == zh("Publication timeliness")

    def test_export_follows_the_filters(self, admin_client, catalogue, organisation, classifications):
        make_entry(catalogue, title="=迟发布", written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 6, 3))
        make_entry(catalogue, title="@逾期未发布", written_date=datetime.date(2024, 3, 1), publish=False)
        rows = read_csv(admin_client.get(self.URL, {"status": "overdue", "export": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))
        assert column(rows, zh("Title")) == ["'@逾期未发布"]


@pytest.mark.django_db
class TestEntriesListing:
    URL = reverse("disclosure_entries:index")

    def test_formulas_neutralised_bom_chinese_and_labels(self, admin_client, catalogue, organisation, classifications):
        for payload in PAYLOADS:
            make_entry(catalogue, title=payload, document_number=payload[:1] + "某教发〔2024〕5号")
        rows, sheet = assert_neutralised(admin_client, self.URL, zh("Title"), PAYLOADS)
        assert sorted(column(rows, zh("Document number"))) == sorted(f"'{payload[:1]}某教发〔2024〕5号" for payload in PAYLOADS)
        # Choice fields export their labels, in the user's language.
        with translation.override("zh-hans"):
            public = str(DisclosureAttribute.PUBLIC.label)
        assert set(column(rows, zh("Disclosure attribute"))) == {public}
        headings = [cell.value for cell in next(sheet.iter_rows())]
        first = [cell.value for cell in next(sheet.iter_rows(min_row=2))]
        assert first[headings.index(zh("Date of writing"))] == datetime.datetime(2024, 3, 1)

    def test_export_follows_the_filters(self, admin_client, catalogue, organisation, classifications):
        make_entry(catalogue, title="=主动公开的通知")
        make_entry(catalogue, title="-不予公开的请示", disclosure_attribute=DisclosureAttribute.WITHHELD, non_disclosure_reason="条例第十六条：过程性信息", publish=False)
        rows = read_csv(admin_client.get(self.URL, {"disclosure_attribute": "withheld", "export": "csv"}))
        assert column(rows, zh("Title")) == ["'-不予公开的请示"]
        sheet = read_xlsx(admin_client.get(self.URL, {"q": "=主动", "export": "xlsx"})).active
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["=主动公开的通知"]


@pytest.mark.django_db
class TestOrganisations:
    URL = reverse("disclosure_organisations:index")

    def test_formulas_neutralised_bom_chinese_and_numbers(self, admin_client):
        for number, payload in enumerate(PAYLOADS):
            make_organisation(name=payload, code=f"00001434{number}", short_name="@" + payload[1:3])
        rows, _sheet = assert_neutralised(admin_client, self.URL, "名称", PAYLOADS)
        assert sorted(column(rows, "简称")) == sorted("'@" + payload[1:3] for payload in PAYLOADS)

    def test_export_follows_the_search(self, admin_client):
        make_organisation(name="=县教育局", code="000014341")
        make_organisation(name="+县财政局", code="000014342")
        rows = read_csv(admin_client.get(self.URL, {"q": "财政", "export": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))
        assert column(rows, "名称") == ["'+县财政局"]


@pytest.mark.django_db
class TestTopics:
    URL = reverse("disclosure_topics:index")

    def test_formulas_neutralised_bom_chinese_and_numbers(self, admin_client):
        for number, payload in enumerate(PAYLOADS):
            Topic.objects.create(name=payload, sort_order=number)
        Topic.objects.create(name="学前教育", parent=Topic.objects.get(name=PAYLOADS[0]), sort_order=7)
        full_names = [*PAYLOADS, f"{PAYLOADS[0]} › 学前教育"]
        rows, sheet = assert_neutralised(admin_client, self.URL, zh("Topic"), full_names)
        # Numbers stay numbers.
        assert sorted(order for _name, order in sheet.iter_rows(min_row=2, values_only=True)) == [0, 1, 2, 3, 7]
        assert sorted(column(rows, "排序")) == ["0", "1", "2", "3", "7"]


@pytest.mark.django_db
class TestReviewLedger:
    URL = reverse("disclosure_ledger:index")

    def test_formulas_neutralised_bom_chinese(self, admin_client, catalogue, organisation, classifications):
        entry = make_entry(catalogue, title="关于教育的通知")
        earlier = list(ReviewRecord.objects.values_list("reason", flat=True))  # the catalogue's and the entry's
        for payload in PAYLOADS:
            approve(entry, reason=payload)
        rows, _sheet = assert_neutralised(admin_client, self.URL, zh("Reason", "review ledger"), PAYLOADS, others=earlier)
        assert set(column(rows, zh("Title", "review ledger"))) == {"关于教育的通知", "政府信息公开目录"}


class TestWorkbook:
    def test_two_sheets_in_one_workbook(self):
        workbook = Workbook(
            [
                Sheet(["项目", "数量"], iter([["=本年新制作政府信息数量", 12], ["-本年废止", -3]]), name="第二项", title="主动公开政府信息情况"),
                Sheet(["申请人", "日期"], iter([["@自然人", datetime.date(2024, 5, 6)]]), name="第三项"),
            ],
            filename="annual-report",
        )
        output = io.BytesIO()
        workbook.write_xlsx(output)
        book = load_workbook(io.BytesIO(output.getvalue()))
        assert book.sheetnames == ["第二项", "第三项"]
        first, second = book["第二项"], book["第三项"]
        assert list(first.iter_rows(values_only=True)) == [
            ("主动公开政府信息情况", None), ("项目", "数量"), ("=本年新制作政府信息数量", 12), ("-本年废止", -3),
        ]
        assert first.cell(row=3, column=1).data_type == "s"
        assert list(second.iter_rows(values_only=True)) == [("申请人", "日期"), ("@自然人", datetime.datetime(2024, 5, 6))]
        assert second.cell(row=2, column=2).is_date

    def test_two_sheets_in_one_csv(self):
        workbook = Workbook(
            [Sheet(["项目"], iter([["=甲"]]), name="第二项"), Sheet(["申请人"], iter([["+乙"]]), name="=第三项")],
            filename="annual-report",
        )
        text = b"".join(workbook.iter_csv()).decode("utf-8")
        assert text == "\ufeff第二项\r\n项目\r\n'=甲\r\n\r\n'=第三项\r\n申请人\r\n'+乙\r\n"

    def test_rows_are_streamed_in_the_language_of_the_request(self):
        # A CSV is streamed after the view has returned, when the admin user's language is no longer
        # active: rows produced then (labels, translated values) still come in the request's language.
        consumed = []

        def rows():
            for number in range(20000):
                consumed.append(number)
                yield [gettext("Title"), f"第{number}行" * 3]

        with translation.override("zh-hans"):
            chunks = Spreadsheet(["标题", "行"], rows()).iter_csv()
        with translation.override("en"):
            first = next(chunks)
            assert 0 < len(consumed) < 20000  # in chunks, not all at once
            assert translation.get_language() == "en"
            text = (first + b"".join(chunks)).decode("utf-8")
        assert len(consumed) == 20000
        assert text.startswith("\ufeff标题,行\r\n标题,第0行第0行第0行\r\n")
        assert "Title" not in text


    def test_a_workbook_needs_a_sheet(self):
        with pytest.raises(ValueError):
            Workbook([])
