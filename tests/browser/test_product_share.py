"""A product page's Share button: on a phone, the browser's share sheet (Zalo, Messenger,
e-mail...) with the product's name and address; where there is none, Copy link; without
JavaScript, nothing that would not work."""

import pytest

from tests.distributors.conftest import make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium has no share sheet: this one records what the page asks it to share.
SHARE_SHEET = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  value: (data) => { window.__shared.push(data); return Promise.resolve(); },
});
"""


@pytest.fixture
def product(live_portal, reference_data):
    return make_product(name="Bánh pía sầu riêng Tân Huê Viên", slug="banh-pia-tan-hue-vien")


def test_a_phone_shares_the_product_through_its_share_sheet(live_portal, open_page, product):
    page = open_page("phone")
    page.add_init_script(SHARE_SHEET)
    page.goto(f"{live_portal}/vi/products/{product.slug}/?utm=zalo")
    button = page.get_by_role("button", name="Chia sẻ")
    button.click()
    shared = page.evaluate("window.__shared")
    assert shared == [
        {
            "title": "Bánh pía sầu riêng Tân Huê Viên",
            "text": f"Bánh pía sầu riêng Tân Huê Viên · {product.producer.legal_name}",
            "url": f"{live_portal}/vi/products/banh-pia-tan-hue-vien/",  # the page, without the rest
        }
    ]


def test_without_a_share_sheet_the_link_is_copied(live_portal, open_page, product):
    page = open_page("desktop", permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_portal}/en/products/{product.slug}/")
    page.get_by_role("button", name="Copy link").click()
    status = page.get_by_role("status").filter(has_text="Link copied")
    status.wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_portal}/en/products/banh-pia-tan-hue-vien/"


def test_without_javascript_there_is_no_button_that_does_nothing(live_portal, open_page, product):
    page = open_page("phone", java_script_enabled=False)
    page.goto(f"{live_portal}/vi/products/{product.slug}/")
    assert page.get_by_role("button", name="Chia sẻ").count() == 0
    assert page.locator("[data-share]").is_hidden()
