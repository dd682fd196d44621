"""A producer's first session, in Chromium, at phone and desktop size: sign up, confirm the
e-mail, register the business, add a product with two photos and its OCOP certificate,
publish it; an organiser verifies the certificate in the admin; the product shows on the
producer's public page with its OCOP badge.

Screenshots go to var/screenshots/producer-*-<phone|desktop>.png.
"""

import datetime as dt
import re

import pytest
from django.core import mail

from producers.models import Producer
from tests.factories import OrganiserFactory
from tests.factories.producers import jpeg_bytes, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hanh-tim-Vinh-Chau-2027"
ORGANISER_PASSWORD = "correct-horse-battery-staple"


def submit(page, button_text: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button_text, exact=True).click()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_producer_journey(live_portal, reference_data, open_page, screenshot, tmp_path, viewport):
    base = live_portal
    page = open_page(viewport)
    email = f"htx.{viewport}@example.vn"
    tax_code = "2200123456" if viewport == "phone" else "2200654321"

    # 1. Sign up.
    page.goto(f"{base}/en/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot(page, f"producer-signup-{viewport}")
    submit(page, "Sign Up")
    assert page.url == f"{base}/en/accounts/confirm-email/"
    assert "Verify Your Email Address" in page.content()

    # 2. Confirm the e-mail from the message in the outbox; the user is logged in.
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    submit(page, "Confirm")
    assert page.url == f"{base}/en/me/start/"
    screenshot(page, f"producer-choose-role-{viewport}")
    with page.expect_navigation():
        page.get_by_text("I am a producer").click()

    # 3. The producer profile: short, one column on a phone.
    page.get_by_label("Household business").check()
    page.get_by_label("Legal name").fill("Hộ kinh doanh Hành tím Vĩnh Châu")
    page.get_by_label("Tax code").fill(tax_code)
    page.get_by_label("Province").select_option(label="Cần Thơ")
    page.get_by_label("Address").fill("Khóm Biển Trên, phường Vĩnh Phước")
    page.get_by_label("Phone").fill("0912 345 678")
    page.get_by_label("Contact person").fill("Trần Thị Lan")
    page.get_by_label("Story").fill("Ba thế hệ trồng hành tím trên đất giồng cát ven biển.")
    screenshot(page, f"producer-profile-{viewport}")
    submit(page, "Create my profile")
    assert page.url == f"{base}/en/producer/"
    screenshot(page, f"producer-dashboard-empty-{viewport}")

    # 4. A product: details first.
    with page.expect_navigation():
        page.get_by_role("link", name="+ Add a product").first.click()
    page.get_by_label("Name").fill("Hành tím Vĩnh Châu sấy giòn")
    page.get_by_label("Group", exact=True).select_option(label="Food")
    subgroups = page.get_by_label("Sub-group (optional)")
    # Only the chosen group's sub-groups are in the list (not merely hidden).
    labels = subgroups.locator("option").all_inner_texts()
    assert labels[1:], labels
    assert all(label.startswith("Food ›") for label in labels[1:]), labels
    page.get_by_label("Group", exact=True).select_option(label="Beverages")
    assert all(label.startswith("Beverages ›") for label in subgroups.locator("option").all_inner_texts()[1:])
    page.get_by_label("Group", exact=True).select_option(label="Food")
    subgroups.select_option(label="Food › Processed food")
    page.get_by_label("Description").fill("Hành tím thái lát, sấy giòn, không chất bảo quản.")
    page.get_by_label("Packaging").fill("Hũ 200 g")
    page.get_by_label("Lowest price (VND)").fill("35.000")
    page.get_by_label("Highest price (VND)").fill("45.000")
    page.get_by_label("Unit").select_option(label="pack")
    page.get_by_label("Monthly capacity").fill("2000")
    page.get_by_label("GTIN-13 barcode").fill("8930000000010")  # wrong check digit
    screenshot(page, f"producer-product-form-{viewport}")
    submit(page, "Save and continue")
    error = page.locator(".field-has-error", has=page.locator("#id_gtin"))
    assert "check digit is wrong" in error.inner_text()
    screenshot(page, f"producer-product-form-error-{viewport}")
    page.get_by_label("GTIN-13 barcode").fill("8930000000019")
    submit(page, "Save and continue")
    assert re.fullmatch(rf"{base}/en/producer/products/\d+/", page.url)
    product_url = page.url

    # 5. Two photos in one go; the first is the cover.
    photos = []
    for index, (data, name) in enumerate(
        ((jpeg_bytes((800, 600)), "hu.jpg"), (png_bytes((640, 480)), "lat.png"))
    ):
        target = tmp_path / f"{index}-{name}"
        target.write_bytes(data)
        photos.append(str(target))
    page.set_input_files("#id_images", photos)
    submit(page, "Upload")
    assert page.locator(".photo-grid .photo").count() == 2
    assert page.locator(".photo-cover").count() == 1

    # 6. The OCOP certificate, with a scan; validity is computed.
    with page.expect_navigation():
        page.get_by_role("link", name="+ Add the OCOP certificate").click()
    page.get_by_label("Stars").select_option(label="4★")
    page.get_by_label("Score").fill("78")
    page.get_by_label("Decision number").fill("1520/QĐ-UBND")
    page.get_by_label("Issuing level").select_option(label="Province")
    page.get_by_label("Issue date").fill("2025-09-15")
    scan = tmp_path / "scan.png"
    scan.write_bytes(png_bytes((300, 420)))
    page.set_input_files("#id_scan", str(scan))
    screenshot(page, f"producer-certificate-form-{viewport}")
    # A wrong score: the form comes back with the error, and the chosen scan is kept.
    page.get_by_label("Score").fill("95")
    submit(page, "Save the certificate")
    assert "A score of 95 gives 5★, not 4★." in page.content()
    assert "Kept from your last try: scan.png." in page.locator(".kept-file").inner_text()
    screenshot(page, f"producer-certificate-form-kept-{viewport}")
    page.get_by_label("Score").fill("78")
    submit(page, "Save the certificate")
    assert page.url == product_url
    assert "valid until 15/09/2028" in page.content()

    # 7. Publish: waiting for an organiser.
    submit(page, "Publish")
    assert "Buyers will see it once an organiser has verified its OCOP certificate." in page.content()
    screenshot(page, f"producer-product-{viewport}")
    page.goto(f"{base}/en/producer/")
    screenshot(page, f"producer-dashboard-{viewport}")
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    # 8. An organiser verifies the certificate in the admin, with a note.
    OrganiserFactory(username=f"organiser-{viewport}", password=ORGANISER_PASSWORD)
    page.goto(f"{base}/en/admin/login/")
    page.fill("#id_username", f"organiser-{viewport}")
    page.fill("#id_password", ORGANISER_PASSWORD)
    submit(page, "Log in")
    page.goto(f"{base}/en/admin/producers/ocopcertificate/")
    row = page.locator("#result_list tr", has_text="Hành tím Vĩnh Châu sấy giòn")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "verify")
    submit(page, "Go")
    page.fill("#id_note", "Khớp với Quyết định 1520/QĐ-UBND.")
    with page.expect_navigation():
        page.locator("input[name=apply]").click()
    assert "1 certificate verified." in page.content()
    page.context.clear_cookies()

    # 9. The public page shows the product with its OCOP badge, to anyone.
    producer = Producer.objects.get(tax_code=tax_code)
    page.goto(f"{base}/en/producers/{producer.slug}/")
    card = page.locator(".product-card", has_text="Hành tím Vĩnh Châu sấy giòn")
    assert card.count() == 1
    assert "4★ OCOP" in card.inner_text()
    assert "35.000 ₫ – 45.000 ₫" in card.inner_text()
    assert "Ba thế hệ trồng hành tím" in page.content()
    screenshot(page, f"producer-public-{viewport}")
    assert producer.products.get().certificate.valid_until == dt.date(2028, 9, 15)
