"""Sending packets: due rows, exactly once, retries with back-off, the sweeper, resending.

Tasks run in-process (eager) here; tests/events/test_packets_worker.py runs them on a real
worker with Redis and PostgreSQL.
"""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from events.enums import EventStatus, PacketStatus, ParticipantKind
from events.models import CataloguePacket
from events.packets import services
from events.tasks import send_catalogue_packet, send_due_catalogue_packets, sweep_stuck_catalogue_packets
from tests.concurrency import at_once
from tests.conftest import require_service
from tests.events.packets_world import FlakySMTPBackend, build_world
from tests.factories import BuyerFactory, DistributorFactory, ParticipationFactory, UserFactory


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    """One beat tick: create due packets and send them (tasks run in-process)."""

    def run() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            send_due_catalogue_packets.delay()

    return run


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "tests.events.packets_world.FlakySMTPBackend"
    FlakySMTPBackend.failures = 0
    FlakySMTPBackend.calls = 0
    return FlakySMTPBackend


def _packet(world) -> CataloguePacket:
    return CataloguePacket.objects.get(event=world.event, distributor=world.distributor)


@pytest.mark.django_db
def test_beat_sends_each_due_packet_once(tick):
    world = build_world()
    tick()
    packet = _packet(world)
    assert (packet.version, packet.status, packet.attempts, packet.last_error) == (
        1,
        PacketStatus.SENT,
        1,
        "",
    )
    assert packet.sent_at is not None
    assert packet.send_at == world.event.catalogue_send_at
    tick()
    tick()
    assert len(mail.outbox) == 1
    assert CataloguePacket.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (EventStatus.REGISTRATION_OPEN, +3600),  # not yet time
        (EventStatus.DRAFT, -60),
        (EventStatus.CANCELLED, -60),
        (EventStatus.FINISHED, -60),
    ],
)
def test_beat_sends_nothing_before_time_or_for_events_not_running(tick, status, offset):
    world = build_world(send_at_offset=offset)
    world.event.status = status
    world.event.save()
    tick()
    assert mail.outbox == []
    assert not CataloguePacket.objects.exists()


@pytest.mark.django_db
def test_beat_sends_only_to_approved_distributors_and_catches_up_late_ones(tick):
    world = build_world()
    late = DistributorFactory(name="Bách Hóa Xanh")
    BuyerFactory(distributor=late, user=UserFactory(email="bhx@example.vn"))
    participation = ParticipationFactory(
        event=world.event, kind=ParticipantKind.DISTRIBUTOR, distributor=late, status="pending"
    )
    tick()
    assert [m.to for m in mail.outbox] == [["thumua@coop.example.vn"]]
    participation.status = "approved"
    participation.save()
    tick()
    assert [m.to for m in mail.outbox] == [["thumua@coop.example.vn"], ["bhx@example.vn"]]


@pytest.mark.django_db
def test_send_task_run_ten_times_mails_once(tick):
    world = build_world(send_at_offset=3600)
    packet = CataloguePacket.objects.create(
        event=world.event, distributor=world.distributor, send_at=timezone.now()
    )
    results = [send_catalogue_packet.delay(packet_id=packet.pk).get() for _ in range(10)]
    assert results == ["sent"] + ["skipped"] * 9
    assert len(mail.outbox) == 1
    packet.refresh_from_db()
    assert (packet.status, packet.attempts) == (PacketStatus.SENT, 1)
    tick()  # and the next beat tick does not send it again
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_send_task_called_ten_times_concurrently_mails_once():
    require_service("PostgreSQL", connection.vendor == "postgresql", "concurrent claims need row locks")
    world = build_world(send_at_offset=3600)
    packet = CataloguePacket.objects.create(
        event=world.event, distributor=world.distributor, send_at=timezone.now()
    )
    # The task itself, called in each thread: Task.apply() flips Celery's process-wide "join
    # would block" flag around each run, and ten threads at once could leave it set, so that a
    # later .get() in this process raised "Never call result.get() within a task!".
    results = at_once(*[lambda: send_catalogue_packet(packet_id=packet.pk)] * 10)
    assert sorted(results) == ["sent"] + ["skipped"] * 9
    assert len(mail.outbox) == 1
    packet.refresh_from_db()
    assert (packet.status, packet.attempts) == (PacketStatus.SENT, 1)


