"""Handling a request for disclosure: registering it, its events on the statutory clock, the answer, the
archive, 表三 from the cases, reminders and the erasure of personal data.

Every change to a case goes through here, so that the due date (``due_on``) and the status follow the
events (``refresh_deadline``) and the rules of 条例第三十、三十三条 are checked in one place.
"""

import datetime
from html import escape

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task
from wagtail.admin.mail import send_mail
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection

from ..models.calendar import get_working_day_calendar
from ..models.catalogue import CatalogueEntryAttachment, CatalogueEntryPage
from ..models.requests import (
    OPEN_STATUSES,
    EventKind,
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    RequestStatus,
)
from ..rules import requests as rules
from ..rules.requests import Outcome, PauseKind, RequestRuleError

APPROVE_EXTENSION_PERMISSION = "wagtail_disclosure.approve_extension"
IDENTITY_VIEWED_ACTION = "wagtail_disclosure.request.identity_viewed"
DUE_SOON_WORKING_DAYS = 5
# Closed cases keep the applicant's personal data this long, then only the statistics remain.
DEFAULT_RETENTION_DAYS = 3 * 365


class CaseError(ValidationError):
    """A change the statute or the case's state does not allow; the message is the user's."""


def _refuse(message):
    raise CaseError(message)


# --- registering ------------------------------------------------------------------------------------


def register(case, user=None):
    """Save a new case (``InformationRequest.register``): receipt date per 条例第三十一条, case number, due date."""
    try:
        case.register()
    except RequestRuleError as error:
        _refuse(str(error))
    log(case, "wagtail.create", user=user)
    return case


def update_registration(case, user=None):
    """Save changed registration data of an open case (the receipt date follows its channel's dates)."""
    _refuse_if_closed(case)
    try:
        case.received_on = case.compute_received_on()
    except RequestRuleError as error:
        _refuse(str(error))
    case.save()
    refresh_deadline(case)
    log(case, "wagtail.edit", user=user)
    return case


def refresh_deadline(case, calendar=None):
    return case.refresh_deadline(calendar)


def _refuse_if_closed(case):
    if case.is_archived:
        _refuse(gettext("This case is archived: nothing in it can change (条例第四十五条)."))
    if not case.is_open:
        _refuse(gettext("This case has been answered: it takes no more events."))


# --- events -----------------------------------------------------------------------------------------


@transaction.atomic
def add_event(case, kind, *, user, date, end_date=None, working_days=None, amount=None, note=""):
    """Record an event after checking that the statute allows it now."""
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    _refuse_if_closed(case)
    calendar = get_working_day_calendar()
    events = list(case.events.all())
    if date < case.received_on:
        _refuse(gettext("An event cannot be dated before the application was received (%(day)s).") % {"day": case.received_on})
    if end_date is not None and end_date < date:
        _refuse(gettext("The end date cannot be before the start date."))
    try:
        if kind == EventKind.CORRECTION:
            rules.check_correction(calendar, case.received_on, date, sum(e.kind == EventKind.CORRECTION for e in events))
        elif kind == EventKind.EXTENSION:
            if not user.has_perm(APPROVE_EXTENSION_PERMISSION):
                raise PermissionDenied
            current = case.deadline(calendar, events)
            rules.check_extension(current.due, date, working_days or 0, sum(e.kind == EventKind.EXTENSION for e in events))
        elif kind in PauseKind.values:
            if any(e.kind in PauseKind.values and e.end_date is None for e in events):
                _refuse(gettext("The clock is already stopped: end the current pause first."))
    except RequestRuleError as error:
        _refuse(str(error))
    event = RequestEvent.objects.create(
        request=case, kind=kind, date=date, end_date=end_date, working_days=working_days, amount=amount, note=note,
        user=user, user_name=user.get_full_name() or user.get_username(),
    )  # fmt: skip
    if kind == EventKind.WITHDRAWAL:
        _close(case, Outcome.WITHDRAWN, date)
        case.reply_text = generated_reply(case)
        case.save(update_fields=["reply_text"])
    refresh_deadline(case)
    log(case, "wagtail.edit", user=user, data={"event": kind})
    return event


