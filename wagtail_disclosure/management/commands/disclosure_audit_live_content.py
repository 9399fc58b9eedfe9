import sys

from django.core.management.base import BaseCommand

from wagtail_disclosure.gate import gated_page_models, live_content_approved


class Command(BaseCommand):
    help = (
        "Re-check every live gated page against the review ledger: lists pages whose live content has no approved "
        "review (e.g. written by raw SQL, or live before the plugin was installed); exits with status 1 if any."
    )

    def handle(self, *args, **options):
        checked, unapproved = 0, []
        for model in sorted(gated_page_models(), key=lambda model: model._meta.label):
            for page in model.objects.filter(live=True).order_by("pk").iterator(chunk_size=500):
                checked += 1
                if not live_content_approved(page):
                    unapproved.append(page)
        for page in unapproved:
            self.stderr.write(f"{page.pk}\t{page._meta.label}\t{page.url_path}\t{page.title}")
        if unapproved:
            self.stderr.write(self.style.ERROR(f"{len(unapproved)} of {checked} live gated page(s) show content without an approved review."))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"All {checked} live gated page(s) show approved content."))
