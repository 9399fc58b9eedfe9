"""目录导入记录: the catalogue imports run on this site (``disclosure_import_catalogue``), read-only.

Imports run from the command line, where their progress is printed; an administrator who did not run one
sees here what was imported, when, by whom, how far it got and what went wrong, and
for an interrupted one the command that continues it. The records are written by the import only: nobody
adds, edits or deletes them here (a site's model permissions can give "view" to others).
"""

from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView

from .columns import ReadableInspectMixin


class ProgressColumn(Column):
    """Rows done of the file's rows: "1,200 / 50,000"."""

    def get_value(self, instance):
        return f"{instance.rows_done:,} / {instance.rows_total:,}"


INSPECT_FIELDS = [
    "file_name", "catalogue", "status", "how_to_continue", "rows_total", "rows_done", "last_line", "imported", "published",
    "skipped", "errors", "user", "operator", "started_at", "updated_at", "finished_at", "file_hash",
]  # fmt: skip


class ImportRunInspectView(ReadableInspectMixin, InspectView):

    def get_field_label(self, field_name, field):
        if field_name == "how_to_continue":
            return gettext("How to continue")
        return super().get_field_label(field_name, field)

    def get_how_to_continue_display_value(self):
        if not self.object.resumable:
            return "—"
        return gettext("python manage.py disclosure_import_catalogue “%(file)s” --resume (with the same file, unchanged)") % {
            "file": self.object.file_name
        }

    def get_errors_display_value(self):
        errors = self.object.errors or []
        return format_html("<br>".join(["{}"] * len(errors)), *errors) if errors else "—"
