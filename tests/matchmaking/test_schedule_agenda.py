"""Participants' agenda: page, .ics, calendar feed, PDF, ratings, follow-ups."""

import datetime as dt
import io

import icalendar
import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from distributors.enums import BuyerStatus
from matchmaking.enums import MeetingRating, MeetingStatus, RunStatus
from matchmaking.models import AgendaToken, MeetingFeedback
from matchmaking.scheduling.feedback import follow_up_token
from matchmaking.scheduling.services import agenda_token_reset
from matchmaking.scheduling.tasks import ask_follow_ups_task
from tests.factories import (
    BuyerFactory,
    MeetingFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ProductFactory,
    ScheduleRunFactory,
    ShortlistItemFactory,
    UserFactory,
)
from tests.factories.matchmaking import MeetingFeedbackFactory, make_schedule_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """A published version: P0 meets D0 (14:00, table 1) and D1 (14:25, table 2); P1 meets D0
    (14:25, table 1). D0 has two seats and shortlisted P0's second product; D1 asked about
    P0's third."""
    world = make_schedule_world(producers=2, distributors=2, seats=[2, 1], slots=3, tables=2)
    p, d, s, t = world.producers, world.distributors, world.slots, world.tables
    world.products[p[0]] += [
        ProductFactory(producer=p[0], name="Bánh pía Tân Huê Viên"),
        ProductFactory(producer=p[0], name="Lạp xưởng Vĩnh Châu"),
    ]
    ShortlistItemFactory(shortlist__buyer=world.buyers[d[0]], product=world.products[p[0]][1])
    asked = world.request(p[0], d[1], product=world.products[p[0]][2])
    world.run = ScheduleRunFactory(
        event=world.event, status=RunStatus.PUBLISHED, version=1, published_at=timezone.now()
    )
    world.m = [
        MeetingFactory(run=world.run, producer=p[0], distributor=d[0], slot=s[0], table=t[0], seat=2),
        MeetingFactory(run=world.run, producer=p[0], distributor=d[1], slot=s[1], table=t[1], request=asked),
        MeetingFactory(run=world.run, producer=p[1], distributor=d[0], slot=s[1], table=t[0]),
    ]
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)  # never shown
    MeetingFactory(run=draft, producer=p[0], distributor=d[0], slot=s[2], table=t[0])
    return world


def agenda_url(participation, suffix: str = "") -> str:
    return f"/en/meetings/agenda/{participation.pk}/{suffix}"


# --- Who sees what -------------------------------------------------------------------------------


ROLES = (
    "anonymous",
    "owner_producer",
    "owner_buyer",
    "other_producer",
    "other_buyer",
    "pending_buyer",
    "organiser",
)


def user_for(role: str, world):
    p, d = world.producers, world.distributors
    return {
        "anonymous": None,
        "owner_producer": world.members[p[0]],
        "owner_buyer": world.buyers[d[0]].user,
        "other_producer": world.members[p[1]],
        "other_buyer": world.buyers[d[1]].user,
        "pending_buyer": BuyerFactory(distributor=d[0], status=BuyerStatus.PENDING).user,
        "organiser": OrganiserFactory(),
    }[role]


