"""Slot-level schedule state, greedy construction and augmenting-path insertion.

The search only decides *which slot* each meeting takes: within a slot, tables are
interchangeable and so are a distributor's seats, so a slot-level plan that respects
"producer once, distributor at most ``seats`` times, at most ``len(tables)`` meetings" can
always be given tables and seats afterwards.

- greedy: meetings in priority order (tier, weight, fewest options) take the free slot where
  they block the least future demand, preferring their published slot and avoiding slots
  that published meetings still have to come back to;
- augmenting path: a meeting with no free slot takes a slot by pushing the meeting in its
  way to another slot, which may push another, breadth first (a Kempe-chain style
  relocation that never drops anyone).

Every state change goes through ``place``/``remove`` and a log, so a move that does not
pay off (see ``scheduling_improve``) is rolled back exactly.
"""

from __future__ import annotations

import math
import time

from .scheduling_prepare import Prepared, side_capacities


def lex_gt(a, b, eps: float) -> bool:
    """``a > b`` compared component by component (tier 1 weight first), with a tolerance."""
    for x, y in zip(a, b, strict=True):
        if x > y + eps:
            return True
        if x < y - eps:
            return False
    return False


class Search:
    """Mutable slot-level schedule with an undo log."""

    def __init__(self, prep: Prepared, deadline: float) -> None:
        self.prep = prep
        self.deadline = deadline
        n_slots = prep.n_slots
        self.n_slots = n_slots
        n = len(prep.meetings)
        self.mp, self.md, self.win = prep.mp, prep.md, prep.win
        self.seats, self.cap = prep.seats, prep.cap
        self.slot_of = [-1] * n
        self.pinned = [s >= 0 for s in prep.pin_slot]
        self.pbusy = [-1] * (prep.n_producers * n_slots)
        self.dmeet: list[list[int]] = [[] for _ in range(prep.n_distributors * n_slots)]
        self.smeet: list[dict[int, None]] = [{} for _ in range(n_slots)]
        self.log: list[tuple[int, int, bool]] = []
        # Necessary conditions for an insertion: the side must have spare capacity somewhere
        # in the slots its meetings could use, or no chain of relocations can help.
        self.pcount = [0] * prep.n_producers
        self.dcount = [0] * prep.n_distributors
        self.total = 0
        self.pcap, self.dcap, self.total_cap = side_capacities(prep)
        # A meeting's value as a (tier1, tier2, tier3) vector, for the lexicographic objective.
        self.value = []
        for t, w in zip(prep.tier, prep.weight, strict=True):
            v = [0.0, 0.0, 0.0]
            v[t - 1] = w
            self.value.append(tuple(v))
        self.eps = 1e-9 * max([1.0, *prep.weight])
        self.rank = [0] * n
        for r, m in enumerate(prep.order):
            self.rank[m] = r
        self.tier, self.weight = prep.tier, prep.weight
        self.wsum = [0.0, 0.0, 0.0]
        # Upper bound per tier (flow relaxation), when known: tiers that reach it are done.
        self.bound: tuple[float, float, float] | None = None
        # Participants changed by committed moves; the next round only revisits those.
        self.touched_p: set[int] = set()
        self.touched_d: set[int] = set()
        self.focus: tuple[set[int], set[int]] | None = None
        # Nodes the depth-first ejection chains may still spend, in all: a deterministic
        # cap (unlike a clock) on the part of the search that mostly proves a negative.
        self.work_left = 0

    # -- primitive moves (every change is logged so that it can be rolled back) -----------

    def place(self, m: int, s: int) -> None:
        n_slots = self.n_slots
        self.slot_of[m] = s
        self.pbusy[self.mp[m] * n_slots + s] = m
        self.dmeet[self.md[m] * n_slots + s].append(m)
        self.smeet[s][m] = None
        self.pcount[self.mp[m]] += 1
        self.dcount[self.md[m]] += 1
        self.total += 1
        self.wsum[self.tier[m] - 1] += self.weight[m]
        self.log.append((m, s, True))

    def remove(self, m: int) -> None:
        n_slots = self.n_slots
        s = self.slot_of[m]
        self.slot_of[m] = -1
        self.pbusy[self.mp[m] * n_slots + s] = -1
        self.dmeet[self.md[m] * n_slots + s].remove(m)
        del self.smeet[s][m]
        self.pcount[self.mp[m]] -= 1
        self.dcount[self.md[m]] -= 1
        self.total -= 1
        self.wsum[self.tier[m] - 1] -= self.weight[m]
        self.log.append((m, s, False))

    def rollback(self, mark: int) -> None:
        """Undo every logged move after position ``mark``."""
        log = self.log
        while len(log) > mark:
            m, s, placed = log.pop()
            if placed:
                self.remove(m)
            else:
                self.place(m, s)
            log.pop()

    def commit(self) -> None:
        """Accept the logged moves and remember whom they touched."""
        for m, _, _ in self.log:
            self.touched_p.add(self.mp[m])
            self.touched_d.add(self.md[m])
        self.log.clear()

    def next_round(self) -> None:
        """Focus the next improvement round on participants touched by this one."""
        self.focus = (self.touched_p, self.touched_d)
        self.touched_p, self.touched_d = set(), set()

    def in_focus(self, m: int) -> bool:
        return self.focus is None or self.mp[m] in self.focus[0] or self.md[m] in self.focus[1]

    def closed_tiers(self) -> int:
        """How many leading tiers already reach the upper bound (nothing left to gain there)."""
        if self.bound is None:
            return 0
        k = 0
        for got, most in zip(self.wsum, self.bound, strict=True):
            if math.isinf(most) or got < most - 1e-6 * max(1.0, most):
                break
            k += 1
        return k

    def fits(self, m: int, s: int) -> bool:
        """Producer free, a distributor seat free and a table free in slot ``s``."""
        n_slots = self.n_slots
        d = self.md[m]
        return (
            self.pbusy[self.mp[m] * n_slots + s] < 0
            and len(self.dmeet[d * n_slots + s]) < self.seats[d]
            and len(self.smeet[s]) < self.cap[s]
        )

    # -- construction ----------------------------------------------------------------------

    def place_pins(self) -> None:
        """Pins first: they are fixed, everything else is planned around them."""
        for m, s in enumerate(self.prep.pin_slot):
            if s >= 0:
                self.place(m, s)
        self.log.clear()

    def greedy(self, budget: int) -> None:
        """Place meetings in priority order, each where it hurts the rest the least."""
        prep, n_slots = self.prep, self.n_slots
        mp, md, win, seats, cap = self.mp, self.md, self.win, self.seats, self.cap
        pbusy, dmeet, smeet = self.pbusy, self.dmeet, self.smeet
        prev_slot = prep.prev_slot
        todo = [m for m in prep.order if not self.pinned[m] and self.slot_of[m] < 0]
        # Demand: unprocessed meetings that could still use (side, slot); reservations:
        # unprocessed published meetings that would like their old slot back.
        dem_p = [0] * (prep.n_producers * n_slots)
        dem_d = [0] * (prep.n_distributors * n_slots)
        dem_s = [0] * n_slots
        res_p = [0] * (prep.n_producers * n_slots)
        res_d = [0] * (prep.n_distributors * n_slots)
        res_s = [0] * n_slots
        for m in todo:
            p0, d0 = mp[m] * n_slots, md[m] * n_slots
            for s in win[m]:
                dem_p[p0 + s] += 1
                dem_d[d0 + s] += 1
                dem_s[s] += 1
            s = prev_slot[m]
            if s >= 0:
                res_p[p0 + s] += 1
                res_d[d0 + s] += 1
                res_s[s] += 1
        for m in todo:
            d = md[m]
            p0, d0 = mp[m] * n_slots, d * n_slots
            for s in win[m]:
                dem_p[p0 + s] -= 1
                dem_d[d0 + s] -= 1
                dem_s[s] -= 1
            ps = prev_slot[m]
            if ps >= 0:
                res_p[p0 + ps] -= 1
                res_d[d0 + ps] -= 1
                res_s[ps] -= 1
                if self.fits(m, ps):
                    self.place(m, ps)
                    continue
            best, best_score = -1, 0.0
            for s in win[m]:
                if pbusy[p0 + s] >= 0:
                    continue
                d_free = seats[d] - len(dmeet[d0 + s])
                t_free = cap[s] - len(smeet[s])
                if d_free <= 0 or t_free <= 0:
                    continue
                score = dem_p[p0 + s] + dem_d[d0 + s] / d_free + dem_s[s] / t_free
                clash = (res_p[p0 + s] > 0) + (res_d[d0 + s] >= d_free) + (res_s[s] >= t_free)
                if clash:
                    score += 1e6 * clash
                if best < 0 or score < best_score:
                    best, best_score = s, score
            if best >= 0:
                self.place(m, best)
            else:
                self.insert(m, budget)
            if time.perf_counter() > self.deadline:
                budget = 0
        self.log.clear()

    # -- augmenting paths ------------------------------------------------------------------

    def insert(self, m0: int, budget: int, protect_kept: bool = False) -> bool:
        """Place ``m0`` by relocating others along the shortest chain found (BFS).

        Explores at most ``budget`` displaced meetings. With ``protect_kept`` meetings that
        sit in their published slot are never pushed.
        """
        p0, d0 = self.mp[m0], self.md[m0]
        if (
            self.pcount[p0] >= self.pcap[p0]
            or self.dcount[d0] >= self.dcap[d0]
            or self.total >= self.total_cap
        ):
            return False
        n_slots = self.n_slots
        mp, md, win, seats, cap = self.mp, self.md, self.win, self.seats, self.cap
        pbusy, dmeet, smeet, slot_of, pinned = (
            self.pbusy,
            self.dmeet,
            self.smeet,
            self.slot_of,
            self.pinned,
        )
        prev_slot = self.prep.prev_slot
        nodes, parent = [m0], [-1]
        seen = {m0}
        i = 0
        while i < len(nodes):
            x = nodes[i]
            px, dx, cur = mp[x] * n_slots, md[x], slot_of[x]
            for s in win[x]:
                if s == cur:
                    continue
                b = pbusy[px + s]
                dl = dmeet[dx * n_slots + s]
                d_full = len(dl) >= seats[dx]
                t_full = len(smeet[s]) >= cap[s]
                if b < 0 and not d_full and not t_full:
                    if self._apply_chain(nodes, parent, i, s):
                        return True
                    continue
                if len(nodes) > budget:
                    continue
                if b >= 0:
                    if d_full and md[b] != dx:
                        continue
                    cands = (b,)
                elif d_full:
                    cands = dl
                else:
                    cands = self._table_sample(s, seen)
                for y in cands:
                    if y in seen or pinned[y] or (protect_kept and slot_of[y] == prev_slot[y]):
                        continue
                    seen.add(y)
                    nodes.append(y)
                    parent.append(i)
            i += 1
        return False

    def _table_sample(self, s: int, seen: set[int]) -> list[int]:
        # A full slot can be relieved by moving any one of its meetings; look at a few only,
        # or one crowded slot would eat the whole search budget.
        out = []
        for y in self.smeet[s]:
            if y not in seen:
                out.append(y)
                if len(out) == 4:
                    break
        return out

    def _apply_chain(self, nodes: list[int], parent: list[int], i: int, s: int) -> bool:
        """Move nodes[i] to ``s``, its parent into the slot it vacated, and so on to the root.

        The chain was found on the state before any of these moves; if two links interfere
        (rare: the same slot twice) a check fails and everything is rolled back.
        """
        mark = len(self.log)
        target = s
        while i >= 0:
            x = nodes[i]
            old = self.slot_of[x]
            if old >= 0:
                self.remove(x)
            if not self.fits(x, target):
                self.rollback(mark)
                return False
            self.place(x, target)
            target = old
            i = parent[i]
        return True
