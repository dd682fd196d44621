import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from producers import services
from producers.models import (
    OcopCertificate,
    ProducerMember,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
)
from tests.factories import (
    ProducerFactory,
    ProducerInvitationFactory,
    ProducerJoinRequestFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
)
from tests.factories.producers import png_bytes

pytestmark = pytest.mark.django_db


def photo(name="p.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def product_fields(**overrides):
    food = ProductGroup.objects.get(code="food")
    return {
        "group": food,
        "subgroup": ProductSubGroup.objects.get(code="food-processed"),
        "name": "Bánh pía Đặc biệt",
        "price_min": 45_000,
        "price_max": 60_000,
        **overrides,
    }


def test_producer_create_makes_the_user_owner_with_a_folded_slug(owner, current_province):
    user = UserFactory()
    producer = services.producer_create(
        user=user,
        kind="household",
        legal_name="Hộ kinh doanh Đặng Thị Hường",
        tax_code="2200123456",
        province=current_province,
        address="Ấp 3",
        phone="0912 345 678",
        contact_person="Đặng Thị Hường",
    )
    assert producer.slug == "ho-kinh-doanh-dang-thi-huong"
    assert ProducerMember.objects.get(producer=producer).role == "owner"
    again = services.producer_create(
        user=user,
        kind="household",
        legal_name="Hộ kinh doanh Đặng Thị Hường",
        tax_code="2200123457",
        province=current_province,
        address="Ấp 3",
        phone="0912 345 678",
        contact_person="Hường",
    )
    assert again.slug.startswith("ho-kinh-doanh-dang-thi-huong-")
    assert again.slug != producer.slug


def test_services_refuse_fields_producers_may_not_set(producer):
    with pytest.raises(TypeError, match="status"):
        services.product_create(producer=producer, status="published", **product_fields())
    with pytest.raises(TypeError, match="verification"):
        services.certificate_save(product=ProductFactory(producer=producer), verification="verified")


def test_product_create_is_a_draft_with_search_text(producer):
    product = services.product_create(producer=producer, **product_fields())
    assert product.status == "draft"
    assert product.slug == "banh-pia-dac-biet"
    assert "banh pia dac biet" in product.search_text
    assert "soc trang" in product.search_text  # the province of the producer


def test_product_update_refreshes_search_text_and_keeps_slug(producer):
    product = services.product_create(producer=producer, **product_fields())
    services.product_update(product=product, name="Kẹo dừa Bến Tre")
    product.refresh_from_db()
    assert product.slug == "banh-pia-dac-biet"
    assert product.search_text.startswith("keo dua ben tre")


def test_subgroup_must_belong_to_group(producer):
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(
            producer=producer, **product_fields(group=ProductGroup.objects.get(code="beverages"))
        )
    assert "subgroup" in excinfo.value.message_dict
    assert not Product.objects.exists()


def test_publish_needs_a_certificate_and_a_photo(producer):
    product = services.product_create(producer=producer, **product_fields())
    with pytest.raises(ValidationError) as excinfo:
        services.product_publish(product=product)
    assert len(excinfo.value.messages) == 2
    services.certificate_save(
        product=product,
        stars=4,
        score=80,
        decision_number="12/QĐ-UBND",
        issuing_level="province",
        issued_on=timezone.localdate() - dt.timedelta(days=10),
    )
    services.product_image_add(product=product, file=photo())
    assert services.product_publish(product=product).status == "published"
    assert services.product_archive(product=product).status == "archived"


def test_images_add_stops_at_eight(producer):
    product = ProductFactory(producer=producer)
    services.product_images_add(product=product, files=[photo() for _ in range(7)])
    assert list(product.images.values_list("position", flat=True)) == list(range(7))
    with pytest.raises(ValidationError) as excinfo:
        services.product_images_add(product=product, files=[photo(), photo()])
    assert "images" in excinfo.value.message_dict
    assert product.images.count() == 7
    services.product_image_add(product=product, file=photo())
    assert product.images.count() == ProductImage.MAX_PER_PRODUCT


def test_reorder_move_and_delete_keep_positions_dense(producer):
    product = ProductFactory(producer=producer)
    first, second, third = services.product_images_add(product=product, files=[photo(), photo(), photo()])
    services.product_images_reorder(product=product, image_ids=[third.pk, first.pk, second.pk])
    assert list(product.images.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    services.product_image_move(image=second, direction="first")
    assert list(product.images.values_list("pk", flat=True)) == [second.pk, third.pk, first.pk]
    services.product_image_move(image=second, direction="down")
    assert list(product.images.values_list("pk", flat=True)) == [third.pk, second.pk, first.pk]
    services.product_image_delete(image=third)
    assert list(product.images.values_list("pk", "position")) == [(second.pk, 0), (first.pk, 1)]


def test_reorder_refuses_a_partial_or_foreign_list(producer):
    product = ProductFactory(producer=producer)
    mine = ProductImageFactory(product=product)
    foreign = ProductImageFactory()
    with pytest.raises(ValidationError):
        services.product_images_reorder(product=product, image_ids=[mine.pk, foreign.pk])


def test_certificate_change_resets_verification_and_expiry_warning(organiser):
    product = ProductFactory()
    certificate = product.certificate
    certificate.verification_note = "OK"
    certificate.expiry_warned_on = timezone.localdate()
    certificate.save()
    unchanged = services.certificate_save(
        product=product,
        stars=certificate.stars,
        score=certificate.score,
        decision_number=certificate.decision_number,
        issuing_level=certificate.issuing_level,
        issued_on=certificate.issued_on,
    )
    assert unchanged.verification == "verified"
    changed = services.certificate_save(
        product=product, issued_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert (changed.verification, changed.verification_note, changed.verified_by) == ("pending", "", None)
    assert changed.expiry_warned_on is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"stars": 5, "score": 75}, "stars"),
        ({"issued_on": dt.date(2099, 1, 1)}, "issued_on"),
        ({"issuing_level": "district", "issued_on": dt.date(2025, 8, 1)}, "issuing_level"),
    ],
)
def test_certificate_rules(fields, field):
    product = ProductFactory(certificate=False)
    data = {
        "stars": 4,
        "score": 80,
        "decision_number": "1/QĐ-UBND",
        "issuing_level": "province",
        "issued_on": dt.date(2025, 1, 1),
        **fields,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.certificate_save(product=product, **data)
    assert field in excinfo.value.message_dict
    assert not OcopCertificate.objects.filter(product=product).exists()


def test_verify_and_reject_record_who_and_mail_the_team(organiser, django_capture_on_commit_callbacks):
    product = ProductFactory(certificate__verification="pending")
    ProducerMember.objects.create(producer=product.producer, user=UserFactory(email="chu@example.vn"))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_verify(certificate=product.certificate, by=organiser)
    assert (certificate.verification, certificate.verified_by) == ("verified", organiser)
    assert mail.outbox[-1].to == ["chu@example.vn"]
    with pytest.raises(ValidationError):
        services.certificate_reject(certificate=certificate, by=organiser, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_reject(
            certificate=certificate, by=organiser, note="Số quyết định không khớp."
        )
    assert certificate.verification == "rejected"
    assert "Số quyết định không khớp." in mail.outbox[-1].body


def test_join_request_approve_adds_member_and_mails(producer, owner, django_capture_on_commit_callbacks):
    requester = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        join_request = services.producer_join_request_create(
            producer=producer, user=requester, message="Xin chào"
        )
    assert mail.outbox[-1].to == [owner.email]
    with pytest.raises(ValidationError):
        services.producer_join_request_create(producer=producer, user=requester)
    with django_capture_on_commit_callbacks(execute=True):
        services.producer_join_request_approve(join_request=join_request, by=owner)
    assert ProducerMember.objects.get(producer=producer, user=requester).role == "member"
    assert mail.outbox[-1].to == [requester.email]
    with pytest.raises(ValidationError):
        services.producer_join_request_decline(join_request=join_request, by=owner)


def test_join_request_decline_adds_nobody(producer, owner):
    join_request = ProducerJoinRequestFactory(producer=producer)
    services.producer_join_request_decline(join_request=join_request, by=owner)
    assert not ProducerMember.objects.filter(user=join_request.user).exists()


def test_invitation_accept_needs_the_invited_address(producer, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.producer_invitation_create(
            producer=producer, invited_by=owner, email="Con.Gai@Example.vn"
        )
    assert invitation.token in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.producer_invitation_create(producer=producer, invited_by=owner, email="con.gai@example.vn")
    stranger = UserFactory(email="stranger@example.vn")
    with pytest.raises(ValidationError) as excinfo:
        services.producer_invitation_accept(invitation=invitation, user=stranger)
    assert excinfo.value.code == "wrong_user"
    invitee = UserFactory(email="con.gai@example.vn")
    member = services.producer_invitation_accept(invitation=invitation, user=invitee)
    assert (member.producer, member.role) == (producer, "member")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", invitee)
    with pytest.raises(ValidationError):
        services.producer_invitation_accept(invitation=invitation, user=invitee)


def test_expired_or_cancelled_invitation_cannot_be_accepted(producer):
    invitee = UserFactory()
    old = ProducerInvitationFactory(producer=producer, email=invitee.email)
    ProducerInvitationFactory._meta.model.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=15)
    )
    old.refresh_from_db()
    with pytest.raises(ValidationError):
        services.producer_invitation_accept(invitation=old, user=invitee)
    cancelled = ProducerInvitationFactory(producer=ProducerFactory(), email=invitee.email)
    services.producer_invitation_cancel(invitation=cancelled)
    with pytest.raises(ValidationError):
        services.producer_invitation_accept(invitation=cancelled, user=invitee)
