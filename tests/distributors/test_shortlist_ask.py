"""Asking every producer on a shortlist to meet at an event, from the list's page."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from matchmaking import services
from matchmaking.models import MeetingRequest
from tests.concurrency import at_once
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    EventFactory,
    MeetingRequestFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ShortlistFactory,
    ShortlistItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(buyer):
    event = EventFactory(name="Hội chợ OCOP Cần Thơ 2027")
    ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    return event


def attending(event, name, **kwargs):
    """A product whose producer takes part in ``event`` and has a member to e-mail."""
    product = make_product(name=name, **kwargs)
    ParticipationFactory(event=event, producer=product.producer)
    ProducerMemberFactory(producer=product.producer, user__email=f"{product.producer.slug}@example.com")
    return product


def listed(buyer, *products, **kwargs):
    shortlist = ShortlistFactory(buyer=buyer, **kwargs)
    for product in products:
        ShortlistItemFactory(shortlist=shortlist, product=product)
    return shortlist


def ask(client, shortlist, event, **data):
    """Send the panel's form as it comes: every producer of the list ticked."""
    producers = sorted({item.product.producer_id for item in shortlist.items.select_related("product")})
    return client.post(
        f"/en/buyer/shortlists/{shortlist.pk}/ask/",
        {
            "ask-event": event.pk,
            "ask-priority": "1",
            "ask-message": "Xin gặp tại hội chợ.",
            "ask-producers": producers,
            **data,
        },
        follow=True,
    )


def test_every_producer_on_the_list_is_asked_once_and_told_by_email(
    buyer_client, buyer, event, django_capture_on_commit_callbacks
):
    pia = attending(event, "Bánh pía")
    pia_again = make_product(name="Bánh pía sầu riêng", producer=pia.producer)
    mam = attending(event, "Nước mắm")
    absent = make_product(name="Kẹo dừa")  # its producer is not at the event
    asked = attending(event, "Lạp xưởng")
    MeetingRequestFactory(event=event, distributor=buyer.distributor, producer=asked.producer)
    shortlist = listed(buyer, pia_again, pia, mam, absent, asked)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(buyer_client, shortlist, event)

    assert response.redirect_chain == [(f"/en/buyer/shortlists/{shortlist.pk}/", 302)]
    sent = MeetingRequest.objects.filter(status="pending", side="buyer").exclude(producer=asked.producer)
    # each producer once, about its first product on the list
    assert {(r.producer_id, r.product_id) for r in sent} == {
        (pia.producer_id, pia_again.pk),
        (mam.producer_id, mam.pk),
    }
    assert {(r.priority, r.message, r.requested_by) for r in sent} == {
        (1, "Xin gặp tại hội chợ.", buyer.user)
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{p.producer.slug}@example.com" for p in (pia, mam)
    )
    html = response.content.decode()
    assert "2 meeting requests sent. Each producer gets an e-mail." in html
    assert f"Not taking part in this event: {absent.producer.legal_name}." in html
    assert f"Already asked at this event, or asking you: {asked.producer.legal_name}." in html
    # the list now shows each request
    assert all(f'href="/en/meetings/requests/{r.pk}/"' in html for r in sent)


def test_the_organisers_limit_stops_at_the_limit_and_names_the_rest(buyer_client, buyer, event):
    event.max_requests_per_participant = 1
    event.save()
    first, second = attending(event, "Bánh pía"), attending(event, "Nước mắm")
    html = ask(buyer_client, listed(buyer, first, second), event).content.decode()
    assert MeetingRequest.objects.get().producer == first.producer
    assert "1 meeting request sent." in html
    assert (
        "as your company has reached the organiser&#x27;s limit of 1 requests for this event: "
        f"{second.producer.legal_name}" in html
    )


def test_a_producer_whose_products_left_the_catalogue_is_not_asked(buyer_client, buyer, event):
    archived = attending(event, "Bánh pía", status="archived")
    html = ask(buyer_client, listed(buyer, archived), event).content.decode()
    assert not MeetingRequest.objects.exists()
    assert (
        f"No product of theirs on this list is in the catalogue any more: {archived.producer.legal_name}."
        in html
    )


def test_only_the_companys_open_events_are_offered(buyer_client, buyer, event):
    """The list's own event comes chosen; an event the company does not attend, or past its
    deadline, is refused with the form again and nothing is written."""
    product = attending(event, "Bánh pía")
    elsewhere = EventFactory(name="Hội chợ không tham gia")
    ParticipationFactory(event=elsewhere, producer=product.producer)
    closed = EventFactory(request_deadline=timezone.now() - dt.timedelta(hours=1))
    ParticipationFactory(event=closed, kind="distributor", distributor=buyer.distributor)
    shortlist = listed(buyer, product, event=event)
    response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/")
    form = response.context["ask_form"]
    assert list(form.fields["event"].queryset) == [event]
    assert form["event"].value() == event.pk
    assert "Ask these producers to meet at an event" in response.content.decode()
    for other in (elsewhere, closed):
        response = ask(buyer_client, shortlist, other)
        assert response.status_code == 400
        assert "Choose one of the events offered here." in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_without_an_open_event_the_panel_is_not_offered(buyer_client, buyer):
    shortlist = listed(buyer, make_product())
    response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/")
    assert response.context["ask_form"] is None
    assert "Ask these producers to meet" not in response.content.decode()


def test_an_empty_list_offers_nothing_to_send(buyer_client, buyer, event):
    shortlist = listed(buyer)
    assert (
        "Ask these producers to meet"
        not in buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/").content.decode()
    )
    assert ask(buyer_client, shortlist, event).status_code == 400  # a page from before it was emptied
    assert not MeetingRequest.objects.exists()


