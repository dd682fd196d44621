"""Publishing: numbered versions, the one before superseded, e-mails to changed participants only."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from matchmaking.enums import RunStatus
from matchmaking.models import ScheduleNotice, ScheduleRun
from matchmaking.scheduling import services
from matchmaking.scheduling.tasks import notify_schedule_change_task
from tests.factories import MeetingFactory, ScheduleRunFactory
from tests.factories.matchmaking import make_schedule_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["ocop.example.vn"]


@pytest.fixture
def world(db):
    """Three producers and two distributors; a draft with three meetings:
    P0–D0 at slot 0 table 0, P1–D0 at slot 1 table 0, P2–D1 at slot 0 table 1."""
    world = make_schedule_world(producers=3, distributors=2, seats=1, slots=3, tables=2)
    p, d, s, t = world.producers, world.distributors, world.slots, world.tables
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    for producer, distributor, slot, table in (
        (p[0], d[0], s[0], t[0]),
        (p[1], d[0], s[1], t[0]),
        (p[2], d[1], s[0], t[1]),
    ):
        MeetingFactory(run=draft, producer=producer, distributor=distributor, slot=slot, table=table)
    world.draft = draft
    return world


def copy_as_draft(run: ScheduleRun) -> ScheduleRun:
    draft = ScheduleRunFactory(event=run.event, status=RunStatus.DRAFT)
    for meeting in run.meetings.all():
        MeetingFactory(
            run=draft,
            producer=meeting.producer,
            distributor=meeting.distributor,
            slot=meeting.slot,
            table=meeting.table,
            seat=meeting.seat,
        )
    return draft


def calendar_of(message) -> icalendar.Calendar:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def events_of(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_publish_numbers_versions_and_emails_only_changed_participants(
    world, django_capture_on_commit_callbacks
):
    p, d, s = world.producers, world.distributors, world.slots
    with django_capture_on_commit_callbacks(execute=True):
        first = services.schedule_publish(run=world.draft)
    assert (first.run.status, first.run.version, first.previous) == (RunStatus.PUBLISHED, 1, None)
    # Everyone with a meeting hears about the first version: three producers, two buyers.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.members[x].email for x in p] + [world.buyers[x].user.email for x in d]
    )
    assert ScheduleNotice.objects.filter(run=first.run, sent_at__isnull=False).count() == 5

    message = next(m for m in mail.outbox if m.to == [world.members[p[0]].email])
    assert message.subject == f"[OCOP] Your B2B meetings at {world.event.name}"
    assert d[0].name in message.body
    calendar = calendar_of(message)
    (entry,) = events_of(calendar)
    assert str(entry["uid"]) == f"ocop-meeting-{world.event.pk}-{p[0].pk}-{d[0].pk}@ocop.example.vn"
    assert entry["summary"] == f"B2B meeting: {d[0].name}"
    assert entry["sequence"] == 1
    assert entry.decoded("dtstart") == s[0].starts_at
    assert str(entry.decoded("dtstart").tzinfo) == "Asia/Ho_Chi_Minh"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]

    # Version 2: P1–D0 moves to slot 2 and P2–D1 is dropped. P0's agenda is the same, so P0
    # hears nothing; D0 sees P1 move and D1 loses its meeting, so both buyers are told.
    mail.outbox.clear()
    draft = copy_as_draft(first.run)
    draft.meetings.filter(producer=p[1]).update(slot=s[2])
    draft.meetings.filter(producer=p[2]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.schedule_publish(run=draft)
    first.run.refresh_from_db()
    assert (first.run.status, second.run.version, second.previous) == (RunStatus.SUPERSEDED, 2, first.run)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            world.members[p[1]].email,
            world.members[p[2]].email,
            world.buyers[d[0]].user.email,
            world.buyers[d[1]].user.email,
        ]
    )
    moved = next(m for m in mail.outbox if m.to == [world.members[p[1]].email])
    assert moved.subject == f"[OCOP] Your B2B meetings at {world.event.name} have changed"
    (entry,) = events_of(calendar_of(moved))
    assert str(entry["uid"]) == f"ocop-meeting-{world.event.pk}-{p[1].pk}-{d[0].pk}@ocop.example.vn"
    assert (entry["sequence"], entry.decoded("dtstart"), str(entry["status"])) == (
        2,
        s[2].starts_at,
        "CONFIRMED",
    )

    dropped = next(m for m in mail.outbox if m.to == [world.members[p[2]].email])
    assert "No longer in the schedule:" in dropped.body
    (entry,) = events_of(calendar_of(dropped))
    assert (str(entry["status"]), entry.decoded("dtstart")) == ("CANCELLED", s[0].starts_at)

    buyer = next(m for m in mail.outbox if m.to == [world.buyers[d[0]].user.email])
    assert sorted(e["summary"] for e in events_of(calendar_of(buyer))) == sorted(
        [f"B2B meeting: {p[0].legal_name}", f"B2B meeting: {p[1].legal_name}"]
    )


def test_publish_nothing_changed_emails_nobody(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.schedule_publish(run=world.draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.schedule_publish(run=copy_as_draft(first.run))
    assert (second.run.version, second.notified_participation_ids, mail.outbox) == (2, [], [])


def test_only_a_draft_is_published_and_a_notice_is_sent_once(
    world, django_capture_on_commit_callbacks, english
):
    with django_capture_on_commit_callbacks(execute=True):
        published = services.schedule_publish(run=world.draft)
    with pytest.raises(ValidationError) as error:
        services.schedule_publish(run=published.run)
    assert error.value.messages == ["Only a draft can be published."]
    sent = len(mail.outbox)
    participation = world.participations[world.producers[0]]
    result = notify_schedule_change_task.apply(
        kwargs={"run_id": published.run.pk, "participation_id": participation.pk}
    ).get()
    assert (result, len(mail.outbox)) == ("already", sent)


def test_a_version_superseded_before_its_emails_went_out_sends_nothing(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.schedule_publish(run=world.draft)
    with django_capture_on_commit_callbacks(execute=False):
        services.schedule_publish(run=copy_as_draft(first.run))
    participation = world.participations[world.producers[0]]
    assert (
        services.schedule_notice_send(run_id=first.run.pk, participation_id=participation.pk) == "superseded"
    )
    assert mail.outbox == []


def test_email_is_in_the_recipients_language(world, django_capture_on_commit_callbacks):
    member = world.members[world.producers[0]]
    member.language = "vi"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(run=world.draft)
    message = next(m for m in mail.outbox if m.to == [member.email])
    participation = world.participations[world.producers[0]]
    assert f"https://ocop.example.vn/vi/meetings/agenda/{participation.pk}/" in message.body
    local = world.slots[0].starts_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert f"{local:%d/%m/%Y}" in message.body
    assert f"- {local:%H:%M}–" in message.body
