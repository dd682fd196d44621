"""A product's table card: the A4 sheet a producer prints for its table at an event, whose
QR code opens the product's page on a buyer's phone, in the phone's language."""

import io

import pytest
from pypdf import PdfReader

from producers.models import Product
from tests.distributors.conftest import make_product
from tests.pages import en, text

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, its lines joined (a long name wraps on the card)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def product(producer):
    return make_product(
        producer=producer,
        name="Bánh pía sầu riêng Tân Huê Viên",
        slug="banh-pia-tan-hue-vien",
        certificate__stars=4,
        certificate__score=80,
    )


def test_a_member_prints_the_card_of_a_product_in_the_catalogue(client, owner, product):
    client.force_login(owner)
    page = client.get(en("producers:product_detail", product.pk)).content.decode()
    card_url = en("producers:product_table_card", product.pk)
    assert f'href="{card_url}"' in page
    response = client.get(card_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="table-card-banh-pia-tan-hue-vien.pdf"'
    printed = pdf_text(response.content)
    for shown in (
        "Bánh pía sầu riêng Tân Huê Viên",
        "4★ OCOP",
        product.producer.legal_name,
        product.producer.province.display_name,
        "45.000 ₫ – 60.000 ₫",
        "Scan to see this product, shortlist it and ask to meet us",
        "http://testserver/products/banh-pia-tan-hue-vien/",
    ):
        assert shown in printed, shown
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert images_in(response.content) == 1  # the QR code


def test_the_card_speaks_the_producers_language(client, owner, product):
    client.force_login(owner)
    printed = pdf_text(client.get(f"/vi/producer/products/{product.pk}/table-card.pdf").content)
    assert "Quét mã để xem sản phẩm" in printed


@pytest.mark.parametrize(("language", "opened"), [("en", "/en/"), ("vi", "/vi/"), ("fr", "/vi/")])
def test_the_qr_code_opens_the_product_in_the_phones_language(client, product, language, opened):
    response = client.get("/products/banh-pia-tan-hue-vien/", headers={"accept-language": language})
    assert response.status_code == 302
    assert response["Location"] == f"{opened}products/banh-pia-tan-hue-vien/"
    assert client.get(response["Location"]).status_code == 200


def test_a_product_buyers_cannot_see_has_no_card_yet(client, owner, product):
    Product.objects.filter(pk=product.pk).update(status="draft")
    client.force_login(owner)
    page = text(client.get(en("producers:product_detail", product.pk)).content)
    assert "Print a table card" not in page
    response = client.get(en("producers:product_table_card", product.pk), follow=True)
    assert response.redirect_chain == [(en("producers:product_detail", product.pk), 302)]
    assert "publish the product and wait for its OCOP certificate to be verified" in text(response.content)
