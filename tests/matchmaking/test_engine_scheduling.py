"""Hand-made cases for the B2B meeting scheduler: rules, reason codes, pins, re-planning."""

import pytest

from matchmaking.engine.scheduling import (
    CAPACITY,
    DUPLICATE,
    NO_COMMON_SLOT,
    NO_TABLE,
    PIN_INVALID,
    PINNED_CONFLICT,
    TIER_DISABLED,
    UNKNOWN_PARTICIPANT,
    CandidateMeeting,
    Distributor,
    Placement,
    Problem,
    Producer,
    ScheduleResult,
    Slot,
    schedule,
    upper_bound,
    validate,
)


def make_problem(
    *,
    slots=1,
    tables=1,
    producers=(1,),
    distributors=(1,),
    meetings=(),
    fill_free_time=True,
):
    """Slots 1..n with tables 1..k each; producers/distributors given as ids or objects."""
    table_ids = tables if isinstance(tables, dict) else {s: range(1, tables + 1) for s in range(1, slots + 1)}
    return Problem(
        slots=[Slot(id=s, order=s) for s in range(1, slots + 1)],
        tables=table_ids,
        producers=[p if isinstance(p, Producer) else Producer(id=p) for p in producers],
        distributors=[d if isinstance(d, Distributor) else Distributor(id=d) for d in distributors],
        meetings=list(meetings),
        fill_free_time=fill_free_time,
    )


def meeting(mid, producer, distributor, tier=1, weight=1.0, **kwargs):
    return CandidateMeeting(
        id=mid, producer_id=producer, distributor_id=distributor, tier=tier, weight=weight, **kwargs
    )


def run(problem, **kwargs):
    result = schedule(problem, **kwargs)
    assert validate(problem, result) == []
    return result


def test_schedule_places_a_single_meeting():
    result = run(make_problem(meetings=[meeting(7, 1, 1)]))

    assert result.placements == {7: Placement(slot_id=1, table_id=1, seat=1)}
    assert result.unplaced == {}
    assert result.stats.placed_by_tier == (1, 0, 0)
    assert result.stats.proven_optimal


def test_schedule_no_common_slot_when_windows_do_not_meet():
    problem = make_problem(
        slots=2,
        producers=[Producer(id=1, available=frozenset({1}))],
        distributors=[Distributor(id=1, available=frozenset({2}))],
        meetings=[meeting(1, 1, 1)],
    )

    assert run(problem).unplaced == {1: NO_COMMON_SLOT}


def test_schedule_empty_availability_means_never_not_always():
    problem = make_problem(producers=[Producer(id=1, available=frozenset())], meetings=[meeting(1, 1, 1)])

    assert run(problem).unplaced == {1: NO_COMMON_SLOT}


def test_schedule_no_table_when_common_slot_has_no_tables():
    problem = make_problem(
        slots=2,
        tables={1: [1]},
        producers=[Producer(1, frozenset({2}))],
        meetings=[meeting(1, 1, 1)],
    )

    assert run(problem).unplaced == {1: NO_TABLE}


def test_schedule_no_table_when_tables_are_full():
    problem = make_problem(
        tables=2,
        producers=(1, 2, 3),
        distributors=[Distributor(id=1, seats=3)],
        meetings=[meeting(1, 1, 1, weight=3), meeting(2, 2, 1, weight=2), meeting(3, 3, 1)],
    )

    result = run(problem)

    assert set(result.placements) == {1, 2}
    assert result.unplaced == {3: NO_TABLE}


def test_schedule_capacity_when_a_side_is_busy_in_every_common_slot():
    problem = make_problem(
        tables=5,
        distributors=(1, 2),
        meetings=[meeting(1, 1, 1, weight=2), meeting(2, 1, 2, weight=1)],
    )

    result = run(problem)

    assert set(result.placements) == {1}
    assert result.unplaced == {2: CAPACITY}


def test_schedule_duplicate_pair_keeps_the_higher_tier():
    problem = make_problem(
        slots=2, meetings=[meeting(1, 1, 1, tier=2, weight=9), meeting(2, 1, 1, tier=1, weight=1)]
    )

    result = run(problem)

    assert set(result.placements) == {2}
    assert result.unplaced == {1: DUPLICATE}


def test_schedule_unknown_participant_and_disabled_recommendations():
    problem = make_problem(
        slots=2,
        meetings=[meeting(1, 1, 99), meeting(2, 1, 1, tier=3)],
        fill_free_time=False,
    )

    assert run(problem).unplaced == {1: UNKNOWN_PARTICIPANT, 2: TIER_DISABLED}


def test_schedule_seats_allow_parallel_meetings():
    problem = make_problem(
        tables=2,
        producers=(1, 2),
        distributors=[Distributor(id=1, seats=2)],
        meetings=[meeting(1, 1, 1), meeting(2, 2, 1)],
    )

    result = run(problem)

    assert {(p.slot_id, p.seat) for p in result.placements.values()} == {(1, 1), (1, 2)}
    assert {p.table_id for p in result.placements.values()} == {1, 2}


