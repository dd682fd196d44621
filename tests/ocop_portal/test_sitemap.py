"""robots.txt and the sitemap: search engines find every public product, producer and event
page in both languages, and are kept out of users' pages and the endless filter addresses."""

import gzip
import re
import xml.etree.ElementTree as ET

import pytest

from ocop_portal.sitemaps import ProductSitemap
from tests.factories import EventFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def disallowed(robots: str, path: str) -> bool:
    """Whether ``path`` matches a Disallow rule ("*" any run of characters, as crawlers read it)."""
    rules = [line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Disallow: ")]
    return any(re.match(".*".join(map(re.escape, rule.split("*"))), path) for rule in rules)


def urls(client, path: str) -> dict[str, dict[str, str]]:
    """{location: {hreflang: alternate location}} of a sitemap page."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_robots_keeps_crawlers_on_public_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    robots = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    for public in (
        "/vi/",
        "/en/catalogue/",
        "/vi/products/banh-pia/",
        "/vi/producers/htx-vinh-chau/",
        "/en/events/hoi-cho/",
    ):
        assert not disallowed(robots, public), public
    for private in (
        "/vi/admin/",
        "/vi/buyer/shortlists/",
        "/en/producer/products/3/edit/",
        "/vi/me/",
        "/en/meetings/requests/4/",
        "/vi/accounts/login/",
        "/vi/events/hoi-cho/register/",
        "/en/events/hoi-cho/catalogue/",
        "/vi/catalogue/?stars=4&province=can-tho",  # endless combinations
    ):
        assert disallowed(robots, private), private


def test_sitemap_lists_public_products_producers_and_events_in_both_languages(client):
    shown = ProductFactory(slug="banh-pia-tan-hue-vien")
    ProductFactory(slug="ban-nhap", status="draft")
    ProductFactory(slug="chua-xac-minh", certificate__verification="pending")
    silent = ProducerFactory(slug="chua-co-san-pham")
    EventFactory(slug="hoi-cho-ocop")
    EventFactory(slug="ban-nhap-su-kien", status="draft")

    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert sections == [
        f"http://testserver/sitemap-{kind}-{lang}.xml"
        for kind in ("pages", "products", "producers", "events")
        for lang in ("vi", "en")
    ]

    products = urls(client, "/sitemap-products-vi.xml")
    page = "http://testserver/vi/products/banh-pia-tan-hue-vien/"
    assert list(products) == [page]
    assert products[page] == {
        "vi": page,
        "en": "http://testserver/en/products/banh-pia-tan-hue-vien/",
        "x-default": page,
    }
    assert list(urls(client, "/sitemap-products-en.xml")) == [
        "http://testserver/en/products/banh-pia-tan-hue-vien/"
    ]
    assert client.get(f"/en/products/{shown.slug}/").status_code == 200  # what it lists opens

    producers = urls(client, "/sitemap-producers-en.xml")
    assert list(producers) == [f"http://testserver/en/producers/{shown.producer.slug}/"]
    assert silent.slug not in str(producers)
    assert list(urls(client, "/sitemap-events-vi.xml")) == ["http://testserver/vi/events/hoi-cho-ocop/"]
    assert list(urls(client, "/sitemap-pages-en.xml")) == [
        "http://testserver/en/",
        "http://testserver/en/catalogue/",
        "http://testserver/en/events/",
    ]


def test_a_large_catalogue_is_paged_and_each_page_is_one_query_of_its_products(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(ProductSitemap, "limit", 2)
    ProductFactory.create_batch(3)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-products-vi.xml?p=2" in index
    with django_assert_num_queries(2):  # the count, then the page
        first = urls(client, "/sitemap-products-vi.xml")
    second = urls(client, "/sitemap-products-vi.xml?p=2")
    assert (len(first), len(second)) == (2, 1)
    assert client.get("/sitemap-products-vi.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing-vi.xml").status_code == 404


def test_the_sitemap_is_built_once_an_hour_and_compressed(client, settings, django_assert_num_queries):
    settings.SITEMAP_CACHE_SECONDS = 3600
    ProductFactory.create_batch(30)
    plain = client.get("/sitemap-products-en.xml?cached=1").content
    with django_assert_num_queries(0):
        assert client.get("/sitemap-products-en.xml?cached=1").content == plain
    compressed = client.get("/sitemap-products-en.xml?cached=1", headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain
    assert len(compressed.content) < len(plain) / 5
