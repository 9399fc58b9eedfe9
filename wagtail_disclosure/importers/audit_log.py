"""Audit-log entries of an import batch, written together at the end of the batch.

Wagtail writes each log entry with ``full_clean()`` first: the action must be registered, and every
foreign key (page, revision, user, content type) is looked up in the database — four queries per
entry, four entries per published row (created, edited, 历史数据迁移, published). Here the entries
are built exactly as ``wagtail.log_actions.log`` builds them (same fields, log context, timestamps),
collected in the order they happen, and checked once per batch: the same field validation per entry
without the database, one query per foreign key for the whole batch. Then they are inserted in that
order in one statement, in the batch's transaction (a batch that fails writes none of them).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import get_active_log_context
from wagtail.models import PageLogEntry


class BatchLog:
    """A stand-in for ``wagtail.log_actions.log`` for the pages an import writes: ``log(instance=…, action=…)``."""

    def __init__(self):
        self.entries = []

    def __call__(self, instance, action, *, user=None, uuid=None, revision=None, data=None, content_changed=False):
        context = get_active_log_context()
        self.entries.append(
            PageLogEntry(
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                label=instance.specific_deferred.get_admin_display_title(),
                action=action,
                timestamp=timezone.now(),
                data=data or {},
                user=user or context.user,
                uuid=uuid or context.uuid,
                page=instance,
                revision=revision,
                content_changed=content_changed,
            )
        )

    def write(self):
        """Check the entries (what ``full_clean`` checks, the references once for all) and insert them."""
        entries, self.entries = self.entries, []
        if not entries:
            return
        relations = [field for field in PageLogEntry._meta.concrete_fields if field.many_to_one]
        for entry in entries:
            entry.clean_fields(exclude=[field.name for field in relations])
            entry.clean()  # the action is registered
        for field in relations:
            ids = {getattr(entry, field.attname) for entry in entries} - {None}
            found = set(field.related_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
            if ids - found:
                raise ValidationError(
                    _("An audit-log entry refers to a missing %(model)s: %(ids)s.")
                    % {"model": field.related_model._meta.verbose_name, "ids": ", ".join(map(str, sorted(ids - found)))}
                )
        PageLogEntry.objects.bulk_create(entries)
