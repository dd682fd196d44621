"""Producer ↔ distributor scores, vectorised, from a ``Scorer``'s product scores.

For each distributor the best score of each product over that distributor's needs is
taken, then each producer's product scores are combined as ``combine_product_scores``
does (best product plus breadth), with numpy ``reduceat`` over producers' column runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from matchmaking.engine.scoring_pack import join
from matchmaking.engine.scoring_types import PeopleScore, Weights

if TYPE_CHECKING:
    from matchmaking.engine.scoring_fast import Scorer


def _runs(values: np.ndarray) -> np.ndarray:
    """Start positions of runs of equal values in a sorted array."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


def _combine(best: np.ndarray, starts: np.ndarray, lengths: np.ndarray, w: Weights):
    """Per (distributor, producer): combined score, eligible product count, and position of
    the best product (first column holding the producer's maximum)."""
    finite = np.isfinite(best)
    count = np.add.reduceat(finite.astype(np.int64), starts, axis=1)
    top = np.maximum.reduceat(best, starts, axis=1)
    positions = np.arange(best.shape[1])
    is_top = best == np.repeat(top, lengths, axis=1)
    first = np.minimum.reduceat(np.where(is_top, positions, best.shape[1]), starts, axis=1)
    breadth = int(w.breadth_count)
    if breadth == 0:
        return top, count, first
    total = np.add.reduceat(np.where(finite, best, 0.0), starts, axis=1)
    others = total - np.where(count > 0, top, 0.0)
    for j in np.flatnonzero(lengths > breadth + 1):
        segment = best[:, starts[j] : starts[j] + lengths[j]]
        ranked = -np.sort(-segment, axis=1)[:, 1 : 1 + breadth]
        others[:, j] = np.where(np.isfinite(ranked), ranked, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore"):
        score = top + ((100.0 - top) * w.breadth_share) * (others / (100.0 * breadth))
    return np.minimum(score, 100.0), count, first


def people_scores(
    scorer: Scorer,
    producer_ids: Iterable[int] | None,
    distributor_ids: Iterable[int] | None,
    limit: int | None = None,
) -> list[PeopleScore]:
    """Scores of the producers × distributors asked for, best first (at most ``limit``)."""
    needs, products, w = scorer.need_pack, scorer.product_pack, scorer.weights
    if producer_ids is None:
        cols = np.arange(products.n)
        block_cols: np.ndarray | slice = slice(None)
    else:
        wanted = np.array(sorted(set(producer_ids)), dtype=np.int64)
        cols = np.sort(join(products.producer_sorted, products.producer_order, wanted)[1])
        block_cols = cols
    rows = np.arange(needs.n) if distributor_ids is None else needs.rows_of_distributors(distributor_ids)
    if len(cols) == 0 or len(rows) == 0:
        return []
    # Columns by producer then product id; rows by distributor then need id, so the first
    # maximum is always the lowest id, as in the reference.
    col_order = np.lexsort((products.ids[cols], products.producer_ids[cols]))
    col_producers = products.producer_ids[cols][col_order]
    col_products = products.ids[cols][col_order]
    starts = _runs(col_producers)
    lengths = np.diff(np.r_[starts, len(cols)])
    rows = rows[np.lexsort((needs.ids[rows], needs.distributor_ids[rows]))]
    dist = needs.distributor_ids[rows]
    d_starts = _runs(dist)
    d_ends = np.r_[d_starts[1:], len(rows)]
    # As many needs per block as keep a block the size of the need-major ones.
    budget = max(scorer.chunk_size, scorer.chunk_size * products.n // len(cols))
    chunks: list[list[tuple[int, int]]] = [[]]
    for a, b in zip(d_starts.tolist(), d_ends.tolist(), strict=True):
        if chunks[-1] and b - chunks[-1][0][0] > budget:
            chunks.append([])
        chunks[-1].append((a, b))

    def run(segments: list[tuple[int, int]]) -> tuple[np.ndarray, ...]:
        lo, hi = segments[0][0], segments[-1][1]
        block = scorer.score_block(needs, rows[lo:hi], products, block_cols, scorer.signal_points)
        block = block[:, col_order]
        best = np.stack([block[a - lo : b - lo].max(axis=0) for a, b in segments])
        best_row = np.stack([block[a - lo : b - lo].argmax(axis=0) + a for a, b in segments])
        score, count, first = _combine(best, starts, lengths, w)
        i, j = np.nonzero(count > 0)
        pos = first[i, j]
        return (
            score[i, j],
            col_producers[starts[j]],
            dist[np.array([a for a, _ in segments])[i]],
            col_products[pos],
            needs.ids[rows[best_row[i, pos]]],
            count[i, j],
        )

    parts = scorer.run_chunks(run, chunks)
    score, producer, distributor, product, need, count = (
        np.concatenate([part[k] for part in parts]) for k in range(6)
    )
    order = np.lexsort((distributor, producer, -score))[:limit]
    return [
        PeopleScore(*fields)
        for fields in zip(
            producer[order].tolist(),
            distributor[order].tolist(),
            score[order].tolist(),
            product[order].tolist(),
            need[order].tolist(),
            count[order].tolist(),
            strict=True,
        )
    ]
