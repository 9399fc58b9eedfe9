from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from wagtail_disclosure.models.calendar import load_year_from_package
from wagtail_disclosure.rules.working_days import chinese_calendar_years


class Command(BaseCommand):
    help = "Load statutory holidays and make-up working days (调休) from the chinese-calendar package into the working-day calendar."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=int, default=2008, help="First year to load (default 2008).")

    def handle(self, *args, since, **options):
        loaded = []
        for year in chinese_calendar_years():
            if year < since:
                continue
            if load_year_from_package(year) is not None:
                loaded.append(year)
        if loaded:
            self.stdout.write(self.style.SUCCESS(gettext("Loaded %(first)s–%(last)s.") % {"first": loaded[0], "last": loaded[-1]}))
        self.stdout.write(
            gettext(
                "Enter the years after the package's data in the admin (Disclosure → Holidays and make-up days, then tick the "
                "year complete under Disclosure → Holiday calendar years) when the State Council publishes them."
            )
        )
