"""The public forms of 依申请公开: the application (条例第二十九条) and the progress check (查询码 + telephone).

Plain Django forms (no model import): the page (``models.request_pages``) turns a valid application into a
case, and the admin's registration form shares ``applicant_identity_errors``.
"""

import os

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .rules import requests as rules
from .rules.org_codes import normalize_org_code, validate_uscc
from .rules.requests import ApplicantType

ATTACHMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "ofd")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 5
HONEYPOT_FIELD = "website"

PROVIDE_FORMATS = (("paper", _("Paper (纸质)")), ("electronic", _("Electronic file (电子文件)")), ("disc", _("Disc or storage medium (光盘等)")))
DELIVERY_METHODS = (
    ("post", _("By post (邮寄)")),
    ("email", _("By e-mail (电子邮件)")),
    ("fax", _("By fax (传真)")),
    ("collect", _("Collect in person (自行领取)")),
    ("read_on_site", _("Read and copy on site (当场阅读、抄录)")),
)

# 表三's columns grouped as the form asks: 自然人, or 法人或其他组织 and which kind.
APPLICANT_CHOICES = (
    (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
    (_("Legal person or other organisation (法人或其他组织)"), [(t.value, t.label) for t in list(ApplicantType)[1:]]),
)


def applicant_identity_errors(data):
    """{field: message} for the identity of 条例第二十九条: a 居民身份证 number (自然人) or a 统一社会信用代码."""
    errors = {}
    if data.get("applicant_type") == ApplicantType.NATURAL_PERSON:
        number = (data.get("id_number") or "").strip()
        if not number:
            errors["id_number"] = gettext("Enter the number of the applicant's identity document (条例第二十九条).")
        elif message := rules.id_card_error(number):
            errors["id_number"] = message
    elif data.get("applicant_type"):
        code = normalize_org_code(data.get("credit_code") or "")
        if not code:
            errors["credit_code"] = gettext("Enter the organisation's unified social credit code (条例第二十九条).")
        else:
            try:
                validate_uscc(code)
            except forms.ValidationError as error:
                errors["credit_code"] = error.messages[0]
    return errors


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to 5 files of the listed types, 10 MB each."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > ATTACHMENT_MAX_COUNT:
            raise forms.ValidationError(gettext("Attach at most %(count)s files.") % {"count": ATTACHMENT_MAX_COUNT})
        for file in files:
            extension = os.path.splitext(file.name)[1].lstrip(".").lower()
            if extension not in ATTACHMENT_EXTENSIONS:
                raise forms.ValidationError(
                    gettext("“%(name)s”: only these file types can be attached: %(types)s.")
                    % {"name": file.name, "types": ", ".join(ATTACHMENT_EXTENSIONS)}
                )
            if file.size > ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(
                    gettext("“%(name)s” is larger than %(mb)s MB.") % {"name": file.name, "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                )
        return files


class ApplicationForm(forms.Form):
    applicant_type = forms.ChoiceField(label=_("Applicant"), choices=APPLICANT_CHOICES, widget=forms.RadioSelect)
    applicant_name = forms.CharField(label=_("Name (of the person or organisation)"), max_length=200)
    id_number = forms.CharField(label=_("Resident identity card number"), max_length=40, required=False)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30, required=False)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=100, required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    phone = forms.RegexField(
        label=_("Telephone"), max_length=40, regex=r"^[0-9+\-() ]{7,20}$",
        error_messages={"invalid": _("Enter a telephone number: digits, with -, + or brackets if needed.")},
    )  # fmt: skip
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("The receipt and its query code are sent here."))
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"), regex=r"^\d{6}$", required=False, error_messages={"invalid": _("A postcode has 6 digits.")}
    )
    information_title = forms.CharField(label=_("Name of the information sought"), max_length=300)
    document_number = forms.CharField(
        label=_("Document number or index number"), max_length=100, required=False,
        help_text=_("If you know it: we look it up in the catalogue and tell you if it is already public."),
    )  # fmt: skip
    description = forms.CharField(label=_("Description of the information sought"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    provide_format = forms.ChoiceField(label=_("Form of provision"), choices=PROVIDE_FORMATS, widget=forms.RadioSelect, initial="electronic")
    delivery_method = forms.ChoiceField(label=_("Way of obtaining"), choices=DELIVERY_METHODS, widget=forms.RadioSelect, initial="email")
    attachments = AttachmentsField(
        label=_("Attachments"), required=False,
        help_text=_("Optional: at most 5 files (PDF, images, Word, OFD), 10 MB each."),
    )  # fmt: skip
    # A field people do not see: a form that fills it is a robot's.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean(self):
        data = super().clean()
        for field, message in applicant_identity_errors(data).items():
            self.add_error(field, message)
        if data.get("credit_code"):
            data["credit_code"] = normalize_org_code(data["credit_code"])
        if data.get("id_number"):
            data["id_number"] = data["id_number"].strip().upper()
        if data.get("delivery_method") == "email" and not data.get("email"):
            self.add_error("email", gettext("Enter an e-mail address to receive the information by e-mail."))
        if data.get("delivery_method") == "post" and not data.get("address"):
            self.add_error("address", gettext("Enter a postal address to receive the information by post."))
        if not data.get("description") and not data.get("document_number") and data.get("information_title") and len(data["information_title"]) < 4:
            self.add_error("description", gettext("Describe the information you seek so that it can be found."))
        return data

    @property
    def is_robot(self):
        return bool(self.data.get(HONEYPOT_FIELD))


class ProgressForm(forms.Form):
    query_code = forms.CharField(label=_("Query code"), max_length=20)
    phone = forms.CharField(label=_("Telephone given in the application"), max_length=40)
