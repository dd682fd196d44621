import io
import zlib

import pytest
from openpyxl import load_workbook

from distributors.models import Shortlist, ShortlistItem
from ocop_portal.spreadsheets import escape_formula as safe_cell
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    CertificationFactory,
    EventFactory,
    MeetingRequestFactory,
    ParticipationFactory,
    ProducerFactory,
    ProductImageFactory,
    ShortlistFactory,
    ShortlistItemFactory,
)

pytestmark = pytest.mark.django_db


def test_add_a_product_to_a_new_then_an_existing_shortlist(buyer_client, buyer):
    product = make_product(name="Bánh pía Tân Huê Viên")
    url = f"/en/products/{product.slug}/shortlist/"
    other = BuyerFactory()
    response = buyer_client.post(url, {"new_name": "Tết 2027", "buyer": other.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/en/products/{product.slug}/"
    shortlist = Shortlist.objects.get()
    assert (shortlist.name, shortlist.buyer) == ("Tết 2027", buyer)
    page = buyer_client.get(response["Location"]).content.decode()
    assert "Bánh pía Tân Huê Viên was added to “Tết 2027”." in page

    buyer_client.post(url, {"shortlist": shortlist.pk})
    assert ShortlistItem.objects.count() == 1
    assert "is already on “Tết 2027”" in buyer_client.get(f"/en/products/{product.slug}/").content.decode()


def test_cannot_add_to_someone_elses_shortlist_or_an_invisible_product(buyer_client, buyer):
    product = make_product()
    foreign = ShortlistFactory()
    buyer_client.post(f"/en/products/{product.slug}/shortlist/", {"shortlist": foreign.pk})
    assert not ShortlistItem.objects.exists()
    draft = make_product(status="draft")
    assert buyer_client.post(f"/en/products/{draft.slug}/shortlist/", {"new_name": "x"}).status_code == 404


def test_manage_shortlists(buyer_client, buyer):
    event = EventFactory(name="Hội nghị Cần Thơ 2027")
    response = buyer_client.post("/en/buyer/shortlists/", {"name": "Quà Tết", "event": event.pk})
    shortlist = Shortlist.objects.get()
    assert response["Location"] == f"/en/buyer/shortlists/{shortlist.pk}/"
    assert shortlist.event == event
    # same name again
    response = buyer_client.post("/en/buyer/shortlists/", {"name": " Quà  Tết "})
    assert response.status_code == 400
    assert "You already have a shortlist with this name." in response.content.decode()
    # rename
    buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/", {"name": "Quà Tết 2027"})
    shortlist.refresh_from_db()
    assert shortlist.name == "Quà Tết 2027"
    assert shortlist.event is None
    # remove an item, then delete
    item = ShortlistItemFactory(shortlist=shortlist, product=make_product())
    buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/remove/", {"product": item.product_id})
    assert not ShortlistItem.objects.exists()
    buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/delete/")
    assert not Shortlist.objects.exists()


def test_shortlists_are_personal(client, buyer):
    shortlist = ShortlistFactory(buyer=buyer)
    colleague = BuyerFactory(distributor=buyer.distributor)
    client.force_login(colleague.user)
    for suffix in ("", "delete/", "export.xlsx", "export.pdf"):
        assert client.get(f"/en/buyer/shortlists/{shortlist.pk}/{suffix}").status_code == 404


def test_excel_export_escapes_formulas(buyer_client, buyer):
    producer = ProducerFactory(legal_name='=HYPERLINK("http://evil")', phone="+84 299 3 123 456")
    product = make_product(name="@SUM(A1:A9)", producer=producer, certificate__stars=4, certificate__score=75)
    CertificationFactory(product=product)
    shortlist = ShortlistFactory(buyer=buyer, name="Tết")
    ShortlistItemFactory(shortlist=shortlist, product=product, note="-2+3")
    response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/export.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="tet.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Product", "Producer", "Province")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Product"] == "'@SUM(A1:A9)"
    assert row["Producer"] == '\'=HYPERLINK("http://evil")'
    assert row["Phone"] == "'+84 299 3 123 456"
    assert row["Note"] == "'-2+3"
    assert row["OCOP stars"] == 4
    assert row["Certificate"] == "valid"
    assert row["Certifications"] == "HACCP"
    assert row["Lowest price (VND)"] == 45000
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


@pytest.mark.parametrize(
    ("host", "secure", "expected"),
    [
        ("127.0.0.1:8000", False, "http://127.0.0.1:8000"),  # `make run`
        ("portal.example.vn", True, "https://portal.example.vn"),  # behind the proxy
    ],
)
def test_excel_export_links_follow_the_request_host_and_port(
    buyer_client, buyer, settings, host, secure, expected
):
    settings.SITE_URL = "https://ocop.example.vn"  # the request wins: the buyer is on `host`
    settings.ALLOWED_HOSTS = ["127.0.0.1", "portal.example.vn"]
    product = make_product(name="Bánh pía")
    shortlist = ShortlistFactory(buyer=buyer, name="Tết")
    ShortlistItemFactory(shortlist=shortlist, product=product)
    headers = {"HTTP_HOST": host, **({"HTTP_X_FORWARDED_PROTO": "https"} if secure else {})}
    response = buyer_client.get(f"/vi/buyer/shortlists/{shortlist.pk}/export.xlsx", **headers)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][-1] == f"{expected}/vi/products/{product.slug}/"  # the last column, "Link"


