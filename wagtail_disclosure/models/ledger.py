"""The review ledger (保密审查台账): one append-only, hash-chained record per review decision.

A review record is its own table, not a Wagtail ``TaskState``: task states and revisions are deleted in
cascade with pages and by ``purge_revisions``, but review records must be kept for inspection
(保密审查记录应保存备查). Records therefore hold plain ids and snapshots instead of foreign keys that
could cascade, and each one is chained to the previous one by a hash, so that any altered, deleted or
inserted record is detected by ``disclosure_verify_ledger``. Records are written through
``services.reviews.append_record``, which takes the snapshots.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules.confidentiality import APPROVING_CONCLUSIONS, Conclusion, RecordKind

GENESIS_HASH = "0" * 64


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

    def compute_hash(self):
        values = {}
        for name in self.HASHED_FIELDS:
            value = getattr(self, name)
            if isinstance(value, datetime.datetime):
                value = value.astimezone(datetime.UTC).isoformat()
            elif value is not None and not isinstance(value, (int, str, list, dict, bool)):
                value = str(value)
            values[name] = value
        canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionDenied("Review records are append-only.")
        # Records are written one at a time: the unique sequence number makes a concurrent writer
        # that read the same head fail and retry, so the chain never forks.
        for _attempt in range(20):
            head = ReviewRecord.objects.order_by("-sequence").values("sequence", "record_hash").first()
            self.sequence = (head["sequence"] if head else 0) + 1
            self.previous_hash = head["record_hash"] if head else GENESIS_HASH
            self.record_hash = self.compute_hash()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                self.pk = None
                continue
        raise IntegrityError("Could not append to the review ledger")

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Review records are append-only.")


def verify_ledger(records=None):
    """Problems in the chain: a list of (sequence, message); empty when the ledger is intact."""
    problems = []
    previous_hash, expected_sequence = GENESIS_HASH, 1
    for record in (records if records is not None else ReviewRecord.objects.order_by("sequence").iterator(chunk_size=2000)):
        if record.sequence != expected_sequence:
            problems.append((record.sequence, f"expected record #{expected_sequence}: a record was deleted or inserted"))
        if record.previous_hash != previous_hash:
            problems.append((record.sequence, "does not follow the previous record: a record was deleted, inserted or altered"))
        if record.compute_hash() != record.record_hash:
            problems.append((record.sequence, "content does not match its hash: the record was altered"))
        previous_hash, expected_sequence = record.record_hash, record.sequence + 1
    return problems
