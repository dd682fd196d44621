"""Before the request deadline, each participant is reminded once of the requests that still
wait for their answer, in each person's language."""

import datetime as dt
from smtplib import SMTPException

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Participation
from matchmaking import reminders
from matchmaking.tasks import send_answer_reminders_task
from tests.concurrency import at_once
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    EventFactory,
    MeetingRequestFactory,
    ParticipationFactory,
    ProducerMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    """An event whose requests close in two days; a producer (two members, one reading
    English) asked by two buyers, one of whose requests it has already answered."""
    settings.SITE_URL = "https://ocop.example.vn"
    now = timezone.now()
    event = EventFactory(name="Hội chợ OCOP Cần Thơ 2027", request_deadline=now + dt.timedelta(days=2))
    product = make_product(name="Bánh pía sầu riêng")
    producer = product.producer
    ProducerMemberFactory(producer=producer, user__email="chu@banhpia.vn", user__language="vi")
    ProducerMemberFactory(producer=producer, user__email="sales@banhpia.vn", user__language="en")
    ParticipationFactory(event=event, producer=producer)
    buyers = [BuyerFactory(distributor__name=name, user__language="en") for name in ("Saigon Co.op", "Big C")]
    for buyer in buyers:
        ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    must = MeetingRequestFactory(
        event=event, distributor=buyers[1].distributor, producer=producer, product=product, priority=1
    )
    could = MeetingRequestFactory(
        event=event, distributor=buyers[0].distributor, producer=producer, priority=3
    )
    return {"event": event, "producer": producer, "buyers": buyers, "must": must, "could": could, "now": now}


def test_the_producers_people_are_reminded_of_what_waits_most_wanted_first(world):
    assert reminders.answer_reminders_send(now=world["now"]) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"chu@banhpia.vn", "sales@banhpia.vn"}
    en, vi = by_address["sales@banhpia.vn"], by_address["chu@banhpia.vn"]
    assert en.subject.endswith("2 meeting requests wait for your answer · Hội chợ OCOP Cần Thơ 2027")
    must, could = world["must"], world["could"]
    assert (
        f"- Big C · Must meet · Bánh pía sầu riêng\n  https://ocop.example.vn/en/meetings/requests/{must.pk}/"
        in en.body
    )
    assert en.body.index("Big C") < en.body.index("Saigon Co.op · Could meet")
    deadline = timezone.localtime(world["event"].request_deadline)
    assert f"close at {deadline:%H:%M, %d/%m/%Y}" in en.body
    assert "to accept several at once:\nhttps://ocop.example.vn/en/meetings/requests/" in en.body
    assert "2 đề nghị gặp đang chờ bạn trả lời" in vi.subject
    assert f"https://ocop.example.vn/vi/meetings/requests/{could.pk}/" in vi.body
    assert "&#x27;" not in en.body


def test_once_only(world):
    assert send_answer_reminders_task.delay().get() == 2  # the beat task, at any time before the deadline
    assert reminders.answer_reminders_send(now=world["now"] + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_answered_requests_and_those_the_producer_sent_are_not_listed(world):
    world["must"].status = "accepted"
    world["must"].save()
    asked = BuyerFactory(distributor__name="Bách Hóa Xanh", user__language="en")
    ParticipationFactory(event=world["event"], kind="distributor", distributor=asked.distributor)
    ours = MeetingRequestFactory(
        event=world["event"], distributor=asked.distributor, producer=world["producer"], side="producer"
    )
    reminders.answer_reminders_send(now=world["now"])
    producer_mail = next(m for m in mail.outbox if m.to == ["sales@banhpia.vn"])
    assert "1 meeting request waits for your answer" in producer_mail.subject
    assert "Big C" not in producer_mail.body
    assert "Bách Hóa Xanh" not in producer_mail.body
    # the buyer the producer asked is reminded too, of that one request
    buyer_mail = next(m for m in mail.outbox if m.to == [asked.user.email])
    assert f"/en/meetings/requests/{ours.pk}/" in buyer_mail.body
    assert world["producer"].legal_name in buyer_mail.body
    assert "several at once" not in buyer_mail.body
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("deadline", "why"),
    [
        (dt.timedelta(days=10), "too early"),
        (-dt.timedelta(hours=1), "closed"),
        (None, "no deadline"),
    ],
)
def test_not_outside_the_last_days_before_the_deadline(world, deadline, why):
    event = world["event"]
    event.request_deadline = world["now"] + deadline if deadline is not None else None
    event.save()
    assert reminders.answer_reminders_send(now=world["now"]) == 0, why
    assert not mail.outbox


def test_nothing_waiting_no_mail_and_no_claim(world):
    for request in (world["must"], world["could"]):
        request.status = "declined"
        request.save()
    assert reminders.answer_reminders_send(now=world["now"]) == 0
    assert not Participation.objects.filter(answer_reminder_at__isnull=False).exists()


def test_a_participant_not_approved_is_not_reminded(world):
    Participation.objects.filter(producer=world["producer"]).update(status="withdrawn")
    assert reminders.answer_reminders_send(now=world["now"]) == 0


def test_a_mail_failure_gives_the_reminder_back(world, monkeypatch):
    def broken(*args, **kwargs):
        raise SMTPException("421 try later")

    monkeypatch.setattr(reminders, "send_mass_mail", broken)
    assert reminders.answer_reminders_send(now=world["now"]) == 0
    assert not Participation.objects.filter(answer_reminder_at__isnull=False).exists()
    monkeypatch.undo()
    assert reminders.answer_reminders_send(now=world["now"]) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_once(postgresql, world):
    now = world["now"]
    results = at_once(
        lambda: reminders.answer_reminders_send(now=now), lambda: reminders.answer_reminders_send(now=now)
    )
    assert sorted(results) == [0, 2]
    assert len(mail.outbox) == 2
