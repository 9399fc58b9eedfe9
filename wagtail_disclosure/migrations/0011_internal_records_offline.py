"""Internal records (公开属性 依申请公开 or 不予公开) are never live: take those that are offline.

Until now they were live and answered 404 on their own URL, but Wagtail's API, sitemaps and anything a
host site builds from ``Page.objects.live()`` listed them (models/base.py ``keep_internal_record_offline``).
"""

from django.db import migrations


def take_internal_records_offline(apps, schema_editor):
    CatalogueEntryPage = apps.get_model("wagtail_disclosure", "CatalogueEntryPage")
    Page = apps.get_model("wagtailcore", "Page")
    internal = CatalogueEntryPage.objects.filter(live=True).exclude(disclosure_attribute="public")
    Page.objects.filter(pk__in=list(internal.values_list("pk", flat=True))).update(live=False, live_revision=None)


class Migration(migrations.Migration):
    dependencies = [("wagtail_disclosure", "0010_annual_report_pages")]

    operations = [migrations.RunPython(take_internal_records_offline, migrations.RunPython.noop)]
