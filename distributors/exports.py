"""Shortlist exports: an Excel workbook (openpyxl) and a PDF with photos (WeasyPrint).

Both read the items the selector gave them and write nothing to the database.
"""

import base64
import io
import logging

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from matchmaking.enums import RequestSide
from ocop_portal.absolute_urls import absolute_url
from ocop_portal.spreadsheets import escape_formula

from .models import Shortlist, ShortlistItem

logger = logging.getLogger(__name__)


def _certificate_cells(product) -> tuple:
    certificate = getattr(product, "certificate", None)
    if certificate is None:
        return "", "", ""
    if certificate.is_ocop:
        state = _("valid")
    elif certificate.is_expired:
        state = _("expired")
    else:
        state = _("not OCOP")
    return certificate.stars, certificate.valid_until.strftime("%d/%m/%Y"), state


def _request_text(request) -> str:
    """An open meeting request as the shortlist page words it, after its status."""
    if request.side == RequestSide.PRODUCER:
        text = _("They asked to meet your company · %(event)s") % {"event": request.event.name}
    else:
        text = _("Your company's meeting request · %(event)s") % {"event": request.event.name}
    return f"{request.get_status_display()}: {text}"


def shortlist_xlsx(*, shortlist: Shortlist, items: list[ShortlistItem], request=None) -> bytes:
    """The shortlist as an .xlsx workbook, one product a row. The "Link" column points to the
    host of ``request`` when given (the one the buyer is on), else to the portal's address."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (shortlist.name[:31] or "Shortlist").translate(str.maketrans("[]:*?/\\", "       "))
    headers = [
        _("Product"),
        _("Producer"),
        _("Province"),
        _("Group"),
        _("OCOP stars"),
        _("Certificate valid until"),
        _("Certificate"),
        _("Certifications"),
        _("Lowest price (VND)"),
        _("Highest price (VND)"),
        _("Monthly capacity"),
        _("Unit"),
        _("Contact person"),
        _("Phone"),
        _("E-mail"),
        _("Note"),
        _("Added by"),
        _("Meeting requests"),
        _("Link"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in items:
        product = item.product
        link = absolute_url(
            reverse("distributors:product_detail", kwargs={"slug": product.slug}), request=request
        )
        producer = product.producer
        stars, valid_until, state = _certificate_cells(product)
        row = [
            product.name,
            producer.legal_name,
            producer.province.name,
            product.group.label,
            stars,
            valid_until,
            state,
            ", ".join(c.kind.label for c in product.certifications.all()),
            product.price_min,
            product.price_max,
            product.monthly_capacity,
            product.get_unit_display(),
            producer.contact_person,
            producer.phone,
            producer.email,
            item.note,
            str(item.added_by.user) if item.added_by else "",
            "\n".join(_request_text(r) for r in item.open_requests),
            link,
        ]
        sheet.append([escape_formula(value) for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
                cell.alignment = Alignment(wrap_text=False)
    for index, width in enumerate(
        (34, 30, 18, 16, 8, 14, 10, 28, 12, 12, 12, 8, 20, 16, 24, 24, 20, 40, 40), start=1
    ):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(thumbnail) -> bytes:
    thumbnail.open("rb")
    try:
        return thumbnail.read()
    finally:
        thumbnail.close()


def _thumbnail_data_uri(image) -> str | None:
    """The PDF thumbnail of a photo as a data: URI (works with any storage backend)."""
    try:
        thumbnail = image.pdf
        try:
            data = _read(thumbnail)
        except FileNotFoundError:
            # imagekit remembers (in the cache) a thumbnail whose file is gone, after a media
            # folder was restored or moved: make it again from the photo.
            thumbnail.generate(force=True)
            data = _read(thumbnail)
    except (OSError, ValueError, SyntaxError):
        logger.warning("no PDF thumbnail for product photo %s", image.pk, exc_info=True)
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def shortlist_pdf(*, shortlist: Shortlist, items: list[ShortlistItem], request=None) -> bytes:
    """The shortlist as a PDF: one block a product with its photo, certificate and contacts.

    The font is DejaVu Sans (Noto Sans as a fallback): both cover Vietnamese."""
    from weasyprint import HTML  # heavy import, only when a PDF is made

    from ocop_portal.pdf import LocalFilesFetcher

    rows = []
    for item in items:
        cover = next(iter(item.product.images.all()), None)
        rows.append(
            {
                "item": item,
                "product": item.product,
                "thumbnail": _thumbnail_data_uri(cover) if cover else None,
            }
        )
    html = render_to_string(
        "distributors/shortlist_pdf.html",
        {"shortlist": shortlist, "rows": rows, "generated_at": timezone.localtime()},
        request=request,
    )
    # Photos are data: URIs; the PDF reads nothing else (fonts come from fontconfig).
    return HTML(string=html, base_url=None, url_fetcher=LocalFilesFetcher(media=False)).write_pdf()