# (participation owner, role) -> status; the owner of P0's agenda is P0's member, of D0's
# agenda D0's approved buyer.
EXPECTED = {
    "anonymous": 302,
    "owner": 200,
    "other_producer": 404,
    "other_buyer": 404,
    "pending_buyer": 404,
    "organiser": 404,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("whose", ["producer", "buyer"])
@pytest.mark.parametrize("suffix", ["", "meetings.ics", "agenda.pdf", "follow-up/"])
def test_agenda_role_matrix(client, world, role, whose, suffix):
    participation = world.participations[world.producers[0] if whose == "producer" else world.distributors[0]]
    user = user_for(role, world)
    if user is not None:
        client.force_login(user)
    response = client.get(agenda_url(participation, suffix))
    owner = {"producer": "owner_producer", "buyer": "owner_buyer"}[whose]
    if role == owner:
        expected = 200
    elif role in ("owner_producer", "owner_buyer"):
        # P0's member and D0's buyer meet each other but do not act for each other.
        expected = 404
    else:
        expected = EXPECTED[role]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/en/accounts/login/?next=")


def test_rating_is_only_posted_by_the_owner(client, world):
    participation = world.participations[world.producers[0]]
    url = agenda_url(participation, f"rate/{world.m[0].pk}/")
    assert client.post(url, {"rating": "informative"}).status_code == 302  # to the login page
    client.force_login(world.members[world.producers[1]])
    assert client.post(url, {"rating": "informative"}).status_code == 404
    client.force_login(world.members[world.producers[0]])
    other = agenda_url(participation, f"rate/{world.m[2].pk}/")  # P1's meeting, not P0's
    assert client.post(other, {"rating": "informative"}).status_code == 404
    assert not MeetingFeedback.objects.exists()


def test_agenda_list_shows_the_users_events(client, world):
    client.force_login(world.members[world.producers[0]])
    page = client.get("/en/meetings/agenda/").content.decode()
    assert world.event.name in page
    assert agenda_url(world.participations[world.producers[0]]) in page


# --- What the agenda shows -----------------------------------------------------------------------


def test_producer_agenda_shows_time_table_partner_and_products(client, world):
    p, d = world.producers, world.distributors
    client.force_login(world.members[p[0]])
    response = client.get(agenda_url(world.participations[p[0]]))
    agenda = response.context["agenda"]
    assert [(m.partner_name, m.table, m.starts_at) for m in agenda.meetings] == [
        (d[0].name, "Table 1", world.slots[0].starts_at),
        (d[1].name, "Table 2", world.slots[1].starts_at),
    ]
    # To D0: what D0 shortlisted; to D1: what D1 asked about.
    assert [p.name for p in agenda.meetings[0].products] == ["Bánh pía Tân Huê Viên"]
    assert [(p.name, p.requested) for p in agenda.meetings[1].products] == [("Lạp xưởng Vĩnh Châu", True)]
    html = response.content.decode()
    assert "Products the buyer is interested in" in html
    assert "Schedule version 1, published" in html
    assert f"{timezone.localtime(world.slots[0].starts_at):%H:%M}" in html


def test_buyer_agenda_shows_seats_and_shortlisted_first(client, world):
    p, d = world.producers, world.distributors
    client.force_login(world.buyers[d[0]].user)
    response = client.get(agenda_url(world.participations[d[0]]))
    first, second = response.context["agenda"].meetings
    assert (first.partner_name, first.seat, second.partner_name) == (p[0].legal_name, 2, p[1].legal_name)
    assert [(x.name, x.shortlisted) for x in first.products][0] == ("Bánh pía Tân Huê Viên", True)
    assert len(first.products) == 3
    # the producer's province named as the catalogue names it (Sóc Trăng merged into Cần Thơ)
    assert first.partner_place == "Cần Thơ (formerly Sóc Trăng)" == p[0].province.display_name
    html = response.content.decode()
    assert "seat 2" in html
    assert "Cần Thơ (formerly Sóc Trăng)" in html
    assert "on your shortlist" in html


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count_is_constant(client, count, django_assert_num_queries):
    world = make_schedule_world(producers=count, distributors=1, seats=3, slots=3, tables=3)
    d = world.distributors[0]
    run = ScheduleRunFactory(
        event=world.event, status=RunStatus.PUBLISHED, version=1, published_at=timezone.now()
    )
    for i, producer in enumerate(world.producers):
        MeetingFactory(run=run, producer=producer, distributor=d, slot=world.slots[i], table=world.tables[i])
        ShortlistItemFactory(shortlist__buyer=world.buyers[d], product=world.products[producer][0])
    client.force_login(world.buyers[d].user)
    url = agenda_url(world.participations[d])
    client.get(url)  # makes the calendar token
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["agenda"].meetings) == count


def test_nothing_shows_before_publication(client, world):
    world.run.status, world.run.version = RunStatus.SUPERSEDED, 1
    world.run.save()
    client.force_login(world.members[world.producers[0]])
    page = client.get(agenda_url(world.participations[world.producers[0]])).content.decode()
    assert "The meeting schedule is not published yet." in page
    assert world.distributors[0].name not in page


# --- Calendar ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "secure", "scheme"),
    [("127.0.0.1:8000", False, "http"), ("portal.example.vn", True, "https")],
)
def test_subscription_links_follow_the_request_host_and_port(client, world, settings, host, secure, scheme):
    settings.SITE_URL = "https://ocop.example.vn"  # the request wins: the user is on `host`
    settings.ALLOWED_HOSTS = ["127.0.0.1", "portal.example.vn"]
    participation = world.participations[world.producers[0]]
    client.force_login(world.members[world.producers[0]])
    headers = {"HTTP_HOST": host, **({"HTTP_X_FORWARDED_PROTO": "https"} if secure else {})}
    page = client.get(agenda_url(participation), **headers).content.decode()
    token = AgendaToken.objects.get(participation=participation).token
    assert f'href="webcal://{host}/en/meetings/calendar/{token}.ics"' in page
    assert f"{scheme}://{host}/en/meetings/calendar/{token}.ics" in page


