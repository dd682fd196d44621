"""Reads of events."""

from django.db.models import Count, Q
from django.utils import timezone

from .enums import EventStatus, ParticipantKind, ParticipationStatus
from .models import Event


def event_upcoming() -> Event | None:
    """The next event that has not ended, with its approved participant counts."""
    approved = Q(participations__status=ParticipationStatus.APPROVED)
    return (
        Event.objects.exclude(status__in=(EventStatus.DRAFT, EventStatus.CANCELLED))
        .filter(ends_on__gte=timezone.localdate())
        .select_related("province")
        .annotate(
            producer_count=Count(
                "participations", filter=approved & Q(participations__kind=ParticipantKind.PRODUCER)
            ),
            distributor_count=Count(
                "participations", filter=approved & Q(participations__kind=ParticipantKind.DISTRIBUTOR)
            ),
        )
        .order_by("starts_on")
        .first()
    )
