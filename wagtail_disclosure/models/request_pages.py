"""The public side of 依申请公开: the application page (条例第二十七–二十九条), its receipt and the progress check.

``RequestApplicationPage`` is a page of the disclosure column (on ``DisclosurePage``: its introduction is
reviewed like any published text). It serves three routes: the form (``""``), the receipt with the 查询码
(``receipt/``) and the progress check (``progress/``). An online application counts as received on the
day the system confirms it with the receipt (条例第三十一条第（三）项). Robots are kept out by the honeypot
field and a per-address limit; the progress check says only "not found" (never which of code or phone
is wrong) and allows a few attempts per address and code.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField

from ..request_forms import ApplicationForm, ProgressForm
from ..rules.requests import RequestRuleError
from .base import DisclosurePage
from .catalogue import CatalogueEntryPage
from .requests import InformationRequest, RequestAttachment

SESSION_RECEIPT = "wagtail_disclosure_request_receipt"
SUBMISSIONS_PER_HOUR = 5
PROGRESS_ATTEMPTS = 5  # per address and per 查询码, in PROGRESS_WINDOW
PROGRESS_WINDOW = 15 * 60


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def _limited(key, limit, window):
    """Count one more attempt under ``key``; True once there have been more than ``limit`` in ``window``."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count > limit


def public_matches(number):
    """Live, public catalogue entries whose 索引号 or 发文字号 is ``number``."""
    number = (number or "").strip()
    if not number:
        return CatalogueEntryPage.objects.none()
    return (
        CatalogueEntryPage.objects.live()
        .public()
        .filter(CatalogueEntryPage.listed_q())
        .filter(models.Q(index_number=number) | models.Q(document_number=number))
        .order_by("-publish_date", "-pk")[:5]
    )


class RequestApplicationPage(RoutablePageMixin, DisclosurePage):
    """政府信息公开申请: the online application form of one handling organisation."""

    intro = RichTextField(_("introduction"), blank=True)
    organisation = models.ForeignKey(
        "wagtail_disclosure.Organisation", verbose_name=_("handling organisation"), on_delete=models.PROTECT, related_name="+"
    )

    content_panels = Page.content_panels + [FieldPanel("organisation"), FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("intro")]
    subpage_types = []
    template = "wagtail_disclosure/request_application_page.html"

    class Meta:
        verbose_name = _("request application page")
        verbose_name_plural = _("request application pages")

    def _render(self, request, template, status=200, **context):
        return TemplateResponse(request, template, {**self.get_context(request), **context}, status=status)

    @path("")
    def application(self, request):
        if request.method != "POST":
            return self._render(request, self.template, form=ApplicationForm())
        if "lookup" in request.POST:
            # Look the number up without checking the rest: the form comes back as typed.
            form = ApplicationForm(initial=request.POST.dict())
            number = request.POST.get("document_number", "")
            return self._render(request, self.template, form=form, matches=public_matches(number), looked_up=number)
        if _limited(f"wd-request-submit:{client_address(request)}", getattr(settings, "WAGTAIL_DISCLOSURE_REQUEST_SUBMISSIONS_PER_HOUR", SUBMISSIONS_PER_HOUR), 3600):
            return self._render(
                request, self.template, status=429, form=ApplicationForm(initial=request.POST.dict()),
                refusal=gettext("Too many applications from your address in the last hour. Please try again later."),
            )  # fmt: skip
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_robot:
            return self._render(request, self.template, status=400, form=ApplicationForm(), refusal=gettext("The application could not be accepted."))
        if not form.is_valid():
            return self._render(request, self.template, form=form, status=400)
        matches = list(public_matches(form.cleaned_data["document_number"]))
        if matches and not request.POST.get("apply_anyway"):
            return self._render(request, self.template, form=form, matches=matches, looked_up=form.cleaned_data["document_number"], ask_to_confirm=True)
        try:
            case = self.create_case(form.cleaned_data)
        except RequestRuleError as error:
            form.add_error(None, str(error))
            return self._render(request, self.template, form=form, status=400)
        request.session[SESSION_RECEIPT] = case.pk
        self.send_receipt(case)
        return redirect(self.url + self.reverse_subpage("receipt"))

    def create_case(self, data):
        today = timezone.localdate()
        fields = {name: data[name] for name in (
            "applicant_type", "applicant_name", "id_number", "credit_code", "legal_representative", "contact_person", "phone",
            "email", "address", "postcode", "information_title", "document_number", "description", "provide_format", "delivery_method",
        )}  # fmt: skip
        with transaction.atomic():
            case = InformationRequest(organisation=self.organisation, channel="online", submitted_on=today, confirmed_on=today, **fields)
            case.register()
            for file in data["attachments"]:
                RequestAttachment.objects.create(request=case, file=file, name=file.name[:255], size=file.size)
        return case

    def send_receipt(self, case):
        if not case.email:
            return
        body = gettext(
            "Your application for government information has been received.\n\nCase number: %(reference)s\nQuery code: %(code)s\n"
            "Received on: %(received)s\nAnswer due by: %(due)s (条例第三十三条: 20 working days)\n\n"
            "Check its progress with the query code and your telephone number: %(url)s"
        ) % {
            "reference": case.reference, "code": case.query_code, "received": case.received_on,
            "due": case.due_on or "", "url": self.full_url + self.reverse_subpage("progress"),
        }  # fmt: skip
        send_mail(gettext("Application received: %(reference)s") % {"reference": case.reference}, body, None, [case.email])

    @path("receipt/", name="receipt")
    def receipt(self, request):
        pk = request.session.get(SESSION_RECEIPT)
        case = InformationRequest.objects.filter(pk=pk).first() if pk else None
        if case is None:
            return redirect(self.url)
        return self._render(request, "wagtail_disclosure/request_receipt.html", case=case)

    @path("progress/", name="progress")
    def progress(self, request):
        if request.method != "POST":
            return self._render(request, "wagtail_disclosure/request_progress.html", form=ProgressForm())
        form = ProgressForm(request.POST)
        code = (request.POST.get("query_code") or "").strip().upper()
        over = _limited(f"wd-request-progress:{client_address(request)}", PROGRESS_ATTEMPTS, PROGRESS_WINDOW)
        over = _limited(f"wd-request-progress-code:{code}", PROGRESS_ATTEMPTS, PROGRESS_WINDOW) or over
        if over:
            return self._render(
                request, "wagtail_disclosure/request_progress.html", status=429, form=form,
                refusal=gettext("Too many attempts. Please try again in 15 minutes."),
            )  # fmt: skip
        case = None
        if form.is_valid():
            phone = "".join(ch for ch in form.cleaned_data["phone"] if ch.isdigit())
            case = InformationRequest.objects.filter(query_code=code).exclude(phone="").first()
            if case is not None and "".join(ch for ch in case.phone if ch.isdigit()) != phone:
                case = None
        if case is None:
            return self._render(
                request, "wagtail_disclosure/request_progress.html", status=404, form=form,
                refusal=gettext("No application matches this query code and telephone number."),
            )  # fmt: skip
        return self._render(request, "wagtail_disclosure/request_progress.html", form=ProgressForm(), case=case)
