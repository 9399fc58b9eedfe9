"""The case register of requests for disclosure (依申请公开) in the admin, and its dashboard panel.

``InformationRequestViewSet`` (信息公开 → 依申请公开): Wagtail's generic listing, create, edit, history and an
inspect view that is the case file — the registration with its 条例第三十一条 rule, the applicant (shown
to handlers only, each look audit-logged), the due date with its computation, the events with their
forms, the answer and the archive. Permissions are the model's (Settings → Groups: the handlers' group
has add, change and view; 延期 needs ``approve_extension``); editors and the public get nothing. Each
handler sees, lists, exports and acts on only the cases of the organisations they handle
(``InformationRequest.objects.visible_to``): another organisation's case answers 404 on every view.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from ..forms import TopicTreeChoiceField
from ..models.catalogue import CatalogueIndexPage
from ..models.interpretation import InterpretationIndexPage
from ..models.organisations import Organisation
from ..models.requests import (
    OPEN_STATUSES,
    EventKind,
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    handled_organisations,
)
from ..models.taxonomy import Genre, Topic
from ..request_files import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, reply_docx, reply_pdf
from ..request_forms import applicant_identity_errors
from ..rules import requests as rules
from ..rules.org_codes import normalize_org_code
from ..rules.requests import Outcome, PauseKind
from ..services import requests as service
from .columns import AbsoluteDateColumn, ReadableInspectMixin
from .viewsets import DisclosureModelViewSet, ExportIndexView

permission_policy = ModelPermissionPolicy(InformationRequest)


def visible_cases(user):
    """The cases ``user`` may see: those of the organisations they handle (``InformationRequest.objects.visible_to``)."""
    return InformationRequest.objects.visible_to(user)


def get_case_or_404(user, pk):
    """Another organisation's case does not exist for a handler (404, as for the review ledger's records)."""
    return get_object_or_404(visible_cases(user), pk=pk)


class CaseScopeMixin:
    """For the viewset's views of one case (inspect, edit, delete, history, usage): only a case in scope."""

    def get_object(self, *args, **kwargs):
        if not permission_policy.user_has_any_permission(self.request.user, ["view", "change", "delete"]):
            raise PermissionDenied  # no case at all: refused as before the object is looked up
        case = super().get_object(*args, **kwargs)
        if not visible_cases(self.request.user).filter(pk=case.pk).exists():
            raise Http404
        return case


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
        if for_user is not None:
            # A handler registers cases for the organisations they handle, and hands them to those organisations' handlers.
            organisations = handled_organisations(for_user)
            self.fields["organisation"].queryset = organisations
            handlers = get_user_model().objects.filter(is_active=True, groups__in=organisations.values("request_handler_groups"))
            current = self.instance.handler_id if self.instance else None
            self.fields["handler"].queryset = (handlers | get_user_model().objects.filter(pk=current)).distinct()

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


