"""Anchors of the review ledger: its head, written outside the ledger table as records are appended.

A hash chain in one table cannot show that its newest records, or all of them, were deleted, nor that the
whole chain was recomputed by someone holding the key. So after each append commits, the new head
(sequence and record hash) goes to every sink of ``WAGTAIL_DISCLOSURE_LEDGER_ANCHORS``, a list of dotted
paths of sink classes, or of dicts with ``"class"`` and the keyword arguments::

    WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = [
        {"class": "wagtail_disclosure.models.ledger_anchors.FileAnchor", "path": "/var/lib/disclosure/ledger-anchors.jsonl"},
        "wagtail_disclosure.models.ledger_anchors.LoggingAnchor",
    ]

A sink has ``write(anchor)``; one that can be read back (the file) also has ``read()``, and
``models.ledger_audit`` compares the ledger with what it reads. What goes to a logger or an e-mail
(``disclosure_send_ledger_digest``) is compared by a person, or given to ``disclosure_verify_ledger --head``.

The anchors protect only as far as they are out of reach of whoever can write to the database: put the
file on another host or a write-once medium, send the log elsewhere. An anchor write that fails is logged
and does not undo the committed record.
"""

import datetime
import json
import logging
import os
import typing

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

ANCHORS_SETTING = "WAGTAIL_DISCLOSURE_LEDGER_ANCHORS"
ANCHOR_LOGGER = "wagtail_disclosure.ledger.anchor"

logger = logging.getLogger("wagtail_disclosure.ledger")


class Anchor(typing.NamedTuple):
    sequence: int
    record_hash: str
    time: datetime.datetime
    source: str = ""  # where it was read from, for messages

    def as_json(self):
        return json.dumps({"sequence": self.sequence, "record_hash": self.record_hash, "time": self.time.isoformat()}, separators=(",", ":"))


class UnreadableAnchor(Exception):
    """An anchor that cannot be read back (a damaged line, a missing file): reported, not skipped."""


class FileAnchor:
    """An append-only file of JSON lines: ``{"sequence": …, "record_hash": …, "time": …}``.

    Each anchor is one ``write()`` to a file opened with ``O_APPEND``, so lines of concurrent writers do
    not interleave; their order may differ from the sequence order.
    """

    def __init__(self, path):
        self.path = os.fspath(path)

    def __str__(self):
        return self.path

    def write(self, anchor):
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, (anchor.as_json() + "\n").encode())
        finally:
            os.close(descriptor)

    def read(self):
        """Every anchor in the file; raises ``UnreadableAnchor`` for a damaged line or a missing file."""
        try:
            handle = open(self.path, encoding="utf-8")  # noqa: SIM115 (closed below, also when a line is damaged)
        except FileNotFoundError as error:
            raise UnreadableAnchor(None) from error
        with handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield self.parse(line, number)

    def tail(self, size=256 * 1024):
        """The anchors in the last ``size`` bytes of the file (the newest ones), damaged lines left out."""
        try:
            with open(self.path, "rb") as handle:
                start = max(0, handle.seek(0, os.SEEK_END) - size)
                handle.seek(start)
                lines = handle.read().decode("utf-8", "replace").splitlines()[1 if start else 0 :]  # a cut first line
        except FileNotFoundError:
            return []
        anchors = []
        for line in lines:
            try:
                anchors.append(self.parse(line, None))
            except UnreadableAnchor:
                continue
        return anchors

    def parse(self, line, number):
        try:
            data = json.loads(line)
            return Anchor(int(data["sequence"]), str(data["record_hash"]), datetime.datetime.fromisoformat(data["time"]), self.path)
        except (ValueError, KeyError, TypeError) as error:
            raise UnreadableAnchor(number) from error


class LoggingAnchor:
    """Logs each anchor to the logger ``wagtail_disclosure.ledger.anchor`` (INFO), e.g. to a syslog host.

    The record carries ``ledger_sequence``, ``ledger_record_hash`` and ``ledger_time`` for structured handlers.
    """

    def __init__(self, logger_name=ANCHOR_LOGGER):
        self.logger = logging.getLogger(logger_name)

    def __str__(self):
        return f"logger {self.logger.name}"

    def write(self, anchor):
        self.logger.info(
            "review ledger head #%s %s at %s",
            anchor.sequence,
            anchor.record_hash,
            anchor.time.isoformat(),
            extra={"ledger_sequence": anchor.sequence, "ledger_record_hash": anchor.record_hash, "ledger_time": anchor.time.isoformat()},
        )


def configured_sinks():
    """The sinks of ``WAGTAIL_DISCLOSURE_LEDGER_ANCHORS``, built anew each time (settings may change in tests)."""
    sinks = []
    for entry in getattr(settings, ANCHORS_SETTING, None) or []:
        if isinstance(entry, str):
            path, options = entry, {}
        elif isinstance(entry, dict) and isinstance(entry.get("class"), str):
            options = dict(entry)
            path = options.pop("class")
        else:
            raise ImproperlyConfigured(f"{ANCHORS_SETTING}: each entry is a dotted path or a dict with a 'class', not {entry!r}.")
        try:
            sinks.append(import_string(path)(**options))
        except (ImportError, TypeError) as error:
            raise ImproperlyConfigured(f"{ANCHORS_SETTING}: cannot use {entry!r}: {error}") from error
    return sinks


def check_anchors(app_configs=None, **kwargs):
    """System check: the anchor sinks can be built (registered in ``apps.py``)."""
    try:
        configured_sinks()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="wagtail_disclosure.E002")]
    return []


def readable_sinks():
    return [sink for sink in configured_sinks() if hasattr(sink, "read")]


def write_anchors(sequence, record_hash):
    """Write the head to every sink; run on commit by ``ReviewRecord.save()``. Failures are logged only:
    the record is committed, and a missing anchor hides nothing (the next one covers it)."""
    anchor = Anchor(sequence, record_hash, timezone.now())
    try:
        sinks = configured_sinks()
    except ImproperlyConfigured:
        logger.exception("Could not anchor review ledger record #%s", sequence)
        return
    for sink in sinks:
        try:
            sink.write(anchor)
        except Exception:
            logger.exception("Could not anchor review ledger record #%s in %s", sequence, sink)
