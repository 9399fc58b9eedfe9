"""Loading statutory holidays into the working-day calendar from the ``chinese-calendar`` package."""

from django.db import transaction

from .rules.working_days import exceptions_from_chinese_calendar

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


def load_year_from_package(year, calendar_day_model, calendar_year_model):
    """Store one year's exceptions; returns the number of days, or None if the package lacks the year."""
    exceptions = exceptions_from_chinese_calendar(year)
    if exceptions is None:
        return None
    import chinese_calendar

    with transaction.atomic():
        for day, (is_working_day, name) in exceptions.items():
            label = HOLIDAY_NAMES.get(name, name or "")
            if is_working_day and label:
                label = f"{label}调休"
            calendar_day_model.objects.update_or_create(date=day, defaults={"is_working_day": is_working_day, "name": label})
        calendar_year_model.objects.update_or_create(
            year=year,
            defaults={"is_complete": True, "source": f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()},
        )
    return len(exceptions)


def package_years():
    import chinese_calendar

    years = sorted({day.year for day in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)
