"""The case register of requests for disclosure (依申请公开) in the admin, and its dashboard panel.

``InformationRequestViewSet`` (信息公开 → 依申请公开): Wagtail's generic listing, create, edit, history and an
inspect view that is the case file — the registration with its 条例第三十一条 rule, the applicant (shown
to handlers only, each look audit-logged), the due date with its computation, the events with their
forms, the answer and the archive. Permissions are the model's (Settings → Groups: the handlers' group
has add, change and view; 延期 needs ``approve_extension``); editors and the public get nothing.
"""

import io

import docx
from django import forms
from django.http import FileResponse, Http404, HttpResponse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, InspectView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from ..models.requests import OPEN_STATUSES, EventKind, InformationRequest, RequestAttachment, RequestEvent
from ..rules import requests as rules
from ..request_forms import applicant_identity_errors
from ..rules.org_codes import normalize_org_code
from ..rules.requests import Outcome, PauseKind
from ..services import requests as service
from .viewsets import DisclosureModelViewSet

permission_policy = ModelPermissionPolicy(InformationRequest)

REGISTRATION_FIELDS = [
    "organisation", "handler", "channel", "submitted_on", "signed_on", "confirmed_on",
    "applicant_type", "applicant_name", "id_number", "credit_code", "legal_representative", "contact_person",
    "phone", "email", "address", "postcode",
    "information_title", "document_number", "description", "provide_format", "delivery_method",
]  # fmt: skip

class RegistrationForm(forms.ModelForm):
    """Registration of a case: identity checked, and the receipt date worked out from the channel's dates."""

    class Meta:
        model = InformationRequest
        fields = REGISTRATION_FIELDS
        widgets = {name: AdminDateInput for name in ("submitted_on", "signed_on", "confirmed_on")}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        rules_text = " ".join(str(rule) for _field, rule in rules.RECEIPT_RULES.values())
        self.fields["channel"].help_text = rules_text

    def clean(self):
        data = super().clean()
        for field, message in applicant_identity_errors(data).items():
            self.add_error(field, message)
        if data.get("credit_code"):
            data["credit_code"] = normalize_org_code(data["credit_code"])
        if data.get("id_number"):
            data["id_number"] = data["id_number"].strip().upper()
        if data.get("channel") and data.get("submitted_on"):
            try:
                rules.receipt_date(
                    data["channel"], submitted_on=data.get("submitted_on"), signed_on=data.get("signed_on"), confirmed_on=data.get("confirmed_on")
                )
            except rules.RequestRuleError as error:
                field, _rule = rules.RECEIPT_RULES[rules.Channel(data["channel"])]
                self.add_error(field if not self.has_error(field) else None, str(error))
        return data


class RequestCreateView(CreateView):
    def save_instance(self):
        try:
            return service.register(self.form.save(commit=False), self.request.user)
        except service.CaseError as error:
            self.form.add_error(None, error.messages[0])
            raise

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except service.CaseError:
            return self.form_invalid(form)
        messages.success(self.request, gettext("Case %(ref)s registered.") % {"ref": self.object.reference})
        return redirect(reverse("disclosure_requests:inspect", args=[self.object.pk]))


