"""Plain data types of the B2B meeting scheduler (no Django).

They live apart from ``scheduling.py`` so that the internal modules can import them without an
import cycle; callers import everything from ``matchmaking.engine.scheduling``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Why a candidate meeting was left out. Stored on the Meeting row and shown to organisers, so
# these strings are part of the public contract.
NO_COMMON_SLOT = "no_common_slot"  # the two sides share no available slot
NO_TABLE = "no_table"  # common slots exist, but no table is free in any of them
CAPACITY = "capacity"  # in every common slot one side is already busy (or its seats are full)
DUPLICATE = "duplicate"  # the same producer–distributor pair appears more than once
PINNED_CONFLICT = "pinned_conflict"  # its pin collides with a higher-priority pin
PIN_INVALID = "pin_invalid"  # pinned to an unknown slot/table or outside availability
UNKNOWN_PARTICIPANT = "unknown_participant"  # producer or distributor id not in the problem
TIER_DISABLED = "tier_disabled"  # a recommendation while the organiser has not enabled tier 3

REASONS = frozenset(
    {
        NO_COMMON_SLOT,
        NO_TABLE,
        CAPACITY,
        DUPLICATE,
        PINNED_CONFLICT,
        PIN_INVALID,
        UNKNOWN_PARTICIPANT,
        TIER_DISABLED,
    }
)

ACCEPTED, PENDING, RECOMMENDED = 1, 2, 3
TIERS = (ACCEPTED, PENDING, RECOMMENDED)


@dataclass(frozen=True, slots=True)
class Slot:
    """A B2B time slot; only its identity and position in the day matter here."""

    id: int
    order: int


@dataclass(frozen=True, slots=True)
class Producer:
    """A producer has one seat: at most one meeting per slot.

    ``available`` lists the slot ids the producer can attend; ``None`` means every slot (an
    empty set means none, so "not filled in" and "never available" cannot be confused).
    """

    id: int
    available: frozenset[int] | None = None


@dataclass(frozen=True, slots=True)
class Distributor:
    """A buyer sends ``seats`` representatives who meet producers in parallel."""

    id: int
    seats: int = 1
    available: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError(f"distributor {self.id}: seats must be >= 1, got {self.seats}")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a meeting happens: slot, table, and the distributor's seat (1..seats)."""

    slot_id: int
    table_id: int
    seat: int


@dataclass(frozen=True, slots=True)
class CandidateMeeting:
    """A producer–distributor pair that may be scheduled.

    ``tier`` 1 = accepted request, 2 = pending one-sided request, 3 = recommendation used to
    fill free time. Weights only compete within a tier: any tier-1 weight outranks all of
    tier 2. ``pinned`` is an organiser's (slot_id, table_id) that must not move;
    ``previous`` is the placement in the last published schedule, kept when still feasible.
    """

    id: int
    producer_id: int
    distributor_id: int
    tier: int
    weight: float
    pinned: tuple[int, int] | None = None
    previous: Placement | None = None

    def __post_init__(self) -> None:
        if self.tier not in TIERS:
            raise ValueError(f"meeting {self.id}: tier must be 1, 2 or 3, got {self.tier}")
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise ValueError(f"meeting {self.id}: weight must be finite and > 0")


@dataclass(frozen=True, slots=True)
class Problem:
    """Everything the scheduler needs for one event.

    ``tables`` maps a slot id to the table ids usable in that slot (tables may differ per
    block); a slot missing from it has no tables. ``fill_free_time`` is the organiser's
    switch for tier-3 recommendations.
    """

    slots: Sequence[Slot]
    tables: Mapping[int, Sequence[int]]
    producers: Sequence[Producer]
    distributors: Sequence[Distributor]
    meetings: Sequence[CandidateMeeting]
    fill_free_time: bool = True

    def __post_init__(self) -> None:
        # Normalise to tuples so that a Problem built from lists is as immutable as it looks.
        for name in ("slots", "producers", "distributors", "meetings"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "tables", {int(s): tuple(ts) for s, ts in self.tables.items()})
        for name in ("slots", "producers", "distributors", "meetings"):
            ids = [item.id for item in getattr(self, name)]
            if len(ids) != len(set(ids)):
                raise ValueError(f"duplicate ids in {name}")
        slot_ids = {slot.id for slot in self.slots}
        for slot_id, table_ids in self.tables.items():
            if slot_id not in slot_ids:
                raise ValueError(f"tables given for unknown slot {slot_id}")
            if len(table_ids) != len(set(table_ids)):
                raise ValueError(f"slot {slot_id} lists a table twice")


@dataclass(frozen=True, slots=True)
class ScheduleStats:
    """Figures for the organiser's review page and for the benchmark.

    Tuples are indexed by tier - 1. ``kept`` counts previously published meetings left at
    the same slot and table, ``moved`` those placed elsewhere, ``dropped`` those now
    unplaced. ``upper_bound`` is the lexicographic optimum of a flow relaxation (per tier),
    filled in when asked for or when it proves optimality; ``proven_optimal`` says the
    placed weight equals an exact optimum for every tier.
    """

    weight_by_tier: tuple[float, float, float]
    placed_by_tier: tuple[int, int, int]
    candidates_by_tier: tuple[int, int, int]
    kept: int
    moved: int
    dropped: int
    runtime_s: float
    method: str
    upper_bound: tuple[float, float, float] | None = None
    proven_optimal: bool = False


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    """Placements by meeting id, plus a reason code for every meeting left out."""

    placements: Mapping[int, Placement]
    unplaced: Mapping[int, str]
    stats: ScheduleStats = field(compare=False)