def test_schedule_one_seat_means_one_meeting_per_slot():
    problem = make_problem(
        slots=2,
        tables=2,
        producers=(1, 2, 3),
        meetings=[meeting(i, i, 1, weight=i) for i in (1, 2, 3)],
    )

    result = run(problem)

    assert set(result.placements) == {2, 3}
    assert {p.slot_id for p in result.placements.values()} == {1, 2}
    assert result.unplaced == {1: CAPACITY}


def test_schedule_tiers_are_lexicographic():
    # One accepted request of weight 1 beats two pending ones of weight 100 that it blocks.
    problem = make_problem(
        producers=(1, 2),
        distributors=[Distributor(id=1, seats=1), Distributor(id=2)],
        tables=3,
        meetings=[
            meeting(1, 1, 1, tier=1, weight=1),
            meeting(2, 1, 2, tier=2, weight=100),
            meeting(3, 2, 1, tier=2, weight=100),
        ],
    )

    result = run(problem)

    assert set(result.placements) == {1}
    assert result.stats.weight_by_tier == (1.0, 0.0, 0.0)


def test_schedule_relocates_a_meeting_to_make_room():
    # Meeting 1 can go to either slot; meeting 2 only to slot 1. Both must be placed.
    problem = make_problem(
        slots=2,
        producers=[Producer(1), Producer(2, frozenset({1}))],
        distributors=[Distributor(1)],
        tables=2,
        meetings=[meeting(1, 1, 1, weight=5), meeting(2, 2, 1, weight=1)],
    )

    result = run(problem)

    assert result.placements[2].slot_id == 1
    assert result.placements[1].slot_id == 2


def test_schedule_pins_are_kept_even_against_priority():
    problem = make_problem(
        slots=2,
        tables=2,
        producers=(1, 2),
        meetings=[
            meeting(1, 1, 1, tier=3, weight=1, pinned=(2, 2)),
            meeting(2, 2, 1, tier=1, weight=50, pinned=None),
        ],
    )
    one_slot = make_problem(
        tables=2,
        producers=(1, 2),
        meetings=[meeting(1, 1, 1, tier=3, pinned=(1, 2)), meeting(2, 2, 1)],
    )

    result = run(problem)
    only_slot = run(one_slot)

    assert result.placements[1] == Placement(slot_id=2, table_id=2, seat=1)
    assert result.placements[2].slot_id == 1
    assert only_slot.placements == {1: Placement(slot_id=1, table_id=2, seat=1)}
    assert only_slot.unplaced == {2: CAPACITY}


def test_schedule_colliding_pins_keep_the_higher_priority_one():
    problem = make_problem(
        tables=2,
        producers=(1, 2),
        distributors=[Distributor(1), Distributor(2, seats=2)],
        meetings=[
            meeting(1, 1, 1, tier=2, pinned=(1, 1)),  # loses table 1 to meeting 2
            meeting(2, 2, 2, tier=1, pinned=(1, 1)),
            meeting(3, 1, 2, tier=1, pinned=(1, 2)),  # distributor 2's second seat
        ],
    )

    result = run(problem)

    where = {mid: (p.slot_id, p.table_id) for mid, p in result.placements.items()}
    assert where == {2: (1, 1), 3: (1, 2)}
    assert {result.placements[2].seat, result.placements[3].seat} == {1, 2}
    assert result.unplaced == {1: PINNED_CONFLICT}


def test_schedule_rejects_invalid_pins():
    problem = make_problem(
        slots=2,
        tables={1: [1], 2: [2]},
        producers=[Producer(1, frozenset({1})), 2, 3],
        distributors=[Distributor(1, seats=3)],
        meetings=[
            meeting(1, 1, 1, pinned=(2, 2)),  # producer not available in slot 2
            meeting(2, 2, 1, pinned=(1, 2)),  # table 2 is not set up in slot 1
            meeting(3, 3, 1, pinned=(9, 1)),  # no such slot
        ],
    )

    result = run(problem)

    assert result.unplaced == {2: PIN_INVALID, 3: PIN_INVALID, 1: PIN_INVALID}


def test_schedule_replan_keeps_published_meetings():
    base = make_problem(
        slots=3,
        tables=2,
        producers=(1, 2, 3, 4),
        distributors=[Distributor(1, seats=2), Distributor(2)],
        meetings=[meeting(i, p, d, weight=i) for i, (p, d) in enumerate([(1, 1), (2, 1), (3, 2), (4, 1)], 1)],
    )
    first = run(base)
    published = [
        meeting(m.id, m.producer_id, m.distributor_id, weight=m.weight, previous=first.placements[m.id])
        for m in base.meetings
    ]
    again = make_problem(
        slots=3,
        tables=2,
        producers=(1, 2, 3, 4, 5),
        distributors=[Distributor(1, seats=2), Distributor(2)],
        meetings=[*published, meeting(5, 5, 2, weight=0.5)],
    )

    second = run(again)

    assert {mid: second.placements[mid] for mid in first.placements} == first.placements
    assert (second.stats.kept, second.stats.moved, second.stats.dropped) == (4, 0, 0)
    assert 5 in second.placements


