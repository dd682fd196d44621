"""Matchmaking scores: every (product, sourcing need) pair from 0 to 100, with reasons.

Public entry point of the scoring engine (plain Python + numpy/scipy, no Django). The
pieces live in ``scoring_*`` modules:

- ``scoring_types``     inputs, outputs, ``Weights``
- ``scoring_rules``     scalar rules both scorers share (units, text features, idf)
- ``scoring_reference`` ``score_pair``: the definition, one pair at a time, with breakdown
- ``scoring_pack``      products and needs packed into arrays and sparse matrices
- ``scoring_fast``      ``Scorer``: block scoring, top-k for thousands of needs at once
- ``scoring_rank``      top-k selection with deterministic ties
- ``scoring_people``    producer ↔ distributor scores
- ``scoring_reasons``   ``render_reason`` and why-lines in Vietnamese and English

See docs/matchmaking.md for the criteria, the weights and the reason codes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from matchmaking.engine.scoring_fast import Scorer
from matchmaking.engine.scoring_rank import ScoreMatrix, top_k_rows
from matchmaking.engine.scoring_reasons import (
    TEMPLATES,
    format_number,
    gaps_line,
    render_reason,
    why_line,
)
from matchmaking.engine.scoring_reference import (
    group_fits,
    hard_gaps,
    reference_producer_distributor_scores,
    reference_top_k_per_need,
    reference_top_k_per_product,
    score_pair,
)
from matchmaking.engine.scoring_rules import (
    UNIFORM_TEXT,
    TextModel,
    combine_product_scores,
    features,
    unit_base,
)
from matchmaking.engine.scoring_types import (
    DEFAULT_WEIGHTS,
    NO_SIGNALS,
    STORAGES,
    Gap,
    NeedInput,
    PairResult,
    PeopleScore,
    ProductInput,
    Reason,
    ScorePart,
    Signals,
    Weights,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "NO_SIGNALS",
    "STORAGES",
    "TEMPLATES",
    "UNIFORM_TEXT",
    "Gap",
    "NeedInput",
    "PairResult",
    "PeopleScore",
    "ProductInput",
    "Reason",
    "ScoreMatrix",
    "ScorePart",
    "Scorer",
    "Signals",
    "TextModel",
    "Weights",
    "combine_product_scores",
    "features",
    "format_number",
    "gaps_for_product",
    "gaps_line",
    "group_fits",
    "hard_gaps",
    "producer_distributor_scores",
    "reference_producer_distributor_scores",
    "reference_top_k_per_need",
    "reference_top_k_per_product",
    "render_reason",
    "score_pair",
    "summarise_gaps",
    "top_k_per_need",
    "top_k_per_product",
    "top_k_rows",
    "unit_base",
    "why_line",
]


def top_k_per_need(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    k: int = 20,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
) -> dict[int, list[tuple[int, float]]]:
    """One-shot: for every need, its k best eligible (product_id, score)."""
    return Scorer(products, needs, weights, signals=signals).top_k_per_need(k)


def top_k_per_product(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    k: int = 20,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
) -> dict[int, list[tuple[int, float]]]:
    """One-shot: for every product, the k best needs it is eligible for (need_id, score)."""
    return Scorer(products, needs, weights, signals=signals).top_k_per_product(k)


def producer_distributor_scores(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
    producer_ids: Iterable[int] | None = None,
    distributor_ids: Iterable[int] | None = None,
) -> list[PeopleScore]:
    """One-shot producer ↔ distributor scores (best product plus breadth), best first."""
    scorer = Scorer(products, needs, weights, signals=signals)
    return scorer.producer_distributor_scores(producer_ids, distributor_ids)


def gaps_for_product(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    product_id: int,
    *,
    cert_names: Mapping[int, str] | None = None,
    group_fit_only: bool = True,
) -> list[tuple[int, tuple[Gap, ...]]]:
    """One-shot: (need_id, gaps) of the needs that exclude a product."""
    product = next(p for p in products if p.id == product_id)
    return [
        (need.id, gaps)
        for need in sorted(needs, key=lambda n: n.id)
        if (not group_fit_only or group_fits(product, need))
        and (gaps := hard_gaps(product, need, cert_names))
    ]


def summarise_gaps(need_gaps: Iterable[tuple[int, tuple[Gap, ...]]]) -> list[tuple[Gap, int]]:
    """How many needs each gap closes the door of, most common first: what to fix first."""
    counts = Counter(gap for _, gaps in need_gaps for gap in gaps)
    return sorted(
        counts.items(),
        key=lambda item: (
            -item[1],
            item[0].criterion,
            item[0].reason.code,
            repr(sorted(item[0].reason.params.items())),
        ),
    )
