"""Top-k selection over score blocks, and the dense score matrix type."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Ranked = list[tuple[int, float]]


@dataclass(frozen=True, slots=True)
class ScoreMatrix:
    """Scores of needs (rows) × products (columns); NaN where the pair is not eligible."""

    need_ids: tuple[int, ...]
    product_ids: tuple[int, ...]
    scores: np.ndarray


def top_k_rows(scores: np.ndarray, ids: np.ndarray, k: int) -> list[Ranked]:
    """Per row, the k best finite entries as (id, score), score desc then id asc.

    Candidates are the entries at least as high as the k-th best *block maximum*: k blocks
    reach that value, so the k-th best entry does too, and ties at the cut are all kept.
    """
    n_rows, n_cols = scores.shape
    if k <= 0 or n_rows == 0 or n_cols == 0:
        return [[] for _ in range(n_rows)]
    width = max(1, n_cols // (8 * k))
    starts = np.arange(0, n_cols, width)
    if len(starts) > k:
        maxima = np.maximum.reduceat(scores, starts, axis=1)
        threshold = np.partition(maxima, len(starts) - k, axis=1)[:, len(starts) - k]
    else:
        threshold = np.full(n_rows, -np.inf)
    # Eligible scores are ≥ 0 and ineligible ones -inf, so this also drops the ineligible.
    threshold = np.maximum(threshold, 0.0)
    rows, cols = np.nonzero(scores >= threshold[:, None])
    values = scores[rows, cols]
    col_ids = ids[cols]
    order = np.lexsort((col_ids, -values, rows))
    rows, values, col_ids = rows[order], values[order], col_ids[order]
    first = np.searchsorted(rows, np.arange(n_rows))
    keep = np.arange(len(rows)) - first[rows] < k
    rows, values, col_ids = rows[keep], values[keep], col_ids[keep]
    bounds = np.searchsorted(rows, np.arange(n_rows + 1))
    id_list, value_list = col_ids.tolist(), values.tolist()
    return [
        list(zip(id_list[a:b], value_list[a:b], strict=True))
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]
