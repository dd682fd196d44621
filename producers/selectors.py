"""Reads of producers and products: querysets that select and prefetch what pages show."""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from distributors.models import Distributor, NewProductNotice
from matchmaking.models import MeetingRequest

from . import ocop
from .enums import InvitationStatus, JoinRequestStatus, ProductStatus, VerificationStatus
from .models import (
    CertificationKind,
    OcopCertificate,
    Producer,
    ProducerInvitation,
    ProducerJoinRequest,
    ProducerMember,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
    Province,
    bilingual_label,
)

REFERENCE_MODELS = {
    "group": ProductGroup,
    "subgroup": ProductSubGroup,
    "province": Province,
    "cert": CertificationKind,
}


def reference_labels(codes: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """The names, in the active language, of reference data by kind ("group", "subgroup",
    "province", "cert") and code: {(kind, code): name}. One query for each kind asked for;
    codes that name nothing are left out."""
    return {
        (kind, item.code): str(item)
        for kind, wanted in codes.items()
        if wanted
        for item in REFERENCE_MODELS[kind].objects.filter(code__in=wanted)
    }


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


def visible_q(prefix: str = "") -> Q:
    """Products (or rows pointing at one, with ``prefix="product__"``) that buyers and the
    public may see: published by its producer, certificate verified."""
    return Q(
        **{
            f"{prefix}status": ProductStatus.PUBLISHED,
            f"{prefix}certificate__verification": VerificationStatus.VERIFIED,
        }
    )


def product_qs_visible() -> QuerySet[Product]:
    """What buyers and the public may see (``visible_q``)."""
    return Product.objects.filter(visible_q())


def _with_cards(queryset: QuerySet[Product]) -> QuerySet[Product]:
    return queryset.select_related(
        "producer__province__merged_into", "certificate", "group"
    ).prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))


def product_list_featured(*, limit: int = 8) -> list[Product]:
    queryset = product_qs_visible().filter(valid_ocop_q()).order_by("-certificate__stars", "-created_at")
    return list(_with_cards(queryset)[:limit])


def _portal_figures() -> dict:
    groups = list(
        product_qs_visible()
        .filter(valid_ocop_q())
        .order_by()
        .values("group__code", "group__name", "group__name_en", "group__position")
        .annotate(
            total=Count("id"),
            **{f"stars_{n}": Count("id", filter=Q(certificate__stars=n)) for n in (3, 4, 5)},
        )
        .order_by("group__position", "group__name")
    )
    return {
        "producers": Producer.objects.count(),
        "groups": groups,
        "distributors": Distributor.objects.count(),
    }


# The home page's figures are kept as long as the catalogue keeps its counts: counting 100,000
# products by stars and group takes PostgreSQL 140 ms, for every visitor of the first page.
PORTAL_FIGURES_KEY = "portal-figures"


def portal_counts() -> dict:
    """Headline figures of the home page: producers; OCOP products (valid certificate) by stars
    and by product group, counted in one reading of them; distributors. Reused for
    CATALOGUE_CACHE_SECONDS (0: counted every time)."""
    seconds = int(getattr(settings, "CATALOGUE_CACHE_SECONDS", 60))
    figures = cache.get_or_set(PORTAL_FIGURES_KEY, _portal_figures, seconds) if seconds else _portal_figures()
    groups = figures["groups"]
    return {
        "producers": figures["producers"],
        "ocop_products": sum(row["total"] for row in groups),
        "by_stars": [(n, sum(row[f"stars_{n}"] for row in groups)) for n in (5, 4, 3)],
        "by_group": [  # named in the page's language, whoever counted them
            (row["group__code"], bilingual_label(row["group__name"], row["group__name_en"]), row["total"])
            for row in groups
        ],
        "distributors": figures["distributors"],
    }


# --- Producer pages ----------------------------------------------------------------------------


def memberships_for_user(user) -> list[ProducerMember]:
    """The producers a user works for, oldest membership first (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        ProducerMember.objects.filter(user=user)
        .select_related("producer__province__merged_into")
        .order_by("pk")
    )


def _ordered_images() -> Prefetch:
    return Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))


def product_list_for_dashboard(*, producer: Producer) -> list[Product]:
    """All the producer's products, drafts and archived included, each with its certificate,
    photos, and ``shortlist_count``: how many buyers' shortlists hold it (two queries)."""
    queryset = (
        Product.objects.filter(producer=producer)
        .select_related("certificate", "group", "subgroup")
        .annotate(shortlist_count=Count("shortlist_items"))
        .prefetch_related(_ordered_images())
        .order_by("status", "-updated_at")
    )
    return list(queryset)


