"""Scalar rules shared by the reference scorer and the vectorised one.

Both paths call these same functions for every per-product and per-need quantity, and then
combine the parts in the same order, so they agree to the last bit and break ties alike.
The one sum whose order differs (the weights of the words a need and a product share) is
exact, because each word weight is a multiple of 2**-20 (see ``TextModel.idf``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from matchmaking.engine.scoring_types import MAX_STARS, NeedInput, ProductInput, Weights
from matchmaking.engine.text import fold, tokens

# Aliases (folded) → (base unit, factor to the base unit). Units outside this table compare
# only with the very same spelling; amounts in different base units are never compared.
_UNITS: dict[str, tuple[str, float]] = {
    "kg": ("kg", 1.0),
    "kilogram": ("kg", 1.0),
    "g": ("kg", 0.001),
    "gram": ("kg", 0.001),
    "gam": ("kg", 0.001),
    "tonne": ("kg", 1000.0),
    "ton": ("kg", 1000.0),
    "t": ("kg", 1000.0),
    "tan": ("kg", 1000.0),
    "litre": ("litre", 1.0),
    "liter": ("litre", 1.0),
    "l": ("litre", 1.0),
    "lit": ("litre", 1.0),
    "ml": ("litre", 0.001),
    "piece": ("piece", 1.0),
    "cai": ("piece", 1.0),
    "chiec": ("piece", 1.0),
    "box": ("box", 1.0),
    "hop": ("box", 1.0),
    "bottle": ("bottle", 1.0),
    "chai": ("bottle", 1.0),
    "pack": ("pack", 1.0),
    "goi": ("pack", 1.0),
    "jar": ("jar", 1.0),
    "hu": ("jar", 1.0),
}

# Folded function words that carry no product meaning. Words that fold onto a product word
# ("la" lá = leaf, "de" dê = goat, "da" da = leather, "tim" tím = purple) are kept on purpose.
_STOPWORD_TEXT = (
    "va cua cho cac nhung voi duoc trong tu den mot nay khi thi se dang nhu theo tai "
    "ve hoac can muon and the of for with to in or a an"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Word weights are rounded to multiples of 2**-20: any sum of a few thousand of them is then
# exact in float64, whatever order a sparse product adds them in.
IDF_RESOLUTION = 2.0**20

_ASCII_WORD = re.compile(r"[0-9a-z]+")


@lru_cache(maxsize=1024)
def unit_base(unit: str) -> tuple[str, float]:
    """(base unit, factor): "tấn" → ("kg", 1000.0); unknown units stand for themselves."""
    key = fold(unit)
    return _UNITS.get(key, (key, 1.0))


def capacity_base(product: ProductInput) -> tuple[str, float] | None:
    """Monthly capacity in its base unit, or None when the producer did not state it."""
    if product.monthly_capacity is None:
        return None
    base, factor = unit_base(product.capacity_unit)
    return base, product.monthly_capacity * factor


@dataclass(frozen=True, slots=True)
class Volume:
    """What a need asks for, in base units: stated volume and channel-scaled volume."""

    unit: str
    stated: float
    needed: float


def need_volume(need: NeedInput, weights: Weights) -> Volume | None:
    """None when the need states no volume (or one so small it rounds to nothing)."""
    if need.min_monthly_volume is None:
        return None
    base, factor = unit_base(need.volume_unit)
    stated = need.min_monthly_volume * factor
    needed = stated * need.channel_scale**weights.channel_exponent
    if stated <= 0 or needed <= 0:
        return None
    return Volume(base, stated, needed)


def capacity_fraction(capacity: float, needed: float) -> float:
    """Share of the needed volume the producer can supply; monotone in capacity."""
    return 1.0 if capacity >= needed else capacity / needed


def stars_fraction(stars: int, min_stars: int) -> float:
    """0 at the buyer's minimum, 1 at five stars (a 5★ minimum is met only by 5★)."""
    if stars < min_stars:
        return 0.0
    if min_stars >= MAX_STARS:
        return 1.0
    return (stars - min_stars) / (MAX_STARS - min_stars)


@lru_cache(maxsize=1 << 16)
def features(text: str) -> frozenset[str]:
    """Folded words and adjacent word pairs (Vietnamese words are mostly two syllables:
    "mat ong" is honey), without stop words."""
    words = _ASCII_WORD.findall(text.lower()) if text.isascii() else tokens(text)
    words = [w for w in words if w not in STOPWORDS]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return frozenset(words).union(pairs)


@dataclass(frozen=True, slots=True)
class TextModel:
    """Inverse document frequencies over the product texts.

    Text similarity is the idf-weighted share of the need's words found in the product
    text: rare, specific words ("sam ngoc linh") count more than common ones ("san pham").
    A model built from no documents weighs every word 1.
    """

    n_docs: int
    df: dict[str, int]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TextModel:
        df: dict[str, int] = {}
        n = 0
        for text in texts:
            n += 1
            for feature in features(text):
                df[feature] = df.get(feature, 0) + 1
        return cls(n, df)

    def idf(self, feature: str) -> float:
        """Smoothed idf, ≥ 1, rounded to a multiple of 2**-20 so that sums are exact."""
        if self.n_docs == 0:
            return 1.0
        raw = math.log((1 + self.n_docs) / (1 + self.df.get(feature, 0))) + 1.0
        return round(raw * IDF_RESOLUTION) / IDF_RESOLUTION

    def denominator(self, need_features: Iterable[str]) -> float:
        """Total weight of a need's words."""
        return math.fsum(self.idf(f) for f in need_features)

    def shared(self, need_features: frozenset[str], product_features: frozenset[str]) -> float:
        """Total weight of the need's words found in the product text."""
        return math.fsum(self.idf(f) for f in need_features & product_features)


def text_coefficient(weights: Weights, denominator: float) -> float:
    """Text points per unit of shared word weight: points = shared × this."""
    return (weights.text * weights.scale) / denominator


UNIFORM_TEXT = TextModel(0, {})


def combine_product_scores(scores: Iterable[float], weights: Weights) -> float:
    """Producer ↔ distributor score: the best product, plus breadth from the next ones.

    best + (100 − best) × breadth_share × mean of the next ``breadth_count`` scores / 100
    (missing ones count as 0). Stays within 0..100, and never drops when a product scores
    higher or another product is added.
    """
    ordered = sorted(scores, reverse=True)
    if not ordered:
        return 0.0
    best = ordered[0]
    count = int(weights.breadth_count)
    if count == 0:
        return best
    others = math.fsum(ordered[1 : 1 + count])
    return min(100.0, best + (100.0 - best) * weights.breadth_share * (others / (100.0 * count)))
