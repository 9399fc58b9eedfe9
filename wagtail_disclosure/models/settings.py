from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..rules import index_numbers


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

    panels = [
        MultiFieldPanel(
            [FieldPanel("index_number_scheme"), FieldPanel("serial_per_site"), FieldPanel("index_number_date_basis")],
            heading=_("Index numbers (索引号)"),
            help_text=_("Changes apply to new entries only: an index number never changes once issued."),
        ),
    ]

    class Meta:
        verbose_name = _("disclosure settings")
        verbose_name_plural = _("disclosure settings")
