"""Working-day arithmetic for statutory time limits.

条例第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
条例第三十三条: 20 个工作日内答复, 可延长不超过 20 个工作日 (request handling, a later module).

Counting follows 《民法典》第二百零一条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
So "within N working days of D" ends on the N-th working day after D.

A working day is Monday–Friday unless the calendar says otherwise: statutory holidays that fall on
weekdays are days off, and 调休 make-up days that fall on weekends are working days. The calendar
only knows the years it has been given; dates in other years are counted as plain Monday–Friday
weeks and the result says so, because the State Council publishes each year's holidays only late
in the previous year.
"""

import dataclasses
import datetime

from django.utils.translation import gettext, ngettext

PROACTIVE_DISCLOSURE_WORKING_DAYS = 20  # 条例第二十六条


@dataclasses.dataclass(frozen=True)
class WorkingDayResult:
    date: datetime.date
    # Years the computation crossed for which no holiday data is known: the result assumed a
    # plain Monday–Friday week there and may move once the year's holidays are entered.
    unknown_years: tuple[int, ...] = ()

    @property
    def is_certain(self):
        return not self.unknown_years


class WorkingDayCalendar:
    """Working days from a set of exceptions to the Monday–Friday week.

    ``exceptions`` maps a date to True (a working day, e.g. a 调休 Saturday) or False (a day off,
    e.g. a statutory holiday on a weekday). ``known_years`` are the years whose exceptions are
    complete.
    """

    def __init__(self, exceptions=None, known_years=()):
        self.exceptions = dict(exceptions or {})
        self.known_years = frozenset(known_years)

    def is_working_day(self, day):
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_known(self, day):
        return day.year in self.known_years

    def add_working_days(self, start, count):
        """The ``count``-th working day after ``start`` (the start day itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        unknown = set()
        remaining = count
        while remaining:
            day += datetime.timedelta(days=1)
            if not self.is_known(day):
                unknown.add(day.year)
            if self.is_working_day(day):
                remaining -= 1
        return WorkingDayResult(day, tuple(sorted(unknown)))

    def working_days_between(self, start, end):
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        unknown = set()
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if not self.is_known(day):
                unknown.add(day.year)
            if self.is_working_day(day):
                count += 1
        return count, tuple(sorted(unknown))


@dataclasses.dataclass(frozen=True)
class Timeliness:
    """Whether an item was (or is being) published within 条例第二十六条's 20 working days."""

    class Status:
        ON_TIME = "on_time"
        LATE = "late"
        PENDING = "pending"
        OVERDUE = "overdue"

    status: str
    deadline: datetime.date
    working_days: int  # late by (LATE), overdue by (OVERDUE) or remaining (PENDING)
    unknown_years: tuple = ()

    @property
    def is_problem(self):
        return self.status in (self.Status.LATE, self.Status.OVERDUE)

    @property
    def label(self):
        if self.status == self.Status.ON_TIME:
            return gettext("Published on time")
        if self.status == self.Status.LATE:
            return ngettext("Published %(days)s working day late", "Published %(days)s working days late", self.working_days) % {"days": self.working_days}
        if self.status == self.Status.OVERDUE:
            return ngettext("Overdue by %(days)s working day", "Overdue by %(days)s working days", self.working_days) % {"days": self.working_days}
        return ngettext("%(days)s working day left", "%(days)s working days left", self.working_days) % {"days": self.working_days}


def publication_deadline(calendar, formed_on):
    """条例第二十六条: the last day to publish information formed or changed on ``formed_on``."""
    return calendar.add_working_days(formed_on, PROACTIVE_DISCLOSURE_WORKING_DAYS)


def proactive_timeliness(calendar, formed_on, published_on, today):
    """条例第二十六条 for information formed on ``formed_on``, published on ``published_on`` (or not yet: None)."""
    deadline = publication_deadline(calendar, formed_on)

    def result(status, days, unknown=()):
        return Timeliness(status, deadline.date, days, tuple(sorted(set(deadline.unknown_years) | set(unknown))))

    if published_on:
        if published_on <= deadline.date:
            return result(Timeliness.Status.ON_TIME, 0)
        return result(Timeliness.Status.LATE, *calendar.working_days_between(deadline.date, published_on))
    if today > deadline.date:
        return result(Timeliness.Status.OVERDUE, *calendar.working_days_between(deadline.date, today))
    return result(Timeliness.Status.PENDING, *calendar.working_days_between(today, deadline.date))


# Names the ``chinese-calendar`` package gives holidays, as the State Council's notices call them.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def holiday_label(name, is_working_day):
    """The name shown for a calendar exception: 国庆节, or 国庆节调休 for its make-up working day."""
    label = HOLIDAY_NAMES.get(name, name or "")
    return f"{label}调休" if is_working_day and label else label


def chinese_calendar_years():
    """The years the installed ``chinese-calendar`` package has holiday data for."""
    import chinese_calendar

    years = sorted({day.year for day in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


def chinese_calendar_source():
    import chinese_calendar

    return f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()


def exceptions_from_chinese_calendar(year):
    """This year's holiday and 调休 exceptions, read from the ``chinese-calendar`` package.

    Returns ``None`` when the package has no data for the year (it raises for such years).
    """
    import chinese_calendar

    day = datetime.date(year, 1, 1)
    exceptions = {}
    try:
        while day.year == year:
            holiday, name = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5
            if holiday and not weekend:
                exceptions[day] = (False, name)
            elif not holiday and weekend:
                exceptions[day] = (True, name)
            day += datetime.timedelta(days=1)
    except NotImplementedError:
        return None
    return exceptions
