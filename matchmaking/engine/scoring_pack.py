"""Packing products and needs into numpy arrays for the vectorised scorer.

Ids of groups, provinces, certification kinds... become small integer codes shared by both
sides, so "is this product's group one the need sources?" is a look-up in a boolean
need × code matrix. Every code table has one extra, always-false column for values seen on
one side only (a sub-group of None, a group no need mentions).

Products are stored sorted by capacity unit, so the products one need can compare volumes
with form one contiguous slice.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

from matchmaking.engine.scoring_rules import (
    TextModel,
    capacity_base,
    features,
    need_volume,
    text_coefficient,
)
from matchmaking.engine.scoring_types import NeedInput, ProductInput, Signals, Weights

STORAGE_CODES = {"ambient": 0, "chilled": 1, "frozen": 2}
UNKNOWN_CAPACITY = -1  # unit code of products without a stated capacity (sorts first)
UNMATCHED_UNIT = -2  # unit code of a need whose unit no product uses
_WORD = 64


def _codes(values: Iterable[Hashable]) -> dict[Hashable, int]:
    return {value: i for i, value in enumerate(sorted(set(values), key=repr))}


@dataclass(frozen=True, slots=True)
class TextIndex:
    """Word columns of every product, the idf model over them, and the vocabulary of the
    product texts and need notes together, built in one pass over the words."""

    model: TextModel
    vocabulary: dict[str, int]
    product_columns: list[list[int]]

    @classmethod
    def build(cls, products: Sequence[ProductInput], needs: Sequence[NeedInput]) -> TextIndex:
        vocabulary: dict[str, int] = {}
        columns = [[vocabulary.setdefault(f, len(vocabulary)) for f in features(p.text)] for p in products]
        flat = np.fromiter(chain.from_iterable(columns), dtype=np.int64)
        df = np.bincount(flat, minlength=len(vocabulary)).tolist()
        model = TextModel(len(products), dict(zip(vocabulary, df, strict=True)))
        for need in needs:
            for feature in features(need.notes):
                vocabulary.setdefault(feature, len(vocabulary))
        return cls(model, vocabulary, columns)


@dataclass(frozen=True, slots=True)
class Codebook:
    """Integer codes shared by the product and need packs of one ``Scorer``."""

    groups: dict[Hashable, int]
    subgroups: dict[Hashable, int]
    provinces: dict[Hashable, int]
    regions: dict[Hashable, int]
    certs: dict[Hashable, int]
    units: dict[Hashable, int]
    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def build(
        cls,
        products: Sequence[ProductInput],
        needs: Sequence[NeedInput],
        text: TextIndex,
        weights: Weights,
    ) -> Codebook:
        units = [c[0] for p in products if (c := capacity_base(p)) is not None]
        units += [v.unit for n in needs if (v := need_volume(n, weights)) is not None]
        vocabulary = text.vocabulary
        idf = np.array([text.model.idf(f) for f in vocabulary], dtype=np.float64)
        return cls(
            groups=_codes([p.group_id for p in products] + [g for n in needs for g in n.group_ids]),
            subgroups=_codes(
                [p.subgroup_id for p in products if p.subgroup_id is not None]
                + [s for n in needs for s in n.subgroup_ids]
            ),
            provinces=_codes(
                [p.province_id for p in products] + [v for n in needs for v in n.preferred_province_ids]
            ),
            regions=_codes([p.region for p in products] + [r for n in needs for r in n.preferred_regions]),
            certs=_codes(
                [k for p in products for k in p.cert_kinds]
                + [k for n in needs for k in n.required_cert_kinds]
            ),
            units=_codes(units),
            vocabulary=vocabulary,
            idf=idf,
        )

    @property
    def cert_words(self) -> int:
        # One spare bit stands for kinds no product holds, so requiring one excludes all.
        return len(self.certs) // _WORD + 1

    def cert_mask(self, kinds: Iterable[int], *, required: bool) -> list[int]:
        mask = 0
        for kind in kinds:
            code = self.certs.get(kind)
            if code is not None:
                mask |= 1 << code
            elif required:
                mask |= 1 << len(self.certs)
        return [(mask >> (_WORD * i)) & (2**_WORD - 1) for i in range(self.cert_words)]


def _membership(rows: Sequence[Iterable[Hashable]], codes: dict[Hashable, int]) -> np.ndarray:
    """Boolean rows × (codes + 1) matrix; the last column (unknown values) stays False."""
    matrix = np.zeros((len(rows), len(codes) + 1), dtype=bool)
    for i, values in enumerate(rows):
        cols = [codes[v] for v in values if v in codes]
        matrix[i, cols] = True
    return matrix


def _key_table(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of the stacked columns and, for each item, the index of its row."""
    stacked = np.column_stack(columns) if columns else np.zeros((0, 0), dtype=np.int64)
    if stacked.shape[0] == 0:
        return stacked.reshape(0, len(columns)), np.zeros(0, dtype=np.int64)
    keys, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return keys, inverse.reshape(-1).astype(np.int64)


