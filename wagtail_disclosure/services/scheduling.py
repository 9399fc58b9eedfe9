"""The daily background tasks, enqueued once a day through Django's tasks framework (django-tasks).

``disclosure_daily_tasks`` calls ``enqueue_daily_tasks`` from cron or a systemd timer; a worker of the
site's task backend runs them (with django-tasks' default ImmediateBackend they run at once, inside the
command). A row of ``DailyTaskRun`` per task and day makes a second run on the same day enqueue nothing.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models.scheduling import DailyTaskRun
from . import requests

# 条例第三十三条 (answer deadlines: the handlers' reminders) and the retention of applicants' personal data.
DAILY_TASKS = (requests.send_due_reminders, requests.erase_expired_personal_data)


def task_name(task):
    return task.module_path


def enqueue_daily_tasks(today=None, tasks=DAILY_TASKS):
    """Enqueue each task not yet enqueued ``today``; returns [(task name, result or None if it already was)]."""
    today = today or timezone.localdate()
    outcome = []
    for task in tasks:
        try:
            with transaction.atomic():
                run = DailyTaskRun.objects.create(task=task_name(task), day=today)
        except IntegrityError:  # enqueued already today (by another run or another host)
            outcome.append((task_name(task), None))
            continue
        # The row is committed before the task is enqueued: a worker never runs a task twice for one day,
        # and a failure to enqueue leaves the row, which an administrator deletes to retry (README).
        result = task.enqueue()
        DailyTaskRun.objects.filter(pk=run.pk).update(result_id=str(result.id))
        outcome.append((task_name(task), result))
    return outcome
