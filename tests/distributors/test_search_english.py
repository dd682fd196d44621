"""A buyer searching in English ("honey") is offered the same search in Vietnamese, the
language of product names, when nothing matches."""

import html as html_lib
from urllib.parse import parse_qs, urlparse

import pytest

from distributors.search_english import vietnamese_for
from distributors.selectors import search_terms
from tests.distributors.conftest import make_product

pytestmark = pytest.mark.django_db
URL = "/en/catalogue/"


def in_vietnamese(query: str) -> str:
    return vietnamese_for(search_terms(query).tokens)


@pytest.mark.parametrize(
    ("query", "vietnamese"),
    [
        ("honey", "mật ong"),
        ("HONEY", "mật ong"),
        ("Honey Dak Lak", "mật ong dak lak"),  # a place name is kept as typed (folded)
        ("dried shrimp", "tôm khô"),  # a phrase of its own wins over its words
        ("dried mango", "xoài sấy"),  # Vietnamese writes the quality after the thing
        ("organic dried mangoes", "xoài sấy hữu cơ"),  # plural; two qualities, in order
        ("black pepper", "tiêu đen"),
        ("shallots", "hành tím"),
        ("bird's nest", "yến sào"),
        ("rice noodles", "bún"),
        ("green tea", "trà xanh"),
        ("coffee beans dried", "cà phê beans sấy"),  # an unknown word stays; a last quality too
    ],
)
def test_english_words_are_put_into_vietnamese(query, vietnamese):
    assert in_vietnamese(query) == vietnamese


@pytest.mark.parametrize("query", ["", "bánh pía", "banh pia", "Đắk Lắk", "8936015100034", "zzzz"])
def test_a_query_without_english_words_has_no_vietnamese(query):
    assert in_vietnamese(query) == ""


def vietnamese_link(response) -> str | None:
    result = response.context["result"]
    return result.vietnamese_url or None


def test_an_english_search_finding_nothing_offers_the_vietnamese_one(client, django_assert_max_num_queries):
    make_product(name="Mật ong hoa cà phê", description="Mật ong nguyên chất từ rẫy cà phê.")
    make_product(name="Bánh pía Sóc Trăng")
    # session-less visitor: (PostgreSQL: words; close-match facets,) facets or none, products
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"q": "honey", "sort": "price"})
    page = response.content.decode()
    assert response.context["products"] == []
    assert "No product matches “honey”." in page
    assert "Product names are in Vietnamese." in page
    assert 'Search for “<span lang="vi">mật ong</span>”' in page
    link = vietnamese_link(response)
    assert parse_qs(urlparse(link).query) == {"q": ["mật ong"], "sort": ["price"]}
    assert html_lib.escape(link) in page
    followed = client.get(URL + link)
    assert [p.name for p in followed.context["products"]] == ["Mật ong hoa cà phê"]
    assert followed.context["result"].vietnamese_url == ""  # it found something


def test_the_offer_keeps_the_filters_and_appears_in_vietnamese_too(client):
    make_product(name="Mật ong hoa cà phê", certificate__stars=4)
    response = client.get("/vi/catalogue/", {"q": "honey", "stars": "4"})
    page = response.content.decode()
    assert parse_qs(urlparse(vietnamese_link(response)).query) == {"q": ["mật ong"], "stars": ["4"]}
    assert "Tên sản phẩm viết bằng tiếng Việt." in page
    assert 'Tìm “<span lang="vi">mật ong</span>”' in page
    assert "Không có sản phẩm nào khớp với bộ lọc này." in page  # a filter is chosen


def test_no_offer_when_the_search_finds_products_or_has_no_english_word(client):
    make_product(name="Mật ong hoa cà phê")
    make_product(name="Honey Mountain gift set")  # an English name found as typed
    assert vietnamese_link(client.get(URL, {"q": "honey"})) is None
    assert vietnamese_link(client.get(URL, {"q": "zzzzqqq"})) is None
    assert vietnamese_link(client.get(URL, {"q": "8936015100034"})) is None  # a barcode
    assert vietnamese_link(client.get(URL)) is None


def test_a_query_with_html_is_shown_as_text(client):
    response = client.get(URL, {"q": "<b>honey</b>"})
    page = response.content.decode()
    assert "<b>honey</b>" not in page
    assert "No product matches “&lt;b&gt;honey&lt;/b&gt;”." in page
    assert "mật ong" in parse_qs(urlparse(vietnamese_link(response)).query)["q"][0]
