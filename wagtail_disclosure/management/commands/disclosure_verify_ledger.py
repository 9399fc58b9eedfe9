import sys

from django.core.management.base import BaseCommand

from wagtail_disclosure.models import ReviewRecord, verify_ledger


class Command(BaseCommand):
    help = "Check the hash chain of the review ledger (保密审查台账); exits with status 1 if any record was altered, deleted or inserted."

    def handle(self, *args, **options):
        problems = verify_ledger()
        if problems:
            for sequence, message in problems:
                self.stderr.write(f"#{sequence}: {message}")
            self.stderr.write(self.style.ERROR(f"The review ledger has been tampered with: {len(problems)} problem(s)."))
            sys.exit(1)
        count = ReviewRecord.objects.count()
        self.stdout.write(self.style.SUCCESS(f"The review ledger is intact: {count} record(s) checked."))
