"""The working-day calendar: statutory holidays and 调休 days, per year.

Seeded from the ``chinese-calendar`` package (see ``disclosure_load_holidays``); admins add the
next year when the State Council publishes its holiday notice (usually in November or December),
then mark the year complete.
"""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.working_days import WorkingDayCalendar

CACHE_KEY = "wagtail_disclosure:working_day_calendar"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    is_complete = models.BooleanField(
        _("holidays complete"),
        default=False,
        help_text=_("Tick once every holiday and make-up working day of the year has been entered."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar years")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday week."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a make-up working day (调休) on a weekend. Unticked: a holiday on a weekday."),
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("For example 国庆节."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holidays and make-up working days")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}".strip()


def get_working_day_calendar():
    """The calendar as a pure object, cached until a calendar row changes."""
    calendar = cache.get(CACHE_KEY)
    if calendar is None:
        exceptions = dict(CalendarDay.objects.values_list("date", "is_working_day"))
        known = CalendarYear.objects.filter(is_complete=True).values_list("year", flat=True)
        calendar = WorkingDayCalendar(exceptions, known)
        cache.set(CACHE_KEY, calendar, None)
    return calendar


def invalidate_working_day_calendar():
    cache.delete(CACHE_KEY)
