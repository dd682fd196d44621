import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distributors.catalogue import PAGE_SIZE, build_url
from distributors.selectors import merged_province_in, query_without, search_terms, stars_in
from producers.models import Product as ProductModel
from tests.distributors.conftest import make_product
from tests.factories import (
    CertificationFactory,
    CertificationKindFactory,
    ProducerFactory,
    ProductGroupFactory,
    ProductImageFactory,
    ProductSubGroupFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db
URL = "/en/catalogue/"


def facet(response, name):
    return {v.key: v for f in response.context["result"].facets if f.name == name for v in f.values}


def names(response):
    return [p.name for p in response.context["products"]]


def test_catalogue_urls_in_both_languages(client):
    with translation.override("vi"):
        assert reverse("distributors:catalogue") == "/vi/catalogue/"
    make_product(name="Bánh pía Tân Huê Viên")
    for path in ("/vi/catalogue/", "/en/catalogue/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Bánh pía Tân Huê Viên" in response.content.decode()


def test_catalogue_is_public_and_shows_cards(client):
    product = make_product(name="Bánh pía Tân Huê Viên", certificate__stars=4, certificate__score=80)
    ProductImageFactory(product=product)
    html = client.get(URL).content.decode()
    assert "1 product" in html
    assert f'href="/en/products/{product.slug}/"' in html
    assert "4★ OCOP" in html
    assert "45.000 ₫ – 60.000 ₫" in html
    assert product.producer.legal_name in html
    assert "Sóc Trăng" in html
    assert "/media/CACHE/images/" in html  # the card thumbnail


def test_cards_name_the_province_of_today(client):
    """A producer recorded in a province merged in 2025 is shown under the province of today,
    as the province filter counts it, with the former name beside it."""
    former = make_product(name="Hành tím Vĩnh Châu")  # the factories' producers: Sóc Trăng
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    make_product(name="Cà phê Robusta", producer=ProducerFactory(province=lak))
    assert former.producer.province.merged_into.code == "can-tho"
    english = client.get(URL).content.decode()
    assert "· Cần Thơ (formerly Sóc Trăng)</p>" in english
    assert "· Đắk Lắk</p>" in english
    vietnamese = client.get("/vi/catalogue/").content.decode()
    assert "· Cần Thơ (Sóc Trăng cũ)</p>" in vietnamese
    page = client.get(f"/vi/products/{former.slug}/").content.decode()
    assert "Cần Thơ (Sóc Trăng cũ)" in page


def test_a_card_shows_the_first_photo_with_its_description(client):
    product = make_product(name="Bánh pía")
    ProductImageFactory(product=product, position=2, alt="Hộp giấy")
    first = ProductImageFactory(product=product, position=0, alt="Bánh cắt đôi")
    make_product(name="Kẹo dừa")  # no photo: a placeholder
    html = client.get(URL).content.decode()
    assert f'src="{first.card.url}" alt="Bánh cắt đôi"' in html
    assert html.count('class="product-card-placeholder"') == 1


def test_a_search_narrowed_to_nothing_shows_close_matches_in_at_most_six_queries(
    postgresql, client, buyer, django_assert_max_num_queries
):
    ProductImageFactory(product=make_product(name="Bánh pía", certificate__stars=3))
    ProductImageFactory(product=make_product(name="Bánh pya", description="", certificate__stars=5))
    client.force_login(buyer.user)
    # both words are known, but no 5-star product has them: the close matches are counted
    # (session, user, words, facets, close facets, products with their cover photos)
    with django_assert_max_num_queries(6):
        response = client.get(URL + "?q=banh+pia&stars=5")
    assert names(response) == ["Bánh pya"]
    assert response.context["result"].fuzzy


def test_catalogue_hides_invisible_products(client):
    make_product(name="Visible")
    make_product(name="Draft", status="draft")
    make_product(name="Unverified", certificate__verification="pending")
    make_product(name="No certificate", certificate=False)
    assert names(client.get(URL)) == ["Visible"]


@pytest.mark.parametrize(
    "query", ["8934567890128", " 893 4567 890128 ", "893-4567-89012-8", "08934567890128"]
)
def test_a_barcode_finds_its_product_first(client, query):
    """Chains' buyers scan barcodes: the GTIN-13 (with spaces or hyphens, or as a GTIN-14
    with a leading 0) lists its product first, not close matches of the digits."""
    scanned = make_product(name="Bánh pía Tân Huê Viên", gtin="8934567890128")
    make_product(name="Kẹo dừa", description="Mã vạch 8934567890128 ghi trên hộp quà")
    make_product(name="Hành tím", gtin="8930000000009")
    response = client.get(URL, {"q": query})
    assert names(response)[0] == scanned.name
    assert "Hành tím" not in names(response)
    assert not response.context["result"].fuzzy


def test_a_barcode_finds_only_a_visible_product(client):
    make_product(name="Draft", gtin="8934567890128", status="draft")
    upc = make_product(name="Imported", gtin="0012345678905")
    assert names(client.get(URL, {"q": "8934567890128"})) == []
    unknown = client.get(URL, {"q": "8939999999990"})
    assert names(unknown) == []
    assert not unknown.context["result"].fuzzy  # no names "close" to a barcode
    assert "No product with the barcode 8939999999990 matches these filters." in unknown.content.decode()
    assert names(client.get(URL, {"q": "012345678905"})) == [upc.name]  # its UPC-A


def test_expired_certificate_shows_as_expired_without_star_badge(client):
    make_product(
        name="Old", certificate__stars=4, certificate__score=75, certificate__issued_on=dt.date(2019, 1, 1)
    )
    html = client.get(URL).content.decode()
    assert "OCOP certificate expired" in html
    assert "4★ OCOP" not in html


def test_facets_count_each_value(client):
    food = ProductGroupFactory()
    drinks = ProductGroupFactory(code="beverages", name="Đồ uống", name_en="Beverages")
    haccp = CertificationKindFactory()
    vietgap = CertificationKindFactory(code="vietgap", name="VietGAP", name_en="VietGAP")
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    a = make_product(group=food, certificate__stars=4, certificate__score=75)
    b = make_product(group=food, producer=ProducerFactory(province=lak), storage="chilled")
    make_product(group=drinks, certificate__stars=5, certificate__score=95)
    CertificationFactory(product=a, kind=haccp)
    CertificationFactory(product=a, kind=vietgap)
    CertificationFactory(product=b, kind=haccp)

    response = client.get(URL)
    assert response.context["result"].total == 3
    assert {k: v.count for k, v in facet(response, "group").items()} == {"food": 2, "beverages": 1}
    assert {k: v.count for k, v in facet(response, "stars").items()} == {"3": 3, "4": 2, "5": 1}
    # the factory's producers are recorded in Sóc Trăng, counted under Cần Thơ since 2025
    assert {k: v.count for k, v in facet(response, "province").items()} == {"can-tho": 2, "dak-lak": 1}
    assert {k: v.count for k, v in facet(response, "cert").items()} == {"haccp": 2, "vietgap": 1}
    assert {k: v.count for k, v in facet(response, "storage").items()} == {
        "ambient": 2,
        "chilled": 1,
        "frozen": 0,
    }
    assert facet(response, "valid")["1"].count == 3
    html = response.content.decode()
    assert "Beverages" in html  # English labels on /en/

    # A chosen group: other groups keep their counts (to switch), the rest narrows.
    response = client.get(URL + "?group=food")
    assert names(response)
    assert response.context["result"].total == 2
    assert {k: v.count for k, v in facet(response, "group").items()} == {"food": 2, "beverages": 1}
    assert facet(response, "group")["food"].selected
    assert {k: v.count for k, v in facet(response, "stars").items()} == {"3": 2, "4": 1, "5": 0}
    assert {k: v.count for k, v in facet(response, "subgroup").items()} == {"food-processed": 2}

    # Certifications: all required.
    response = client.get(URL + "?cert=haccp&cert=vietgap")
    assert response.context["result"].total == 1
    assert names(response) == [a.name]


@pytest.mark.parametrize(
    "state",
    [
        "",
        "?group=food",
        "?group=food&subgroup=food-processed&stars=4",
        "?stars=4&storage=chilled",
        "?cert=haccp&valid=1",
        "?province=dak-lak&q=banh",
        "?province=can-tho&stars=4",
        "?price_to=150000&capacity=100",
    ],
)
@pytest.mark.parametrize("cache_seconds", [0, 60])
def test_every_facet_count_is_what_its_link_shows(client, settings, state, cache_seconds):
    """Facets are counted from one pass over the products and filtered in Python: each
    count must equal the number of products its link lists, from any starting state, also
    when the links reuse the state's combination counts from the cache."""
    from django.core.cache import cache

    settings.CATALOGUE_CACHE_SECONDS = cache_seconds
    cache.clear()
    food = ProductGroupFactory()
    drinks = ProductGroupFactory(code="beverages", name="Đồ uống", name_en="Beverages")
    spices = ProductSubGroupFactory(code="food-condiments", name="Gia vị", name_en="Spices", group=food)
    haccp = CertificationKindFactory()
    vietgap = CertificationKindFactory(code="vietgap", name="VietGAP", name_en="VietGAP")
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    lak_producer = ProducerFactory(province=lak)
    variants = [
        {
            "name": "Bánh pía",
            "certificate__stars": 4,
            "certificate__score": 75,
            "price_min": 100_000,
            "price_max": 120_000,
        },
        {"name": "Bánh in", "producer": lak_producer, "storage": "chilled", "monthly_capacity": 500},
        {"name": "Bánh cay", "producer": lak_producer, "certificate__stars": 5, "certificate__score": 92},
        {
            "name": "Muối ớt",
            "subgroup": spices,
            "storage": "chilled",
            "certificate__stars": 4,
            "certificate__score": 80,
        },
        {
            "name": "Trà",
            "group": drinks,
            "subgroup": None,
            "price_min": 200_000,
            "price_max": 300_000,
            "certificate__stars": 4,
            "certificate__score": 78,
        },
        {"name": "Cà phê", "group": drinks, "subgroup": None, "storage": "frozen", "monthly_capacity": 50},
        {"name": "Bánh cũ", "certificate__issued_on": dt.date(2018, 1, 1), "producer": lak_producer},
    ]
    products = [make_product(**{"group": food, **variant}) for variant in variants]
    for index, product in enumerate(products):
        if index % 2 == 0:
            CertificationFactory(product=product, kind=haccp)
        if index % 3 == 0:
            CertificationFactory(product=product, kind=vietgap)

    response = client.get(URL + state)
    assert response.status_code == 200
    checked = 0
    for facet_ in response.context["result"].facets:
        for value in facet_.values:
            if value.selected:
                continue
            linked = client.get(URL + value.url)
            assert linked.context["result"].total == value.count, (state, facet_.name, value.key)
            assert len(linked.context["products"]) == value.count
            checked += 1
    assert checked >= 8
    # A value left out of a facet is one whose link would list nothing.
    result = response.context["result"]
    known = {
        "group": ["food", "beverages"],
        "province": ["can-tho", "dak-lak"],
        "subgroup": ["food-processed", "food-condiments"] if "group=food" in state else [],
        "cert": ["haccp", "vietgap"],
    }
    for name, codes in known.items():
        shown = set(facet(response, name))
        for code in codes:
            if code in shown:
                continue
            change = {"cert": [*result.params.get("cert", []), code]} if name == "cert" else {name: code}
            if name == "group":
                change["subgroup"] = None
            linked = client.get(URL + result.url(page=None, **change))
            assert linked.context["result"].total == 0, (state, name, code)


def test_facet_values_in_vietnamese_alphabetical_order(client):
    for code, name in (("hue", "Huế"), ("ha-noi", "Hà Nội"), ("cao-bang", "Cao Bằng"), ("ca-mau", "Cà Mau")):
        province = ProvinceFactory(code=code, name=name, region="red_river_delta", is_current=True)
        make_product(producer=ProducerFactory(province=province))
    labels = [value.label for value in facet(client.get("/vi/catalogue/"), "province").values()]
    assert labels == ["Cà Mau", "Cao Bằng", "Hà Nội", "Huế"]


def test_filters_narrow_the_list(client):
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    cheap = make_product(name="Cheap", price_min=10_000, price_max=20_000, monthly_capacity=100)
    dear = make_product(
        name="Dear",
        price_min=200_000,
        price_max=300_000,
        monthly_capacity=5_000,
        producer=ProducerFactory(province=lak),
        certificate__stars=5,
        certificate__score=92,
    )
    make_product(name="Expired", certificate__issued_on=dt.date(2018, 1, 1))
    other = ProductSubGroupFactory(code="food-condiments", name="Gia vị", name_en="Spices")
    spice = make_product(name="Spice", subgroup=other)

    assert set(names(client.get(URL + "?price_to=50000"))) == {spice.name, cheap.name, "Expired"}
    assert names(client.get(URL + "?price_from=100000")) == [dear.name]
    # Typed as people write amounts: "100.000", "100 000 ₫" (a number field refused them).
    for typed in ("100.000", "100 000 ₫", "100,000"):
        response = client.get(URL, {"price_from": typed})
        assert names(response) == [dear.name], typed
        assert response.context["result"].params["price_from"] == "100000"
    assert names(client.get(URL + "?capacity=3000")) == [dear.name]
    assert names(client.get(URL + "?province=dak-lak")) == [dear.name]
    assert names(client.get(URL + "?stars=5")) == [dear.name]
    assert "Expired" not in names(client.get(URL + "?valid=1"))
    assert "Expired" in names(client.get(URL))
    assert names(client.get(URL + "?group=food&subgroup=food-condiments")) == [spice.name]
    assert names(client.get(URL + "?storage=frozen")) == []


def chips(html: str) -> list[tuple[str, str]]:
    return [
        (re.sub(r"\s+", " ", label).strip(), href.replace("&amp;", "&"))
        for href, label in re.findall(r'<a class="chip" href="([^"]*)"[^>]*>([^<]*)<', html)
    ]


def test_every_filter_in_use_is_a_chip_that_removes_it(client):
    make_product(name="Dear", price_min=200_000, price_max=300_000, monthly_capacity=5_000)
    assert 'class="chips"' not in client.get("/vi/catalogue/").content.decode()

    query = {"stars": "3", "price_from": "100.000", "price_to": "500000", "capacity": "2000", "page": "1"}
    assert chips(client.get("/vi/catalogue/", query).content.decode()) == [
        ("Từ 3★ trở lên", "?capacity=2000&price_from=100000&price_to=500000"),
        ("Từ 100.000 ₫", "?stars=3&capacity=2000&price_to=500000"),
        ("Đến 500.000 ₫", "?stars=3&capacity=2000&price_from=100000"),
        ("Năng lực từ 2.000 mỗi tháng", "?stars=3&price_from=100000&price_to=500000"),
    ]
    assert [label for label, _url in chips(client.get(URL, query).content.decode())] == [
        "3★ and up",
        "From 100.000 ₫",
        "Up to 500.000 ₫",
        "Capacity from 2,000 a month",
    ]
    # an amount of 0 is a filter in use too; one not understood is none
    assert [label for label, _url in chips(client.get(URL, {"price_from": "0"}).content.decode())] == [
        "From 0 ₫"
    ]
    assert chips(client.get(URL, {"capacity": "many"}).content.decode()) == []


def test_a_chosen_value_without_products_keeps_its_name(client, django_assert_max_num_queries):
    """A buyer chooses a province, a group and a certification, then searches for something
    none of those products is: the chips still name them as the facets did (from the
    reference data), in the page's language; a code that names nothing keeps its code."""
    ProductGroupFactory(code="drinks", name="Đồ uống", name_en="Drinks")
    CertificationKindFactory(code="vietgap", name="VietGAP", name_en="VietGAP")
    ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    make_product(name="Bánh pía")
    query = {"q": "banh pia", "province": "dak-lak", "group": "drinks", "cert": ["vietgap", "no-such-kind"]}
    with django_assert_max_num_queries(8):
        html = client.get("/vi/catalogue/", query).content.decode()
    assert [label for label, _url in chips(html)] == ["Đồ uống", "Đắk Lắk", "VietGAP", "no-such-kind"]
    assert "0 sản phẩm" in html
    english = client.get(URL, query)
    assert [label for label, _url in chips(english.content.decode())] == [
        "Drinks",
        "Đắk Lắk",
        "VietGAP",
        "no-such-kind",
    ]
    assert facet(english, "province")["dak-lak"].label == "Đắk Lắk"
    # A former province's code stands for the one it joined: named as such.
    assert [
        label
        for label, _url in chips(client.get(URL, {"q": "tra", "province": "soc-trang"}).content.decode())
    ] == ["Cần Thơ"]


def test_sorts(client):
    a = make_product(
        name="A", price_min=30_000, price_max=30_000, certificate__stars=4, certificate__score=75
    )
    b = make_product(name="B", price_min=10_000, price_max=90_000)
    c = make_product(name="C", price_min=None, price_max=None, certificate__stars=5, certificate__score=95)
    assert names(client.get(URL)) == [c.name, a.name, b.name]  # stars, then newest
    assert names(client.get(URL + "?sort=stars")) == [c.name, a.name, b.name]
    assert names(client.get(URL + "?sort=newest")) == [c.name, b.name, a.name]
    assert names(client.get(URL + "?sort=price")) == [b.name, a.name, c.name]
    assert names(client.get(URL + "?sort=price_desc")) == [b.name, a.name, c.name]


def test_pagination_24_per_page_and_past_the_end(client):
    for _ in range(PAGE_SIZE + 2):
        make_product()
    first = client.get(URL)
    assert len(first.context["products"]) == PAGE_SIZE
    html = first.content.decode()
    assert 'href="?page=2"' in html
    second = client.get(URL + "?page=2")
    assert len(second.context["products"]) == 2
    for page in ("999", "0", "-1", "abc", "9" * 5000):
        response = client.get(URL + "?page=" + page)
        assert response.status_code == 200
        assert len(response.context["products"]) in (2, PAGE_SIZE)


@pytest.mark.parametrize("sort", ["relevance", "stars", "newest", "price", "price_desc"])
def test_pages_follow_the_sort_without_gaps_or_repeats(client, sort):
    """Each page's products are chosen by id first, then read whole: page 1 and page 2 put
    together are every match once, in the order the sort gives the whole list."""
    for i in range(PAGE_SIZE + 6):
        make_product(
            name=("Bánh pía " if i % 3 else "Trà ") + f"{i:02d}",
            description="bánh pía" if i % 3 == 0 else "",
            price_min=10_000 * (i % 7) if i % 5 else None,
            price_max=10_000 * (i % 7) + 5_000 if i % 5 else None,
            certificate__stars=3 + i % 3,
        )
    products = {p.name: p for p in ProductModel.objects.select_related("certificate")}
    key = {
        "stars": lambda n: -products[n].certificate.stars,
        "newest": lambda n: -products[n].created_at.timestamp(),
        "price": lambda n: (products[n].price_min is None, products[n].price_min or 0),
        "price_desc": lambda n: (products[n].price_max is None, -(products[n].price_max or 0)),
    }.get(sort)
    for query in ("", "banh pia"):
        listed = []
        for page in (1, 2):
            response = client.get(URL, {"q": query, "sort": sort, "page": page})
            listed += names(response)
        whole = response.context["result"]
        assert len(listed) == len(set(listed)) == whole.total
        if query and sort == "relevance":  # names first (rank 0), then descriptions (rank 3)
            in_name = [n.startswith("Bánh") for n in listed]
            assert in_name == sorted(in_name, reverse=True)
        if key:
            assert listed == sorted(listed, key=key)


def test_whole_state_is_in_the_url(client):
    make_product(name="Bánh pía")
    html = client.get(URL + "?q=banh&stars=3&sort=newest").content.decode()
    # links of the facets keep the other choices
    assert 'href="?q=banh&amp;sort=newest"' in html  # clearing the stars
    assert 'href="?q=banh&amp;stars=3&amp;sort=newest&amp;storage=ambient"' in html
    assert 'value="banh"' in html
    assert '<option value="newest" selected>' in html


def test_htmx_request_gets_the_results_part(client):
    make_product(name="Bánh pía")
    full = client.get(URL + "?q=banh")
    part = client.get(URL + "?q=banh", HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode()
    assert "<html" not in part.content.decode()
    assert "Bánh pía" in part.content.decode()
    assert 'class="catalogue-layout"' in part.content.decode()
    assert "HX-Request" in part["Vary"]
    restore = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()


def test_catalogue_works_without_javascript(client):
    html = client.get(URL).content.decode()
    assert '<form id="catalogue-form" class="catalogue" method="get" action="/en/catalogue/"' in html
    assert 'hx-get="/en/catalogue/"' in html
    assert 'hx-push-url="true"' in html
    assert "/static/js/htmx.min.js" in html
    assert '<button type="submit" class="button">Search</button>' in html


@pytest.mark.parametrize(
    "query",
    [
        "?stars=7",
        "?stars=abc",
        "?cert=" + "&cert=".join(f"k{n}" for n in range(20)),
        "?cert=%3Cscript%3E",
        "?province=%27%3B%20DROP%20TABLE%20producers_product%3B--",
        "?group=x&group=y",
        "?capacity=-5",
        "?capacity=1e400",
        "?price_from=99999999999999999999999",
        "?valid=maybe",
        "?sort=DROP",
        "?storage=lukewarm",
        "?q=%00abc",
        "?unknown=1",
    ],
)
def test_bad_filter_values_give_a_normal_page(client, query):
    make_product(name="Bánh pía")
    response = client.get(URL + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_unknown_values_are_reported_not_fatal(client):
    make_product(name="Bánh pía")
    response = client.get(URL + "?stars=7")
    assert names(response) == ["Bánh pía"]
    assert "Some filters in the address were not understood" in response.content.decode()


@pytest.mark.parametrize("item_count", [1, 3])
def test_catalogue_query_count_is_constant(client, buyer, item_count, django_assert_num_queries):
    for _ in range(item_count):
        product = make_product()
        ProductImageFactory(product=product)
        ProductImageFactory(product=product, position=1)
        CertificationFactory(product=product)
    client.force_login(buyer.user)
    # session, user, (PostgreSQL: the words of the query,) facets (with the total), products
    # with their cover photos
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 4):
        response = client.get(URL + "?q=banh&cert=haccp&stars=3&group=food")
    assert len(response.context["products"]) == item_count
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert len(response.context["products"]) == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_anonymous_catalogue_query_count(client, item_count, django_assert_num_queries):
    for _ in range(item_count):
        ProductImageFactory(product=make_product())
    with django_assert_num_queries(2):  # facets, products with their cover photos
        response = client.get(URL)
    assert len(response.context["products"]) == item_count


def test_search_with_no_hit_costs_at_most_one_query_more(client, buyer, django_assert_max_num_queries):
    make_product(name="Bánh pía")
    client.force_login(buyer.user)
    with django_assert_max_num_queries(6):
        response = client.get(URL + "?q=zzzzqqq")
    assert names(response) == []
    assert "No product matches “zzzzqqq”." in response.content.decode()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=300), extra=st.sampled_from(["", "&stars=4", "&cert=haccp&sort=price", "&page=3"])
)
def test_random_queries_never_fail(client, query, extra):
    response = client.get(URL, {"q": query}) if not extra else client.get(URL + "?x=1" + extra, {"q": query})
    assert response.status_code in (200, 400)


def test_long_sql_and_html_queries(client):
    make_product(name="Bánh pía")
    for query in ("a" * 2000, "' OR 1=1 --", "<script>alert(1)</script>", "%_%", "\\", "🙂" * 50):
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_results_are_reused_for_a_while(client, settings, django_assert_num_queries):
    from django.core.cache import cache

    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    for _ in range(3):
        ProductImageFactory(product=make_product(name="Bánh pía"))
    first = client.get(URL + "?q=banh").content.decode()
    assert "3 products" in first
    # the results part comes from the cache: no query at all for an anonymous visitor
    with django_assert_num_queries(0):
        second = client.get(URL + "?q=banh")
    part = first.split('<div id="catalogue-body"', 1)[1]
    assert second.content.decode().split('<div id="catalogue-body"', 1)[1] == part
    assert client.get(URL + "?q=banh", HTTP_HX_REQUEST="true").content.decode().count("product-card") >= 3
    make_product(name="Bánh pía mới")
    assert "3 products" in client.get(URL + "?q=banh").content.decode()  # until the cache expires
    assert "4 products" in client.get(URL + "?q=pia").content.decode()  # another search counts anew
    cache.clear()


def test_choosing_a_facet_value_counts_only_the_certifications(client, settings):
    """The counts per combination of facet values do not change when a buyer chooses a
    star rating, a province or a group: the next page reuses them from the cache and runs
    only the certification counts, and every count stays what its link lists."""
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    haccp = CertificationKindFactory()
    four = make_product(name="Bánh pía", certificate__stars=4, certificate__score=75)
    make_product(name="Bánh in")
    CertificationFactory(product=four, kind=haccp)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL + "?q=banh").context["result"].total == 2
    with CaptureQueriesContext(connection) as second:
        response = client.get(URL + "?q=banh&stars=4")
    combos = [q["sql"] for q in second.captured_queries if "'combo'" in q["sql"]]
    certs = [q["sql"] for q in second.captured_queries if "'cert'" in q["sql"]]
    assert any("'combo'" in q["sql"] for q in first.captured_queries)
    assert (len(combos), len(certs)) == (0, 1)
    assert len(second.captured_queries) == len(first.captured_queries)  # one facet query still
    result = response.context["result"]
    assert result.total == 1
    assert {k: v.count for k, v in facet(response, "stars").items()} == {"3": 2, "4": 1, "5": 0}
    assert {k: v.count for k, v in facet(response, "cert").items()} == {"haccp": 1}
    # Another search, certification or price counts the combinations again.
    with CaptureQueriesContext(connection) as third:
        assert client.get(URL + "?q=banh&cert=haccp").context["result"].total == 1
    assert any("'combo'" in q["sql"] for q in third.captured_queries)
    cache.clear()


