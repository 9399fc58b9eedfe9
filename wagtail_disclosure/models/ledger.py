"""The review ledger (保密审查台账): one append-only, hash-chained record per review decision.

A review record is its own table, not a Wagtail ``TaskState``: task states and revisions are deleted in
cascade with pages and by ``purge_revisions``, but review records must be kept for inspection
(保密审查记录应保存备查). Records therefore hold plain ids and snapshots instead of foreign keys that
could cascade, and each one is chained to the previous one by a hash. Records are written through
``services.reviews.append_record``, which takes the snapshots.

What the chain protects against, and what not:

* Each record's hash is an HMAC-SHA256 keyed with a secret the database does not hold (the *ledger key*,
  :func:`ledger_key`), so someone who can write to the database but does not have the key cannot alter a
  record, insert one, or recompute the chain after an alteration: ``verify_ledger`` names the record.
  Records written before the key was introduced stay plain SHA-256 (``hash_scheme``); a plain record after
  a keyed one is a rewrite. Which records may be plain can be pinned with
  ``WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS`` (otherwise any plain records at the start are accepted).
* A chain, keyed or not, cannot show that its newest records (or all of them) were deleted. So the head of
  the ledger (sequence and hash of each new record) is also written *outside* the ledger table as records
  are appended, once the transaction commits (``models.ledger_anchors``: an append-only file, a logger,
  and a daily e-mailed digest). ``models.ledger_audit`` compares the ledger with those anchors.
* Not protected: an attacker who holds the key as well as the database can rewrite the chain, and one who
  can also rewrite every anchor (the file, the log's destination, the mailbox) can rewrite or truncate it
  unnoticed. Records appended after the last anchor that can be read (e.g. between two e-mailed digests,
  when only the digest is kept) can be deleted unnoticed. With a key derived from ``SECRET_KEY`` (the
  fallback, with a system-check warning) the key is as safe as the settings file, and changing
  ``SECRET_KEY`` makes the keyed records unverifiable.
"""

import datetime
import hashlib
import hmac
import json
import os
import typing
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..rules.confidentiality import APPROVING_CONCLUSIONS, Conclusion, RecordKind
from .ledger_anchors import write_anchors

GENESIS_HASH = "0" * 64


# --- the ledger key ----------------------------------------------------------------------------


class HashScheme(models.TextChoices):
    # Records written before the ledger was keyed: plain SHA-256 of the canonical JSON.
    PLAIN_SHA256 = "sha256", _("SHA-256 (written before the ledger key)")
    HMAC_SHA256 = "hmac-sha256", _("HMAC-SHA256 with the ledger key")


KEY_SETTING = "WAGTAIL_DISCLOSURE_LEDGER_KEY"
KEY_ENV_SETTING = "WAGTAIL_DISCLOSURE_LEDGER_KEY_ENV"
UNKEYED_SETTING = "WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS"


class LedgerKey(typing.NamedTuple):
    secret: bytes
    key_id: str  # names the key on each record without revealing it
    dedicated: bool  # False: derived from SECRET_KEY


def ledger_key():
    """The key of the ledger's HMACs: ``WAGTAIL_DISCLOSURE_LEDGER_KEY``, else the environment variable named
    by ``WAGTAIL_DISCLOSURE_LEDGER_KEY_ENV``, else one derived from ``SECRET_KEY`` (system check W001).

    A variable that is named but unset is an error rather than a fallback: records keyed with another
    key could not be verified later.
    """
    secret = getattr(settings, KEY_SETTING, None)
    dedicated = bool(secret)
    env_name = getattr(settings, KEY_ENV_SETTING, None)
    if not secret and env_name:
        secret = os.environ.get(env_name)
        if not secret:
            raise ImproperlyConfigured(f"{KEY_ENV_SETTING} names the environment variable {env_name}, which is not set.")
        dedicated = True
    if not secret:
        secret = hmac.new(settings.SECRET_KEY.encode(), b"wagtail_disclosure.ledger.key", hashlib.sha256).digest()
    secret = secret.encode() if isinstance(secret, str) else bytes(secret)
    key_id = hmac.new(secret, b"wagtail_disclosure.ledger.key-id", hashlib.sha256).hexdigest()[:16]
    return LedgerKey(secret, key_id, dedicated)


