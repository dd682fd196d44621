"""Hand edits of a draft (move, swap, pin) and the organisers' admin around the schedule."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from matchmaking.enums import MeetingStatus, RequestStatus, RunStatus
from matchmaking.models import Meeting, ScheduleRun
from matchmaking.scheduling import services
from tests.factories import (
    EventFactory,
    MeetingBlockFactory,
    MeetingFactory,
    ScheduleRunFactory,
    SlotFactory,
    TableFactory,
)
from tests.factories.matchmaking import make_schedule_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SCHEDULE_TIME_LIMIT = 2.0


@pytest.fixture(autouse=True)
def _english():
    """Messages name tables in the active language; earlier requests may have left any."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """P0–D0 at 14:00 table 1, P1–D0 at 14:25 table 1, P2–D1 at 14:00 table 2 (D0 has one seat)."""
    world = make_schedule_world(producers=4, distributors=2, seats=1, slots=3, tables=3)
    p, d, s, t = world.producers, world.distributors, world.slots, world.tables
    world.draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    world.m = [
        MeetingFactory(run=world.draft, producer=p[0], distributor=d[0], slot=s[0], table=t[0]),
        MeetingFactory(run=world.draft, producer=p[1], distributor=d[0], slot=s[1], table=t[0]),
        MeetingFactory(run=world.draft, producer=p[2], distributor=d[1], slot=s[0], table=t[1]),
    ]
    return world


def time(slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{start:%H:%M}–{end:%H:%M} {start:%d/%m/%Y}"


def error_of(call) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code, error.value.messages


def test_move_pins_the_meeting_and_keeps_the_seat(world):
    moved = services.meeting_move(meeting=world.m[0], slot=world.slots[2], table=world.tables[2])
    assert (moved.slot, moved.table, moved.seat, moved.pinned) == (world.slots[2], world.tables[2], 1, True)


def test_move_conflicts_have_clear_messages(world):
    p, d, s, t, m = world.producers, world.distributors, world.slots, world.tables, world.m
    assert error_of(lambda: services.meeting_move(meeting=m[1], slot=s[0], table=t[1])) == (
        "taken",
        [f"Table 2 is already taken at {time(s[0])} by {p[2]} ↔ {d[1]}."],
    )
    assert error_of(lambda: services.meeting_move(meeting=m[1], slot=s[0], table=t[2])) == (
        "distributor_busy",
        [f"All 1 seats of {d[0]} are taken at {time(s[0])}."],
    )
    other = MeetingFactory(run=world.draft, producer=p[0], distributor=d[1], slot=s[2], table=t[2])
    assert error_of(lambda: services.meeting_move(meeting=other, slot=s[0], table=t[2])) == (
        "producer_busy",
        [f"{p[0]} already meets {d[0]} at {time(s[0])}."],
    )
    world.participations[p[1]].unavailable_slots.add(s[2])
    assert error_of(lambda: services.meeting_move(meeting=m[1], slot=s[2], table=t[1])) == (
        "unavailable",
        [f"{p[1]} is not available at {time(s[2])}."],
    )
    elsewhere = SlotFactory(block=MeetingBlockFactory(event=EventFactory()))
    assert error_of(lambda: services.meeting_move(meeting=m[1], slot=elsewhere, table=t[1]))[1] == [
        "This slot is not part of the event."
    ]
    second_block = MeetingBlockFactory(event=world.event, title="Buổi sáng")
    foreign_table = TableFactory(block=second_block, number=9)
    assert error_of(lambda: services.meeting_move(meeting=m[1], slot=s[2], table=foreign_table))[1] == [
        "Table 9 is not a table of Gặp gỡ giao thương B2B."
    ]
    assert Meeting.objects.get(pk=m[1].pk).slot == s[1]  # nothing changed


def test_only_a_draft_can_be_edited(world):
    ScheduleRun.objects.filter(pk=world.draft.pk).update(status=RunStatus.PUBLISHED, version=1)
    assert error_of(
        lambda: services.meeting_move(meeting=world.m[0], slot=world.slots[2], table=world.tables[2])
    ) == (
        "not_draft",
        ["Only a draft can be changed: run the scheduler again to get a new draft."],
    )
    # A pin on the published version carries into the next re-plan, so it is allowed.
    assert services.meeting_pin(meeting=world.m[0], pinned=True).pinned is True


def test_swap_exchanges_places_and_checks_conflicts(world):
    d, s, t, m = world.distributors, world.slots, world.tables, world.m
    first, second = services.meeting_swap(first=m[0], second=m[1])
    assert (first.slot, first.table, second.slot, second.table) == (s[1], t[0], s[0], t[0])
    assert first.pinned
    assert second.pinned
    # P2–D1 (14:00) with P0–D0 (now 14:25): D1 free at 14:25, D0 busy at 14:00 with P1.
    assert error_of(lambda: services.meeting_swap(first=m[2], second=first)) == (
        "distributor_busy",
        [f"All 1 seats of {d[0]} are taken at {time(s[0])}."],
    )
    assert error_of(lambda: services.meeting_swap(first=m[2], second=m[2]))[1] == [
        "Choose two different meetings to swap."
    ]
    same_slot_a, same_slot_b = Meeting.objects.get(pk=m[1].pk), Meeting.objects.get(pk=m[2].pk)
    a, b = services.meeting_swap(first=same_slot_a, second=same_slot_b)
    assert (a.table, b.table, a.slot, b.slot) == (t[1], t[0], s[0], s[0])


def test_pin_and_unpin(world):
    assert services.meeting_pin(meeting=world.m[0], pinned=True).pinned is True
    assert services.meeting_pin(meeting=world.m[0], pinned=False).pinned is False
    assert Meeting.objects.get(pk=world.m[0].pk).pinned is False


def test_mark_held_and_no_show_only_in_a_published_version(world):
    assert services.meetings_set_status(meetings=world.m, status=MeetingStatus.HELD) == 0
    ScheduleRun.objects.filter(pk=world.draft.pk).update(status=RunStatus.PUBLISHED, version=1)
    assert services.meetings_set_status(meetings=world.m[:2], status=MeetingStatus.HELD) == 2
    assert services.meetings_set_status(meetings=world.m[:2], status=MeetingStatus.HELD) == 0
    with pytest.raises(ValidationError):
        services.meetings_set_status(meetings=world.m, status=MeetingStatus.CANCELLED)


# --- Admin ---------------------------------------------------------------------------------------


def test_admin_review_grid_filter_and_warnings(world, organiser_client):
    p, d = world.producers, world.distributors
    world.request(p[3], d[1])  # accepted, not in the draft
    world.draft.statistics = {"unplaced": [], "validation": []}
    world.draft.save()
    url = f"/en/admin/matchmaking/schedulerun/{world.draft.pk}/review/"
    page = organiser_client.get(url, {"participant": f"p{p[0].pk}", "selected": world.m[0].pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{p[0].legal_name}</span>" in html
    assert len(re.findall(r'<td class="[^"]*is-highlight', html)) == 1
    assert "Accepted requests without a meeting: 1" in html
    assert f"{p[3].legal_name} ↔ {d[1].name}: it is not in this schedule" in html
    assert "Participants with no meeting: 1" in html
    assert "Move here" in html
    assert "Publish as version 1…" in html


def test_admin_edits_go_through_the_services(world, organiser_client):
    url = f"/en/admin/matchmaking/schedulerun/{world.draft.pk}/review/"
    response = organiser_client.post(
        url,
        {"op": "move", "meeting": world.m[1].pk, "slot": world.slots[0].pk, "table": world.tables[1].pk},
        follow=True,
    )
    p, d = world.producers, world.distributors
    assert [str(m) for m in response.context["messages"]] == [
        f"Table 2 is already taken at {time(world.slots[0])} by {p[2]} ↔ {d[1]}."
    ]
    response = organiser_client.post(
        url,
        {"op": "move", "meeting": world.m[1].pk, "slot": world.slots[2].pk, "table": world.tables[2].pk},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Moved and pinned: {Meeting.objects.get(pk=world.m[1].pk)}."
    ]
    response = organiser_client.post(
        url, {"op": "swap", "meeting": world.m[0].pk, "other": world.m[1].pk}, follow=True
    )
    assert str(list(response.context["messages"])[0]).startswith("Swapped and pinned:")
    response = organiser_client.post(url, {"op": "pin", "meeting": world.m[0].pk}, follow=True)
    assert str(list(response.context["messages"])[0]).startswith("Unpinned:")


def test_admin_publish_page_shows_warnings_then_publishes(
    world, organiser_client, django_capture_on_commit_callbacks
):
    world.request(world.producers[3], world.distributors[1])
    url = f"/en/admin/matchmaking/schedulerun/{world.draft.pk}/publish/"
    page = organiser_client.get(url).content.decode()
    assert "Accepted requests without a meeting: 1" in page
    assert 'value="Publish as version 1"' in page
    assert "5 participants whose meetings are new or changed get an e-mail" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, follow=True)
    world.draft.refresh_from_db()
    assert (world.draft.status, world.draft.version) == (RunStatus.PUBLISHED, 1)
    assert [str(m) for m in response.context["messages"]] == [
        "Published as version 1; 5 participants whose meetings changed are being e-mailed."
    ]
    assert len(mail.outbox) == 5


def test_publishing_names_the_participants_nobody_could_be_told(
    world, organiser_client, django_capture_on_commit_callbacks
):
    from accounts.models import User

    User.objects.filter(producer_memberships__producer=world.producers[0]).update(email="")
    url = f"/en/admin/matchmaking/schedulerun/{world.draft.pk}/publish/"
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[-1] == (
        f"1 of them has nobody with an e-mail address on the portal and was not told: "
        f"{world.producers[0]}. Tell them another way."
    )


def test_admin_event_action_and_run_page_start_runs(
    world, organiser_client, django_capture_on_commit_callbacks
):
    world.request(world.producers[0], world.distributors[0], status=RequestStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            "/en/admin/events/event/",
            {"action": "run_meeting_scheduler", "_selected_action": [world.event.pk]},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == "/en/admin/matchmaking/schedulerun/"
    run = ScheduleRun.objects.exclude(pk=world.draft.pk).get()
    assert (run.status, run.based_on) == (RunStatus.DRAFT, world.draft)
    listing = organiser_client.get("/en/admin/matchmaking/schedulerun/").content.decode()
    assert '<progress max="100" value="100">' in listing
    assert "Run the scheduler" in listing
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post("/en/admin/matchmaking/schedulerun/run/", {"event": world.event.pk, "seed": 3})
    assert ScheduleRun.objects.filter(event=world.event, seed=3, status=RunStatus.DRAFT).exists()
    change = organiser_client.get(f"/en/admin/matchmaking/schedulerun/{run.pk}/change/").content.decode()
    assert "Accepted requests placed" in change
    assert "Review grid" in change


def test_admin_meeting_actions_and_check_in(world, organiser_client):
    ScheduleRun.objects.filter(pk=world.draft.pk).update(status=RunStatus.PUBLISHED, version=1)
    response = organiser_client.post(
        "/en/admin/matchmaking/meeting/",
        {"action": "mark_no_show", "_selected_action": [world.m[0].pk, world.m[1].pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["2 meetings updated."]
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert len(filters) == len(set(filters))  # two were "status"
    assert "schedule version status" in filters
    assert set(
        Meeting.objects.filter(pk__in=[world.m[0].pk, world.m[1].pk]).values_list("status", flat=True)
    ) == {MeetingStatus.NO_SHOW}
    participation = world.participations[world.distributors[0]]
    url = f"/en/admin/matchmaking/schedulerun/check-in/{participation.pk}/"
    page = organiser_client.get(url).content.decode()
    assert world.producers[0].legal_name in page
    assert "Mark as held" in page
    organiser_client.post(url, {"status": "held", "meeting": [world.m[0].pk, world.m[2].pk]})
    # The buyer's own meeting changes; P2–D1 is not D0's and is left alone.
    assert Meeting.objects.get(pk=world.m[0].pk).status == MeetingStatus.HELD
    assert Meeting.objects.get(pk=world.m[2].pk).status == MeetingStatus.SCHEDULED
    pdf = organiser_client.get(url + "agenda.pdf")
    assert pdf.content.startswith(b"%PDF-")


def test_admin_schedule_pages_are_for_staff_only(world, client):
    for url in (
        f"/en/admin/matchmaking/schedulerun/{world.draft.pk}/review/",
        f"/en/admin/matchmaking/schedulerun/{world.draft.pk}/publish/",
        "/en/admin/matchmaking/schedulerun/run/",
        f"/en/admin/matchmaking/schedulerun/check-in/{world.participations[world.producers[0]].pk}/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/en/admin/login/")
