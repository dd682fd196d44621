"""Excel export of an event's best pairs (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ocop_portal.spreadsheets import escape_formula


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
                escape_formula(round(pair.score, 1)),
                escape_formula(product.producer.legal_name),
                escape_formula(product.name),
                product.certificate.stars,
                escape_formula(need.distributor.name),
                escape_formula(need.title),
                escape_formula(pair.why),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
