import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from wagtail_disclosure.importers.catalogue import (
    COLUMNS,
    ImportOptions,
    ImportProblem,
    import_catalogue,
    read_mapping,
)


class Command(BaseCommand):
    help = (
        "Import catalogue entries from a legacy system's CSV (UTF-8) or XLSX file. Columns: "
        + "、".join(COLUMNS)
        + " (or the field names). The whole file is checked first, without writing anything: nothing is imported if a "
        "row is bad, unless --skip-invalid is given. The rows are then written in batches (--batch-size), each committed "
        "on its own, so editors and the public site are not held up; progress is shown after each batch. If the import "
        "stops, the batches written stay, and --resume continues after them (with the same file, unchanged)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file; the first row holds the column headings.")
        parser.add_argument("--parent", help="The catalogue index page: its id or URL path, such as /xxgk/.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report everything, save nothing.")
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows even if others are bad.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create unknown topics, genres, service audiences and organisations (an organisation's code comes from a "
            "机构代码 column or the legacy 索引号, or is left for an administrator to complete).",
        )
        parser.add_argument(
            "--map",
            dest="mapping",
            help="A mapping file (JSON, or CSV/XLSX with the columns 类别, 原名称, 对应名称) translating the old system's "
            "organisation and classification names (类别 主题分类, 体裁分类, 服务对象分类, 发文机关) and column headings "
            "(类别 列名; mapped to nothing: the column is left out) to this site's.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish imported 主动公开 entries (others stay drafts). Needs --reason: each one is recorded in the "
            "review ledger as a legacy data migration (历史数据迁移) instead of a prior confidentiality review.",
        )
        parser.add_argument("--reason", default="", help="Why these records may be published without a new review (with --publish).")
        parser.add_argument("--user", help="The username of the person running the import (default: the operating-system account).")
        parser.add_argument(
            "--batch-size", type=int, default=ImportOptions.batch_size,
            help="Rows written and committed together (default: %(default)s).",
        )  # fmt: skip
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Continue the interrupted import of this file after its last committed batch, with the options it was started with.",
        )

    def handle(self, *args, file, parent, dry_run, skip_invalid, create_missing, publish, reason, user, batch_size, resume, mapping=None, verbosity=1, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
            if account is None:
                raise CommandError(gettext("No user named %(user)s.") % {"user": repr(user)})
        if publish and not reason.strip():
            raise CommandError(gettext("--publish needs --reason: the reason is recorded in the review ledger (历史数据迁移) for every published record."))
        if batch_size < 1:
            raise CommandError(gettext("--batch-size must be at least 1."))
        progress = self.stdout.write if verbosity else None
        try:
            translations = read_mapping(mapping) if mapping else {}
            options = ImportOptions(
                parent=parent, dry_run=dry_run, skip_invalid=skip_invalid, create_missing=create_missing, publish=publish,
                reason=reason.strip(), user=account, operator=_operating_system_account(), batch_size=batch_size, resume=resume,
                mapping=translations,
            )
            result = import_catalogue(file, options, progress=progress)
        except ImportProblem as error:
            raise CommandError("\n".join(error.messages)) from error
        for issue in result.errors:
            self.stderr.write(str(issue))
        for issue in result.warnings:
            self.stdout.write(self.style.WARNING(str(issue)))
        summary = "\n".join(result.summary())
        if result.rejected:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))


def _operating_system_account():
    try:
        return f"{getpass.getuser()}（命令行）"
    except (KeyError, OSError):
        return "命令行"
