"""B2B meeting scheduler: candidate meetings in, (slot, table, seat) per meeting out. No Django.

Objective, in this order: tier-1 weight (accepted requests), then tier-2 (pending requests),
then tier-3 (recommendations filling free time), then keeping published meetings where they
were. Hard rules: a producer meets once per slot, a distributor at most ``seats`` times per
slot (one meeting per seat), a table hosts one meeting per slot, both sides must be
available, pins never move.

How (``scheduling_plan`` picks; the other ``scheduling_*`` modules do the work):
- full availability and equal tables per slot: the exact optimum, from a lexicographic
  b-matching LP (totally unimodular, solved by HiGHS) and a bipartite edge colouring;
- otherwise: greedy by tier/weight/scarcity with augmenting-path relocations; a flow
  relaxation bounds each tier, and tiers that reach it are done; if not, a time-indexed LP
  (when small enough) seeds a second plan and tightens the bound; then ejection chains and
  exchange ("kick") moves, moving re-planned meetings back, and on a small event an exact
  branch and bound.

Everything is deterministic for a given input and ``seed``.
"""

from __future__ import annotations

import time

from .scheduling_model import (
    ACCEPTED,
    CAPACITY,
    DUPLICATE,
    NO_COMMON_SLOT,
    NO_TABLE,
    PENDING,
    PIN_INVALID,
    PINNED_CONFLICT,
    REASONS,
    RECOMMENDED,
    TIER_DISABLED,
    UNKNOWN_PARTICIPANT,
    CandidateMeeting,
    Distributor,
    Placement,
    Problem,
    Producer,
    ScheduleResult,
    ScheduleStats,
    Slot,
)
from .scheduling_output import assign_tables_and_seats, reasons, stats
from .scheduling_plan import flow_bound, make_plan
from .scheduling_prepare import prepare

__all__ = [
    "ACCEPTED",
    "CAPACITY",
    "DUPLICATE",
    "NO_COMMON_SLOT",
    "NO_TABLE",
    "PENDING",
    "PIN_INVALID",
    "PINNED_CONFLICT",
    "REASONS",
    "RECOMMENDED",
    "TIER_DISABLED",
    "UNKNOWN_PARTICIPANT",
    "CandidateMeeting",
    "Distributor",
    "Placement",
    "Problem",
    "Producer",
    "ScheduleResult",
    "ScheduleStats",
    "Slot",
    "schedule",
    "upper_bound",
    "validate",
]


def schedule(problem: Problem, *, seed: int = 0, time_limit: float = 10.0) -> ScheduleResult:
    """Place as much weight as possible, tier by tier, and say why the rest was left out.

    ``seed`` changes only how exact ties are broken. ``time_limit`` (seconds) guards the
    improvement phases against pathological inputs; the construction always completes, so
    a valid plan always comes back. The stats carry the best upper bound found and
    ``proven_optimal`` when the plan reaches it (or the exact search finished).
    """
    start = time.perf_counter()
    prep = prepare(problem, seed)
    plan = make_plan(prep, start + time_limit)
    placements = assign_tables_and_seats(prep, plan.search.slot_of)
    unplaced = dict(prep.rejected)
    unplaced.update(reasons(prep, plan.search))
    figures = stats(problem, placements, time.perf_counter() - start, plan.method, plan.bound, plan.proven)
    return ScheduleResult(placements=placements, unplaced=unplaced, stats=figures)


def upper_bound(problem: Problem) -> tuple[float, float, float] | None:
    """Lexicographic optimum of the flow relaxation: no schedule can beat it, tier by tier.

    Exact with full availability; with availability windows it ignores *when* two sides are
    both free, so the gap it shows over-estimates the true one. Read it lexicographically:
    the tier-2 figure bounds tier 2 only for plans that reach the tier-1 figure. None if
    the LP solver failed.
    """
    return flow_bound(prepare(problem, 0))


def validate(problem: Problem, result: ScheduleResult) -> list[str]:
    """Every broken rule in ``result``, as readable messages; ``[]`` means the plan is sound.

    Checks double bookings (producer, distributor seat, table), availability, tables and
    seats that do not exist, pins, disabled tier 3, duplicate pairs placed twice, and that
    every candidate is either placed or has a known reason.
    """
    errors: list[str] = []
    slots = {s.id for s in problem.slots}
    producers = {p.id: p for p in problem.producers}
    distributors = {d.id: d for d in problem.distributors}
    meetings = {m.id: m for m in problem.meetings}
    by_producer: dict[tuple[int, int], int] = {}
    by_seat: dict[tuple[int, int, int], int] = {}
    by_table: dict[tuple[int, int], int] = {}
    pairs: dict[tuple[int, int], int] = {}
    for mid, where in result.placements.items():
        m = meetings.get(mid)
        if m is None:
            errors.append(f"meeting {mid}: placed but not a candidate")
            continue
        p, d = producers.get(m.producer_id), distributors.get(m.distributor_id)
        if p is None or d is None:
            errors.append(f"meeting {mid}: placed with an unknown participant")
            continue
        s = where.slot_id
        if s not in slots:
            errors.append(f"meeting {mid}: unknown slot {s}")
        if where.table_id not in problem.tables.get(s, ()):
            errors.append(f"meeting {mid}: table {where.table_id} is not usable in slot {s}")
        if not 1 <= where.seat <= d.seats:
            errors.append(f"meeting {mid}: seat {where.seat} outside 1..{d.seats}")
        for side, who in (("producer", p), ("distributor", d)):
            if who.available is not None and s not in who.available:
                errors.append(f"meeting {mid}: {side} {who.id} not available in slot {s}")
        for key, seen, what in (
            ((p.id, s), by_producer, "producer {p} double-booked in slot {s}"),
            (
                (d.id, s, where.seat),
                by_seat,
                "distributor {d} seat {seat} double-booked in slot {s}",
            ),
            ((s, where.table_id), by_table, "table {table} double-booked in slot {s}"),
            ((p.id, d.id), pairs, "pair {p}-{d} placed twice"),
        ):
            if key in seen:
                text = what.format(p=p.id, d=d.id, s=s, seat=where.seat, table=where.table_id)
                errors.append(f"meeting {mid}: {text} (with meeting {seen[key]})")
            else:
                seen[key] = mid
        if m.pinned is not None and (s, where.table_id) != m.pinned:
            errors.append(f"meeting {mid}: pinned to {m.pinned} but placed at {(s, where.table_id)}")
        if m.tier == RECOMMENDED and not problem.fill_free_time:
            errors.append(f"meeting {mid}: recommendation placed while tier 3 is off")
    for mid, reason in result.unplaced.items():
        if mid in result.placements:
            errors.append(f"meeting {mid}: both placed and unplaced")
        if reason not in REASONS:
            errors.append(f"meeting {mid}: unknown reason {reason!r}")
        m = meetings.get(mid)
        if (
            m is not None
            and m.pinned is not None
            and reason not in (PIN_INVALID, PINNED_CONFLICT, DUPLICATE, UNKNOWN_PARTICIPANT, TIER_DISABLED)
        ):
            errors.append(f"meeting {mid}: pinned but dropped ({reason})")
    for mid in meetings:
        if mid not in result.placements and mid not in result.unplaced:
            errors.append(f"meeting {mid}: neither placed nor given a reason")
    return errors