def check_ledger_key(app_configs=None, **kwargs):
    """System check: the ledger should have a key of its own (registered in ``apps.py``)."""
    try:
        key = ledger_key()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="wagtail_disclosure.E001")]
    if key.dedicated:
        return []
    return [
        checks.Warning(
            "The review ledger's hashes are keyed with a key derived from SECRET_KEY.",
            hint=(
                f"Set {KEY_SETTING} (or {KEY_ENV_SETTING}, the name of an environment variable holding it) to a "
                "dedicated random key kept out of the database and its backups. Records keyed so far keep "
                "their key id: keep SECRET_KEY unchanged, or they can no longer be verified."
            ),
            id="wagtail_disclosure.W001",
        )
    ]


class ReviewRecordQuerySet(models.QuerySet):
    def approving(self):
        return self.filter(conclusion__in=APPROVING_CONCLUSIONS)

    def update(self, **kwargs):
        raise PermissionDenied("Review records are append-only.")

    def delete(self):
        raise PermissionDenied("Review records are append-only.")


class ReviewRecord(models.Model):
    """One entry of the review ledger (保密审查台账). Never updated, never deleted."""

    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices, default=RecordKind.REVIEW)

    # What was reviewed: ids and snapshots, so the record outlives pages and revisions.
    page_pk = models.PositiveBigIntegerField(_("page id"), db_index=True)
    page_title = models.CharField(_("title"), max_length=255)
    page_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("page type"))
    translation_key = models.UUIDField(db_index=True)
    locale_code = models.CharField(_("language"), max_length=100, blank=True)
    revision_pk = models.PositiveBigIntegerField(_("revision id"), null=True, blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64, db_index=True)
    index_number = models.CharField(_("index number"), max_length=64, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True, db_index=True)

    # Who, when, at which level.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("reviewer")
    )
    reviewer_name = models.CharField(_("reviewer"), max_length=255)
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now, db_index=True)
    task_pk = models.PositiveBigIntegerField(_("task id"), null=True, blank=True)
    level_name = models.CharField(_("review level"), max_length=50, blank=True)

    # The review itself.
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices, db_index=True)
    basis = models.JSONField(_("basis"), default=list, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    confirmations = models.JSONField(_("confirmations"), default=list, blank=True)
    acknowledged_findings = models.JSONField(_("acknowledged sensitive-data findings"), default=list, blank=True)
    attachment = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("signed review form")
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("For emergency publication and legacy migration."))
    source = models.CharField(_("source"), max_length=255, blank=True, help_text=_("For legacy migration: the imported file."))

    previous_hash = models.CharField(max_length=64, editable=False)
    record_hash = models.CharField(max_length=64, editable=False, unique=True)
    # How record_hash was made; records without a scheme (written before keying) are plain SHA-256.
    hash_scheme = models.CharField(max_length=20, editable=False, choices=HashScheme.choices, default=HashScheme.PLAIN_SHA256)
    key_id = models.CharField(max_length=16, editable=False, blank=True)

    objects = ReviewRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("review record")
        verbose_name_plural = _("review records")
        indexes = [models.Index(fields=["page_pk", "content_hash"], name="wd_review_page_hash")]
        permissions = [("emergency_publish", _("Can publish without prior review, giving a reason (紧急发布)"))]

    def __str__(self):
        return f"#{self.sequence} {self.page_title} · {self.get_conclusion_display()}"

    @property
    def is_approval(self):
        return self.conclusion in APPROVING_CONCLUSIONS

    # --- the hash chain ---------------------------------------------------------------------

    HASHED_FIELDS = (
        "sequence", "kind", "page_pk", "page_title", "page_content_type_id", "translation_key", "locale_code",
        "revision_pk", "content_hash", "index_number", "organisation_name", "reviewer_id", "reviewer_name",
        "reviewed_at", "task_pk", "level_name", "conclusion", "basis", "opinion", "confirmations",
        "acknowledged_findings", "attachment_id", "reason", "source", "previous_hash",
    )

    def canonical(self):
        values = {}
        for name in self.HASHED_FIELDS:
            value = getattr(self, name)
            if isinstance(value, datetime.datetime):
                value = value.astimezone(datetime.UTC).isoformat()
            elif value is not None and not isinstance(value, (int, str, list, dict, bool)):
                value = str(value)
            values[name] = value
        return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def compute_hash(self, key=None):
        """The hash this record should have under its ``hash_scheme``; None when it was keyed with a key
        other than the configured one (``key``, default :func:`ledger_key`), so it cannot be checked."""
        if self.hash_scheme == HashScheme.PLAIN_SHA256:
            return hashlib.sha256(self.canonical()).hexdigest()
        key = key or ledger_key()
        if self.hash_scheme != HashScheme.HMAC_SHA256 or self.key_id != key.key_id:
            return None
        return hmac.new(key.secret, self.canonical(), hashlib.sha256).hexdigest()

    def seal(self, previous_hash, key=None):
        """Chain this record after ``previous_hash`` and hash it with the ledger key (also for bulk loads)."""
        key = key or ledger_key()
        self.previous_hash, self.hash_scheme, self.key_id = previous_hash, HashScheme.HMAC_SHA256, key.key_id
        self.record_hash = self.compute_hash(key)

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionDenied("Review records are append-only.")
        key = ledger_key()
        # Records are written one at a time: the unique sequence number makes a concurrent writer
        # that read the same head fail and retry, so the chain never forks.
        for _attempt in range(20):
            head = ReviewRecord.objects.order_by("-sequence").values("sequence", "record_hash").first()
            self.sequence = (head["sequence"] if head else 0) + 1
            self.seal(head["record_hash"] if head else GENESIS_HASH, key)
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
            except IntegrityError:
                self.pk = None
                continue
            # The head goes outside the ledger only once it is committed: a rolled-back append leaves
            # no anchor (one that did would look like a deleted record).
            transaction.on_commit(partial(write_anchors, self.sequence, self.record_hash))
            return
        raise IntegrityError("Could not append to the review ledger")

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Review records are append-only.")

    @classmethod
    def append_all(cls, records):
        """Append new ``records`` in their order, as ``save()`` appends one: chained and sealed in memory,
        inserted in one statement, the head anchored once (an import's batch records thousands)."""
        if not records:
            return records
        key = ledger_key()
        for _attempt in range(20):
            head = ReviewRecord.objects.order_by("-sequence").values("sequence", "record_hash").first()
            sequence, previous_hash = (head["sequence"], head["record_hash"]) if head else (0, GENESIS_HASH)
            for record in records:
                sequence += 1
                record.sequence = sequence
                record.seal(previous_hash, key)
                previous_hash = record.record_hash
            try:
                with transaction.atomic():
                    ReviewRecord.objects.bulk_create(records)
            except IntegrityError:  # another writer appended meanwhile: chain after its records
                for record in records:
                    record.pk, record._state.adding = None, True
                continue
            last = records[-1]
            transaction.on_commit(partial(write_anchors, last.sequence, last.record_hash))
            return records
        raise IntegrityError("Could not append to the review ledger")


