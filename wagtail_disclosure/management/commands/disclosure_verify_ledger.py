"""Check the review ledger (保密审查台账): its chain, its keyed hashes and its anchors. Run it from cron."""

import re
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from wagtail_disclosure.models.ledger_audit import audit_ledger

HEAD = re.compile(r"#?(?P<sequence>\d+):(?P<hash>[0-9a-f]{64})")
SHOWN = 50  # problems printed; a rewritten chain has one per record


def parse_head(value):
    match = HEAD.fullmatch(value.strip().lower())
    if not match:
        raise CommandError(gettext("--head wants SEQUENCE:HASH, e.g. 120:<the 64 hex digits of the record hash>, not “%(value)s”.") % {"value": value})
    return int(match["sequence"]), match["hash"]


class Command(BaseCommand):
    help = (
        "Check the review ledger (保密审查台账): the hash chain, each record's keyed hash and the anchors written outside "
        "the ledger; exits with status 1 if any record was altered, deleted or inserted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="A ledger head known from elsewhere, e.g. from an e-mailed digest (disclosure_send_ledger_digest). Repeatable.",
        )

    def handle(self, *args, **options):
        heads = [parse_head(value) for value in options["head"]]
        audit = audit_ledger(heads)
        if not audit.intact:
            for _sequence, message in audit.problems[:SHOWN]:
                self.stderr.write(message)
            if len(audit.problems) > SHOWN:
                more = len(audit.problems) - SHOWN
                self.stderr.write(ngettext("… and %(count)s more problem.", "… and %(count)s more problems.", more) % {"count": more})
            self.stderr.write(self.style.ERROR(self.summary_of_problems(audit)))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(self.summary_of_intact(audit)))
        if not audit.sources:
            self.stdout.write(
                self.style.WARNING(gettext("No readable anchor is configured (WAGTAIL_DISCLOSURE_LEDGER_ANCHORS): a deletion of the newest records cannot be detected."))
            )

    def summary_of_problems(self, audit):
        first = next((sequence for sequence, _message in audit.problems if sequence is not None), None)
        count = len(audit.problems)
        if first is None:
            return ngettext("The review ledger cannot be checked: %(count)s problem.", "The review ledger cannot be checked: %(count)s problems.", count) % {"count": count}
        return ngettext(
            "The review ledger has been tampered with: %(count)s problem; the first at record #%(first)s.",
            "The review ledger has been tampered with: %(count)s problems; the first at record #%(first)s.",
            count,
        ) % {"count": count, "first": first}

    def summary_of_intact(self, audit):
        lines = [ngettext("The review ledger is intact: %(count)s record checked.", "The review ledger is intact: %(count)s records checked.", audit.count) % {"count": audit.count}]
        if audit.head:
            lines.append(gettext("Head: record #%(sequence)s, hash %(hash)s.") % {"sequence": audit.head[0], "hash": audit.head[1]})
        if audit.sources:
            lines.append(
                ngettext("%(count)s anchor agrees (%(sources)s).", "%(count)s anchors agree (%(sources)s).", audit.anchors)
                % {"count": audit.anchors, "sources": "; ".join(audit.sources)}
            )
        if audit.unkeyed:
            lines.append(
                ngettext(
                    "%(count)s record was written before the ledger key and is hashed without it.",
                    "%(count)s records were written before the ledger key and are hashed without it.",
                    audit.unkeyed,
                )
                % {"count": audit.unkeyed}
            )
        return "\n".join(lines)