def _sorted_index(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(values, kind="stable")
    return values[order], order


def join(keys_sorted: np.ndarray, order: np.ndarray, query: np.ndarray):
    """All (query position, item index) pairs where the item's key equals the query value."""
    lo = np.searchsorted(keys_sorted, query, side="left")
    hi = np.searchsorted(keys_sorted, query, side="right")
    counts = hi - lo
    query_pos = np.repeat(np.arange(len(query)), counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return query_pos, order[np.repeat(lo, counts) + offsets]


class ProductPack:
    """Products as arrays, in unit order (``products[i]`` is row ``i`` of every array)."""

    def __init__(
        self,
        products: Sequence[ProductInput],
        book: Codebook,
        feature_columns: Sequence[Sequence[int]] | None = None,
    ) -> None:
        units = []
        caps = []
        for p in products:
            cap = capacity_base(p)
            if cap is None:
                units.append(UNKNOWN_CAPACITY)
                caps.append(0.0)
            else:
                units.append(book.units.get(cap[0], len(book.units)))
                caps.append(cap[1])
        order = np.argsort(np.array(units, dtype=np.int64), kind="stable")
        self.products: tuple[ProductInput, ...] = tuple(products[i] for i in order)
        self.n = len(self.products)
        self.unit = np.array(units, dtype=np.int64)[order]
        self.cap = np.array(caps, dtype=np.float64)[order]
        ps = self.products
        self.ids = np.array([p.id for p in ps], dtype=np.int64)
        self.producer_ids = np.array([p.producer_id for p in ps], dtype=np.int64)
        self.id_sorted, self.id_order = _sorted_index(self.ids)
        self.producer_sorted, self.producer_order = _sorted_index(self.producer_ids)
        n_sub = len(book.subgroups)
        columns = [
            np.array([book.groups.get(p.group_id, len(book.groups)) for p in ps], dtype=np.int64),
            np.array([book.subgroups.get(p.subgroup_id, n_sub) for p in ps], dtype=np.int64),
            np.array([p.effective_stars for p in ps], dtype=np.int64),
            np.array([STORAGE_CODES[p.storage] for p in ps], dtype=np.int64),
        ]
        keys, self.key_a = _key_table(columns)
        self.n_keys_a = keys.shape[0]
        self.ka_group = keys[:, 0]
        self.ka_sub = keys[:, 1]
        self.ka_stars = keys[:, 2]
        self.ka_storage = keys[:, 3]
        masks = np.array([book.cert_mask(p.cert_kinds, required=False) for p in ps], dtype=np.uint64).reshape(
            self.n, book.cert_words
        )
        # Distinct sets of certification kinds are few (a few hundred at most).
        cert_keys, self.key_c = _key_table([masks[:, i].view(np.int64) for i in range(book.cert_words)])
        self.n_keys_c = cert_keys.shape[0]
        self.kc_certs = np.ascontiguousarray(cert_keys).view(np.uint64)
        n_prov, n_reg = len(book.provinces), len(book.regions)
        loc_keys, self.key_l = _key_table(
            [
                np.array([book.provinces.get(p.province_id, n_prov) for p in ps], dtype=np.int64),
                np.array([book.regions.get(p.region, n_reg) for p in ps], dtype=np.int64),
            ]
        )
        self.n_keys_l = loc_keys.shape[0]
        self.kl_prov = loc_keys[:, 0]
        self.kl_region = loc_keys[:, 1]
        if feature_columns is None:
            vocabulary = book.vocabulary
            feature_columns = [[vocabulary[f] for f in features(p.text) if f in vocabulary] for p in products]
        ordered = [feature_columns[i] for i in order]
        indptr = np.r_[0, np.cumsum([len(c) for c in ordered], dtype=np.int64)]
        indices = np.fromiter(chain.from_iterable(ordered), dtype=np.int64, count=int(indptr[-1]))
        self.text = sparse.csr_matrix(
            (np.ones(len(indices)), indices, indptr), shape=(self.n, len(book.vocabulary))
        )
        self.text_t = self.text.T.tocsr()

    def index_of(self, product_ids: Sequence[int]) -> np.ndarray:
        """Row of each product id; KeyError for an id not in the pack."""
        wanted = np.asarray(product_ids, dtype=np.int64).reshape(-1)
        if len(wanted) == 0:
            return np.zeros(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.id_sorted, wanted), max(self.n - 1, 0))
        if self.n == 0 or not np.array_equal(self.id_sorted[pos], wanted):
            raise KeyError("unknown product id")
        return self.id_order[pos]


class NeedPack:
    """Needs as arrays, in the order given."""

    def __init__(
        self, needs: Sequence[NeedInput], book: Codebook, model: TextModel, weights: Weights
    ) -> None:
        self.needs = tuple(needs)
        ns = self.needs
        self.n = len(ns)
        self.ids = np.array([n.id for n in ns], dtype=np.int64)
        self.distributor_ids = np.array([n.distributor_id for n in ns], dtype=np.int64)
        self.dist_sorted, self.dist_order = _sorted_index(self.distributor_ids)
        self.group_any = np.array([not n.group_ids and not n.subgroup_ids for n in ns], dtype=bool)
        self.group_mem = _membership([n.group_ids for n in ns], book.groups)
        self.has_sub = np.array([bool(n.subgroup_ids) for n in ns], dtype=bool)
        self.sub_mem = _membership([n.subgroup_ids for n in ns], book.subgroups)
        self.min_stars = np.array([n.min_stars for n in ns], dtype=np.int64)
        self.storage_ok = np.array([[n.handles(s) for s in STORAGE_CODES] for n in ns], dtype=bool).reshape(
            self.n, len(STORAGE_CODES)
        )
        self.required = np.array(
            [book.cert_mask(n.required_cert_kinds, required=True) for n in ns], dtype=np.uint64
        ).reshape(self.n, book.cert_words)
        volumes = [need_volume(n, weights) for n in ns]
        self.has_volume = np.array([v is not None for v in volumes], dtype=bool)
        self.unit = np.array(
            [UNMATCHED_UNIT if v is None else book.units.get(v.unit, UNMATCHED_UNIT) for v in volumes],
            dtype=np.int64,
        )
        self.needed = np.array([1.0 if v is None else v.needed for v in volumes], dtype=np.float64)
        self.loc_any = np.array(
            [not n.preferred_province_ids and not n.preferred_regions for n in ns], dtype=bool
        )
        self.prov_mem = _membership([n.preferred_province_ids for n in ns], book.provinces)
        self.reg_mem = _membership([n.preferred_regions for n in ns], book.regions)
        rows, cols, coefficients, has_notes = [], [], [], []
        for i, need in enumerate(ns):
            wanted = features(need.notes)
            has_notes.append(bool(wanted))
            coefficients.append(text_coefficient(weights, model.denominator(wanted)) if wanted else 0.0)
            feature_cols = [book.vocabulary[f] for f in wanted if f in book.vocabulary]
            rows.extend([i] * len(feature_cols))
            cols.extend(feature_cols)
        self.has_notes = np.array(has_notes, dtype=bool)
        self.text_coefficient = np.array(coefficients, dtype=np.float64)
        data = book.idf[np.array(cols, dtype=np.int64)] if cols else np.zeros(0)
        self.notes = sparse.csr_matrix((data, (rows, cols)), shape=(self.n, len(book.vocabulary)))
        self.notes_t = self.notes.T.tocsr()

    def rows_of_distributors(self, distributor_ids: Iterable[int]) -> np.ndarray:
        wanted = np.array(sorted(set(distributor_ids)), dtype=np.int64)
        _, rows = join(self.dist_sorted, self.dist_order, wanted)
        return rows


class SignalIndex:
    """The signal pairs as sorted integer arrays, built once per ``Scorer``."""

    def __init__(self, signals: Signals, weights: Weights) -> None:
        def arrays(pairs: frozenset[tuple[int, int]]) -> np.ndarray:
            return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)

        # Order matters: the reference adds shortlisted, then requested, then accepted.
        self.kinds = (
            (arrays(signals.shortlisted), weights.shortlisted, "product"),
            (arrays(signals.requested), weights.requested, "producer"),
            (arrays(signals.accepted), weights.accepted, "producer"),
        )
        self.empty = not any(len(pairs) for pairs, _, _ in self.kinds)

    def matrix(self, needs: NeedPack, products: ProductPack) -> sparse.csr_matrix | None:
        """Raw signal points of every (need, product) pair; None without any signal."""
        if self.empty:
            return None
        total = None
        shape = (needs.n, products.n)
        for pairs, weight, level in self.kinds:
            if not len(pairs):
                continue
            if level == "product":
                keys_sorted, order = products.id_sorted, products.id_order
            else:
                keys_sorted, order = products.producer_sorted, products.producer_order
            pair_pos, cols = join(keys_sorted, order, pairs[:, 0])
            col_pos, rows = join(needs.dist_sorted, needs.dist_order, pairs[pair_pos, 1])
            data = np.full(len(rows), weight, dtype=np.float64)
            part = sparse.csr_matrix((data, (rows, cols[col_pos])), shape=shape)
            total = part if total is None else total + part
        return total


def shared_dense(left: sparse.csr_matrix, right_t: sparse.csr_matrix) -> np.ndarray:
    """Dense ``left @ right_t``: each left entry (i, t) adds its weight to every (i, j) with
    j in row t of ``right_t``, all through one ``bincount``.

    Used for the text numerators: one factor is always 1.0 (a product has the word) and the
    other a dyadic word weight, so every sum is exact, whatever order it is added in.
    """
    n_left, n_right = left.shape[0], right_t.shape[1]
    words = left.indices
    lo = right_t.indptr[words]
    counts = right_t.indptr[words + 1] - lo
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    positions = np.arange(total) - np.repeat(ends - counts - lo, counts)
    row_base = np.repeat(np.arange(n_left) * n_right, np.diff(left.indptr))
    flat = np.repeat(row_base, counts) + right_t.indices[positions]
    weights = np.repeat(left.data, counts) * right_t.data[positions]
    dense = np.bincount(flat, weights=weights, minlength=n_left * n_right)
    return dense.astype(np.float64, copy=False).reshape(n_left, n_right)
