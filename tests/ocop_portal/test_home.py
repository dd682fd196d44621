import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from producers.selectors import PORTAL_FIGURES_KEY
from tests.distributors.conftest import make_product
from tests.factories import (
    DistributorFactory,
    EventFactory,
    ParticipationFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductImageFactory,
)

pytestmark = pytest.mark.django_db


def test_root_redirects_to_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/vi/", "vi", "Kết nối nhà sản xuất OCOP với người thu mua của các hệ thống bán lẻ"),
        ("/en/", "en", "Connecting OCOP producers with retail buyers"),
    ],
)
def test_home_page_in_both_languages(client, path, lang, heading):
    event = EventFactory(name="Hội nghị kết nối cung cầu Cần Thơ 2027")
    ParticipationFactory.create_batch(2, event=event)
    ParticipationFactory(event=event, kind="distributor", seats=2)
    ProductFactory(name="Bánh pía Tân Huê Viên", certificate__stars=4, certificate__score=80)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert "Hội nghị kết nối cung cầu Cần Thơ 2027" in html
    assert "Bánh pía Tân Huê Viên" in html
    assert "4★ OCOP" in html
    assert "45.000 ₫ – 60.000 ₫" in html
    # The count of OCOP products leads to the same list in the catalogue (valid ones only).
    assert f'href="/{lang}/catalogue/?valid=1"' in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_home_page_searches_the_catalogue(client, lang):
    """A buyer types what they source on the first page they see and lands on the results."""
    html = client.get(f"/{lang}/").content.decode()
    assert f'<form class="home-search" method="get" action="/{lang}/catalogue/" role="search">' in html
    assert '<input type="search" id="home-q" name="q" value=""' in html
    assert '<label for="home-q" class="visually-hidden">' in html
    make_product(name="Bánh pía Tân Huê Viên")
    make_product(name="Kẹo dừa Bến Tre", description="Kẹo dừa sữa.")
    response = client.get(f"/{lang}/catalogue/", {"q": "banh pia"})
    assert [p.name for p in response.context["result"].page.object_list] == ["Bánh pía Tân Huê Viên"]


def test_pages_have_a_preview_when_shared(client):
    html = client.get("/vi/").content.decode()
    assert '<meta property="og:title" content="Cổng kết nối cung cầu OCOP">' in html
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert '<meta property="og:url" content="http://testserver/vi/">' in html
    event = EventFactory(name="Hội nghị kết nối cung cầu Cần Thơ 2027", venue="Nhà văn hóa")
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert '<meta property="og:title" content="Hội nghị kết nối cung cầu Cần Thơ 2027">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert html.count('property="og:title"') == 1
    producer = ProductFactory().producer
    html = client.get(f"/vi/producers/{producer.slug}/").content.decode()
    assert f'<meta property="og:title" content="{producer.legal_name}">' in html
    assert html.count('property="og:title"') == 1


def test_home_counts(client):
    ProductFactory.create_batch(2, certificate__stars=4, certificate__score=75)
    ProductFactory(certificate__stars=5, certificate__score=95)
    ProductFactory(status="draft")
    DistributorFactory.create_batch(3)
    counts = client.get("/vi/").context["counts"]
    assert counts["producers"] == 4
    assert counts["ocop_products"] == 3
    assert counts["by_stars"] == [(5, 1), (4, 2), (3, 0)]
    assert counts["distributors"] == 3


def test_home_page_opens_the_catalogue_by_product_group(client):
    """Each group with OCOP products (valid certificate) and how many: the link shows them."""
    drinks = ProductGroupFactory(code="drinks", name="Đồ uống", name_en="Beverages", position=2)
    food = ProductGroupFactory(code="food", name="Thực phẩm", name_en="Food", position=1)
    for group in (food, food, drinks):
        ProductFactory(group=group)
    ProductFactory(group=drinks, status="draft")
    ProductFactory(group=drinks, certificate__issued_on=dt.date(2020, 1, 1))  # expired
    ProductGroupFactory(code="souvenirs", name="Lưu niệm", position=3)  # none: not offered
    response = client.get("/en/")
    assert response.context["counts"]["by_group"] == [("food", "Food", 2), ("drinks", "Beverages", 1)]
    html = response.content.decode()
    assert '<a href="/en/catalogue/?group=food&amp;valid=1">Food <span class="count">2</span></a>' in html
    assert "Lưu niệm" not in html
    listed = client.get("/en/catalogue/", {"group": "drinks", "valid": "1"}).context["result"]
    assert listed.page.paginator.count == 1
    assert "Thực phẩm <span" in client.get("/vi/").content.decode()


def test_home_figures_are_counted_once_a_minute_and_named_in_each_language(
    client, settings, django_assert_num_queries
):
    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.delete(PORTAL_FIGURES_KEY)
    ProductFactory.create_batch(2)
    with django_assert_num_queries(6):  # as test_home_query_count_is_constant
        client.get("/vi/")
    ProductFactory()  # shows within the minute
    with django_assert_num_queries(3):  # the event, the featured products and their photos
        response = client.get("/en/")
    counts = response.context["counts"]
    assert (counts["ocop_products"], counts["by_group"]) == (2, [("food", "Food", 2)])
    assert client.get("/vi/").context["counts"]["by_group"] == [("food", "Thực phẩm", 2)]
    cache.delete(PORTAL_FIGURES_KEY)


def test_home_shows_only_upcoming_events(client):
    EventFactory(name="Old", starts_on=dt.date(2020, 10, 27), ends_on=dt.date(2020, 10, 27))
    EventFactory(name="Draft", status="draft")
    assert client.get("/vi/").context["upcoming_event"] is None
    soon = EventFactory(starts_on=timezone.localdate() + dt.timedelta(days=3))
    EventFactory(starts_on=timezone.localdate() + dt.timedelta(days=60))
    assert client.get("/vi/").context["upcoming_event"] == soon


def test_home_empty_portal_reads_well(client):
    html = client.get("/vi/").content.decode()
    assert "Chưa có sự kiện nào" in html
    assert "Chưa có sản phẩm nào" in html


@pytest.mark.parametrize("item_count", [1, 3])
def test_home_query_count_is_constant(client, item_count, django_assert_num_queries):
    event = EventFactory()
    for _ in range(item_count):
        product = ProductFactory()
        ProductImageFactory(product=product)
        ParticipationFactory(event=event, producer=product.producer)
    # session-less anonymous request: event, 3 counts, featured products, their images
    with django_assert_num_queries(6):
        response = client.get("/vi/")
    assert len(response.context["featured_products"]) == item_count
    assert response.content.decode().count('class="product-card"') == item_count


def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/vi/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_featured_products_open_their_page(client):
    product = ProductFactory(name="Mật ong hoa cà phê", certificate__stars=5)
    html = client.get("/vi/").content.decode()
    card = html.split('<article class="product-card">')[1].split("</article>")[0]
    assert f'href="/vi/products/{product.slug}/"' in card
    assert "Mật ong hoa cà phê" in card
