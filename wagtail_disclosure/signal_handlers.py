from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import listing_cache  # noqa: F401  (the catalogue cache's invalidation receivers)
from .models.calendar import CalendarDay, CalendarYear, invalidate_working_day_calendar


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def calendar_changed(sender, instance, **kwargs):
    """A holiday was entered or corrected: deadlines that cross its year move."""
    from .deadlines import recompute_publication_deadlines

    invalidate_working_day_calendar()
    year = instance.year if isinstance(instance, CalendarYear) else instance.date.year
    recompute_publication_deadlines(year)