def unkeyed_limit():
    """How many records at the start of the ledger may be plain SHA-256 (None: any before the first keyed one)."""
    return getattr(settings, UNKEYED_SETTING, None)


class ChainCheck:
    """Checks records one by one, in sequence order: the chain, the numbering and each record's (keyed) hash.

    ``check(record)`` returns the problems of that record as (sequence, message), at most one per record
    (the first found: the others follow from it), in the active language.
    """

    def __init__(self, key=None):
        self.key = key or ledger_key()
        self.unkeyed_limit = unkeyed_limit()
        self.previous_hash, self.expected_sequence = GENESIS_HASH, 1
        self.first_keyed = None  # sequence of the first keyed record
        self.unkeyed = 0  # plain records seen
        self.last = None  # (sequence, record_hash) of the last record seen

    def check(self, record):
        sequence = record.sequence
        problem = self.chain_problem(record) or self.hash_problem(record)
        self.previous_hash, self.expected_sequence, self.last = record.record_hash, sequence + 1, (sequence, record.record_hash)
        return [(sequence if problem[0] is None else problem[0], problem[1])] if problem else []

    def chain_problem(self, record):
        sequence, expected = record.sequence, self.expected_sequence
        if sequence > expected:
            if sequence - 1 == expected:
                return expected, gettext("record #%(first)s is missing: it was deleted") % {"first": expected}
            return expected, gettext("records #%(first)s–#%(last)s are missing: they were deleted") % {"first": expected, "last": sequence - 1}
        if sequence < expected:
            return None, gettext("record #%(sequence)s is out of order: it was inserted") % {"sequence": sequence}
        if record.previous_hash != self.previous_hash:
            return None, gettext("record #%(sequence)s does not follow the record before it: a record was inserted or altered") % {"sequence": sequence}
        return None

    def hash_problem(self, record):
        sequence = record.sequence
        if record.hash_scheme == HashScheme.PLAIN_SHA256:
            self.unkeyed += 1
            if self.first_keyed is not None:
                return None, gettext(
                    "record #%(sequence)s is hashed without the ledger key, but record #%(keyed)s before it was keyed: the chain was rewritten"
                ) % {"sequence": sequence, "keyed": self.first_keyed}
            if self.unkeyed_limit == 0:
                return None, gettext(
                    "record #%(sequence)s is hashed without the ledger key, but every record must be keyed (%(setting)s is 0): the chain was rewritten"
                ) % {"sequence": sequence, "setting": UNKEYED_SETTING}
            if self.unkeyed_limit is not None and sequence > self.unkeyed_limit:
                return None, ngettext(
                    "record #%(sequence)s is hashed without the ledger key, but only the first record was written before the key (%(setting)s): the chain was rewritten",
                    "record #%(sequence)s is hashed without the ledger key, but only the first %(count)s records were written before the key (%(setting)s): the chain was rewritten",
                    self.unkeyed_limit,
                ) % {"sequence": sequence, "count": self.unkeyed_limit, "setting": UNKEYED_SETTING}
            if record.compute_hash() != record.record_hash:
                return None, gettext("record #%(sequence)s does not match its hash: it was altered") % {"sequence": sequence}
            return None
        if record.hash_scheme != HashScheme.HMAC_SHA256:
            return None, gettext("record #%(sequence)s names an unknown hash scheme: it was altered") % {"sequence": sequence}
        if self.first_keyed is None:
            self.first_keyed = sequence
        if record.key_id != self.key.key_id:
            return None, gettext(
                "record #%(sequence)s was keyed with the key %(key_id)s, not with the configured ledger key: it cannot be checked"
            ) % {"sequence": sequence, "key_id": record.key_id or "-"}
        if record.compute_hash(self.key) != record.record_hash:
            return None, gettext("record #%(sequence)s does not match its keyed hash: it was altered") % {"sequence": sequence}
        return None


def ordered_records():
    return ReviewRecord.objects.order_by("sequence").iterator(chunk_size=2000)


def verify_ledger(records=None, key=None):
    """Problems in the chain: a list of (sequence, message); empty when the ledger is intact.

    Only the chain and the keyed hashes: deleting the newest records does not show here.
    ``models.ledger_audit.audit_ledger`` also compares the ledger with its anchors.
    """
    check = ChainCheck(key)
    problems = []
    for record in records if records is not None else ordered_records():
        problems.extend(check.check(record))
    return problems