@transaction.atomic
def end_event(event, end_date, user):
    """A pause ends (the answer, or the payment, came) or the corrected application arrives (补正)."""
    case = InformationRequest.objects.select_for_update().get(pk=event.request_id)
    _refuse_if_closed(case)
    if event.kind not in (EventKind.CORRECTION, *PauseKind.values):
        _refuse(gettext("Only a pause or a 补正 has an end."))
    if event.end_date is not None:
        _refuse(gettext("This has already ended."))
    if end_date < event.date:
        _refuse(gettext("The end date cannot be before the start date."))
    event.end_date = end_date
    event.save(update_fields=["end_date"])
    refresh_deadline(case)
    log(case, "wagtail.edit", user=user, data={"event_end": event.kind})
    return event


# --- the answer and the archive --------------------------------------------------------------------


def _close(case, outcome, answered_on):
    case.outcome = outcome
    case.answered_on = answered_on
    case.status = RequestStatus.ANSWERED
    case.save(update_fields=["outcome", "answered_on", "status"])


@transaction.atomic
def answer(case, outcome, answered_on, *, user, reply_text=""):
    """Close the case with ``outcome`` (its row of 表三) and the reply (告知书) to issue."""
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    _refuse_if_closed(case)
    outcome = Outcome(outcome)
    if answered_on < case.received_on:
        _refuse(gettext("The answer cannot be dated before the application was received."))
    if outcome == Outcome.STILL_UNCLEAR and not case.events.filter(kind=EventKind.CORRECTION).exists():
        _refuse(gettext("“Still unclear after 补正” needs a 补正 notice first (条例第三十条)."))
    if outcome == Outcome.NO_CORRECTION and not case.events.filter(kind=EventKind.CORRECTION, end_date__isnull=True).exists():
        _refuse(gettext("“No 补正 in time” needs a 补正 notice that was not answered (条例第三十条)."))
    if outcome == Outcome.FEE_NOT_PAID and not case.events.filter(kind=EventKind.FEE).exists():
        _refuse(gettext("“Fee not paid in time” needs a fee notice first (国办函〔2020〕109号)."))
    _close(case, outcome, answered_on)
    case.reply_text = reply_text or generated_reply(case)
    case.save(update_fields=["reply_text"])
    refresh_deadline(case)
    log(case, "wagtail.edit", user=user, data={"outcome": outcome.value})
    return case


def generated_reply(case):
    """The 告知书 of the case's outcome, with the statutory wording, remedies and dates (rules.reply_text)."""
    correction = case.events.filter(kind=EventKind.CORRECTION).first()
    return rules.reply_text(
        case.outcome, reference=case.reference, applicant=case.applicant_name, title=case.information_title,
        received_on=case.received_on, answered_on=case.answered_on, organisation=case.organisation.name,
        correction_on=correction.date if correction else None,
    )  # fmt: skip


def _refuse_unless_reply_editable(case):
    if case.is_archived:
        _refuse(gettext("This case is archived: nothing in it can change (条例第四十五条)."))
    if case.is_open:
        _refuse(gettext("Record the answer first."))
    if case.reply_issued_at:
        _refuse(gettext("The reply has been issued: it can no longer be changed."))


@transaction.atomic
def edit_reply(case, text, user):
    """Change the 告知书 before it is issued."""
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    _refuse_unless_reply_editable(case)
    if not text.strip():
        _refuse(gettext("The reply cannot be empty."))
    case.reply_text = text
    case.save(update_fields=["reply_text"])
    log(case, "wagtail.edit", user=user, data={"reply": "edited"})
    return case


@transaction.atomic
def issue_reply(case, user):
    """Issue the 告知书: from now on it is the text the applicant received."""
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    _refuse_unless_reply_editable(case)
    case.reply_issued_at = timezone.now()
    case.save(update_fields=["reply_issued_at"])
    log(case, "wagtail.edit", user=user, data={"reply": "issued"})
    return case


