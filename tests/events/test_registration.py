"""Registration for an event (producers with their products, buyers with their distributor's
seats), the organisers' decisions and their e-mails, availability, the dashboard include,
and who may open which event page."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events import public_urls, services
from events.enums import EventStatus
from events.models import Participation
from events.registration_tasks import notify_participation_decision_task
from events.selectors import participations_for_user
from tests.factories import (
    BuyerFactory,
    EventFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerFactory,
    ProducerMemberFactory,
    ProductFactory,
    UserFactory,
)
from tests.factories.events import MeetingBlockWithSlotsFactory
from tests.pages import en, text

pytestmark = pytest.mark.django_db


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def event():
    now = timezone.now()
    event = EventFactory(
        name="Hội nghị kết nối cung cầu Cần Thơ",
        registration_deadline=now + dt.timedelta(days=10),
        request_deadline=now + dt.timedelta(days=20),
    )
    MeetingBlockWithSlotsFactory(event=event, title="B2B buổi chiều")
    return event


@pytest.fixture
def producer_a(event):
    """A member of producer A, registered (approved) with one of its products."""
    member = ProducerMemberFactory()
    product = ProductFactory(producer=member.producer, name="Bánh pía Vĩnh Châu")
    participation = ParticipationFactory(event=event, producer=member.producer)
    participation.products.add(product)
    return member.user


@pytest.fixture
def producer_b(event):
    """A member of producer B, not registered, with a visible product."""
    member = ProducerMemberFactory()
    ProductFactory(producer=member.producer, name="Mắm cá linh")
    return member.user


@pytest.fixture
def approved_buyer(event):
    buyer = BuyerFactory(distributor__name="Saigon Co.op")
    ParticipationFactory(
        event=event, kind="distributor", distributor=buyer.distributor, seats=2, representatives="An\nBình"
    )
    return buyer.user


@pytest.fixture
def unapproved_buyer(event):
    return BuyerFactory(status="pending").user


@pytest.fixture
def organiser(db):
    return OrganiserFactory()


ROLES = ("anonymous", "producer_a", "producer_b", "approved_buyer", "unapproved_buyer", "organiser")
EXPECTED = {
    # URL name: statuses for the roles above (302 = sent to the login page).
    "list": (200, 200, 200, 200, 200, 200),
    "detail": (200, 200, 200, 200, 200, 200),
    "register": (302, 200, 200, 200, 403, 403),
    "availability": (302, 200, 404, 200, 404, 404),
    "outcomes": (302, 403, 403, 403, 403, 200),
    "export_meetings": (302, 403, 403, 403, 403, 200),
    "export_mous": (302, 403, 403, 403, 403, 200),
}


def test_every_public_url_has_a_row_in_the_role_matrix():
    assert {pattern.name for pattern in public_urls.urlpatterns} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(request, client, event, name, role):
    users = {r: request.getfixturevalue(r) for r in ROLES[1:]}  # everyone exists in every case
    if role != "anonymous":
        client.force_login(users[role])
    pattern = next(p for p in public_urls.urlpatterns if p.name == name)
    kwargs = {"slug": event.slug} if "slug" in pattern.pattern.converters else {}
    response = client.get(en(f"events:{name}", **kwargs))
    assert response.status_code == EXPECTED[name][ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(en("account_login"))


def test_a_draft_event_is_hidden_except_from_organisers(client, organiser):
    draft = EventFactory(status=EventStatus.DRAFT)
    assert client.get(en("events:detail", slug=draft.slug)).status_code == 404
    client.force_login(ProducerMemberFactory().user)
    assert client.get(en("events:register", slug=draft.slug)).status_code == 404
    client.force_login(organiser)
    assert client.get(en("events:detail", slug=draft.slug)).status_code == 200


# --- Producers --------------------------------------------------------------------------------------


def test_producer_registers_with_its_products(client, event, producer_b):
    producer = producer_b.producer_memberships.get().producer
    product = producer.products.get()
    client.force_login(producer_b)
    page = client.get(en("events:register", slug=event.slug))
    assert "Mắm cá linh" in text(page.content)
    response = client.post(en("events:register", slug=event.slug), {"products": [product.pk]})
    assert response.status_code == 302
    assert response["Location"] == en("events:detail", slug=event.slug)
    participation = Participation.objects.get(event=event, producer=producer)
    assert (participation.kind, participation.status, participation.registered_by) == (
        "producer",
        "pending",
        producer_b,
    )
    assert list(participation.products.all()) == [product]
    assert flash(response) == [
        "Thank you: your registration was received. The organisers will confirm it by e-mail."
    ]
    detail = text(client.get(response["Location"]).content)
    assert f"{producer.legal_name} is registered. Awaiting approval" in detail


@pytest.mark.parametrize(
    ("whose", "message"),
    [
        ("other producer", "You can only bring your own products that buyers can see on the portal."),
        ("own draft", "You can only bring your own products that buyers can see on the portal."),
        ("none", "Choose at least one product to show and taste."),
    ],
)
def test_producer_registration_refuses_bad_products(client, event, producer_b, whose, message):
    producer = producer_b.producer_memberships.get().producer
    products = {
        "other producer": [ProductFactory().pk],
        "own draft": [ProductFactory(producer=producer, status="draft").pk],
        "none": [],
    }[whose]
    client.force_login(producer_b)
    response = client.post(en("events:register", slug=event.slug), {"products": products})
    assert response.status_code == 400
    assert message in text(response.content)
    assert not Participation.objects.filter(producer=producer).exists()


def test_the_service_also_refuses_someone_elses_product(event, producer_b, english):
    producer = producer_b.producer_memberships.get().producer
    with pytest.raises(ValidationError) as error:
        services.participation_register_producer(
            event=event, producer=producer, products=[ProductFactory()], user=producer_b
        )
    assert error.value.message_dict == {
        "products": ["You can only bring your own products that buyers can see on the portal."]
    }
    assert not Participation.objects.filter(producer=producer).exists()


def test_registration_after_the_deadline_is_refused(client, event, producer_b):
    event.registration_deadline = timezone.make_aware(dt.datetime(2026, 1, 5, 17, 0))
    event.save()
    product = producer_b.producer_memberships.get().producer.products.get()
    client.force_login(producer_b)
    page = text(client.get(en("events:register", slug=event.slug)).content)
    assert "Registration is closed. Registration closed on 05/01/2026 17:00." in page
    response = client.post(en("events:register", slug=event.slug), {"products": [product.pk]})
    assert response.status_code == 400
    assert "Registration closed on 05/01/2026 17:00." in text(response.content)
    assert not Participation.objects.filter(producer=product.producer).exists()


def test_registration_is_refused_when_the_event_does_not_take_any(client, event, producer_b):
    event.status = EventStatus.REGISTRATION_CLOSED
    event.save()
    product = producer_b.producer_memberships.get().producer.products.get()
    client.force_login(producer_b)
    response = client.post(en("events:register", slug=event.slug), {"products": [product.pk]})
    assert response.status_code == 400
    assert "Registration for this event is not open." in text(response.content)
    assert not Participation.objects.filter(producer=product.producer).exists()


def test_a_second_registration_is_refused_by_the_database(client, event, producer_b):
    """Two colleagues register the same producer from pages they opened before either had."""
    producer = producer_b.producer_memberships.get().producer
    product = producer.products.get()
    colleague = ProducerMemberFactory(producer=producer, role="member").user
    client.force_login(producer_b)
    client.post(en("events:register", slug=event.slug), {"products": [product.pk]})
    client.force_login(colleague)
    response = client.post(en("events:register", slug=event.slug), {"products": [product.pk]})
    assert response.status_code == 400
    assert f"{producer.legal_name} is already registered for this event (Awaiting approval)." in text(
        response.content
    )
    assert Participation.objects.filter(event=event, producer=producer).count() == 1


def test_the_duplicate_check_is_the_databases(event, producer_a, english):
    """The service does not look first: the unique constraint refuses, inside a savepoint, so
    the surrounding transaction goes on (PostgreSQL aborts a transaction on an error)."""
    producer = producer_a.producer_memberships.get().producer
    with pytest.raises(ValidationError, match="is already registered for this event"):
        services.participation_register_producer(
            event=event, producer=producer, products=list(producer.products.all()), user=producer_a
        )
    assert Participation.objects.filter(event=event, producer=producer).count() == 1  # still usable


def test_a_registered_producer_changes_its_products(client, event, producer_a):
    participation = Participation.objects.get(event=event, producer__memberships__user=producer_a)
    new = ProductFactory(producer=participation.producer, name="Lạp xưởng tươi")
    client.force_login(producer_a)
    page = text(client.get(en("events:register", slug=event.slug)).content)
    assert "is already registered for this event. Approved" in page
    response = client.post(
        en("events:register", slug=event.slug), {"products": [new.pk], "participation": participation.pk}
    )
    assert response.status_code == 302
    assert flash(response) == ["Your registration was updated."]
    assert list(participation.products.all()) == [new]
    participation.refresh_from_db()
    assert participation.status == "approved"


def test_a_withdrawn_registration_can_be_made_again(client, event, producer_a):
    participation = Participation.objects.get(event=event, producer__memberships__user=producer_a)
    services.participation_withdraw(participation=participation, by=None)
    product = participation.producer.products.get()
    client.force_login(producer_a)
    response = client.post(en("events:register", slug=event.slug), {"products": [product.pk]})
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.status, participation.registered_by) == ("pending", producer_a)
    assert Participation.objects.filter(event=event, producer=participation.producer).count() == 1


def test_a_declined_producer_sees_why_and_no_form(client, event, producer_a):
    participation = Participation.objects.get(event=event, producer__memberships__user=producer_a)
    services.participation_decline(participation=participation, by=None)
    client.force_login(producer_a)
    page = client.get(en("events:register", slug=event.slug))
    assert "The organisers declined this registration." in text(page.content)
    assert '<form method="post" class="stack-form' not in page.content.decode()


# --- Buyers -------------------------------------------------------------------------------------------


def test_buyer_registers_the_distributor_with_seats_and_representatives(client, event):
    buyer = BuyerFactory(distributor__name="Central Retail")
    client.force_login(buyer.user)
    response = client.post(
        en("events:register", slug=event.slug),
        {"seats": 3, "representatives": "Nguyễn Văn An – thu mua\n\n  Trần Thị Bình  \nLê Chí"},
    )
    assert response.status_code == 302
    participation = Participation.objects.get(event=event, distributor=buyer.distributor)
    assert (participation.kind, participation.seats, participation.status) == ("distributor", 3, "pending")
    assert participation.representatives == "Nguyễn Văn An – thu mua\nTrần Thị Bình\nLê Chí"
    assert participation.registered_by == buyer.user


@pytest.mark.parametrize(
    ("seats", "names", "message"),
    [
        ("0", "An", "Ask for at least one seat."),
        ("", "An", "Ask for at least one seat."),
        ("11", "An", "At most 10 seats per distributor."),
        ("2", "An", "You asked for 2 seats: name one representative per seat (you named 1)."),
        ("1", "  ", "Name the people who will come, one per line."),
    ],
)
def test_bad_seats_are_refused_with_a_clear_message(client, event, seats, names, message):
    buyer = BuyerFactory()
    client.force_login(buyer.user)
    response = client.post(en("events:register", slug=event.slug), {"seats": seats, "representatives": names})
    assert response.status_code == 400
    assert message in text(response.content)
    assert not Participation.objects.filter(distributor=buyer.distributor).exists()


def test_an_unapproved_buyer_cannot_register(client, event, unapproved_buyer):
    client.force_login(unapproved_buyer)
    response = client.post(en("events:register", slug=event.slug), {"seats": 1, "representatives": "An"})
    assert response.status_code == 403
    assert not Participation.objects.filter(distributor__buyers__user=unapproved_buyer).exists()


def test_someone_who_is_both_chooses_what_to_register(client, event, producer_b):
    buyer = BuyerFactory(user=producer_b, distributor__name="BRG Retail")
    client.force_login(producer_b)
    page = text(client.get(en("events:register", slug=event.slug)).content)
    assert "Producer registration" in page
    assert "Register my distributor instead" in page
    page = text(client.get(en("events:register", slug=event.slug) + "?as=distributor").content)
    assert "Distributor registration" in page
    response = client.post(
        en("events:register", slug=event.slug), {"as": "distributor", "seats": 1, "representatives": "An"}
    )
    assert response.status_code == 302
    assert Participation.objects.filter(event=event, distributor=buyer.distributor).exists()


# --- The organisers' decision, and the e-mails -------------------------------------------------------


@pytest.fixture
def pending(event):
    """A pending producer with two members (Vietnamese, English) and a pending distributor with
    an approved buyer (English) and one awaiting approval (not told)."""
    producer_member = ProducerMemberFactory(user__language="vi")
    ProducerMemberFactory(producer=producer_member.producer, user__language="en", role="member")
    producer = ParticipationFactory(event=event, producer=producer_member.producer, status="pending")
    buyer = BuyerFactory(user__language="en")
    BuyerFactory(distributor=buyer.distributor, status="pending")
    distributor = ParticipationFactory(
        event=event, kind="distributor", distributor=buyer.distributor, seats=2, status="pending"
    )
    return producer, distributor


def _action(client, action: str, participations) -> object:
    return client.post(
        en("admin:events_participation_changelist"),
        {"action": action, "_selected_action": [p.pk for p in participations]},
        follow=True,
    )


def test_organiser_approves_in_bulk_and_each_person_is_told_in_their_language(
    client, organiser, pending, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "approve", pending)
    assert "2 registrations approved." in text(response.content)
    assert {p.status for p in Participation.objects.filter(pk__in=[p.pk for p in pending])} == {"approved"}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 3  # two producer members, the approved buyer; not the pending buyer
    producer, distributor = pending
    vi_user = producer.producer.members.get(language="vi")
    en_user = producer.producer.members.get(language="en")
    buyer_user = distributor.distributor.buyers.get(status="approved").user
    assert set(by_address) == {vi_user.email, en_user.email, buyer_user.email}
    english = by_address[en_user.email]
    assert english.subject == f"[OCOP] Your registration for {producer.event.name} is approved"
    assert f"The organisers approved the registration of {producer.producer.legal_name}" in english.body
    assert "/en/events/" in english.body
    assert "/vi/events/" in by_address[vi_user.email].body  # links in the reader's language
    assert "You have 2 seats for B2B meetings." in by_address[buyer_user.email].body


def test_approving_names_the_participants_nobody_could_be_told(
    client, organiser, pending, event, django_capture_on_commit_callbacks
):
    """A producer registered by the organisers has no member on the portal (or none with an
    e-mail address): the action says so, by name, rather than implying everyone was told."""
    silent = ParticipationFactory(
        event=event, producer=ProducerFactory(legal_name="HTX Không Email"), status="pending"
    )
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "approve", [*pending, silent])
    page = text(response.content)
    assert "3 registrations approved." in page
    assert (
        "1 of them has nobody with an e-mail address on the portal and was not told: HTX Không Email." in page
    )
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "withdraw", [silent])
    assert "nobody with an e-mail address" not in text(response.content)  # withdrawing mails no one


def test_declining_tells_them_and_deciding_twice_does_not_mail_again(
    client, organiser, pending, django_capture_on_commit_callbacks
):
    producer, _distributor = pending
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "decline", [producer])
    assert "1 registration declined." in text(response.content)
    assert len(mail.outbox) == 2
    english = next(m for m in mail.outbox if "Your registration" in m.subject)
    assert english.subject == f"[OCOP] Your registration for {producer.event.name} was declined"
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "decline", [producer])
    assert "1 registration was left as it was (already decided, or withdrawn)." in text(response.content)
    assert len(mail.outbox) == 2


def test_a_stale_decision_task_sends_nothing(pending):
    producer, _distributor = pending
    services.participation_approve(participation=producer, by=None)
    services.participation_decline(participation=producer, by=None)
    mail.outbox.clear()
    assert notify_participation_decision_task(participation_id=producer.pk, status="approved") == 0
    assert notify_participation_decision_task(participation_id=producer.pk, status="declined") == 2
    assert notify_participation_decision_task(participation_id=999_999, status="declined") == 0


def test_organiser_registers_a_household_business_on_its_behalf(client, organiser, event):
    product = ProductFactory(producer__kind="household", producer__legal_name="Hộ kinh doanh Bà Sáu")
    client.force_login(organiser)
    response = client.post(
        en("admin:events_participation_add"),
        {
            "event": event.pk,
            "producer": product.producer.pk,
            "status": "approved",
            "seats": 1,
            "representatives": "Bà Sáu",
            "products": [product.pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    participation = Participation.objects.get(producer=product.producer)
    assert (participation.kind, participation.status, participation.registered_by) == (
        "producer",
        "approved",
        organiser,
    )
    assert list(participation.products.all()) == [product]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"products": "foreign"}, "These products belong to another producer"),
        ({"seats": 2}, "A producer has one seat."),
        ({"producer": None}, "Choose either a producer or a distributor."),
        ({"duplicate": True}, "is already registered for this event (Approved)."),
    ],
)
def test_the_admin_add_form_refuses_inconsistent_participants(client, organiser, event, change, message):
    product = ProductFactory()
    data = {"event": event.pk, "producer": product.producer.pk, "status": "pending", "seats": 1}
    data["products"] = [ProductFactory().pk] if change.get("products") == "foreign" else [product.pk]
    if "seats" in change:
        data["seats"] = change["seats"]
    if "producer" in change:
        data.pop("producer")
    if change.get("duplicate"):
        ParticipationFactory(event=event, producer=product.producer)
    before = Participation.objects.count()
    client.force_login(organiser)
    with translation.override("en"):
        response = client.post(en("admin:events_participation_add"), data)
    assert response.status_code == 200
    assert message in text(response.content)
    assert Participation.objects.count() == before


def test_event_changelist_shows_counts_per_event(client, organiser, event, producer_a, approved_buyer):
    ParticipationFactory(event=event, status="pending")
    client.force_login(organiser)
    page = text(client.get(en("admin:events_event_changelist")).content)
    assert "1 approved 1 pending" in page  # producers
    assert "1 approved 0 pending" in page  # distributors
    change = client.get(en("admin:events_event_change", object_id=event.pk))
    assert en("events:outcomes", slug=event.slug) in change.content.decode()


# --- Availability ------------------------------------------------------------------------------------


def test_participant_marks_slots_and_whole_blocks_unavailable(client, event, approved_buyer):
    morning = MeetingBlockWithSlotsFactory(
        event=event,
        title="B2B buổi sáng",
        starts_at=event.meeting_blocks.get().starts_at - dt.timedelta(hours=5),
    )
    afternoon = event.meeting_blocks.get(title="B2B buổi chiều")
    participation = Participation.objects.get(event=event, kind="distributor")
    first, second = afternoon.slots.order_by("starts_at")[:2]
    client.force_login(approved_buyer)
    page = text(client.get(en("events:availability", slug=event.slug)).content)
    assert "B2B buổi sáng" in page
    assert "B2B buổi chiều" in page
    assert "14:00–14:20" in page
    assert "14:25–14:45" in page
    response = client.post(
        en("events:availability", slug=event.slug), {"blocks": [morning.pk], "slots": [second.pk]}
    )
    assert response.status_code == 302
    assert flash(response) == ["Saved: the schedule will avoid the times you cannot make."]
    unavailable = set(participation.unavailable_slots.all())
    assert unavailable == set(morning.slots.all()) | {second}
    assert first not in unavailable
    # The whole morning shows ticked; unticking it frees the morning, the slot boxes left as they were.
    page = client.get(en("events:availability", slug=event.slug)).content.decode()
    assert f'name="was_whole" value="{morning.pk}"' in page
    client.post(
        en("events:availability", slug=event.slug),
        {"was_whole": [morning.pk], "slots": [s.pk for s in morning.slots.all()] + [second.pk]},
    )
    assert set(participation.unavailable_slots.all()) == {second}
    response = client.post(en("events:availability", slug=event.slug), {})
    assert flash(response)[-1] == "Saved: you are available for the whole meeting programme."
    assert not participation.unavailable_slots.exists()


def test_availability_page_in_vietnamese_asks_for_busy_times_throughout(client, event, approved_buyer):
    """The page asks for the times one cannot make; its title, button and the links to it
    must say the same (they once read "times I can attend", and people ticked free times)."""
    client.force_login(approved_buyer)
    page = client.get(f"/vi/events/{event.slug}/availability/").content.decode()
    assert "Bạn bận vào những khung giờ nào?" in page
    assert "Lưu lịch bận" in page
    assert "có thể tham gia" not in page
    assert "Lịch bận của tôi" in client.get("/vi/buyer/").content.decode()


def test_availability_refuses_another_events_slots_and_late_changes(client, event, producer_a):
    participation = Participation.objects.get(event=event, producer__memberships__user=producer_a)
    other = MeetingBlockWithSlotsFactory()
    client.force_login(producer_a)
    response = client.post(en("events:availability", slug=event.slug), {"slots": [other.slots.first().pk]})
    assert response.status_code == 400
    assert "These time slots are not part of this event." in text(response.content)
    assert not participation.unavailable_slots.exists()
    event.request_deadline = timezone.make_aware(dt.datetime(2026, 2, 1, 17, 0))
    event.save()
    slot = event.meeting_blocks.get().slots.first()
    response = client.post(en("events:availability", slug=event.slug), {"slots": [slot.pk]})
    assert response.status_code == 400
    assert "Availability could be changed until 01/02/2026 17:00; ask the organisers." in text(
        response.content
    )
    assert not participation.unavailable_slots.exists()


def test_another_producer_cannot_post_availability(client, event, producer_a, producer_b):
    slot = event.meeting_blocks.get().slots.first()
    client.force_login(producer_b)
    response = client.post(en("events:availability", slug=event.slug), {"slots": [slot.pk]})
    assert response.status_code == 404
    assert not Participation.objects.filter(unavailable_slots=slot).exists()


# --- "Events I'm registered for" on the dashboards ----------------------------------------------------


def test_my_events_lists_the_users_registrations(event, producer_a, rf):
    past = EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=30))
    ParticipationFactory(event=past, producer=producer_a.producer_memberships.get().producer)
    participations = participations_for_user(producer_a)
    assert [p.event for p in participations] == [event]  # past events are not listed
    request = rf.get("/")
    request.user = producer_a
    with translation.override("en"):
        html = text(
            render_to_string(
                "events/includes/my_events.html", {"participations": participations}, request=request
            )
        )
    assert "Events I'm registered for" in html
    assert event.name in html
    assert "Approved · 1 product" in html
    assert "My availability" in html
    assert participations_for_user(UserFactory()) == []


@pytest.mark.parametrize("count", [1, 3])
def test_my_events_query_count_is_constant(event, approved_buyer, count, django_assert_num_queries):
    distributor = approved_buyer.buyer_memberships.get().distributor
    for _ in range(count - 1):
        ParticipationFactory(event=EventFactory(), kind="distributor", distributor=distributor)
    with django_assert_num_queries(1):
        participations = participations_for_user(approved_buyer)
    assert len(participations) == count


def test_a_registered_buyer_changes_seats_and_representatives(client, event, approved_buyer):
    participation = Participation.objects.get(event=event, kind="distributor")
    client.force_login(approved_buyer)
    page = client.get(en("events:register", slug=event.slug))
    assert page.context["form"].initial == {"seats": 2, "representatives": "An\nBình"}
    response = client.post(
        en("events:register", slug=event.slug),
        {"seats": 3, "representatives": "An\nBình\nChi", "participation": participation.pk},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.seats, participation.representatives, participation.status) == (
        3,
        "An\nBình\nChi",
        "approved",
    )
    assert Participation.objects.filter(event=event, kind="distributor").count() == 1


def test_extra_post_fields_cannot_approve_or_redirect_a_registration(client, event, producer_b):
    """Mass assignment: status, kind, seats, producer and registered_by are not the form's."""
    producer = producer_b.producer_memberships.get().producer
    product = producer.products.get()
    other = ProducerFactory()
    client.force_login(producer_b)
    response = client.post(
        en("events:register", slug=event.slug),
        {
            "products": [product.pk],
            "status": "approved",
            "kind": "distributor",
            "seats": 9,
            "producer": other.pk,
            "registered_by": "",
            "event": 0,
        },
    )
    assert response.status_code == 302
    participation = Participation.objects.get(event=event)
    assert (participation.producer, participation.status, participation.seats, participation.kind) == (
        producer,
        "pending",
        1,
        "producer",
    )
    assert participation.registered_by == producer_b


def test_extra_post_fields_cannot_change_someone_elses_availability(client, event, approved_buyer):
    """Mass assignment: the participation comes from the user, never from the POST."""
    afternoon = event.meeting_blocks.get(title="B2B buổi chiều")
    mine = Participation.objects.get(event=event, kind="distributor")
    other = ParticipationFactory(event=event, kind="distributor", seats=1)
    slot = afternoon.slots.order_by("starts_at").first()
    client.force_login(approved_buyer)
    response = client.post(
        en("events:availability", slug=event.slug),
        {"slots": [slot.pk], "participation": other.pk, "status": "approved", "seats": 7},
    )
    assert response.status_code == 302
    assert list(mine.unavailable_slots.all()) == [slot]
    assert not other.unavailable_slots.exists()
    mine.refresh_from_db()
    assert mine.seats != 7
