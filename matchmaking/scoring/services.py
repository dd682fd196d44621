"""Writes of the matchmaking scores: score with the engine, upsert ``MatchScore`` rows.

What is stored:
- for every active need, its ``TOP_K`` best eligible products (``eligible=True``);
- for every product, the ``GAPS_PER_PRODUCT`` needs of its group that exclude it, fewest
  gaps first (``eligible=False``, score 0, with the gaps: "what keeps my product out").
Breakdown and gaps are JSON lists of ``{criterion, points, code, params}``, rendered in the
reader's language at display time (``matchmaking.scoring.selectors``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from matchmaking.engine.scoring import Gap, PairResult, ScorePart, Scorer, group_fits
from matchmaking.models import MatchScore

from .inputs import ScoringInputs, load_inputs

logger = logging.getLogger(__name__)

TOP_K = 50
GAPS_PER_PRODUCT = 5
UPDATE_FIELDS = ["score", "eligible", "breakdown", "gaps", "computed_at"]


def _json_params(params) -> dict:
    return {
        key: list(value) if isinstance(value, tuple | list | set | frozenset) else value
        for key, value in params.items()
    }


def part_to_json(part: ScorePart) -> dict:
    return {
        "criterion": part.criterion,
        "points": round(part.points, 4),
        "code": part.reason.code,
        "params": _json_params(part.reason.params),
    }


def gap_to_json(gap: Gap) -> dict:
    return {
        "criterion": gap.criterion,
        "points": 0,
        "code": gap.reason.code,
        "params": _json_params(gap.reason.params),
    }


def _row(product_id: int, need_id: int, result: PairResult, now: dt.datetime) -> MatchScore:
    return MatchScore(
        product_id=product_id,
        need_id=need_id,
        score=min(max(round(result.score, 4), 0.0), 100.0),
        eligible=result.eligible,
        breakdown=[part_to_json(p) for p in result.parts],
        gaps=[gap_to_json(g) for g in result.gaps],
        computed_at=now,
    )


def _scorer(inputs: ScoringInputs) -> Scorer:
    return Scorer(
        inputs.products, inputs.needs, inputs.weights, signals=inputs.signals, cert_names=inputs.cert_names
    )


def _excluded_for_product(scorer: Scorer, product_id: int) -> list[int]:
    """Needs of the product's group that exclude it, fewest gaps first (then need id)."""
    excluded = scorer.gaps_for_product(product_id)
    excluded.sort(key=lambda item: (len(item[1]), item[0]))
    return [need_id for need_id, _ in excluded[:GAPS_PER_PRODUCT]]


def _save(rows: list[MatchScore]) -> None:
    if rows:
        MatchScore.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["product", "need"],
            update_fields=UPDATE_FIELDS,
        )


def _event_scope(event) -> tuple[set[int], set[int]]:
    """(producer ids, distributor ids) approved at the event."""
    from events.enums import ParticipantKind, ParticipationStatus
    from events.models import Participation

    producers, distributors = set(), set()
    rows = Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED).values_list(
        "kind", "producer_id", "distributor_id"
    )
    for kind, producer_id, distributor_id in rows:
        if kind == ParticipantKind.PRODUCER and producer_id:
            producers.add(producer_id)
        elif kind == ParticipantKind.DISTRIBUTOR and distributor_id:
            distributors.add(distributor_id)
    return producers, distributors


