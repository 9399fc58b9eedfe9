"""E-mail the head of the review ledger (保密审查台账) to the supervising office, e.g. daily from cron.

The digest is an anchor that sits in someone else's mailbox: whoever later doubts the ledger runs
``disclosure_verify_ledger --head SEQUENCE:HASH`` with the head of a digest. Records appended after the
last digest are protected only by the other anchors (see ``wagtail_disclosure.models.ledger``).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from wagtail_disclosure.models.ledger_audit import audit_ledger

DIGEST_TO_SETTING = "WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO"


def recipients():
    """Addresses of ``WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO``: e-mail addresses, or (name, address) as in ``ADMINS``."""
    addresses = []
    for entry in getattr(settings, DIGEST_TO_SETTING, None) or []:
        addresses.append(entry if isinstance(entry, str) else f"{entry[0]} <{entry[1]}>")
    return addresses


class Command(BaseCommand):
    help = "E-mail the head of the review ledger (its record count and last hash) to WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO."

    def handle(self, *args, **options):
        to = recipients()
        if not to:
            raise CommandError(gettext("Nobody to send the ledger digest to: set WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO to a list of e-mail addresses."))
        audit = audit_ledger()
        subject, body = self.digest(audit, timezone.localtime())
        EmailMessage(f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body, settings.SERVER_EMAIL, to).send()
        self.stdout.write(gettext("Ledger digest sent to %(recipients)s.") % {"recipients": ", ".join(to)})

    def digest(self, audit, now):
        when = date_format(now, "DATETIME_FORMAT")
        sequence, record_hash = audit.head or (0, "")
        if audit.head:
            subject = gettext("Review ledger head on %(date)s: record #%(sequence)s") % {"date": date_format(now, "DATE_FORMAT"), "sequence": sequence}
            head = [
                ngettext(
                    "On %(time)s the review ledger (保密审查台账) held %(count)s record; the last is #%(sequence)s with the hash",
                    "On %(time)s the review ledger (保密审查台账) held %(count)s records; the last is #%(sequence)s with the hash",
                    audit.count,
                )
                % {"time": when, "count": audit.count, "sequence": sequence},
                "",
                f"    {sequence}:{record_hash}",
                "",
                gettext("Keep this e-mail. To check later that no record up to this one was deleted or altered, run:"),
                "",
                f"    manage.py disclosure_verify_ledger --head {sequence}:{record_hash}",
            ]
        else:
            subject = gettext("Review ledger head on %(date)s: empty") % {"date": date_format(now, "DATE_FORMAT")}
            head = [gettext("On %(time)s the review ledger (保密审查台账) held no records.") % {"time": when}]
        if audit.intact:
            status = [gettext("The ledger was checked when this digest was sent: intact.")]
        else:
            subject = gettext("Review ledger: PROBLEMS FOUND") + " · " + subject
            count = len(audit.problems)
            status = [
                ngettext("The ledger was checked when this digest was sent: %(count)s problem.", "The ledger was checked when this digest was sent: %(count)s problems.", count) % {"count": count},
                *(f"  - {message}" for _sequence, message in audit.problems[:20]),
            ]
        return subject, "\n".join([*head, "", *status, ""])
