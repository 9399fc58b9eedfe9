"""紧急发布 after the fact: what became of each emergency publication, and who is told when it is withdrawn.

An emergency record (kind 紧急发布) published one exact content (its fingerprint) without a prior review.
It is *pending* (已发布待补审) until, for that content, the latest review of every level by someone other
than the publisher approves it (补审 done, *approved*); or until a review concluded otherwise, upon which
``services.reviews`` took the content down again and appended a 撤回 record (*withdrawn*). 先审查、后公开:
content a reviewer did not approve may not stay public because it went out before its review.

This module only reads the ledger and sends the notice; the writing is ``services.reviews``'.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.admin.mail import send_mail
from wagtail.models import Page

from ..gate.approval import required_review_tasks
from ..models.ledger import ReviewRecord
from ..rules.confidentiality import APPROVING_CONCLUSIONS, RecordKind

logger = logging.getLogger("wagtail_disclosure.emergency")

PENDING, APPROVED, WITHDRAWN = "pending", "approved", "withdrawn"

# Withdrawn emergencies stay on the 已发布待补审 list, marked 已撤回, for this long: those who watch the list
# see how each emergency ended there; the ledger keeps the records for good.
WITHDRAWN_SHOWN_FOR = datetime.timedelta(days=30)


def _by_someone_else(record, emergency):
    if emergency.reviewer_id:
        return record.reviewer_id != emergency.reviewer_id
    return record.reviewer_name != emergency.reviewer_name


def emergency_outcomes():
    """Every 紧急发布 record, oldest first, with ``status``, ``page`` (or None), ``missing_levels`` and ``withdrawal``."""
    emergencies = list(ReviewRecord.objects.filter(kind=RecordKind.EMERGENCY).order_by("sequence"))
    if not emergencies:
        return []
    later = {}
    records = ReviewRecord.objects.filter(
        kind__in=(RecordKind.REVIEW, RecordKind.WITHDRAWAL), page_pk__in={record.page_pk for record in emergencies}
    ).only("sequence", "kind", "page_pk", "content_hash", "task_pk", "reviewer_id", "reviewer_name", "conclusion", "level_name", "reviewed_at")
    for record in records.order_by("sequence"):
        later.setdefault((record.page_pk, record.content_hash), []).append(record)
    pages = Page.objects.in_bulk({record.page_pk for record in emergencies})
    for emergency in emergencies:
        emergency.page = pages.get(emergency.page_pk)
        emergency.withdrawal, latest = None, {}
        for record in later.get((emergency.page_pk, emergency.content_hash), []):
            if record.sequence < emergency.sequence:
                continue
            if record.kind == RecordKind.WITHDRAWAL:
                emergency.withdrawal = record
                break
            if _by_someone_else(record, emergency):
                latest[record.task_pk] = record.conclusion  # the latest review of each level decides
        approved = {task_pk for task_pk, conclusion in latest.items() if conclusion in APPROVING_CONCLUSIONS}
        required = {task.pk for task in required_review_tasks(emergency.page.specific_deferred)} if emergency.page is not None else set()
        emergency.missing_levels = required - approved
        if emergency.withdrawal is not None:
            emergency.status = WITHDRAWN
        elif (required <= approved) if required else bool(approved):
            emergency.status = APPROVED
        else:
            emergency.status = PENDING
    return emergencies


def pending_post_reviews():
    """已发布待补审: emergency records whose content has not been approved at every level by someone else."""
    return [emergency for emergency in emergency_outcomes() if emergency.status == PENDING]


def post_review_list(now=None):
    """The 已发布待补审 listing: the pending records, then those withdrawn within ``WITHDRAWN_SHOWN_FOR``."""
    since = (now or timezone.now()) - WITHDRAWN_SHOWN_FOR
    outcomes = emergency_outcomes()
    pending = [emergency for emergency in outcomes if emergency.status == PENDING]
    withdrawn = [emergency for emergency in outcomes if emergency.status == WITHDRAWN and emergency.withdrawal.reviewed_at >= since]
    return pending + withdrawn


def unsettled_emergency(page_pk, fingerprint):
    """The latest 紧急发布 record of this content of the page that has not been withdrawn, or None."""
    records = ReviewRecord.objects.filter(page_pk=page_pk, content_hash=fingerprint, kind__in=(RecordKind.EMERGENCY, RecordKind.WITHDRAWAL))
    latest = records.order_by("-sequence").first()
    return latest if latest is not None and latest.kind == RecordKind.EMERGENCY else None


def rejecting_reviews(page_pk, fingerprint):
    """The reviews whose conclusion on this content stands and does not approve it (the latest of each level)."""
    latest = {}
    for record in ReviewRecord.objects.filter(page_pk=page_pk, content_hash=fingerprint, kind=RecordKind.REVIEW).order_by("sequence"):
        latest[record.task_pk] = record
    return [record for record in latest.values() if record.conclusion not in APPROVING_CONCLUSIONS]


# --- the notice -----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Withdrawal:
    page: Page
    emergency: ReviewRecord
    review: ReviewRecord
    record: ReviewRecord
    unpublished: bool


def withdrawal_recipients(withdrawal):
    """The publisher and everyone who recorded a review of the withdrawn content since it was published."""
    reviewer_ids = ReviewRecord.objects.filter(
        kind=RecordKind.REVIEW,
        page_pk=withdrawal.emergency.page_pk,
        content_hash=withdrawal.emergency.content_hash,
        sequence__gt=withdrawal.emergency.sequence,
        reviewer__isnull=False,
    ).values_list("reviewer_id", flat=True)
    ids = {withdrawal.emergency.reviewer_id, *reviewer_ids} - {None}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))


def withdrawal_message(withdrawal):
    """What happened, in the active language: for the reviewer who concluded and for the e-mail."""
    values = {
        "title": withdrawal.page.title,
        "level": withdrawal.review.level_name or "—",
        "conclusion": withdrawal.review.get_conclusion_display(),
        "publisher": withdrawal.emergency.reviewer_name,
        "reviewer": withdrawal.review.reviewer_name,
    }
    if withdrawal.unpublished:
        return gettext(
            "“%(title)s” was published in an emergency (紧急发布) by %(publisher)s and its review at %(level)s concluded "
            "“%(conclusion)s” (%(reviewer)s): the page has been unpublished (撤回)."
        ) % values
    return gettext(
        "“%(title)s” was published in an emergency (紧急发布) by %(publisher)s and its review at %(level)s concluded "
        "“%(conclusion)s” (%(reviewer)s): that content is no longer live, and the emergency publication is closed as withdrawn (撤回)."
    ) % values


def send_withdrawal_notice(withdrawal):
    """E-mail the publisher and the reviewers, each in their admin language (as Wagtail's notifications do)."""
    for user in withdrawal_recipients(withdrawal):
        language = getattr(getattr(user, "wagtail_userprofile", None), "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = gettext("Withdrawn after review: “%(title)s”") % {"title": withdrawal.page.title}
            lines = [
                withdrawal_message(withdrawal),
                "",
                gettext("Opinion: %(opinion)s") % {"opinion": withdrawal.review.opinion or "—"},
                gettext("Review ledger: emergency publication #%(emergency)s, review #%(review)s, withdrawal #%(withdrawal)s.")
                % {"emergency": withdrawal.emergency.sequence, "review": withdrawal.review.sequence, "withdrawal": withdrawal.record.sequence},
            ]
            try:
                send_mail(subject, "\n".join(lines), [user.email])
            except Exception:  # the page is withdrawn and recorded either way; a mail failure must not hide that
                logger.exception("Could not send the withdrawal notice for page %s to %s", withdrawal.page.pk, user.email)
