"""Scheduler runs: queued, executed by the Celery task into a draft, re-planned."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from events.models import MeetingBlock
from matchmaking.enums import LIVE_MEETING, MeetingStatus, Priority, RequestStatus, RunStatus
from matchmaking.models import Meeting, MeetingTier, ScheduleRun
from matchmaking.scheduling import services
from matchmaking.scheduling.tasks import run_schedule_task
from tests.factories import EventFactory, ScheduleRunFactory
from tests.factories.matchmaking import make_schedule_world

pytestmark = pytest.mark.django_db

DEMO_SEATS = [3, 2, 2, 2, 3, 2, 2, 2]  # eight buyers, as at the Sóc Trăng 2020 conference


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SCHEDULE_TIME_LIMIT = 5.0


def run_now(captured, **kwargs) -> ScheduleRun:
    """Queue a run and let its after-commit task run (eagerly, as on the embedded default)."""
    with captured(execute=True):
        run = services.schedule_run_create(**kwargs)
    run.refresh_from_db()
    return run


@pytest.fixture
def demo(db):
    """Demo-sized: 52 producers, 8 distributors (18 seats), one afternoon block of 7 slots at
    12 tables; 8 accepted and 4 pending requests per distributor; scores for recommendations."""
    world = make_schedule_world(producers=52, distributors=8, seats=DEMO_SEATS, slots=7, tables=12, fill=True)
    accepted, pending = [], []
    for j, distributor in enumerate(world.distributors):
        for k in range(12):
            producer = world.producers[(j * 12 + k) % 52]
            priority = (Priority.MUST, Priority.SHOULD, Priority.COULD)[k % 3]
            if k < 8:
                accepted.append(world.request(producer, distributor, priority=priority))
            else:
                pending.append(world.request(producer, distributor, status=RequestStatus.PENDING))
        for i, producer in enumerate(world.producers):
            if (i + j) % 6 == 0:
                world.score(producer, distributor, 55 + (i * 7 + j) % 40)
    return world, accepted, pending


def test_run_end_to_end_on_a_demo_sized_event(demo, django_capture_on_commit_callbacks):
    world, accepted, pending = demo
    run = run_now(django_capture_on_commit_callbacks, event=world.event)

    assert (run.status, run.progress, run.version) == (RunStatus.DRAFT, 100, None)
    stats = run.statistics
    assert stats["validation"] == []
    assert stats["placed_by_tier"][0] == len(accepted) == 64
    assert stats["candidates_by_tier"][:2] == [64, 32]
    assert stats["candidates_by_tier"][2] > 0
    assert (stats["producers"], stats["distributors"], stats["slots"], stats["table_slots"]) == (52, 8, 7, 84)
    meetings = list(Meeting.objects.filter(run=run))
    assert len(meetings) == stats["meetings"] == sum(stats["placed_by_tier"])
    assert len(meetings) <= 84
    by_request = {m.request_id: m for m in meetings if m.request_id}
    assert all(by_request[r.pk].tier == MeetingTier.ACCEPTED for r in accepted)
    assert {u["reason"] for u in stats["unplaced"]} <= {"capacity", "no_table"}
    seats = dict(zip(world.distributors, DEMO_SEATS, strict=True))
    per_slot = Counter((m.slot_id, m.distributor_id) for m in meetings)
    assert all(per_slot[(m.slot_id, m.distributor_id)] <= seats[m.distributor] for m in meetings)
    assert all(1 <= m.seat <= seats[m.distributor] for m in meetings)
    assert {m.status for m in meetings} == {MeetingStatus.SCHEDULED}


def test_a_duplicated_task_runs_the_engine_once(django_capture_on_commit_callbacks):
    world = make_schedule_world(producers=2, distributors=1)
    world.request(world.producers[0], world.distributors[0])
    run = run_now(django_capture_on_commit_callbacks, event=world.event)
    assert run.status == RunStatus.DRAFT
    assert run_schedule_task.apply(kwargs={"run_id": run.pk}).get() == "skipped"
    assert run_schedule_task.apply(kwargs={"run_id": 999_999}).get() == "missing"
    assert Meeting.objects.filter(run=run).count() == 1


def test_one_run_at_a_time_and_only_with_slots(django_capture_on_commit_callbacks, english):
    world = make_schedule_world(producers=1, distributors=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.schedule_run_create(event=world.event)
    assert len(callbacks) == 1
    with pytest.raises(ValidationError) as busy:
        services.schedule_run_create(event=world.event)
    assert busy.value.messages == [
        f"The scheduler is already working on {world.event}: wait for it to finish."
    ]
    empty = EventFactory(name="Hội chợ chưa có khung giờ")
    MeetingBlock.objects.filter(event=empty).delete()
    with pytest.raises(ValidationError) as no_slots:
        services.schedule_run_create(event=empty)
    assert no_slots.value.messages == [
        "Hội chợ chưa có khung giờ has no meeting slots yet: add a meeting block and generate its slots."
    ]


def test_a_failing_run_is_marked_failed(monkeypatch, django_capture_on_commit_callbacks):
    world = make_schedule_world(producers=1, distributors=1)
    world.request(world.producers[0], world.distributors[0])

    # No input makes the engine fail, so the failure is simulated (the one stand-in for our
    # own code in these tests: the failure path must still be covered).
    def broken(problem, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services.engine, "schedule", broken)
    run = run_now(django_capture_on_commit_callbacks, event=world.event)
    assert (run.status, run.statistics) == (RunStatus.FAILED, {"error": "RuntimeError: solver crashed"})
    assert not run.meetings.exists()
    monkeypatch.undo()
    assert run_now(django_capture_on_commit_callbacks, event=world.event).status == RunStatus.DRAFT


def test_replan_keeps_published_meetings_and_pins(django_capture_on_commit_callbacks):
    world = make_schedule_world(producers=6, distributors=2, seats=2, slots=4, tables=4)
    p, d = world.producers, world.distributors
    for i in range(4):
        world.request(p[i], d[i % 2])
    first = run_now(django_capture_on_commit_callbacks, event=world.event)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(run=first)
    v1 = {(m.producer_id, m.distributor_id): (m.slot_id, m.table_id) for m in first.meetings.all()}
    assert len(v1) == 4

    world.request(p[4], d[0])
    world.request(p[5], d[1])
    second = run_now(django_capture_on_commit_callbacks, event=world.event)
    assert second.based_on == first
    v2 = {(m.producer_id, m.distributor_id): (m.slot_id, m.table_id) for m in second.meetings.all()}
    assert len(v2) == 6
    assert {pair: v2[pair] for pair in v1} == v1
    assert (second.statistics["kept"], second.statistics["moved"], second.statistics["dropped"]) == (4, 0, 0)

    # A meeting moved by hand is pinned; the next run (based on that draft) keeps it there.
    moving = second.meetings.get(producer=p[4])
    free = next(
        (slot, table)
        for slot in world.slots
        for table in world.tables
        if not Meeting.objects.filter(LIVE_MEETING, run=second, slot=slot, table=table).exists()
        and not Meeting.objects.filter(LIVE_MEETING, run=second, slot=slot, producer=p[4]).exists()
        and Meeting.objects.filter(LIVE_MEETING, run=second, slot=slot, distributor=d[0]).count() < 2
    )
    services.meeting_move(meeting=moving, slot=free[0], table=free[1])
    third = run_now(django_capture_on_commit_callbacks, event=world.event)
    assert third.based_on == second
    kept = third.meetings.get(producer=p[4])
    assert (kept.slot, kept.table, kept.pinned) == (free[0], free[1], True)


def test_stale_runs_do_not_block_a_new_one(django_capture_on_commit_callbacks):
    world = make_schedule_world(producers=1, distributors=1)
    stale = ScheduleRunFactory(event=world.event, status=RunStatus.QUEUED)
    ScheduleRun.objects.filter(pk=stale.pk).update(created_at=stale.created_at - services.RUN_STALE_AFTER * 2)
    run = run_now(django_capture_on_commit_callbacks, event=world.event)
    stale.refresh_from_db()
    assert (stale.status, run.status) == (RunStatus.FAILED, RunStatus.DRAFT)
    assert stale.statistics == {"error": "stopped: no news for 15 minutes"}


def test_a_new_run_is_based_on_the_latest_draft_since_publication(django_capture_on_commit_callbacks):
    world = make_schedule_world(producers=2, distributors=1)
    world.request(world.producers[0], world.distributors[0])
    older = run_now(django_capture_on_commit_callbacks, event=world.event)
    newer = run_now(django_capture_on_commit_callbacks, event=world.event)
    assert newer.based_on == older
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(run=newer)
    # ``older`` is still a draft, but from before the publication: the published one is the base.
    assert run_now(django_capture_on_commit_callbacks, event=world.event).based_on == newer
    latest = ScheduleRun.objects.filter(status=RunStatus.DRAFT).latest("created_at")
    assert run_now(django_capture_on_commit_callbacks, event=world.event).based_on == latest