@transaction.atomic
def record_delivery(case, delivered_on, note, user):
    """送达: when and how the reply reached the applicant (条例第四十条)."""
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    if case.is_archived:
        _refuse(gettext("This case is archived: nothing in it can change (条例第四十五条)."))
    if not case.reply_issued_at:
        _refuse(gettext("Issue the reply before recording its delivery."))
    if delivered_on < case.answered_on:
        _refuse(gettext("The reply cannot be delivered before the answer date."))
    case.delivered_on, case.delivery_note = delivered_on, note
    case.save(update_fields=["delivered_on", "delivery_note"])
    log(case, "wagtail.edit", user=user, data={"delivered": str(delivered_on)})
    return case


@transaction.atomic
def archive(case, user):
    """归档 (条例第四十五条): the case and its documents are kept as they are from now on."""
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    if case.is_open:
        _refuse(gettext("Only an answered case can be archived."))
    if case.is_archived:
        _refuse(gettext("This case is archived already."))
    if not case.reply_issued_at or not case.delivered_on:
        _refuse(gettext("Issue the reply and record its delivery before archiving the case."))
    case.archived_at = timezone.now()
    case.status = RequestStatus.ARCHIVED
    case.save(update_fields=["archived_at", "status"])
    log(case, "wagtail.edit", user=user, data={"archived": True})
    return case


# --- lists for the dashboard and reminders --------------------------------------------------------------


def due_lists(queryset=None, today=None, calendar=None):
    """(overdue, due soon) open cases: due before today, and due within the next 5 working days."""
    today = today or timezone.localdate()
    calendar = calendar or get_working_day_calendar()
    soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).date
    base = (queryset if queryset is not None else InformationRequest.objects).filter(status__in=OPEN_STATUSES, due_on__isnull=False)
    base = base.select_related("organisation", "handler").order_by("due_on", "pk")
    return base.filter(due_on__lt=today), base.filter(due_on__gte=today, due_on__lte=soon)


@task()
def send_due_reminders():
    """Tell each handler of their overdue and due-soon cases (one e-mail each). Returns the e-mails sent."""
    overdue, soon = due_lists()
    per_handler = {}
    for label, cases in ((gettext("Overdue"), overdue), (gettext("Due soon"), soon)):
        for case in cases.exclude(handler__isnull=True).exclude(handler__email=""):
            per_handler.setdefault(case.handler, []).append((label, case))
    for handler, cases in per_handler.items():
        with translation.override(getattr(settings, "LANGUAGE_CODE", "zh-hans")):
            lines = [f"{label}: {case.reference} {case.information_title} — {case.due_on:%Y-%m-%d}" for label, case in cases]
            send_mail(gettext("Requests for disclosure: answer deadlines"), "\n".join(lines), [handler.email])
    return len(per_handler)


# --- 表三 from the cases --------------------------------------------------------------------------------


def table_three_for(organisation, year):
    """表三 of ``organisation`` for ``year`` from its cases, in the annual report document's shape.

    One aggregate query. A case is counted if it was received by 31 December and not closed before 1
    January; 一 and 二 split these by receipt date, 三 and 四 by answer date, so 一 + 二 = 三（七） + 四 in every
    column (T3-BAL) by construction.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_play = Q(received_on__lte=end) & (Q(answered_on__isnull=True) | Q(answered_on__gte=start))
    rows = (
        InformationRequest.objects.filter(in_play, organisation=organisation)
        .values("applicant_type", "outcome")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried_over=Count("pk", filter=Q(received_on__lt=start)),
            closed=Count("pk", filter=Q(answered_on__lte=end)),
            carried_forward=Count("pk", filter=Q(answered_on__isnull=True) | Q(answered_on__gt=end)),
        )
        .order_by()
    )
    return rules.table_three(
        (r["applicant_type"], r["outcome"] or None, r["new"], r["carried_over"], r["closed"], r["carried_forward"]) for r in rows
    )


def table_three_suggestion(organisation, year):
    """表三 for the annual report's editor (its default table 三 source): ``table_three_for``, or None when the
    organisation has no case in the register at all (it keeps its cases elsewhere: no suggestion of zeros)."""
    if not InformationRequest.objects.filter(organisation=organisation).exists():
        return None
    return table_three_for(organisation, year)


# --- privacy --------------------------------------------------------------------------------------------


def record_identity_access(case, user):
    """Every look at an applicant's identity data is in the audit log."""
    log(case, IDENTITY_VIEWED_ACTION, user=user)


