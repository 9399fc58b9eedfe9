import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from ..rules import guide, index_numbers, interpretation


@register_setting(icon="list-ol")
class DisclosureSettings(BaseSiteSetting):
    """Per-site configuration of the disclosure column."""

    class DateBasis(models.TextChoices):
        WRITTEN_DATE = "written_date", _("Date of writing (成文日期)")
        CREATION_DATE = "creation_date", _("Date the entry was created")

    index_number_scheme = models.CharField(
        _("index number scheme"),
        max_length=100,
        default=index_numbers.DEFAULT_SCHEME,
        validators=[index_numbers.validate_scheme],
        help_text=_(
            "Fields: {org_code}, {year}, {month}, {day}, {date} (YYYYMMDD) and {serial}, e.g. {serial:05d} "
            "for five digits. Other text is copied as is. The national default is {org_code}/{year}-{serial:05d}."
        ),
    )
    serial_per_site = models.BooleanField(
        _("one serial for the whole site"),
        default=False,
        help_text=_(
            "Unticked: the serial restarts for each organisation and period in the number. "
            "Ticked: one running serial for every index number of the site."
        ),
    )
    index_number_date_basis = models.CharField(
        _("date used in index numbers"),
        max_length=20,
        choices=DateBasis.choices,
        default=DateBasis.WRITTEN_DATE,
    )

    interpretation_grace_days = models.PositiveSmallIntegerField(
        _("working days a policy may wait for its interpretation"),
        default=0,
        help_text=_(
            "0: a document that needs an interpretation (三同步) goes live only with it. More: it may go live alone, "
            "and is listed in the report of policies missing an interpretation once this many working days have passed."
        ),
    )
    interpretation_similarity_threshold = models.PositiveSmallIntegerField(
        _("similarity that marks an interpretation as a copy (%)"),
        default=interpretation.DEFAULT_SIMILARITY_THRESHOLD,
        help_text=_("Editors and reviewers are warned when this share of an interpretation's text repeats the policy word for word."),
    )
    guide_review_months = models.PositiveSmallIntegerField(
        _("months after which the disclosure guide is reported as not reviewed"),
        default=guide.DEFAULT_REVIEW_MONTHS,
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("index_number_scheme"), FieldPanel("serial_per_site"), FieldPanel("index_number_date_basis")],
            heading=_("Index numbers (索引号)"),
            help_text=_("Changes apply to new entries only: an index number never changes once issued."),
        ),
        MultiFieldPanel(
            [FieldPanel("interpretation_grace_days"), FieldPanel("interpretation_similarity_threshold")],
            heading=_("Policy interpretation (政策解读)"),
        ),
        FieldPanel("guide_review_months"),
    ]

    class Meta:
        verbose_name = _("disclosure settings")
        verbose_name_plural = _("disclosure settings")


class OfficeHoursBlock(blocks.StructBlock):
    period = blocks.CharBlock(label=_("period"), required=False, help_text=_("e.g. 5月1日至9月30日; empty for all year."))
    hours = blocks.CharBlock(label=_("hours"), help_text=_("e.g. 工作日 8:30—12:00，14:30—17:30"))

    class Meta:
        label = _("office hours")


@register_setting(icon="home")
class DisclosureOffice(BaseSiteSetting):
    """政府信息公开工作机构: kept once per site, shown by the guide, the request pages and the column's footer
    (条例第十二条: 名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式).

    Templates read it as ``settings.wagtail_disclosure.DisclosureOffice`` (Wagtail's settings context
    processor) or with ``{% disclosure_office %}`` (``wagtail_disclosure_tags``).
    """

    name = models.CharField(_("office name"), max_length=200, blank=True, help_text=_("工作机构名称, e.g. 某县人民政府办公室（县政务公开办）"))
    address = models.CharField(_("office address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    office_hours = StreamField([("hours", OfficeHoursBlock())], verbose_name=_("office hours"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    online_url = models.URLField(_("online application address"), blank=True, help_text=_("网上申请入口"))
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("address"), FieldPanel("postcode")]),
        FieldPanel("office_hours"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("online_url")]),
    ]

    class Meta:
        verbose_name = _("disclosure office")
        verbose_name_plural = _("disclosure office")

    def hours(self):
        return [(block.value["period"], block.value["hours"]) for block in self.office_hours]

    def as_mapping(self):
        return _office_mapping(self)

    def snapshot(self):
        """The details as plain data, kept in a guide's revision: what the reviewers approved is what the
        public sees, until the guide is reviewed again (``GuidePage.office``)."""
        return {
            "name": self.name.strip(), "address": self.address.strip(), "postcode": self.postcode.strip(),
            "office_hours": [[period, text] for period, text in self.hours()],
            "phone": self.phone.strip(), "fax": self.fax.strip(), "email": self.email.strip(), "online_url": self.online_url.strip(),
        }  # fmt: skip

    def details_hash(self):
        """A digest of what the guide shows of the office (to tell whether it changed since the guide was reviewed)."""
        return hashlib.sha256(json.dumps(self.as_mapping(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class OfficeDetails:
    """The office's details as a guide's revision keeps them (``DisclosureOffice.snapshot``), read the way
    templates read the setting (``name``, ``address``, ``hours`` …)."""

    FIELDS = ("name", "address", "postcode", "phone", "fax", "email", "online_url")

    def __init__(self, snapshot):
        for name in self.FIELDS:
            setattr(self, name, str(snapshot.get(name) or ""))
        self._hours = [(str(period or ""), str(text or "")) for period, text in snapshot.get("office_hours") or []]

    def hours(self):
        return list(self._hours)

    def as_mapping(self):
        return _office_mapping(self)

    def snapshot(self):
        return {**{name: getattr(self, name) for name in self.FIELDS}, "office_hours": [list(pair) for pair in self._hours]}


def _office_mapping(office):
    """条例第十二条's elements of the office, as text (``rules.guide.missing_elements``, the staleness digest)."""
    hours = "；".join(f"{period}：{text}" if period else text for period, text in office.hours())
    return {
        "name": office.name.strip(), "address": office.address.strip(), "postcode": office.postcode.strip(), "office_hours": hours,
        "phone": office.phone.strip(), "fax": office.fax.strip(), "email": office.email.strip(), "online_url": office.online_url.strip(),
    }  # fmt: skip


def site_of(page):
    """The site ``page`` belongs to, from its tree path (also before its first save sets ``url_path``)."""
    if not page.path:
        return None
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    return Site.objects.filter(root_page__path__in=paths).order_by("-root_page__depth").first()
