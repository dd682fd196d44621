"""Reads of producers and products: querysets that select and prefetch what pages show."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from distributors.models import Distributor

from . import ocop
from .enums import ProductStatus, VerificationStatus
from .models import Producer, Product, ProductImage


def valid_ocop_q(prefix: str = "certificate__", *, today=None) -> Q:
    """Products (or certificates, with prefix="") whose OCOP certificate counts today:
    3★ or more, verified by an organiser, not expired. Evaluated at query time, so an
    expired certificate loses its badge everywhere at once."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}stars__gte": ocop.OCOP_MIN_STARS,
            f"{prefix}verification": VerificationStatus.VERIFIED,
            f"{prefix}issued_on__gte": ocop.earliest_valid_issue_date(today),
            f"{prefix}issued_on__lte": today,
        }
    )


def product_qs_visible() -> QuerySet[Product]:
    """What buyers and the public may see: published by its producer, certificate verified."""
    return Product.objects.filter(
        status=ProductStatus.PUBLISHED, certificate__verification=VerificationStatus.VERIFIED
    )


def _with_cards(queryset: QuerySet[Product]) -> QuerySet[Product]:
    return queryset.select_related("producer__province", "certificate", "group").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
    )


def product_list_featured(*, limit: int = 8) -> list[Product]:
    queryset = product_qs_visible().filter(valid_ocop_q()).order_by("-certificate__stars", "-created_at")
    return list(_with_cards(queryset)[:limit])


def portal_counts() -> dict:
    """Headline figures of the home page: producers, OCOP products by stars, distributors."""
    stars = (
        product_qs_visible()
        .filter(valid_ocop_q())
        .aggregate(
            total=Count("id"),
            **{f"stars_{n}": Count("id", filter=Q(certificate__stars=n)) for n in (3, 4, 5)},
        )
    )
    return {
        "producers": Producer.objects.count(),
        "ocop_products": stars["total"],
        "by_stars": [(n, stars[f"stars_{n}"]) for n in (5, 4, 3)],
        "distributors": Distributor.objects.count(),
    }
