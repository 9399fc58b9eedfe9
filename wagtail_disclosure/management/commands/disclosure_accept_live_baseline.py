import getpass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail_disclosure.gate import is_gated_model
from wagtail_disclosure.services.baseline import accept_live_page, unaccepted_live_pages


class Command(BaseCommand):
    help = (
        "Accept the content of live gated pages that no confidentiality review approved (live before the plugin was "
        "installed, or before their page type was gated) as the starting point: each gets a legacy data migration "
        "(历史数据迁移) record in the review ledger with your reason, and an audit-log entry. Nothing is published or "
        "changed; later changes need a review. Run disclosure_audit_live_content first to see the pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reason", default="", help="Why this content may stay live without a review of its own (required).")
        parser.add_argument("--user", help="The username of the person accepting it (default: the operating-system account).")
        parser.add_argument("--type", action="append", dest="types", metavar="APP.MODEL", help="Only pages of this gated type (repeatable).")
        parser.add_argument("--dry-run", action="store_true", help="List the pages, record nothing.")

    def handle(self, *args, reason, user, types, dry_run, verbosity=1, **options):
        reason = reason.strip()
        if not reason and not dry_run:
            raise CommandError("--reason is required: it is recorded in the review ledger (历史数据迁移) for every accepted page.")
        account = None
        if user:
            account = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
            if account is None:
                raise CommandError(f"No user named {user!r}.")
        models = [self._gated_model(label) for label in types] if types else None
        operator = _operating_system_account()
        count = 0
        for page in unaccepted_live_pages(models):
            count += 1
            if verbosity:
                self.stdout.write(f"{page.pk}\t{page._meta.label}\t{page.url_path}\t{page.title}")
            if not dry_run:
                accept_live_page(page, reason=reason, user=account, operator=operator)
        if dry_run:
            self.stdout.write(f"{count} live page(s) would be accepted (dry run: nothing recorded).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{count} live page(s) accepted as the starting point (历史数据迁移)."))

    def _gated_model(self, label):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as error:
            raise CommandError(f"Unknown page type {label!r} (give it as app_label.ModelName).") from error
        if not is_gated_model(model):
            raise CommandError(f"{label} is not a gated page type (see WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES).")
        return model


def _operating_system_account():
    try:
        return f"{getpass.getuser()}（命令行）"
    except (KeyError, OSError):
        return "命令行"
