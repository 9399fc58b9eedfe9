"""Keeping stored publication deadlines in step with the working-day calendar."""

import datetime

from .models.calendar import get_working_day_calendar
from .rules.working_days import PROACTIVE_DISCLOSURE_WORKING_DAYS


def recompute_publication_deadlines(year):
    """Recompute the deadline of entries whose 20-working-day window may touch ``year``."""
    from .models import CatalogueEntryPage

    calendar = get_working_day_calendar()
    # 20 working days never span more than about six weeks, even across the Spring Festival.
    since = datetime.date(year - 1, 11, 1)
    until = datetime.date(year, 12, 31)
    changed = []
    entries = CatalogueEntryPage.objects.filter(written_date__range=(since, until)).only("pk", "written_date", "publication_deadline")
    for entry in entries.iterator(chunk_size=2000):
        deadline = calendar.add_working_days(entry.written_date, PROACTIVE_DISCLOSURE_WORKING_DAYS).date
        if deadline != entry.publication_deadline:
            entry.publication_deadline = deadline
            changed.append(entry)
    CatalogueEntryPage.objects.bulk_update(changed, ["publication_deadline"], batch_size=1000)
    return len(changed)
