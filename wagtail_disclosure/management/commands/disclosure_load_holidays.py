from django.core.management.base import BaseCommand

from wagtail_disclosure.holidays import load_year_from_package, package_years
from wagtail_disclosure.models import CalendarDay, CalendarYear


class Command(BaseCommand):
    help = "Load statutory holidays and make-up working days (调休) from the chinese-calendar package into the working-day calendar."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=int, default=2008, help="First year to load (default 2008).")

    def handle(self, *args, since, **options):
        loaded = []
        for year in package_years():
            if year < since:
                continue
            if load_year_from_package(year, CalendarDay, CalendarYear) is not None:
                loaded.append(year)
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Loaded {loaded[0]}–{loaded[-1]}."))
        self.stdout.write(
            "Years after the package's data must be entered in the admin (Settings → Working-day calendar) "
            "when the State Council publishes them."
        )
