"""What a buyer types in the catalogue is never lost, nor the filter they tap after it.

The typed fields (the search box, prices, volume) ask for results after a pause in typing.
A filter link tapped before that pause carries what was typed; leaving a field asks nothing
(its answer could replace the link under the finger, or come last and drop the typing).
The page's clock is paused, so "before the pause" holds however slow the machine is.
The search box stays on the page while the results change: it follows a link that drops the
query, and Back and Forward.
"""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.test_buyer_journey import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOUR_STARS = "4★ and up"


def catalogue_requests(page) -> list[str]:
    asked = []

    def ask(request):
        if "/catalogue/" in request.url and request.resource_type in ("xhr", "fetch", "document"):
            asked.append(request.url)

    page.on("request", ask)
    return asked


def params(url: str) -> dict:
    return {name: values[-1] for name, values in parse_qs(urlparse(url).query).items()}


def open_catalogue(page, base, query=""):
    page.clock.install()
    page.goto(f"{base}/en/catalogue/{query}")
    page.clock.pause_at(page.evaluate("Date.now()") + 1_000)


def tap(page, locator, hold_ms: int):
    locator.hover()
    page.mouse.down()
    page.wait_for_timeout(hold_ms)
    page.mouse.up()


@pytest.mark.parametrize("hold_ms", [0, 300], ids=["quick", "held"])
@pytest.mark.parametrize(
    ("field", "typed", "name"),
    [("#catalogue-q", "banh pia", "q"), ("#f-price-from", "50000", "price_from")],
    ids=["search", "price"],
)
def test_a_filter_tapped_while_typing_keeps_both(live_portal, open_page, field, typed, name, hold_ms):
    build_world()
    page = open_page("desktop")
    open_catalogue(page, live_portal)
    asked = catalogue_requests(page)

    page.fill(field, typed)
    tap(page, page.locator(".facet-stars a", has_text=FOUR_STARS), hold_ms)
    page.wait_for_url(re.compile(r"stars=4"))
    page.clock.run_for(1_000)  # the pause is over: what was typed has been asked for already
    page.wait_for_timeout(300)

    assert params(page.url) == {name: typed, "stars": "4"}
    assert len(asked) == 1, asked
    assert page.input_value(field) == typed
    assert FOUR_STARS in page.locator(".facet-stars a.is-selected").inner_text()


def test_typing_asks_after_a_pause_and_leaving_asks_nothing(live_portal, open_page):
    build_world()
    page = open_page("desktop")
    open_catalogue(page, live_portal, "?stars=4")
    asked = catalogue_requests(page)

    # a price asks for its results once the buyer stops typing
    page.fill("#f-price-from", "50000")
    page.clock.run_for(500)
    page.wait_for_url(re.compile(r"price_from=50000"))
    assert params(page.url) == {"stars": "4", "price_from": "50000"}
    # leaving the field, then tapping a filter held down: one request, for the filter
    page.focus("#f-price-from")
    tap(page, page.locator(".facet-cert a", has_text="HACCP"), 300)
    page.wait_for_url(re.compile(r"cert=haccp"))
    page.clock.run_for(1_000)
    page.wait_for_timeout(300)
    assert params(page.url) == {"stars": "4", "price_from": "50000", "cert": "haccp"}
    assert len(asked) == 2, asked

    # a chip removes its filter; the price, shown as asked, is not carried again
    chip = page.locator(".chips a", has_text="HACCP")
    href = chip.get_attribute("href")
    chip.click()
    page.wait_for_url(re.compile(r"^(?!.*cert=)"))
    assert params(asked[-1]) == params(href)

    # the sort list asks as soon as it changes
    page.select_option("#f-sort", "price")
    page.wait_for_url(re.compile(r"sort=price"))
    page.clock.run_for(1_000)
    assert len(asked) == 4, asked


def test_the_search_box_follows_a_link_that_drops_the_query(live_portal, open_page):
    build_world()
    page = open_page("phone")
    open_catalogue(page, live_portal, "?q=zzzz")
    assert page.locator(".empty-state").is_visible()

    page.get_by_role("link", name="Show the whole catalogue").click()
    page.wait_for_url(re.compile(r"/en/catalogue/\??$"))
    assert page.input_value("#catalogue-q") == ""
    # the next filter does not bring the old query back
    page.locator(".facets-panel summary").click()
    page.locator(".facet-stars a", has_text=FOUR_STARS).click()
    page.wait_for_url(re.compile(r"stars=4"))
    assert params(page.url) == {"stars": "4"}


def test_back_shows_the_query_of_each_address_again(live_portal, open_page):
    build_world()
    page = open_page("desktop")
    page.goto(f"{live_portal}/en/catalogue/")
    page.fill("#catalogue-q", "banh pia")
    page.wait_for_url(re.compile(r"q=banh"))
    page.wait_for_load_state("networkidle")
    page.locator(".facet-stars a", has_text=FOUR_STARS).click()
    page.wait_for_url(re.compile(r"stars=4"))
    page.wait_for_load_state("networkidle")
    page.fill("#catalogue-q", "hanh tim")
    page.wait_for_url(re.compile(r"q=hanh"))
    page.wait_for_load_state("networkidle")

    for query, shown in (("banh pia", "2 products"), ("banh pia", "3 products"), ("", "5 products")):
        page.go_back()
        page.wait_for_function(
            "expected => document.getElementById('catalogue-q').value === expected", arg=query
        )
        assert page.locator(".results-count").inner_text() == shown
        assert params(page.url).get("q", "") == query


def test_a_scanned_barcode_lists_its_product_in_place(live_portal, open_page):
    """A barcode scanner types the digits, then Enter: the results part shows that product,
    and the address holds the barcode (shareable), on a phone."""
    from playwright.sync_api import expect

    from producers.models import Product

    build_world()
    Product.objects.filter(name="Hành tím Vĩnh Châu").update(gtin="8934567890128")
    page = open_page("phone")
    page.goto(f"{live_portal}/en/catalogue/")
    asked = catalogue_requests(page)
    page.fill("#catalogue-q", "8934567890128")
    page.press("#catalogue-q", "Enter")
    page.wait_for_url(re.compile(r"q=8934567890128"))
    expect(page.locator(".results-count")).to_have_text("1 product")
    expect(page.locator(".product-card")).to_have_count(1)
    expect(page.locator(".product-card").first).to_contain_text("Hành tím Vĩnh Châu")
    assert all(request.endswith("q=8934567890128") for request in asked), asked


def test_an_english_search_offers_the_vietnamese_one_in_place(live_portal, open_page):
    """On a phone, "shallots" finds nothing (names are Vietnamese); the notice offers "hành
    tím", and following it lists the product, the search box and the address holding it."""
    from playwright.sync_api import expect

    build_world()
    page = open_page("phone")
    page.goto(f"{live_portal}/en/catalogue/")
    page.fill("#catalogue-q", "shallots")
    page.press("#catalogue-q", "Enter")
    page.wait_for_url(re.compile(r"q=shallots"))
    expect(page.locator(".results-count")).to_have_text("0 products")
    offer = page.get_by_role("link", name="Search for “hành tím”")
    expect(offer).to_be_visible()
    offer.click()
    page.wait_for_url(re.compile(r"q=h%C3%A0nh"))
    expect(page.locator(".product-card").first).to_contain_text("Hành tím Vĩnh Châu")
    expect(page.locator("#catalogue-q")).to_have_value("hành tím")
    assert params(page.url) == {"q": "hành tím"}
