import pytest
from django.core.exceptions import ValidationError

from producers.validators import gtin13_check_digit, validate_gtin13, validate_tax_code


@pytest.mark.parametrize("value", ["2200123456", "0301234567", "2200123456-001"])
def test_tax_code_valid(value):
    validate_tax_code(value)


@pytest.mark.parametrize(
    "value", ["", "220012345", "22001234567", "2200123456-01", "2200123456001", "22001234AB", " 2200123456"]
)
def test_tax_code_invalid_has_clear_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(value)
    assert excinfo.value.code == "invalid_tax_code"


@pytest.mark.parametrize("value", ["8934588012228", "8938505974071", "4006381333931"])
def test_gtin13_valid(value):
    validate_gtin13(value)


def test_gtin13_check_digit_is_computed_from_the_first_twelve():
    assert gtin13_check_digit("893458801222") == 8
    assert gtin13_check_digit("400638133393") == 1


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("8934588012229", "invalid_gtin_check_digit"),
        ("893458801222", "invalid_gtin_format"),
        ("89345880122280", "invalid_gtin_format"),
        ("893458801222X", "invalid_gtin_format"),
    ],
)
def test_gtin13_invalid(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_gtin13(value)
    assert excinfo.value.code == code
