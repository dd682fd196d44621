"""A product's table card: an A4 sheet a producer prints for its table at a B2B meeting or a
fair, with the product's name, stars, producer and price and a large QR code of its public
page, where a buyer's phone opens it to shortlist it or ask for a meeting."""

from __future__ import annotations

import weasyprint
from django.template.loader import render_to_string

from ocop_portal.pdf import LocalFilesFetcher, font_faces_css, qr_data_uri

from .models import Product


def table_card_pdf(product: Product, *, url: str) -> bytes:
    """The card of ``product`` (a visible one: ``url`` is its public page), in the active
    language."""
    html = render_to_string(
        "producers/table_card_pdf.html",
        {
            "product": product,
            "url": url,
            "qr_code": qr_data_uri(url),
            "font_faces": font_faces_css(text="Card Sans", fallback="Card Fallback"),
        },
    )
    return weasyprint.HTML(string=html, base_url="/", url_fetcher=LocalFilesFetcher(media=False)).write_pdf()


def table_card_filename(product: Product) -> str:
    return f"table-card-{product.slug}.pdf"