def test_a_state_built_on_older_counts_expires_with_them(client, settings, monkeypatch):
    """A page whose counts reuse combinations counted earlier is kept only as long as those
    were: a new product shows in every count within CATALOGUE_CACHE_SECONDS."""
    from django.core.cache import cache

    from distributors import catalogue

    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        catalogue.cache,
        "set",
        lambda key, value, timeout=None: (
            timeouts.append((key.split(":")[1], timeout)),
            real_set(key, value, timeout),
        ),
    )
    clock = [1_000_000.0]
    monkeypatch.setattr(catalogue.time, "time", lambda: clock[0])
    make_product(name="Bánh pía", certificate__stars=4, certificate__score=75)
    client.get(URL + "?q=banh")
    clock[0] += 45
    client.get(URL + "?q=banh&stars=4")
    assert ("combos", 60) in timeouts
    facets = [timeout for kind, timeout in timeouts if kind == "facets"]
    assert facets == [60, 15]
    cache.clear()


def test_cached_results_keep_the_search_box(client, settings):
    """With the results from the cache, the search box still shows what was typed, as the
    filter form cleans it (marks kept, spaces trimmed, a NUL character dropped)."""
    from django.core.cache import cache

    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    make_product(name="Hành tím Vĩnh Châu")
    for _ in range(2):  # the first request fills the cache, the second reads it
        page = client.get(URL, {"q": "  Hành tím "}).content.decode()
        assert 'value="Hành tím"' in page
        assert "1 product" in page
        assert 'name="q" value=""' in client.get(URL, {"q": "tim\x00"}).content.decode()
    cache.clear()


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import cache

    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _csrf_input(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_anonymous_visitors_get_the_cached_page_with_their_own_tokens(
    page_cache_on, django_assert_num_queries
):
    from django.test import Client

    make_product(name="Bánh pía")
    vi_url = "/vi/catalogue/"
    first = Client(enforce_csrf_checks=True)
    first.get(vi_url + "?q=banh")  # fills the cache
    second = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = second.get(vi_url + "?q=banh")
    html = response.content.decode()
    assert "Bánh pía" in html
    assert "page-cache-" not in html
    # The inline script carries this response's nonce, as the CSP header says.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in html
    # The language switcher works with the token the cached page gave this visitor.
    token = _csrf_input(html)
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": vi_url + "?q=banh", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert switched["Location"] == "/en/catalogue/?q=banh"
    # Another visitor's token does not pass for this one.
    other = _csrf_input(Client().get(vi_url + "?q=banh").content.decode())
    third = Client(enforce_csrf_checks=True)
    third.get(vi_url)
    assert third.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": other}).status_code == 403


def test_each_kind_of_visitor_gets_its_own_cached_page(
    page_cache_on, client, buyer, django_assert_num_queries
):
    from django.test import Client

    from tests.factories import UserFactory

    make_product(name="Bánh pía")
    client.get(URL)  # the anonymous page is now cached
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert "Organisers" in staff.get(URL).content.decode()  # the staff page is now cached
    client.force_login(buyer.user)
    with django_assert_num_queries(2):  # session, user; the results part was cached
        page = client.get(URL).content.decode()
    with django_assert_num_queries(1):  # the session alone: the member page was cached
        again = client.get(URL).content.decode()
    assert _csrf_input(again) != _csrf_input(page)  # a new mask for each response

    def without_tokens(html):
        return re.sub(r'nonce="[^"]+"', "", html.replace(_csrf_input(html), ""))

    assert without_tokens(again) == without_tokens(page)
    assert "Log out" in page
    assert "Log in" not in page
    assert "Organisers" not in page
    # Its log-out form carries this visitor's token.
    assert client.post("/en/accounts/logout/", {"csrfmiddlewaretoken": _csrf_input(page)}).status_code == 302


def test_signing_in_keeps_the_layout_so_the_cached_page_needs_only_the_session(
    page_cache_on, client, django_assert_num_queries
):
    from ocop_portal.page_cache import LAYOUT_SESSION_KEY
    from tests.factories import UserFactory

    make_product(name="Bánh pía")
    for is_staff, layout in ((False, "member"), (True, "staff")):
        user = UserFactory(is_staff=is_staff)
        user.emailaddress_set.create(email=user.email, verified=True, primary=True)
        signed_in = client.post(
            "/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery-staple"}
        )
        assert signed_in.status_code == 302, signed_in.content.decode()[:500]
        assert client.session[LAYOUT_SESSION_KEY] == layout
        assert "Successfully signed in" in client.get(URL).content.decode()  # not cached
        client.get(URL)  # this layout's page is now cached
        with django_assert_num_queries(1):  # the session; not the user
            page = client.get(URL).content.decode()
        assert "Log out" in page
        assert ("Organisers" in page) is is_staff
        client.post("/en/accounts/logout/")
        assert LAYOUT_SESSION_KEY not in client.session
        assert "Log in" in client.get(URL).content.decode()  # the message shown, not cached
        page = client.get(URL).content.decode()
        assert "Log in" in page
        assert "Log out" not in page