def meeting_requests_for_producer(*, producer: Producer, limit: int = 50) -> list[MeetingRequest]:
    return list(
        MeetingRequest.objects.filter(producer=producer)
        .select_related("distributor", "event", "product")
        .order_by("-created_at")[:limit]
    )


def join_requests_pending(*, producer: Producer) -> list[ProducerJoinRequest]:
    return list(
        ProducerJoinRequest.objects.filter(producer=producer, status=JoinRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def invitations_pending(*, producer: Producer) -> list[ProducerInvitation]:
    return list(
        ProducerInvitation.objects.filter(producer=producer, status=InvitationStatus.PENDING)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def team_members(*, producer: Producer) -> list[ProducerMember]:
    return list(ProducerMember.objects.filter(producer=producer).select_related("user").order_by("pk"))


def product_for_member(*, user, pk: int) -> Product | None:
    """A product of one of the user's producers, with what its page shows; None otherwise."""
    if not user.is_authenticated:
        return None
    return (
        Product.objects.filter(pk=pk, producer__memberships__user=user)
        .select_related("producer__province", "certificate", "group", "subgroup")
        .prefetch_related(_ordered_images(), "certifications__kind")
        .first()
    )


def producer_public(*, slug: str) -> Producer | None:
    return Producer.objects.filter(slug=slug).select_related("province__merged_into").first()


def _for_table_cards() -> QuerySet[Product]:
    """Products buyers can see, with what their table cards show."""
    return product_qs_visible().select_related("producer__province__merged_into", "certificate")


def product_for_table_card(*, pk: int) -> Product | None:
    return _for_table_cards().filter(pk=pk).first()


def products_for_table_cards(*, producer: Producer) -> list[Product]:
    """The producer's products in the catalogue, most stars first, then by name."""
    return list(_for_table_cards().filter(producer=producer).order_by("-certificate__stars", "name", "pk"))


def product_list_for_producer_page(*, producer: Producer) -> list[Product]:
    """What the public sees of a producer: visible products, OCOP ones first."""
    queryset = product_qs_visible().filter(producer=producer).order_by("-certificate__stars", "name")
    return list(_with_cards(queryset))


def invitations_open_for_user(*, user) -> list[ProducerInvitation]:
    """Pending invitations sent to the user's e-mail address, for the page where a new user
    chooses a role."""
    if not user.is_authenticated or not user.email:
        return []
    since = timezone.now() - dt.timedelta(days=ProducerInvitation.VALID_DAYS)
    return list(
        ProducerInvitation.objects.filter(
            email__iexact=user.email, status=InvitationStatus.PENDING, created_at__gt=since
        ).select_related("producer")
    )


def join_requests_of_user(*, user) -> list[ProducerJoinRequest]:
    if not user.is_authenticated:
        return []
    return list(
        ProducerJoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING).select_related(
            "producer"
        )
    )


def certificate_ids_due_for_expiry_warning(*, today: dt.date | None = None) -> list[int]:
    """Certificates of live products that expire within 30 days and whose producer has not
    been warned yet in this validity period."""
    today = today or timezone.localdate()
    # valid_until = issued_on + 36 months, in [today, today + 30 days]; a day's margin each
    # side for month-end clamping, then the exact test in Python.
    earliest = ocop.earliest_valid_issue_date(today) - dt.timedelta(days=1)
    latest = ocop.earliest_valid_issue_date(
        today + dt.timedelta(days=ocop.EXPIRY_WARNING_DAYS)
    ) + dt.timedelta(days=1)
    rows = (
        OcopCertificate.objects.filter(
            issued_on__gte=earliest, issued_on__lte=latest, expiry_warned_on__isnull=True
        )
        .exclude(product__status=ProductStatus.ARCHIVED)
        .values_list("pk", "issued_on")
        .order_by("pk")
    )
    return [
        pk
        for pk, issued_on in rows
        if 0 <= (ocop.valid_until(issued_on) - today).days <= ocop.EXPIRY_WARNING_DAYS
    ]


def product_companies_told(*, product: Product) -> int:
    """How many distributors were e-mailed the product as new for one of their sourcing needs
    (distributors.new_products)."""
    sent = NewProductNotice.objects.filter(product=product, emailed=True)
    return sent.values("need__distributor_id").distinct().count()
