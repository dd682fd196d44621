"""A buyer's first minutes, in Chromium: log in, get approved, find "bánh pía" typed without
marks, filter 4★ + HACCP, shortlist, request a meeting; the producer accepts.

Screenshots at 390×844 (phone) and 1280×800 (desktop) go to var/screenshots/buyer-*.png.
"""

import re

import pytest

from distributors.services import buyer_approve
from events.demo.images import product_photo
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    CertificationFactory,
    CertificationKindFactory,
    EventFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerFactory,
    ProducerMemberFactory,
    ProductImageFactory,
    ProvinceFactory,
    SourcingNeedFactory,
)

PASSWORD = "correct-horse-battery-staple"  # the factories' password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def verified_user(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def photo(product, stars, shape="box"):
    from django.core.files.base import ContentFile

    data = product_photo(
        name=product.name, producer=product.producer.legal_name, group_code="food", shape=shape, stars=stars
    )
    ProductImageFactory(product=product, image=ContentFile(data, name="photo.jpg"))


def build_world():
    event = EventFactory(name="Hội nghị kết nối cung cầu Cần Thơ 2027")
    haccp = CertificationKindFactory()
    vietgap = CertificationKindFactory(code="vietgap", name="VietGAP", name_en="VietGAP")
    tan_hue_vien = ProducerFactory(legal_name="Cơ sở Tân Huê Viên", slug="tan-hue-vien")
    best = make_product(
        name="Bánh pía sầu riêng trứng muối",
        slug="banh-pia-sau-rieng-trung-muoi",
        producer=tan_hue_vien,
        certificate__stars=4,
        certificate__score=82,
        monthly_capacity=12_000,
    )
    CertificationFactory(product=best, kind=haccp)
    photo(best, 4)
    plain = make_product(name="Bánh pía đậu xanh", producer=tan_hue_vien)
    CertificationFactory(product=plain, kind=haccp)
    photo(plain, 3, "bag")
    no_haccp = make_product(name="Bánh pía khoai môn", certificate__stars=4, certificate__score=75)
    CertificationFactory(product=no_haccp, kind=vietgap)
    photo(no_haccp, 4, "bag")
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    for name, shape in (("Hành tím Vĩnh Châu", "bag"), ("Cà phê Robusta Buôn Ma Thuột", "box")):
        other = make_product(
            name=name,
            description="Đặc sản",
            producer=ProducerFactory(province=lak),
            certificate__stars=5,
            certificate__score=93,
        )
        photo(other, 5, shape)
    buyer = BuyerFactory(
        status="pending",
        distributor__name="Saigon Co.op",
        user__email="mua.hang@saigonco-op.vn",
        user__first_name="Lan",
        user__last_name="Nguyễn",
        user__language="en",
    )
    verified_user(buyer.user)
    SourcingNeedFactory(distributor=buyer.distributor, title="Bánh kẹo Tết")
    producer_user = verified_user(
        ProducerMemberFactory(
            producer=tan_hue_vien, user__email="tanhuevien@example.vn", user__language="en"
        ).user
    )
    ParticipationFactory(event=event, producer=tan_hue_vien)
    ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    return {"buyer": buyer, "producer_user": producer_user, "best": best, "organiser": OrganiserFactory()}


