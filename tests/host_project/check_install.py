"""Run in a fresh virtual environment with the built wheel installed (tests/test_packaging.py): the host site
migrates, gets a 政府信息公开 column through the plugin's own API, and serves it in its layout."""

import datetime
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from wagtail.models import Locale, Site  # noqa: E402

import wagtail_disclosure  # noqa: E402
from hostsite.menu import main_menu  # noqa: E402
from wagtail_disclosure.models import CatalogueEntryPage, CatalogueIndexPage, Genre, Organisation, Topic  # noqa: E402
from wagtail_disclosure.rules.confidentiality import RecordKind  # noqa: E402
from wagtail_disclosure.rules.vocabulary import DisclosureAttribute  # noqa: E402
from wagtail_disclosure.services.reviews import record_decision  # noqa: E402


def publish(page):
    revision = page.save_revision()
    record_decision(
        page, revision, kind=RecordKind.LEGACY_MIGRATION, publish=True, skip_permission_checks=True,
        reviewer_name="安装检查", reason="安装检查", source="check_install",
    )  # fmt: skip
    return type(page).objects.get(pk=page.pk)


def main():
    assert os.path.realpath(wagtail_disclosure.__file__).startswith(os.path.realpath(sys.prefix)), wagtail_disclosure.__file__
    call_command("migrate", verbosity=0)
    call_command("disclosure_load_defaults", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page
    assert home.locale.language_code == "en"
    chinese = Locale.objects.get(language_code="zh-hans")  # created by the plugin's migration
    catalogue = publish(home.add_child(instance=CatalogueIndexPage(title="政府信息公开目录", slug="xxgk", locale=chinese, live=False)))
    organisation = Organisation.objects.create(name="某县人民政府办公室", code="000014349")
    fields = {"organisation": organisation, "topic": Topic.objects.filter(parent__isnull=False).first(), "genre": Genre.objects.first(),
              "written_date": datetime.date(2024, 3, 1), "live": False}  # fmt: skip
    entry = publish(catalogue.add_child(instance=CatalogueEntryPage(title="关于印发某县教育发展规划的通知", slug="plan", **fields)))
    internal = publish(catalogue.add_child(instance=CatalogueEntryPage(
        title="某县财政局内部请示", slug="internal", disclosure_attribute=DisclosureAttribute.ON_REQUEST,
        non_disclosure_reason="条例第十六条：过程性信息", **fields,
    )))  # fmt: skip
    assert entry.live and not internal.live

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(catalogue.url)
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert entry.title in html and internal.title not in html
    assert '<html lang="zh-hans">' in html and "Host site" in html, html[:500]
    assert "wagtail_disclosure/css/disclosure.css" in html
    html = client.get(entry.url).content.decode()
    assert "索引号" in html and entry.index_number in html
    assert client.get("/internal/").status_code == 404
    listed = client.get("/api/v2/pages/", {"limit": 20}).json()["items"]
    assert entry.pk in [item["id"] for item in listed] and internal.pk not in [item["id"] for item in listed]
    assert internal.pk not in [page.pk for page in main_menu(RequestFactory().get("/", HTTP_HOST="localhost"))]
    print("host site OK")


if __name__ == "__main__":
    main()
