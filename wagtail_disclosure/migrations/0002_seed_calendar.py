"""Seed the working-day calendar from the chinese-calendar package so deadlines work out of the box."""

from django.db import migrations


def seed_calendar(apps, schema_editor):
    from wagtail_disclosure.models.calendar import load_year_from_package
    from wagtail_disclosure.rules.working_days import chinese_calendar_years

    CalendarDay = apps.get_model("wagtail_disclosure", "CalendarDay")
    CalendarYear = apps.get_model("wagtail_disclosure", "CalendarYear")
    for year in chinese_calendar_years():
        if year >= 2008:
            load_year_from_package(year, CalendarDay, CalendarYear)


class Migration(migrations.Migration):
    dependencies = [("wagtail_disclosure", "0001_initial")]

    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
