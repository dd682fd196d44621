"""Bulk import and export of producers, products and their OCOP certificates (organisers,
in the admin, with django-import-export). The columns are documented in docs/import.md.

Rows are matched on natural keys: a producer by its tax code; a product by its GTIN-13 when
it has one, else by (producer tax code, product name). The default import workflow applies:
a preview of what would change before anything is written, row errors with their line
numbers, everything in one transaction that is rolled back when any row fails, unchanged rows
skipped (so importing the same file twice changes nothing). Exported text that a spreadsheet
would run as a formula (=, +, -, @ first) is prefixed with an apostrophe, which the import
removes again.
"""

from .base import (
    AmountWidget,
    ChoiceWidget,
    CodeWidget,
    DayWidget,
    GtinWidget,
    PortalResource,
    ProvinceWidget,
    StarsWidget,
    TaxCodeWidget,
    TextWidget,
    column_field,
    escape_formula,
    kept_when_blank,
    unescape_formula,
)
from .producers import PRODUCER_COLUMNS, ProducerResource
from .products import CERTIFICATE_COLUMNS, PRODUCT_COLUMNS, ProductResource

__all__ = [
    "CERTIFICATE_COLUMNS",
    "PRODUCER_COLUMNS",
    "PRODUCT_COLUMNS",
    "AmountWidget",
    "ChoiceWidget",
    "CodeWidget",
    "DayWidget",
    "GtinWidget",
    "PortalResource",
    "ProducerResource",
    "ProductResource",
    "ProvinceWidget",
    "StarsWidget",
    "TaxCodeWidget",
    "TextWidget",
    "column_field",
    "escape_formula",
    "kept_when_blank",
    "unescape_formula",
]
