"""Which method runs when: the slot-level plan for a prepared problem.

1. Full availability, equal tables, no pins: exact b-matching + edge colouring, done.
2. Otherwise greedy (with augmenting paths), then the flow upper bound. Tiers whose weight
   already equals the bound are finished, and every later phase skips them.
3. Not finished and the time-indexed LP is small enough: solve it, seed a second plan from
   its solution (usually integral), keep the better plan and the tighter bound.
4. Kick / ejection-chain rounds while some tier is open, each round revisiting only the
   participants the previous one touched; then move re-planned meetings back where they
   were; then, on a small event, an exact branch and bound.

Sizes rather than clocks pick the phases, so the same input gives the same plan on any
machine; the deadline only guards against pathological inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .scheduling_colouring import solve_full_availability, uniform_capacity
from .scheduling_exact import branch_and_bound
from .scheduling_improve import insert_pass, keep_pass, kick_pass
from .scheduling_lp import bmatching, time_indexed, time_indexed_columns
from .scheduling_prepare import Prepared, side_capacities
from .scheduling_search import Search, lex_gt

# Breadth of one augmenting-path search (meetings it may displace).
CHAIN_BUDGET = 48
# Depth-first ejection chains: depth and nodes per attempt.
SETTLE_DEPTH = 3
SETTLE_NODES = 120
SETTLE_WORK_PER_MEETING = 40
ROUNDS = 4
# Time-indexed LP: solve tier 1 up to this many (meeting, slot) columns, all tiers below the
# second figure (HiGHS takes about 0.2 s per stage at 10,000 columns).
LP_TIER1_COLUMNS = 24_000
LP_ALL_TIERS_COLUMNS = 6_000
# Exact search: events with at most this many movable meetings, within this many nodes.
EXACT_MAX_MEETINGS = 18
EXACT_NODE_LIMIT = 30_000

Bound = tuple[float, float, float]


@dataclass(slots=True)
class Plan:
    """The slot-level plan (in ``search``), its best known bound and how it was found."""

    search: Search
    bound: Bound | None
    proven: bool
    method: str


def flow_bound(prep: Prepared) -> Bound | None:
    """Lexicographic optimum of the b-matching relaxation (per-side capacities from windows)."""
    cap_p, cap_d, cap_total = side_capacities(prep)
    solved = bmatching(prep, cap_p, cap_d, cap_total)
    return None if solved is None else (solved[0][0], solved[0][1], solved[0][2])


def _tighter(a: Bound | None, b: Bound | None) -> Bound | None:
    """The lexicographically smaller of two valid lexicographic bounds."""
    if a is None or b is None:
        return a if b is None else b
    return b if lex_gt(a, b, 0.0) else a


def make_plan(prep: Prepared, deadline: float) -> Plan:
    """Run the phases listed in the module docstring and return the best plan found."""
    search = Search(prep, deadline)
    tables = uniform_capacity(prep)
    solved = solve_full_availability(prep, tables) if tables is not None else None
    if solved is not None:
        slot_of, optima = solved
        for m, s in enumerate(slot_of):
            if s >= 0:
                search.place(m, s)
        search.log.clear()
        return Plan(search, (optima[0], optima[1], optima[2]), True, "flow+colouring")

    method = "greedy"
    search.place_pins()
    search.greedy(CHAIN_BUDGET)
    bound = flow_bound(prep)
    search.bound = bound
    columns = time_indexed_columns(prep)
    n_tiers = 3 if columns <= LP_ALL_TIERS_COLUMNS else 1 if columns <= LP_TIER1_COLUMNS else 0
    if search.closed_tiers() < n_tiers:
        lp = time_indexed(prep, n_tiers)
        if lp is not None:
            optima, ranked = lp
            bound = _tighter(bound, (*optima, *[math.inf] * (3 - n_tiers)))
            seeded = Search(prep, deadline)
            seeded.place_pins()
            for _, m, s in ranked:
                if prep.tier[m] <= n_tiers and seeded.slot_of[m] < 0 and seeded.fits(m, s):
                    seeded.place(m, s)
            seeded.greedy(CHAIN_BUDGET)
            method = "lp+greedy"
            if lex_gt(seeded.wsum, search.wsum, search.eps):
                search = seeded
            search.bound = bound
    method += "+repair"
    search.work_left = SETTLE_WORK_PER_MEETING * len(prep.meetings)
    for _ in range(ROUNDS):
        if search.closed_tiers() == 3:
            break
        kicked = kick_pass(search, CHAIN_BUDGET)
        inserted = insert_pass(
            search,
            budget=4 * CHAIN_BUDGET,
            depth=SETTLE_DEPTH,
            node_limit=SETTLE_NODES,
            allow_drop=True,
        )
        if not (kicked or inserted):
            break
        search.next_round()
    keep_pass(search, CHAIN_BUDGET)
    proven = search.closed_tiers() == 3
    all_kept = all(s < 0 or s == search.slot_of[m] for m, s in enumerate(prep.prev_slot))
    small = sum(not p for p in search.pinned) <= EXACT_MAX_MEETINGS
    if small and not (proven and all_kept):
        # It only ever swaps in a strictly better plan, so a bound reached stays reached.
        proven = branch_and_bound(search, EXACT_NODE_LIMIT) or search.closed_tiers() == 3
        method += "+exact"
    return Plan(search, bound, proven, method)