def shoot(page, name):
    """The same page at 390×844 and at 1280×800: var/screenshots/buyer-<name>-<size>.png."""
    for label in ("phone", "desktop"):
        page.set_viewport_size(VIEWPORTS[label])
        page.wait_for_timeout(150)
        page.screenshot(path=str(SCREENSHOTS / f"buyer-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])


def log_in(page, base, email):
    page.goto(f"{base}/en/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.locator('form button[type="submit"]').last.click()


def log_out(page):
    with page.expect_navigation():
        page.locator("form.inline-form button").click()


def test_buyer_journey(live_portal, open_page):
    world = build_world()
    base = live_portal
    page = open_page("desktop")

    # 1. The buyer logs in and lands on their dashboard, awaiting approval.
    log_in(page, base, "mua.hang@saigonco-op.vn")
    assert page.url == f"{base}/en/buyer/"
    assert "awaits an organiser's approval" in page.content()
    shoot(page, "dashboard-pending")

    # 2. An organiser approves the membership (the admin action calls this service).
    buyer_approve(buyer=world["buyer"], by=world["organiser"])

    # 3. Search without marks; htmx updates the results and the address in place.
    page.goto(f"{base}/en/catalogue/")
    page.fill("#catalogue-q", "banh pia")
    page.wait_for_url(re.compile(r"/en/catalogue/\?q=banh(\+|%20)pia$"))
    page.wait_for_load_state("networkidle")
    results = page.locator(".results .product-card-title")
    assert sorted(results.all_inner_texts()) == [
        "Bánh pía khoai môn",
        "Bánh pía sầu riêng trứng muối",
        "Bánh pía đậu xanh",
    ]
    shoot(page, "search")

    # 4. Filter 4★ and HACCP (facet links, swapped by htmx; the URL keeps the state).
    # The first tap rests on the link for a moment, as a finger does: leaving the search box
    # must not ask for the results again and replace the link under it (the tap was lost).
    asked = []

    def ask(request):
        if "/catalogue/" in request.url:
            asked.append(request.url)

    page.on("request", ask)
    page.locator(".facet-stars a", has_text="4★ and up").hover()
    page.mouse.down()
    page.wait_for_timeout(300)
    page.mouse.up()
    page.wait_for_url(re.compile(r"stars=4"))
    page.remove_listener("request", ask)
    assert len(asked) == 1, asked
    page.locator(".facet-cert a", has_text="HACCP").click()
    page.wait_for_url(re.compile(r"cert=haccp"))
    page.wait_for_load_state("networkidle")
    assert results.all_inner_texts() == ["Bánh pía sầu riêng trứng muối"]
    assert "1 product" in page.locator(".results-count").inner_text()
    shoot(page, "filtered")
    # the same address, opened afresh (shared), shows the same thing without htmx
    fresh = page.context.new_page()
    fresh.goto(page.url)
    assert fresh.locator(".results .product-card-title").all_inner_texts() == [
        "Bánh pía sầu riêng trứng muối"
    ]
    fresh.close()

    # 5. The product page; shortlist it into a new list.
    results.first.click()
    page.wait_for_url(re.compile(r"/en/products/banh-pia-sau-rieng-trung-muoi/"))
    assert "4★ OCOP" in page.content()
    page.fill("#id_new_name", "Tết 2027")
    with page.expect_navigation():
        page.locator(".shortlist-form button").click()
    assert "was added to “Tết 2027”" in page.content()
    shoot(page, "product")

    # 6. Request a meeting with its producer at the event both attend.
    page.locator("a.button", has_text="Request a meeting").click()
    page.wait_for_url(re.compile(r"/en/meetings/ask/producer/tan-hue-vien/"))
    page.locator("label.radio-label", has_text="Must meet").click()
    page.fill("#id_message", "Chúng tôi muốn đưa bánh pía vào hệ thống Co.opmart dịp Tết.")
    shoot(page, "request-form")
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/meetings/requests/\d+/"))
    request_url = page.url
    assert "Pending" in page.locator(".lead .status").inner_text()
    log_out(page)

    # 7. The producer logs in and accepts on the request page.
    log_in(page, base, "tanhuevien@example.vn")
    page.goto(request_url)
    assert "Saigon Co.op" in page.content()
    shoot(page, "request-producer")
    with page.expect_navigation():
        page.locator("button", has_text="Accept the meeting").click()
    assert "Accepted" in page.locator(".lead .status").inner_text()
    assert "You accepted the meeting." in page.content()
    log_out(page)

    # 8. The buyer sees it accepted on their dashboard, with the shortlist.
    log_in(page, base, "mua.hang@saigonco-op.vn")
    assert page.url == f"{base}/en/buyer/"
    sent = page.locator("#sent-title + ul")
    assert "Cơ sở Tân Huê Viên" in sent.inner_text()
    assert "Accepted" in sent.inner_text()
    assert "Tết 2027" in page.content()
    shoot(page, "dashboard")
