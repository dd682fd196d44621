"""Hand edits racing each other can never double-book, and losers get a clear answer.

200 attempts, from 25 threads with their own database connections, move 200 different
meetings into the same free table of the same slot. The database's unique constraints make
a double booking impossible either way; what the row lock (select_for_update on the run)
adds is that every loser is told "already taken" by the check, instead of the check
passing and the write hitting the constraint. The control test switches the lock off and
shows those constraint hits (each would be a server error without the service's catch).

PostgreSQL only (SQLite serialises all writers): skipped elsewhere, failed under
REQUIRE_SERVICES=1.
"""

import itertools
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from matchmaking.enums import LIVE_MEETING, RunStatus
from matchmaking.models import Meeting
from matchmaking.scheduling import services
from tests.factories import MeetingFactory, OrganiserFactory, ScheduleRunFactory
from tests.factories.matchmaking import make_schedule_world

pytestmark = [pytest.mark.services]

ATTEMPTS = 200
THREADS = 25


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def crowded(transactional_db, postgresql):
    """A draft of 200 meetings (20 producers × 10 distributors with 2 seats) filling 10 slots
    at 20 tables; the 11th slot is empty. Every meeting could move to its table 1."""
    world = make_schedule_world(producers=20, distributors=10, seats=2, slots=11, tables=20)
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    meetings = []
    for i, producer in enumerate(world.producers):
        for j, distributor in enumerate(world.distributors):
            meetings.append(
                MeetingFactory(
                    run=draft,
                    producer=producer,
                    distributor=distributor,
                    slot=world.slots[(i + j) % 10],
                    table=world.tables[i],
                    seat=1 if i < 10 else 2,
                )
            )
    assert len(meetings) == ATTEMPTS
    return world, draft, meetings


def _race(jobs) -> list:
    """Run the jobs from THREADS threads that start together; each thread uses (and closes)
    its own database connection."""
    start = threading.Barrier(THREADS)
    chunks = [jobs[k::THREADS] for k in range(THREADS)]

    def worker(chunk):
        start.wait()
        try:
            return [job() for job in chunk]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return [outcome for outcomes in pool.map(worker, chunks) for outcome in outcomes]


def _attempt(meeting, slot, table, *, lock: bool):
    def job() -> str:
        try:
            services.meeting_move(meeting=meeting, slot=slot, table=table, lock=lock)
        except ValidationError as error:
            return error.code
        return "ok"

    return job


def _booked(draft, slot, table) -> int:
    return Meeting.objects.filter(LIVE_MEETING, run=draft, slot=slot, table=table).count()


def test_two_hundred_attempts_on_one_slot_book_it_once(crowded):
    world, draft, meetings = crowded
    target_slot, target_table = world.slots[10], world.tables[0]
    outcomes = Counter(_race([_attempt(m, target_slot, target_table, lock=True) for m in meetings]))
    assert outcomes == {"ok": 1, "taken": ATTEMPTS - 1}
    assert _booked(draft, target_slot, target_table) == 1
    assert Meeting.objects.filter(run=draft).count() == ATTEMPTS


def _two_checks_pass_before_any_write(monkeypatch) -> None:
    """The first two attempts whose check passes wait for each other before writing, so the
    race the control test shows always happens (left to the threads' timing, the first
    write was sometimes committed before a second check had run, and nobody raced)."""
    placement = services._placement
    together = threading.Barrier(2, timeout=10)
    passed = itertools.count(1)  # next() on it is atomic: one number per attempt

    def check_then_wait(*args, **kwargs):
        seat = placement(*args, **kwargs)
        if next(passed) <= 2:
            together.wait()
        return seat

    monkeypatch.setattr(services, "_placement", check_then_wait)


def test_without_the_lock_the_check_lets_the_race_through_to_the_constraint(crowded, monkeypatch):
    world, draft, meetings = crowded
    target_slot, target_table = world.slots[10], world.tables[0]
    _two_checks_pass_before_any_write(monkeypatch)
    outcomes = Counter(_race([_attempt(m, target_slot, target_table, lock=False) for m in meetings]))
    assert outcomes["ok"] == 1
    assert outcomes["race"] > 0, outcomes  # IntegrityErrors: without the catch, server errors
    assert outcomes["ok"] + outcomes["race"] + outcomes["taken"] == ATTEMPTS
    assert _booked(draft, target_slot, target_table) == 1  # the database still holds


def test_two_hundred_organisers_clicking_move_here_get_no_server_error(crowded, client):
    world, draft, meetings = crowded
    target_slot, target_table = world.slots[10], world.tables[0]
    client.force_login(OrganiserFactory())
    session = client.cookies
    url = f"/en/admin/matchmaking/schedulerun/{draft.pk}/review/"

    def attempt(meeting):
        def job() -> int:
            from django.test import Client

            browser = Client()
            browser.cookies = session
            data = {"op": "move", "meeting": meeting.pk, "slot": target_slot.pk, "table": target_table.pk}
            return browser.post(url, data).status_code

        return job

    statuses = Counter(_race([attempt(m) for m in meetings]))
    assert statuses == {302: ATTEMPTS}
    assert _booked(draft, target_slot, target_table) == 1