class RequestEditView(EditView):
    def dispatch(self, request, *args, **kwargs):
        case = get_object_or_404(InformationRequest, pk=kwargs["pk"])
        if not case.is_open:
            messages.error(request, gettext("An answered or archived case cannot be edited."))
            return redirect(reverse("disclosure_requests:inspect", args=[case.pk]))
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        return service.update_registration(self.form.save(commit=False), self.request.user)

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except service.CaseError as error:
            form.add_error(None, error.messages[0])
            return self.form_invalid(form)
        messages.success(self.request, gettext("Case %(ref)s saved.") % {"ref": self.object.reference})
        return redirect(reverse("disclosure_requests:inspect", args=[self.object.pk]))


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=EventKind.choices)
    date = forms.DateField(label=_("Date"), widget=AdminDateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=AdminDateInput)
    working_days = forms.IntegerField(label=_("Working days (延期)"), required=False, min_value=1, max_value=rules.MAX_EXTENSION_WORKING_DAYS)
    amount = forms.DecimalField(label=_("Amount in yuan (收费通知)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("kind") == EventKind.EXTENSION and not data.get("working_days"):
            self.add_error("working_days", gettext("Enter the working days of the extension (at most 20)."))
        if data.get("kind") == EventKind.FEE and data.get("amount") is None:
            self.add_error("amount", gettext("Enter the amount of the fee notice (国办函〔2020〕109号)."))
        return data


class EndEventForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=AdminDateInput)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    answered_on = forms.DateField(label=_("Answered on"), widget=AdminDateInput)
    reply_text = forms.CharField(label=_("Reply (告知书)"), required=False, widget=forms.Textarea(attrs={"rows": 8}))


class RequestInspectView(InspectView):
    """The case file."""

    template_name = "wagtail_disclosure/requests/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        service.record_identity_access(case, self.request.user)
        can_change = self.user_has_permission("change")
        context.update(
            case=case,
            deadline=case.deadline(),
            receipt_rule=case.receipt_rule,
            events=case.events.all(),
            attachments=case.attachments.all(),
            identity=[
                (InformationRequest._meta.get_field(name).verbose_name, getattr(case, f"get_{name}_display", lambda n=name: getattr(case, n))())
                for name in ("applicant_type", "applicant_name", "id_number", "credit_code", "legal_representative", "contact_person", "phone", "email", "address", "postcode")
            ],  # fmt: skip
            table_row=case.table_three_row(),
            can_change=can_change and case.is_open,
            can_archive=can_change and not case.is_open and not case.is_archived and bool(case.delivered_on),
            event_form=EventForm(),
            end_form=EndEventForm(auto_id="end_%s"),
            answer_form=AnswerForm(),
            reply_form=ReplyForm(initial={"reply_text": case.reply_text}),
            delivery_form=DeliveryForm(),
            reply_editable=can_change and not case.is_open and not case.reply_issued_at and not case.is_archived,
            can_deliver=can_change and bool(case.reply_issued_at) and not case.delivered_on and not case.is_archived,
            pause_kinds=(EventKind.CORRECTION, *PauseKind.values),
        )
        return context


class CaseActionView(View):
    """A POST on the case file (an event, the end of a pause, the answer, the archive): change permission."""

    def post(self, request, pk, **kwargs):
        if not permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        case = get_object_or_404(InformationRequest, pk=pk)
        try:
            message = self.act(request, case, **kwargs)
        except service.CaseError as error:
            messages.error(request, " ".join(error.messages))
        except forms.ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return redirect(reverse("disclosure_requests:inspect", args=[case.pk]))


def _form_errors(form):
    return forms.ValidationError(["%s: %s" % (form.fields[f].label if f in form.fields else "", " ".join(e)) for f, e in form.errors.items()])


class AddEventView(CaseActionView):
    def act(self, request, case):
        form = EventForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        service.add_event(
            case, data["kind"], user=request.user, date=data["date"], end_date=data["end_date"],
            working_days=data["working_days"], amount=data["amount"], note=data["note"],
        )  # fmt: skip
        return gettext("%(event)s recorded.") % {"event": EventKind(data["kind"]).label}


class EndEventView(CaseActionView):
    def act(self, request, case, event_pk):
        event = get_object_or_404(RequestEvent, pk=event_pk, request=case)
        form = EndEventForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        service.end_event(event, form.cleaned_data["end_date"], request.user)
        return gettext("%(event)s ended on %(day)s.") % {"event": event.get_kind_display(), "day": form.cleaned_data["end_date"]}


class AnswerView(CaseActionView):
    def act(self, request, case):
        form = AnswerForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        service.answer(case, data["outcome"], data["answered_on"], user=request.user, reply_text=data["reply_text"])
        return gettext("Answered: %(outcome)s.") % {"outcome": Outcome(data["outcome"]).label}


class ArchiveView(CaseActionView):
    def act(self, request, case):
        service.archive(case, request.user)
        return gettext("Case archived.")


class ReplyForm(forms.Form):
    reply_text = forms.CharField(label=_("Reply (告知书)"), widget=forms.Textarea(attrs={"rows": 14}))


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=AdminDateInput)
    delivery_note = forms.CharField(label=_("How (送达方式)"), max_length=300, required=False)


class ReplyView(CaseActionView):
    """Edit the 告知书 (``save``) or issue it (``issue``)."""

    def act(self, request, case):
        if "issue" in request.POST:
            service.issue_reply(case, request.user)
            return gettext("Reply issued.")
        form = ReplyForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        service.edit_reply(case, form.cleaned_data["reply_text"], request.user)
        return gettext("Reply saved.")


class DeliveryView(CaseActionView):
    def act(self, request, case):
        form = DeliveryForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        service.record_delivery(case, form.cleaned_data["delivered_on"], form.cleaned_data["delivery_note"], request.user)
        return gettext("Delivery recorded.")