def test_a_session_from_before_the_layout_was_kept_reads_the_user(
    page_cache_on, client, buyer, django_assert_num_queries
):
    from ocop_portal.page_cache import LAYOUT_SESSION_KEY

    make_product(name="Bánh pía")
    client.force_login(buyer.user)
    session = client.session
    del session[LAYOUT_SESSION_KEY]
    session.save()
    client.get(URL)
    with django_assert_num_queries(2):  # session, user
        page = client.get(URL).content.decode()
    assert "Log out" in page
    assert "Organisers" not in page


def test_a_kept_layout_never_signs_anyone_in(page_cache_on, client, buyer):
    """The kept layout chooses the look of the catalogue only: a session without a user (or
    whose user is gone) is not signed in anywhere else."""
    from ocop_portal.page_cache import LAYOUT_SESSION_KEY

    make_product(name="Bánh pía")
    session = client.session
    session[LAYOUT_SESSION_KEY] = "staff"  # no signed-in user in this session
    session.save()
    page = client.get(URL).content.decode()
    assert "Log in" in page
    assert "Organisers" not in page
    client.force_login(buyer.user)
    buyer.user.delete()
    assert client.get("/en/buyer/").status_code == 302  # to the sign-in page


def test_a_waiting_message_is_shown_once_not_cached(page_cache_on, client, buyer):
    make_product(name="Bánh pía")
    client.get(URL)
    client.force_login(buyer.user)
    client.post("/en/accounts/logout/")
    assert "You have signed out." in client.get(URL).content.decode()
    assert "You have signed out." not in client.get(URL).content.decode()