def test_ics_download_and_token_feed(client, world):
    participation = world.participations[world.producers[0]]
    client.force_login(world.members[world.producers[0]])
    download = client.get(agenda_url(participation, "meetings.ics"))
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(download.content)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries == [
        f"B2B meeting: {world.distributors[0].name}",
        f"B2B meeting: {world.distributors[1].name}",
    ]

    page = client.get(agenda_url(participation)).content.decode()
    token = AgendaToken.objects.get(participation=participation).token
    assert len(token) >= 43
    assert f"/en/meetings/calendar/{token}.ics" in page
    assert "webcal://" in page
    client.logout()
    feed = client.get(f"/en/meetings/calendar/{token}.ics")
    assert feed.status_code == 200
    assert icalendar.Calendar.from_ical(feed.content).to_ical() == calendar.to_ical()
    assert client.get(f"/en/meetings/calendar/{token[:-1]}x.ics").status_code == 404
    assert client.get("/en/meetings/calendar/.ics").status_code == 404

    agenda_token_reset(participation=participation)
    assert client.get(f"/en/meetings/calendar/{token}.ics").status_code == 404
    new = AgendaToken.objects.get(participation=participation).token
    assert new != token
    assert client.get(f"/en/meetings/calendar/{new}.ics").status_code == 200


