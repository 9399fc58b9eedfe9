import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext

from wagtail_disclosure.gate import gated_page_models, live_content_approved
from wagtail_disclosure.gate.fingerprint import live_row_fingerprints
from wagtail_disclosure.services.configuration import live_content_notes


class Command(BaseCommand):
    help = (
        "Re-check every live gated page against the review ledger: lists pages whose live content has no approved "
        "review (e.g. written by raw SQL, or live before the plugin was installed); exits with status 1 if any. "
        "Also notes live content approved under another review configuration than today's (fewer or more levels)."
    )

    def handle(self, *args, **options):
        checked, unapproved, notes = 0, [], []
        for model in sorted(gated_page_models(), key=lambda model: model._meta.label):
            for page in model.objects.filter(live=True).order_by("pk").iterator(chunk_size=500):
                checked += 1
                if not live_content_approved(page):
                    unapproved.append(page)
                if page.alias_of_id:
                    continue
                # The notes are about the content that was approved: the row's own, or a reviewed variant of it.
                page_notes = next((found for found in (live_content_notes(page, fp) for fp in live_row_fingerprints(page)) if found), [])
                if page_notes:
                    notes.append((page, "; ".join(page_notes)))
        for page, note in notes:
            self.stdout.write(f"{gettext('note')}\t{page.pk}\t{page.url_path}\t{page.title}\t{note}")
        for page in unapproved:
            self.stderr.write(f"{page.pk}\t{page._meta.label}\t{page.url_path}\t{page.title}")
        if unapproved:
            self.stderr.write(self.style.ERROR(
                ngettext(
                    "%(unapproved)s of %(checked)s live gated page shows content without an approved review.",
                    "%(unapproved)s of %(checked)s live gated pages show content without an approved review.",
                    checked,
                ) % {"unapproved": len(unapproved), "checked": checked}
            ))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(
            ngettext("The %(checked)s live gated page shows approved content.", "All %(checked)s live gated pages show approved content.", checked)
            % {"checked": checked}
        ))
