"""Validators for Vietnamese identifiers: tax codes (mã số thuế) and GTIN-13 barcodes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAX_CODE_PATTERN = r"^[0-9]{10}(-[0-9]{3})?$"
GTIN13_PATTERN = r"^[0-9]{13}$"
_TAX_CODE = re.compile(TAX_CODE_PATTERN)
_GTIN13 = re.compile(GTIN13_PATTERN)


def validate_tax_code(value: str) -> None:
    """10 digits, or 13 for a branch: the 10-digit code, a hyphen and 3 digits."""
    if not _TAX_CODE.match(value or ""):
        raise ValidationError(
            _(
                "A tax code has 10 digits (e.g. 2200123456), or 10 digits, a hyphen and "
                "3 digits for a branch (e.g. 2200123456-001)."
            ),
            code="invalid_tax_code",
        )


def gtin13_check_digit(first12: str) -> int:
    """The GS1 check digit: weights 1,3,1,3... from the left over 12 digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def validate_gtin13(value: str) -> None:
    if not _GTIN13.match(value or ""):
        raise ValidationError(_("A GTIN-13 barcode has exactly 13 digits."), code="invalid_gtin_format")
    if gtin13_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(
            _("This barcode's check digit is wrong: please check the 13 digits again."),
            code="invalid_gtin_check_digit",
        )
