import datetime as dt

import pytest
from django.utils import timezone

from producers import ocop
from producers.models import Product
from tests.distributors.conftest import make_product
from tests.factories import (
    CertificationFactory,
    CertificationKindFactory,
    ProducerMemberFactory,
    ProductImageFactory,
    ProductSubGroupFactory,
)

pytestmark = pytest.mark.django_db


def url(product):
    return f"/en/products/{product.slug}/"


def test_product_page_shows_what_a_buyer_judges(client):
    product = make_product(
        name="Bánh pía Tân Huê Viên",
        certificate__stars=4,
        certificate__score=82,
        certificate__issued_on=dt.date(2025, 3, 1),
        monthly_capacity=12000,
        min_order_quantity=50,
        shelf_life_days=90,
        packaging="Hộp 500 g",
    )
    ProductImageFactory(product=product)
    ProductImageFactory(product=product, position=1, alt="Hộp quà")
    CertificationFactory(product=product, valid_until=dt.date(2027, 5, 31))
    html = client.get(url(product)).content.decode()
    assert "<h1>Bánh pía Tân Huê Viên</h1>" in html
    assert "4★ OCOP" in html
    assert "Valid until 01/03/2028" in html
    assert "82/100 points" in html
    assert "12,000 kg" in html or "12.000 kg" in html
    assert "45.000 ₫ – 60.000 ₫" in html
    assert "HACCP" in html
    assert "valid until 31/05/2027" in html
    assert (
        html.count('src="/media/CACHE/images/') == 2
    )  # detail thumbnails (and the first in the share preview)
    assert f'href="/en/producers/{product.producer.slug}/"' in html
    assert "Hộp 500 g" in html


def test_a_shared_link_shows_the_product_its_photo_and_price(client):
    """Buyers pass product links around in Zalo groups: the preview names the product, its
    stars, producer, province and price, with the cover photo at its full address."""
    product = make_product(name="Bánh pía Tân Huê Viên", description='Nhân "sầu riêng" <b>thật</b>.')
    ProductImageFactory(product=product, alt="Hộp bánh pía")
    ProductImageFactory(product=product, position=1)
    html = client.get(url(product)).content.decode()
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:title" content="Bánh pía Tân Huê Viên · 3★ OCOP">' in html
    province = product.producer.province.display_name
    assert (
        f'<meta property="og:description" content="{product.producer.legal_name} · {province}'
        ' · 45.000 ₫ – 60.000 ₫">'
    ) in html
    assert '<meta property="og:image" content="http://testserver/media/CACHE/images/' in html
    assert '<meta property="og:image:alt" content="Hộp bánh pía">' in html
    assert f'<meta property="og:url" content="http://testserver{url(product)}">' in html
    assert '<meta name="description" content="Nhân &quot;sầu riêng&quot; &lt;b&gt;thật&lt;/b&gt;.">' in html
    assert html.count('property="og:title"') == 1


def test_a_shared_link_without_photo_or_valid_certificate_says_no_more_than_is_true(client):
    product = make_product(name="Mứt gừng", certificate__issued_on=dt.date(2020, 1, 1))
    html = client.get(url(product)).content.decode()
    assert '<meta property="og:title" content="Mứt gừng">' in html
    assert "og:image" not in html


def test_expired_and_expiring_certificates(client):
    today = timezone.localdate()
    expired = make_product(certificate__issued_on=today - dt.timedelta(days=1200))
    html = client.get(url(expired)).content.decode()
    assert "OCOP certificate expired" in html
    assert "Expired on" in html
    assert "★ OCOP</span>" not in html
    soon = make_product(certificate__issued_on=ocop.earliest_valid_issue_date(today) + dt.timedelta(days=10))
    html = client.get(url(soon)).content.decode()
    assert "Expires soon" in html
    assert "★ OCOP" in html


@pytest.mark.parametrize(
    ("status", "verification"), [("draft", "verified"), ("archived", "verified"), ("published", "pending")]
)
def test_invisible_products_are_404(client, status, verification):
    product = make_product(status=status, certificate__verification=verification)
    assert client.get(url(product)).status_code == 404
    assert client.get("/en/products/no-such-thing/").status_code == 404


def test_views_are_counted_except_for_the_producers_members(client):
    product = make_product()
    client.get(url(product))
    client.get(url(product))
    assert Product.objects.get(pk=product.pk).view_count == 2
    member = ProducerMemberFactory(producer=product.producer).user
    client.force_login(member)
    client.get(url(product))
    assert Product.objects.get(pk=product.pk).view_count == 2


