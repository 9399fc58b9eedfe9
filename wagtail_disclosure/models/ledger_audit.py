"""Checking the review ledger against its key and its anchors, for ``disclosure_verify_ledger`` and the admin.

``verify_ledger`` (``models.ledger``) checks the chain and each record's keyed hash: an altered, inserted
or deleted record in the middle, or a chain recomputed without the key. What it cannot see — the newest
records deleted, every record deleted, a chain recomputed by someone who has the key — shows here, by
comparing the ledger with the heads written outside it (``models.ledger_anchors``) and with heads given
by hand (e.g. from an e-mailed digest). See ``models.ledger`` for what this does not protect against.

* :func:`audit_ledger` — the whole check, one pass over the ledger; the problems name the first missing or
  altered record.
* :func:`ledger_head` — (count, last hash, anchored at), e.g. for the monthly summary.
* :func:`record_problems` — the same checks for one record (the admin's record view).
"""

import datetime
import typing

from django.utils.translation import gettext, ngettext

from .ledger import GENESIS_HASH, ChainCheck, HashScheme, ReviewRecord, ordered_records
from .ledger_anchors import Anchor, UnreadableAnchor, readable_sinks

HASH_SHOWN = 16  # characters of a hash in messages: enough to compare by eye


def short(value):
    return f"{value[:HASH_SHOWN]}…"


class LedgerAudit(typing.NamedTuple):
    problems: list  # (sequence or None, message), in sequence order; None: about an anchor source
    count: int  # records checked
    head: tuple | None  # (sequence, record_hash) of the last record
    anchors: int  # anchors compared
    sources: list  # names of the anchor sources read
    unkeyed: int  # records hashed without the key (written before it)

    @property
    def intact(self):
        return not self.problems


class LedgerHead(typing.NamedTuple):
    count: int
    record_hash: str  # GENESIS_HASH when the ledger is empty
    anchored_at: datetime.datetime | None  # when a readable anchor recorded this head; None if none did


def read_anchors(heads=()):
    """({sequence: Anchor}, source problems, source names) from the readable sinks and ``heads``.

    ``heads``: (sequence, record_hash) pairs, e.g. from an e-mailed digest; they win over the sinks.
    Within a file the last line for a sequence wins (e.g. after a restore from a backup).
    """
    anchors, unreadable, sources = {}, [], []
    for sink in readable_sinks():
        sources.append(gettext("the anchor file %(path)s") % {"path": sink})
        try:
            for anchor in sink.read():
                anchors[anchor.sequence] = anchor._replace(source=sources[-1])
        except UnreadableAnchor as error:
            unreadable.append((sink, error.args[0]))
    if heads:
        sources.append(gettext("the given head"))
    for sequence, record_hash in heads:
        anchors[sequence] = Anchor(sequence, record_hash, None, sources[-1])
    return anchors, unreadable, sources


def unreadable_problems(unreadable, count):
    problems = []
    for sink, line in unreadable:
        if line is not None:
            problems.append((None, gettext("line %(line)s of the anchor file %(path)s is not an anchor: the file was altered") % {"line": line, "path": sink}))
        elif count:
            problems.append((None, gettext("the anchor file %(path)s does not exist: it was deleted, or no record was appended since it was configured") % {"path": sink}))
    return problems


def mismatch(anchor, actual):
    return gettext("%(source)s says record #%(sequence)s had the hash %(anchored)s; the ledger holds %(actual)s: the record was rewritten") % {
        "source": anchor.source, "sequence": anchor.sequence, "anchored": short(anchor.record_hash), "actual": short(actual),
    }  # fmt: skip


def deleted_at_end(anchor, last):
    values = {"source": anchor.source, "sequence": anchor.sequence, "anchored": short(anchor.record_hash), "first": last + 1, "last": last}
    if not last:
        return ngettext(
            "%(source)s says record #%(sequence)s had the hash %(anchored)s; the ledger is empty: record #1 was deleted",
            "%(source)s says record #%(sequence)s had the hash %(anchored)s; the ledger is empty: records #1–#%(sequence)s were deleted",
            anchor.sequence,
        ) % values
    return ngettext(
        "%(source)s says record #%(sequence)s had the hash %(anchored)s; the ledger ends at #%(last)s: record #%(sequence)s was deleted",
        "%(source)s says record #%(sequence)s had the hash %(anchored)s; the ledger ends at #%(last)s: records #%(first)s–#%(sequence)s were deleted",
        anchor.sequence - last,
    ) % values


def audit_ledger(heads=(), key=None):
    """Check the chain, the keyed hashes and every readable anchor, in one pass over the ledger.

    At most one problem per record (the first found); the problems are in sequence order, so the first
    names the first missing or altered record. Problems of an anchor source itself come first.
    """
    anchors, unreadable, sources = read_anchors(heads)
    check, found, count = ChainCheck(key), {}, 0
    for record in ordered_records():
        count += 1
        for sequence, message in check.check(record):
            found.setdefault(sequence, message)
        anchor = anchors.get(record.sequence)
        if anchor is not None and anchor.record_hash != record.record_hash:
            found.setdefault(record.sequence, mismatch(anchor, record.record_hash))
    last = check.last[0] if check.last else 0
    beyond = [anchor for anchor in anchors.values() if anchor.sequence > last]
    if beyond:
        newest = max(beyond, key=lambda anchor: anchor.sequence)
        found.setdefault(last + 1, deleted_at_end(newest, last))
    problems = unreadable_problems(unreadable, count) + sorted(found.items())
    return LedgerAudit(problems, count, check.last, len(anchors), sources, check.unkeyed)


def ledger_head():
    """(count, last hash, anchored at) of the ledger, e.g. for the monthly summary (保密审查汇总表).

    ``anchored_at`` is when a readable anchor (the newest part of the anchor file) recorded the last
    record with that hash; None when none did (no anchor configured, or the head is not anchored: a
    reason to run ``disclosure_verify_ledger``).
    """
    count = ReviewRecord.objects.count()
    last = ReviewRecord.objects.order_by("-sequence").values_list("sequence", "record_hash").first()
    if last is None:
        return LedgerHead(0, GENESIS_HASH, None)
    times = [anchor.time for sink in readable_sinks() for anchor in sink.tail() if (anchor.sequence, anchor.record_hash) == last]
    return LedgerHead(count, last[1], max(times) if times else None)


def record_problems(record, key=None):
    """Problems of one record, as (sequence, message): its keyed hash, its link to the record before it,
    and the anchor of its sequence. Empty when it is intact (the ledger as a whole may still not be)."""
    previous = ReviewRecord.objects.filter(sequence__lt=record.sequence).order_by("-sequence").first()
    check = ChainCheck(key)
    if previous is not None:
        # Start the check at the record before, as if the ledger were intact up to it.
        check.previous_hash, check.expected_sequence = previous.record_hash, previous.sequence + 1
        check.first_keyed = previous.sequence if previous.hash_scheme != HashScheme.PLAIN_SHA256 else None
    problems = check.check(record)
    if not problems:
        anchors, _unreadable, _sources = read_anchors()
        anchor = anchors.get(record.sequence)
        if anchor is not None and anchor.record_hash != record.record_hash:
            problems = [(record.sequence, mismatch(anchor, record.record_hash))]
    return problems
