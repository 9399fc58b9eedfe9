"""The review ledger (保密审查台账) in the admin: listing, filters, record view, exports, monthly summary, permissions."""

import csv
import datetime
import io
import re
import uuid
import zoneinfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook
from wagtail.models import Page

from wagtail_disclosure.exports import Spreadsheet, neutralise_formula
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    ConfidentialityReviewTask,
    ReviewRecord,
    verify_ledger,
)
from wagtail_disclosure.rules.confidentiality import Basis, Conclusion, RecordKind
from wagtail_disclosure.views.ledger import (
    EXPORT_COLUMNS,
    LABELS,
    monthly_summary,
    summary_columns,
    summary_title,
)

from .utils import make_entry

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LEDGER = reverse("disclosure_ledger:index")
RESULTS = reverse("disclosure_ledger:index_results")
SUMMARY = reverse("disclosure_ledger:summary")


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def make_record(page=None, **fields):
    """A ledger record; without ``page``, one for a page that does not exist (any more)."""
    fields.setdefault("conclusion", Conclusion.APPROVE)
    fields.setdefault("reviewer_name", "审查员甲")
    fields.setdefault("level_name", "初审")
    fields.setdefault("basis", [Basis.SECRECY_LAW])
    fields.setdefault("opinion", "经审查，不涉及国家秘密。")
    fields.setdefault("organisation_name", "青山县人民政府办公室")
    fields.setdefault("content_hash", "a" * 64)
    fields.setdefault("page_content_type", ContentType.objects.get_for_model(CatalogueEntryPage))
    if page is not None:
        fields.update(page_pk=page.pk, page_title=page.title, translation_key=page.translation_key)
    else:
        fields.setdefault("page_pk", 900000 + ReviewRecord.objects.count())
        fields.setdefault("page_title", f"已删除的信息{fields['page_pk']}")
        fields.setdefault("translation_key", uuid.uuid4())
    return ReviewRecord.objects.create(**fields)


def zh(message):
    with translation.override("zh-hans"):
        return gettext(message)


def headings_zh():
    with translation.override("zh-hans"):
        return [str(heading) for _field, heading in EXPORT_COLUMNS]


def listed(response):
    return [record.sequence for record in response.context["object_list"]]


def download(response):
    return b"".join(response.streaming_content)


def read_csv(response):
    content = download(response)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(download(response)))


@pytest.fixture
def reviewer_client(client, django_user_model):
    """A member of a group that reviews in a confidentiality review task (not a superuser)."""
    group = Group.objects.create(name="保密审查员")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    task = ConfidentialityReviewTask.objects.create(name="初审", level_name="初审")
    task.groups.add(group)
    user = django_user_model.objects.create_user("reviewer", "reviewer@example.com", "password")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    """An admin user who is not a reviewer: may use the admin, not the ledger."""
    group = Group.objects.create(name="编辑")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = django_user_model.objects.create_user("editor", "editor@example.com", "password")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.mark.django_db
