import pytest
from django.core.exceptions import ValidationError

from members.validators import normalize_org_number, validate_kommunkod, validate_org_number


@pytest.mark.parametrize(
    "number",
    ["212000-0142", "232100-0016", "202100-5489", "556016-0680"],  # Stockholm, Region Sthlm, …
)
def test_valid_org_numbers_pass(number):
    validate_org_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("212000-0143", "org_number_checksum"),
        ("556016-0681", "org_number_checksum"),
        ("2120000142", "org_number_format"),
        ("21200-00142", "org_number_format"),
        ("212000-014", "org_number_format"),
        ("abcdef-ghij", "org_number_format"),
        ("", "org_number_format"),
    ],
)
def test_invalid_org_numbers_are_rejected_with_reason(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(number)
    assert exc.value.code == code


def test_org_number_normalisation_adds_the_dash():
    assert normalize_org_number(" 2120000142 ") == "212000-0142"
    assert normalize_org_number("212000-0142") == "212000-0142"


@pytest.mark.parametrize("code", ["0180", "2584"])
def test_valid_kommunkod(code):
    validate_kommunkod(code)


@pytest.mark.parametrize("code", ["180", "01800", "01a0", ""])
def test_invalid_kommunkod(code):
    with pytest.raises(ValidationError):
        validate_kommunkod(code)
