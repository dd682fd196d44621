"""Loading an event into the scheduling engine's Problem."""

import pytest

from matchmaking.engine import scheduling as engine
from matchmaking.enums import Priority, RequestStatus, RunStatus
from matchmaking.scheduling.selectors import (
    PRIORITY_WEIGHT,
    RECOMMENDATIONS_PER_SEAT,
    schedule_problem_for_event,
)
from tests.factories import MatchScoreFactory, MeetingFactory, ParticipationFactory, ScheduleRunFactory
from tests.factories.matchmaking import make_schedule_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _world_with_history(size: int):
    """``size`` producers and distributors with requests, scores, unavailability, a
    published version and a draft with a pin."""
    world = make_schedule_world(producers=size, distributors=size, seats=2, fill=True)
    for producer, distributor in zip(world.producers, world.distributors, strict=True):
        world.request(producer, distributor)
        world.score(producer, distributor, 80)
        world.participations[producer].unavailable_slots.add(world.slots[0])
    published = ScheduleRunFactory(event=world.event, status=RunStatus.PUBLISHED, version=1)
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    for i, (producer, distributor) in enumerate(zip(world.producers, world.distributors, strict=True)):
        for run in (published, draft):
            MeetingFactory(
                run=run,
                slot=world.slots[1],
                table=world.tables[i % len(world.tables)],
                producer=producer,
                distributor=distributor,
                pinned=run is draft,
            )
    return world, draft


@pytest.mark.parametrize("size", [1, 3])
def test_problem_query_count_is_constant(size, django_assert_num_queries):
    world, draft = _world_with_history(size)
    with django_assert_num_queries(8):
        loaded = schedule_problem_for_event(event=world.event, based_on=draft)
    assert len(loaded.problem.producers) == size
    assert len(loaded.problem.meetings) == size
    with django_assert_num_queries(7):
        schedule_problem_for_event(event=world.event)


def test_problem_reads_tiers_weights_availability_pins_and_previous():
    world = make_schedule_world(producers=4, distributors=2, seats=[3, 1], fill=False)
    p1, p2, p3, p4 = world.producers
    d1, d2 = world.distributors
    must = world.request(p1, d1, priority=Priority.MUST)
    could = world.request(p2, d1, priority=Priority.COULD)
    pending = world.request(p3, d1, status=RequestStatus.PENDING, priority=Priority.SHOULD)
    world.request(p4, d1, status=RequestStatus.DECLINED)
    world.score(p1, d1, 100)
    world.participations[p2].unavailable_slots.add(world.slots[3])
    world.participations[d2].unavailable_slots.add(world.slots[0])
    ParticipationFactory(event=world.event, status="pending")  # not approved: left out
    published = ScheduleRunFactory(event=world.event, status=RunStatus.PUBLISHED, version=1)
    MeetingFactory(
        run=published, slot=world.slots[2], table=world.tables[1], seat=2, producer=p1, distributor=d1
    )
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    MeetingFactory(
        run=draft, slot=world.slots[1], table=world.tables[0], producer=p2, distributor=d1, pinned=True
    )

    loaded = schedule_problem_for_event(event=world.event, based_on=draft)
    problem = loaded.problem
    meetings = {m.id: m for m in problem.meetings}

    assert [s.id for s in problem.slots] == [s.pk for s in world.slots]
    assert problem.tables[world.slots[0].pk] == tuple(t.pk for t in world.tables)
    assert {p.id: p.available for p in problem.producers} == {
        p1.pk: None,
        p2.pk: frozenset(s.pk for s in world.slots[:3]),
        p3.pk: None,
        p4.pk: None,
    }
    assert {d.id: (d.seats, d.available) for d in problem.distributors} == {
        d1.pk: (3, None),
        d2.pk: (1, frozenset(s.pk for s in world.slots[1:])),
    }
    assert set(meetings) == {must.pk, could.pk, pending.pk}
    assert (meetings[must.pk].tier, meetings[pending.pk].tier) == (engine.ACCEPTED, engine.PENDING)
    assert meetings[must.pk].weight == PRIORITY_WEIGHT[Priority.MUST] * 1.5  # perfect score: +50 %
    assert meetings[could.pk].weight == PRIORITY_WEIGHT[Priority.COULD]
    assert meetings[must.pk].previous == engine.Placement(world.slots[2].pk, world.tables[1].pk, 2)
    assert meetings[could.pk].pinned == (world.slots[1].pk, world.tables[0].pk)
    assert meetings[pending.pk].pinned is None
    assert problem.fill_free_time is False


def test_recommendations_only_when_the_event_fills_free_time():
    world = make_schedule_world(
        producers=RECOMMENDATIONS_PER_SEAT + 3, distributors=1, fill=True, products_per_producer=2
    )
    d1 = world.distributors[0]
    for i, producer in enumerate(world.producers):
        world.score(producer, d1, 90 - i)
    asked = world.producers[0]
    world.request(asked, d1, status=RequestStatus.CANCELLED)  # asked once: never recommended
    best = world.producers[1]
    MatchScoreFactory(product=world.products[best][1], need=world.needs[d1], score=10)  # the best counts
    loaded = schedule_problem_for_event(event=world.event)
    recommended = [m for m in loaded.problem.meetings if m.tier == engine.RECOMMENDED]
    assert [m.producer_id for m in recommended] == [
        p.pk for p in world.producers[1 : RECOMMENDATIONS_PER_SEAT + 1]
    ]
    assert all(m.id < 0 for m in recommended)
    assert recommended[0].weight == pytest.approx(0.89)

    world.event.fill_with_recommendations = False
    world.event.save()
    assert schedule_problem_for_event(event=world.event).problem.meetings == ()


def test_a_pin_whose_request_was_declined_is_dropped_with_a_note():
    world = make_schedule_world(producers=2, distributors=1)
    p1, p2 = world.producers
    d1 = world.distributors[0]
    declined = world.request(p1, d1, status=RequestStatus.DECLINED)
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    MeetingFactory(
        run=draft,
        slot=world.slots[0],
        table=world.tables[0],
        producer=p1,
        distributor=d1,
        request=declined,
        pinned=True,
    )
    MeetingFactory(
        run=draft,
        slot=world.slots[1],
        table=world.tables[0],
        producer=p2,
        distributor=d1,
        pinned=True,
        tier=3,
    )
    loaded = schedule_problem_for_event(event=world.event, based_on=draft)
    assert loaded.notes == [{"code": "pin_dropped", "producer_id": p1.pk, "distributor_id": d1.pk}]
    (kept,) = loaded.problem.meetings
    assert (kept.producer_id, kept.tier, kept.pinned) == (p2.pk, 3, (world.slots[1].pk, world.tables[0].pk))
