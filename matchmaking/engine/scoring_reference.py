"""Reference scorer: one (product, need) pair at a time, in plain Python.

This is the definition of the score. It builds the breakdown users read, and the
vectorised ``Scorer`` is tested and benchmarked against it (same top-k, same scores).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from matchmaking.engine.scoring_rules import (
    UNIFORM_TEXT,
    TextModel,
    capacity_base,
    capacity_fraction,
    combine_product_scores,
    features,
    need_volume,
    stars_fraction,
    text_coefficient,
    unit_base,
)
from matchmaking.engine.scoring_types import (
    DEFAULT_WEIGHTS,
    NO_SIGNALS,
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

Ranking = dict[int, list[tuple[int, float]]]


def cert_name(kind: int, cert_names: Mapping[int, str] | None) -> str:
    return (cert_names or {}).get(kind) or f"#{kind}"


def hard_gaps(
    product: ProductInput, need: NeedInput, cert_names: Mapping[int, str] | None = None
) -> tuple[Gap, ...]:
    """Hard conditions the pair fails, in the order a producer would fix them."""
    gaps: list[Gap] = []
    if need.min_stars > 0 and product.effective_stars < need.min_stars:
        if product.stars > 0 and not product.ocop_valid:
            gaps.append(Gap("stars", Reason("ocop_expired", {"stars": product.stars})))
        if product.stars == 0:
            gaps.append(Gap("stars", Reason("no_ocop", {"min": need.min_stars})))
        elif product.stars < need.min_stars:
            params = {"stars": product.stars, "min": need.min_stars}
            gaps.append(Gap("stars", Reason("stars_below_min", params)))
    missing = sorted(
        (cert_name(kind, cert_names), kind)
        for kind in need.required_cert_kinds
        if kind not in product.cert_kinds
    )
    for name, kind in missing:
        code = "cert_expired" if kind in product.expired_cert_kinds else "cert_missing"
        gaps.append(Gap("certifications", Reason(code, {"cert": name})))
    if not need.handles(product.storage):
        gaps.append(Gap("storage", Reason("storage_unsupported", {"storage": product.storage})))
    return tuple(gaps)


def group_fits(product: ProductInput, need: NeedInput) -> bool:
    """No group preference, or the product's group or sub-group is one the buyer sources."""
    if not need.group_ids and not need.subgroup_ids:
        return True
    return product.group_id in need.group_ids or (
        product.subgroup_id is not None and product.subgroup_id in need.subgroup_ids
    )


def _group_parts(product: ProductInput, need: NeedInput, w: Weights) -> list[ScorePart]:
    scale = w.scale
    fits = group_fits(product, need)
    if not need.group_ids and not need.subgroup_ids:
        group_reason = Reason("group_any")
    else:
        group_reason = Reason("group_match" if fits else "group_other")
    group = ScorePart("group", (w.group * (1.0 if fits else 0.0)) * scale, group_reason)
    if need.subgroup_ids:
        hit = product.subgroup_id is not None and product.subgroup_id in need.subgroup_ids
        share, code = (1.0, "subgroup_match") if hit else (0.0, "subgroup_other")
    elif fits:
        share, code = w.neutral, "subgroup_any"
    else:
        share, code = 0.0, "subgroup_other"
    return [group, ScorePart("subgroup", (w.subgroup * share) * scale, Reason(code))]


def _stars_part(product: ProductInput, need: NeedInput, w: Weights) -> ScorePart:
    stars = product.effective_stars
    share = stars_fraction(stars, need.min_stars)
    if product.stars > 0 and not product.ocop_valid:
        reason = Reason("ocop_expired_info", {"stars": product.stars})
    elif stars == 0:
        reason = Reason("no_stars")
    elif need.min_stars == 0:
        reason = Reason("stars", {"stars": stars})
    elif stars >= need.min_stars:
        reason = Reason("stars_above_min", {"stars": stars, "min": need.min_stars})
    else:
        reason = Reason("stars_below_min", {"stars": stars, "min": need.min_stars})
    return ScorePart("stars", (w.stars * share) * w.scale, reason)


def _capacity_part(product: ProductInput, need: NeedInput, w: Weights) -> ScorePart:
    volume = need_volume(need, w)
    capacity = capacity_base(product)
    if volume is None:
        share, reason = w.neutral, Reason("volume_any")
    elif capacity is None:
        share, reason = 0.0, Reason("capacity_unknown")
    elif capacity[0] != volume.unit:
        params = {"unit": unit_base(product.capacity_unit)[0], "volume_unit": volume.unit}
        share, reason = w.neutral, Reason("unit_differs", params)
    else:
        share = capacity_fraction(capacity[1], volume.needed)
        # Amounts are shown in the product's own unit ("2.000 kg/tháng ≥ 500").
        factor = unit_base(product.capacity_unit)[1]
        params = {
            "capacity": product.monthly_capacity,
            "unit": product.capacity_unit,
            "volume": volume.stated / factor,
        }
        if capacity[1] >= volume.needed:
            reason = Reason("capacity_meets", params)
        elif capacity[1] >= volume.stated:
            reason = Reason("capacity_below_scale", {**params, "needed": volume.needed / factor})
        else:
            reason = Reason("capacity_short", params)
    return ScorePart("capacity", (w.capacity * share) * w.scale, reason)


