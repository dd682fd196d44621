"""Seeded scheduling instances for the benchmark, shaped like real OCOP conferences.

Producers ask few buyers each; big retail chains get most of the requests (a Zipf-like
popularity); some producers come from far provinces and miss the first or last block; some
buyers leave early. Weights are match scores with one decimal, like the scoring engine's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from matchmaking.engine.scheduling import (
    CandidateMeeting,
    Distributor,
    Problem,
    Producer,
    Slot,
)


@dataclass(frozen=True, slots=True)
class InstanceSpec:
    name: str
    producers: int
    distributors: int
    seats: tuple[int, int]  # seats per distributor drawn from this range
    slots: int
    tables: tuple[int, ...]  # tables per block; the day is split evenly into these blocks
    meetings: int
    tiers: tuple[float, float, float]  # share of accepted, pending, recommended
    windows: bool


SPECS = {
    "forum": InstanceSpec("forum", 56, 14, (1, 1), 21, (14, 14, 14), 154, (0.6, 0.3, 0.1), True),
    "reference": InstanceSpec("reference", 150, 8, (3, 3), 12, (24, 24), 400, (0.6, 0.4, 0.0), True),
    "1k": InstanceSpec("1k", 125, 40, (1, 3), 16, (50, 40), 1_000, (0.5, 0.3, 0.2), True),
    "5k-windows": InstanceSpec(
        "5k-windows", 625, 150, (1, 4), 24, (250, 200, 250), 5_000, (0.5, 0.3, 0.2), True
    ),
    "5k-full": InstanceSpec("5k-full", 625, 150, (1, 4), 24, (230, 230, 230), 5_000, (0.5, 0.3, 0.2), False),
    # Beyond the brief: producers with ten requests each in twelve slots, where the flow
    # bound is loose and the search has to work; shown to keep the benchmark honest.
    "1k-dense": InstanceSpec("1k-dense", 100, 30, (1, 3), 12, (40, 40), 1_000, (0.6, 0.3, 0.1), True),
    "20k": InstanceSpec("20k", 2_500, 500, (1, 4), 32, (800, 700, 800, 700), 20_000, (0.5, 0.3, 0.2), True),
}


def _window(rng: random.Random, n_slots: int, block_len: int) -> frozenset[int] | None:
    """Late arrival, early departure or a missing block; None (all day) for most people."""
    roll = rng.random()
    if roll < 0.6:
        return None
    if roll < 0.75:
        return frozenset(range(rng.randint(1, n_slots // 2), n_slots))
    if roll < 0.9:
        return frozenset(range(rng.randint(n_slots // 2, n_slots - 1)))
    skip = rng.randrange(max(1, n_slots // block_len))
    return frozenset(s for s in range(n_slots) if s // block_len != skip) or None


def make_problem(spec: InstanceSpec, seed: int = 1) -> Problem:
    rng = random.Random(f"{spec.name}:{seed}")
    n_blocks = len(spec.tables)
    block_len = -(-spec.slots // n_blocks)
    slots = [Slot(id=100 + s, order=s) for s in range(spec.slots)]
    tables = {100 + s: tuple(range(1, spec.tables[s // block_len] + 1)) for s in range(spec.slots)}

    def avail() -> frozenset[int] | None:
        if not spec.windows:
            return None
        w = _window(rng, spec.slots, block_len)
        return None if w is None else frozenset(100 + s for s in w)

    producers = [Producer(id=1_000 + i, available=avail()) for i in range(spec.producers)]
    distributors = [
        Distributor(id=10 + j, seats=rng.randint(*spec.seats), available=avail())
        for j in range(spec.distributors)
    ]
    popularity = [1.0 / (j + 1) ** 0.8 for j in range(spec.distributors)]
    pairs: set[tuple[int, int]] = set()
    limit = spec.producers * spec.distributors
    while len(pairs) < min(spec.meetings, limit):
        p = rng.randrange(spec.producers)
        d = rng.choices(range(spec.distributors), weights=popularity)[0]
        pairs.add((p, d))
    ordered = sorted(pairs)
    rng.shuffle(ordered)
    n1 = round(spec.tiers[0] * len(ordered))
    n2 = round(spec.tiers[1] * len(ordered))
    meetings = []
    for k, (p, d) in enumerate(ordered):
        tier = 1 if k < n1 else 2 if k < n1 + n2 else 3
        meetings.append(
            CandidateMeeting(
                id=k + 1,
                producer_id=producers[p].id,
                distributor_id=distributors[d].id,
                tier=tier,
                weight=round(rng.uniform(30.0, 100.0), 1),
            )
        )
    return Problem(
        slots=slots,
        tables=tables,
        producers=producers,
        distributors=distributors,
        meetings=meetings,
    )
