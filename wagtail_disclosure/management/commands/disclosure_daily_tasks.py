"""Enqueue the day's background tasks (reminders of answer deadlines, erasure of expired personal data).

Run it daily from cron or a systemd timer (README, "Daily tasks"); running it again on the same day
enqueues nothing.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from wagtail_disclosure.services.scheduling import enqueue_daily_tasks


class Command(BaseCommand):
    help = "Enqueue the daily tasks of requests for disclosure (deadline reminders, erasure after the retention period), once a day."

    def handle(self, *args, **options):
        for name, result in enqueue_daily_tasks():
            if result is None:
                self.stdout.write(gettext("%(task)s: already enqueued today.") % {"task": name})
            else:
                self.stdout.write(gettext("%(task)s: enqueued (%(status)s).") % {"task": name, "status": result.status})