def reply_docx(case):
    """The 告知书 as a Word document (python-docx), in 宋体 for the Chinese text."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    heading, *paragraphs = case.reply_text.split("\n\n")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(heading)
    run.bold = True
    run.font.size = Pt(20)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class ReplyDocxView(View):
    def get(self, request, pk):
        if not permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        case = get_object_or_404(InformationRequest, pk=pk)
        if not case.reply_text:
            raise Http404
        service.record_identity_access(case, request.user)
        response = HttpResponse(reply_docx(case), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="{case.reference}.docx"'
        return response


class AttachmentView(View):
    """An attachment of the application, for those who may see the case (personal data: audit-logged)."""

    def get(self, request, pk, attachment_pk):
        if not permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        attachment = get_object_or_404(RequestAttachment, pk=attachment_pk, request_id=pk)
        service.record_identity_access(attachment.request, request.user)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class InformationRequestViewSet(DisclosureModelViewSet):
    name = "disclosure_requests"
    model = InformationRequest
    icon = "mail"
    menu_label = _("Requests for disclosure")
    add_to_admin_menu = True  # its own menu item: shown only to those with a permission on cases
    menu_order = 260
    inspect_view_enabled = True
    inspect_view_class = RequestInspectView
    # The general part of the case file; the applicant, the clock and the reply have sections of their own.
    inspect_view_fields = [
        "reference", "organisation", "handler", "status", "channel", "submitted_on", "signed_on", "confirmed_on", "received_on",
        "information_title", "document_number", "description", "provide_format", "delivery_method",
    ]  # fmt: skip
    add_view_class = RequestCreateView
    edit_view_class = RequestEditView
    form_fields = REGISTRATION_FIELDS
    list_filter = ["status", "channel", "applicant_type", "organisation"]
    search_fields = ["reference", "information_title", "document_number"]
    list_export = ["reference", "received_on", "organisation", "status", "masked_applicant", "applicant_type", "information_title", "due_on", "outcome", "answered_on"]  # fmt: skip
    export_headings = {"masked_applicant": _("Applicant")}
    ordering = ["-received_on", "-pk"]

    @property
    def list_display(self):
        return [
            TitleColumn("reference", label=_("Case number"), url_name="disclosure_requests:inspect"),
            Column("masked_applicant", label=_("Applicant")),
            Column("information_title", label=_("Information sought")),
            Column("organisation", label=_("Handling organisation")),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("received_on", label=_("Received on")),
            DateColumn("due_on", label=_("Due on")),
        ]

    def get_form_class(self, for_update=False):
        return RegistrationForm

    def get_queryset(self, request):
        return InformationRequest.objects.select_related("organisation", "handler")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("case/<int:pk>/event/", AddEventView.as_view(), name="add_event"),
            path("case/<int:pk>/event/<int:event_pk>/end/", EndEventView.as_view(), name="end_event"),
            path("case/<int:pk>/answer/", AnswerView.as_view(), name="answer"),
            path("case/<int:pk>/archive/", ArchiveView.as_view(), name="archive"),
            path("case/<int:pk>/reply/", ReplyView.as_view(), name="reply"),
            path("case/<int:pk>/delivery/", DeliveryView.as_view(), name="delivery"),
            path("case/<int:pk>/reply.docx", ReplyDocxView.as_view(), name="reply_docx"),
            path("case/<int:pk>/attachment/<int:attachment_pk>/", AttachmentView.as_view(), name="attachment"),
        ]


# --- dashboard --------------------------------------------------------------------------------------------


class DueRequestsPanel(Component):
    """Overdue and due-soon cases (5 working days), for handlers."""

    name = "disclosure_due_requests"
    template_name = "wagtail_disclosure/requests/due_panel.html"
    order = 95

    def __init__(self, overdue, soon, open_count):
        self.overdue, self.soon, self.open_count = overdue, soon, open_count

    def get_context_data(self, parent_context):
        return {"overdue": self.overdue, "soon": self.soon, "open_count": self.open_count}


def add_due_requests_panel(request, panels):
    if not permission_policy.user_has_permission(request.user, "change"):
        return
    overdue, soon = service.due_lists()
    # Shown even when nothing is due: a handler's dashboard says so rather than staying blank.
    open_count = InformationRequest.objects.filter(status__in=OPEN_STATUSES).count()
    panels.append(DueRequestsPanel(list(overdue[:10]), list(soon[:10]), open_count))


def register_request_log_actions(actions):
    actions.register_action(service.IDENTITY_VIEWED_ACTION, _("Applicant data viewed"), _("Applicant's personal data viewed"))