class TestListing:
    def test_shows_records_newest_first_with_labels(self, admin_client):
        make_record(page_title="关于第一批的通知", opinion="第一条意见" + "很长" * 40)
        make_record(page_title="关于第二批的通知", conclusion=Conclusion.REJECT, basis=[Basis.ARTICLE_14, Basis.ARTICLE_15])
        response = admin_client.get(LEDGER, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        assert listed(response) == [2, 1]
        html = response.content.decode()
        assert "关于第一批的通知" in html and "关于第二批的通知" in html
        with translation.override("zh-hans"):
            assert str(Conclusion.REJECT.label) in html
            assert str(Basis.ARTICLE_14.label) not in html  # the basis is in the record view and the exports
        assert "第一条意见" in html and "很长" * 40 not in html  # the opinion is truncated
        assert reverse("disclosure_ledger:inspect", args=(ReviewRecord.objects.get(sequence=1).pk,)) in html

    def test_paginated(self, admin_client):
        for _ in range(52):
            make_record()
        first = admin_client.get(LEDGER)
        assert listed(first) == list(range(52, 2, -1))
        assert listed(admin_client.get(LEDGER, {"p": 2})) == [2, 1]

    def test_results_fragment_for_filtering(self, admin_client):
        make_record(conclusion=Conclusion.REJECT)
        make_record()
        response = admin_client.get(RESULTS, {"conclusion": "reject"})
        assert response.status_code == 200
        assert listed(response) == [1]

    def test_title_links_to_the_page_only_while_it_exists(self, admin_client, catalogue, organisation):
        kept, deleted = make_entry(catalogue, publish=False), make_entry(catalogue, publish=False)
        make_record(kept)
        make_record(deleted)
        deleted_pk = deleted.pk
        deleted.delete()
        html = admin_client.get(LEDGER).content.decode()
        assert reverse("wagtailadmin_pages:edit", args=(kept.pk,)) in html
        assert reverse("wagtailadmin_pages:edit", args=(deleted_pk,)) not in html
        assert deleted.title in html  # the snapshot title is still listed

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({"reviewed_at_from": "2024-03-01", "reviewed_at_to": "2024-03-31"}, [3, 2]),
            ({"reviewed_at_from": "2024-04-01"}, [4]),
            ({"reviewed_at_to": "2024-02-29"}, [1]),
            ({"organisation_name": "青山县教育局"}, [3]),
            ({"reviewer": "乙"}, [4, 2]),
            ({"conclusion": "reject"}, [2]),
            ({"kind": "emergency"}, [4]),
            ({"level_name": "复审"}, [3]),
            ({"conclusion": "approve", "level_name": "初审"}, [4, 1]),
            ({"conclusion": "approve", "level_name": "初审", "kind": "review"}, [1]),
        ],
    )
    def test_filters(self, admin_client, params, expected):
        self._four_records()
        response = admin_client.get(LEDGER, params)
        assert response.status_code == 200
        assert listed(response) == expected

    def test_filter_by_reviewer_id_and_page_type(self, admin_client, django_user_model):
        self._four_records()
        someone = django_user_model.objects.create_user("reviewer-b", "b@example.com", "password")
        make_record(reviewer=someone, reviewer_name="审查员丁", page_content_type=ContentType.objects.get_for_model(Page))
        assert listed(admin_client.get(LEDGER, {"reviewer": str(someone.pk)})) == [5]
        page_type = ContentType.objects.get_for_model(Page).pk
        assert listed(admin_client.get(LEDGER, {"page_content_type": page_type})) == [5]
        entry_type = ContentType.objects.get_for_model(CatalogueEntryPage).pk
        assert listed(admin_client.get(LEDGER, {"page_content_type": entry_type})) == [4, 3, 2, 1]

    @staticmethod
    def _four_records():
        make_record(reviewed_at=at(2024, 2, 29, 23, 59))
        make_record(reviewed_at=at(2024, 3, 1, 0, 0), conclusion=Conclusion.REJECT, reviewer_name="审查员乙")
        make_record(reviewed_at=at(2024, 3, 31, 23, 59), level_name="复审", organisation_name="青山县教育局")
        make_record(reviewed_at=at(2024, 4, 1, 0, 0), kind=RecordKind.EMERGENCY, reviewer_name="审查员乙", reason="防汛紧急通知")

    def test_query_count_does_not_grow_with_the_records_on_the_page(self, admin_client, catalogue, organisation):
        pages = [make_entry(catalogue, publish=False) for _ in range(3)]

        def add_records(count):
            for index in range(count):
                make_record(pages[index % 3] if index % 2 else None, level_name=f"第{index % 4}级", organisation_name=f"机构{index % 5}")

        before = ReviewRecord.objects.count()  # the catalogue's own approval
        add_records(3)
        admin_client.get(LEDGER)  # warm caches (content types, site, the filters' choices)
        with CaptureQueriesContext(connection) as few:
            assert len(listed(admin_client.get(LEDGER))) == before + 3
        add_records(45)
        admin_client.get(LEDGER)  # brings the cached filter choices up to date
        with CaptureQueriesContext(connection) as many:
            assert len(listed(admin_client.get(LEDGER))) == before + 48
        assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
        assert len(many) <= 20

    def test_filter_choices_follow_the_ledger(self, admin_client):
        make_record(organisation_name="青山县民政局", level_name="初审")
        choices = admin_client.get(LEDGER).context["filters"].form.fields["organisation_name"].choices
        assert ("青山县民政局", "青山县民政局") in choices
        make_record(organisation_name="青山县财政局", level_name="终审")
        form = admin_client.get(LEDGER).context["filters"].form
        assert {"青山县民政局", "青山县财政局"} <= {value for value, _label in form.fields["organisation_name"].choices}
        assert {"初审", "终审"} == {value for value, _label in form.fields["level_name"].choices if value}
        assert listed(admin_client.get(LEDGER, {"level_name": "终审"})) == [2]

    def test_record_view_shows_everything_and_checks_the_hash(self, admin_client):
        record = make_record(opinion="完整的审查意见" * 30, basis=[Basis.ARTICLE_16], confirmations=["no_state_secret"], reason="原因")
        make_record()
        response = admin_client.get(reverse("disclosure_ledger:inspect", args=(record.pk,)), HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        html = response.content.decode()
        assert "完整的审查意见" * 30 in html
        assert record.record_hash in html and record.previous_hash in html
        # Chinese labels, no internal ids, no "None" (issue 12).
        assert "Previous hash" not in html and "Record hash" not in html
        assert re.search(r">\s*None\s*<", html) is None
        assert "页面ID" not in html and "修订版本ID" not in html
        with translation.override("zh-hans"):
            assert str(Basis.ARTICLE_16.label) in html
        assert zh("Intact: the record matches its hash and follows the previous record.") in html

    def test_record_view_reports_an_altered_record(self, admin_client):
        record = make_record()
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ReviewRecord._meta.db_table} SET opinion = %s WHERE id = %s", ["篡改", record.pk])  # noqa: S608
        html = admin_client.get(reverse("disclosure_ledger:inspect", args=(record.pk,))).content.decode()
        assert zh("Altered: the content does not match its hash. Run disclosure_verify_ledger.") in html

    def test_no_add_edit_or_delete(self, admin_client):
        record = make_record()
        for name in ("add", "edit", "delete", "copy", "history"):
            with pytest.raises(NoReverseMatch):
                reverse(f"disclosure_ledger:{name}", args=() if name == "add" else (record.pk,))
        for url in (f"{LEDGER}new/", f"{LEDGER}{record.pk}/edit/", f"{LEDGER}{record.pk}/delete/", f"{LEDGER}edit/{record.pk}/", f"{LEDGER}delete/{record.pk}/"):
            assert admin_client.get(url).status_code == 404, url
            assert admin_client.post(url, {"opinion": "改"}).status_code == 404, url
        inspect = reverse("disclosure_ledger:inspect", args=(record.pk,))
        for url in (LEDGER, inspect, SUMMARY):
            assert admin_client.post(url, {"opinion": "改"}).status_code == 405, url
        html = admin_client.get(inspect).content.decode()
        assert "/edit/" not in html.split('id="main"')[-1] and "/delete/" not in html.split('id="main"')[-1]
        assert ReviewRecord.objects.get().record_hash == record.record_hash and verify_ledger() == []


