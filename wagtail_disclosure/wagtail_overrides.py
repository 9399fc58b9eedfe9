"""Wagtail msgids whose zh_Hans translation the plugin corrects on purpose.

Wagtail's own catalogue reads "Step %(step_number)s" as 步进数1 (a stepper's count) and "First published" as
首次发布的 (cut off) on the workflow and status panels editors and reviewers use every day. The plugin's
catalogue comes before Wagtail's (INSTALLED_APPS order), so the corrected Chinese lives in
``locale/zh_Hans``; these markers keep ``makemessages`` from dropping the msgids, which no plugin code uses.
``tests/test_locale.py`` lists them in ``DELIBERATE_OVERRIDES`` and checks the admin pages where they show.
"""

from django.utils.translation import gettext_noop

CORRECTED_WAGTAIL_MSGIDS = (
    gettext_noop("Step %(step_number)s"),
    gettext_noop("View live"),
    gettext_noop("First published"),
)
