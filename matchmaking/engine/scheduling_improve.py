"""Improvement moves on a slot-level plan: settle (ejection chains), kick and keep passes.

- settle: place an unplaced meeting by evicting up to two meetings per step (the producer's
  meeting in that slot and one of the distributor's) and re-placing each evictee the same
  way, depth first, with real moves and rollback; the breadth-first chains of
  ``Search.insert`` only ever evict one meeting per step, which misses the common case of a
  meeting blocked on both sides. With ``allow_drop`` an evictee may be left out when all
  that is dropped is worth less than what gets in (an ejection chain);
- kick: remove one placed meeting, let the unplaced meetings it blocked in, re-insert it if
  possible, and keep the change only if the tier-by-tier weight went up (one strong meeting
  blocking two that are worth more together);
- keep: move re-planned meetings back to their published slot when that costs nothing.
"""

from __future__ import annotations

import time

from .scheduling_search import Search, lex_gt


class _OutOfNodes(Exception):
    """Ends a settle attempt that has used its node budget."""


def settle(st: Search, root: int, *, depth: int, node_limit: int, allow_drop: bool) -> bool:
    """Place the unplaced meeting ``root`` by a depth-first ejection chain (see module doc)."""
    if not allow_drop:
        p, d = st.mp[root], st.md[root]
        if st.pcount[p] >= st.pcap[p] or st.dcount[d] >= st.dcap[d] or st.total >= st.total_cap:
            return False
    n_slots = st.n_slots
    mp, md, win, seats, cap, eps = st.mp, st.md, st.win, st.seats, st.cap, st.eps
    pbusy, dmeet, smeet, pinned, log = st.pbusy, st.dmeet, st.smeet, st.pinned, st.log
    locked: set[int] = set()
    lock_stack: list[int] = []
    dropped: list[int] = []
    nodes = 0

    def evictions(x: int, s: int) -> list[tuple[int, ...]]:
        d = md[x]
        b = pbusy[mp[x] * n_slots + s]
        dl = dmeet[d * n_slots + s]
        d_full = len(dl) >= seats[d]
        if b >= 0:
            # The producer's meeting must go; if it does not free a seat of ``d``, one of
            # the distributor's meetings must go too.
            out = [(b, y) for y in dl] if d_full and md[b] != d else [(b,)]
        elif d_full:
            out = [(y,) for y in dl]
        elif len(smeet[s]) >= cap[s]:
            out = []
            for y in smeet[s]:
                if y not in locked and not pinned[y]:
                    out.append((y,))
                    if len(out) == 3:
                        break
        else:
            out = []
        return [e for e in out if not any(y in locked or pinned[y] for y in e)]

    root_tier, root_weight = st.tier[root], st.weight[root]
    tier, weight = st.tier, st.weight

    def may_drop(x: int) -> bool:
        # Dropping stays a gain while the root's tier loses less than the root brings;
        # lower tiers do not count against it, higher tiers can never be dropped for it.
        if tier[x] < root_tier:
            return False
        lost = sum(weight[y] for y in (*dropped, x) if tier[y] == root_tier)
        return lost < root_weight - eps

    def lock(x: int) -> None:
        locked.add(x)
        lock_stack.append(x)

    def undo(mark: int, n_locked: int, n_dropped: int) -> None:
        st.rollback(mark)
        while len(lock_stack) > n_locked:
            locked.discard(lock_stack.pop())
        del dropped[n_dropped:]

    def rec(x: int, depth: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > node_limit:
            raise _OutOfNodes
        px, d = mp[x] * n_slots, md[x]
        d0, seats_d = d * n_slots, seats[d]
        for s in win[x]:
            if pbusy[px + s] < 0 and len(dmeet[d0 + s]) < seats_d and len(smeet[s]) < cap[s]:
                st.place(x, s)
                lock(x)
                return True
        if depth > 0:
            for s in win[x]:
                for evicted in evictions(x, s):
                    mark, n_locked, n_dropped = len(log), len(lock_stack), len(dropped)
                    for y in evicted:
                        st.remove(y)
                    st.place(x, s)
                    lock(x)
                    if all(rec(y, depth - 1) for y in evicted):
                        return True
                    undo(mark, n_locked, n_dropped)
        if allow_drop and x != root and may_drop(x):
            dropped.append(x)
            return True
        return False

    node_limit = min(node_limit, st.work_left)
    mark = len(log)
    try:
        if rec(root, depth):
            return True
    except _OutOfNodes:
        pass
    finally:
        st.work_left -= min(nodes, node_limit)
    st.rollback(mark)
    return False


def insert_pass(st: Search, *, budget: int, depth: int, node_limit: int, allow_drop: bool) -> bool:
    """Try again to get every unplaced meeting in, by priority."""
    improved = False
    closed = st.closed_tiers()
    for m in st.prep.order:
        if st.tier[m] <= closed or st.slot_of[m] >= 0 or not st.in_focus(m):
            continue
        if time.perf_counter() > st.deadline:
            break
        if st.insert(m, budget) or settle(st, m, depth=depth, node_limit=node_limit, allow_drop=allow_drop):
            improved = True
            st.commit()
            closed = st.closed_tiers()
    return improved


def kick_pass(st: Search, budget: int) -> bool:
    """One sweep of kick moves over placed meetings, least valuable first."""
    improved = False
    value, eps, slot_of, win, tier = st.value, st.eps, st.slot_of, st.win, st.tier
    closed = st.closed_tiers()
    placed = [m for m in reversed(st.prep.order) if slot_of[m] >= 0 and not st.pinned[m] and st.in_focus(m)]
    # Who is waiting, per producer and per distributor: a big chain has hundreds of
    # requests, so scanning all of them for every kick would be quadratic.
    waiting_p: dict[int, list[int]] = {}
    waiting_d: dict[int, list[int]] = {}
    for u in st.prep.order:
        if slot_of[u] < 0 and tier[u] > closed:
            waiting_p.setdefault(st.mp[u], []).append(u)
            waiting_d.setdefault(st.md[u], []).append(u)
    for y in placed:
        if time.perf_counter() > st.deadline or closed == 3:
            break
        s = slot_of[y]
        if s < 0:
            continue
        cands = [
            u
            for u in waiting_p.get(st.mp[y], []) + waiting_d.get(st.md[y], [])
            if slot_of[u] < 0 and tier[u] > closed and s in win[u]
        ]
        if not cands:
            continue
        # Kicking ``y`` can only pay if those it blocks are worth more together.
        total = [0.0, 0.0, 0.0]
        for u in cands:
            for k in range(3):
                total[k] += value[u][k]
        if not lex_gt(total, value[y], eps):
            continue
        cands.sort(key=st.rank.__getitem__)
        mark = len(st.log)
        st.remove(y)
        gain = [-v for v in value[y]]
        for u in cands:
            if slot_of[u] < 0 and st.insert(u, budget):
                for k in range(3):
                    gain[k] += value[u][k]
        if st.insert(y, budget):
            for k in range(3):
                gain[k] += value[y][k]
        if lex_gt(gain, (0.0, 0.0, 0.0), eps):
            improved = True
            st.commit()
            closed = st.closed_tiers()
        else:
            st.rollback(mark)
    return improved


def keep_pass(st: Search, budget: int) -> None:
    """Bring re-planned meetings back to their published slot where that is free of cost.

    Only relocations are used (nobody is dropped), so the weights do not change; meetings
    already in their published slot are never pushed.
    """
    prev_slot = st.prep.prev_slot
    for m in st.prep.order:
        s = prev_slot[m]
        cur = st.slot_of[m]
        if s < 0 or cur < 0 or cur == s or st.pinned[m]:
            continue
        if time.perf_counter() > st.deadline:
            break
        mark = len(st.log)
        st.remove(m)
        if st.fits(m, s):
            st.place(m, s)
            continue
        done = False
        for y in _blockers(st, m, s)[:8]:
            if st.pinned[y] or st.slot_of[y] == prev_slot[y]:
                continue
            inner = len(st.log)
            st.remove(y)
            if st.fits(m, s):
                st.place(m, s)
                st.pinned[m] = True  # its own slot must not be used to re-place y
                ok = st.insert(y, budget, protect_kept=True)
                st.pinned[m] = False
                if ok:
                    done = True
                    break
            st.rollback(inner)
        if not done:
            st.rollback(mark)
    st.log.clear()


def _blockers(st: Search, m: int, s: int) -> list[int]:
    """Meetings whose removal alone would let ``m`` into slot ``s``."""
    n_slots = st.n_slots
    d = st.md[m]
    b = st.pbusy[st.mp[m] * n_slots + s]
    dl = st.dmeet[d * n_slots + s]
    d_full = len(dl) >= st.seats[d]
    if b >= 0:
        return [b] if not d_full or st.md[b] == d else []
    if d_full:
        return list(dl)
    return list(st.smeet[s])
