"""Organisers verify or reject OCOP certificates from the admin, with a note for the producer."""

import pytest
from django.contrib.admin import helpers
from django.db.models.fields.files import FieldFile

from producers.models import OcopCertificate, ProducerInvitation, ProducerJoinRequest
from tests.factories import ProducerInvitationFactory, ProducerJoinRequestFactory, ProductFactory

from .helpers import en, text

pytestmark = pytest.mark.django_db


def action(client, url, name, pks, **extra):
    return client.post(url, {"action": name, helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra})


def test_verify_certificates_asks_for_a_note_then_verifies(client, organiser):
    products = ProductFactory.create_batch(2, certificate__verification="pending")
    certificates = [p.certificate for p in products]
    client.force_login(organiser)
    url = en("admin:producers_ocopcertificate_changelist")
    page = action(client, url, "verify", [c.pk for c in certificates])
    assert page.status_code == 200
    html = text(page.content.decode())
    assert "These certificates will be marked verified" in html
    assert products[0].name in html
    assert OcopCertificate.objects.filter(verification="pending").count() == 2  # nothing yet
    response = action(
        client, url, "verify", [c.pk for c in certificates], apply="1", note="Khớp quyết định gốc."
    )
    assert response.status_code == 302
    for certificate in OcopCertificate.objects.all():
        assert (certificate.verification, certificate.verified_by, certificate.verification_note) == (
            "verified",
            organiser,
            "Khớp quyết định gốc.",
        )


def test_reject_needs_a_note_and_the_producer_sees_it(client, organiser, owner, producer):
    product = ProductFactory(producer=producer, certificate__verification="pending")
    client.force_login(organiser)
    url = en("admin:producers_product_changelist")
    missing = action(client, url, "reject_certificates", [product.pk], apply="1", note="")
    assert missing.status_code == 200
    assert "This field is required." in missing.content.decode()
    assert OcopCertificate.objects.get().verification == "pending"
    response = action(
        client, url, "reject_certificates", [product.pk], apply="1", note="Điểm số không khớp với quyết định."
    )
    assert response.status_code == 302
    assert OcopCertificate.objects.get().verification == "rejected"

    client.force_login(owner)
    page = text(client.get(en("producers:product_detail", product.pk)).content.decode())
    assert "Organiser's note: Điểm số không khớp với quyết định." in page
    assert "the organisers rejected the OCOP certificate" in page
    dashboard = text(client.get(en("producers:dashboard")).content.decode())
    assert "Điểm số không khớp với quyết định." in dashboard


def test_product_action_without_certificates_says_so(client, organiser):
    product = ProductFactory(certificate=False)
    client.force_login(organiser)
    response = action(client, en("admin:producers_product_changelist"), "verify_certificates", [product.pk])
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "None of the selected products has an OCOP certificate." in page


def test_verification_is_read_only_in_the_certificate_form(client, organiser):
    certificate = ProductFactory(certificate__verification="pending").certificate
    client.force_login(organiser)
    form = client.get(en("admin:producers_ocopcertificate_change", certificate.pk)).context["adminform"].form
    assert "verification" not in form.fields
    assert "verified_by" not in form.fields


def test_team_models_are_in_the_admin(client, organiser):
    ProducerInvitationFactory(email="moi@example.vn")
    ProducerJoinRequestFactory()
    client.force_login(organiser)
    invitations = client.get(en("admin:producers_producerinvitation_changelist"))
    assert "moi@example.vn" in invitations.content.decode()
    assert client.get(en("admin:producers_producerjoinrequest_changelist")).status_code == 200
    assert ProducerInvitation.objects.count() == ProducerJoinRequest.objects.count() == 1


def _admin_form_data(response) -> dict:
    """The POST data of an admin change form as it stands (the form and its inlines)."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or isinstance(value, FieldFile):  # a file already saved stays
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            else:
                data[form.add_prefix(name)] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_a_product_published_in_the_admin_comes_into_the_catalogue_now(client, organiser):
    product = ProductFactory(status="draft", certificate__verification="verified")
    assert product.listed_at is None
    client.force_login(organiser)
    url = f"/en/admin/producers/product/{product.pk}/change/"
    data = _admin_form_data(client.get(url))
    data["status"] = "published"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.status == "published"
    assert product.listed_at is not None
    # Saved again later: the time it came in stays.
    first = product.listed_at
    client.post(url, _admin_form_data(client.get(url)))
    product.refresh_from_db()
    assert product.listed_at == first


def test_a_draft_saved_in_the_admin_is_not_listed(client, organiser):
    product = ProductFactory(status="draft", certificate__verification="verified")
    client.force_login(organiser)
    url = f"/en/admin/producers/product/{product.pk}/change/"
    assert client.post(url, _admin_form_data(client.get(url))).status_code == 302
    product.refresh_from_db()
    assert product.listed_at is None
