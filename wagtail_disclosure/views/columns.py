"""Listing columns for people who work with dates and deadlines.

Wagtail's ``DateColumn`` shows "5 年，5 月 之前": a 公开时效 report cannot set a deadline against that. These
show ``YYYY-MM-DD`` (sortable, the form of GB/T 7408 and of the catalogue itself), and booleans as 是/否.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column


def absolute_date(value, with_time=False):
    """``YYYY-MM-DD`` (``YYYY-MM-DD HH:MM`` in local time for date-times when ``with_time``), or ""."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M") if with_time else value.date().isoformat()
    return value.isoformat()


class AbsoluteDateColumn(Column):
    """A date (or date-time) as ``YYYY-MM-DD``; ``with_time`` adds ``HH:MM`` for date-times."""

    def __init__(self, name, with_time=False, **kwargs):
        kwargs.setdefault("classname", "disclosure-nowrap")
        super().__init__(name, **kwargs)
        self.with_time = with_time

    def get_value(self, instance):
        return absolute_date(super().get_value(instance), self.with_time)


class YesNoColumn(Column):
    """True/False as a tick or a cross with 是/否 beside it (the words, not "True" in a tooltip)."""

    cell_template_name = "wagtail_disclosure/tables/yes_no_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["value"]
        context["flag"] = None if value is None else bool(value)
        context["text"] = "" if value is None else (gettext("Yes") if value else gettext("No"))
        return context


class ReadableInspectMixin:
    """For a Wagtail ``InspectView``: what a record view shows as people read it — "—" for nothing (not "None"),
    dates as ``YYYY-MM-DD`` like the listings, a user by name (not the login)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, (datetime.date, datetime.datetime)):
            return absolute_date(value, with_time=isinstance(value, datetime.datetime))
        if isinstance(value, get_user_model()):
            return value.get_full_name() or value.get_username()
        return value
