"""Excel export of an event's best pairs (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would read as a formula is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def best_pairs_workbook(*, event, pairs) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Best pairs")[:31]
    sheet.append(
        [_("Score"), _("Producer"), _("Product"), _("Stars"), _("Distributor"), _("Sourcing need"), _("Why")]
    )
    for pair in pairs:
        product, need = pair.product, pair.need
        sheet.append(
            [
                safe_cell(round(pair.score, 1)),
                safe_cell(product.producer.legal_name),
                safe_cell(product.name),
                product.certificate.stars,
                safe_cell(need.distributor.name),
                safe_cell(need.title),
                safe_cell(pair.why),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
