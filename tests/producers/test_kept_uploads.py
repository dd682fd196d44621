"""A scan or document chosen in a form that comes back with an error is kept: the producer
fixes the error and sends the form again without choosing the file again."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.utils import timezone

from ocop_portal import kept_uploads
from ocop_portal.tasks import purge_kept_uploads
from producers.models import Certification, CertificationKind, OcopCertificate
from tests.factories import ProductFactory
from tests.factories.producers import jpeg_bytes

from .helpers import en, error_next_to
from .test_views import certificate_data, upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def kept_token(html: str) -> str:
    match = re.search(r'name="scan-kept" value="([^"]+)"', html) or re.search(
        r'name="document-kept" value="([^"]+)"', html
    )
    assert match, "no kept file in the form"
    return match.group(1)


def future(days=1):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def first_try(client, owner, producer, data: bytes = PDF, name: str = "a.pdf", **wrong):
    """A producer's certificate form sent with a scan and a wrong field (by default an issue
    date in the future): returns the product, the form's URL and the kept file's token."""
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    url = en("producers:certificate_edit", product.pk)
    wrong = wrong or {"issued_on": future()}
    kind = "application/pdf" if name.endswith(".pdf") else "image/jpeg"
    response = client.post(url, certificate_data(scan=upload(data, name, kind), **wrong))
    return product, url, kept_token(response.content.decode())


def test_scan_survives_an_error_and_is_saved_on_the_next_try(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    url = en("producers:certificate_edit", product.pk)
    response = client.post(
        url, certificate_data(issued_on=future(), scan=upload(PDF, "giấy chứng nhận.pdf", "application/pdf"))
    )
    html = response.content.decode()
    assert error_next_to(html, "id_issued_on", "The issue date cannot be in the future.")
    assert "Kept from your last try: giấy chứng nhận.pdf. Choose a file only to replace it." in html
    token = kept_token(html)
    assert not OcopCertificate.objects.exists()

    response = client.post(url, {**certificate_data(), "scan-kept": token})
    assert response.status_code == 302
    certificate = OcopCertificate.objects.get(product=product)
    assert certificate.scan.name.startswith("certificates/")
    assert certificate.scan.name.endswith(".pdf")
    with certificate.scan.open("rb") as handle:
        assert handle.read() == PDF


def test_kept_photo_is_stored_as_checked_the_first_time(client, owner, producer):
    product, url, token = first_try(
        client, owner, producer, data=jpeg_bytes(), name="scan.jpg", stars=5, score=78
    )
    # A second error: the file is still kept, under the same token.
    html = client.post(url, {**certificate_data(stars=5, score=78), "scan-kept": token}).content.decode()
    assert error_next_to(html, "id_stars", "A score of 78 gives 4★, not 5★.")
    assert kept_token(html) == token
    assert client.post(url, {**certificate_data(), "scan-kept": token}).status_code == 302
    certificate = OcopCertificate.objects.get(product=product)
    assert certificate.scan.name.endswith(".jpg")


def test_a_new_file_replaces_the_kept_one(client, owner, producer):
    product, url, token = first_try(client, owner, producer, data=jpeg_bytes(), name="old.jpg")
    data = {**certificate_data(), "scan-kept": token, "scan": upload(PDF, "new.pdf", "application/pdf")}
    assert client.post(url, data).status_code == 302
    with OcopCertificate.objects.get(product=product).scan.open("rb") as handle:
        assert handle.read() == PDF


def test_a_refused_file_is_not_kept(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.post(
        en("producers:certificate_edit", product.pk),
        certificate_data(issued_on=future(), scan=upload(b"<html></html>", "scan.pdf", "application/pdf")),
    )
    html = response.content.decode()
    assert error_next_to(html, "id_scan", "not a document we can use")
    assert "scan-kept" not in html


def test_no_file_no_note(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    html = client.post(
        en("producers:certificate_edit", product.pk), certificate_data(issued_on=future())
    ).content
    assert b"scan-kept" not in html
    assert b"Kept from your last try" not in html


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps({"p": "certificates/someone-elses.pdf", "n": "x"}, salt=kept_uploads.SALT),
        signing.dumps({"p": "kept/../../etc/passwd", "n": "x"}, salt=kept_uploads.SALT),
        signing.dumps({"p": "kept/20260101/x/missing.pdf", "n": "x"}, salt=kept_uploads.SALT),
        signing.dumps({"p": "kept/x.pdf"}, salt="another salt"),
    ],
    ids=["garbage", "outside-kept", "dot-dot", "missing-file", "wrong-salt"],
)
def test_forged_or_stale_tokens_are_ignored(client, owner, producer, token):
    product = ProductFactory(producer=producer, certificate=False)
    default_storage.save("certificates/someone-elses.pdf", upload(PDF, "x.pdf"))
    client.force_login(owner)
    response = client.post(
        en("producers:certificate_edit", product.pk), {**certificate_data(), "scan-kept": token}
    )
    assert response.status_code == 302
    assert not OcopCertificate.objects.get(product=product).scan


def test_expired_token_is_ignored(client, owner, producer, monkeypatch):
    product, url, token = first_try(client, owner, producer)
    monkeypatch.setattr(kept_uploads, "MAX_AGE", -1)
    assert client.post(url, {**certificate_data(), "scan-kept": token}).status_code == 302
    assert not OcopCertificate.objects.get(product=product).scan


def test_certification_document_is_kept_after_a_duplicate_kind(client, owner, producer):
    product = ProductFactory(producer=producer)
    haccp = CertificationKind.objects.get(code="haccp")
    Certification.objects.create(product=product, kind=haccp, number="H-1", valid_from="2025-01-01")
    vietgap = CertificationKind.objects.get(code="vietgap")
    client.force_login(owner)
    url = en("producers:certification_create", product.pk)
    data = {"kind": haccp.pk, "number": "V-2", "issuer": "Quacert", "valid_from": "2025-01-01"}
    html = client.post(
        url, {**data, "document": upload(PDF, "vietgap.pdf", "application/pdf")}
    ).content.decode()
    assert "This product already has this certification" in html
    assert "Kept from your last try: vietgap.pdf." in html
    token = kept_token(html)
    assert client.post(url, {**data, "kind": vietgap.pk, "document-kept": token}).status_code == 302
    assert Certification.objects.get(product=product, kind=vietgap).document.name.endswith(".pdf")


def test_vietnamese_note(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.post(
        f"/vi/producer/products/{product.pk}/certificate/",
        certificate_data(issued_on=future(), scan=upload(PDF, "gcn.pdf", "application/pdf")),
    )
    assert "Đã giữ tệp của lần gửi trước: gcn.pdf." in response.content.decode()


def test_purge_keeps_yesterday_and_today_and_deletes_older(client, owner, producer, monkeypatch):
    today = timezone.localdate()
    for days_ago in (0, 1, 2, 9):
        day = (today - dt.timedelta(days=days_ago)).strftime("%Y%m%d")
        default_storage.save(f"kept/{day}/abc/file.pdf", upload(PDF, "file.pdf"))
    assert purge_kept_uploads() == 2
    remaining = sorted(default_storage.listdir("kept")[0])
    assert remaining == sorted((today - dt.timedelta(days=d)).strftime("%Y%m%d") for d in (0, 1))
    assert kept_uploads.purge() == 0


def test_purge_with_nothing_kept():
    assert kept_uploads.purge() == 0


def test_someone_elses_product_still_refused(client, other_producer_user, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(other_producer_user)
    response = client.post(en("producers:certificate_edit", product.pk), certificate_data())
    assert response.status_code in (403, 404)


def test_kept_file_name_is_escaped(client, owner, producer):
    product = ProductFactory(producer=producer, certificate=False)
    client.force_login(owner)
    response = client.post(
        en("producers:certificate_edit", product.pk),
        certificate_data(issued_on=future(), scan=upload(PDF, "<img src=x>.pdf", "application/pdf")),
    )
    html = response.content.decode()
    assert "Kept from your last try: &lt;img src=x&gt;.pdf." in html
    assert "<img src=x>" not in html


def test_a_refused_new_file_leaves_the_kept_one_waiting(client, owner, producer):
    product, url, token = first_try(client, owner, producer, name="good.pdf")
    bad = upload(b"<html></html>", "bad.pdf", "application/pdf")
    html = client.post(url, {**certificate_data(), "scan": bad, "scan-kept": token}).content.decode()
    assert error_next_to(html, "id_scan", "not a document we can use")
    assert "Kept from your last try: good.pdf." in html
    assert kept_token(html) == token
    assert client.post(url, {**certificate_data(), "scan-kept": token}).status_code == 302
    with OcopCertificate.objects.get(product=product).scan.open("rb") as handle:
        assert handle.read() == PDF