def test_similar_products_same_subgroup_visible_top_4(client):
    product = make_product()
    others = [make_product(certificate__stars=5, certificate__score=95) for _ in range(5)]
    make_product(status="draft")
    make_product(subgroup=ProductSubGroupFactory(code="food-condiments", name="Gia vị"))
    response = client.get(url(product))
    similar = response.context["similar"]
    assert len(similar) == 4
    assert {p.pk for p in similar} <= {p.pk for p in others}


def test_similar_products_best_stars_first_then_most_viewed(client):
    product = make_product()
    seen = make_product(name="Seen", certificate__stars=4, certificate__score=80)
    Product.objects.filter(pk=seen.pk).update(view_count=50)
    make_product(name="Unseen", certificate__stars=4, certificate__score=80)
    make_product(name="Best", certificate__stars=5, certificate__score=95)
    make_product(name="Three", certificate__stars=3, certificate__score=60)
    make_product(name="Fifth", certificate__stars=3, certificate__score=60)
    similar = client.get(url(product)).context["similar"]
    assert [p.name for p in similar] == ["Best", "Seen", "Unseen", "Fifth"]


def test_similar_products_of_the_same_kind_come_first_from_any_sub_group(client):
    """A buyer looking at a bánh pía wants other producers' bánh pía before the best-starred
    dried shrimp of the same sub-group."""
    product = make_product(name="Bánh pía đậu xanh Lâm Hòa", certificate__stars=3)
    for name in ("Tôm khô Vĩnh Châu", "Khô cá dứa", "Mứt gừng", "Kẹo dừa"):
        make_product(name=name, certificate__stars=5, certificate__score=95)
    condiments = ProductSubGroupFactory(code="food-condiments", name="Gia vị")
    same_kind = make_product(name="BÁNH PÍA sầu riêng Tân Huê Viên", subgroup=condiments)
    best_of_kind = make_product(name="Bánh pía kim sa", certificate__stars=4, certificate__score=80)
    make_product(name="Bánh pía chay", status="draft")  # not visible
    make_product(name="Bánh pi", certificate__stars=5, certificate__score=95)  # another word
    make_product(name="Bánh phồng tôm", certificate__stars=5, certificate__score=95)  # another kind
    similar = client.get(url(product)).context["similar"]
    assert [p.pk for p in similar[:2]] == [best_of_kind.pk, same_kind.pk]
    assert similar[2].certificate.stars == 5
    assert product.pk not in {p.pk for p in similar}
    html = client.get(url(product)).content.decode()
    assert html.index("Bánh pía kim sa") < html.index("BÁNH PÍA sầu riêng Tân Huê Viên")


def test_a_product_named_by_one_word_finds_its_kind(client):
    product = make_product(name="Trà")
    tea = make_product(name="Trà Thái Nguyên", certificate__stars=3)
    make_product(name="Tráng miệng", certificate__stars=5, certificate__score=95)
    assert client.get(url(product)).context["similar"][0] == tea


def test_buttons_for_approved_buyers_only(client, buyer, pending_buyer):
    product = make_product()
    html = client.get(url(product)).content.decode()
    assert "Request a meeting" not in html
    assert "Log in as a buyer" in html
    client.force_login(pending_buyer.user)
    html = client.get(url(product)).content.decode()
    assert "Request a meeting" not in html
    assert "awaits an organiser's approval" in html
    assert product.producer.phone not in html
    client.force_login(buyer.user)
    html = client.get(url(product)).content.decode()
    assert f'href="/en/meetings/ask/producer/{product.producer.slug}/?product={product.slug}"' in html
    assert f'action="/en/products/{product.slug}/shortlist/"' in html
    assert product.producer.phone in html


@pytest.mark.parametrize("item_count", [1, 3])
def test_product_page_query_count_is_constant(client, buyer, item_count, django_assert_num_queries):
    product = make_product()
    kinds = ["haccp", "vietgap", "organic"]
    for n in range(item_count):
        ProductImageFactory(product=product, position=n)
        CertificationFactory(product=product, kind=CertificationKindFactory(code=kinds[n], name=kinds[n]))
        similar = make_product()
        ProductImageFactory(product=similar)
    client.force_login(buyer.user)
    # session, user, product, photos, certifications, membership, view count, buyer,
    # similar products with their cover photos, shortlists of the form, the company's open
    # meeting requests with the producer
    with django_assert_num_queries(11):
        response = client.get(url(product))
    assert len(response.context["images"]) == item_count
    assert len(response.context["certifications"]) == item_count