def erase_personal_data(today=None, retention_days=None):
    """Erase the applicant's personal data of cases answered longer ago than the retention period: the
    identity and contact fields and the application's attachments (identity proofs, powers of attorney).

    The statistics (applicant type, outcome, dates) stay, so 表三 does not change.
    """
    today = today or timezone.localdate()
    days = retention_days if retention_days is not None else getattr(settings, "WAGTAIL_DISCLOSURE_REQUEST_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    cutoff = today - datetime.timedelta(days=days)
    cases = InformationRequest.objects.filter(answered_on__lt=cutoff, personal_data_erased_at__isnull=True)
    attachments = list(RequestAttachment.objects.filter(request__in=cases))
    with transaction.atomic():
        erased = cases.update(
            applicant_name="", id_number="", credit_code="", legal_representative="", contact_person="", phone="", email="",
            address="", postcode="", personal_data_erased_at=timezone.now(),
        )  # fmt: skip
        RequestAttachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    for attachment in attachments:  # after the rows: a file left behind is better than a row without its file
        attachment.file.delete(save=False)
    return erased


@task()
def erase_expired_personal_data():
    """The retention rule as a background task (``disclosure_daily_tasks``). Returns the cases erased."""
    return erase_personal_data()


# --- 条例第四十四条: information disclosed on request that suits everyone, proposed for the catalogue ----------

# 予以公开 and 部分公开: information was provided (条例第三十六条第（二）项, 第三十七条).
PROACTIVE_OUTCOMES = rules.DISCLOSING_OUTCOMES


def proactive_publication_refusal(case):
    """Why ``case`` cannot propose its information for the catalogue now, or None."""
    if case.outcome not in PROACTIVE_OUTCOMES:
        return gettext("Only information provided in full or in part (予以公开, 部分公开) can be proposed for proactive disclosure (条例第四十四条).")
    if case.proactive_entry_id:
        return gettext("A catalogue entry was already created from this case.")
    return None


def _body_html(text):
    return "".join(f"<p>{escape(paragraph).replace(chr(10), '<br/>')}</p>" for paragraph in text.split("\n\n") if paragraph.strip())


@transaction.atomic
def propose_for_catalogue(case, *, user, catalogue, title, written_date, topic, genre, summary="", text="", files=()):
    """条例第四十四条: a DRAFT catalogue entry from the case, linked to it.

    The draft is an ordinary entry: it goes live only after its 保密审查 (the gate refuses every other route),
    so nothing here publishes. ``files`` (uploaded files of what was disclosed) become documents in the
    root collection, served only once the entry is live (gate.files). The applicant's own attachments are
    personal data and are never copied.
    """
    case = InformationRequest.objects.select_for_update().get(pk=case.pk)
    refusal = proactive_publication_refusal(case)
    if refusal:
        _refuse(refusal)
    documents = []
    for upload in files:
        document = get_document_model()(title=upload.name.rsplit(".", 1)[0], file=upload, collection=Collection.get_first_root_node(), uploaded_by_user=user)
        document.save()
        documents.append(document)
    entry = CatalogueEntryPage(
        title=title, organisation=case.organisation, written_date=written_date, topic=topic, genre=genre, summary=summary,
        body=_body_html(text), owner=user, live=False,
        internal_notes=gettext("Proposed for proactive disclosure from the request for disclosure %(reference)s (条例第四十四条).") % {"reference": case.reference},
        attachments=[CatalogueEntryAttachment(document=document) for document in documents],
    )  # fmt: skip
    catalogue.add_child(instance=entry)
    entry.save_revision(user=user, log_action=False)
    log(entry, "wagtail.create", user=user)
    case.proactive_entry = entry
    case.save(update_fields=["proactive_entry"])
    log(case, "wagtail.edit", user=user, data={"proactive_entry": entry.pk})
    return entry
