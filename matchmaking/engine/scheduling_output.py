"""Turn a slot-level plan into the scheduler's result: tables, seats, reasons, figures."""

from __future__ import annotations

from collections import defaultdict

from .scheduling_model import CAPACITY, NO_TABLE, Placement, Problem, ScheduleStats
from .scheduling_prepare import Prepared
from .scheduling_search import Search


def assign_tables_and_seats(prep: Prepared, slot_of: list[int]) -> dict[int, Placement]:
    """Give each slot's meetings a table and a seat.

    Pins take their table first, then meetings still in their published slot get their
    published table and seat back when free, then the rest take the lowest free ones in
    priority order. Any such choice is valid because the plan never puts more meetings in
    a slot than it has tables, or more of a distributor's meetings than it has seats.
    """
    by_slot: list[list[int]] = [[] for _ in range(prep.n_slots)]
    for m in prep.order:
        if slot_of[m] >= 0:
            by_slot[slot_of[m]].append(m)
    placements: dict[int, Placement] = {}
    for s, ms in enumerate(by_slot):
        slot_id = prep.slot_ids[s]
        valid_tables = set(prep.tables[s])
        table_of: dict[int, int] = {}
        for m in ms:
            if prep.pin_slot[m] == s:
                table_of[m] = prep.meetings[m].pinned[1]
        used_tables = set(table_of.values())
        seat_of: dict[int, int] = {}
        used_seats: dict[int, set[int]] = defaultdict(set)
        for m in ms:
            prev = prep.meetings[m].previous
            if prev is None or prev.slot_id != slot_id:
                continue
            if m not in table_of and prev.table_id in valid_tables and prev.table_id not in used_tables:
                table_of[m] = prev.table_id
                used_tables.add(prev.table_id)
            seats = used_seats[prep.md[m]]
            if 1 <= prev.seat <= prep.seats[prep.md[m]] and prev.seat not in seats:
                seat_of[m] = prev.seat
                seats.add(prev.seat)
        spare_tables = iter([t for t in prep.tables[s] if t not in used_tables])
        for m in ms:
            if m not in table_of:
                table_of[m] = next(spare_tables)
            if m not in seat_of:
                seats = used_seats[prep.md[m]]
                seat_of[m] = next(k for k in range(1, prep.seats[prep.md[m]] + 1) if k not in seats)
                seats.add(seat_of[m])
            placements[prep.meetings[m].id] = Placement(slot_id, table_of[m], seat_of[m])
    return placements


def reasons(prep: Prepared, search: Search) -> dict[int, str]:
    """Reason for each searched meeting left out, read off the final plan."""
    n_slots = search.n_slots
    out = {}
    for m, s in enumerate(search.slot_of):
        if s >= 0:
            continue
        d = prep.md[m]
        sides_free_somewhere = any(
            search.pbusy[prep.mp[m] * n_slots + t] < 0 and len(search.dmeet[d * n_slots + t]) < prep.seats[d]
            for t in prep.win[m]
        )
        out[prep.meetings[m].id] = NO_TABLE if sides_free_somewhere else CAPACITY
    return out


def stats(
    problem: Problem,
    placements: dict[int, Placement],
    runtime: float,
    method: str,
    bound: tuple[float, float, float] | None,
    proven: bool,
) -> ScheduleStats:
    """Weights and counts per tier, and how much of the published schedule survived."""
    weight = [0.0, 0.0, 0.0]
    placed = [0, 0, 0]
    candidates = [0, 0, 0]
    kept = moved = dropped = 0
    for m in problem.meetings:
        candidates[m.tier - 1] += 1
        where = placements.get(m.id)
        if where is not None:
            weight[m.tier - 1] += m.weight
            placed[m.tier - 1] += 1
        if m.previous is not None:
            if where is None:
                dropped += 1
            elif (where.slot_id, where.table_id) == (m.previous.slot_id, m.previous.table_id):
                kept += 1
            else:
                moved += 1
    return ScheduleStats(
        weight_by_tier=(weight[0], weight[1], weight[2]),
        placed_by_tier=(placed[0], placed[1], placed[2]),
        candidates_by_tier=(candidates[0], candidates[1], candidates[2]),
        kept=kept,
        moved=moved,
        dropped=dropped,
        runtime_s=runtime,
        method=method,
        upper_bound=bound,
        proven_optimal=proven,
    )