def match_scores_refresh_all(
    *, event=None, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Score every visible product × active need (of the event's approved participants when
    ``event`` is given) and store the top-k per need plus a few gaps per product.

    Side effects: upserts ``MatchScore`` rows and deletes the stale ones in scope; calls
    ``progress(done, total)`` as needs and products are processed.
    """
    inputs = load_inputs()
    # The text model (idf) always comes from every product, so scores do not depend on scope.
    scorer = _scorer(inputs)
    needs = inputs.needs
    products = inputs.products
    if event is not None:
        producer_ids, distributor_ids = _event_scope(event)
        needs = [n for n in needs if n.distributor_id in distributor_ids]
        products = [p for p in products if p.producer_id in producer_ids]
    product_ids = {p.id for p in products}
    need_ids = {n.id for n in needs}
    now = timezone.now()
    total = len(needs) + len(products)
    rows: dict[tuple[int, int], MatchScore] = {}
    done = 0
    for need in needs:
        # A need's top-k within the scope: ask for more when the scope is a subset.
        k = TOP_K if event is None else len(inputs.products)
        ranked = [(pid, s) for pid, s in scorer.top_k_for_need(need.id, k) if pid in product_ids][:TOP_K]
        for product_id, _ in ranked:
            rows[(product_id, need.id)] = _row(product_id, need.id, scorer.explain(product_id, need.id), now)
        done += 1
        if progress and done % 50 == 0:
            progress(done, total)
    for product in products:
        for need_id in _excluded_for_product(scorer, product.id):
            if need_id in need_ids:
                rows[(product.id, need_id)] = _row(
                    product.id, need_id, scorer.explain(product.id, need_id), now
                )
        done += 1
        if progress and done % 50 == 0:
            progress(done, total)
    with transaction.atomic():
        _save(list(rows.values()))
        stale = MatchScore.objects.exclude(computed_at=now)
        if event is not None:
            stale = stale.filter(Q(product_id__in=product_ids) & Q(need_id__in=need_ids))
        deleted, _ = stale.delete()
    if progress:
        progress(total, total)
    logger.info("match scores refreshed: %s rows stored, %s stale rows deleted", len(rows), deleted)
    return {"stored": len(rows), "deleted": deleted, "needs": len(needs), "products": len(products)}


def match_scores_refresh_need(*, need_id: int) -> int:
    """Re-score one need against every visible product.

    Side effects: upserts the need's top-k eligible rows and up to ``TOP_K`` excluded rows of
    products of its groups (fewest gaps first); deletes its other rows (all of them when the
    need is gone or inactive). Returns the number of rows stored.
    """
    inputs = load_inputs()
    need = next((n for n in inputs.needs if n.id == need_id), None)
    if need is None:
        MatchScore.objects.filter(need_id=need_id).delete()
        return 0
    scorer = _scorer(inputs)
    now = timezone.now()
    rows = [
        _row(pid, need_id, scorer.explain(pid, need_id), now)
        for pid, _ in scorer.top_k_for_need(need_id, TOP_K)
    ]
    eligible_ids = {row.product_id for row in rows}
    excluded = []
    for product in inputs.products:
        if product.id in eligible_ids:
            continue
        result = scorer.explain(product.id, need_id)
        if not result.eligible and group_fits(product, need):
            excluded.append((len(result.gaps), product.id, result))
    excluded.sort(key=lambda item: item[:2])
    rows += [_row(pid, need_id, result, now) for _, pid, result in excluded[:TOP_K]]
    with transaction.atomic():
        _save(rows)
        MatchScore.objects.filter(need_id=need_id).exclude(computed_at=now).delete()
    return len(rows)


def match_scores_refresh_product(*, product_id: int) -> int:
    """Re-score one product against every active need.

    Side effects: upserts the product's eligible rows (its ``TOP_K`` best needs; a need's
    list may then briefly hold more than ``TOP_K`` rows, readers sort and cut) and its few
    excluding needs with gaps; deletes its other rows (all of them when the product is no
    longer visible). Returns the number of rows stored.
    """
    inputs = load_inputs()
    if not any(p.id == product_id for p in inputs.products):
        MatchScore.objects.filter(product_id=product_id).delete()
        return 0
    scorer = _scorer(inputs)
    now = timezone.now()
    need_ids = [nid for nid, _ in scorer.top_k_for_product(product_id, TOP_K)]
    need_ids += _excluded_for_product(scorer, product_id)
    rows = [_row(product_id, nid, scorer.explain(product_id, nid), now) for nid in need_ids]
    with transaction.atomic():
        _save(rows)
        MatchScore.objects.filter(product_id=product_id).exclude(computed_at=now).delete()
    return len(rows)
