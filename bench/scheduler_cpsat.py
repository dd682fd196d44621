"""OR-Tools CP-SAT reference for the scheduler (benchmark and tests only).

Same slot-level model as the engine (tables and seats are interchangeable within a slot, so
counting them per slot is exact), built from the engine's own preparation so both sides
see the same candidates, windows and pins. Tiers are solved one after the other: maximise
tier 1, fix it at the value found, maximise tier 2, and so on, within one time budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matchmaking.engine.scheduling import Problem
from matchmaking.engine.scheduling_prepare import prepare

# Weights in the instances have at most one decimal (tests use integers); CP-SAT needs ints.
WEIGHT_SCALE = 10


@dataclass(frozen=True, slots=True)
class CpsatOutcome:
    weight_by_tier: tuple[float, float, float]
    placed_by_tier: tuple[int, int, int]
    proven_tiers: int  # leading tiers proven optimal within the time limit (3 = optimal)
    runtime_s: float
    slot_of: dict[int, int]  # meeting id -> slot id

    @property
    def optimal(self) -> bool:
        return self.proven_tiers == 3


def solve_cpsat(problem: Problem, time_limit: float = 60.0, workers: int = 2) -> CpsatOutcome:
    start = time.perf_counter()
    prep = prepare(problem, 0)
    model = cp_model.CpModel()
    x: list[dict[int, cp_model.IntVar]] = []
    by_producer: dict[tuple[int, int], list] = {}
    by_distributor: dict[tuple[int, int], list] = {}
    by_slot: dict[int, list] = {}
    for m in range(len(prep.meetings)):
        row = {}
        for s in prep.win[m]:
            v = model.NewBoolVar(f"x{m}_{s}")
            row[s] = v
            by_producer.setdefault((prep.mp[m], s), []).append(v)
            by_distributor.setdefault((prep.md[m], s), []).append(v)
            by_slot.setdefault(s, []).append(v)
        model.AddAtMostOne(row.values())
        if prep.pin_slot[m] >= 0:
            model.Add(row[prep.pin_slot[m]] == 1)
        x.append(row)
    for vs in by_producer.values():
        if len(vs) > 1:
            model.AddAtMostOne(vs)
    for (d, _), vs in by_distributor.items():
        if len(vs) > prep.seats[d]:
            model.Add(sum(vs) <= prep.seats[d])
    for s, vs in by_slot.items():
        if len(vs) > prep.cap[s]:
            model.Add(sum(vs) <= prep.cap[s])

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    proven = 0
    solution: list[int] | None = None
    for tier in (1, 2, 3):
        terms = [
            (round(prep.weight[m] * WEIGHT_SCALE), v)
            for m in range(len(prep.meetings))
            if prep.tier[m] == tier
            for v in x[m].values()
        ]
        if not terms:
            proven += 1 if proven == tier - 1 else 0
            continue
        remaining = time_limit - (time.perf_counter() - start)
        if remaining <= 0.05:
            break
        objective = sum(c * v for c, v in terms)
        model.Maximize(objective)
        solver.parameters.max_time_in_seconds = remaining
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        if status == cp_model.OPTIMAL:
            proven += 1
        solution = [
            next((s for s, v in x[m].items() if solver.Value(v)), -1) for m in range(len(prep.meetings))
        ]
        # Later tiers must not give back what this tier won; hint the solution found.
        model.Add(objective >= round(solver.ObjectiveValue()))
        model.ClearHints()
        for m, row in enumerate(x):
            for s, v in row.items():
                model.AddHint(v, solution[m] == s)
        if status != cp_model.OPTIMAL:
            break
    weight = [0.0, 0.0, 0.0]
    placed = [0, 0, 0]
    slot_of = {}
    for m, s in enumerate(solution or []):
        if s >= 0:
            weight[prep.tier[m] - 1] += prep.weight[m]
            placed[prep.tier[m] - 1] += 1
            slot_of[prep.meetings[m].id] = prep.slot_ids[s]
    return CpsatOutcome(
        weight_by_tier=(weight[0], weight[1], weight[2]),
        placed_by_tier=(placed[0], placed[1], placed[2]),
        proven_tiers=proven,
        runtime_s=time.perf_counter() - start,
        slot_of=slot_of,
    )