def test_a_colleague_asks_from_a_shared_list_and_nobody_else_can(client, buyer, event):
    product = attending(event, "Bánh pía")
    shared = listed(buyer, product, shared=True)
    colleague = BuyerFactory(distributor=buyer.distributor)
    client.force_login(colleague.user)
    ask(client, shared, event)
    assert MeetingRequest.objects.get().requested_by == colleague.user

    private = listed(buyer, make_product(), name="Riêng")
    assert client.post(f"/en/buyer/shortlists/{private.pk}/ask/", {"ask-event": event.pk}).status_code == 404
    stranger = BuyerFactory()
    client.force_login(stranger.user)
    assert client.post(f"/en/buyer/shortlists/{shared.pk}/ask/", {"ask-event": event.pk}).status_code == 404
    pending = BuyerFactory(distributor=buyer.distributor, status="pending")
    client.force_login(pending.user)
    assert client.post(f"/en/buyer/shortlists/{shared.pk}/ask/", {"ask-event": event.pk}).status_code == 403
    assert MeetingRequest.objects.count() == 1


def test_sending_twice_asks_nobody_twice(buyer_client, buyer, event):
    shortlist = listed(buyer, attending(event, "Bánh pía"), attending(event, "Nước mắm"))
    ask(buyer_client, shortlist, event)
    html = ask(buyer_client, shortlist, event).content.decode()
    assert MeetingRequest.objects.count() == 2
    assert "meeting requests sent" not in html
    assert "Already asked at this event" in html


def test_a_get_goes_back_to_the_list(buyer_client, buyer):
    shortlist = listed(buyer)
    response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/ask/")
    assert response["Location"] == f"/en/buyer/shortlists/{shortlist.pk}/"


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_sending_at_once_ask_each_producer_once_within_the_limit(postgresql):
    """Two buyers of the company press "Send the requests" on the shared list together: the
    unique open pair and the limit, counted under the participation's lock, hold."""
    buyer = BuyerFactory()
    colleague = BuyerFactory(distributor=buyer.distributor)
    event = EventFactory(max_requests_per_participant=2)
    ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    products = [attending(event, f"Sản phẩm {n}") for n in range(3)]

    def send(by):
        return lambda: services.meeting_requests_create_for_products(buyer=by, event=event, products=products)

    results = at_once(send(buyer), send(colleague))
    assert sum(len(r.sent) for r in results) == 2
    assert MeetingRequest.objects.count() == 2
    assert len({r.producer_id for r in MeetingRequest.objects.all()}) == 2
    skipped = [code for r in results for code, producers in r.skipped.items() for _ in producers]
    assert len(skipped) == 4  # 3 producers asked by each: 2 sent, the rest as it fell
    assert set(skipped) <= {"duplicate", "limit"}


def test_only_the_ticked_producers_are_asked(buyer_client, buyer, event):
    kept, left_out = attending(event, "Bánh pía"), attending(event, "Nước mắm")
    shortlist = listed(buyer, kept, left_out)
    page = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/").content.decode()
    for product in (kept, left_out):  # both ticked at first
        assert f'name="ask-producers" value="{product.producer_id}"' in page
    assert page.count('name="ask-producers"') == page.count('name="ask-producers" value') == 2
    assert page.count("checked") >= 2

    html = ask(buyer_client, shortlist, event, **{"ask-producers": [kept.producer_id]}).content.decode()
    assert "1 meeting request sent." in html
    assert MeetingRequest.objects.get().producer == kept.producer


@pytest.mark.parametrize("ticked", [[], ["999999"]])
def test_no_producer_or_one_off_the_list_is_refused(buyer_client, buyer, event, ticked):
    shortlist = listed(buyer, attending(event, "Bánh pía"))
    response = ask(buyer_client, shortlist, event, **{"ask-producers": ticked})
    assert response.status_code == 400
    assert (
        "Tick at least one producer." if not ticked else "Select a valid choice."
    ) in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_producers_with_a_request_open_at_the_event_start_unticked_and_say_where(buyer_client, buyer, event):
    """A producer the company already has a request with at the list's event starts unticked,
    with the events of its open requests under its name; one asked only at another event is
    ticked, as the request would be new."""
    later = EventFactory(name="Hội chợ OCOP Hà Nội 2027")
    ParticipationFactory(event=later, kind="distributor", distributor=buyer.distributor)
    asked_here, asked_elsewhere, new = (attending(event, n) for n in ("Bánh pía", "Nước mắm", "Kẹo dừa"))
    MeetingRequestFactory(event=event, distributor=buyer.distributor, producer=asked_here.producer)
    MeetingRequestFactory(event=later, distributor=buyer.distributor, producer=asked_elsewhere.producer)
    shortlist = listed(buyer, asked_here, asked_elsewhere, new, event=event)

    response = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/")
    form = response.context["ask_form"]
    assert form["event"].value() == event.pk
    assert form["producers"].value() == [asked_elsewhere.producer_id, new.producer_id]
    page = response.content.decode()
    assert "a request is open at Hội chợ OCOP Cần Thơ 2027" in page
    assert "a request is open at Hội chợ OCOP Hà Nội 2027" in page
    assert page.count("a request is open at") == 2

    # sent as it comes: the two ticked are asked, the other is not touched
    ask(buyer_client, shortlist, event, **{"ask-producers": form["producers"].value()})
    assert set(MeetingRequest.objects.filter(event=event).values_list("producer_id", flat=True)) == {
        asked_here.producer_id,
        asked_elsewhere.producer_id,
        new.producer_id,
    }
    assert MeetingRequest.objects.filter(event=event, producer=asked_here.producer).count() == 1