@pytest.mark.django_db
def test_smtp_failing_twice_sends_on_the_third_try(tick, smtp, settings):
    # Retries are due at once instead of after 30–45 s and 60–90 s. In-process there is no
    # broker to hold a countdown: each retry is the next beat tick's (a worker's own retries
    # are in test_packets_worker.py).
    settings.CATALOGUE_PACKET_RETRY_BACKOFF = 0
    world = build_world()
    smtp.failures = 2
    tick()
    assert (_packet(world).status, _packet(world).attempts, smtp.calls) == (PacketStatus.PENDING, 1, 1)
    tick()
    tick()
    packet = _packet(world)
    assert (packet.status, packet.attempts, packet.last_error) == (PacketStatus.SENT, 3, "")
    assert (smtp.calls, len(mail.outbox)) == (3, 1)


@pytest.mark.django_db
def test_smtp_always_failing_fails_the_packet_with_the_error_shown(tick, smtp, settings, admin_client):
    settings.CATALOGUE_PACKET_RETRY_BACKOFF = 0
    world = build_world()
    smtp.failures = -1
    for _ in range(services.MAX_ATTEMPTS):
        tick()
    packet = _packet(world)
    assert (packet.status, packet.attempts) == (PacketStatus.FAILED, services.MAX_ATTEMPTS)
    assert packet.last_error == "SMTPDataError: (451, b'4.3.0 Mail server temporarily unavailable')"
    assert (smtp.calls, mail.outbox) == (6, [])
    tick()  # failed stays failed until an organiser sends it again
    assert smtp.calls == 6
    page = admin_client.get("/vi/admin/events/cataloguepacket/?status__exact=failed").content.decode()
    assert "SMTPDataError: (451, b&#x27;4.3.0 Mail server temporarily unavailable&#x27;)" in page


@pytest.mark.django_db
def test_a_failed_try_backs_off_and_the_beat_sends_when_due(tick, smtp):
    world = build_world()
    smtp.failures = 1
    before = timezone.now()
    tick()
    packet = _packet(world)
    assert (packet.status, packet.attempts, mail.outbox) == (PacketStatus.PENDING, 1, [])
    assert packet.last_error.startswith("SMTPDataError")
    assert before + dt.timedelta(seconds=30) <= packet.send_at <= timezone.now() + dt.timedelta(seconds=45)
    tick()  # not due yet: the task's eager retry and the beat leave it alone
    assert smtp.calls == 1
    CataloguePacket.objects.filter(pk=packet.pk).update(send_at=timezone.now())  # 45 s later
    tick()
    packet.refresh_from_db()
    assert (packet.status, packet.attempts, smtp.calls, len(mail.outbox)) == (PacketStatus.SENT, 2, 2, 1)


def test_retry_delay_doubles_with_up_to_half_again_of_jitter():
    for attempts, low in [(1, 30), (2, 60), (3, 120), (5, 480)]:
        delays = {services.retry_delay(attempts) for _ in range(50)}
        assert all(low <= d <= 1.5 * low for d in delays)
        assert len(delays) > 1


@pytest.mark.django_db
def test_sweeper_takes_back_packets_stuck_in_sending(django_capture_on_commit_callbacks, settings):
    world = build_world()
    long_ago = timezone.now() - dt.timedelta(seconds=settings.CATALOGUE_PACKET_STUCK_AFTER + 60)
    stuck = CataloguePacket.objects.create(
        event=world.event,
        distributor=world.distributor,
        send_at=long_ago,
        status=PacketStatus.SENDING,
        claimed_at=long_ago,
        attempts=1,
    )
    other = DistributorFactory()
    BuyerFactory(distributor=other)
    busy = CataloguePacket.objects.create(
        event=world.event,
        distributor=other,
        send_at=long_ago,
        status=PacketStatus.SENDING,
        claimed_at=timezone.now() - dt.timedelta(seconds=60),
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_stuck_catalogue_packets.delay().get() == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, stuck.attempts, len(mail.outbox)) == (PacketStatus.SENT, 2, 1)
    assert busy.status == PacketStatus.SENDING


