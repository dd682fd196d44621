"""Table cards: A4 sheets a producer prints for its table at a B2B meeting or a fair, one a
product, with the product's name, stars, producer and price and a large QR code of its public
page, where a buyer's phone opens it to shortlist it or ask for a meeting."""

from __future__ import annotations

import weasyprint
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from ocop_portal.absolute_urls import absolute_url
from ocop_portal.pdf import LocalFilesFetcher, font_faces_css, qr_data_uri

from .models import Product


def product_address(product: Product, *, request=None) -> str:
    """The product's public page without its language: a buyer's phone opens it in its own
    (Vietnamese or English, from the phone's settings)."""
    path = reverse("distributors:product_detail", args=[product.slug]).removeprefix(f"/{get_language()}")
    return absolute_url(path, request=request)


def table_cards_pdf(products: list[Product], *, request=None) -> bytes:
    """A card a page for each of ``products`` (visible ones), in the active language."""
    cards = []
    for product in products:
        url = product_address(product, request=request)
        cards.append({"product": product, "url": url, "qr_code": qr_data_uri(url)})
    html = render_to_string(
        "producers/table_card_pdf.html",
        {"cards": cards, "font_faces": font_faces_css(text="Card Sans", fallback="Card Fallback")},
    )
    return weasyprint.HTML(string=html, base_url="/", url_fetcher=LocalFilesFetcher(media=False)).write_pdf()


def table_card_filename(product: Product) -> str:
    return f"table-card-{product.slug}.pdf"
