"""Plain data the scoring engine takes and returns (no Django).

The Django side maps its models to ``ProductInput`` / ``NeedInput`` / ``Signals`` and reads
``PairResult`` / ``PeopleScore`` back; nothing here knows about the ORM, so the same objects
serve tests, the benchmark and Celery tasks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

STORAGES = frozenset({"ambient", "chilled", "frozen"})
MAX_STARS = 5
# Bounds that keep every product of weights, volumes and scales a finite, ordinary number.
MAX_WEIGHT = 1e6
MIN_TOTAL_WEIGHT = 1e-3
MAX_EXPONENT = 3.0
MAX_AMOUNT = 1e12  # monthly capacity or volume, in any unit
MAX_CHANNEL_SCALE = 1e3


def _frozen(obj: object, name: str) -> None:
    """Accept any iterable for a set field but store a frozenset, so inputs stay hashable."""
    value = getattr(obj, name)
    if not isinstance(value, frozenset):
        object.__setattr__(obj, name, frozenset(value))


def _check_amount(value: float | None, what: str) -> None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= MAX_AMOUNT):
        raise ValueError(f"{what} must be a number from 0 to {MAX_AMOUNT:g}, got {value!r}")


@dataclass(frozen=True, slots=True)
class Reason:
    """A message key plus parameters, so a reason can be rendered in any language later.

    ``params`` values are plain str / int / float / tuple; proper names (provinces,
    certifications) are already in the params, codes (storage, unit, region) are translated
    by ``render_reason``.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        # Explicit because ``params`` is a dict; lets gaps be counted and de-duplicated.
        return hash((self.code, tuple(sorted(self.params.items()))))


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One line of a breakdown; the points of all parts add up to the pair's score."""

    criterion: str
    points: float
    reason: Reason


@dataclass(frozen=True, slots=True)
class Gap:
    """A hard condition the pair fails: something the producer can act on."""

    criterion: str
    reason: Reason


@dataclass(frozen=True, slots=True)
class PairResult:
    """Score of one (product, need) pair.

    ``score`` is 0 when the pair is not ``eligible``; ``potential`` is what the soft criteria
    would give once the gaps are closed ("you would score 78 with VietGAP").
    """

    score: float
    parts: tuple[ScorePart, ...]
    gaps: tuple[Gap, ...]
    eligible: bool
    potential: float = 0.0


@dataclass(frozen=True, slots=True)
class ProductInput:
    """A product as the engine sees it.

    ``stars`` is the rating on the certificate (0 = none); ``ocop_valid`` says whether that
    certificate is present and unexpired on the scoring date. ``cert_kinds`` holds the
    certification kinds valid today; ``expired_cert_kinds`` (optional) those the producer
    held but let lapse, only used to word the gap ("VietGAP expired" rather than "needs").
    ``text`` is the folded name + description.
    """

    id: int
    producer_id: int
    group_id: int
    subgroup_id: int | None
    stars: int
    ocop_valid: bool
    cert_kinds: frozenset[int]
    monthly_capacity: float | None
    capacity_unit: str
    storage: str
    province_id: int
    region: str
    province_name: str
    text: str
    expired_cert_kinds: frozenset[int] = frozenset()
    # The name the producer's province had before it merged into ``province_name`` in 2025
    # ("Sóc Trăng" in "Cần Thơ"), or "": reasons name both, as the pages do.
    former_province_name: str = ""

    def __post_init__(self) -> None:
        _frozen(self, "cert_kinds")
        _frozen(self, "expired_cert_kinds")
        if not 0 <= self.stars <= MAX_STARS:
            raise ValueError(f"stars must be 0..{MAX_STARS}, got {self.stars!r}")
        if self.storage not in STORAGES:
            raise ValueError(f"storage must be one of {sorted(STORAGES)}, got {self.storage!r}")
        _check_amount(self.monthly_capacity, "monthly_capacity")

    @property
    def effective_stars(self) -> int:
        """Stars that count today: an expired certificate no longer counts as OCOP."""
        return self.stars if self.ocop_valid else 0


