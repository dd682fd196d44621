"""Reads of the stored scores for the suggestion pages and dashboard includes.

Breakdowns and gaps are rendered here, in the reader's language (``get_language()``),
with the engine's own templates (Vietnamese and English).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from events.enums import ParticipantKind, ParticipationStatus
from events.models import Participation
from matchmaking.engine.scoring import PairResult, Reason, ScorePart, render_reason, why_line
from matchmaking.engine.scoring_reasons import normalise_lang
from matchmaking.models import MatchScore
from producers.enums import ProductStatus, VerificationStatus
from producers.selectors import valid_ocop_q


def _reason(item: dict) -> Reason:
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in (item.get("params") or {}).items()}
    return Reason(item.get("code", ""), params)


def render_why(breakdown: list[dict], lang: str | None = None, separator: str = " · ") -> str:
    """The engine's why-line of a stored breakdown, in ``lang`` (default: the active language)."""
    parts = tuple(
        ScorePart(item.get("criterion", ""), float(item.get("points", 0)), _reason(item))
        for item in breakdown or []
    )
    result = PairResult(0.0, parts, (), True)
    return why_line(result, normalise_lang(lang or get_language()), separator=separator)


def render_gaps(gaps: list[dict], lang: str | None = None, separator: str = " · ") -> str:
    lang = normalise_lang(lang or get_language())
    return separator.join(render_reason(_reason(item), lang) for item in gaps or [])


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One card: a stored score with its product, need and rendered lines."""

    match: MatchScore
    why: str
    gaps: str

    @property
    def product(self):
        return self.match.product

    @property
    def need(self):
        return self.match.need

    @property
    def score(self) -> float:
        return self.match.score


def _suggestion(match: MatchScore, lang: str | None = None) -> Suggestion:
    return Suggestion(match, render_why(match.breakdown, lang), render_gaps(match.gaps, lang))


def _visible(queryset: QuerySet[MatchScore]) -> QuerySet[MatchScore]:
    """Rows whose product is visible today and whose need is active; the OCOP validity is
    checked again at read time, so a certificate that expired since the last run drops out."""
    return queryset.filter(
        product__status=ProductStatus.PUBLISHED,
        product__certificate__verification=VerificationStatus.VERIFIED,
        need__is_active=True,
    )


def suggestions_for_buyer(buyer, limit: int = 10) -> list[Suggestion]:
    """Best producers' products for the buyer's distributor's needs, one card per product,
    best score first (one query)."""
    rows = (
        _visible(MatchScore.objects.filter(need__distributor_id=buyer.distributor_id, eligible=True))
        .filter(valid_ocop_q("product__certificate__"))
        .select_related("product__producer__province", "product__certificate", "need")
        .order_by("-score", "product_id", "need_id")[: limit * 5]
    )
    seen, out = set(), []
    for match in rows:
        if match.product_id in seen:
            continue
        seen.add(match.product_id)
        out.append(_suggestion(match))
        if len(out) == limit:
            break
    return out


@dataclass(frozen=True, slots=True)
class NeedMatches:
    """One buyer's need with the producer's products that match it, best first."""

    best: Suggestion
    others: list[Suggestion]

    @property
    def need(self):
        return self.best.need


@dataclass(frozen=True, slots=True)
class BuyersForProducer:
    matches: list[Suggestion]
    blocked: list[Suggestion]

    @property
    def by_need(self) -> list[NeedMatches]:
        """The matches grouped by need (one card a buyer's need, not one a product), in the
        order of each need's best score."""
        groups: dict[int, NeedMatches] = {}
        for suggestion in self.matches:
            group = groups.get(suggestion.match.need_id)
            if group is None:
                groups[suggestion.match.need_id] = NeedMatches(suggestion, [])
            else:
                group.others.append(suggestion)
        return list(groups.values())


def buyers_for_producer(producer, limit: int = 10) -> BuyersForProducer:
    """Needs that match the producer's products (best first) and the needs that keep a
    product out, with their gaps (two queries)."""
    base = _visible(MatchScore.objects.filter(product__producer_id=producer.pk)).select_related(
        "product__certificate", "need__distributor__channel"
    )
    matches = [
        _suggestion(m)
        for m in base.filter(eligible=True)
        .filter(valid_ocop_q("product__certificate__"))
        .order_by("-score", "need_id", "product_id")[:limit]
    ]
    blocked = [_suggestion(m) for m in base.filter(eligible=False).order_by("product_id", "need_id")[:limit]]
    return BuyersForProducer(matches, blocked)


def best_pairs_for_event(event, limit: int = 200) -> list[Suggestion]:
    """The best eligible pairs between the event's approved producers and distributors
    (one query)."""
    approved = Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED)
    producer_ids = approved.filter(kind=ParticipantKind.PRODUCER).values("producer_id")
    distributor_ids = approved.filter(kind=ParticipantKind.DISTRIBUTOR).values("distributor_id")
    rows = (
        _visible(
            MatchScore.objects.filter(
                eligible=True,
                product__producer_id__in=producer_ids,
                need__distributor_id__in=distributor_ids,
            )
        )
        .filter(valid_ocop_q("product__certificate__"))
        .select_related("product__producer__province", "product__certificate", "need__distributor")
        .order_by("-score", "product_id", "need_id")[:limit]
    )
    return [_suggestion(m) for m in rows]