def test_a_lost_photo_file_shows_a_placeholder(client, caplog):
    from django.core.cache import cache

    cache.clear()  # imagekit remembers in the cache which thumbnails exist
    product = make_product(name="Bánh pía")
    image = ProductImageFactory(product=product)
    image.image.storage.delete(image.image.name)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'class="product-card-placeholder"' in response.content.decode()
    assert client.get(f"/en/products/{product.slug}/").status_code == 200
    assert "no card thumbnail" in caplog.text


def merged_notice(html):
    """(the notice's text, the address of its link) of a former province named in a search."""
    found = re.search(r'<p class="notice">([^<]*(?:merged into|sáp nhập)[^<]*) <a href="([^"]*)">', html)
    return (found.group(1), found.group(2).replace("&amp;", "&")) if found else None


def test_a_province_merged_in_2025_leads_to_the_one_it_joined(client):
    make_product(name="Hành tím Vĩnh Châu", producer__province__code="can-tho")
    make_product(name="Hành tím Lý Sơn", producer__province__code="quang-ngai")
    query = {"q": "Hành tím SÓC TRĂNG", "stars": "3", "page": "2"}
    html = client.get("/vi/catalogue/", query).content.decode()
    assert merged_notice(html) == (
        "Sóc Trăng đã sáp nhập vào Cần Thơ từ năm 2025.",
        "?q=H%C3%A0nh+t%C3%ADm&stars=3&province=can-tho",  # the rest as written, page 1
    )
    assert "Xem sản phẩm của Cần Thơ</a>" in html
    response = client.get("/vi/catalogue/?q=H%C3%A0nh+t%C3%ADm&stars=3&province=can-tho")
    assert names(response) == ["Hành tím Vĩnh Châu"]
    assert 'value="Hành tím"' in response.content.decode()

    html = client.get(URL, {"q": "vung tau"}).content.decode()
    assert merged_notice(html) == (
        "Bà Rịa – Vũng Tàu merged into Thành phố Hồ Chí Minh in 2025.",
        "?province=ho-chi-minh",
    )
    assert "See products from Thành phố Hồ Chí Minh</a>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("keo dua ben tre", ("Bến Tre", "?q=keo+dua&province=vinh-long")),
        ("Kẹo dừa Bến-Tre", ("Bến Tre", "?q=K%E1%BA%B9o+d%E1%BB%ABa&province=vinh-long")),
        ("Kẹo dừa-Bến Tre", ("Bến Tre", "?q=keo+dua&province=vinh-long")),  # written together: folded
        ("Bà Rịa – Vũng Tàu", ("Bà Rịa – Vũng Tàu", "?province=ho-chi-minh")),
        ("Vũng Tàu hải sản", ("Bà Rịa – Vũng Tàu", "?q=h%E1%BA%A3i+s%E1%BA%A3n&province=ho-chi-minh")),
        ("ha nam", ("Hà Nam", "?province=ninh-binh")),
        ("nam", None),  # one word is no province
        ("quang", None),
        ("dak lak", None),  # a province of today: its products are found by the search itself
        ("banh trang", None),
    ],
)
def test_which_searches_name_a_merged_province(query, expected):
    found = merged_province_in(search_terms(query))
    if expected is None:
        assert found is None
        return
    province, span = found
    url = build_url({}, q=query_without(query, span), province=province.into_code)
    assert (province.name, url) == expected


