"""Adoption by a host site.

* The disclosure locale (``zh-hans``, ``models.language``) exists, whatever the site's default language
  (Wagtail creates only the default's).
* Internal records (公开属性 依申请公开 or 不予公开) are never live: take those that are live offline.
  Until now they were live and answered 404 on their own URL, but Wagtail's API, sitemaps and anything a
  host site builds from ``Page.objects.live()`` listed them (models/base.py ``keep_internal_record_offline``).
"""

from django.db import migrations


def take_internal_records_offline(apps, schema_editor):
    CatalogueEntryPage = apps.get_model("wagtail_disclosure", "CatalogueEntryPage")
    Page = apps.get_model("wagtailcore", "Page")
    internal = CatalogueEntryPage.objects.filter(live=True).exclude(disclosure_attribute="public")
    Page.objects.filter(pk__in=list(internal.values_list("pk", flat=True))).update(live=False, live_revision=None)


def create_disclosure_locale(apps, schema_editor):
    apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="zh-hans")


class Migration(migrations.Migration):
    dependencies = [("wagtail_disclosure", "0013_organisation_parent")]

    operations = [
        migrations.RunPython(create_disclosure_locale, migrations.RunPython.noop),
        migrations.RunPython(take_internal_records_offline, migrations.RunPython.noop),
    ]
