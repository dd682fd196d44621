"""Properties of the scoring engine, checked with Hypothesis on small random catalogues.

The vectorised ``Scorer`` must rank exactly like the plain-Python ``score_pair``: same
top-20, same order (ties broken by id), same scores. Small id spaces and a small word list
make ties, shared words and failed hard conditions common.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaking.engine.scoring import (
    DEFAULT_WEIGHTS,
    STORAGES,
    NeedInput,
    ProductInput,
    Scorer,
    Signals,
    TextModel,
    Weights,
    combine_product_scores,
    reference_producer_distributor_scores,
    reference_top_k_per_need,
    reference_top_k_per_product,
    score_pair,
)
from matchmaking.engine.text import fold, tokens

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUBGROUPS = {11: 1, 12: 1, 21: 2, 22: 2, 31: 3}
PROVINCES = {1: "mekong_delta", 2: "mekong_delta", 3: "red_river_delta", 4: "southeast"}
WORDS = [
    "mật ong",
    "rừng",
    "gạo",
    "thơm",
    "trà",
    "xanh",
    "hành tím",
    "sấy khô",
    "đặc sản",
    "và",
    "Sóc Trăng",
    "nước mắm",
]
UNITS = ["kg", "tấn", "g", "litre", "piece", ""]
STARS = st.integers(0, 5)
CAPACITY = st.one_of(
    st.none(),
    st.sampled_from([0.0, 1.0, 50.0, 500.0, 2000.0]),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
)
TEXT = st.lists(st.sampled_from(WORDS), max_size=4).map(lambda words: fold(" ".join(words)))
# One draw per field keeps catalogues of dozens of products quick to generate and shrink.
CATEGORIES = [(1, None), (2, None), (3, None), *((g, s) for s, g in SUBGROUPS.items())]
RATINGS = [(0, False), (2, True), (3, True), (3, False), (4, True), (4, False), (5, True)]
KIND_SETS = [frozenset(), frozenset({1}), frozenset({2}), frozenset({1, 2}), frozenset({3, 4})]
REGIONS = ["mekong_delta", "southeast", "highlands"]

product_fields = st.tuples(
    st.sampled_from(CATEGORIES),
    st.sampled_from(RATINGS),
    st.sampled_from(KIND_SETS),
    st.sampled_from(KIND_SETS),
    CAPACITY,
    st.sampled_from(UNITS),
    st.sampled_from(sorted(STORAGES)),
    st.sampled_from(list(PROVINCES)),
    st.integers(1, 6),
    TEXT,
)

POINTS = st.one_of(st.just(0.0), st.floats(0.01, 40))
weights_strategy = st.one_of(
    st.just(DEFAULT_WEIGHTS),
    st.builds(
        Weights,
        group=POINTS,
        subgroup=POINTS,
        stars=POINTS,
        capacity=POINTS,
        province=POINTS,
        region=POINTS,
        text=POINTS,
        shortlisted=POINTS,
        requested=POINTS,
        accepted=POINTS,
        neutral=st.floats(0, 1),
        channel_exponent=st.floats(0, 2),
        breadth_share=st.floats(0, 1),
        breadth_count=st.integers(0, 5),
    ),
)


def _product(product_id, fields):
    (group, subgroup), (stars, valid), kinds, expired, capacity, unit, storage, province = fields[:8]
    return ProductInput(
        id=product_id,
        producer_id=fields[8],
        group_id=group,
        subgroup_id=subgroup,
        stars=stars,
        ocop_valid=valid,
        cert_kinds=kinds,
        monthly_capacity=capacity,
        capacity_unit=unit,
        storage=storage,
        province_id=province,
        region=PROVINCES[province],
        province_name=f"Tỉnh {province}",
        text=fields[9],
        expired_cert_kinds=expired - kinds,
    )


@st.composite
def products_strategy(draw, min_size=1, max_size=30):
    rows = draw(st.lists(product_fields, min_size=min_size, max_size=max_size))
    ids = draw(st.permutations(range(1, len(rows) + 1)))
    # Ids deliberately out of input order, so tie-breaking by id is really exercised.
    return [_product(7 * product_id, fields) for product_id, fields in zip(ids, rows, strict=True)]


need_fields = st.tuples(
    st.integers(1, 4),
    st.sampled_from([frozenset(), frozenset({1}), frozenset({1, 2}), frozenset({3})]),
    st.sampled_from([frozenset(), frozenset({11}), frozenset({12, 21}), frozenset({31})]),
    st.integers(0, 5),
    st.sampled_from([*KIND_SETS, frozenset({5})]),
    CAPACITY,
    st.sampled_from(UNITS),
    st.sampled_from([frozenset(), frozenset({1}), frozenset({3, 5})]),
    st.sampled_from([frozenset(), frozenset({"mekong_delta"}), frozenset(REGIONS[1:])]),
    st.sampled_from([frozenset(), frozenset({"chilled"}), frozenset(STORAGES)]),
    st.sampled_from([1.0, 1.5, 3.0, 10.0]),
    TEXT,
)


def _need(need_id, fields):
    return NeedInput(need_id, *fields)


def need_strategy(need_id=1):
    return need_fields.map(lambda fields: _need(need_id, fields))


@st.composite
def needs_strategy(draw, max_size=5):
    rows = draw(st.lists(need_fields, min_size=1, max_size=max_size))
    ids = draw(st.permutations(range(1, len(rows) + 1)))
    return [_need(3 * need_id, fields) for need_id, fields in zip(ids, rows, strict=True)]


@st.composite
def signals_strategy(draw, products):
    product_pairs = [(p.id, d) for p in products for d in range(1, 5)]
    producer_pairs = sorted({(p.producer_id, d) for p in products for d in range(1, 5)})

    def subset(pairs):
        return frozenset(pairs[i] for i in draw(st.sets(st.integers(0, len(pairs) - 1))))

    return Signals(
        shortlisted=subset(product_pairs),
        requested=subset(producer_pairs),
        accepted=subset(producer_pairs),
    )


@st.composite
def catalogues(draw, max_products=30, max_needs=5):
    products = draw(products_strategy(max_size=max_products))
    needs = draw(needs_strategy(max_size=max_needs))
    return products, needs, draw(signals_strategy(products)), draw(weights_strategy)


@PROPERTY
@given(products_strategy(max_size=3), need_strategy(), weights_strategy)
def test_every_score_is_between_0_and_100(products, need, weights):
    for product in products:
        result = score_pair(product, need, weights)
        assert 0.0 <= result.score <= 100.0
        assert 0.0 <= result.potential <= 100.0
        assert result.eligible == (not result.gaps)
        assert result.score == (result.potential if result.eligible else 0.0)
        # The breakdown adds up to the score, exactly (capped at 100).
        assert min(100.0, sum(part.points for part in result.parts)) == result.potential


@PROPERTY
@given(catalogues())
def test_fast_scores_are_between_0_and_100(catalogue):
    products, needs, signals, weights = catalogue
    matrix = Scorer(products, needs, weights, signals=signals).score_matrix()
    finite = matrix.scores[~np.isnan(matrix.scores)]
    assert ((finite >= 0.0) & (finite <= 100.0)).all()


@PROPERTY
@given(products_strategy(max_size=1), need_strategy(), weights_strategy, STARS, STARS)
def test_more_stars_never_lowers_the_score(products, need, weights, a, b):
    low, high = sorted((a, b))
    before = score_pair(replace(products[0], stars=low), need, weights)
    after = score_pair(replace(products[0], stars=high), need, weights)
    assert after.score >= before.score
    assert after.eligible or not before.eligible


@PROPERTY
@given(products_strategy(max_size=1), need_strategy(), weights_strategy, CAPACITY, CAPACITY)
def test_more_capacity_never_lowers_the_score(products, need, weights, a, b):
    low, high = sorted((a, b), key=lambda v: -1.0 if v is None else v)
    before = score_pair(replace(products[0], monthly_capacity=low), need, weights)
    after = score_pair(replace(products[0], monthly_capacity=high), need, weights)
    assert after.score >= before.score


@PROPERTY
@given(catalogues(max_products=3, max_needs=1), st.data())
def test_signals_never_lower_the_score(catalogue, data):
    products, needs, signals, weights = catalogue
    more = data.draw(signals_strategy(products))
    union = Signals(
        signals.shortlisted | more.shortlisted,
        signals.requested | more.requested,
        signals.accepted | more.accepted,
    )
    for product in products:
        before = score_pair(product, needs[0], weights, signals=signals)
        after = score_pair(product, needs[0], weights, signals=union)
        assert after.score >= before.score


@PROPERTY
@given(catalogues())
def test_pairs_failing_a_hard_condition_never_reach_a_top_k(catalogue):
    products, needs, signals, weights = catalogue
    scorer = Scorer(products, needs, weights, signals=signals)
    by_id = {p.id: p for p in products}
    need_by_id = {n.id: n for n in needs}
    for need_id, ranked in scorer.top_k_per_need(k=20).items():
        for product_id, _ in ranked:
            result = score_pair(by_id[product_id], need_by_id[need_id], weights)
            assert result.eligible, result.gaps
    for product_id, ranked in scorer.top_k_per_product(k=20).items():
        for need_id, _ in ranked:
            assert not score_pair(by_id[product_id], need_by_id[need_id], weights).gaps


@settings(max_examples=100, deadline=None, database=None)
@given(st.text())
def test_folding_is_idempotent(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert tokens(folded) == tokens(text)


def _assert_same_ranking(fast, reference):
    assert fast.keys() == reference.keys()
    for key, expected in reference.items():
        got = fast[key]
        assert [item_id for item_id, _ in got] == [item_id for item_id, _ in expected], key
        for (_, a), (_, b) in zip(got, expected, strict=True):
            assert abs(a - b) <= 1e-6


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogues(max_products=45, max_needs=5))
def test_fast_top_20_equals_the_reference_top_20(catalogue):
    products, needs, signals, weights = catalogue
    scorer = Scorer(products, needs, weights, signals=signals, chunk_size=2)
    model = scorer.text_model
    assert model == TextModel.from_texts(p.text for p in products)
    expected = reference_top_k_per_need(products, needs, 20, weights, signals=signals, text_model=model)
    _assert_same_ranking(scorer.top_k_per_need(k=20), expected)
    expected_products = reference_top_k_per_product(
        products, needs, 3, weights, signals=signals, text_model=model
    )
    _assert_same_ranking(scorer.top_k_per_product(k=3), expected_products)


@PROPERTY
@given(catalogues(max_products=30, max_needs=3), need_strategy(need_id=7777))
def test_rescoring_one_new_need_equals_the_reference(catalogue, new_need):
    products, needs, signals, weights = catalogue
    scorer = Scorer(products, needs, weights, signals=signals)
    expected = reference_top_k_per_need(
        products, [new_need], 20, weights, signals=signals, text_model=scorer.text_model
    )
    assert scorer.top_k_for_need(new_need, k=20) == expected[new_need.id]
    edited = replace(needs[0], min_stars=new_need.min_stars, notes=new_need.notes)
    expected = reference_top_k_per_need(
        products, [edited], 20, weights, signals=signals, text_model=scorer.text_model
    )
    _assert_same_ranking({0: scorer.top_k_for_need(edited, k=20)}, {0: expected[edited.id]})


@PROPERTY
@given(catalogues(max_products=20, max_needs=4), products_strategy(max_size=1))
def test_rescoring_one_product_equals_the_reference(catalogue, new_products):
    products, needs, signals, weights = catalogue
    scorer = Scorer(products, needs, weights, signals=signals)
    product = replace(new_products[0], id=99_999)
    expected = reference_top_k_per_product(
        [product], needs, 20, weights, signals=signals, text_model=scorer.text_model
    )
    _assert_same_ranking({0: scorer.top_k_for_product(product, k=20)}, {0: expected[product.id]})


@PROPERTY
@given(catalogues(max_products=25, max_needs=5))
def test_fast_people_scores_equal_the_reference(catalogue):
    products, needs, signals, weights = catalogue
    scorer = Scorer(products, needs, weights, signals=signals, chunk_size=1)
    expected = reference_producer_distributor_scores(
        products, needs, weights, signals=signals, text_model=scorer.text_model
    )
    by_pair = {(p.producer_id, p.distributor_id): p for p in scorer.producer_distributor_scores()}
    assert by_pair.keys() == {(p.producer_id, p.distributor_id) for p in expected}
    for want in expected:
        have = by_pair[(want.producer_id, want.distributor_id)]
        assert abs(have.score - want.score) <= 1e-6
        assert (have.best_product_id, have.best_need_id, have.product_count) == (
            want.best_product_id,
            want.best_need_id,
            want.product_count,
        )


@PROPERTY
@given(
    st.lists(st.floats(0, 100), max_size=8),
    st.floats(0, 100),
    st.integers(0, 7),
    weights_strategy,
)
def test_people_score_is_bounded_and_grows_with_products(scores, extra, index, weights):
    base = combine_product_scores(scores, weights)
    assert 0.0 <= base <= 100.0
    assert combine_product_scores([*scores, extra], weights) >= base - 1e-9
    if scores:
        raised = list(scores)
        raised[index % len(scores)] = max(raised[index % len(scores)], extra)
        assert combine_product_scores(raised, weights) >= base - 1e-9