def test_a_producer_recorded_in_a_merged_province_is_listed_under_the_one_it_joined(client):
    old_record = make_product(name="Bánh pía Vũng Thơm")  # its producer is in Sóc Trăng
    today = make_product(name="Hành tím Vĩnh Châu", producer__province__code="can-tho")
    make_product(name="Cà phê Buôn Ma Thuột", producer__province__code="dak-lak")

    response = client.get(URL)
    provinces = facet(response, "province")
    assert {k: (v.label, v.count) for k, v in provinces.items()} == {
        "can-tho": ("Cần Thơ", 2),
        "dak-lak": ("Đắk Lắk", 1),
    }
    response = client.get(URL + provinces["can-tho"].url)
    assert sorted(names(response)) == sorted([old_record.name, today.name])
    assert response.context["result"].total == 2
    assert "Sóc Trăng" in response.content.decode()  # the card keeps the recorded province
    # an address from before the merger lists the same, Cần Thơ chosen
    response = client.get(URL + "?province=soc-trang&stars=3")
    assert sorted(names(response)) == sorted([old_record.name, today.name])
    assert facet(response, "province")["can-tho"].selected
    assert facet(response, "stars")["4"].url == "?stars=4&province=can-tho"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banh pia 4 sao", (4, slice(2, 4))),
        ("Bánh pía OCOP 5 sao", (5, slice(2, 4))),  # "ocop" is no search term
        ("sản phẩm ocop 3 sao", (3, slice(2, 4))),
        ("4sao", (4, slice(0, 1))),
        ("4 SAO mật ong", (4, slice(0, 2))),
        ("2 sao", None),  # not a rating the catalogue filters by (no OCOP certificate)
        ("sao 4", None),
        ("keo dua 4", None),
        ("sao", None),
    ],
)
def test_which_searches_ask_for_stars(query, expected):
    assert stars_in(search_terms(query)) == expected