@pytest.mark.django_db
class TestPermissions:
    def urls(self, **record_fields):
        record = make_record(**record_fields)
        return [
            LEDGER,
            RESULTS,
            f"{LEDGER}?export=xlsx",
            f"{LEDGER}?export=csv",
            reverse("disclosure_ledger:inspect", args=(record.pk,)),
            SUMMARY,
            f"{SUMMARY}?year=2024&export=xlsx",
            f"{SUMMARY}?year=2024&export=csv",
        ]

    def test_admin_user_who_is_not_a_reviewer_is_refused_everywhere(self, editor_client):
        assert editor_client.get(reverse("wagtailadmin_home")).status_code == 200
        for url in self.urls():
            response = editor_client.get(url)
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert response["Location"] == reverse("wagtailadmin_home"), url
            assert "Content-Disposition" not in response, url

    def test_ajax_requests_get_403(self, editor_client):
        for url in self.urls():
            assert editor_client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403, url

    def test_anonymous_is_sent_to_login(self, client):
        for url in self.urls():
            response = client.get(url)
            assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"], url

    def test_reviewers_may_open_every_view(self, reviewer_client, django_user_model):
        # A record they wrote: which others they see is TestScope's subject.
        for url in self.urls(reviewer=django_user_model.objects.get(username="reviewer")):
            assert reviewer_client.get(url).status_code == 200, url

    def test_view_permission_grants_access_to_auditors(self, editor_client, django_user_model):
        user = django_user_model.objects.get(username="editor")
        user.groups.get().permissions.add(Permission.objects.get(codename="view_reviewrecord"))
        for url in self.urls():
            assert editor_client.get(url).status_code == 200, url

    def test_reviewer_without_admin_access_is_refused(self, client, django_user_model):
        group = Group.objects.create(name="无后台权限的审查员")
        ConfidentialityReviewTask.objects.create(name="初审").groups.add(group)
        user = django_user_model.objects.create_user("nobody", "nobody@example.com", "password")
        user.groups.add(group)
        client.force_login(user)
        for url in self.urls():
            response = client.get(url)
            assert response.status_code in (302, 403) and "Content-Disposition" not in response, url

    def test_menu_item_only_for_those_allowed(self, reviewer_client, editor_client, django_user_model):
        # Both fixtures share one client: log in each user in turn.
        reviewer, editor = django_user_model.objects.get(username="reviewer"), django_user_model.objects.get(username="editor")
        reviewer_client.force_login(reviewer)
        assert LEDGER in reviewer_client.get(reverse("wagtailadmin_home")).content.decode()
        editor_client.force_login(editor)
        assert LEDGER not in editor_client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
