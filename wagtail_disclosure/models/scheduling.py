"""The daily tasks' register: one row per task and day, so that enqueuing them is idempotent per day.

``disclosure_daily_tasks`` (cron or a systemd timer) enqueues the day's tasks through Django's tasks
framework; run twice on one day (a retried timer, two hosts), the second run finds the rows and enqueues
nothing.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class DailyTaskRun(models.Model):
    task = models.CharField(pgettext_lazy("daily task", "task"), max_length=200)
    day = models.DateField(pgettext_lazy("daily task", "day"))
    result_id = models.CharField(pgettext_lazy("daily task", "task result"), max_length=100, blank=True)
    enqueued_at = models.DateTimeField(pgettext_lazy("daily task", "enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("daily task", "daily task run")
        verbose_name_plural = pgettext_lazy("daily task", "daily task runs")
        constraints = [models.UniqueConstraint(fields=["task", "day"], name="disclosure_daily_task_once_a_day")]

    def __str__(self):
        return f"{self.task} {self.day:%Y-%m-%d}"
