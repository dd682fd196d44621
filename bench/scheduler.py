"""Benchmark: the B2B meeting scheduler next to OR-Tools CP-SAT and the flow upper bound.

    .venv/bin/python -m bench.scheduler            # all instances, CP-SAT up to 60 s each
    .venv/bin/python -m bench.scheduler --quick    # forum, reference event, 1,000 meetings

For every seeded instance it prints our weight per tier and accepted requests placed, the
same for CP-SAT (proven optimum, or its best within the time limit), the flow upper bound,
both runtimes, a plain-greedy baseline, the validity checks and whether the target is met;
then ONE line of JSON with the same figures. Our runtimes (CPU and wall clock) are medians
of three runs; the targets are judged on CPU time, because the engine is single-threaded and
the machine may be shared (wall clock then measures the neighbours, not the engine).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass

from bench.scheduler_cpsat import CpsatOutcome, solve_cpsat
from bench.scheduler_instances import SPECS, make_problem
from matchmaking.engine.scheduling import Problem, ScheduleResult, schedule, upper_bound, validate
from matchmaking.engine.scheduling_prepare import prepare
from matchmaking.engine.scheduling_search import Search

QUICK = ("forum", "reference", "1k")
FULL = ("forum", "reference", "1k", "5k-windows", "5k-full", "20k", "1k-dense")
EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Target:
    seconds: float
    rule: str  # "optimal" | "ratio" | "beat-cpsat" | "exact" | "valid" | "report"
    text: str


TARGETS = {
    "forum": Target(0.1, "optimal", "= proven optimum, <= 100 ms"),
    "reference": Target(0.1, "optimal", "= proven optimum, <= 100 ms"),
    "1k": Target(0.5, "ratio", ">= 99.5 % of optimum, <= 0.5 s"),
    "5k-windows": Target(2.0, "beat-cpsat", ">= CP-SAT best, <= 2 s"),
    "5k-full": Target(2.0, "exact", "exactly optimal, <= 2 s"),
    "20k": Target(15.0, "valid", "valid, <= 15 s"),
    "1k-dense": Target(math.inf, "report", "none (stress case beyond the brief)"),
}


def _lex_cmp(a, b) -> int:
    for x, y in zip(a, b, strict=True):
        if x > y + EPS:
            return 1
        if x < y - EPS:
            return -1
    return 0


def _ratio(a: float, b: float) -> float:
    return 1.0 if b <= EPS else a / b


def greedy_only(problem: Problem) -> tuple[list[float], float]:
    """The plain greedy (priority order, first-best free slot, no repair) as a baseline."""
    start = time.perf_counter()
    search = Search(prepare(problem, 0), start + 3600)
    search.place_pins()
    search.greedy(0)
    return list(search.wsum), time.perf_counter() - start


def run_ours(problem: Problem, repeats: int = 3) -> tuple[ScheduleResult, float, float]:
    """Median wall-clock and CPU seconds of ``repeats`` runs (the machine may be shared)."""
    wall, cpu, result = [], [], None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = schedule(problem)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return result, statistics.median(wall), statistics.median(cpu)


def judge(
    name: str,
    ours: list[float],
    seconds: float,
    valid: bool,
    proven: bool,
    cpsat: CpsatOutcome | None,
    bound: tuple[float, float, float] | None,
) -> bool:
    target = TARGETS[name]
    if not valid or seconds > target.seconds:
        return False
    if target.rule == "optimal":
        return cpsat is not None and cpsat.optimal and _lex_cmp(ours, cpsat.weight_by_tier) == 0
    if target.rule == "ratio":
        ref = cpsat.weight_by_tier if cpsat is not None else bound
        return ref is not None and (
            _lex_cmp(ours, ref) >= 0
            or (_ratio(ours[0], ref[0]) >= 0.995 and _ratio(sum(ours), sum(ref)) >= 0.995)
        )
    if target.rule == "beat-cpsat":
        return cpsat is not None and _lex_cmp(ours, cpsat.weight_by_tier) >= 0
    if target.rule == "exact":
        return proven and bound is not None and _lex_cmp(ours, bound) == 0
    return True


def _fmt_w(w) -> str:
    return " / ".join("-" if math.isinf(x) else f"{max(0.0, x):,.0f}" for x in w)


def bench_instance(name: str, seed: int, cpsat_limit: float, cpsat_max: int) -> dict:
    problem = make_problem(SPECS[name], seed)
    result, seconds, cpu_seconds = run_ours(problem)
    errors = validate(problem, result)
    greedy, greedy_s = greedy_only(problem)
    start = time.perf_counter()
    flow = upper_bound(problem)
    flow_s = time.perf_counter() - start
    cpsat = None
    if len(problem.meetings) <= cpsat_max:
        cpsat = solve_cpsat(problem, time_limit=cpsat_limit, workers=2)
    ours = list(result.stats.weight_by_tier)
    ref = cpsat.weight_by_tier if cpsat is not None else result.stats.upper_bound or flow
    met = judge(
        name,
        ours,
        cpu_seconds,
        not errors,
        result.stats.proven_optimal,
        cpsat,
        result.stats.upper_bound,
    )
    return {
        "instance": name,
        "meetings": len(problem.meetings),
        "accepted_requests": result.stats.candidates_by_tier[0],
        "slots": len(problem.slots),
        "ours": {
            "weight_by_tier": ours,
            "total_weight": sum(ours),
            "placed_by_tier": list(result.stats.placed_by_tier),
            "runtime_s": round(seconds, 4),
            "cpu_s": round(cpu_seconds, 4),
            "method": result.stats.method,
            "proven_optimal": result.stats.proven_optimal,
            "engine_bound": None
            if result.stats.upper_bound is None
            else [None if math.isinf(x) else x for x in result.stats.upper_bound],
        },
        "cpsat": None
        if cpsat is None
        else {
            "weight_by_tier": list(cpsat.weight_by_tier),
            "total_weight": sum(cpsat.weight_by_tier),
            "placed_by_tier": list(cpsat.placed_by_tier),
            "runtime_s": round(cpsat.runtime_s, 2),
            "proven_tiers": cpsat.proven_tiers,
            "time_limit_s": cpsat_limit,
        },
        "flow_bound": None if flow is None else list(flow),
        "flow_bound_runtime_s": round(flow_s, 3),
        "greedy": {"weight_by_tier": greedy, "runtime_s": round(greedy_s, 4)},
        "reference": "cpsat" if cpsat is not None else "bound",
        "tier1_ratio": _ratio(ours[0], ref[0]),
        "total_ratio": _ratio(sum(ours), sum(ref)),
        "greedy_tier1_ratio": _ratio(greedy[0], ref[0]),
        "greedy_total_ratio": _ratio(sum(greedy), sum(ref)),
        "violations": errors[:5],
        "valid": not errors,
        "target": TARGETS[name].text,
        "met": met,
    }


def print_table(rows: list[dict]) -> None:
    head = (
        f"{'instance':<11}{'meet.':>6} | {'ours: weight t1 / t2 / t3':>30} {'acc.':>5}"
        f" {'cpu':>7} {'wall':>7}"
        f" | {'CP-SAT: weight t1 / t2 / t3':>30} {'acc.':>5} {'time':>7} {'proof':>6}"
        f" | {'t1 %':>7} {'total %':>7} {'greedy %':>8} | {'valid':>5} {'met':>4}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        o, c = r["ours"], r["cpsat"]
        if c is None:
            cp = f"{'(not run; vs flow bound)':>30} {'':>5} {'':>7} {'':>6}"
        else:
            proof = ("none", "t1", "t1+t2", "opt")[c["proven_tiers"]]
            cp = (
                f"{_fmt_w(c['weight_by_tier']):>30} {c['placed_by_tier'][0]:>5}"
                f" {c['runtime_s']:>6.1f}s {proof:>6}"
            )
        print(
            f"{r['instance']:<11}{r['meetings']:>6} | {_fmt_w(o['weight_by_tier']):>30}"
            f" {o['placed_by_tier'][0]:>5} {o['cpu_s'] * 1000:>5.0f}ms"
            f" {o['runtime_s'] * 1000:>5.0f}ms | {cp}"
            f" | {100 * r['tier1_ratio']:>6.2f}% {100 * r['total_ratio']:>6.2f}%"
            f" {100 * r['greedy_tier1_ratio']:>7.2f}% | {'yes' if r['valid'] else 'NO':>5}"
            f" {'yes' if r['met'] else 'NO':>4}"
        )
    print()
    print(
        "our times: median of 3 runs, CPU and wall clock; targets are judged on CPU time, which"
        " is what an idle machine shows (the engine is single-threaded) when other jobs share"
        " the cores"
    )
    print("flow upper bound (t1 / t2 / t3; the tier-2 figure bounds plans reaching the t1 one):")
    for r in rows:
        print(
            f"  {r['instance']:<11} {_fmt_w(r['flow_bound'] or [])}  ({r['flow_bound_runtime_s']}s)"
            f"   ours: {r['ours']['method']}, proven optimal: {r['ours']['proven_optimal']}"
            f"   target: {r['target']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="forum, reference event, 1,000")
    parser.add_argument(
        "--cpsat-time-limit",
        type=float,
        default=None,
        help="seconds per CP-SAT run (default 60; 20 with --quick so it ends within a minute)",
    )
    parser.add_argument(
        "--cpsat-max-meetings",
        type=int,
        default=5_000,
        help="skip CP-SAT above this size (it gives nothing useful at 20,000)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", choices=sorted(SPECS), help="run these instances")
    args = parser.parse_args(argv)
    limit = args.cpsat_time_limit or (20.0 if args.quick else 60.0)
    names = args.only or (QUICK if args.quick else FULL)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    rows = []
    for name in names:
        rows.append(bench_instance(name, args.seed, limit, args.cpsat_max_meetings))
        print(f"... {name} done ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    print(
        f"B2B scheduler benchmark, seed {args.seed}, CP-SAT limit {limit:g}s on "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        "weights are tier 1 / tier 2 / tier 3 (lexicographic); acc. = accepted requests "
        "placed; % = ours / reference (CP-SAT, or the bound when CP-SAT is not run)"
    )
    print()
    print_table(rows)
    summary = {
        "benchmark": "scheduler",
        "seed": args.seed,
        "cpsat_time_limit_s": limit,
        "cores": os.cpu_count(),
        "load_average_at_start": round(load, 2),
        "wall_s": round(time.perf_counter() - started, 1),
        "all_met": all(r["met"] for r in rows),
        "instances": rows,
    }
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
