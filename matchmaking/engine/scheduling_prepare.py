"""Turn a Problem into dense, integer-indexed arrays and settle what is decided before search.

Everything after this step works on small ints (slot, producer, distributor and meeting
indices) held in lists, because attribute and dict look-ups dominate pure-Python search
time. Meetings that can never be placed (unknown participant, disabled tier, duplicate pair,
bad or colliding pin, no common slot) get their reason here and never reach the search.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scheduling_model import (
    DUPLICATE,
    NO_COMMON_SLOT,
    NO_TABLE,
    PIN_INVALID,
    PINNED_CONFLICT,
    RECOMMENDED,
    TIER_DISABLED,
    UNKNOWN_PARTICIPANT,
    CandidateMeeting,
    Problem,
)

_MASK = (1 << 64) - 1


def tie_break(seed: int, key: int) -> int:
    """A seeded pseudo-random integer for ``key`` (splitmix64).

    Ties are broken by a hash rather than by input order so that the organiser re-ordering
    rows in the admin does not change the schedule, while ``seed`` still lets them ask for a
    different but equally good plan.
    """
    z = (key * 0x9E3779B97F4A7C15 + (seed + 1) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@dataclass(slots=True)
class Prepared:
    """Index-based view of a Problem. Meeting index ``m`` refers to ``meetings[m]``."""

    problem: Problem
    slot_ids: list[int]  # slot index -> slot id, in day order
    tables: list[tuple[int, ...]]  # slot index -> table ids
    cap: list[int]  # slot index -> number of tables
    seats: list[int]  # distributor index -> seats
    n_producers: int
    meetings: list[CandidateMeeting]
    mp: list[int]  # meeting -> producer index
    md: list[int]  # meeting -> distributor index
    tier: list[int]
    weight: list[float]
    win: list[tuple[int, ...]]  # meeting -> slot indices both sides can attend (with tables)
    prev_slot: list[int]  # slot index of the published placement if still in the window, else -1
    pin_slot: list[int]  # slot index of an accepted pin, else -1
    order: list[int]  # meetings by priority: tier, then weight, then fewest options
    rejected: dict[int, str]  # meeting id -> reason, for meetings kept out of the search

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_distributors(self) -> int:
        return len(self.seats)


def _slot_set(available: frozenset[int] | None, slot_index: dict[int, int]) -> frozenset[int]:
    if available is None:
        return frozenset(slot_index.values())
    return frozenset(slot_index[s] for s in available if s in slot_index)


def prepare(problem: Problem, seed: int) -> Prepared:
    """Index the problem, reject the meetings that cannot be scheduled, and order the rest."""
    slots = sorted(problem.slots, key=lambda slot: (slot.order, slot.id))
    slot_index = {slot.id: i for i, slot in enumerate(slots)}
    tables = [tuple(problem.tables.get(slot.id, ())) for slot in slots]
    cap = [len(ts) for ts in tables]
    producer_index = {p.id: i for i, p in enumerate(problem.producers)}
    distributor_index = {d.id: i for i, d in enumerate(problem.distributors)}
    p_avail = [_slot_set(p.available, slot_index) for p in problem.producers]
    d_avail = [_slot_set(d.available, slot_index) for d in problem.distributors]
    seats = [d.seats for d in problem.distributors]

    rejected: dict[int, str] = {}
    best_of_pair: dict[tuple[int, int], CandidateMeeting] = {}

    def keep_rank(m: CandidateMeeting) -> tuple:
        # Of two requests for the same pair keep the pinned one, then the higher tier and
        # weight, then the published one, so a duplicate never unseats a settled meeting.
        return (m.pinned is None, m.tier, -m.weight, m.previous is None, m.id)

    for m in problem.meetings:
        if m.producer_id not in producer_index or m.distributor_id not in distributor_index:
            rejected[m.id] = UNKNOWN_PARTICIPANT
        elif m.tier == RECOMMENDED and not problem.fill_free_time:
            rejected[m.id] = TIER_DISABLED
        else:
            pair = (m.producer_id, m.distributor_id)
            other = best_of_pair.get(pair)
            if other is None:
                best_of_pair[pair] = m
            elif keep_rank(m) < keep_rank(other):
                rejected[other.id] = DUPLICATE
                best_of_pair[pair] = m
            else:
                rejected[m.id] = DUPLICATE

    candidates = sorted(best_of_pair.values(), key=lambda m: m.id)
    pin_slot_of: dict[int, int] = {}
    taken_producer: set[tuple[int, int]] = set()
    taken_table: set[tuple[int, int]] = set()
    seats_used: dict[tuple[int, int], int] = {}
    for m in sorted((m for m in candidates if m.pinned is not None), key=keep_rank):
        slot_id, table_id = m.pinned
        p, d = producer_index[m.producer_id], distributor_index[m.distributor_id]
        s = slot_index.get(slot_id)
        if s is None or table_id not in tables[s] or s not in p_avail[p] or s not in d_avail[d]:
            rejected[m.id] = PIN_INVALID
            continue
        used = seats_used.get((d, s), 0)
        if (p, s) in taken_producer or (s, table_id) in taken_table or used >= seats[d]:
            rejected[m.id] = PINNED_CONFLICT
            continue
        taken_producer.add((p, s))
        taken_table.add((s, table_id))
        seats_used[(d, s)] = used + 1
        pin_slot_of[m.id] = s

    meetings: list[CandidateMeeting] = []
    mp: list[int] = []
    md: list[int] = []
    win: list[tuple[int, ...]] = []
    prev_slot: list[int] = []
    pin_slot: list[int] = []
    for m in candidates:
        if m.id in rejected:
            continue
        p, d = producer_index[m.producer_id], distributor_index[m.distributor_id]
        common = p_avail[p] & d_avail[d]
        window = tuple(sorted(s for s in common if cap[s] > 0))
        if not window:
            rejected[m.id] = NO_TABLE if common else NO_COMMON_SLOT
            continue
        prev = -1
        if m.previous is not None:
            s = slot_index.get(m.previous.slot_id, -1)
            prev = s if s in common and cap[s] > 0 else -1
        meetings.append(m)
        mp.append(p)
        md.append(d)
        win.append(window)
        prev_slot.append(prev)
        pin_slot.append(pin_slot_of.get(m.id, -1))

    order = sorted(
        range(len(meetings)),
        key=lambda i: (
            meetings[i].tier,
            -meetings[i].weight,
            len(win[i]),
            tie_break(seed, meetings[i].id),
        ),
    )
    return Prepared(
        problem=problem,
        slot_ids=[slot.id for slot in slots],
        tables=tables,
        cap=cap,
        seats=seats,
        n_producers=len(problem.producers),
        meetings=meetings,
        mp=mp,
        md=md,
        tier=[m.tier for m in meetings],
        weight=[m.weight for m in meetings],
        win=win,
        prev_slot=prev_slot,
        pin_slot=pin_slot,
        order=order,
        rejected=rejected,
    )


def side_capacities(prep: Prepared) -> tuple[list[int], list[int], int]:
    """Most meetings each producer, each distributor and the whole event could ever hold.

    A side can only meet in the slots its own meetings could use, so these are the
    capacities of the flow relaxation and quick "no chance" tests for the search.
    """
    p_slots: list[set[int]] = [set() for _ in range(prep.n_producers)]
    d_slots: list[set[int]] = [set() for _ in range(prep.n_distributors)]
    all_slots: set[int] = set()
    for p, d, window in zip(prep.mp, prep.md, prep.win, strict=True):
        p_slots[p].update(window)
        d_slots[d].update(window)
        all_slots.update(window)
    cap_p = [len(slots) for slots in p_slots]
    cap_d = [seats * len(slots) for seats, slots in zip(prep.seats, d_slots, strict=True)]
    return cap_p, cap_d, sum(prep.cap[s] for s in all_slots)
