"""The working-day calendar in the database, and the deadlines kept on pages.

Statutory holidays and 调休 days, per year, seeded from the ``chinese-calendar`` package (see
``disclosure_load_holidays``); admins add the next year when the State Council publishes its holiday
notice (usually in November or December), then mark the year complete. The arithmetic itself is
``rules.working_days``; ``TimelinessMixin`` gives a page type 条例第二十六条's deadline, and a change
to the calendar moves the stored deadlines it affects (``calendar_changed``, connected in
``AppConfig.ready``).
"""

import datetime

from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules import working_days
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


def load_year_from_package(year, calendar_day_model=CalendarDay, calendar_year_model=CalendarYear):
    """Store one year's exceptions from ``chinese-calendar``; the number of days, or None if it lacks the year.

    The models are parameters so that a data migration can pass its historical models.
    """
    exceptions = working_days.exceptions_from_chinese_calendar(year)
    if exceptions is None:
        return None
    with transaction.atomic():
        for day, (is_working_day, name) in exceptions.items():
            calendar_day_model.objects.update_or_create(
                date=day, defaults={"is_working_day": is_working_day, "name": working_days.holiday_label(name, is_working_day)}
            )
        calendar_year_model.objects.update_or_create(
            year=year, defaults={"is_complete": True, "source": working_days.chinese_calendar_source()}
        )
    return len(exceptions)


# --- deadlines on pages ------------------------------------------------------------------------------


class TimelinessMixin(models.Model):
    """A page whose information must be published within 20 working days of being formed (条例第二十六条).

    Uses the page's ``written_date`` (成文日期), ``publish_date`` (发布日期), ``live`` and ``is_public``.
    """

    publication_deadline = models.DateField(_("publication deadline"), null=True, blank=True, editable=False)

    derived_fields = ("publication_deadline",)

    class Meta:
        abstract = True

    def derive_fields(self):
        if self.written_date:
            self.publication_deadline = working_days.publication_deadline(get_working_day_calendar(), self.written_date).date
        super().derive_fields()

    def timeliness(self, today=None):
        if not self.is_public or not self.written_date:
            return None
        # A 发布日期 typed into a draft is a plan, not a publication.
        published = self.publish_date if self.live else None
        return working_days.proactive_timeliness(get_working_day_calendar(), self.written_date, published, today or timezone.localdate())

    @property
    def timeliness_label(self):
        result = self.timeliness()
        return result.label if result else ""


def recompute_publication_deadlines(year):
    """Recompute the stored deadlines whose 20-working-day window may touch ``year``."""
    calendar = get_working_day_calendar()
    # 20 working days never span more than about six weeks, even across the Spring Festival.
    since, until = datetime.date(year - 1, 11, 1), datetime.date(year, 12, 31)
    changed_count = 0
    for model in apps.get_models():
        if not issubclass(model, TimelinessMixin):
            continue
        changed = []
        pages = model.objects.filter(written_date__range=(since, until)).only("pk", "written_date", "publication_deadline")
        for page in pages.iterator(chunk_size=2000):
            deadline = working_days.publication_deadline(calendar, page.written_date).date
            if deadline != page.publication_deadline:
                page.publication_deadline = deadline
                changed.append(page)
        model.objects.bulk_update(changed, ["publication_deadline"], batch_size=1000)
        changed_count += len(changed)
    return changed_count


def calendar_changed(sender, instance, **kwargs):
    """A holiday was entered or corrected: deadlines that cross its year move."""
    invalidate_working_day_calendar()
    year = instance.year if isinstance(instance, CalendarYear) else instance.date.year
    recompute_publication_deadlines(year)


def connect():
    """Connect ``calendar_changed`` (from ``AppConfig.ready``)."""
    for model in (CalendarDay, CalendarYear):
        for signal in (post_save, post_delete):
            signal.connect(calendar_changed, sender=model, dispatch_uid=f"wagtail_disclosure.calendar.{model.__name__}")
