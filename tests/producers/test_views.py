"""Producer pages through the test client: forms, bad input, dashboards and public page."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from distributors.models import Shortlist, ShortlistItem
from producers import ocop
from producers.models import (
    OcopCertificate,
    Producer,
    ProducerJoinRequest,
    ProducerMember,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
    Province,
)
from tests.factories import (
    BuyerFactory,
    MeetingRequestFactory,
    ProducerJoinRequestFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
)
from tests.factories.producers import gtin13, jpeg_bytes, png_bytes

from .helpers import en, error_next_to, text

pytestmark = pytest.mark.django_db


def profile_data(province, **overrides):
    return {
        "kind": "household",
        "legal_name": "Hộ kinh doanh Bánh pía Tân Huê Viên",
        "tax_code": "2200123456",
        "province": province.pk,
        "address": "Ấp Hòa Phú, xã Vĩnh Châu",
        "phone": "0299 3 123 456",
        "contact_person": "Trần Văn Huê",
        "story": "Ba thế hệ làm bánh pía.",
        **overrides,
    }


def product_data(**overrides):
    return {
        "group": ProductGroup.objects.get(code="food").pk,
        "subgroup": ProductSubGroup.objects.get(code="food-processed").pk,
        "name": "Bánh pía sầu riêng trứng muối",
        "description": "Hộp 4 bánh.",
        "packaging": "Hộp 500 g",
        "price_min": "45.000",
        "price_max": "60.000",
        "unit": "box",
        "storage": "ambient",
        "gtin": "",
        **overrides,
    }


def certificate_data(**overrides):
    return {
        "stars": 4,
        "score": 78,
        "decision_number": "1234/QĐ-UBND",
        "issuing_level": "province",
        "issued_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        **overrides,
    }


def upload(data: bytes, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Profile -----------------------------------------------------------------------------------


def test_profile_form_offers_only_current_provinces(client, plain_user):
    client.force_login(plain_user)
    response = client.get(en("producers:profile_create"))
    assert response.status_code == 200
    choices = [label for value, label in response.context["form"].fields["province"].choices if value]
    assert len(choices) == 34
    assert "Cần Thơ" in choices
    assert "Sóc Trăng" not in choices


def test_province_choices_are_in_vietnamese_alphabetical_order(client, plain_user):
    client.force_login(plain_user)
    response = client.get(en("producers:profile_create"))
    choices = [label for value, label in response.context["form"].fields["province"].choices if value]
    # By the letters without marks: "Cà Mau" before "Cao Bằng", "Đ" among the D's, "Hà Nội"
    # before "Huế" (the database's own order put every "Đ" after "Z").
    assert choices.index("Cà Mau") < choices.index("Cao Bằng")
    order = [choices.index(name) for name in ("Cần Thơ", "Đà Nẵng", "Đồng Nai", "Gia Lai")]
    assert order == sorted(order)
    assert choices.index("Hà Nội") < choices.index("Huế")


def test_profile_of_a_producer_in_a_merged_province_offers_the_new_one(client, owner, producer):
    """Sóc Trăng merged into Cần Thơ in 2025: the form proposes Cần Thơ and says why, so the
    producer can save the profile without a puzzling "required" error."""
    producer.province = Province.objects.get(code="soc-trang")
    producer.save(update_fields=["province"])
    client.force_login(owner)
    response = client.get("/vi/producer/profile/")
    form = response.context["form"]
    assert form["province"].value() == Province.objects.get(code="can-tho").pk
    assert "Sóc Trăng đã sáp nhập vào Cần Thơ" in response.content.decode()
    data = {name: form[name].value() or "" for name in form.fields}
    data["story"] = "Ba thế hệ làm bánh pía."
    response = client.post("/vi/producer/profile/", data)
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.province.code == "can-tho"
    assert producer.story == "Ba thế hệ làm bánh pía."


def test_profile_create_makes_the_user_owner(client, plain_user, current_province):
    client.force_login(plain_user)
    response = client.post(
        en("producers:profile_create"), profile_data(current_province, slug="x", members=[])
    )
    assert response.status_code == 302
    assert response["Location"] == en("producers:dashboard")
    producer = Producer.objects.get()
    assert producer.slug == "ho-kinh-doanh-banh-pia-tan-hue-vien"
    assert ProducerMember.objects.get(producer=producer).user == plain_user
    dashboard = client.get(en("producers:dashboard"))
    assert "Hộ kinh doanh Bánh pía Tân Huê Viên" in dashboard.content.decode()


def test_profile_with_a_wrong_tax_code_says_so_next_to_the_field(client, plain_user, current_province):
    client.force_login(plain_user)
    response = client.post(
        en("producers:profile_create"), profile_data(current_province, tax_code="22001234")
    )
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "id_tax_code", "A tax code has 10 digits")
    assert not Producer.objects.exists()


def test_taken_tax_code_offers_to_ask_the_owner(client, plain_user, current_province, producer, owner):
    client.force_login(plain_user)
    response = client.post(
        en("producers:profile_create"), profile_data(current_province, tax_code=producer.tax_code)
    )
    html = response.content.decode()
    assert error_next_to(html, "id_tax_code", "This tax code is already registered on the portal.")
    assert f"Ask to join {producer.legal_name}" in html
    assert Producer.objects.count() == 1

    response = client.post(
        en("producers:join_request_create"),
        {"tax_code": producer.tax_code, "message": "Tôi là con của chủ hộ."},
    )
    assert response.status_code == 302
    join_request = ProducerJoinRequest.objects.get()
    assert (join_request.producer, join_request.user, join_request.status) == (
        producer,
        plain_user,
        "pending",
    )
    page = client.get(en("accounts:choose_role")).content.decode()
    assert f"You asked to join {producer.legal_name}" in text(page)


def test_join_request_mails_the_owner(
    client, plain_user, producer, owner, django_capture_on_commit_callbacks
):
    client.force_login(plain_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("producers:join_request_create"), {"tax_code": producer.tax_code})
    assert mail.outbox[-1].to == [owner.email]
    assert str(plain_user) in mail.outbox[-1].body


def test_owner_approves_a_join_request_on_the_dashboard(client, owner, producer):
    join_request = ProducerJoinRequestFactory(producer=producer)
    client.force_login(owner)
    dashboard = client.get(en("producers:dashboard")).content.decode()
    assert "People asking to join your team" in dashboard
    assert join_request.user.email in dashboard
    response = client.post(en("producers:join_request_decide", join_request.pk), {"decision": "approve"})
    assert response.status_code == 302
    assert ProducerMember.objects.filter(producer=producer, user=join_request.user, role="member").exists()


def test_profile_update_ignores_extra_fields(client, owner, producer, current_province):
    client.force_login(owner)
    data = profile_data(
        current_province, tax_code=producer.tax_code, slug="hijacked", created_at="2000-01-01"
    )
    response = client.post(en("producers:profile_update"), data)
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.province == current_province
    assert producer.slug != "hijacked"


# --- Products ----------------------------------------------------------------------------------


def test_product_create_ignores_mass_assignment(client, owner, producer, other_product):
    client.force_login(owner)
    response = client.post(
        en("producers:product_create"),
        product_data(
            producer=other_product.producer_id, status="published", verified="on", view_count=99, slug="x"
        ),
    )
    product = Product.objects.get(producer=producer)
    assert response["Location"] == en("producers:product_detail", product.pk)
    assert (product.status, product.view_count, product.price_min) == ("draft", 0, 45_000)
    assert product.slug == "banh-pia-sau-rieng-trung-muoi"


def test_product_page_shows_price_in_dong_and_status(client, owner, draft_product):
    client.force_login(owner)
    html = client.get(en("producers:product_detail", draft_product.pk)).content.decode()
    assert "45.000 ₫ – 60.000 ₫" in html
    assert "Draft: only your team sees this product." in html
    assert "Awaiting verification" in html
    assert f"valid until {draft_product.certificate.valid_until:%d/%m/%Y}" in html


def test_draft_page_says_what_is_still_missing(client, owner, draft_product):
    client.force_login(owner)
    url = en("producers:product_detail", draft_product.pk)
    assert "Add photos, then publish it." in client.get(url).content.decode()  # has a certificate
    ProductImageFactory(product=draft_product)
    html = client.get(url).content.decode()
    assert "It has photos and its OCOP certificate: publish it when it is ready." in html
    assert "Add photos, then publish it." not in html
    draft_product.certificate.delete()
    assert "Add its OCOP certificate, then publish it." in client.get(url).content.decode()


def test_product_edit_and_archive(client, owner, draft_product):
    client.force_login(owner)
    response = client.post(
        en("producers:product_update", draft_product.pk),
        product_data(name="Bánh pía mới", status="published"),
    )
    assert response.status_code == 302
    draft_product.refresh_from_db()
    assert (draft_product.name, draft_product.status) == ("Bánh pía mới", "draft")
    assert draft_product.search_text.startswith("banh pia moi")
    client.post(en("producers:product_archive", draft_product.pk))
    draft_product.refresh_from_db()
    assert draft_product.status == "archived"


def test_publish_explains_what_is_missing(client, owner, producer):
    product = ProductFactory(producer=producer, status="draft", certificate=False)
    client.force_login(owner)
    response = client.post(en("producers:product_publish", product.pk), follow=True)
    html = response.content.decode()
    assert "Add the product&#x27;s OCOP certificate before publishing it." in html
    assert "Add at least one photo before publishing the product." in html
    product.refresh_from_db()
    assert product.status == "draft"


def test_photos_upload_reorder_and_delete(client, owner, draft_product):
    client.force_login(owner)
    response = client.post(
        en("producers:product_images_add", draft_product.pk),
        {"images": [upload(jpeg_bytes(), "a.jpg"), upload(png_bytes(), "b.png", "image/png")]},
    )
    assert response.status_code == 302
    first, second = draft_product.images.all()
    assert first.image.name.startswith("products/")
    assert first.image.name.endswith(".jpg")
    client.post(en("producers:product_image_move", draft_product.pk, second.pk), {"direction": "first"})
    assert list(draft_product.images.values_list("pk", flat=True)) == [second.pk, first.pk]
    client.post(en("producers:product_image_delete", draft_product.pk, second.pk))
    assert list(draft_product.images.values_list("pk", "position")) == [(first.pk, 0)]


def test_certificate_edit_resets_verification_and_ignores_extra_fields(client, owner, producer):
    product = ProductFactory(producer=producer)
    client.force_login(owner)
    pdf = upload(b"%PDF-1.7\n%%EOF\n", "scan.pdf", "application/pdf")
    response = client.post(
        en("producers:certificate_edit", product.pk),
        certificate_data(
            scan=pdf, verification="verified", verified_by=owner.pk, product=ProductFactory().pk
        ),
    )
    assert response.status_code == 302
    certificate = OcopCertificate.objects.get(product=product)
    assert (certificate.verification, certificate.verified_by, certificate.score) == ("pending", None, 78)
    assert certificate.scan.name.endswith(".pdf")
    html = client.get(en("producers:product_detail", product.pk)).content.decode()
    expected = ocop.valid_until(certificate.issued_on)
    assert f"{expected:%d/%m/%Y}" in html


def test_saving_an_expired_certificate_says_it_is_expired(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.post(
        en("producers:certificate_edit", product.pk), certificate_data(issued_on="2019-03-01"), follow=True
    )
    expired_on = ocop.valid_until(dt.date(2019, 3, 1))
    assert [str(m) for m in response.context["messages"]] == [
        f"Certificate saved, but it expired on {expired_on:%d/%m/%Y}: the product does not show as OCOP "
        "until you enter the renewed certificate."
    ]


def test_certifications_add_edit_delete(client, owner, draft_product):
    from producers.models import CertificationKind

    haccp = CertificationKind.objects.get(code="haccp")
    client.force_login(owner)
    response = client.post(
        en("producers:certification_create", draft_product.pk),
        {"kind": haccp.pk, "number": "HACCP-01", "issuer": "Quacert", "valid_from": "2025-01-01"},
    )
    assert response.status_code == 302
    certification = draft_product.certifications.get()
    again = client.post(en("producers:certification_create", draft_product.pk), {"kind": haccp.pk})
    assert error_next_to(again.content.decode(), "id_kind", "This product already has this certification")
    client.post(
        en("producers:certification_update", draft_product.pk, certification.pk),
        {"kind": haccp.pk, "number": "HACCP-02"},
    )
    certification.refresh_from_db()
    assert certification.number == "HACCP-02"
    client.post(en("producers:certification_delete", draft_product.pk, certification.pk))
    assert not draft_product.certifications.exists()


# --- Bad input: a message next to the field, no server error, nothing stored ------------------------


def huge_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    return buffer.getvalue()


def test_barcode_with_a_wrong_check_digit(client, owner):
    client.force_login(owner)
    wrong = gtin13(42)[:-1] + str((int(gtin13(42)[-1]) + 1) % 10)
    response = client.post(en("producers:product_create"), product_data(gtin=wrong))
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "id_gtin", "check digit is wrong")
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("make_files", "message"),
    [
        (
            lambda: [upload(b"<html><body>not a photo</body></html>", "photo.jpg")],
            "is not a photo we can use",
        ),
        (lambda: [upload(huge_png(), "huge.png", "image/png")], "too many pixels"),
        (
            lambda: [upload(jpeg_bytes() + b"\0" * (11 * 1024 * 1024), "big.jpg")],
            "the limit is 10.0\xa0MB",
        ),
    ],
    ids=["html-named-jpg", "20000x20000-png", "11-mb-photo"],
)
def test_unusable_photos(client, owner, draft_product, make_files, message):
    client.force_login(owner)
    response = client.post(en("producers:product_images_add", draft_product.pk), {"images": make_files()})
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "id_images", message)
    assert not ProductImage.objects.exists()


def test_ninth_photo(client, owner, draft_product):
    ProductImageFactory.create_batch(8, product=draft_product)
    client.force_login(owner)
    page = client.get(en("producers:product_detail", draft_product.pk)).content.decode()
    assert "the most allowed" in page  # no upload form any more
    response = client.post(
        en("producers:product_images_add", draft_product.pk), {"images": [upload(jpeg_bytes(), "ninth.jpg")]}
    )
    assert response.status_code == 200
    assert "A product can have at most 8 photos" in response.content.decode()
    assert draft_product.images.count() == 8


def test_ninth_photo_in_one_upload(client, owner, draft_product):
    ProductImageFactory.create_batch(7, product=draft_product)
    client.force_login(owner)
    response = client.post(
        en("producers:product_images_add", draft_product.pk),
        {"images": [upload(jpeg_bytes(), "8.jpg"), upload(jpeg_bytes(), "9.jpg")]},
    )
    assert error_next_to(response.content.decode(), "id_images", "you can add 1 more")
    assert draft_product.images.count() == 7


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"stars": 5, "score": 78}, "id_stars", "A score of 78 gives 4★, not 5★."),
        (
            {"issued_on": "tomorrow"},  # computed when the test runs, not when it is collected
            "id_issued_on",
            "The issue date cannot be in the future.",
        ),
        ({"stars": 2, "score": 45}, "id_stars", "OCOP certificates rate products from 3★ to 5★."),
    ],
    ids=["stars-disagree-with-score", "issue-date-in-future", "below-ocop"],
)
def test_bad_certificate(client, owner, producer, overrides, field_id, message):
    if overrides.get("issued_on") == "tomorrow":
        overrides = {**overrides, "issued_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.post(en("producers:certificate_edit", product.pk), certificate_data(**overrides))
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), field_id, message)
    assert not OcopCertificate.objects.exists()


def test_certificate_form_offers_the_ocop_ratings(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    form = client.get(en("producers:certificate_edit", product.pk)).context["form"]
    assert [value for value, _label in form.fields["stars"].widget.choices] == [3, 4, 5]


def test_html_certificate_scan_is_refused(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.post(
        en("producers:certificate_edit", product.pk),
        certificate_data(scan=upload(b"<html></html>", "scan.pdf", "application/pdf")),
    )
    assert error_next_to(response.content.decode(), "id_scan", "not a document we can use")
    assert not OcopCertificate.objects.exists()


# --- Dashboard ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_dashboard_query_count_is_constant(client, owner, producer, item_count, django_assert_num_queries):
    buyer = BuyerFactory()
    shortlist = Shortlist.objects.create(buyer=buyer, name="Tết")
    for index in range(item_count):
        product = ProductFactory(producer=producer, view_count=10 + index)
        ProductImageFactory(product=product)
        ShortlistItem.objects.create(shortlist=shortlist, product=product)
        MeetingRequestFactory(producer=producer)
        ProducerJoinRequestFactory(producer=producer)
    client.force_login(owner)
    # session, user, memberships, products (+ photos), meeting requests, join requests, invitations,
    # matching needs and what keeps products out (2), the events they are registered for (1)
    with django_assert_num_queries(11):
        response = client.get(en("producers:dashboard"))
    assert len(response.context["products"]) == item_count
    assert [p.shortlist_count for p in response.context["products"]] == [1] * item_count
    html = response.content.decode()
    assert html.count('class="dash-product"') == item_count
    assert html.count("/meetings/requests/") == item_count + 1  # and the link to all of them


def test_dashboard_lists_meeting_requests_with_links(client, owner, producer):
    meeting_request = MeetingRequestFactory(producer=producer, distributor__name="Saigon Co.op")
    client.force_login(owner)
    html = client.get(en("producers:dashboard")).content.decode()
    assert "Saigon Co.op" in html
    assert f"/en/meetings/requests/{meeting_request.pk}/" in html
    assert "Awaiting your answer" in html  # a buyer asked: the producer's answer is awaited
    assert 'href="/en/meetings/requests/">All meeting requests</a>' in html
    meeting_request.side = "producer"
    meeting_request.save()
    html = client.get(en("producers:dashboard")).content.decode()
    assert "Awaiting your answer" not in html
    assert ">Pending<" in html


def test_dashboard_names_the_province_as_the_catalogue_does(client, owner, producer):
    """A producer of Sóc Trăng (merged into Cần Thơ in 2025) reads the name buyers see."""
    assert producer.province.merged_into is not None
    client.force_login(owner)
    html = client.get(en("producers:dashboard")).content.decode()
    assert f"{producer.province.merged_into.name} (formerly {producer.province.name})" in html


def test_dashboard_warns_of_expiring_and_expired_certificates(client, owner, producer):
    today = timezone.localdate()
    soon = ProductFactory(
        producer=producer,
        name="Kẹo dừa",
        certificate__issued_on=ocop.earliest_valid_issue_date(today) + dt.timedelta(days=10),
    )
    expired = ProductFactory(
        producer=producer,
        name="Mắm cá",
        certificate__issued_on=ocop.earliest_valid_issue_date(today) - dt.timedelta(days=1),
    )
    client.force_login(owner)
    raw = client.get(en("producers:dashboard")).content.decode()
    html = text(raw)
    assert "OCOP certificate expiring soon" in html
    assert f"Kẹo dừa — expires on {soon.certificate.valid_until:%d/%m/%Y} (in 10 days)" in html
    assert "OCOP certificate expired" in html
    assert f"Mắm cá — expired on {expired.certificate.valid_until:%d/%m/%Y}" in html
    assert raw.count("★ OCOP</span>") == 1  # only the valid one keeps its badge


def test_user_without_producer_is_sent_to_register(client, plain_user):
    client.force_login(plain_user)
    response = client.get(en("producers:dashboard"))
    assert response["Location"] == en("producers:profile_create")


def test_member_of_two_producers_can_switch(client, owner, producer, other_producer_user):
    other = other_producer_user.producer_memberships.get().producer
    ProducerMember.objects.create(producer=other, user=owner, role="member")
    client.force_login(owner)
    assert client.get(en("producers:dashboard")).context["producer"] == producer
    client.post(en("producers:switch"), {"producer": other.pk})
    assert client.get(en("producers:dashboard")).context["producer"] == other


# --- Public page -------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_public_page_query_count_is_constant(client, producer, item_count, django_assert_num_queries):
    for _ in range(item_count):
        ProductImageFactory(product=ProductFactory(producer=producer))
    with django_assert_num_queries(3):  # producer, products, photos
        response = client.get(en("producers:public_detail", producer.slug))
    assert len(response.context["products"]) == item_count


def test_public_page_shows_only_visible_products_and_current_badges(client, producer):
    producer.story = "Ba thế hệ làm bánh pía ở Vĩnh Châu."
    producer.save()
    today = timezone.localdate()
    ProductFactory(producer=producer, name="Bánh pía đậu xanh", certificate__stars=4, certificate__score=80)
    ProductFactory(
        producer=producer,
        name="Bánh pía hết hạn",
        certificate__issued_on=ocop.earliest_valid_issue_date(today) - dt.timedelta(days=1),
    )
    ProductFactory(producer=producer, name="Bánh nháp", status="draft")
    ProductFactory(producer=producer, name="Bánh chờ duyệt", certificate__verification="pending")
    ProductFactory(producer=producer, name="Bánh lưu trữ", status="archived")
    html = client.get(f"/vi/producers/{producer.slug}/").content.decode()
    assert "Ba thế hệ làm bánh pía ở Vĩnh Châu." in html
    assert "Bánh pía đậu xanh" in html
    assert "4★ OCOP" in html
    assert "Bánh pía hết hạn" in html
    assert html.count("★ OCOP</span>") == 1
    for hidden in ("Bánh nháp", "Bánh chờ duyệt", "Bánh lưu trữ"):
        assert hidden not in html


def test_public_page_of_unknown_producer_is_404(client):
    assert client.get("/vi/producers/khong-co/").status_code == 404


def test_new_user_sees_invitations_on_choose_role(client, producer):
    from tests.factories import ProducerInvitationFactory

    user = UserFactory(email="invitee@example.vn")
    invitation = ProducerInvitationFactory(producer=producer, email="INVITEE@example.vn")
    client.force_login(user)
    html = client.get(en("accounts:choose_role")).content.decode()
    assert f"Join the team of {producer.legal_name}" in html
    assert en("producers:invitation_accept", invitation.token) in html


def test_invitation_link_for_anonymous_then_accept(client, producer, owner):
    from tests.factories import ProducerInvitationFactory

    invitation = ProducerInvitationFactory(producer=producer, invited_by=owner, email="moi@example.vn")
    url = en("producers:invitation_accept", invitation.token)
    page = client.get(url).content.decode()
    assert "Log in, or sign up with moi@example.vn, to accept." in page
    assert f"/en/accounts/signup/?next={url}" in page
    response = client.post(url)
    assert response["Location"].startswith("/en/accounts/login/")
    invitee = UserFactory(email="moi@example.vn")
    client.force_login(invitee)
    response = client.post(url)
    assert response["Location"] == en("producers:dashboard")
    assert ProducerMember.objects.filter(producer=producer, user=invitee, role="member").exists()


def test_owner_invites_by_email(client, owner, producer, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("producers:team"), {"email": "em.trai@example.vn", "producer": 999})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["em.trai@example.vn"]
    invitation = producer.invitations.get()
    assert f"/producer/invitations/{invitation.token}/" in message.body
    html = client.get(en("producers:team")).content.decode()
    assert "em.trai@example.vn" in html


def test_member_cannot_invite(client, producer):
    member = UserFactory()
    ProducerMember.objects.create(producer=producer, user=member, role="member")
    client.force_login(member)
    assert client.post(en("producers:team"), {"email": "x@example.vn"}).status_code == 403
    assert not producer.invitations.exists()


def test_certificate_page_of_a_product_without_one(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.get(en("producers:certificate_edit", product.pk))
    assert response.status_code == 200
    assert "Copy the details from the certificate" in response.content.decode()