def test_safe_cell():
    assert [safe_cell(v) for v in ("=1", "+1", "-1", "@a", "ok", 5, None)] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "ok",
        5,
        None,
    ]


def _pdf_text(content: bytes) -> bytes:
    """The PDF's objects, with compressed streams inflated (enough to look for names)."""
    chunks = [content]
    for part in content.split(b"stream")[1:]:
        data = part.split(b"endstream")[0].strip(b"\r\n")
        try:
            chunks.append(zlib.decompress(data))
        except zlib.error:
            continue
    return b"".join(chunks)


def test_pdf_export_embeds_photos_and_a_vietnamese_font(buyer_client, buyer):
    product = make_product(name="Bánh pía Tân Huê Viên")
    ProductImageFactory(product=product)
    shortlist = ShortlistFactory(buyer=buyer, name="Đặc sản Sóc Trăng")
    ShortlistItemFactory(shortlist=shortlist, product=product)
    ShortlistItemFactory(shortlist=shortlist, product=make_product(name="Không ảnh"))
    response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/export.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dac-san-soc-trang.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert b"/Subtype /Image" in text or b"/Subtype/Image" in text
    assert b"DejaVu-Sans" in text
    assert b"Serif" not in text  # no glyph fell back to another font


def test_pdf_export_makes_a_lost_thumbnail_again(buyer_client, buyer):
    """imagekit remembers that a thumbnail exists; after a media folder was restored without
    its thumbnails, the export makes the file again rather than leaving the photo out."""
    product = make_product(name="Bánh pía")
    image = ProductImageFactory(product=product)
    thumbnail = image.pdf
    thumbnail.generate()
    thumbnail.storage.delete(thumbnail.name)
    shortlist = ShortlistFactory(buyer=buyer)
    ShortlistItemFactory(shortlist=shortlist, product=product)
    text = _pdf_text(buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/export.pdf").content)
    assert b"/Subtype /Image" in text or b"/Subtype/Image" in text
    assert thumbnail.storage.exists(thumbnail.name)


@pytest.mark.parametrize("item_count", [1, 3])
def test_shortlist_page_query_count_is_constant(buyer_client, buyer, item_count, django_assert_num_queries):
    shortlist = ShortlistFactory(buyer=buyer)
    for _ in range(item_count):
        product = make_product()
        ProductImageFactory(product=product)
        CertificationFactory(product=product)
        ShortlistItemFactory(shortlist=shortlist, product=product)
        MeetingRequestFactory(distributor=buyer.distributor, producer=product.producer)
    ParticipationFactory(kind="distributor", distributor=buyer.distributor)  # an event to ask at
    # session, user, buyer, shortlist, items, photos, certifications, the company's open
    # meeting requests with their events, the company's events (asking the list's producers),
    # the colleagues to hand the list over to, events of the rename form
    with django_assert_num_queries(11):
        response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/")
    assert len(response.context["items"]) == item_count
    assert 'name="ask-event"' in response.content.decode()
    assert all(len(item.open_requests) == 1 for item in response.context["items"])
