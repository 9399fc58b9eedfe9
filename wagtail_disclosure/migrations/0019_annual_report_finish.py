"""Annual reports: one per organisation, statistics year and locale in the database; the 2019 trial format's
tables converted to the 2021 tables (pages keep only those), the figures without a place there kept in an
internal note."""

import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Pure functions (no models): the same conversion as the import's.
from wagtail_disclosure.rules.annual_report import DocumentError, Report, read_tables, tables_document
from wagtail_disclosure.rules.annual_report.formats import to_2021, unmapped_note


def _converted(tables, year, note):
    """(tables in the 2021 format, the note with the figures left out) of a page's 2019-format tables."""
    try:
        report = Report(year=year or 2019, format="2019", **read_tables(tables, "2019"))
    except DocumentError:  # tables that do not even read as 2019 ones: kept whole in the note
        report, extra = Report.blank(year or 2019, value=None), json.dumps(tables, ensure_ascii=False)
    else:
        report, unmapped, _notes = to_2021(report)
        extra = unmapped_note(unmapped)
    return tables_document(report), "\n\n".join(part for part in (note, extra) if part)


def _convert_revision(revision):
    content = revision.content
    tables = content.get("tables")
    as_text = isinstance(tables, str)
    if as_text:
        tables = json.loads(tables)
    if not isinstance(tables, dict) or tables.get("format") != "2019":
        return False
    tables, content["conversion_note"] = _converted(tables, content.get("year"), content.get("conversion_note") or "")
    content["tables"] = json.dumps(tables, ensure_ascii=False) if as_text else tables
    revision.save(update_fields=["content"])
    return True


def forwards(apps, schema_editor):
    AnnualReportPage = apps.get_model("wagtail_disclosure", "AnnualReportPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    claimed = set()
    # Live reports first: where the database already holds two reports of an organisation's year (a copy
    # that no rule stopped), the live one keeps the claim and the other is refused at its next save.
    for page in AnnualReportPage.objects.order_by("-live", "pk"):
        updates = {}
        if (page.tables or {}).get("format") == "2019":
            updates["tables"], updates["conversion_note"] = _converted(page.tables, page.year, page.conversion_note)
        key = (page.organisation_id, page.year, page.locale_id)
        if page.alias_of_id is None and key not in claimed:
            claimed.add(key)
            updates["report_locale_id"] = page.locale_id
        if updates:
            AnnualReportPage.objects.filter(pk=page.pk).update(**updates)
    content_type = ContentType.objects.filter(app_label="wagtail_disclosure", model="annualreportpage").first()
    if content_type is not None:
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            _convert_revision(revision)


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_disclosure', '0018_request_handling'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='annualreportpage',
            name='conversion_note',
            field=models.TextField(blank=True, help_text='Figures of a 2019-format report that the 2021 tables have no place for.', verbose_name='figures not carried over'),
        ),
        migrations.AddField(
            model_name='annualreportpage',
            name='report_locale',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='annualreportpage',
            constraint=models.UniqueConstraint(fields=('organisation', 'year', 'report_locale'), name='wd_annual_report_one_a_year'),
        ),
    ]