@pytest.mark.django_db
def test_sweeper_threshold_is_read_at_call_time_and_gives_up_after_the_last_try(settings):
    world = build_world()
    settings.CATALOGUE_PACKET_STUCK_AFTER = 5
    ten_seconds_ago = timezone.now() - dt.timedelta(seconds=10)
    packet = CataloguePacket.objects.create(
        event=world.event,
        distributor=world.distributor,
        send_at=ten_seconds_ago,
        status=PacketStatus.SENDING,
        claimed_at=ten_seconds_ago,
        attempts=services.MAX_ATTEMPTS,
    )
    assert services.catalogue_packets_sweep_stuck() == 0
    packet.refresh_from_db()
    assert packet.status == PacketStatus.FAILED
    expected = gettext("Interrupted while sending (try %(attempt)d): the worker stopped.")
    assert packet.last_error == expected % {"attempt": services.MAX_ATTEMPTS}


@pytest.mark.django_db
def test_resend_makes_a_new_version_and_only_one_at_a_time(tick, django_capture_on_commit_callbacks):
    world = build_world()
    tick()
    first = _packet(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = services.catalogue_packet_resend(packet=first)
        assert services.catalogue_packet_resend(packet=first) is None  # v2 is waiting
    assert (second.version, second.status, len(callbacks)) == (2, PacketStatus.PENDING, 1)
    callbacks[0]()
    second.refresh_from_db()
    assert second.status == PacketStatus.SENT
    assert len(mail.outbox) == 2
    assert mail.outbox[1].attachments[0][0] == "catalogue-ket-noi-cung-cau-soc-trang-v2.pdf"
    first.refresh_from_db()
    assert first.status == PacketStatus.SENT  # the first version's history stays


@pytest.mark.django_db
def test_send_now_sends_a_failed_packet_again(tick, smtp, settings, django_capture_on_commit_callbacks):
    settings.CATALOGUE_PACKET_RETRY_BACKOFF = 0
    world = build_world()
    smtp.failures = -1
    for _ in range(services.MAX_ATTEMPTS):
        tick()
    assert _packet(world).status == PacketStatus.FAILED
    smtp.failures = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.catalogue_packets_send_now(packets=CataloguePacket.objects.all()) == 1
    packet = _packet(world)
    assert (packet.status, packet.attempts, len(mail.outbox)) == (PacketStatus.SENT, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.catalogue_packets_send_now(packets=CataloguePacket.objects.all()) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_packet_without_recipients_fails_with_a_reason(tick):
    world = build_world()
    world.buyer.status = "pending"
    world.buyer.save()
    tick()
    packet = _packet(world)
    assert (packet.status, mail.outbox) == (PacketStatus.FAILED, [])
    assert packet.last_error != ""


@pytest.mark.django_db
def test_task_for_a_deleted_packet_logs_and_returns(caplog):
    assert send_catalogue_packet.delay(packet_id=987654).get() == "missing"
    assert "catalogue packet 987654 no longer exists" in caplog.text


@pytest.mark.django_db
def test_packet_of_a_cancelled_event_is_not_sent_even_when_enqueued():
    world = build_world()
    packet = CataloguePacket.objects.create(
        event=world.event, distributor=world.distributor, send_at=timezone.now()
    )
    world.event.status = EventStatus.CANCELLED
    world.event.save()
    assert send_catalogue_packet.delay(packet_id=packet.pk).get() == "skipped"
    assert mail.outbox == []


@pytest.mark.django_db
def test_due_packets_are_not_enqueued_again_while_their_message_waits(
    django_capture_on_commit_callbacks, settings
):
    world = build_world()
    services.catalogue_packets_create_due()
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.catalogue_packets_enqueue_due() == 1
        assert services.catalogue_packets_enqueue_due() == 0
    assert len(callbacks) == 1
    settings.CATALOGUE_PACKET_REQUEUE_AFTER = 0
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.catalogue_packets_enqueue_due() == 1
    assert _packet(world).status == PacketStatus.PENDING


@pytest.mark.django_db
def test_event_prepare_then_send_now(django_capture_on_commit_callbacks):
    world = build_world(send_at_offset=7 * 24 * 3600)
    assert services.event_catalogue_prepare(event=world.event) == 1
    packet = _packet(world)
    assert (packet.status, packet.send_at) == (PacketStatus.PENDING, world.event.catalogue_send_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_catalogue_send_now(event=world.event) == 1
    packet.refresh_from_db()
    assert (packet.status, len(mail.outbox)) == (PacketStatus.SENT, 1)
