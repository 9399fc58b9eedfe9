import datetime

import pytest

from wagtail_disclosure.models import CalendarDay, CalendarYear, get_working_day_calendar
from wagtail_disclosure.rules.working_days import WorkingDayCalendar

D = datetime.date


def test_counting_starts_the_day_after():
    calendar = WorkingDayCalendar(known_years={2024})
    # Monday 2024-03-04 + 5 working days = Monday 2024-03-11
    assert calendar.add_working_days(D(2024, 3, 4), 5).date == D(2024, 3, 11)


@pytest.mark.django_db
def test_seeded_calendar_skips_national_day_and_counts_make_up_saturday():
    calendar = get_working_day_calendar()
    assert CalendarYear.objects.filter(year=2024, is_complete=True).exists()
    assert not calendar.is_working_day(D(2024, 10, 1))  # 国庆节, Tuesday
    assert calendar.is_working_day(D(2024, 10, 12))  # 国庆调休, Saturday
    # 成文 2024-09-27 (Fri): 9-29 (Sun, 调休) and 9-30 are working days, 10-1..10-7 off, 10-12 (Sat) works.
    result = calendar.add_working_days(D(2024, 9, 27), 20)
    assert result.date == D(2024, 10, 30)
    assert result.is_certain


@pytest.mark.django_db
def test_years_without_holiday_data_are_flagged():
    calendar = get_working_day_calendar()
    result = calendar.add_working_days(D(2030, 3, 1), 20)
    assert result.unknown_years == (2030,)
    assert not result.is_certain


@pytest.mark.django_db
def test_admin_entered_holiday_moves_the_deadline():
    before = get_working_day_calendar().add_working_days(D(2030, 3, 1), 3).date
    CalendarDay.objects.create(date=D(2030, 3, 4), is_working_day=False, name="测试假日")
    after = get_working_day_calendar().add_working_days(D(2030, 3, 1), 3).date
    assert after == before + datetime.timedelta(days=1)