def _location_part(product: ProductInput, need: NeedInput, w: Weights) -> ScorePart:
    province = {"province": product.province_name}
    if product.former_province_name:
        province["former"] = product.former_province_name
    if not need.preferred_province_ids and not need.preferred_regions:
        points, reason = (w.location * w.neutral) * w.scale, Reason("location_any", province)
    elif product.province_id in need.preferred_province_ids:
        points, reason = (w.province * 1.0) * w.scale, Reason("province_match", province)
    elif product.region in need.preferred_regions:
        params = {**province, "region": product.region}
        points, reason = (w.region * 1.0) * w.scale, Reason("region_match", params)
    else:
        points, reason = 0.0, Reason("location_other", province)
    return ScorePart("location", points, reason)


def _text_part(product: ProductInput, need: NeedInput, w: Weights, model: TextModel) -> ScorePart:
    wanted = features(need.notes)
    if not wanted:
        return ScorePart("text", (w.text * w.neutral) * w.scale, Reason("notes_none"))
    total = model.denominator(wanted)
    shared = model.shared(wanted, features(product.text))
    if shared > 0:
        reason = Reason("notes_match", {"percent": round(100 * shared / total)})
    else:
        reason = Reason("notes_no_match")
    return ScorePart("text", shared * text_coefficient(w, total), reason)


def _signals_part(product: ProductInput, need: NeedInput, w: Weights, signals: Signals) -> ScorePart:
    distributor = need.distributor_id
    flags = (
        ("shortlisted", w.shortlisted, (product.id, distributor) in signals.shortlisted),
        ("requested", w.requested, (product.producer_id, distributor) in signals.requested),
        ("accepted", w.accepted, (product.producer_id, distributor) in signals.accepted),
    )
    total = 0.0
    for _, weight, on in flags:
        total += weight if on else 0.0
    kinds = tuple(kind for kind, _, on in flags if on)
    reason = Reason("signals", {"kinds": kinds}) if kinds else Reason("no_signals")
    return ScorePart("signals", total * w.scale, reason)


def score_pair(
    product: ProductInput,
    need: NeedInput,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
    cert_names: Mapping[int, str] | None = None,
    text_model: TextModel = UNIFORM_TEXT,
) -> PairResult:
    """Score one pair with its full breakdown and gaps.

    Pass the ``text_model`` of the ``Scorer`` (``scorer.text_model``) to get exactly the
    scores it ranks by; the default weighs every word the same.
    """
    gaps = hard_gaps(product, need, cert_names)
    met = sorted(cert_name(k, cert_names) for k in need.required_cert_kinds & product.cert_kinds)
    parts = (
        *_group_parts(product, need, weights),
        _stars_part(product, need, weights),
        *(ScorePart("certifications", 0.0, Reason("cert_ok", {"cert": name})) for name in met),
        _capacity_part(product, need, weights),
        _location_part(product, need, weights),
        _text_part(product, need, weights, text_model),
        _signals_part(product, need, weights, signals),
    )
    total = 0.0
    for part in parts:
        total += part.points
    potential = min(100.0, total)
    eligible = not gaps
    return PairResult(potential if eligible else 0.0, parts, gaps, eligible, potential)


def _ranked(candidates: Iterable[tuple[int, float]], k: int) -> list[tuple[int, float]]:
    """Highest score first, lower id first among equal scores."""
    return sorted(candidates, key=lambda item: (-item[1], item[0]))[:k]


def reference_top_k_per_need(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    k: int = 20,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
    text_model: TextModel = UNIFORM_TEXT,
) -> Ranking:
    """Top-k eligible products of each need, scoring every pair one by one."""
    ranking: Ranking = {}
    for need in needs:
        scored = []
        for product in products:
            result = score_pair(product, need, weights, signals=signals, text_model=text_model)
            if result.eligible:
                scored.append((product.id, result.score))
        ranking[need.id] = _ranked(scored, k)
    return ranking


def reference_top_k_per_product(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    k: int = 20,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
    text_model: TextModel = UNIFORM_TEXT,
) -> Ranking:
    """Top-k needs (buyers looking for products like this one) of each product."""
    ranking: Ranking = {}
    for product in products:
        scored = []
        for need in needs:
            result = score_pair(product, need, weights, signals=signals, text_model=text_model)
            if result.eligible:
                scored.append((need.id, result.score))
        ranking[product.id] = _ranked(scored, k)
    return ranking


def reference_producer_distributor_scores(
    products: Sequence[ProductInput],
    needs: Sequence[NeedInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    signals: Signals = NO_SIGNALS,
    text_model: TextModel = UNIFORM_TEXT,
) -> list[PeopleScore]:
    """Every producer ↔ distributor pair with at least one eligible product–need pair.

    A product counts with its best eligible score over the distributor's needs; the
    producer's product scores are then combined by ``combine_product_scores``.
    """
    best: dict[tuple[int, int], list[tuple[float, int, int]]] = defaultdict(list)
    needs_of: dict[int, list[NeedInput]] = defaultdict(list)
    for need in needs:
        needs_of[need.distributor_id].append(need)
    for distributor, its_needs in needs_of.items():
        for product in products:
            scored = [
                (result.score, need.id)
                for need in its_needs
                if (
                    result := score_pair(product, need, weights, signals=signals, text_model=text_model)
                ).eligible
            ]
            if scored:
                score, need_id = min(scored, key=lambda item: (-item[0], item[1]))
                best[(product.producer_id, distributor)].append((score, product.id, need_id))
    people = []
    for (producer, distributor), items in best.items():
        top_score, top_product, top_need = min(items, key=lambda item: (-item[0], item[1]))
        people.append(
            PeopleScore(
                producer_id=producer,
                distributor_id=distributor,
                score=combine_product_scores((s for s, _, _ in items), weights),
                best_product_id=top_product,
                best_need_id=top_need,
                product_count=len(items),
            )
        )
    return sorted(people, key=lambda p: (-p.score, p.producer_id, p.distributor_id))
