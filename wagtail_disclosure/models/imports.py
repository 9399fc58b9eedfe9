"""The progress of a legacy catalogue import (``disclosure_import_catalogue``).

An import writes its rows in batches, each committed in its own short transaction together with this
record's counters, so ``rows_done`` is always exactly the rows the database holds: ``--resume``
continues after them, and only with the same file (``file_hash``).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.permission_policies import ModelPermissionPolicy


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("import", "Running")
        INTERRUPTED = "interrupted", pgettext_lazy("import", "Interrupted")
        COMPLETED = "completed", pgettext_lazy("import", "Completed")

    file_name = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    catalogue = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("catalogue")
    )
    # skip_invalid, create_missing, publish, reason, source, batch_size: a resumed run keeps them.
    options = models.JSONField(_("options"), default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    operator = models.CharField(_("operator"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    # Rows of the file (blank ones left out) handled by committed batches: imported or skipped.
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    last_line = models.PositiveIntegerField(_("last line done"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    published = models.PositiveIntegerField(_("published"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.started_at):%Y-%m-%d %H:%M})" if self.started_at else self.file_name

    @property
    def resumable(self):
        return self.status != self.Status.COMPLETED


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records only the import writes: the model's "view" permission lets people look at them (目录导入记录);
    adding, changing and deleting are nobody's, superusers' neither. Registered in ``apps.ready``."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])
