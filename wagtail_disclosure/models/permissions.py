"""The review ledger's read permission (保密审查台账查阅), as Settings → Groups shows it.

Reading the whole ledger is Django's standard "view" permission of ``ReviewRecord``. Django names it
"Can view review record" and Wagtail shows that as a bare "Can view"; yet it means more (every
department's records, where a reviewer sees only the sections they review), so it gets a name of its
own. Permission names are rows, not code: the name is written after each ``migrate`` (and after the
test runner's ``flush``), in English, and Wagtail's group form passes it through gettext when it
shows it.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, router
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_noop

from .ledger import ReviewRecord

VIEW_LEDGER_CODENAME = get_permission_codename("view", ReviewRecord._meta)
VIEW_LEDGER_PERMISSION = f"{ReviewRecord._meta.app_label}.{VIEW_LEDGER_CODENAME}"
VIEW_LEDGER_NAME = gettext_noop("Read the whole review ledger (保密审查台账查阅)")


def name_ledger_permission(using=DEFAULT_DB_ALIAS, **kwargs):
    """Give the view permission its name, creating it if Django has not yet (the receivers' order varies)."""
    if not router.allow_migrate_model(using, Permission):
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(ReviewRecord)
    Permission.objects.using(using).update_or_create(
        content_type=content_type, codename=VIEW_LEDGER_CODENAME, defaults={"name": VIEW_LEDGER_NAME}
    )


def connect(app_config):
    """Connect ``name_ledger_permission`` to this app's ``post_migrate`` (from ``AppConfig.ready``)."""
    post_migrate.connect(name_ledger_permission, sender=app_config, dispatch_uid="wagtail_disclosure.permissions.view_ledger")
