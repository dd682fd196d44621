"""Load the scoring engine's inputs from the database, in a fixed number of queries.

products 2 (products with certificate and province; certifications), needs 5 (needs with
distributor channel; four M2M prefetches), certification names 1, signals 2, weights 1.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from distributors.models import ShortlistItem, SourcingNeed
from matchmaking.engine.scoring import (
    DEFAULT_WEIGHTS,
    NeedInput,
    ProductInput,
    Signals,
    Weights,
)
from matchmaking.engine.scoring_types import MAX_CHANNEL_SCALE
from matchmaking.engine.text import fold
from matchmaking.enums import LIVE_REQUEST, RequestStatus
from matchmaking.models import MeetingRequest
from producers import ocop
from producers.models import Certification, CertificationKind
from producers.selectors import product_qs_visible

from .models import ScoringWeights

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScoringInputs:
    products: list[ProductInput]
    needs: list[NeedInput]
    signals: Signals
    weights: Weights
    cert_names: dict[int, str]


def _ocop_valid(certificate, today: dt.date) -> bool:
    return (
        certificate is not None
        and certificate.stars >= ocop.OCOP_MIN_STARS
        and certificate.issued_on <= today <= ocop.valid_until(certificate.issued_on)
    )


def load_products(
    *, product_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> list[ProductInput]:
    """Visible products (published, certificate verified) as ``ProductInput`` (two queries).

    A certificate that has expired stays in the input with ``ocop_valid=False``, so the
    engine can tell the producer "OCOP 4★ certificate expired — renew it".
    """
    today = today or timezone.localdate()
    queryset = (
        product_qs_visible().select_related("certificate", "producer__province__merged_into").order_by("pk")
    )
    if product_ids is not None:
        queryset = queryset.filter(pk__in=list(product_ids))
    products = list(
        queryset.only(
            "pk",
            "producer_id",
            "group_id",
            "subgroup_id",
            "name",
            "description",
            "monthly_capacity",
            "unit",
            "storage",
            "certificate__stars",
            "certificate__issued_on",
            "producer__province__name",
            "producer__province__region",
            "producer__province__merged_into__name",
        )
    )
    valid: dict[int, set[int]] = defaultdict(set)
    expired: dict[int, set[int]] = defaultdict(set)
    certifications = Certification.objects.filter(product_id__in=[p.pk for p in products]).values_list(
        "product_id", "kind_id", "valid_from", "valid_until"
    )
    for product_id, kind_id, valid_from, valid_until in certifications:
        if (valid_from is None or valid_from <= today) and (valid_until is None or today <= valid_until):
            valid[product_id].add(kind_id)
        elif valid_until is not None and valid_until < today:
            expired[product_id].add(kind_id)
    out = []
    for product in products:
        certificate = product.certificate
        province = product.producer.province
        out.append(
            ProductInput(
                id=product.pk,
                producer_id=product.producer_id,
                group_id=product.group_id,
                subgroup_id=product.subgroup_id,
                stars=min(max(certificate.stars, 0), 5),
                ocop_valid=_ocop_valid(certificate, today),
                cert_kinds=frozenset(valid[product.pk]),
                monthly_capacity=float(product.monthly_capacity) if product.monthly_capacity else None,
                capacity_unit=product.unit,
                storage=product.storage,
                # the province of today: one merged in 2025 counts as the one it joined
                province_id=province.current_unit_id,
                region=province.region,
                province_name=province.current_unit.name,
                former_province_name="" if province.current_unit is province else province.name,
                text=fold(f"{product.name} {product.description}"),
                expired_cert_kinds=frozenset(expired[product.pk] - valid[product.pk]),
            )
        )
    return out


def load_needs(*, need_ids: Iterable[int] | None = None) -> list[NeedInput]:
    """Active sourcing needs as ``NeedInput`` (five queries)."""
    queryset = (
        SourcingNeed.objects.filter(is_active=True)
        .select_related("distributor__channel")
        .prefetch_related("groups", "subgroups", "required_certifications", "preferred_provinces")
        .order_by("pk")
    )
    if need_ids is not None:
        queryset = queryset.filter(pk__in=list(need_ids))
    out = []
    for need in queryset:
        subgroups = list(need.subgroups.all())
        scale = need.distributor.channel.scale or 1.0
        out.append(
            NeedInput(
                id=need.pk,
                distributor_id=need.distributor_id,
                group_ids=frozenset(g.pk for g in need.groups.all()) | {s.group_id for s in subgroups},
                subgroup_ids=frozenset(s.pk for s in subgroups),
                min_stars=need.min_stars,
                required_cert_kinds=frozenset(c.pk for c in need.required_certifications.all()),
                min_monthly_volume=float(need.min_monthly_volume) if need.min_monthly_volume else None,
                volume_unit=need.volume_unit,
                preferred_province_ids=frozenset(p.current_unit_id for p in need.preferred_provinces.all()),
                preferred_regions=frozenset(),
                storage_handled=need.storage_handled,
                channel_scale=min(max(scale, 1e-3), MAX_CHANNEL_SCALE),
                notes=fold(need.notes),
            )
        )
    return out


def load_signals() -> Signals:
    """Shortlists (product, distributor) and live meeting requests (producer, distributor);
    two queries."""
    shortlisted = ShortlistItem.objects.values_list("product_id", "shortlist__buyer__distributor_id")
    requested, accepted = set(), set()
    rows = MeetingRequest.objects.filter(LIVE_REQUEST).values_list("producer_id", "distributor_id", "status")
    for producer_id, distributor_id, status in rows:
        requested.add((producer_id, distributor_id))
        if status == RequestStatus.ACCEPTED:
            accepted.add((producer_id, distributor_id))
    return Signals(shortlisted=frozenset(shortlisted), requested=requested, accepted=accepted)


def load_weights() -> Weights:
    """The organisers' weights (one query); the defaults when none are saved or they are invalid."""
    row = ScoringWeights.objects.filter(pk=ScoringWeights.SINGLETON_PK).only("data").first()
    if row is None:
        return DEFAULT_WEIGHTS
    try:
        return row.weights()
    except (TypeError, ValueError):
        logger.exception("invalid scoring weights in the database; using the defaults")
        return DEFAULT_WEIGHTS


def load_cert_names() -> dict[int, str]:
    return dict(CertificationKind.objects.values_list("pk", "name"))


def load_inputs(*, today: dt.date | None = None) -> ScoringInputs:
    """Everything one scoring run needs, in 11 queries whatever the number of rows."""
    return ScoringInputs(
        products=load_products(today=today),
        needs=load_needs(),
        signals=load_signals(),
        weights=load_weights(),
        cert_names=load_cert_names(),
    )
