"""Internal records (公开属性 依申请公开 or 不予公开) are never live, whatever type holds them.

``DisclosurePage.save()`` keeps them offline from the moment the plugin is installed; migration 0014 took
the plugin's own live ones offline. Records of a host's types (a subclass of a catalogue-entry base, any
gated type whose ``is_public`` can be False) that were live before are found here: after every
``migrate`` (``post_migrate``, connected in ``apps.py``) each is unpublished with a
``wagtail_disclosure.kept_internal`` audit entry, and a system check warns while any remains. Running
it again finds nothing (idempotent).
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.db import DatabaseError, transaction
from django.utils.translation import ngettext

from ..gate import gated_page_models

logger = logging.getLogger("wagtail_disclosure.internal_records")

KEPT_INTERNAL = "wagtail_disclosure.kept_internal"


def _may_hold_internal_records(model):
    # ``is_public = True`` on the class: every row is public. A property (catalogue entries) asks the row.
    return getattr(model, "is_public", True) is not True


def live_internal_records():
    """Every live page of a gated type whose ``is_public`` is False, as its specific instance."""
    for model in sorted(gated_page_models(), key=lambda model: model._meta.label):
        if not _may_hold_internal_records(model):
            continue
        rows = model.objects.filter(live=True, content_type=ContentType.objects.get_for_model(model))
        internal = getattr(model, "internal_records_filter", None)
        if internal is not None:
            rows = rows.filter(internal)  # in the database, not row by row
        for page in rows.order_by("pk").iterator(chunk_size=500):
            if not page.is_public:
                yield page


def take_live_internal_records_offline():
    """Unpublish every live internal record, each with a ``kept_internal`` audit entry. Returns them."""
    taken = []
    with transaction.atomic():
        for page in list(live_internal_records()):
            page.unpublish(log_action=KEPT_INTERNAL)
            taken.append(page)
    return taken


def after_migrate(sender, **kwargs):
    """``post_migrate`` of the plugin's app: every ``migrate`` (even with nothing to apply) finishes with it.
    Skipped when the tables are not in the models' shape (migrating backwards)."""
    try:
        taken = take_live_internal_records_offline()
    except DatabaseError:
        logger.warning("Internal records not checked after migrate: the database does not match the models", exc_info=True)
        return
    stdout = kwargs.get("stdout")
    if taken and stdout is not None and kwargs.get("verbosity", 1):
        stdout.write(
            ngettext(
                "%(count)d live internal record (依申请公开 or 不予公开) taken off the public site.",
                "%(count)d live internal records (依申请公开 or 不予公开) taken off the public site.",
                len(taken),
            )
            % {"count": len(taken)}
        )


def check_live_internal_records(app_configs=None, databases=None, **kwargs):
    """System check (database tag: ``check --database default``, and ``migrate``): none is live."""
    if not databases:
        return []
    try:
        with transaction.atomic():  # a failed query leaves an enclosing transaction usable (PostgreSQL)
            pages = list(live_internal_records())
    except DatabaseError:
        return []  # before the first migrate
    if not pages:
        return []
    return [
        checks.Warning(
            f"{len(pages)} internal record(s) (公开属性 依申请公开 or 不予公开) are live: "
            + ", ".join(f"{page._meta.label} {page.pk}" for page in pages[:10]),
            hint="Run manage.py migrate: after every migrate the plugin takes them offline (with a kept_internal audit-log entry).",
            id="wagtail_disclosure.W020",
        )
    ]
