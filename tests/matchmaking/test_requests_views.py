"""Meeting request pages, as each side sees them."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from matchmaking.enums import RunStatus
from matchmaking.models import MeetingRequest
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    EventFactory,
    MeetingRequestFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ScheduleRunFactory,
    SourcingNeedFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def setup(db):
    event = EventFactory(name="Hội nghị kết nối cung cầu Cần Thơ 2027")
    buyer = BuyerFactory(distributor__name="Saigon Co.op", user__language="en")
    product = make_product(name="Bánh pía Tân Huê Viên", certificate__stars=4, certificate__score=80)
    member = ProducerMemberFactory(producer=product.producer, user__language="en").user
    ParticipationFactory(event=event, producer=product.producer)
    ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    return {"event": event, "buyer": buyer, "product": product, "member": member}


def create_url(product):
    return f"/en/meetings/ask/producer/{product.producer.slug}/?product={product.slug}"


def test_buyer_requests_a_meeting_from_a_product(client, setup, django_capture_on_commit_callbacks):
    product, buyer = setup["product"], setup["buyer"]
    client.force_login(buyer.user)
    page = client.get(create_url(product)).content.decode()
    assert "Meet Hợp tác xã" in page
    assert "Hội nghị kết nối cung cầu Cần Thơ 2027" in page
    other = BuyerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(product),
            {
                "event": setup["event"].pk,
                "priority": "1",
                "message": "Xin gặp để bàn về Tết",
                # mass assignment: ignored
                "status": "accepted",
                "distributor": other.distributor.pk,
                "side": "producer",
                "requested_by": other.user.pk,
            },
        )
    request = MeetingRequest.objects.get()
    assert response["Location"] == f"/en/meetings/requests/{request.pk}/"
    assert (request.status, request.side, request.distributor, request.product) == (
        "pending",
        "buyer",
        buyer.distributor,
        product,
    )
    assert request.requested_by == buyer.user
    assert request.priority == 1
    assert mail.outbox[0].to == [setup["member"].email]
    detail = client.get(response["Location"]).content.decode()
    assert "Your request was sent." in detail
    assert "Pending" in detail
    assert "Must meet" in detail
    assert "Xin gặp để bàn về Tết" in detail
    assert "Cancel the request" in detail
    assert "Accept the meeting" not in detail


def test_duplicate_request_shows_a_clear_message(client, setup):
    client.force_login(setup["buyer"].user)
    data = {"event": setup["event"].pk, "priority": "2"}
    client.post(create_url(setup["product"]), data)
    response = client.post(create_url(setup["product"]), data)
    assert response.status_code == 400
    assert "is already open for this event" in response.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_no_common_event_explains_why(client, setup):
    stranger = make_product()
    client.force_login(setup["buyer"].user)
    html = client.get(create_url(stranger)).content.decode()
    assert "is not taking part in an event that still takes meeting requests" in html
    assert f'href="/en/producers/{stranger.producer.slug}/"' in html  # their products
    response = client.post(create_url(stranger), {"event": setup["event"].pk, "priority": "2"})
    assert response.status_code == 400
    assert not MeetingRequest.objects.exists()


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (None, "Register my company"),
        ("withdrawn", "Register my company"),
        ("pending", "registration is awaiting the organisers' approval"),
        ("declined", "The organisers declined your company's registration"),
    ],
)
def test_a_producer_at_another_event_says_how_to_join_it(client, setup, status, says):
    """The producer meets buyers at an event the buyer's company is not approved for: the
    page names it and says what to do there (register, or wait for the organisers)."""
    other = EventFactory(name="Hội chợ OCOP Vĩnh Long 2027")
    elsewhere = make_product(name="Kẹo dừa")
    ParticipationFactory(event=other, producer=elsewhere.producer)
    if status:
        ParticipationFactory(
            event=other, kind="distributor", distributor=setup["buyer"].distributor, status=status
        )
    client.force_login(setup["buyer"].user)
    html = client.get(create_url(elsewhere)).content.decode()
    assert "meets buyers at the events below" in html
    assert "Hội chợ OCOP Vĩnh Long 2027" in html
    assert "Hội nghị kết nối cung cầu Cần Thơ 2027" not in html  # the producer is not there
    assert says in html
    register = f'href="/en/events/{other.slug}/register/?as=distributor"'
    assert (register in html) == (says == "Register my company")
    assert 'name="priority"' not in html  # no form to send: no event in common


def test_an_event_whose_registration_closed_says_the_organisers_can_register(client, setup):
    other = EventFactory(name="Hội chợ OCOP Vĩnh Long 2027", status="closed")
    elsewhere = make_product(name="Kẹo dừa")
    ParticipationFactory(event=other, producer=elsewhere.producer)
    client.force_login(setup["buyer"].user)
    html = client.get(create_url(elsewhere)).content.decode()
    assert "Registration has closed: the organisers can still register your company." in html
    assert "/register/" not in html


def test_past_the_deadline_no_event_is_offered(client, setup):
    setup["event"].request_deadline = timezone.now() - dt.timedelta(hours=1)
    setup["event"].save()
    client.force_login(setup["buyer"].user)
    html = client.get(create_url(setup["product"])).content.decode()
    assert "is not taking part in an event that still takes meeting requests" in html


def test_producer_accepts_on_the_request_page(client, setup, django_capture_on_commit_callbacks):
    request = MeetingRequestFactory(
        event=setup["event"],
        distributor=setup["buyer"].distributor,
        producer=setup["product"].producer,
        requested_by=setup["buyer"].user,
    )
    client.force_login(setup["member"])
    page = client.get(f"/en/meetings/requests/{request.pk}/").content.decode()
    assert "Accept the meeting" in page
    assert "Reason for declining" in page
    assert "Cancel the request" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/requests/{request.pk}/accept/", {"status": "declined"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
    assert mail.outbox[-1].to == [setup["buyer"].user.email]
    page = client.get(f"/en/meetings/requests/{request.pk}/").content.decode()
    assert "You accepted the meeting." in page
    assert "Accept the meeting" not in page
    assert "Cancel the request" in page
    # answering again: a message, no change
    client.post(f"/en/meetings/requests/{request.pk}/decline/", {"reason": "x"})
    request.refresh_from_db()
    assert request.status == "accepted"


def test_producer_declines_with_a_reason(client, setup):
    request = MeetingRequestFactory(
        event=setup["event"], distributor=setup["buyer"].distributor, producer=setup["product"].producer
    )
    client.force_login(setup["member"])
    client.post(f"/en/meetings/requests/{request.pk}/decline/", {"reason": ""})
    request.refresh_from_db()
    assert request.status == "pending"
    client.post(f"/en/meetings/requests/{request.pk}/decline/", {"reason": "Chưa đủ sản lượng"})
    request.refresh_from_db()
    assert (request.status, request.response_reason) == ("declined", "Chưa đủ sản lượng")


def test_no_cancel_once_the_schedule_is_published(client, setup):
    request = MeetingRequestFactory(
        event=setup["event"], distributor=setup["buyer"].distributor, producer=setup["product"].producer
    )
    ScheduleRunFactory(event=setup["event"], status=RunStatus.PUBLISHED, version=1)
    client.force_login(setup["buyer"].user)
    assert "Cancel the request" not in client.get(f"/en/meetings/requests/{request.pk}/").content.decode()
    client.post(f"/en/meetings/requests/{request.pk}/cancel/")
    request.refresh_from_db()
    assert request.status == "pending"


def test_producer_finds_matching_buyers_and_asks_one(client, setup):
    SourcingNeedFactory(distributor=setup["buyer"].distributor, title="Bánh kẹo Tết", min_stars=4)
    unmatched = BuyerFactory(distributor__name="Chuỗi 5 sao")
    ParticipationFactory(event=setup["event"], kind="distributor", distributor=unmatched.distributor)
    SourcingNeedFactory(distributor=unmatched.distributor, min_stars=5)
    client.force_login(setup["member"])
    html = client.get("/en/meetings/buyers/").content.decode()
    assert "Saigon Co.op" in html
    assert "Bánh kẹo Tết" in html
    assert "Bánh pía Tân Huê Viên" in html
    assert "Chuỗi 5 sao" not in html
    slug = setup["buyer"].distributor.slug
    response = client.post(f"/en/meetings/ask/buyer/{slug}/", {"event": setup["event"].pk, "priority": "3"})
    request = MeetingRequest.objects.get()
    assert response["Location"] == f"/en/meetings/requests/{request.pk}/"
    assert (request.side, request.priority) == ("producer", 3)
    assert client.get(f"/en/meetings/ask/buyer/{unmatched.distributor.slug}/").status_code == 404
    # the buyer now answers it
    client.force_login(setup["buyer"].user)
    assert "Accept the meeting" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("item_count", [1, 3])
def test_request_list_query_count_is_constant(client, setup, item_count, django_assert_num_queries):
    for _ in range(item_count):
        product = make_product()
        MeetingRequestFactory(
            event=setup["event"], distributor=setup["buyer"].distributor, producer=product.producer
        )
    client.force_login(setup["buyer"].user)
    # session, user, producer membership, buyer, requests
    with django_assert_num_queries(5):
        response = client.get("/en/meetings/requests/")
    assert len(response.context["buyer_requests"]) == item_count
