"""Meeting request services: the rules, the races, the e-mails."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from distributors.models import Buyer
from events.models import Event
from matchmaking import services
from matchmaking.emails import recipients
from matchmaking.enums import Priority, RequestSide, RequestStatus, RunStatus
from matchmaking.models import MeetingRequest
from matchmaking.tasks import notify_meeting_request_task
from producers.models import Producer, Product
from tests.concurrency import at_once
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    EventFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ScheduleRunFactory,
    SourcingNeedFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    """Service messages are in the active language; these tests read the English ones."""
    with translation.override("en"):
        yield


@dataclass
class World:
    event: Event
    buyer: Buyer
    producer: Producer
    product: Product
    member: object  # the producer's member (a User)


def world(**event_kwargs) -> World:
    event = EventFactory(**event_kwargs)
    buyer = BuyerFactory(user__language="en", distributor__name="Saigon Co.op")
    product = make_product(name="Bánh pía Tân Huê Viên", certificate__stars=4, certificate__score=80)
    member = ProducerMemberFactory(producer=product.producer, user__language="vi").user
    ParticipationFactory(event=event, producer=product.producer)
    ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    return World(event, buyer, product.producer, product, member)


def ask(w: World, **kwargs) -> MeetingRequest:
    params = {"buyer": w.buyer, "producer": w.producer, "event": w.event, "product": w.product, **kwargs}
    return services.meeting_request_create_by_buyer(**params)


def test_buyer_asks_a_producer_and_the_producer_is_mailed_in_vietnamese(django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(w, priority=Priority.MUST, message="Chúng tôi muốn gặp.")
    assert (request.status, request.side, request.priority) == ("pending", "buyer", Priority.MUST)
    assert request.distributor == w.buyer.distributor
    assert request.requested_by == w.buyer.user
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [w.member.email]
    assert "Saigon Co.op" in message.subject
    assert "Chúng tôi muốn gặp." in message.body
    assert f"/vi/meetings/requests/{request.pk}/" in message.body


def test_request_email_link_keeps_the_dev_server_port(settings, django_capture_on_commit_callbacks):
    """`make run` serves on 127.0.0.1:8000 with DEBUG on: the link must keep the port."""
    settings.SITE_URL, settings.DEBUG = "", True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(w)
    assert f"http://127.0.0.1:8000/vi/meetings/requests/{request.pk}/" in mail.outbox[0].body


def test_request_and_acceptance_email_links_use_site_url(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://ocop.example.vn"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(w)
    assert f"https://ocop.example.vn/vi/meetings/requests/{request.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_request_accept(request=request, user=w.member)
    assert f"https://ocop.example.vn/en/meetings/requests/{request.pk}/" in mail.outbox[0].body


def test_the_task_is_enqueued_after_commit_only(django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(w)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_task_of_a_missing_request_does_nothing(caplog):
    notify_meeting_request_task.run(request_id=987654)
    assert "no longer exists" in caplog.text
    assert notify_meeting_request_task.name == "matchmaking.notify_meeting_request"


def test_unapproved_buyer_cannot_ask():
    w = world()
    w.buyer.status = "pending"
    with pytest.raises(ValidationError, match="not approved"):
        ask(w)


def test_both_must_attend_the_event():
    w = world()
    other = EventFactory()
    with pytest.raises(ValidationError, match="not an approved participant"):
        ask(w, event=other)
    ParticipationFactory(event=other, kind="distributor", distributor=w.buyer.distributor)
    with pytest.raises(ValidationError, match="does not attend"):
        ask(w, event=other)
    ParticipationFactory(event=other, producer=w.producer, status="pending")
    with pytest.raises(ValidationError, match="does not attend"):
        ask(w, event=other)


def test_no_new_request_after_the_deadline():
    w = world(request_deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="deadline"):
        ask(w)
    assert MeetingRequest.objects.count() == 0


def test_no_request_for_a_finished_or_cancelled_event():
    w = world(status="cancelled")
    with pytest.raises(ValidationError, match="does not take meeting requests"):
        ask(w)


def test_duplicate_live_request_gets_a_clear_message():
    w = world()
    ask(w)
    with pytest.raises(ValidationError, match="already open for this event"):
        ask(w)
    assert MeetingRequest.objects.count() == 1


def test_a_declined_pair_can_ask_again():
    w = world()
    first = ask(w)
    services.meeting_request_decline(request=first, user=w.member, reason="Hết hàng")
    second = ask(w)
    assert second.pk != first.pk


def test_organiser_limit_per_participant():
    w = world(max_requests_per_participant=2)
    for _ in range(2):
        product = make_product()
        ParticipationFactory(event=w.event, producer=product.producer)
        ask(w, producer=product.producer, product=product)
    with pytest.raises(ValidationError, match="limit of 2"):
        ask(w)
    # a cancelled request frees a place
    first = MeetingRequest.objects.order_by("pk").first()
    services.meeting_request_cancel(request=first, user=w.buyer.user)
    assert ask(w).status == "pending"


def test_product_must_be_the_producers_and_visible():
    w = world()
    stranger = make_product()
    with pytest.raises(ValidationError, match="not available"):
        ask(w, product=stranger)
    draft = make_product(producer=w.producer, status="draft")
    with pytest.raises(ValidationError, match="not available"):
        ask(w, product=draft)


def test_accept_and_the_buyer_is_mailed_in_english(django_capture_on_commit_callbacks):
    w = world()
    request = ask(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_request_accept(request=request, user=w.member)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert request.responded_at is not None
    assert [m.to for m in mail.outbox] == [[w.buyer.user.email]]
    assert mail.outbox[0].subject == "[OCOP] Your meeting request was accepted"
    assert "/en/meetings/requests/" in mail.outbox[0].body


def test_only_the_side_that_was_asked_answers():
    w = world()
    request = ask(w)
    with pytest.raises(ValidationError, match="Only the side that was asked"):
        services.meeting_request_accept(request=request, user=w.buyer.user)
    with pytest.raises(ValidationError, match="Only the side that was asked"):
        services.meeting_request_accept(request=request, user=UserFactory())
    assert MeetingRequest.objects.get().status == "pending"


def test_decline_needs_a_reason_and_keeps_it():
    w = world()
    request = ask(w)
    with pytest.raises(ValidationError, match="tell them why"):
        services.meeting_request_decline(request=request, user=w.member, reason="  ")
    services.meeting_request_decline(request=request, user=w.member, reason="Sản lượng chưa đủ")
    request.refresh_from_db()
    assert (request.status, request.response_reason) == ("declined", "Sản lượng chưa đủ")


def test_answering_twice_keeps_the_first_answer():
    w = world()
    request = ask(w)
    stale = MeetingRequest.objects.get(pk=request.pk)
    services.meeting_request_accept(request=request, user=w.member)
    with pytest.raises(ValidationError, match="already answered: it is now accepted"):
        services.meeting_request_decline(request=stale, user=w.member, reason="Không")
    assert MeetingRequest.objects.get().status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_once_give_one_acceptance(postgresql, django_capture_on_commit_callbacks):
    w = world()
    request = ask(w)

    def accept() -> str:
        try:
            services.meeting_request_accept(request=MeetingRequest.objects.get(pk=request.pk), user=w.member)
        except ValidationError:
            return "refused"
        return "ok"

    outcomes = at_once(accept, accept)
    assert sorted(outcomes) == ["ok", "refused"]
    assert MeetingRequest.objects.get().status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_requests_at_once_respect_the_limit(postgresql):
    w = world(max_requests_per_participant=1)
    others = []
    for _ in range(3):
        product = make_product()
        ParticipationFactory(event=w.event, producer=product.producer)
        others.append(product)

    def request_one(product) -> Callable[[], str]:
        def job() -> str:
            try:
                ask(w, producer=product.producer, product=product)
            except ValidationError:
                return "refused"
            return "ok"

        return job

    outcomes = at_once(*[request_one(p) for p in others])
    assert sorted(outcomes) == ["ok", "refused", "refused"]
    assert MeetingRequest.objects.filter(status="pending").count() == 1


def test_cancel_until_the_schedule_is_published(django_capture_on_commit_callbacks):
    w = world()
    request = ask(w)
    services.meeting_request_accept(request=request, user=w.member)
    ScheduleRunFactory(event=w.event, status=RunStatus.PUBLISHED, version=1)
    with pytest.raises(ValidationError, match="schedule of this event is published"):
        services.meeting_request_cancel(request=request, user=w.buyer.user)
    assert MeetingRequest.objects.get().status == "accepted"


def test_cancel_rules_and_both_sides_are_told(django_capture_on_commit_callbacks):
    w = world()
    request = ask(w)
    # the side that was asked declines a pending request rather than cancelling it
    with pytest.raises(ValidationError, match="cannot cancel"):
        services.meeting_request_cancel(request=request, user=w.member)
    ScheduleRunFactory(event=w.event, status=RunStatus.DRAFT)  # a draft does not stop it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_request_cancel(request=request, user=w.buyer.user)
    assert MeetingRequest.objects.get().status == "cancelled"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.buyer.user.email, w.member.email])
    with pytest.raises(ValidationError, match="cannot cancel"):
        services.meeting_request_cancel(request=request, user=w.buyer.user)


def test_producer_asks_a_buyer_whose_needs_match(django_capture_on_commit_callbacks):
    w = world()
    colleague = BuyerFactory(distributor=w.buyer.distributor, user__language="vi")
    BuyerFactory(distributor=w.buyer.distributor, status="pending")  # not told
    SourcingNeedFactory(distributor=w.buyer.distributor, min_stars=4)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.meeting_request_create_by_producer(
            user=w.member, producer=w.producer, distributor=w.buyer.distributor, event=w.event
        )
    assert (request.side, request.status, request.requested_by) == ("producer", "pending", w.member)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.buyer.user.email, colleague.user.email])
    # the buyer answers this time
    services.meeting_request_accept(request=request, user=colleague.user)
    assert MeetingRequest.objects.get().status == "accepted"


def test_producer_cannot_ask_a_buyer_whose_needs_do_not_match():
    w = world()
    SourcingNeedFactory(distributor=w.buyer.distributor, min_stars=5)
    with pytest.raises(ValidationError, match="do not match"):
        services.meeting_request_create_by_producer(
            user=w.member, producer=w.producer, distributor=w.buyer.distributor, event=w.event
        )
    with pytest.raises(ValidationError, match="not a member"):
        services.meeting_request_create_by_producer(
            user=w.buyer.user, producer=w.producer, distributor=w.buyer.distributor, event=w.event
        )


def test_recipients_follow_the_status():
    w = world()
    colleague = BuyerFactory(distributor=w.buyer.distributor)
    request = ask(w)
    assert [side for _user, side in recipients(request)] == [RequestSide.PRODUCER]
    request.status = RequestStatus.ACCEPTED
    assert [user for user, _side in recipients(request)] == [w.buyer.user]  # the person who asked
    request.status = RequestStatus.CANCELLED
    assert {user.pk for user, _side in recipients(request)} == {
        w.buyer.user.pk,
        colleague.user.pk,
        w.member.pk,
    }
