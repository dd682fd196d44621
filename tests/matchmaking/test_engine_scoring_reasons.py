"""What users read: breakdowns, why-lines and gaps, in Vietnamese and English; plus the
weights an organiser edits and the inputs the Django side builds."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from matchmaking.engine.scoring import (
    NeedInput,
    ProductInput,
    Reason,
    Scorer,
    Signals,
    Weights,
    combine_product_scores,
    format_number,
    gaps_for_product,
    gaps_line,
    render_reason,
    score_pair,
    summarise_gaps,
    why_line,
)
from matchmaking.engine.text import fold

VIETGAP, HACCP = 1, 3
CERTS = {VIETGAP: "VietGAP", HACCP: "HACCP"}
FOOD, CRAFTS = 1, 4
SOC_TRANG = 94


def make_product(**changes) -> ProductInput:
    product = ProductInput(
        id=1,
        producer_id=10,
        group_id=FOOD,
        subgroup_id=11,
        stars=4,
        ocop_valid=True,
        cert_kinds=frozenset({HACCP}),
        monthly_capacity=2000,
        capacity_unit="kg",
        storage="ambient",
        province_id=SOC_TRANG,
        region="mekong_delta",
        province_name="Sóc Trăng",
        text=fold("Hành tím Vĩnh Châu sấy khô, đặc sản Sóc Trăng"),
    )
    return replace(product, **changes)


def make_need(**changes) -> NeedInput:
    need = NeedInput(
        id=5,
        distributor_id=7,
        group_ids=frozenset({FOOD}),
        subgroup_ids=frozenset(),
        min_stars=3,
        required_cert_kinds=frozenset({HACCP}),
        min_monthly_volume=500,
        volume_unit="kg",
        preferred_province_ids=frozenset({SOC_TRANG}),
        preferred_regions=frozenset(),
        storage_handled=frozenset(),
        channel_scale=1.0,
        notes="",
    )
    return replace(need, **changes)


def score(product=None, need=None, **kwargs):
    return score_pair(product or make_product(), need or make_need(), cert_names=CERTS, **kwargs)


def test_why_line_reads_naturally_in_both_languages():
    result = score()
    assert why_line(result, "en") == "4★ ≥ the 3★ minimum · HACCP ✓ · 2,000 kg/month ≥ 500 · Sóc Trăng"
    assert why_line(result, "vi") == ("4★ ≥ mức tối thiểu 3★ · HACCP ✓ · 2.000 kg/tháng ≥ 500 · Sóc Trăng")


def test_breakdown_points_add_up_to_the_score():
    result = score()
    assert result.eligible
    assert [part.criterion for part in result.parts] == [
        "group",
        "subgroup",
        "stars",
        "certifications",
        "capacity",
        "location",
        "text",
        "signals",
    ]
    assert math.isclose(sum(part.points for part in result.parts), result.score)
    # group 25 + sub-group 10×½ (no preference) + stars 15×½ + capacity 20 + province 10
    # + text 10×½ (no notes) + no signals.
    assert result.score == pytest.approx(72.5)


def test_missing_certification_is_a_gap_the_producer_can_act_on():
    result = score(need=make_need(required_cert_kinds=frozenset({HACCP, VIETGAP})))
    assert not result.eligible
    assert result.score == 0.0
    assert result.potential == pytest.approx(72.5)
    assert gaps_line(result.gaps, "en") == "needs VietGAP"
    assert gaps_line(result.gaps, "vi") == "cần VietGAP"


def test_lapsed_certification_asks_for_renewal():
    product = make_product(expired_cert_kinds=frozenset({VIETGAP}))
    result = score(product, make_need(required_cert_kinds=frozenset({VIETGAP})))
    assert gaps_line(result.gaps, "en") == "VietGAP expired — renew it"
    assert gaps_line(result.gaps, "vi") == "VietGAP đã hết hạn, cần gia hạn"


def test_expired_ocop_certificate_no_longer_counts():
    result = score(make_product(ocop_valid=False))
    assert not result.eligible
    assert gaps_line(result.gaps, "en") == "OCOP 4★ certificate expired — renew it"
    assert gaps_line(result.gaps, "vi") == "chứng nhận OCOP 4★ đã hết hạn, cần cấp lại"


def test_expired_ocop_certificate_is_no_gap_for_a_buyer_without_minimum():
    result = score(make_product(ocop_valid=False), make_need(min_stars=0))
    assert result.eligible
    stars = next(part for part in result.parts if part.criterion == "stars")
    assert stars.points == 0.0
    assert render_reason(stars.reason, "en") == "OCOP 4★ certificate expired"


def test_stars_below_minimum_and_storage_are_gaps():
    product = make_product(stars=3, storage="frozen")
    result = score(product, make_need(min_stars=4, storage_handled=frozenset({"chilled"})))
    assert gaps_line(result.gaps, "en") == ("3★ is below the 4★ minimum · buyer cannot handle frozen goods")
    assert gaps_line(result.gaps, "vi") == (
        "3★ thấp hơn mức tối thiểu 4★ · bên mua không bảo quản được hàng đông lạnh"
    )


def test_uncertified_product_needs_an_ocop_certificate():
    result = score(make_product(stars=0, ocop_valid=False))
    assert gaps_line(result.gaps, "en") == "needs an OCOP certificate of 3★ or more"


def capacity_reason(product, need, lang="en"):
    result = score(product, need)
    part = next(part for part in result.parts if part.criterion == "capacity")
    return render_reason(part.reason, lang), part.points


def test_chain_scale_raises_the_volume_a_buyer_needs():
    product = make_product(monthly_capacity=600)
    showroom = capacity_reason(product, make_need(channel_scale=1.0))
    chain = capacity_reason(product, make_need(channel_scale=10.0))
    assert showroom[0] == "600 kg/month ≥ 500"
    # 500 × 10 ** 0.3 ≈ 998 kg for a supermarket chain.
    assert chain[0] == "600 kg/month ≥ 500, but this channel's scale calls for about 998"
    assert chain[1] < showroom[1]


def test_capacity_compares_across_convertible_units_only():
    converted = capacity_reason(make_product(), make_need(min_monthly_volume=0.5, volume_unit="tấn"))
    assert converted[0] == "2,000 kg/month ≥ 500"
    differs = capacity_reason(make_product(capacity_unit="litre"), make_need(), "vi")
    assert differs[0] == "sản lượng tính bằng lít, nhu cầu tính bằng kg"
    short = capacity_reason(make_product(monthly_capacity=300), make_need(), "vi")
    assert short[0] == "300 kg/tháng, chưa đủ 500 cần mua"
    unknown = capacity_reason(make_product(monthly_capacity=None), make_need())
    assert unknown == ("monthly capacity not stated", 0.0)


def test_notes_match_folded_words():
    need = make_need(notes=fold("Cần hành tím Vĩnh Châu"))
    text = next(part for part in score(need=need).parts if part.criterion == "text")
    assert render_reason(text.reason, "en") == "matches 100% of the need's notes"
    assert render_reason(text.reason, "vi") == "khớp 100% mô tả nhu cầu"
    other = make_need(notes=fold("mật ong rừng U Minh"))
    text = next(part for part in score(need=other).parts if part.criterion == "text")
    assert (text.points, render_reason(text.reason, "en")) == (0.0, "does not match the need's notes")


def test_region_preference_and_signals_are_explained():
    need = make_need(preferred_province_ids=frozenset({1}), preferred_regions={"mekong_delta"})
    signals = Signals(shortlisted={(1, 7)}, requested={(10, 7)})
    result = score(need=need, signals=signals)
    assert why_line(result, "en", criteria=("location", "signals")) == (
        "Sóc Trăng (Mekong Delta) · shortlisted, meeting requested"
    )
    assert why_line(result, "vi", criteria=("location", "signals")) == (
        "Sóc Trăng (Đồng bằng sông Cửu Long) · đã vào danh sách quan tâm, đã đề nghị gặp"
    )
    assert result.score > score(need=need).score


def test_a_province_merged_in_2025_is_named_as_the_pages_name_it():
    """A producer recorded in Sóc Trăng, merged into Cần Thơ: the reason names both, as the
    catalogue does ("Cần Thơ (Sóc Trăng cũ)"), in either language and whatever the preference."""
    product = make_product(province_name="Cần Thơ", former_province_name="Sóc Trăng")
    preferred = score(product=product, need=make_need(preferred_province_ids=frozenset({SOC_TRANG})))
    elsewhere = score(product=product, need=make_need(preferred_province_ids=frozenset({1})))
    assert why_line(preferred, "vi", criteria=("location",)) == "Cần Thơ (Sóc Trăng cũ)"
    assert why_line(preferred, "en", criteria=("location",)) == "Cần Thơ (formerly Sóc Trăng)"
    assert gaps_line(elsewhere.gaps, "en") == ""
    location = next(part for part in elsewhere.parts if part.criterion == "location")
    assert render_reason(location.reason, "vi") == "Cần Thơ (Sóc Trăng cũ), ngoài khu vực ưu tiên"
    # A reason stored before former names were kept still renders.
    assert render_reason(Reason("province_match", {"province": "Sóc Trăng"}), "en") == "Sóc Trăng"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (2000, "2.000", "2,000"),
        (1234567.0, "1.234.567", "1,234,567"),
        (0.5, "0,5", "0.5"),
        (12.25, "12,25", "12.25"),
        (997.63, "998", "998"),
        (0, "0", "0"),
    ],
)
def test_numbers_use_the_language_separators(value, vi, en):
    assert format_number(value, "vi") == vi
    assert format_number(value, "en") == en


def test_render_reason_falls_back_sensibly():
    reason = Reason("stars_above_min", {"stars": 4, "min": 3})
    assert render_reason(reason, "en-GB") == "4★ ≥ the 3★ minimum"
    assert render_reason(reason, "fr") == render_reason(reason, "vi")
    assert render_reason(Reason("some_new_code"), "en") == "some_new_code"
    custom = {"en": {"stars_above_min": "{stars} stars (min {min})"}}
    assert render_reason(reason, "en", templates=custom) == "4 stars (min 3)"


def test_weights_from_dict_ignores_unknown_keys_and_validates():
    weights = Weights.from_dict({"text": 20, "capacity": 0, "colour": "blue"})
    assert (weights.text, weights.capacity, weights.group) == (20, 0, Weights().group)
    assert Weights.from_dict(weights.to_dict()) == weights
    assert Weights.from_dict({"breadth_count": 3.0}).breadth_count == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"group": -1},
        {"group": math.nan},
        {"group": math.inf},
        {"group": True},
        {"group": "25"},
        {"neutral": 1.5},
        {"breadth_count": 2.5},
        {"channel_exponent": 10},
    ],
)
def test_weights_reject_bad_values(bad):
    with pytest.raises(ValueError, match="weight"):
        Weights.from_dict(bad)


def test_all_zero_weights_score_zero_without_errors():
    zero = Weights.from_dict(dict.fromkeys(Weights().to_dict(), 0))
    assert score(weights=zero).score == 0.0
    assert Scorer([make_product()], [make_need()], zero).top_k_per_need() == {5: [(1, 0.0)]}


def test_inputs_are_validated_and_sets_frozen():
    assert isinstance(make_need(group_ids={1, 2}).group_ids, frozenset)
    with pytest.raises(ValueError, match="stars"):
        make_product(stars=6)
    with pytest.raises(ValueError, match="storage"):
        make_product(storage="warm")
    with pytest.raises(ValueError, match="channel_scale"):
        make_need(channel_scale=0)
    with pytest.raises(ValueError, match="monthly_capacity"):
        make_product(monthly_capacity=-1)
    with pytest.raises(ValueError, match="duplicate product ids"):
        Scorer([make_product(), make_product()], [make_need()])


def test_equal_scores_rank_by_product_id():
    products = [make_product(id=pid, producer_id=pid) for pid in (30, 10, 20)]
    scorer = Scorer(products, [make_need()])
    assert [pid for pid, _ in scorer.top_k_per_need()[5]] == [10, 20, 30]
    assert [pid for pid, _ in scorer.top_k_for_need(make_need(), k=2)] == [10, 20]


def test_scorer_explains_the_pairs_it_shows():
    products = [make_product(), make_product(id=2, monthly_capacity=100, province_id=1)]
    scorer = Scorer(products, [make_need()], cert_names=CERTS)
    shown = scorer.top_k_for_need_explained(5, k=2)
    assert [pid for pid, _ in shown] == [1, 2]
    assert why_line(shown[0][1], "en") == ("4★ ≥ the 3★ minimum · HACCP ✓ · 2,000 kg/month ≥ 500 · Sóc Trăng")
    assert shown[0][1].score == scorer.top_k_per_need()[5][0][1]


def test_gaps_for_a_product_say_what_to_fix_first():
    needs = [
        make_need(id=1, required_cert_kinds={VIETGAP}),
        make_need(id=2, required_cert_kinds={VIETGAP}, min_stars=5),
        make_need(id=3, required_cert_kinds={HACCP}),
        make_need(id=4, required_cert_kinds={VIETGAP}, group_ids={CRAFTS}),
    ]
    scorer = Scorer([make_product()], needs, cert_names=CERTS)
    gaps = scorer.gaps_for_product(1)
    assert [need_id for need_id, _ in gaps] == [1, 2]
    assert gaps == gaps_for_product([make_product()], needs, 1, cert_names=CERTS)
    summary = [(gaps_line([gap], "en"), count) for gap, count in summarise_gaps(gaps)]
    assert summary == [("needs VietGAP", 2), ("4★ is below the 5★ minimum", 1)]
    assert len(scorer.gaps_for_product(1, group_fit_only=False)) == 3


def test_people_score_is_best_product_plus_breadth():
    assert combine_product_scores([60.0, 80.0], Weights()) == pytest.approx(80 + 20 * 0.5 * 60 / 400)
    assert combine_product_scores([], Weights()) == 0.0
    assert combine_product_scores([80.0, 60.0], Weights(breadth_count=0)) == 80.0


def test_people_scores_recommend_partners_both_ways():
    products = [
        make_product(id=1, producer_id=10),
        make_product(id=2, producer_id=10, monthly_capacity=100),
        make_product(id=3, producer_id=11, stars=3),
    ]
    needs = [make_need(id=5, distributor_id=7), make_need(id=6, distributor_id=8, min_stars=4)]
    scorer = Scorer(products, needs)
    for_seven = scorer.top_k_producers_for_distributor(7)
    assert [(p.producer_id, p.best_product_id, p.product_count) for p in for_seven] == [
        (10, 1, 2),
        (11, 3, 1),
    ]
    assert [p.distributor_id for p in scorer.top_k_distributors_for_producer(11)] == [7]
    best = scorer.explain(for_seven[0].best_product_id, for_seven[0].best_need_id).score
    assert for_seven[0].score > best


def test_empty_catalogues_give_empty_rankings():
    assert Scorer([], [make_need()]).top_k_per_need() == {5: []}
    assert Scorer([make_product()], []).top_k_per_product() == {1: []}
    assert Scorer([make_product()], []).top_k_for_need(make_need()) == [(1, 72.5)]
    assert Scorer([], []).producer_distributor_scores() == []


def test_reasons_do_not_address_the_reader():
    """The same line is read by the buyer (suggestions), the producer ("buyers looking for
    products like yours") and the organiser (best pairs): no template may say "your"."""
    from matchmaking.engine.scoring_reasons import TEMPLATES

    for lang, templates in TEMPLATES.items():
        for code, text in templates.items():
            words = text.lower().replace(",", " ").split()
            assert not {"you", "your"} & set(words), (lang, code, text)
            assert "của bạn" not in text.lower(), (lang, code, text)
