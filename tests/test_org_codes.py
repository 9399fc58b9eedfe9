import pytest
from django.core.exceptions import ValidationError

from wagtail_disclosure.rules.org_codes import (
    normalize_org_code,
    uscc_check_character,
    validate_organisation_code,
)


@pytest.mark.parametrize(
    "code",
    ["11341702486344515H", "11620622013933539B", "91350100M000100Y43", "000014349", "01527918X", "014416330"],
)
def test_real_codes_are_accepted(code):
    validate_organisation_code(code)


def test_hyphen_and_spaces_are_dropped():
    assert normalize_org_code(" 01527918-x ") == "01527918X"
    validate_organisation_code("01527918-X")


def test_uscc_with_wrong_check_character_names_the_expected_one():
    with pytest.raises(ValidationError) as info:
        validate_organisation_code("11341702486344515J")
    assert info.value.code == "uscc_check"
    assert "H" in str(info.value.messages[0])


def test_uscc_check_character_changes_with_every_position():
    base = "11341702486344515"
    assert uscc_check_character(base) == "H"
    assert uscc_check_character("21341702486344515") != "H"


@pytest.mark.parametrize("code", ["11341702486344515I", "1134170248634451", "ABC", "0000143491"])
def test_malformed_codes_are_refused(code):
    with pytest.raises(ValidationError):
        validate_organisation_code(code)