@dataclass(frozen=True, slots=True)
class NeedInput:
    """A distributor's sourcing need.

    Empty ``group_ids`` / ``subgroup_ids`` / preferred places mean "no preference".
    ``group_ids`` should contain the groups of the listed sub-groups. Ambient goods are
    always handled; ``storage_handled`` lists what else the buyer can store. ``channel_scale``
    is 1.0 for an OCOP showroom and larger for chains; it raises the volume the buyer
    effectively needs. ``notes`` is folded free text.
    """

    id: int
    distributor_id: int
    group_ids: frozenset[int]
    subgroup_ids: frozenset[int]
    min_stars: int
    required_cert_kinds: frozenset[int]
    min_monthly_volume: float | None
    volume_unit: str
    preferred_province_ids: frozenset[int]
    preferred_regions: frozenset[str]
    storage_handled: frozenset[str]
    channel_scale: float
    notes: str

    def __post_init__(self) -> None:
        for name in (
            "group_ids",
            "subgroup_ids",
            "required_cert_kinds",
            "preferred_province_ids",
            "preferred_regions",
            "storage_handled",
        ):
            _frozen(self, name)
        if not 0 <= self.min_stars <= MAX_STARS:
            raise ValueError(f"min_stars must be 0..{MAX_STARS}, got {self.min_stars!r}")
        if not self.storage_handled <= STORAGES:
            raise ValueError(f"storage_handled must be within {sorted(STORAGES)}")
        if not (math.isfinite(self.channel_scale) and 0 < self.channel_scale <= MAX_CHANNEL_SCALE):
            raise ValueError(
                f"channel_scale must be > 0 and ≤ {MAX_CHANNEL_SCALE:g}, got {self.channel_scale!r}"
            )
        _check_amount(self.min_monthly_volume, "min_monthly_volume")

    def handles(self, storage: str) -> bool:
        return storage == "ambient" or storage in self.storage_handled


@dataclass(frozen=True, slots=True)
class Signals:
    """What the two sides already did about each other; each kind adds points.

    A buyer shortlists a *product*: ``shortlisted`` holds (product_id, distributor_id).
    Meetings are between *people*: ``requested`` (either side asked for a B2B meeting) and
    ``accepted`` (the meeting was agreed) hold (producer_id, distributor_id).
    """

    shortlisted: frozenset[tuple[int, int]] = frozenset()
    requested: frozenset[tuple[int, int]] = frozenset()
    accepted: frozenset[tuple[int, int]] = frozenset()

    def __post_init__(self) -> None:
        for name in ("shortlisted", "requested", "accepted"):
            _frozen(self, name)


NO_SIGNALS = Signals()


@dataclass(frozen=True, slots=True)
class Weights:
    """Maximum points per criterion; organisers may change them (see docs/matchmaking.md).

    Scores are normalised so that a pair earning every criterion's maximum scores 100,
    whatever the weights add up to (the defaults add up to 100, so they read as points).
    ``neutral`` is the share of a criterion's points given when there is nothing to compare
    (no notes, no volume stated, units that differ, no place preference).
    ``channel_exponent``: effective volume = volume × channel_scale ** channel_exponent.
    ``breadth_share`` / ``breadth_count`` shape the producer ↔ distributor score.
    """

    group: float = 25.0
    subgroup: float = 10.0
    stars: float = 15.0
    capacity: float = 20.0
    province: float = 10.0
    region: float = 6.0
    text: float = 10.0
    shortlisted: float = 3.0
    requested: float = 4.0
    accepted: float = 3.0
    neutral: float = 0.5
    channel_exponent: float = 0.3
    breadth_share: float = 0.5
    breadth_count: int = 4

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"weight {f.name!r} must be a number, got {value!r}")
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"weight {f.name!r} must be a finite number ≥ 0, got {value!r}")
            if value > MAX_WEIGHT:
                raise ValueError(f"weight {f.name!r} must be ≤ {MAX_WEIGHT:g}, got {value!r}")
        if self.channel_exponent > MAX_EXPONENT:
            raise ValueError(f"weight 'channel_exponent' must be ≤ {MAX_EXPONENT:g}")
        for name in ("neutral", "breadth_share"):
            if getattr(self, name) > 1:
                raise ValueError(f"weight {name!r} is a share and must be ≤ 1")
        if 0 < self.maximum < MIN_TOTAL_WEIGHT:
            raise ValueError("the criteria weights add up to almost nothing; use 0 or more")
        if self.breadth_count != int(self.breadth_count):
            raise ValueError("weight 'breadth_count' must be a whole number")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Weights:
        """Build from organiser-edited data; unknown keys are ignored, values validated."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        count = values.get("breadth_count")
        if isinstance(count, float) and count.is_integer():
            values["breadth_count"] = int(count)
        return cls(**values)

    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def location(self) -> float:
        return max(self.province, self.region)

    @property
    def maximum(self) -> float:
        """Raw points of a perfect pair; the divisor that maps scores onto 0..100."""
        return (
            self.group
            + self.subgroup
            + self.stars
            + self.capacity
            + self.location
            + self.text
            + self.shortlisted
            + self.requested
            + self.accepted
        )

    @property
    def scale(self) -> float:
        """Multiplier from raw points to the 0..100 score (0 if every weight is zero)."""
        return 100.0 / self.maximum if self.maximum > 0 else 0.0


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class PeopleScore:
    """Producer ↔ distributor score, derived from the producer's product scores.

    ``product_count`` products of the producer fit at least one of the distributor's needs;
    ``best_product_id`` / ``best_need_id`` is the pair to explain in the UI.
    """

    producer_id: int
    distributor_id: int
    score: float
    best_product_id: int
    best_need_id: int
    product_count: int