class TestExports:
    def test_csv_has_bom_chinese_headings_labels_and_no_formulas(self, admin_client):
        make_record(opinion="=1+1", page_title="+SUM(A1:A2)", reviewer_name="@审查员", reason="-2", basis=[Basis.ARTICLE_14, Basis.ARTICLE_15])
        make_record(opinion="\t=cmd|' /C calc'!A0", source="\r=1", conclusion=Conclusion.REJECT, kind=RecordKind.LEGACY_MIGRATION)
        response = admin_client.get(LEDGER, {"export": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv") and "charset=utf-8" in response["Content-Type"]
        assert 'filename="review-ledger-' in response["Content-Disposition"]
        rows = read_csv(response)
        assert rows[0] == headings_zh()
        column = {field: index for index, (field, _heading) in enumerate(EXPORT_COLUMNS)}
        newest, oldest = rows[1], rows[2]
        assert oldest[column["opinion"]] == "'=1+1"
        assert oldest[column["page_title"]] == "'+SUM(A1:A2)"
        assert oldest[column["reviewer_name"]] == "'@审查员"
        assert oldest[column["reason"]] == "'-2"
        assert newest[column["opinion"]] == "'\t=cmd|' /C calc'!A0"
        assert newest[column["source"]] == "'\r=1"
        with translation.override("zh-hans"):
            assert oldest[column["conclusion"]] == str(Conclusion.APPROVE.label)
            assert oldest[column["basis"]] == pgettext("list separator", ", ").join([str(Basis.ARTICLE_14.label), str(Basis.ARTICLE_15.label)])
            assert newest[column["kind"]] == str(RecordKind.LEGACY_MIGRATION.label)
            assert oldest[column["page_content_type_id"]] == capfirst(str(CatalogueEntryPage._meta.verbose_name))
        assert newest[column["sequence"]] == "2"

    def test_csv_times_are_local(self, admin_client):
        make_record(reviewed_at=datetime.datetime(2024, 12, 31, 16, 30, tzinfo=datetime.UTC))
        rows = read_csv(admin_client.get(LEDGER, {"export": "csv"}))
        assert rows[1][1] == "2025-01-01 00:30:00"

    def test_xlsx_opens_with_headings_rows_and_text_not_formulas(self, admin_client):
        make_record(opinion="=1+1", reviewed_at=at(2024, 5, 6, 7, 8, 9))
        make_record(conclusion=Conclusion.REFER, basis=[], opinion="第二条\x07含控制字符")
        response = admin_client.get(LEDGER, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet = read_xlsx(response).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == headings_zh()
        assert len(rows) == 3
        column = {field: index for index, (field, _heading) in enumerate(EXPORT_COLUMNS)}
        newest, oldest = rows[1], rows[2]
        assert (newest[column["sequence"]], oldest[column["sequence"]]) == (2, 1)
        assert oldest[column["reviewed_at"]] == datetime.datetime(2024, 5, 6, 7, 8, 9)
        assert oldest[column["opinion"]] == "=1+1"
        assert sheet.cell(row=3, column=column["opinion"] + 1).data_type == "s"
        assert newest[column["opinion"]] == "第二条含控制字符"
        with translation.override("zh-hans"):
            assert newest[column["conclusion"]] == str(Conclusion.REFER.label)
            assert oldest[column["kind"]] == str(RecordKind.REVIEW.label)
            assert oldest[column["basis"]] == str(Basis.SECRECY_LAW.label)
        assert oldest[column["record_hash"]] == ReviewRecord.objects.get(sequence=1).record_hash

    def test_exports_follow_the_filters_and_the_ordering(self, admin_client):
        make_record(conclusion=Conclusion.REJECT)
        make_record()
        make_record(conclusion=Conclusion.REJECT)
        rows = read_csv(admin_client.get(LEDGER, {"conclusion": "reject", "export": "csv"}))
        assert [row[0] for row in rows[1:]] == ["3", "1"]
        sheet = read_xlsx(admin_client.get(LEDGER, {"conclusion": "reject", "ordering": "sequence", "export": "xlsx"})).active
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, 3]

    def test_empty_ledger_exports_headings_only(self, admin_client):
        assert read_csv(admin_client.get(LEDGER, {"export": "csv"})) == [headings_zh()]
        assert len(list(read_xlsx(admin_client.get(LEDGER, {"export": "xlsx"})).active.iter_rows())) == 1


class TestSpreadsheetHelpers:
    @pytest.mark.parametrize(
        "value, expected",
        [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=1", "a=1"), ("", ""), (-1, -1), (None, None)],
    )
    def test_neutralise_formula(self, value, expected):
        assert neutralise_formula(value) == expected

    def test_title_rows_and_lists(self):
        spreadsheet = Spreadsheet(["A", "B"], iter([["=x", ["甲", "乙"]]]), title="标题")
        text = b"".join(spreadsheet.iter_csv()).decode("utf-8")
        assert text.startswith("\ufeff标题\r\nA,B\r\n'=x,")
        assert "甲" in text and "乙" in text


@pytest.mark.django_db
class TestMonthlySummary:
    @staticmethod
    def _records():
        office, education = "县政府办公室", "县教育局"
        make_record(reviewed_at=at(2023, 12, 31, 23, 59), organisation_name=office)  # previous year
        make_record(reviewed_at=at(2024, 1, 1, 0, 1), organisation_name=office)  # 2023-12-31 16:01 UTC: January 2024 locally
        make_record(reviewed_at=at(2024, 1, 15, 10), organisation_name=office, conclusion=Conclusion.REJECT)
        make_record(reviewed_at=at(2024, 1, 20, 10), organisation_name=education, conclusion=Conclusion.APPROVE_AFTER_REDACTION)
        make_record(reviewed_at=at(2024, 3, 5, 10), organisation_name=office, kind=RecordKind.EMERGENCY)
        make_record(reviewed_at=at(2024, 3, 6, 10), organisation_name=office, conclusion=Conclusion.REFER)
        make_record(reviewed_at=at(2024, 12, 31, 23, 30), organisation_name=education, kind=RecordKind.LEGACY_MIGRATION)
        make_record(reviewed_at=at(2025, 1, 1, 0, 0), organisation_name=education)  # next year
        return office, education

    def test_counts_per_month_and_organisation(self):
        office, education = self._records()
        rows = monthly_summary(2024)
        keyed = {(row["month"], row["organisation"]): row for row in rows}
        assert list(keyed) == [(1, office), (1, education), (3, office), (12, education), (None, "")]
        assert (keyed[(1, office)]["total"], keyed[(1, office)]["conclusion_approve"], keyed[(1, office)]["conclusion_reject"]) == (2, 1, 1)
        assert keyed[(1, education)]["conclusion_redact"] == 1 and keyed[(1, education)]["total"] == 1
        assert (keyed[(3, office)]["kind_emergency"], keyed[(3, office)]["kind_review"], keyed[(3, office)]["conclusion_refer"]) == (1, 1, 1)
        assert keyed[(12, education)]["kind_legacy"] == 1
        total = keyed[(None, "")]
        assert total["total"] == 6 and total["conclusion_approve"] == 3 and total["kind_review"] == 4
        assert sum(total[f"conclusion_{code}"] for code in Conclusion.values) == total["total"]
        assert sum(total[f"kind_{code}"] for code in RecordKind.values) == total["total"]

    def test_one_organisation_has_every_month(self):
        office, _education = self._records()
        rows = monthly_summary(2024, office)
        assert [row["month"] for row in rows] == [*range(1, 13), None]
        assert [row["total"] for row in rows] == [2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]

    def test_xlsx_and_csv(self, admin_client):
        office, education = self._records()
        response = admin_client.get(SUMMARY, {"year": 2024, "export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        rows = list(read_xlsx(response).active.iter_rows(values_only=True))
        with translation.override("zh-hans"):
            title = summary_title(2024)
            headings = [str(heading) for _key, heading in summary_columns()]
            january, total = gettext("Month %(month)s") % {"month": 1}, str(LABELS["total"])
        assert rows[0][0] == title
        assert list(rows[1]) == headings
        body = rows[2:]
        assert [(row[0], row[1]) for row in body] == [(january, office), (january, education), (body[2][0], office), (body[3][0], education), (total, None)]
        assert body[0][-1] == 2
        assert body[-1][-1] == 6
        csv_rows = read_csv(admin_client.get(SUMMARY, {"year": 2024, "organisation": office, "export": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))
        assert csv_rows[0] == [title]
        assert csv_rows[2] == headings
        assert len(csv_rows) == 3 + 12 + 1 and csv_rows[-1][-1] == "4"

    def test_page_shows_the_table(self, admin_client):
        office, _education = self._records()
        response = admin_client.get(SUMMARY, {"year": 2024}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        html = response.content.decode()
        assert zh("Confidentiality review summary (保密审查汇总表), %(year)s") % {"year": 2024} in html
        assert office in html and "export=xlsx" in html and "export=csv" in html
        assert response.context["rows"][-1][-1] == 6

    def test_title_via_gettext(self):
        assert summary_title(2024) == gettext("Confidentiality review summary (保密审查汇总表), %(year)s") % {"year": 2024}


@pytest.mark.django_db
def test_view_permission_can_be_given_to_a_group_in_the_admin(admin_client):
    permission = Permission.objects.get(content_type__app_label="wagtail_disclosure", codename="view_reviewrecord")
    response = admin_client.get(reverse("wagtailusers_groups:add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{permission.pk}"' in html
    for codename in ("add_reviewrecord", "change_reviewrecord", "delete_reviewrecord"):
        other = Permission.objects.get(content_type__app_label="wagtail_disclosure", codename=codename)
        assert f'value="{other.pk}"' not in html
