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
    """Distinct images of the PDF (its pages may share one list of them)."""
    return len({image.data for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images})


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


def test_the_cards_of_all_products_in_the_catalogue_one_a_page(client, owner, producer, product):
    make_product(producer=producer, name="Kẹo dừa sáp", certificate__stars=5, certificate__score=95)
    make_product(producer=producer, name="Mứt gừng nháp", status="draft")
    make_product(name="Trà của nhà khác")  # another producer's
    client.force_login(owner)
    assert f'href="{en("producers:table_cards")}"' in client.get(en("producers:dashboard")).content.decode()
    response = client.get(en("producers:table_cards"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="table-cards-{producer.slug}.pdf"'
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 2  # most stars first
    assert "Kẹo dừa sáp" in pages[0]
    assert "5★ OCOP" in pages[0]
    assert "Bánh pía sầu riêng Tân Huê Viên" in pages[1]
    assert images_in(response.content) == 2  # a QR code each


def test_with_nothing_in_the_catalogue_there_are_no_cards_to_print(client, owner, producer):
    make_product(producer=producer, status="draft")
    client.force_login(owner)
    assert "table-cards.pdf" not in client.get(en("producers:dashboard")).content.decode()
    response = client.get(en("producers:table_cards"), follow=True)
    assert response.redirect_chain == [(en("producers:dashboard"), 302)]
    assert "there is no table card to print" in text(response.content)
