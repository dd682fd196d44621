"""Sessions and login (issue 8 §3) and escaping of user text on every kind of page (§4)."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from pypdf import PdfReader

from events.models import CataloguePacket
from events.tasks import send_due_catalogue_packets
from producers.models import Product
from tests.events.packets_world import build_world
from tests.factories import OrganiserFactory, ProducerMemberFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def verified_user():
    user = UserFactory(email="lan@example.vn")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_session_key_rotates_at_login_and_dies_at_logout(client, verified_user):
    client.get("/vi/accounts/login/")
    before = client.session.session_key
    response = client.post("/vi/accounts/login/", {"login": "lan@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    during = client.session.session_key
    assert during
    assert during != before
    assert client.session.get("_auth_user_id") == str(verified_user.pk)

    response = client.post("/vi/accounts/logout/")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") is None
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=during).exists()


def test_five_failed_logins_lock_the_account_out(client, verified_user):
    for _ in range(5):
        client.post("/vi/accounts/login/", {"login": "lan@example.vn", "password": "wrong password"})
    response = client.post("/vi/accounts/login/", {"login": "lan@example.vn", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, verified_user):
    known = client.post("/vi/accounts/password/reset/", {"email": "lan@example.vn"})
    unknown = client.post("/vi/accounts/password/reset/", {"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both get a mail (the unknown address is told no account exists), so timing and
    # answers do not reveal who has an account.
    assert sorted(m.to[0] for m in mail.outbox) == ["lan@example.vn", "nobody@example.vn"]


def test_common_passwords_are_refused(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.vn", "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()


def test_script_in_text_is_escaped_on_public_pages_and_in_the_admin(client):
    product = ProductFactory(name=f"Bánh {SCRIPT}", description=SCRIPT, producer__legal_name=f"HTX {SCRIPT}")
    product.search_text = "banh script alert"
    product.save()
    pages = [
        "/vi/",
        "/vi/catalogue/",
        f"/vi/products/{product.slug}/",
        f"/vi/producers/{product.producer.slug}/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert SCRIPT not in html, path
        assert "&lt;script&gt;" in html, path
    client.force_login(OrganiserFactory())
    for path in ("/vi/admin/producers/product/", f"/vi/admin/producers/product/{product.pk}/change/"):
        html = client.get(path).content.decode()
        assert SCRIPT not in html, path


def test_script_in_text_is_escaped_on_the_producer_dashboard(client):
    member = ProducerMemberFactory(producer__legal_name=f"HTX {SCRIPT}")
    ProductFactory(producer=member.producer, name=f"Trà {SCRIPT}")
    client.force_login(member.user)
    html = client.get("/vi/producer/").content.decode()
    assert SCRIPT not in html


def test_script_in_a_product_name_stays_text_in_the_packet_email_and_pdf(django_capture_on_commit_callbacks):
    build_world(language="en", producers=1)
    Product.objects.update(name=f"Mắm {SCRIPT}")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_catalogue_packets.delay()
    html = mail.outbox[0].alternatives[0].content
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    packet = CataloguePacket.objects.get()
    with packet.pdf.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)
    # Escaped HTML shows the name literally in the PDF: nothing was interpreted as markup.
    assert "<script>" in text
