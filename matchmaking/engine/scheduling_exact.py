"""Exact branch and bound for small instances (a handful of meetings per event or re-plan).

Local search can miss the optimum by one meeting on a tiny, tightly-constrained event,
which is exactly where an organiser notices. Below a few dozen meetings an exhaustive
search over slot choices is cheap, so it settles the question: it starts from the current
plan as incumbent and only ever replaces it by something strictly better.
"""

from __future__ import annotations

from .scheduling_search import Search, lex_gt


class _OutOfNodes(Exception):
    """Ends a search that has used its node budget (the incumbent is kept)."""


def branch_and_bound(st: Search, node_limit: int) -> bool:
    """Improve ``st`` in place to the optimum; True when optimality was proven.

    Objective: (tier-1, tier-2, tier-3 weight, meetings kept in their published slot), so a
    small re-plan is both optimal and as stable as possible. Bound: the value so far plus
    every remaining meeting that still has a slot it could take right now.
    """
    prev_slot, value, eps, win = st.prep.prev_slot, st.value, st.eps, st.win
    free = [m for m in st.prep.order if not st.pinned[m]]
    n = len(free)

    def vec(m: int, s: int) -> tuple[float, ...]:
        return (*value[m], 1.0 if s == prev_slot[m] else 0.0)

    best_val = [0.0, 0.0, 0.0, 0.0]
    for m in free:
        if st.slot_of[m] >= 0:
            best_val = [a + b for a, b in zip(best_val, vec(m, st.slot_of[m]), strict=True)]
    best_plan = [st.slot_of[m] for m in free]
    for m in free:
        if st.slot_of[m] >= 0:
            st.remove(m)
    nodes = 0

    def dfs(i: int, val: list[float]) -> None:
        nonlocal nodes, best_val, best_plan
        nodes += 1
        if nodes > node_limit:
            raise _OutOfNodes
        if i == n:
            if lex_gt(val, best_val, eps):
                best_val = list(val)
                best_plan = [st.slot_of[m] for m in free]
            return
        bound = list(val)
        for j in range(i, n):
            u = free[j]
            if any(st.fits(u, s) for s in win[u]):
                for k in range(3):
                    bound[k] += value[u][k]
                bound[3] += 1.0 if prev_slot[u] >= 0 else 0.0
        if not lex_gt(bound, best_val, eps):
            return
        m = free[i]
        choices = [s for s in win[m] if st.fits(m, s)]
        if prev_slot[m] in choices:
            choices.remove(prev_slot[m])
            choices.insert(0, prev_slot[m])
        for s in choices:
            st.place(m, s)
            dfs(i + 1, [a + b for a, b in zip(val, vec(m, s), strict=True)])
            st.remove(m)
        dfs(i + 1, val)

    proven = True
    try:
        dfs(0, [0.0, 0.0, 0.0, 0.0])
    except _OutOfNodes:
        proven = False
    for m in free:
        if st.slot_of[m] >= 0:
            st.remove(m)
    for m, s in zip(free, best_plan, strict=True):
        if s >= 0:
            st.place(m, s)
    st.log.clear()
    return proven
