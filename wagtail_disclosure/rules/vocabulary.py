"""The statutory vocabulary of disclosure metadata, defined once.

Models, forms, the importer, exports and templates all use these choices; their labels are the
terms of the regulations and of 国办发〔2016〕80号.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class DisclosureAttribute(TextChoices):
    """公开属性, fixed when the document is drafted (国办发〔2016〕80号)."""

    PUBLIC = "public", _("Proactive disclosure (主动公开)")
    ON_REQUEST = "on_request", _("Disclosure on request (依申请公开)")
    WITHHELD = "withheld", _("Not disclosed (不予公开)")


class Validity(TextChoices):
    """有效性 of normative documents (有效 / 失效 / 废止)."""

    VALID = "valid", _("In force (有效)")
    EXPIRED = "expired", _("Expired (失效)")
    REPEALED = "repealed", _("Repealed (废止)")


# The bare statutory terms, as legacy systems and spreadsheets write them (the importer accepts them).
TERMS = {
    DisclosureAttribute.PUBLIC: "主动公开",
    DisclosureAttribute.ON_REQUEST: "依申请公开",
    DisclosureAttribute.WITHHELD: "不予公开",
    Validity.VALID: "有效",
    Validity.EXPIRED: "失效",
    Validity.REPEALED: "废止",
}


def terms_of(choices):
    """{statutory term: value} of one set of choices."""
    return {TERMS[value]: value for value in choices}
