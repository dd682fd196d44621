"""An accessibility audit with axe-core (axe-playwright-python) of the portal's pages, on the
demo event (``load_demo``, plus a shortlist and a meeting request of the demo buyer), as a
visitor, a buyer, a producer and an organiser, at 390×844 and 1280×800; forms also as they
come back with their errors.

Every axe rule of WCAG 2 A/AA and of axe's best practices must pass: contrast, labels,
names of links and buttons, landmarks, headings, language of the page. A failure lists each
violation with the page, the viewport and the first elements concerned.
"""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ocop-demo-2020"  # load_demo's accounts
UPCOMING = "/vi/events/hoi-nghi-ket-noi-cung-cau-ocop-can-tho"
REFERENCE = "/vi/events/hoi-nghi-ket-noi-cung-cau-ocop-soc-trang-2020"
PRODUCT = "/vi/products/gao-lut-tim-than/"
PRODUCER = "/vi/producers/cong-ty-tnhh-gao-dac-san-long-phu/"
NOT_FOUND = "/vi/products/khong-con-ban/"
# The error pages audited, by the status they come with (200 for every other page).
STATUS = {("", NOT_FOUND): 404, ("buyer@example.com", f"{REFERENCE}/outcomes/"): 403}

PAGES = {
    "": [
        "/vi/",
        "/vi/catalogue/",
        "/vi/catalogue/?q=banh+pia&stars=4",
        "/en/catalogue/?q=banh+pya",
        PRODUCT,
        PRODUCER,
        "/vi/events/",
        f"{UPCOMING}/",
        f"{REFERENCE}/",
        "/vi/accounts/login/",
        "/vi/accounts/signup/",
        "/vi/accounts/password/reset/",
        NOT_FOUND,
    ],
    "buyer@example.com": [
        "/vi/buyer/",
        "/vi/buyer/needs/",
        "/vi/buyer/needs/new/",
        "/vi/buyer/shortlists/",
        PRODUCT,
        "/vi/meetings/requests/",
        "/vi/meetings/ask/producer/cong-ty-tnhh-gao-dac-san-long-phu/",
        f"{UPCOMING}/availability/",
        "/vi/meetings/agenda/",
        f"{REFERENCE}/outcomes/",  # organisers only: the page that says so
    ],
    "producer@example.com": [
        "/vi/producer/",
        "/vi/producer/products/new/",
        "/vi/producer/profile/",
        "/vi/producer/team/",
        "/vi/meetings/buyers/",
        "/vi/meetings/requests/",
        f"{UPCOMING}/register/",
        "/en/me/",
    ],
    "organiser@example.com": [f"{REFERENCE}/outcomes/", "/en/events/"],
}
# Forms sent empty (the browser's own checks off): audited as they come back with their errors.
SENT_EMPTY = {
    "": ["/vi/accounts/signup/"],
    "buyer@example.com": ["/vi/buyer/needs/new/"],
    "producer@example.com": ["/vi/producer/products/new/", "/vi/producer/profile/"],
    "organiser@example.com": [],
}


def with_demo_activity() -> list[list[str]]:
    """The demo buyer shortlists a product of the demo producer, which has asked the
    buyer's company to meet at the upcoming event (load_demo): the pages of that shortlist
    and that request, for each side (in the order of PAGES)."""
    from django.utils import timezone

    from distributors.models import Buyer, NewProductNotice, Shortlist
    from distributors.new_products import new_product_notices_record
    from distributors.services import shortlist_add_product, shortlist_create
    from events.demo.data import TEAM_SHORTLIST
    from events.models import Event
    from matchmaking.models import MeetingRequest
    from producers.models import ProducerMember, Product

    buyer = Buyer.objects.get(user__email="buyer@example.com")
    producer = ProducerMember.objects.get(user__email="producer@example.com").producer
    product = producer.products.filter(status="published").order_by("pk").first()
    event = Event.objects.get(slug=UPCOMING.rsplit("/", 1)[1])
    shortlist = shortlist_create(buyer=buyer, name="Quà Tết 2027", event=event)
    shortlist_add_product(shortlist=shortlist, product=product, note="Hỏi giá sỉ")
    request = MeetingRequest.objects.get(event=event, distributor=buyer.distributor, producer=producer)
    # The product comes into the catalogue again today: new for the buyer's needs it meets.
    Product.objects.filter(pk=product.pk).update(listed_at=timezone.now())
    new_product_notices_record()
    need = NewProductNotice.objects.filter(product=product).values_list("need_id", flat=True).first()
    shared = Shortlist.objects.get(name=TEAM_SHORTLIST)  # a colleague's, shared with the buyer
    return [
        [],
        [
            f"/vi/buyer/shortlists/{shortlist.pk}/",
            f"/vi/buyer/shortlists/{shared.pk}/",
            f"/vi/meetings/requests/{request.pk}/",
            f"/vi/buyer/needs/{need}/new/",
        ],
        [f"/vi/meetings/requests/{request.pk}/", f"/vi/producer/products/{product.pk}/"],
        [],
    ]


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/vi/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()


def send_empty(page) -> None:
    """Empty the text fields of the page's form and send it past the browser's checks."""
    page.evaluate(
        """() => {
            const form = document.querySelector("main form[method=post]");
            form.noValidate = true;
            form.querySelectorAll("input[type=text], input[type=email], input[type=password], textarea")
                .forEach((field) => { field.value = ""; });
        }"""
    )
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def describe(violation: dict) -> str:
    targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pages_pass_the_axe_audit(live_portal, reference_data, open_page, viewport):
    from axe_playwright_python.sync_playwright import Axe

    call_command("load_demo", stdout=io.StringIO())
    pages = {
        email: [*paths, *more]
        for (email, paths), more in zip(PAGES.items(), with_demo_activity(), strict=True)
    }
    axe = Axe()
    problems, audited = [], 0
    for email, paths in pages.items():
        page = open_page(viewport)
        if email:
            log_in(page, live_portal, email)
            assert "/accounts/login/" not in page.url, email
        for path in [*paths, *(f"{path} (sent empty)" for path in SENT_EMPTY[email])]:
            address = path.removesuffix(" (sent empty)")
            response = page.goto(live_portal + address)
            assert response.status == STATUS.get((email, address), 200), (email, path, response.status)
            if address != path:
                send_empty(page)
                assert page.locator("[aria-invalid=true]").count(), (email, path)
            # What a tap opens is audited too: the catalogue's filters fold away on a phone.
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            results = axe.run(page)
            audited += 1
            who = email or "visitor"
            problems += [f"{who} {path}: {describe(v)}" for v in results.response["violations"]]
    assert audited == sum(len(paths) + len(SENT_EMPTY[email]) for email, paths in pages.items())
    assert not problems, "\n".join(problems)