def test_feed_of_a_withdrawn_participation_is_gone(client, world):
    participation = world.participations[world.producers[0]]
    token = AgendaToken.objects.create(participation=participation).token
    participation.status = "withdrawn"
    participation.save()
    assert client.get(f"/en/meetings/calendar/{token}.ics").status_code == 404


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_agenda_has_partner_names_and_a_qr_code(client, world):
    p, d = world.producers, world.distributors
    client.force_login(world.buyers[d[0]].user)
    response = client.get(agenda_url(world.participations[d[0]], "agenda.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert p[0].legal_name in text
    assert p[1].legal_name in text
    assert "Bánh pía Tân Huê Viên" in text
    assert "Show this code at the check-in desk." in text
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1  # the QR code
    fonts = {str(font) for page in reader.pages for font in _fonts(page)}
    assert any(font.endswith("+Agenda-Sans") for font in fonts)  # the embedded @font-face


def _fonts(page):
    resources = page["/Resources"]
    for font in resources.get("/Font", {}).values():
        yield font.get_object()["/BaseFont"]


# --- Ratings -------------------------------------------------------------------------------------


def test_both_sides_rate_a_meeting_once_it_started(client, world):
    p, d = world.producers, world.distributors
    meeting = world.m[0]
    producer_url = agenda_url(world.participations[p[0]], f"rate/{meeting.pk}/")
    client.force_login(world.members[p[0]])
    response = client.post(producer_url, {"rating": "cooperation_likely"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["You can rate a meeting once it has started."]
    assert not MeetingFeedback.objects.exists()

    past = timezone.now() - dt.timedelta(hours=2)
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=past, ends_at=past + dt.timedelta(minutes=20)
    )
    page = client.get(agenda_url(world.participations[p[0]])).content.decode()
    assert "How did this meeting go?" in page
    response = client.post(producer_url, {"rating": "cooperation_likely"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Thank you: your rating is saved."]
    assert response.redirect_chain[-1][0].endswith(f"#meeting-{meeting.pk}")
    client.post(producer_url, {"rating": "informative"}, follow=True)  # changes it
    response = client.post(producer_url, {"rating": "excellent"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Choose one of the ratings."]

    client.force_login(world.buyers[d[0]].user)
    client.post(agenda_url(world.participations[d[0]], f"rate/{meeting.pk}/"), {"rating": "no_interest"})
    assert set(MeetingFeedback.objects.values_list("side", "rating", "months_after")) == {
        ("producer", MeetingRating.INFORMATIVE, 0),
        ("buyer", MeetingRating.NO_INTEREST, 0),
    }
    page = client.get(agenda_url(world.participations[d[0]])).content.decode()
    assert 'aria-pressed="true">No interest</button>' in page


# --- Follow-ups ----------------------------------------------------------------------------------


def _ended_months_ago(world, months: int) -> None:
    ended = timezone.localdate() - relativedelta(months=months) - dt.timedelta(days=2)
    world.event.starts_on = world.event.ends_on = ended
    world.event.save()


def test_follow_ups_are_asked_once_three_months_after(client, world):
    p, d = world.producers, world.distributors
    world.m[2].status = MeetingStatus.NO_SHOW
    world.m[2].save()
    MeetingFeedbackFactory(meeting=world.m[1], side="buyer", rating=MeetingRating.NOT_HELD)

    assert ask_follow_ups_task.apply().get() == 0  # not due yet
    _ended_months_ago(world, 3)
    assert ask_follow_ups_task.apply().get() == 2  # P0's member and D0's buyer, about P0–D0
    rows = MeetingFeedback.objects.filter(months_after=3)
    assert set(rows.values_list("meeting_id", "side")) == {
        (world.m[0].pk, "producer"),
        (world.m[0].pk, "buyer"),
    }
    assert all(row.asked_at for row in rows)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.members[p[0]].email, world.buyers[d[0]].user.email]
    )
    message = next(m for m in mail.outbox if m.to == [world.members[p[0]].email])
    assert message.subject == f"[OCOP] What came of your meetings at {world.event.name}?"
    assert d[0].name in message.body
    assert "/en/meetings/follow-up/" in message.body

    assert ask_follow_ups_task.apply().get() == 0  # once only
    assert len(mail.outbox) == 2


def test_follow_up_link_and_page_store_the_answers(client, world):
    p, d = world.producers, world.distributors
    _ended_months_ago(world, 6)
    ask_follow_ups_task.apply().get()
    assert set(MeetingFeedback.objects.values_list("months_after", flat=True)) == {6}
    message = next(m for m in mail.outbox if m.to == [world.members[p[0]].email])
    link = next(line for line in message.body.splitlines() if "/follow-up/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200
    html = page.content.decode()
    assert d[0].name in html
    assert d[1].name in html
    assert "6 months after the event" in html
    form = page.context["form"]
    first, second = form.rows
    response = client.post(
        f"/{path}",
        {
            f"outcome_{first.pk}": "order",
            f"comment_{first.pk}": "Đơn hàng 500 kg",
            f"outcome_{second.pk}": "",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Thank you: your answers are saved (1)."]
    first.refresh_from_db()
    assert (first.outcome, first.comment, first.author, bool(first.answered_at)) == (
        "order",
        "Đơn hàng 500 kg",
        None,
        True,
    )

    # Someone else's row in the post is ignored; a forged token is a 404.
    buyer_row = MeetingFeedback.objects.get(meeting=world.m[0], side="buyer", months_after=6)
    client.post(f"/{path}", {f"outcome_{buyer_row.pk}": "mou"})
    buyer_row.refresh_from_db()
    assert buyer_row.outcome == ""
    assert client.get(f"/{path[:-2]}x/").status_code == 404
    forged = follow_up_token(participation_id=world.participations[p[1]].pk, months=5)
    assert client.get(f"/en/meetings/follow-up/{forged}/").status_code == 404

    # Logged in, the same questions are on the agenda's follow-up page.
    client.force_login(world.buyers[d[0]].user)
    url = agenda_url(world.participations[d[0]], "follow-up/")
    assert client.get(agenda_url(world.participations[d[0]])).content.decode().count(url) == 1
    client.post(url, {f"outcome_{buyer_row.pk}": "mou", f"comment_{buyer_row.pk}": ""})
    buyer_row.refresh_from_db()
    assert (buyer_row.outcome, buyer_row.author) == ("mou", world.buyers[d[0]].user)


def test_users_acting_for_two_parties_see_both_agendas(client, world):
    user = UserFactory()
    ProducerMemberFactory(producer=world.producers[1], user=user)
    BuyerFactory(distributor=world.distributors[1], user=user)
    ParticipationFactory(event=world.event, kind="distributor", status="pending")
    client.force_login(user)
    listed = client.get("/en/meetings/agenda/").context["participations"]
    assert {p.pk for p in listed} == {
        world.participations[world.producers[1]].pk,
        world.participations[world.distributors[1]].pk,
    }


def test_extra_post_fields_cannot_rate_for_the_other_side_or_another_meeting(client, world):
    """Mass assignment: side, meeting, months_after and author come from the URL and the user."""
    p = world.producers
    meeting, other_meeting = world.m[0], world.m[1]
    past = timezone.now() - dt.timedelta(hours=2)
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=past, ends_at=past + dt.timedelta(minutes=20)
    )
    client.force_login(world.members[p[0]])
    client.post(
        agenda_url(world.participations[p[0]], f"rate/{meeting.pk}/"),
        {
            "rating": "informative",
            "side": "buyer",
            "meeting": other_meeting.pk,
            "months_after": 6,
            "author": world.buyers[world.distributors[0]].user.pk,
        },
    )
    assert list(MeetingFeedback.objects.values_list("meeting", "side", "months_after", "author")) == [
        (meeting.pk, "producer", 0, world.members[p[0]].pk)
    ]
