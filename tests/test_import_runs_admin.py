"""目录导入记录: the catalogue imports in the admin, read-only, for those with the view permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from wagtail_disclosure.models import ImportRun

from .test_import import run, write_csv
from .test_import_batches import FailOn, rows
from .utils import make_user


@pytest.fixture
def interrupted_run(catalogue, organisation, classifications, tmp_path):
    with FailOn("第3条"):
        run(write_csv(tmp_path / "旧系统导出.csv", rows(4)), "--batch-size", "2")
    return ImportRun.objects.get()


@pytest.mark.django_db
class TestImportRuns:
    def test_an_administrator_sees_how_far_an_import_got_and_how_to_continue_it(self, admin_client, interrupted_run):
        with translation.override("zh-hans"):
            listing = admin_client.get(reverse("disclosure_imports:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "旧系统导出.csv" in listing and "已中断" in listing and "2 / 4" in listing
        assert interrupted_run.started_at.strftime("%Y-") in listing and "之前" not in listing  # a date, not "3 分钟之前"
        record_page = admin_client.get(reverse("disclosure_imports:inspect", args=(interrupted_run.pk,))).content.decode()
        assert "disclosure_import_catalogue “旧系统导出.csv” --resume" in record_page
        details = record_page[record_page.index("<dl") : record_page.index("</dl>")]
        assert "disk I/O error" in details and "None" not in details and "—" in details  # no finish time yet

    def test_nobody_adds_edits_or_deletes_a_record_not_even_a_superuser(self, admin_client, interrupted_run):
        listing = admin_client.get(reverse("disclosure_imports:index")).content.decode()
        assert reverse("disclosure_imports:add") not in listing and reverse("disclosure_imports:edit", args=(interrupted_run.pk,)) not in listing
        for url in (
            reverse("disclosure_imports:add"),
            reverse("disclosure_imports:edit", args=(interrupted_run.pk,)),
            reverse("disclosure_imports:delete", args=(interrupted_run.pk,)),
        ):
            response = admin_client.post(url, {"file_name": "改过的.csv"})
            assert response.status_code in (302, 403) and response.get("Location", "") != reverse("disclosure_imports:index")
        assert ImportRun.objects.get().file_name == "旧系统导出.csv"

    def test_the_view_permission_opens_it_to_others(self, client, interrupted_run):
        group = Group.objects.create(name="导入管理")
        group.permissions.add(Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_importrun"))
        make_user("daoru", "password", group)
        make_user("qita", "password", Group.objects.create(name="其他"))
        client.login(username="qita", password="password")
        assert client.get(reverse("disclosure_imports:index")).status_code in (302, 403)
        client.login(username="daoru", password="password")
        assert client.get(reverse("disclosure_imports:index")).status_code == 200
        assert client.get(reverse("disclosure_imports:inspect", args=(interrupted_run.pk,))).status_code == 200
