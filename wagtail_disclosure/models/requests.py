"""Requests for disclosure (依申请公开): the case register and its events (条例第二十七至四十五条).

A case (``InformationRequest``) holds what the application said (条例第二十九条), how and when it came
(条例第三十一条), who handles it, its status and its outcome (one row of 表三). Its events
(``RequestEvent``) are what moves the clock: 补正, consultations, the fee notice, the extension, withdrawal.
The due date is stored (``due_on``, for the dashboard's lists) and recomputed from the events by
``refresh_deadline``; ``deadline()`` gives the computation step by step (``rules.requests``).
"""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..private_storage import private_storage
from ..rules import requests as rules
from ..rules.requests import ApplicantType, Channel, Outcome, PauseKind
from .calendar import get_working_day_calendar
from .organisations import Organisation

# Handlers see the cases of the organisations whose handler groups they are in (Organisation.
# request_handler_groups); superusers and holders of this permission (an office that supervises all) see all.
VIEW_ALL_REQUESTS_CODENAME = "view_all_requests"
VIEW_ALL_REQUESTS_PERMISSION = f"wagtail_disclosure.{VIEW_ALL_REQUESTS_CODENAME}"

# 查询码: what the applicant types to check progress; no 0/O/1/I/L to misread.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 10


def new_query_code():
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))


class ProvideFormat(models.TextChoices):
    """提供方式 (条例第二十九条第二款第（三）项, 第四十条)."""

    PAPER = "paper", _("Paper (纸质)")
    ELECTRONIC = "electronic", _("Electronic file (电子文件)")
    DISC = "disc", _("Disc or storage medium (光盘等)")


class DeliveryMethod(models.TextChoices):
    """获取方式."""

    POST = "post", _("By post (邮寄)")
    EMAIL = "email", _("By e-mail (电子邮件)")
    FAX = "fax", _("By fax (传真)")
    COLLECT = "collect", _("Collect in person (自行领取)")
    READ_ON_SITE = "read_on_site", _("Read and copy on site (当场阅读、抄录)")


class RequestStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered (已登记)")
    AWAITING_CORRECTION = "awaiting_correction", _("Awaiting 补正 (待补正)")
    PROCESSING = "processing", _("Being handled (办理中)")
    PAUSED = "paused", _("Clock stopped (暂停计时)")
    ANSWERED = "answered", _("Answered (已答复)")
    ARCHIVED = "archived", _("Archived (已归档)")


OPEN_STATUSES = (RequestStatus.REGISTERED, RequestStatus.AWAITING_CORRECTION, RequestStatus.PROCESSING, RequestStatus.PAUSED)


def sees_all_requests(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL_REQUESTS_PERMISSION))


