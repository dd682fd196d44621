"""Vectorised scorer: packs products and needs once, then scores blocks of pairs with numpy.

The block maths mirrors ``scoring_reference.score_pair`` operation for operation, so the
ranking equals the reference one (tested with Hypothesis, measured in bench/matchmaking.py).
Categorical criteria (group, sub-group, stars, storage, certifications; province, region)
are first scored per distinct product *profile* and then gathered, which keeps the work per
pair to a handful of array operations.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

from matchmaking.engine.scoring_pack import (
    UNKNOWN_CAPACITY,
    Codebook,
    NeedPack,
    ProductPack,
    SignalIndex,
    TextIndex,
    shared_dense,
)
from matchmaking.engine.scoring_people import people_scores
from matchmaking.engine.scoring_rank import Ranked, ScoreMatrix, top_k_rows
from matchmaking.engine.scoring_reference import group_fits, hard_gaps, score_pair
from matchmaking.engine.scoring_types import (
    DEFAULT_WEIGHTS,
    MAX_STARS,
    NO_SIGNALS,
    Gap,
    NeedInput,
    PairResult,
    PeopleScore,
    ProductInput,
    Signals,
    Weights,
)

_ALL = slice(None)


class Scorer:
    """Prepared index over products and needs (an immutable snapshot).

    Build it once per scoring run (about 0.3 s at national scale); re-score one edited or
    new need or product against it in milliseconds. Text weights (idf) come from the
    products given here.
    """

    def __init__(
        self,
        products: Sequence[ProductInput],
        needs: Sequence[NeedInput],
        weights: Weights = DEFAULT_WEIGHTS,
        *,
        signals: Signals = NO_SIGNALS,
        cert_names: Mapping[int, str] | None = None,
        workers: int | None = None,
        chunk_size: int = 32,
    ) -> None:
        for label, items in (("product", products), ("need", needs)):
            if len({item.id for item in items}) != len(items):
                raise ValueError(f"duplicate {label} ids")
        self.weights = weights
        self.signals = signals
        self.cert_names = dict(cert_names or {})
        self.workers = max(1, workers if workers is not None else min(2, os.cpu_count() or 1))
        self.chunk_size = max(1, chunk_size)
        text = TextIndex.build(products, needs)
        self.text_model = text.model
        self._book = Codebook.build(products, needs, text, weights)
        self.product_pack = ProductPack(products, self._book, text.product_columns)
        self.need_pack = NeedPack(needs, self._book, self.text_model, weights)
        self._signal_index = SignalIndex(signals, weights)
        self.signal_points = self._signal_index.matrix(self.need_pack, self.product_pack)
        self._product_by_id = {p.id: p for p in products}
        self._need_by_id = {n.id: n for n in needs}
        self._input_order = self.product_pack.index_of([p.id for p in products])

    # ----------------------------------------------------------------- block maths

    def _table_a(self, needs: NeedPack, rows, products: ProductPack, keys) -> np.ndarray:
        """Group + sub-group + stars points per (need, product profile); -inf where the
        stars or the storage rule out the pair."""
        w, scale = self.weights, self.weights.scale
        g, s = products.ka_group[keys], products.ka_sub[keys]
        sub_hit = needs.sub_mem[rows][:, s]
        fits = needs.group_any[rows][:, None] | needs.group_mem[rows][:, g] | sub_hit
        group = np.where(fits, (w.group * 1.0) * scale, (w.group * 0.0) * scale)
        sub_zero = (w.subgroup * 0.0) * scale
        subgroup = np.where(
            needs.has_sub[rows][:, None],
            np.where(sub_hit, (w.subgroup * 1.0) * scale, sub_zero),
            np.where(fits, (w.subgroup * w.neutral) * scale, sub_zero),
        )
        mins = needs.min_stars[rows][:, None]
        stars = products.ka_stars[keys][None, :]
        ok = stars >= mins
        share = np.where(
            ok,
            np.where(mins >= MAX_STARS, 1.0, (stars - mins) / np.maximum(MAX_STARS - mins, 1)),
            0.0,
        )
        table = (group + subgroup) + (w.stars * share) * scale
        ok &= needs.storage_ok[rows][:, products.ka_storage[keys]]
        table[~ok] = -np.inf
        return table

    @staticmethod
    def _table_certs(needs: NeedPack, rows, products: ProductPack, keys) -> np.ndarray:
        """True where the product's certification set lacks a kind the need requires."""
        certs = products.kc_certs[keys]
        missing = np.zeros((len(needs.required[rows]), len(certs)), dtype=bool)
        for word in range(certs.shape[1]):
            missing |= (needs.required[rows, word][:, None] & ~certs[:, word][None, :]) != 0
        return missing

    def _table_location(self, needs: NeedPack, rows, products: ProductPack, keys) -> np.ndarray:
        w, scale = self.weights, self.weights.scale
        province = needs.prov_mem[rows][:, products.kl_prov[keys]]
        region = needs.reg_mem[rows][:, products.kl_region[keys]]
        table = np.where(
            province, (w.province * 1.0) * scale, np.where(region, (w.region * 1.0) * scale, 0.0)
        )
        table[needs.loc_any[rows]] = (w.location * w.neutral) * scale
        return table

    @staticmethod
    def _gather(build: Callable, needs, rows, products, key: np.ndarray, n_keys: int):
        """Score each distinct profile once, then spread to the products having it."""
        if len(key) >= n_keys:
            return np.take(build(needs, rows, products, _ALL), key, axis=1)
        distinct, inverse = np.unique(key, return_inverse=True)
        return np.take(build(needs, rows, products, distinct), inverse.reshape(-1), axis=1)

    def _add_capacity(self, total, needs: NeedPack, rows, products: ProductPack, cols) -> None:
        """Capacity points, added in place; products are in unit order, so the ones a need
        can compare with form the slice [lo, hi), those without a capacity come first."""
        w, scale = self.weights, self.weights.scale
        neutral = (w.capacity * w.neutral) * scale
        units, caps = products.unit[cols], products.cap[cols]
        need_units, has_volume = needs.unit[rows], needs.has_volume[rows]
        if not has_volume.any():
            total += neutral
            return
        if not has_volume.all():
            total[~has_volume] += neutral
        start = int(np.searchsorted(units, UNKNOWN_CAPACITY, side="right"))
        with_volume = np.flatnonzero(has_volume)
        needed = needs.needed[rows]
        for unit in np.unique(need_units[with_volume]):
            r = with_volume[need_units[with_volume] == unit]
            at = r if len(r) < len(need_units) else _ALL
            lo, hi = start, start
            if unit >= 0:
                lo = int(np.searchsorted(units, unit, side="left"))
                hi = int(np.searchsorted(units, unit, side="right"))
            if lo > start:
                total[at, start:lo] += neutral
            if hi > lo:
                with np.errstate(over="ignore"):  # a tiny volume: the share is 1 anyway
                    share = caps[lo:hi][None, :] / needed[r][:, None]
                np.minimum(share, 1.0, out=share)
                share *= w.capacity
                share *= scale
                total[at, lo:hi] += share
            if hi < len(units):
                total[at, hi:] += neutral

    def _text_numerators(self, needs: NeedPack, rows, products: ProductPack, cols):
        """Idf weight of the words each need shares with each product (needs × products),
        walking from whichever side has fewer words."""
        notes, text = needs.notes[rows], products.text[cols]
        all_rows = isinstance(rows, slice) and rows == _ALL
        all_cols = isinstance(cols, slice) and cols == _ALL
        if notes.nnz <= text.nnz:
            right_t = products.text_t if all_cols else text.T.tocsr()
            return shared_dense(notes, right_t)
        right_t = needs.notes_t if all_rows else notes.T.tocsr()
        return shared_dense(text, right_t).T

    def score_block(self, needs: NeedPack, rows, products: ProductPack, cols, signals) -> np.ndarray:
        """Scores of needs[rows] × products[cols] (cols ascending); -inf if not eligible.

        Adds the parts in the reference's order: ((((group+subgroup+stars) + capacity)
        + location) + text) + signals, then caps at 100.
        """
        w, scale = self.weights, self.weights.scale
        total = self._gather(self._table_a, needs, rows, products, products.key_a[cols], products.n_keys_a)
        if needs.required[rows].any():
            missing = self._gather(
                self._table_certs, needs, rows, products, products.key_c[cols], products.n_keys_c
            )
            total[missing] = -np.inf
        self._add_capacity(total, needs, rows, products, cols)
        total += self._gather(
            self._table_location, needs, rows, products, products.key_l[cols], products.n_keys_l
        )
        has_notes = needs.has_notes[rows]
        if not has_notes.all():
            total[~has_notes] += (w.text * w.neutral) * scale
        shared = self._text_numerators(needs, rows, products, cols)
        shared *= needs.text_coefficient[rows][:, None]
        # Pairs without shared words add exactly 0.0, which leaves the sum unchanged.
        total += shared
        if signals is not None:
            sub = signals[rows][:, cols].tocoo()
            if sub.nnz:
                total[sub.row, sub.col] += sub.data * scale
        np.minimum(total, 100.0, out=total)
        return total

    def _chunks(self, n: int, size: int) -> list[slice]:
        return [slice(a, min(a + size, n)) for a in range(0, n, size)]

    def run_chunks(self, fn: Callable, items: list) -> list:
        """``[fn(item) for item in items]`` on ``workers`` threads: numpy releases the GIL
        in most of its array loops, so blocks of needs partly score in parallel."""
        if self.workers > 1 and len(items) > 1:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                return list(pool.map(fn, items))
        return [fn(item) for item in items]

    # ----------------------------------------------------------------- packing one item

    def _need(self, need: NeedInput | int) -> NeedInput:
        return need if isinstance(need, NeedInput) else self._need_by_id[int(need)]

    def _product(self, product: ProductInput | int) -> ProductInput:
        return product if isinstance(product, ProductInput) else self._product_by_id[int(product)]

    def _one_need(self, need: NeedInput | int) -> tuple[NeedPack, sparse.csr_matrix | None]:
        """A new or edited need packed on its own, against the packed products."""
        pack = NeedPack([self._need(need)], self._book, self.text_model, self.weights)
        return pack, self._signal_index.matrix(pack, self.product_pack)

    def _one_product(self, product: ProductInput | int) -> tuple[ProductPack, sparse.csr_matrix | None]:
        """A new or edited product packed on its own, against the packed needs."""
        pack = ProductPack([self._product(product)], self._book)
        return pack, self._signal_index.matrix(self.need_pack, pack)

    # ----------------------------------------------------------------- rankings

    def top_k_per_need(self, k: int = 20) -> dict[int, Ranked]:
        """For every need, its k best eligible products: (product_id, score), best first,
        lower product id first among equal scores."""
        needs, products = self.need_pack, self.product_pack

        def run(rows: slice) -> list[Ranked]:
            block = self.score_block(needs, rows, products, _ALL, self.signal_points)
            return top_k_rows(block, products.ids, k)

        ranked = [r for part in self.run_chunks(run, self._chunks(needs.n, self.chunk_size)) for r in part]
        return dict(zip(needs.ids.tolist(), ranked, strict=True))

    def top_k_for_need(self, need: NeedInput | int, k: int = 20) -> Ranked:
        """Re-score one need (an id, or a new or edited ``NeedInput``) against all products."""
        pack, signals = self._one_need(need)
        block = self.score_block(pack, _ALL, self.product_pack, _ALL, signals)
        return top_k_rows(block, self.product_pack.ids, k)[0]

    def top_k_per_product(self, k: int = 20) -> dict[int, Ranked]:
        """For every product, the k best needs it is eligible for: (need_id, score)."""
        needs, products = self.need_pack, self.product_pack
        size = max(self.chunk_size * 8, 1)

        def run(cols: slice) -> list[Ranked]:
            block = self.score_block(needs, _ALL, products, cols, self.signal_points)
            return top_k_rows(np.ascontiguousarray(block.T), needs.ids, k)

        ranked = [r for part in self.run_chunks(run, self._chunks(products.n, size)) for r in part]
        return dict(zip(products.ids.tolist(), ranked, strict=True))

    def top_k_for_product(self, product: ProductInput | int, k: int = 20) -> Ranked:
        """Re-score one product (an id, or a new or edited ``ProductInput``) against all
        needs: the buyers looking for products like it."""
        pack, signals = self._one_product(product)
        block = self.score_block(self.need_pack, _ALL, pack, _ALL, signals)
        return top_k_rows(np.ascontiguousarray(block.T), self.need_pack.ids, k)[0]

    def score_matrix(
        self, need_ids: Sequence[int] | None = None, product_ids: Sequence[int] | None = None
    ) -> ScoreMatrix:
        """Dense scores for a subset (an event's needs × its producers' products).
        National-scale all × all is 2,000 × 15,000 × 8 bytes = 240 MB: prefer the top-k."""
        needs, products = self.need_pack, self.product_pack
        if need_ids is None:
            rows = np.arange(needs.n)
        else:
            position = {nid: i for i, nid in enumerate(needs.ids.tolist())}
            rows = np.array([position[nid] for nid in need_ids], dtype=np.int64)
        cols = self._input_order if product_ids is None else products.index_of(list(product_ids))
        order = np.argsort(cols, kind="stable")
        block = self.score_block(needs, rows, products, cols[order], self.signal_points)
        scores = np.empty_like(block)
        scores[:, order] = block
        scores[np.isinf(scores)] = np.nan
        return ScoreMatrix(tuple(needs.ids[rows].tolist()), tuple(products.ids[cols].tolist()), scores)

    # ----------------------------------------------------------------- explanations

    def explain(self, product: ProductInput | int, need: NeedInput | int) -> PairResult:
        """Full breakdown of one pair (reference scorer, same score as the rankings)."""
        return score_pair(
            self._product(product),
            self._need(need),
            self.weights,
            signals=self.signals,
            cert_names=self.cert_names,
            text_model=self.text_model,
        )

    def top_k_for_need_explained(self, need: NeedInput | int, k: int = 20) -> list[tuple[int, PairResult]]:
        """The need's top-k with a breakdown for each shown card."""
        target = self._need(need)
        return [(pid, self.explain(pid, target)) for pid, _ in self.top_k_for_need(target, k)]

    def gaps_for_product(
        self, product: ProductInput | int, *, group_fit_only: bool = True
    ) -> list[tuple[int, tuple[Gap, ...]]]:
        """(need_id, gaps) of every need that excludes the product, by need id.

        With ``group_fit_only`` only needs sourcing the product's group count: a honey
        producer learns that 37 buyers want VietGAP, not that textile buyers exclude it.
        """
        product = self._product(product)
        pack, signals = self._one_product(product)
        block = self.score_block(self.need_pack, _ALL, pack, _ALL, signals)
        out = []
        for row in np.flatnonzero(np.isinf(block[:, 0])):
            need = self.need_pack.needs[row]
            if group_fit_only and not group_fits(product, need):
                continue
            out.append((need.id, hard_gaps(product, need, self.cert_names)))
        return sorted(out, key=lambda item: item[0])

    # ----------------------------------------------------------------- people

    def producer_distributor_scores(
        self,
        producer_ids: Iterable[int] | None = None,
        distributor_ids: Iterable[int] | None = None,
        limit: int | None = None,
    ) -> list[PeopleScore]:
        """Producer ↔ distributor scores (``combine_product_scores`` of each producer's best
        product scores against the distributor's needs), best first, at most ``limit``.

        Pairs without any eligible product–need pair are left out. Meant for an event's
        participants or one side at a time; all × all at national scale is millions of rows.
        """
        return people_scores(self, producer_ids, distributor_ids, limit)

    def top_k_producers_for_distributor(self, distributor_id: int, k: int = 20) -> list[PeopleScore]:
        """Producers to recommend to a distributor, best first."""
        return self.producer_distributor_scores(distributor_ids=[distributor_id], limit=k)

    def top_k_distributors_for_producer(self, producer_id: int, k: int = 20) -> list[PeopleScore]:
        """Distributors to recommend to a producer, best first."""
        return self.producer_distributor_scores(producer_ids=[producer_id], limit=k)
