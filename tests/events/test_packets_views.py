"""The packet on the portal (buyers) and in the admin (organisers)."""

import pytest
from django.core import mail
from django.urls import reverse

from events.enums import PacketStatus, ParticipantKind
from events.models import CataloguePacket
from events.tasks import send_due_catalogue_packets
from tests.events.packets_world import build_world, product_names
from tests.factories import (
    BuyerFactory,
    DistributorFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "ket-noi-cung-cau-soc-trang"


@pytest.fixture
def sent_world(django_capture_on_commit_callbacks):
    world = build_world(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_catalogue_packets.delay()
    assert len(mail.outbox) == 1
    return world


def _other_buyer(world):
    other = DistributorFactory(name="Bách Hóa Xanh")
    ParticipationFactory(event=world.event, kind=ParticipantKind.DISTRIBUTOR, distributor=other)
    return BuyerFactory(distributor=other).user


ROLES = {
    "anonymous": lambda world: None,
    "buyer": lambda world: world.buyer.user,
    "pending buyer of the same distributor": lambda world: (
        BuyerFactory(distributor=world.distributor, status="pending").user
    ),
    "buyer of another distributor": _other_buyer,
    "producer": lambda world: ProducerMemberFactory(producer=world.producers[0]).user,
    "organiser": lambda world: OrganiserFactory(),
    "new user": lambda world: UserFactory(),
}


@pytest.mark.parametrize("path", [f"/vi/events/{SLUG}/catalogue/", f"/vi/events/{SLUG}/catalogue/pdf/"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("buyer", 200),
        ("pending buyer of the same distributor", 404),
        ("buyer of another distributor", 404),
        ("producer", 404),
        ("organiser", 404),
        ("new user", 404),
    ],
)
def test_packet_pages_by_role(client, sent_world, path, role, expected):
    user = ROLES[role](sent_world)
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    response.close()  # a FileResponse holds the PDF open until closed
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/vi/accounts/login/")


def test_packet_page_shows_the_catalogue_in_the_page_language(client, sent_world):
    client.force_login(sent_world.buyer.user)
    html = client.get(f"/en/events/{SLUG}/catalogue/").content.decode()
    for name in product_names(sent_world):
        assert name in html
    assert "Your meetings" in html
    assert f'href="/en/events/{SLUG}/catalogue/pdf/"' in html
    assert "Download the PDF" in html


def test_packet_page_404_before_the_packet_is_sent(client):
    world = build_world(send_at_offset=3600)
    CataloguePacket.objects.create(
        event=world.event, distributor=world.distributor, send_at=world.event.catalogue_send_at
    )
    client.force_login(world.buyer.user)
    assert client.get(f"/en/events/{SLUG}/catalogue/").status_code == 404


@pytest.mark.parametrize("producers", [1, 3])
def test_packet_page_query_count_is_constant(
    client, django_capture_on_commit_callbacks, producers, django_assert_num_queries
):
    world = build_world(producers=producers)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_catalogue_packets.delay()
    client.force_login(world.buyer.user)
    with django_assert_num_queries(12):
        response = client.get(f"/vi/events/{SLUG}/catalogue/")
    assert response.context["content"].product_count == 2 * producers


# --- admin -------------------------------------------------------------------------------------------


def test_admin_changelist_shows_progress_and_packets(admin_client, sent_world):
    other = DistributorFactory(name="Bách Hóa Xanh")
    CataloguePacket.objects.create(
        event=sent_world.event, distributor=other, send_at=sent_world.event.catalogue_send_at
    )
    response = admin_client.get("/en/admin/events/cataloguepacket/")
    assert response.status_code == 200
    (progress,) = response.context["packet_progress"]
    assert (progress.total, progress.pending, progress.sent, progress.failed, progress.done_percent) == (
        2,
        1,
        1,
        0,
        50,
    )
    html = response.content.decode()
    assert "Sending progress" in html
    assert "Preview" in html


def test_admin_preview_in_the_buyers_language_and_as_pdf(admin_client, sent_world):
    url = reverse(
        "admin:events_cataloguepacket_preview", args=[sent_world.event.pk, sent_world.distributor.pk]
    )
    html = admin_client.get(url).content.decode()
    for name in product_names(sent_world):
        assert name in html
    assert "thumua@coop.example.vn" in html
    assert "Your meetings" in html  # the buyer reads English
    pdf_url = reverse(
        "admin:events_cataloguepacket_preview_pdf", args=[sent_world.event.pk, sent_world.distributor.pk]
    )
    assert f"{pdf_url}?lang=en" in html
    response = admin_client.get(pdf_url + "?lang=vi")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    packet = CataloguePacket.objects.get()
    stored = admin_client.get(reverse("admin:events_cataloguepacket_pdf", args=[packet.pk]))
    assert b"".join(stored.streaming_content) == mail.outbox[0].attachments[0][1]
    stored.close()


def test_admin_preview_needs_an_organiser(client, sent_world):
    client.force_login(sent_world.buyer.user)
    url = reverse(
        "admin:events_cataloguepacket_preview", args=[sent_world.event.pk, sent_world.distributor.pk]
    )
    assert client.get(url).status_code == 302  # to the admin login


def test_admin_actions_send_now_and_resend(admin_client, sent_world, django_capture_on_commit_callbacks):
    packet = CataloguePacket.objects.get()
    url = "/en/admin/events/cataloguepacket/"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "send_now", "_selected_action": [packet.pk]}, follow=True
        )
    assert "1 packet was left alone" in response.content.decode()
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "resend_new_version", "_selected_action": [packet.pk]}, follow=True
        )
    assert "1 new version is being sent." in response.content.decode()
    assert len(mail.outbox) == 2
    assert list(CataloguePacket.objects.values_list("version", "status").order_by("version")) == [
        (1, PacketStatus.SENT),
        (2, PacketStatus.SENT),
    ]


def test_admin_event_actions_prepare_and_send_now(admin_client, django_capture_on_commit_callbacks):
    world = build_world(send_at_offset=7 * 24 * 3600)
    url = "/en/admin/events/event/"
    response = admin_client.post(
        url, {"action": "prepare_catalogue_packets", "_selected_action": [world.event.pk]}, follow=True
    )
    assert "1 packet prepared." in response.content.decode()
    assert CataloguePacket.objects.get().status == PacketStatus.PENDING
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "send_catalogue_packets_now", "_selected_action": [world.event.pk]}, follow=True
        )
    assert "1 packet is being sent." in response.content.decode()
    assert CataloguePacket.objects.get().status == PacketStatus.SENT
    assert len(mail.outbox) == 1