def handled_organisations(user):
    """The organisations whose cases ``user`` handles (a queryset; every one for those who see all)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if sees_all_requests(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(request_handler_groups__user=user).distinct()


class InformationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cases ``user`` may see at all: their organisations' (``handled_organisations``), or every one."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_requests(user):
            return self
        return self.filter(organisation_id__in=Organisation.objects.filter(request_handler_groups__user=user).values("pk"))


class InformationRequest(models.Model):
    """One application (件, the counting unit of 表三)."""

    reference = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    query_code = models.CharField(_("query code (查询码)"), max_length=20, unique=True, editable=False, default=new_query_code)
    organisation = models.ForeignKey(Organisation, verbose_name=_("handling organisation"), on_delete=models.PROTECT, related_name="information_requests")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=30, choices=RequestStatus.choices, default=RequestStatus.REGISTERED)

    # 条例第三十一条: how it came, and the dates that make its receipt date.
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    submitted_on = models.DateField(_("submitted on"))
    signed_on = models.DateField(_("signed for on"), null=True, blank=True, help_text=_("Post that is signed for."))
    confirmed_on = models.DateField(
        _("confirmed on"), null=True, blank=True, help_text=_("Online, fax and ordinary letters: the day it was confirmed with the applicant.")
    )
    received_on = models.DateField(_("received on"), editable=False, db_index=True)  # the register's order

    # 条例第二十九条: the applicant (personal data: handlers only, masked elsewhere, erased after retention).
    applicant_type = models.CharField(_("applicant type"), max_length=40, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("name of the applicant"), max_length=200)
    id_number = models.CharField(_("identity document number"), max_length=40, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("telephone"), max_length=40)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)

    # The information sought.
    information_title = models.CharField(_("information sought"), max_length=300)
    document_number = models.CharField(_("document or index number"), max_length=100, blank=True)
    description = models.TextField(pgettext_lazy("request for disclosure", "description"), blank=True)
    provide_format = models.CharField(_("form of provision"), max_length=20, choices=ProvideFormat.choices, default=ProvideFormat.ELECTRONIC)
    delivery_method = models.CharField(_("way of obtaining"), max_length=20, choices=DeliveryMethod.choices, default=DeliveryMethod.EMAIL)

    # The clock and the answer.
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False)  # open cases only
    outcome = models.CharField(_("outcome"), max_length=40, choices=Outcome.choices, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True, db_index=True)
    reply_text = models.TextField(_("reply (告知书)"), blank=True)
    reply_issued_at = models.DateTimeField(_("reply issued at"), null=True, blank=True, editable=False)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_note = models.CharField(_("delivery record"), max_length=300, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True, editable=False)

    # 条例第四十四条: information disclosed on request that suits everyone, proposed for the catalogue (a draft
    # entry that goes through 保密审查 like any other).
    proactive_entry = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("catalogue entry (条例第四十四条)"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("request for disclosure")
        verbose_name_plural = _("requests for disclosure")
        permissions = [
            ("approve_extension", pgettext_lazy("permission", "Approve an extension of the answer period (延期)")),
            (VIEW_ALL_REQUESTS_CODENAME, pgettext_lazy("permission", "See the requests for disclosure of every organisation")),
        ]
        indexes = [
            # 表三 reads these columns only (services.requests.table_three_for): the index covers the query.
            models.Index(fields=["organisation", "received_on", "answered_on", "applicant_type", "outcome"], name="disclosure_request_table3"),
            # The dashboard's due lists: only open cases have a stored due date.
            models.Index(fields=["due_on"], name="disclosure_request_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("received_on")),
                name="disclosure_request_answered_after_receipt",
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.information_title}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def masked_applicant(self):
        """The applicant as listings and exports show them (张*); the full name is for handlers' case view."""
        return rules.mask(self.applicant_name, 1, 0) if self.applicant_name else ""

    @property
    def receipt_rule(self):
        return rules.receipt_rule(self.channel)

    def compute_received_on(self):
        return rules.receipt_date(self.channel, submitted_on=self.submitted_on, signed_on=self.signed_on, confirmed_on=self.confirmed_on)

    # -- the clock -------------------------------------------------------------------------------------

    def clock_inputs(self, events=None):
        """(correction, pauses, extension) for ``rules.answer_deadline``, from the case's events."""
        events = list(self.events.all()) if events is None else events
        correction = extension = None
        pauses = []
        for event in events:
            if event.kind == EventKind.CORRECTION:
                correction = rules.Correction(event.date, event.end_date)
            elif event.kind in PauseKind.values:
                pauses.append(rules.Pause(event.kind, event.date, event.end_date))
            elif event.kind == EventKind.EXTENSION:
                extension = rules.Extension(event.date, event.working_days or 0, event.user_name)
        return correction, pauses, extension

    def deadline(self, calendar=None, events=None):
        correction, pauses, extension = self.clock_inputs(events)
        return rules.answer_deadline(
            calendar or get_working_day_calendar(), self.received_on, correction=correction, pauses=pauses, extension=extension
        )

    def refresh_deadline(self, calendar=None):
        """Store the due date and the status that the events give (an answered case has no due date left)."""
        deadline = self.deadline(calendar)
        self.due_on = deadline.due if self.is_open else None
        if self.is_open:
            if deadline.stopped == "correction":
                self.status = RequestStatus.AWAITING_CORRECTION
            elif deadline.stopped:
                self.status = RequestStatus.PAUSED
            elif self.events.exists():
                self.status = RequestStatus.PROCESSING
        InformationRequest.objects.filter(pk=self.pk).update(due_on=self.due_on, status=self.status)
        return deadline

    def register(self):
        """Save a new case: receipt date (条例第三十一条, RequestRuleError if it cannot be known), case number, due date."""
        self.received_on = self.compute_received_on()
        with transaction.atomic():
            self.reference = f"new-{self.query_code}"
            self.save()
            self.reference = f"YSQ-{self.received_on:%Y}-{self.pk:06d}"
            self.save(update_fields=["reference"])
            self.refresh_deadline()
        return self

    def table_three_row(self):
        return rules.outcome_row(self.outcome) if self.outcome else None

    @property
    def legal_basis(self):
        return rules.legal_basis(self.outcome) if self.outcome else ""


class EventKind(models.TextChoices):
    CORRECTION = "correction", _("补正 notice (补正通知)")
    THIRD_PARTY = PauseKind.THIRD_PARTY.value, PauseKind.THIRD_PARTY.label
    OTHER_AGENCY = PauseKind.OTHER_AGENCY.value, PauseKind.OTHER_AGENCY.label
    FEE = PauseKind.FEE.value, PauseKind.FEE.label
    EXTENSION = "extension", _("Extension (延期)")
    WITHDRAWAL = "withdrawal", _("Withdrawn by the applicant (撤回)")
    NOTE = "note", _("Note (办理记录)")


class RequestEvent(models.Model):
    """Something that happened to a case. ``date`` starts it; ``end_date`` ends a pause or records the
    corrected application's arrival (补正)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(_("by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


def attachment_path(instance, filename):
    """A random name (the files are personal data), in the private storage outside MEDIA_ROOT."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"disclosure_requests/{secrets.token_urlsafe(16)}.{extension}"


class RequestAttachment(models.Model):
    """A file sent with the application (条例第二十九条: identity proof, a power of attorney…)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")

    def __str__(self):
        return self.name
