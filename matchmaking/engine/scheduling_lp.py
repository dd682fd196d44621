"""Lexicographic LPs: the flow relaxation (b-matching) and the time-indexed relaxation.

Tiers are lexicographic. Instead of mixing them with huge multipliers (which breaks float
precision), each stage keeps only the optimal face of the previous one: by complementary
slackness, the optimal solutions of a stage are exactly the feasible points that keep the
variables with a non-zero reduced cost at their bound and the rows with a non-zero dual
tight. Fixing variables and turning rows into equalities keeps a totally unimodular matrix
totally unimodular, so exactness survives from stage to stage.

- b-matching (which meetings, ignoring when): producer ``p`` holds at most ``cap_p``
  meetings, distributor ``d`` at most ``cap_d``, the event at most ``cap_total``. As a flow
  (source -> producer -> distributor -> sink, one bottleneck arc for the total) the matrix
  is totally unimodular: the LP vertex is integral and exact. With full availability this
  *is* the scheduling problem (see ``scheduling_colouring``); with windows it is a cheap
  upper bound.
- time-indexed (which meeting in which slot): one variable per meeting and usable slot. Not
  totally unimodular, but on conference-shaped data its vertex is integral or nearly so,
  which makes it both a much tighter bound and a plan to start the search from.

HiGHS (through SciPy) solves every stage.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from .scheduling_prepare import Prepared


def lexicographic_lp(
    matrix: csr_matrix,
    b: np.ndarray,
    stages: Sequence[np.ndarray],
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[list[float], np.ndarray] | None:
    """Maximise ``stages[0]·x`` s.t. ``matrix x <= b``, then each next stage on the optimum face.

    Returns every stage's optimum and the last solution, or None if the solver failed.
    """
    lower, upper = lower.copy(), upper.copy()
    is_eq = np.zeros(matrix.shape[0], dtype=bool)
    optima: list[float] = []
    x = lower
    for weights in stages:
        c = -np.asarray(weights, dtype=float)
        ub_rows, eq_rows = np.flatnonzero(~is_eq), np.flatnonzero(is_eq)
        res = linprog(
            c,
            A_ub=matrix[ub_rows] if len(ub_rows) else None,
            b_ub=b[ub_rows] if len(ub_rows) else None,
            A_eq=matrix[eq_rows] if len(eq_rows) else None,
            b_eq=b[eq_rows] if len(eq_rows) else None,
            bounds=np.column_stack([lower, upper]),
            method="highs",
        )
        if res.status != 0:
            return None
        optima.append(-float(res.fun))
        x = res.x
        tol = 1e-7 * max(1.0, float(np.abs(c).max(initial=0.0)))
        at_lower = res.lower.marginals > tol
        at_upper = res.upper.marginals < -tol
        upper[at_lower] = lower[at_lower]
        lower[at_upper] = upper[at_upper]
        if len(ub_rows):
            is_eq[ub_rows[np.abs(res.ineqlin.marginals) > tol]] = True
    return optima, x


def _incidence(rows_per_var: Sequence[np.ndarray], n_vars: int, n_rows: int) -> csr_matrix:
    rows = np.concatenate(rows_per_var)
    cols = np.tile(np.arange(n_vars), len(rows_per_var))
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_rows, n_vars))


def tier_stages(tiers: np.ndarray, weights: np.ndarray, n_tiers: int = 3) -> list[np.ndarray]:
    return [np.where(tiers == t, weights, 0.0) for t in range(1, n_tiers + 1)]


def bmatching(
    prep: Prepared,
    cap_p: Sequence[int],
    cap_d: Sequence[int],
    cap_total: int | None,
    extra_stage: Sequence[float] | None = None,
) -> tuple[list[float], list[int] | None] | None:
    """Lexicographic max-weight b-matching over all meetings; pins are forced in.

    Returns the per-tier optima (and of ``extra_stage``) and the chosen meetings, or None
    for the choice when the answer came back fractional (numerical trouble).
    """
    n = len(prep.meetings)
    if n == 0:
        return [0.0, 0.0, 0.0], []
    n_p, n_d = prep.n_producers, prep.n_distributors
    parts = [np.asarray(prep.mp), n_p + np.asarray(prep.md)]
    b = [np.asarray(cap_p, dtype=float), np.asarray(cap_d, dtype=float)]
    n_rows = n_p + n_d
    if cap_total is not None:
        parts.append(np.full(n, n_rows))
        b.append(np.array([float(cap_total)]))
        n_rows += 1
    stages = tier_stages(np.asarray(prep.tier), np.asarray(prep.weight))
    if extra_stage is not None:
        stages.append(np.asarray(extra_stage, dtype=float))
    lower = (np.asarray(prep.pin_slot) >= 0).astype(float)
    solved = lexicographic_lp(_incidence(parts, n, n_rows), np.concatenate(b), stages, lower, np.ones(n))
    if solved is None:
        return None
    optima, x = solved
    rounded = np.rint(x)
    if np.abs(x - rounded).max(initial=0.0) > 1e-6:
        return optima, None
    return optima, [int(i) for i in np.flatnonzero(rounded > 0.5)]


def time_indexed_columns(prep: Prepared) -> int:
    return sum(len(w) for w in prep.win)


def time_indexed(prep: Prepared, n_tiers: int) -> tuple[list[float], list[tuple[float, int, int]]] | None:
    """Solve the time-indexed relaxation for the first ``n_tiers`` tiers.

    Returns the per-tier optima (a valid lexicographic bound) and the (value, meeting, slot)
    triples with a positive value, largest first, to seed a plan.
    """
    n_slots, n_p, n_d = prep.n_slots, prep.n_producers, prep.n_distributors
    n_m = len(prep.meetings)
    col_m = np.repeat(np.arange(n_m), [len(w) for w in prep.win])
    col_s = np.fromiter((s for w in prep.win for s in w), dtype=np.int64, count=len(col_m))
    if len(col_m) == 0:
        return [0.0] * n_tiers, []
    mp, md = np.asarray(prep.mp)[col_m], np.asarray(prep.md)[col_m]
    base_p = n_m
    base_d = base_p + n_p * n_slots
    base_s = base_d + n_d * n_slots
    n_rows = base_s + n_slots
    matrix = _incidence(
        [col_m, base_p + mp * n_slots + col_s, base_d + md * n_slots + col_s, base_s + col_s],
        len(col_m),
        n_rows,
    )
    b = np.concatenate(
        [
            np.ones(n_m + n_p * n_slots),
            np.repeat(np.asarray(prep.seats, dtype=float), n_slots),
            np.asarray(prep.cap, dtype=float),
        ]
    )
    used = np.flatnonzero(np.diff(matrix.indptr) > 0)
    lower = np.zeros(len(col_m))
    pin = np.asarray(prep.pin_slot)[col_m]
    lower[pin == col_s] = 1.0
    stages = tier_stages(np.asarray(prep.tier)[col_m], np.asarray(prep.weight)[col_m], n_tiers)
    prev = np.asarray(prep.prev_slot)[col_m]
    if (prev >= 0).any():
        # A re-plan: among the optimal plans, prefer those keeping published slots.
        stages.append((prev == col_s).astype(float))
    solved = lexicographic_lp(matrix[used], b[used], stages, lower, np.ones(len(col_m)))
    if solved is None:
        return None
    optima, x = solved
    optima = optima[:n_tiers]
    positive = np.flatnonzero(x > 1e-6)
    ranked = positive[np.lexsort((col_m[positive], -x[positive]))]
    return optima, [(float(x[i]), int(col_m[i]), int(col_s[i])) for i in ranked]