def stars_notice(html):
    """(the notice's text, the address of its link) of a search asking for stars in words."""
    found = re.search(r'<p class="notice">([^<]*) <a href="([^"]*)">([^<]*)</a>', html)
    return (found.group(1), found.group(3), found.group(2).replace("&amp;", "&")) if found else None


def test_a_search_for_4_sao_leads_to_the_stars_filter(client):
    """Buyers write "OCOP 4 sao", which no product's text holds: the page offers the stars
    filter in place of those words, the rest of the query as written."""
    four = make_product(name="Bánh pía sầu riêng", certificate__stars=4, certificate__score=80)
    make_product(name="Bánh pía đậu xanh", certificate__stars=3, certificate__score=60)
    html = client.get(
        "/vi/catalogue/", {"q": "Bánh pía OCOP 4 sao", "sort": "price", "page": "2"}
    ).content.decode()
    assert stars_notice(html) == (
        "Bạn tìm theo số sao?",
        "Chọn “Từ 4★ trở lên”",
        "?q=B%C3%A1nh+p%C3%ADa&sort=price&stars=4",  # the rest as written, page 1
    )
    response = client.get("/vi/catalogue/?q=B%C3%A1nh+p%C3%ADa&sort=price&stars=4")
    assert names(response) == [four.name]
    assert stars_notice(response.content.decode()) is None
    html = client.get(URL, {"q": "5 sao"}).content.decode()
    assert stars_notice(html) == ("Looking for a star rating?", "Choose “5★”", "?stars=5")
    # Already chosen: nothing to offer.
    assert stars_notice(client.get(URL, {"q": "banh pia 4 sao", "stars": "4"}).content.decode()) is None