def test_schedule_replan_moves_as_few_meetings_as_possible():
    # Producer 2 can now only come in slot 1, where its distributor's only seat was taken by
    # a published meeting that can move to slot 2: one move, the other meetings stay.
    distributors = [Distributor(1), Distributor(2), Distributor(3)]
    published = [
        meeting(1, 1, 1, weight=3, previous=Placement(1, 1, 1)),
        meeting(2, 3, 2, weight=3, previous=Placement(1, 2, 1)),
        meeting(3, 4, 3, weight=3, previous=Placement(2, 1, 1)),
    ]
    problem = make_problem(
        slots=2,
        tables=3,
        producers=[Producer(1), Producer(2, frozenset({1})), 3, 4],
        distributors=distributors,
        meetings=[*published, meeting(4, 2, 1, weight=1)],
    )

    result = run(problem)

    assert result.placements[4].slot_id == 1
    assert result.placements[1].slot_id == 2
    assert result.placements[2] == Placement(1, 2, 1)
    assert result.placements[3] == Placement(2, 1, 1)
    assert (result.stats.kept, result.stats.moved, result.stats.dropped) == (2, 1, 0)


def test_schedule_full_availability_uses_the_exact_path():
    problem = make_problem(
        slots=3,
        tables=3,
        producers=range(1, 7),
        distributors=[Distributor(1, seats=2), Distributor(2)],
        meetings=[
            meeting(i, p, d, weight=i)
            for i, (p, d) in enumerate([(p, d) for p in range(1, 7) for d in (1, 2)], 1)
        ],
    )

    result = run(problem)

    assert result.stats.method == "flow+colouring"
    assert result.stats.proven_optimal
    # Distributor 1 holds 2 seats x 3 slots, distributor 2 holds 3: the 9 heaviest fit.
    assert result.stats.placed_by_tier == (9, 0, 0)
    assert result.stats.upper_bound == pytest.approx(result.stats.weight_by_tier)


def test_schedule_is_deterministic():
    problem = make_problem(
        slots=4,
        tables=2,
        producers=[Producer(p, frozenset({1, 2, 3}) if p % 2 else None) for p in range(1, 9)],
        distributors=[Distributor(1, seats=2), Distributor(2)],
        meetings=[
            meeting(i, p, d, weight=1.0)
            for i, (p, d) in enumerate([(p, d) for p in range(1, 9) for d in (1, 2)], 1)
        ],
    )

    assert schedule(problem).placements == schedule(problem).placements


def test_upper_bound_matches_optimum_with_full_availability():
    problem = make_problem(
        slots=2,
        tables=1,
        producers=(1, 2, 3),
        meetings=[meeting(i, i, 1, weight=i) for i in (1, 2, 3)],
    )

    assert upper_bound(problem) == pytest.approx((5.0, 0.0, 0.0))


def test_validate_reports_every_broken_rule():
    problem = make_problem(
        slots=2,
        tables=1,
        producers=[Producer(1), Producer(2, frozenset({1}))],
        distributors=[Distributor(1), Distributor(2)],
        meetings=[
            meeting(1, 1, 1, pinned=(1, 1)),
            meeting(2, 1, 2),
            meeting(3, 2, 1),
            meeting(4, 2, 2),
        ],
    )
    bad = ScheduleResult(
        placements={
            1: Placement(2, 1, 1),  # pin moved
            2: Placement(2, 1, 1),  # producer 1 and table 1 twice in slot 2
            3: Placement(2, 5, 2),  # producer 2 unavailable, no table 5, no seat 2
        },
        unplaced={},
        stats=schedule(problem).stats,
    )

    errors = validate(problem, bad)

    assert any("pinned" in e for e in errors)
    assert any("producer 1 double-booked" in e for e in errors)
    assert any("table 1 double-booked" in e for e in errors)
    assert any("producer 2 not available" in e for e in errors)
    assert any("table 5 is not usable" in e for e in errors)
    assert any("seat 2 outside" in e for e in errors)
    assert any("meeting 4: neither placed" in e for e in errors)


def test_problem_rejects_bad_input():
    with pytest.raises(ValueError, match="weight"):
        meeting(1, 1, 1, weight=0)
    with pytest.raises(ValueError, match="tier"):
        meeting(1, 1, 1, tier=4)
    with pytest.raises(ValueError, match="seats"):
        Distributor(id=1, seats=0)
    with pytest.raises(ValueError, match="duplicate ids"):
        make_problem(meetings=[meeting(1, 1, 1), meeting(1, 1, 1)])
