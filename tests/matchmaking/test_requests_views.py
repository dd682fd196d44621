"""Meeting request pages, as each side sees them."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

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
    ShortlistFactory,
    ShortlistItemFactory,
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
    """The same form sent twice (a second tab): the page shows the request already open
    instead of a second one."""
    client.force_login(setup["buyer"].user)
    data = {"event": setup["event"].pk, "priority": "2"}
    client.post(create_url(setup["product"]), data)
    response = client.post(create_url(setup["product"]), data)
    assert response.status_code == 400
    html = response.content.decode()
    first = MeetingRequest.objects.get()
    assert "Already asked" in html
    assert f'href="/en/meetings/requests/{first.pk}/"' in html
    assert "There is no other event where you can ask" in html


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
def test_buyers_to_meet_says_who_asked_whom_in_a_fixed_number_of_queries(
    client, setup, item_count, django_assert_num_queries
):
    """Each matching buyer shows the open request with it: the producer's own ("Your
    company's meeting request") or the buyer's ("They asked to meet your company"), with
    its state and a link; a buyer with no open request gets the button."""
    event = setup["event"]
    buyers = [setup["buyer"]] + [BuyerFactory(distributor__name=f"Chuỗi {n}") for n in range(item_count - 1)]
    for buyer in buyers[1:]:
        ParticipationFactory(event=event, kind="distributor", distributor=buyer.distributor)
    for buyer in buyers:
        SourcingNeedFactory(distributor=buyer.distributor, title="Bánh kẹo Tết", min_stars=4)
    theirs = MeetingRequestFactory(
        event=event, distributor=buyers[0].distributor, producer=setup["product"].producer
    )
    fresh = BuyerFactory(distributor__name="Chuỗi mới")
    ParticipationFactory(event=event, kind="distributor", distributor=fresh.distributor)
    SourcingNeedFactory(distributor=fresh.distributor, min_stars=4)
    client.force_login(setup["member"])
    with django_assert_num_queries(10):
        html = client.get("/en/meetings/buyers/").content.decode()
    assert f'href="/en/meetings/requests/{theirs.pk}/"' in html
    assert "They asked to meet your company · Hội nghị kết nối cung cầu Cần Thơ 2027" in html
    assert f"/en/meetings/ask/buyer/{fresh.distributor.slug}/" in html
    theirs.status = "declined"
    theirs.save()
    ours = MeetingRequestFactory(
        event=event, distributor=buyers[0].distributor, producer=setup["product"].producer, side="producer"
    )
    html = client.get("/en/meetings/buyers/").content.decode()
    assert f'href="/en/meetings/requests/{ours.pk}/"' in html
    assert "Your company's meeting request · Hội nghị" in html
    assert "They asked to meet your company" not in html


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


def test_the_list_marks_what_awaits_the_viewers_answer(client, setup):
    """On each side, a pending request the other side sent says it awaits your answer; the
    buyer's section counts them; one's own pending request just says pending."""
    buyer, producer = setup["buyer"], setup["product"].producer
    theirs = MeetingRequestFactory(
        event=setup["event"], distributor=buyer.distributor, producer=producer, side="producer"
    )
    other = make_product(name="Nước mắm Phú Quốc").producer
    ours = MeetingRequestFactory(event=setup["event"], distributor=buyer.distributor, producer=other)
    client.force_login(buyer.user)
    html = client.get("/en/meetings/requests/").content.decode()
    assert "1 producer's request waits for your company's answer" in html
    rows = {r.split('href="')[1].split('"')[0]: r for r in html.split('class="row request-row"')[1:]}
    assert "Awaiting your answer" in rows[f"/en/meetings/requests/{theirs.pk}/"]
    assert "Awaiting your answer" not in rows[f"/en/meetings/requests/{ours.pk}/"]
    assert ">Pending<" in rows[f"/en/meetings/requests/{ours.pk}/"]
    dashboard = client.get("/en/buyer/").content.decode()
    assert dashboard.count("Awaiting your answer") == 1

    client.force_login(setup["member"])  # the producer sent it: pending, nothing to answer
    html = client.get("/en/meetings/requests/").content.decode()
    assert "Awaiting your answer" not in html
    assert "wait for your answer" not in html
    assert 'name="requests"' not in html


# --- The company's open requests, where a buyer would ask again ------------------------------


def test_the_request_form_lists_what_is_already_asked_and_offers_the_other_events(client, setup):
    """Asked at one event, the buyer sees that request and may ask for the other event both
    attend, and only for it."""
    buyer, product = setup["buyer"], setup["product"]
    asked = MeetingRequestFactory(
        event=setup["event"], distributor=buyer.distributor, producer=product.producer
    )
    other = EventFactory(name="Hội chợ OCOP Vĩnh Long 2027")
    ParticipationFactory(event=other, producer=product.producer)
    ParticipationFactory(event=other, kind="distributor", distributor=buyer.distributor)
    client.force_login(buyer.user)
    response = client.get(create_url(product))
    html = response.content.decode()
    assert "Already asked" in html
    assert f'href="/en/meetings/requests/{asked.pk}/"' in html
    assert "Your company's meeting request · Hội nghị kết nối cung cầu Cần Thơ 2027" in html
    assert "Ask for another event" in html
    assert [e.pk for e in response.context["form"].fields["event"].queryset] == [other.pk]
    # the asked event, from a stale page: refused with the reason, nothing written
    response = client.post(create_url(product), {"event": setup["event"].pk, "priority": "2"})
    assert response.status_code == 400
    assert "Choose one of the events offered here." in response.content.decode()
    assert MeetingRequest.objects.count() == 1
    response = client.post(create_url(product), {"event": other.pk, "priority": "2"})
    assert response.status_code == 302
    assert MeetingRequest.objects.filter(event=other, status="pending").count() == 1


def test_a_producers_request_to_the_buyer_shows_as_theirs(client, setup):
    buyer, product = setup["buyer"], setup["product"]
    theirs = MeetingRequestFactory(
        event=setup["event"], side="producer", distributor=buyer.distributor, producer=product.producer
    )
    client.force_login(buyer.user)
    html = client.get(create_url(product)).content.decode()
    assert "They asked to meet your company · Hội nghị kết nối cung cầu Cần Thơ 2027" in html
    assert f'href="/en/meetings/requests/{theirs.pk}/"' in html
    assert "There is no other event where you can ask" in html
    assert 'name="priority"' not in html
    # the event is one the company attends: not listed as one "to join"
    assert "Registration has closed" not in html
    assert "meets buyers at the events below" not in html


@pytest.mark.parametrize("status", ["declined", "cancelled"])
def test_a_closed_request_does_not_stop_asking_again(client, setup, status):
    buyer, product = setup["buyer"], setup["product"]
    MeetingRequestFactory(
        event=setup["event"], distributor=buyer.distributor, producer=product.producer, status=status
    )
    client.force_login(buyer.user)
    response = client.get(create_url(product))
    assert "Already asked" not in response.content.decode()
    assert list(response.context["form"].fields["event"].queryset) == [setup["event"]]


def test_other_companies_requests_and_past_events_are_not_shown(client, setup):
    buyer, product = setup["buyer"], setup["product"]
    someone_else = MeetingRequestFactory(event=setup["event"], producer=product.producer)
    past = EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=3))
    old = MeetingRequestFactory(
        event=past, distributor=buyer.distributor, producer=product.producer, status="accepted"
    )
    client.force_login(buyer.user)
    for page in (
        create_url(product),
        f"/en/products/{product.slug}/",
        f"/en/producers/{product.producer.slug}/",
    ):
        html = client.get(page).content.decode()
        assert "Already asked" not in html
        assert f"/en/meetings/requests/{someone_else.pk}/" not in html
        assert f"/en/meetings/requests/{old.pk}/" not in html


def test_the_product_page_shows_the_companys_open_requests_with_its_producer(client, setup):
    buyer, product = setup["buyer"], setup["product"]
    request = MeetingRequestFactory(
        event=setup["event"], distributor=buyer.distributor, producer=product.producer, status="accepted"
    )
    colleague = BuyerFactory(distributor=buyer.distributor)  # the company's, not the buyer's own
    client.force_login(colleague.user)
    html = client.get(f"/en/products/{product.slug}/").content.decode()
    assert f'href="/en/meetings/requests/{request.pk}/"' in html
    assert '<span class="status status-accepted">Accepted</span>' in html
    client.logout()
    assert (
        f"/en/meetings/requests/{request.pk}/"
        not in client.get(f"/en/products/{product.slug}/").content.decode()
    )
    pending = BuyerFactory(distributor=buyer.distributor, status="pending")
    client.force_login(pending.user)
    assert (
        f"/en/meetings/requests/{request.pk}/"
        not in client.get(f"/en/products/{product.slug}/").content.decode()
    )


def test_the_shortlist_shows_each_producers_open_requests(client, setup):
    buyer, product = setup["buyer"], setup["product"]
    quiet = make_product(name="Kẹo dừa Bến Tre")
    shortlist = ShortlistFactory(buyer=buyer)
    ShortlistItemFactory(shortlist=shortlist, product=product)
    ShortlistItemFactory(shortlist=shortlist, product=quiet)
    request = MeetingRequestFactory(
        event=setup["event"], distributor=buyer.distributor, producer=product.producer
    )
    client.force_login(buyer.user)
    html = client.get(f"/en/buyer/shortlists/{shortlist.pk}/").content.decode()
    # the items in the order added: the asked producer's first, then the other one
    asked_item, quiet_item = html.split(f'id="item-{quiet.pk}"')
    assert f'href="/en/meetings/requests/{request.pk}/"' in asked_item
    assert "Your company's meeting request · Hội nghị kết nối cung cầu Cần Thơ 2027" in asked_item
    assert "/en/meetings/requests/" not in quiet_item


def test_the_shortlist_exports_say_where_each_producer_stands(client, setup):
    """The Excel and PDF a team takes to its meetings say which producers the company has
    asked, or been asked by, and how it stands."""
    buyer, product = setup["buyer"], setup["product"]
    quiet = make_product(name="Kẹo dừa Bến Tre")
    shortlist = ShortlistFactory(buyer=buyer)
    ShortlistItemFactory(shortlist=shortlist, product=product)
    ShortlistItemFactory(shortlist=shortlist, product=quiet)
    MeetingRequestFactory(
        event=setup["event"], side="producer", distributor=buyer.distributor, producer=product.producer
    )
    client.force_login(buyer.user)
    xlsx = client.get(f"/en/buyer/shortlists/{shortlist.pk}/export.xlsx")
    header, *rows = load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    column = header.index("Meeting requests")
    assert [row[column] for row in rows] == [
        "Pending: They asked to meet your company · Hội nghị kết nối cung cầu Cần Thơ 2027",
        None,
    ]
    pdf = client.get(f"/en/buyer/shortlists/{shortlist.pk}/export.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Pending: They asked to meet your company" in " ".join(text.split())


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_producer_page_shows_the_companys_open_requests(
    client, setup, item_count, django_assert_num_queries
):
    buyer, producer = setup["buyer"], setup["product"].producer
    events = [setup["event"], *(EventFactory() for _ in range(item_count - 1))]
    requests = [
        MeetingRequestFactory(event=event, distributor=buyer.distributor, producer=producer)
        for event in events
    ]
    client.force_login(buyer.user)
    # session, user, producer, products, photos, buyer, the open requests with their events
    with django_assert_num_queries(7):
        html = client.get(f"/en/producers/{producer.slug}/").content.decode()
    assert all(f'href="/en/meetings/requests/{r.pk}/"' in html for r in requests)
    client.logout()
    assert "/en/meetings/requests/" not in client.get(f"/en/producers/{producer.slug}/").content.decode()


def test_request_rows_say_which_colleague_asked(client, setup):
    """A company's requests are the team's: the rows name the colleague who sent one, and
    the producer sees which buyer asked."""
    buyer, product = setup["buyer"], setup["product"]
    colleague = BuyerFactory(distributor=buyer.distributor, user__first_name="Lan", user__last_name="Trần")
    other = make_product(name="Kẹo dừa")
    MeetingRequestFactory(
        event=setup["event"],
        distributor=buyer.distributor,
        producer=product.producer,
        requested_by=colleague.user,
    )
    MeetingRequestFactory(
        event=setup["event"], distributor=buyer.distributor, producer=other.producer, requested_by=buyer.user
    )
    client.force_login(buyer.user)
    for page in ("/en/buyer/", "/en/meetings/requests/"):
        html = client.get(page).content.decode()
        assert html.count("asked by") == 1
        assert f"asked by {colleague.user}" in html
    client.force_login(setup["member"])
    assert f"asked by {colleague.user}" in client.get("/en/meetings/requests/").content.decode()


# --- A producer accepts several requests at once ----------------------------------------------


def test_a_producer_accepts_the_ticked_requests_at_once(client, setup, django_capture_on_commit_callbacks):
    producer = setup["product"].producer
    buyers = [setup["buyer"], *(BuyerFactory(user__language="en") for _ in range(2))]
    for buyer in buyers[1:]:
        ParticipationFactory(event=setup["event"], kind="distributor", distributor=buyer.distributor)
    first, second, left = (
        MeetingRequestFactory(
            event=setup["event"], distributor=b.distributor, producer=producer, requested_by=b.user
        )
        for b in buyers
    )
    theirs = MeetingRequestFactory(
        event=setup["event"], distributor=buyers[0].distributor
    )  # another producer's
    client.force_login(setup["member"])
    page = client.get("/en/meetings/requests/").content.decode()
    assert "3 requests wait for your answer" in page
    for request in (first, second, left):
        assert f'name="requests" value="{request.pk}" form="accept-many"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/meetings/requests/accept/",
            {"requests": [first.pk, second.pk, theirs.pk, "x"]},
            follow=True,
        )
    assert "2 meetings accepted: each buyer gets an e-mail." in response.content.decode()
    statuses = {r.pk: r.status for r in MeetingRequest.objects.all()}
    assert statuses == {first.pk: "accepted", second.pk: "accepted", left.pk: "pending", theirs.pk: "pending"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.user.email for b in buyers[:2])
    assert "1 request waits for your answer" in response.content.decode()


def test_accepting_nothing_or_as_someone_else_changes_nothing(client, setup):
    request = MeetingRequestFactory(
        event=setup["event"], distributor=setup["buyer"].distributor, producer=setup["product"].producer
    )
    client.force_login(setup["member"])
    response = client.post("/en/meetings/requests/accept/", {}, follow=True)
    assert "Tick the requests to accept." in response.content.decode()
    client.force_login(setup["buyer"].user)  # the side that asked cannot accept its own request
    assert client.post("/en/meetings/requests/accept/", {"requests": [request.pk]}).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"
