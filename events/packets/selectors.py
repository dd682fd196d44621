"""Reads around packets: who receives one, which packet a buyer may open, send progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from distributors.enums import BuyerStatus
from distributors.models import Buyer, Distributor
from events.enums import PacketStatus
from events.models import CataloguePacket


@dataclass(frozen=True, slots=True)
class Recipients:
    emails: list[str]
    language: str  # of the first approved buyer; the portal's default when there is none


def packet_recipients(*, distributor: Distributor) -> Recipients:
    """The e-mail addresses of the distributor's approved, active buyers (each once), and the
    preferred language of the first of them (by membership date)."""
    buyers = (
        Buyer.objects.filter(distributor=distributor, status=BuyerStatus.APPROVED, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    emails: list[str] = []
    seen: set[str] = set()
    language = ""
    for buyer in buyers:
        language = language or buyer.user.language
        email = buyer.user.email.strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            emails.append(email)
    return Recipients(emails=emails, language=language or settings.LANGUAGE_CODE)


def packet_for_buyer(*, user, event_slug: str) -> CataloguePacket | None:
    """The latest sent packet of this event for a distributor the user is an approved buyer
    of (the first distributor by name, should they buy for several), or None."""
    if not user.is_authenticated:
        return None
    distributors = Buyer.objects.filter(user=user, status=BuyerStatus.APPROVED, user__is_active=True).values(
        "distributor"
    )
    return (
        CataloguePacket.objects.filter(
            event__slug=event_slug, distributor__in=distributors, status=PacketStatus.SENT
        )
        .select_related("event", "distributor")
        .order_by("distributor__name", "distributor_id", "-version")
        .first()
    )


@dataclass(frozen=True, slots=True)
class Progress:
    event_id: int
    event_name: str
    total: int
    pending: int
    sending: int
    sent: int
    failed: int

    @property
    def done_percent(self) -> int:
        return round(100 * (self.sent + self.failed) / self.total) if self.total else 100


def packet_progress(*, event_ids) -> list[Progress]:
    """Counts of packets by status (all versions) for each of these events, in one query."""
    rows = (
        CataloguePacket.objects.filter(event_id__in=event_ids)
        .values("event_id", "event__name")
        .annotate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in PacketStatus.values},
        )
        .order_by("event__name", "event_id")
    )
    return [
        Progress(
            event_id=row["event_id"],
            event_name=row["event__name"],
            total=row["total"],
            **{status: row[status] for status in PacketStatus.values},
        )
        for row in rows
    ]