class ForUserFormMixin:
    """The registration form limits organisations and handlers to the user's (Wagtail passes ``for_user``
    only to its own form classes)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class RequestCreateView(ForUserFormMixin, CreateView):
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


class RequestEditView(ForUserFormMixin, CaseScopeMixin, EditView):
    def dispatch(self, request, *args, **kwargs):
        if not permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        case = get_case_or_404(request.user, kwargs["pk"])
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


class RequestInspectView(CaseScopeMixin, ReadableInspectMixin, InspectView):
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
            proactive_entry=case.proactive_entry.specific if case.proactive_entry_id else None,
            proactive_form=(
                ProactiveEntryForm(case=case) if can_change and service.proactive_publication_refusal(case) is None else None
            ),
        )
        return context


class CaseActionView(View):
    """A POST on the case file (an event, the end of a pause, the answer, the archive): change permission."""

    def post(self, request, pk, **kwargs):
        if not permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        case = get_case_or_404(request.user, pk)
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


class ReplyFileView(View):
    """The 告知书 as a file (DOCX or PDF), for those who may see the case (it names the applicant: audit-logged)."""

    render = content_type = extension = None

    def get(self, request, pk):
        if not permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        case = get_case_or_404(request.user, pk)
        if not case.reply_text:
            raise Http404
        service.record_identity_access(case, request.user)
        response = HttpResponse(type(self).render(case), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{case.reference}.{self.extension}"'
        return response


class ReplyDocxView(ReplyFileView):
    render, content_type, extension = reply_docx, DOCX_CONTENT_TYPE, "docx"


class ReplyPdfView(ReplyFileView):
    render, content_type, extension = reply_pdf, PDF_CONTENT_TYPE, "pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ProactiveEntryForm(forms.Form):
    """条例第四十四条: the handler finds the information suitable for everyone and proposes a catalogue entry."""

    suitable = forms.BooleanField(
        label=_("The information disclosed suits everyone (条例第四十四条)"),
        help_text=_("Many applicants ask for it, or it concerns the public: propose it for proactive disclosure. A draft entry is created; it goes live only after its confidentiality review (保密审查)."),
    )  # fmt: skip
    catalogue = forms.ModelChoiceField(label=_("Catalogue"), queryset=CatalogueIndexPage.objects.none())
    title = forms.CharField(label=pgettext_lazy("catalogue entry", "Title"), max_length=255)
    written_date = forms.DateField(label=_("Date of writing (成文日期)"), widget=AdminDateInput)
    topic = TopicTreeChoiceField(label=_("Topic"), queryset=Topic.objects.all())
    genre = forms.ModelChoiceField(label=_("Genre"), queryset=Genre.objects.all())
    summary = forms.CharField(label=_("Summary (内容概述)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    text = forms.CharField(label=_("Text of what was disclosed"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("Files of what was disclosed"), required=False)

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("initial", {"title": case.information_title, "written_date": case.answered_on})
        super().__init__(*args, **kwargs)
        catalogues = CatalogueIndexPage.objects.not_type(InterpretationIndexPage).order_by("path")
        self.fields["catalogue"].queryset = catalogues
        if len(catalogues) == 1:
            self.fields["catalogue"].initial = catalogues[0].pk

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise forms.ValidationError(gettext("Give the text or the files of what was disclosed: the entry publishes them."))
        return data


class ProactiveEntryView(CaseActionView):
    def act(self, request, case):
        form = ProactiveEntryForm(request.POST, request.FILES, case=case)
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        entry = service.propose_for_catalogue(
            case, user=request.user, catalogue=data["catalogue"], title=data["title"], written_date=data["written_date"],
            topic=data["topic"], genre=data["genre"], summary=data["summary"], text=data["text"], files=data["files"],
        )  # fmt: skip
        return gettext("Draft catalogue entry “%(title)s” created: it goes live after its confidentiality review (保密审查).") % {"title": entry.title}


class AttachmentView(View):
    """An attachment of the application, for those who may see the case (personal data: audit-logged)."""

    def get(self, request, pk, attachment_pk):
        if not permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        case = get_case_or_404(request.user, pk)
        attachment = get_object_or_404(RequestAttachment, pk=attachment_pk, request=case)
        service.record_identity_access(attachment.request, request.user)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


def _handled_organisations(request):
    return handled_organisations(request.user) if request is not None else Organisation.objects.none()


class InformationRequestFilterSet(WagtailFilterSet):
    # Only the organisations the user handles are offered (the others' names and cases are not theirs to see).
    organisation = django_filters.ModelChoiceFilter(label=_("Handling organisation"), queryset=_handled_organisations)

    class Meta:
        model = InformationRequest
        fields = ["status", "channel", "applicant_type", "organisation"]


class RequestIndexView(ExportIndexView):
    def get_base_queryset(self):
        # The listing and its exports: the cases of the organisations the user handles.
        return visible_cases(self.request.user).select_related("organisation", "handler")


class ScopedDeleteView(CaseScopeMixin, DeleteView):
    pass


class ScopedHistoryView(CaseScopeMixin, HistoryView):
    pass


class ScopedUsageView(CaseScopeMixin, UsageView):
    pass


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
    index_view_class = RequestIndexView
    add_view_class = RequestCreateView
    edit_view_class = RequestEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False  # a copy would skip registration (条例第三十一条) and duplicate personal data
    form_fields = REGISTRATION_FIELDS
    filterset_class = InformationRequestFilterSet
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
            AbsoluteDateColumn("received_on", label=_("Received on"), sort_key="received_on"),
            AbsoluteDateColumn("due_on", label=_("Due on"), sort_key="due_on"),
        ]

    def get_form_class(self, for_update=False):
        return RegistrationForm

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
            path("case/<int:pk>/reply.pdf", ReplyPdfView.as_view(), name="reply_pdf"),
            path("case/<int:pk>/proactive/", ProactiveEntryView.as_view(), name="proactive_entry"),
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
    cases = visible_cases(request.user)
    overdue, soon = service.due_lists(cases)
    # Shown even when nothing is due: a handler's dashboard says so rather than staying blank.
    open_count = cases.filter(status__in=OPEN_STATUSES).count()
    panels.append(DueRequestsPanel(list(overdue[:10]), list(soon[:10]), open_count))


def register_request_log_actions(actions):
    actions.register_action(service.IDENTITY_VIEWED_ACTION, _("Applicant data viewed"), _("Applicant's personal data viewed"))
