import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from wagtail_disclosure.models import DisclosureSettings
from wagtail_disclosure.models.index_numbers import register_legacy_index_number
from wagtail_disclosure.rules import index_numbers as rules

from .utils import make_entry

PARTS = rules.IndexNumberParts("000014349", 2020, 5, 3)


@pytest.mark.parametrize(
    "scheme, serial, expected",
    [
        ("{org_code}/{year}-{serial:05d}", 72, "000014349/2020-00072"),
        ("{org_code}/{year}{month}-{serial:05d}", 13, "000014349/202005-00013"),
        ("{org_code}-{year}-{serial}", 153077, "000014349-2020-153077"),
        ("{date}-{serial}", 189769, "20200503-189769"),
        ("530000-{org_code}-01-{year}-{serial:03d}", 7, "530000-000014349-01-2020-007"),
    ],
)
def test_observed_schemes_render_and_parse_back(scheme, serial, expected):
    rules.validate_scheme(scheme)
    assert rules.render(scheme, PARTS, serial) == expected
    key, parsed_serial = rules.parse(scheme, expected)
    assert parsed_serial == serial
    assert key == rules.sequence_key(scheme, PARTS)


@pytest.mark.parametrize("scheme", ["{org_code}/{year}", "{serial}-{serial}", "{region}-{serial}", "{year:04d}-{serial}", "{serial"])
def test_invalid_schemes_are_refused(scheme):
    with pytest.raises(ValidationError):
        rules.validate_scheme(scheme)


@pytest.mark.django_db
def test_site_scheme_and_site_wide_serial(catalogue, organisation):
    settings = DisclosureSettings.for_site(Site.objects.get(is_default_site=True))
    settings.index_number_scheme = "{date}-{serial}"
    settings.serial_per_site = True
    settings.save()
    first = make_entry(catalogue, written_date=datetime.date(2019, 12, 2))
    second = make_entry(catalogue, written_date=datetime.date(2020, 1, 6))
    assert first.index_number == "20191202-1"
    assert second.index_number == "20200106-2"


@pytest.mark.django_db
def test_legacy_number_moves_the_sequence_on(catalogue, organisation):
    site = Site.objects.get(is_default_site=True)
    register_legacy_index_number(site, DisclosureSettings.for_site(site), "000014349/2024-00072", uuid.uuid4())
    assert make_entry(catalogue, written_date=datetime.date(2024, 6, 1)).index_number == "000014349/2024-00073"
    with pytest.raises(ValidationError):
        register_legacy_index_number(site, DisclosureSettings.for_site(site), "000014349/2024-00072", uuid.uuid4())