@pytest.mark.parametrize("state", ["q=banh", "q=b", "q=banh&cert=vietgap&price_to=150000", "q=zzz"])
def test_counting_in_one_pass_gives_the_rows_of_two(state):
    """For a search with no facet value chosen, the combinations and the certifications are
    counted from one reading of the products: the same rows as counting them apart."""
    from django.http import QueryDict

    from distributors import catalogue
    from distributors.selectors import product_search, search_words
    from producers.selectors import product_qs_visible

    haccp = CertificationKindFactory()
    vietgap = CertificationKindFactory(code="vietgap", name="VietGAP", name_en="VietGAP")
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    pia = make_product(name="Bánh pía", certificate__stars=4, certificate__score=75, price_max=120_000)
    cay = make_product(name="Bánh cay", producer=ProducerFactory(province=lak), subgroup=None)
    make_product(name="Trà", storage="chilled")
    make_product(name="Bánh cũ", certificate__issued_on=dt.date(2018, 1, 1))
    for product, kind in ((pia, haccp), (pia, vietgap), (cay, haccp)):
        CertificationFactory(product=product, kind=kind)

    filterset, _ignored = catalogue._clean_params(QueryDict(state))
    base = product_search(product_qs_visible(), search_words(search_terms(filterset.form.cleaned_data["q"])))
    sql, params = catalogue.facet_query(filterset, base)
    assert sql.startswith("WITH m AS")
    (combos, combos_params), (certs, certs_params) = (
        catalogue._combos_sql(filterset, base),
        catalogue.certs_query(filterset, base),
    )

    def rows(sql, params):
        return sorted(map(repr, catalogue._query_rows(base, sql, params)))

    assert rows(sql, params) == rows(f"{combos} UNION ALL {certs}", (*combos_params, *certs_params))
    # Without a search, or with a facet value chosen, they are counted apart.
    for other in ("cert=haccp", f"{state}&stars=4"):
        other_filterset, _ignored = catalogue._clean_params(QueryDict(other))
        assert not catalogue.facet_query(other_filterset, base)[0].startswith("WITH")
    if state == "q=b":  # "b" is in the text of all four products
        counted = catalogue._query_rows(base, sql, params)
        assert sum(row["n"] for row in counted if row["dim"] == "combo") == 4
        assert {row["group_key"]: row["n"] for row in counted if row["dim"] == "cert"} == {
            "haccp": 2,
            "vietgap": 1,
        }


def test_newest_puts_first_what_came_into_the_catalogue_last(client):
    """ "Newest" is the latest in the catalogue, as the "New" badge says: a product drafted
    long ago and published today comes before one made and published last week."""
    now = timezone.now()
    old_draft = make_product(name="Bánh pía chay", listed_at=now - dt.timedelta(hours=2))
    last_week = make_product(name="Mứt gừng", listed_at=now - dt.timedelta(days=7))
    ProductModel.objects.filter(pk=old_draft.pk).update(created_at=now - dt.timedelta(days=200))
    unrecorded = make_product(name="Kẹo dừa")  # listed before the portal recorded when
    assert names(client.get(URL + "?sort=newest")) == [old_draft.name, last_week.name, unrecorded.name]
