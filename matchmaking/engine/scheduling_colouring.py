"""Exact schedule when everybody is available all day: b-matching, then bipartite edge colouring.

With full availability and the same number of tables in every slot, a set of meetings fits
into ``S`` slots exactly when no producer has more than ``S`` meetings, no distributor more
than ``seats * S`` and there are at most ``tables * S`` in all: split each distributor into
one vertex per seat with at most ``S`` meetings each, and König's theorem colours the
bipartite multigraph with ``S`` colours (= slots); Kempe swaps between two colour classes
then even out the class sizes until every slot fits its tables. So the max-weight selection
(exact, from the flow LP) is also the optimal schedule.

The colouring starts from the published slots, so a re-plan only recolours what the new
selection forces it to.
"""

from __future__ import annotations

from .scheduling_lp import bmatching
from .scheduling_prepare import Prepared


def uniform_capacity(prep: Prepared) -> int | None:
    """Tables per slot if the fast exact path applies, else None.

    It applies when every meeting can use every slot that has tables, no meeting is pinned
    and tables bind equally in every slot (or never bind at all).
    """
    used = [s for s in range(prep.n_slots) if prep.cap[s] > 0]
    if not prep.meetings or any(s >= 0 for s in prep.pin_slot):
        return None
    n_used = len(used)
    if any(len(w) != n_used for w in prep.win):
        return None
    caps = {prep.cap[s] for s in used}
    if len(caps) == 1:
        return caps.pop()
    most_per_slot = min(len(set(prep.mp)), sum(prep.seats[d] for d in set(prep.md)))
    if min(caps) >= most_per_slot:
        return min(caps)
    return None


def solve_full_availability(prep: Prepared, tables: int) -> tuple[list[int], list[float]] | None:
    """Slot index per meeting (-1 = not held) and the per-tier optimum, or None on LP trouble."""
    used = [s for s in range(prep.n_slots) if prep.cap[s] > 0]
    n_slots = len(used)
    n = len(prep.meetings)
    # Last stage: among optimal selections, keep as many published meetings as possible.
    solved = bmatching(
        prep,
        [n_slots] * prep.n_producers,
        [seats * n_slots for seats in prep.seats],
        tables * n_slots,
        extra_stage=[1.0 if s >= 0 else 0.0 for s in prep.prev_slot],
    )
    if solved is None or solved[1] is None:
        return None
    optima, chosen = solved
    colour = _colour(prep, chosen, n_slots, used, tables)
    if colour is None:
        return None
    slot_of = [-1] * n
    for m in chosen:
        slot_of[m] = used[colour[m]]
    return slot_of, optima[:3]


def _colour(
    prep: Prepared, chosen: list[int], n_colours: int, used: list[int], tables: int
) -> dict[int, int] | None:
    position = {s: i for i, s in enumerate(used)}
    # Vertices: producers 0..P-1, then one vertex per distributor seat.
    first_seat = []
    n_vertices = prep.n_producers
    for seats in prep.seats:
        first_seat.append(n_vertices)
        n_vertices += seats
    ends: dict[int, tuple[int, int]] = {}
    seat_load = [0] * n_vertices
    by_distributor: dict[int, list[int]] = {}
    for m in chosen:
        by_distributor.setdefault(prep.md[m], []).append(m)
    for d, ms in by_distributor.items():
        # Published meetings pick their old seat first, so that seat stays free for them.
        ms.sort(key=lambda m: (prep.meetings[m].previous is None, m))
        for m in ms:
            prev = prep.meetings[m].previous
            seat = -1
            if prev is not None and 1 <= prev.seat <= prep.seats[d]:
                v = first_seat[d] + prev.seat - 1
                if seat_load[v] < n_colours:
                    seat = v
            if seat < 0:
                seat = min(
                    range(first_seat[d], first_seat[d] + prep.seats[d]),
                    key=seat_load.__getitem__,
                )
            seat_load[seat] += 1
            ends[m] = (prep.mp[m], seat)

    at = [-1] * (n_vertices * n_colours)
    colour: dict[int, int] = {}
    size = [0] * n_colours

    def set_colour(m: int, c: int) -> None:
        u, v = ends[m]
        at[u * n_colours + c] = m
        at[v * n_colours + c] = m
        colour[m] = c
        size[c] += 1

    def clear_colour(m: int) -> None:
        u, v = ends[m]
        c = colour.pop(m)
        at[u * n_colours + c] = -1
        at[v * n_colours + c] = -1
        size[c] -= 1

    rest = []
    for m in chosen:
        s = prep.prev_slot[m]
        u, v = ends[m]
        c = position.get(s, -1)
        if c >= 0 and at[u * n_colours + c] < 0 and at[v * n_colours + c] < 0 and size[c] < tables:
            set_colour(m, c)
        else:
            rest.append(m)

    def walk(start: int, a: int, b: int) -> list[int]:
        """Edges of the path that leaves ``start`` by colour ``a``, then ``b``, ``a``..."""
        path, x, want = [], start, a
        while True:
            m = at[x * n_colours + want]
            if m < 0 or (path and m == path[-1]):
                return path
            path.append(m)
            u, v = ends[m]
            x = v if x == u else u
            want = b if want == a else a

    def swap(path: list[int], a: int, b: int) -> None:
        old = [(m, colour[m]) for m in path]
        for m, _ in old:
            clear_colour(m)
        for m, c in old:
            set_colour(m, b if c == a else a)

    for m in rest:
        u, v = ends[m]
        both = [c for c in range(n_colours) if at[u * n_colours + c] < 0 and at[v * n_colours + c] < 0]
        if both:
            set_colour(m, min(both, key=size.__getitem__))
            continue
        a = next(c for c in range(n_colours) if at[u * n_colours + c] < 0)
        b = next(c for c in range(n_colours) if at[v * n_colours + c] < 0)
        # König: the a/b path from v cannot reach u, so swapping it frees a at v.
        swap(walk(v, a, b), a, b)
        set_colour(m, a)

    # Even out the slots: a class over its table count gives an edge to a lighter class
    # through an alternating path that has one more edge of the heavy colour.
    for _ in range(len(chosen) + 1):
        heavy = max(range(n_colours), key=size.__getitem__)
        if size[heavy] <= tables:
            return colour
        light = min(range(n_colours), key=size.__getitem__)
        for m in [m for m, c in colour.items() if c == heavy]:
            u, v = ends[m]
            start = u if at[u * n_colours + light] < 0 else v if at[v * n_colours + light] < 0 else -1
            if start < 0:
                continue
            path = walk(start, heavy, light)
            if len(path) % 2 == 1:
                swap(path, heavy, light)
                break
        else:
            return None
    return None
