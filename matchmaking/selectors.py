"""Reads of meeting requests and meetings, for both sides."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from distributors.enums import BuyerStatus
from distributors.models import Buyer, Distributor, SourcingNeed
from events.enums import EventStatus, ParticipantKind, ParticipationStatus
from events.models import Event, Participation
from events.selectors import registration_is_open
from producers.models import Producer, ProducerMember, Product
from producers.selectors import product_qs_visible

from .enums import LIVE_MEETING, LIVE_REQUEST, RequestSide, RequestStatus, RunStatus
from .models import Meeting, MeetingRequest, ScheduleRun

OPEN_EVENT_STATUSES = (EventStatus.REGISTRATION_OPEN, EventStatus.REGISTRATION_CLOSED)


def producer_membership_for_user(user) -> ProducerMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ProducerMember.objects.filter(user=user).select_related("producer").order_by("pk").first()


def events_open_for_requests(*, now=None) -> QuerySet[Event]:
    """Events that take meeting requests: open or closed registration, not over, before
    their request deadline."""
    now = now or timezone.now()
    return Event.objects.filter(
        Q(request_deadline__isnull=True) | Q(request_deadline__gt=now),
        status__in=OPEN_EVENT_STATUSES,
        ends_on__gte=timezone.localdate(now),
    )


def _approved(kind: str, **party) -> QuerySet[Participation]:
    return Participation.objects.filter(kind=kind, status=ParticipationStatus.APPROVED, **party)


def events_for_distributor(*, distributor: Distributor, now=None) -> QuerySet[Event]:
    """Events the distributor attends (approved) that still take requests, soonest first."""
    return (
        events_open_for_requests(now=now)
        .filter(pk__in=_approved(ParticipantKind.DISTRIBUTOR, distributor=distributor).values("event_id"))
        .order_by("starts_on", "pk")
    )


def events_in_common(*, distributor: Distributor, producer: Producer, now=None) -> QuerySet[Event]:
    """Events both attend (approved participations) that still take requests."""
    return events_for_distributor(distributor=distributor, now=now).filter(
        pk__in=_approved(ParticipantKind.PRODUCER, producer=producer).values("event_id")
    )


@dataclass(frozen=True)
class EventToJoin:
    """An event that takes requests where a producer is, and where a buyer's distributor is
    not approved: ``status`` is its participation's (pending, declined, withdrawn) or ""."""

    event: Event
    status: str
    registration_open: bool

    @property
    def can_register(self) -> bool:
        return self.registration_open and self.status in ("", ParticipationStatus.WITHDRAWN)


def events_to_join(*, distributor: Distributor, producer: Producer, now=None) -> list[EventToJoin]:
    """For a buyer who cannot ask ``producer`` for a meeting (no event in common): the
    events that take requests where the producer is, with where the distributor stands at
    each, so the page says what to do (register, or wait for the organisers). Two queries."""
    events = list(
        events_open_for_requests(now=now)
        .filter(pk__in=_approved(ParticipantKind.PRODUCER, producer=producer).values("event_id"))
        .order_by("starts_on", "pk")
    )
    statuses = dict(
        Participation.objects.filter(
            kind=ParticipantKind.DISTRIBUTOR, distributor=distributor, event__in=events
        ).values_list("event_id", "status")
    )
    return [
        EventToJoin(e, statuses.get(e.pk, ""), registration_is_open(e, now=now))
        for e in events
        if statuses.get(e.pk) != ParticipationStatus.APPROVED  # in common: asked already (the page says)
    ]


def _requests() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related(
        "event", "producer__province", "distributor__channel", "product", "requested_by"
    ).order_by("-created_at", "-pk")


def meeting_requests_for_distributor(*, distributor: Distributor) -> list[MeetingRequest]:
    return list(_requests().filter(distributor=distributor))


def meeting_requests_for_producer(*, producer: Producer) -> list[MeetingRequest]:
    return list(_requests().filter(producer=producer))


def open_requests_with(
    *, distributor: Distributor, producer_ids, now=None
) -> dict[int, list[MeetingRequest]]:
    """The distributor's open requests (pending or accepted, asked by either side) with each
    of ``producer_ids`` at events that have not ended, soonest event first: what a buyer
    should see before asking a producer again. One query, whatever the number of producers."""
    found: dict[int, list[MeetingRequest]] = {}
    requests = (
        MeetingRequest.objects.filter(
            LIVE_REQUEST,
            distributor=distributor,
            producer_id__in=list(producer_ids),
            event__ends_on__gte=timezone.localdate(now or timezone.now()),
        )
        .select_related("event")
        .order_by("event__starts_on", "event_id", "pk")
    )
    for request in requests:
        found.setdefault(request.producer_id, []).append(request)
    return found


def open_requests_for_buyer(*, buyer: Buyer | None, producer_id: int) -> list[MeetingRequest]:
    """The open requests of an approved buyer's company with one producer (none for anybody
    else): what the product, producer and request pages show before "Request a meeting"."""
    if buyer is None or not buyer.is_approved:
        return []
    return open_requests_with(distributor=buyer.distributor, producer_ids=[producer_id]).get(producer_id, [])


def requests_to_answer(*, producer: Producer, ids) -> list[MeetingRequest]:
    """Of ``ids``, the buyers' requests to ``producer`` that wait for its answer (any other id,
    someone else's request or one answered already, is left out)."""
    return list(
        _requests().filter(
            pk__in=list(ids), producer=producer, side=RequestSide.BUYER, status=RequestStatus.PENDING
        )
    )


def schedule_published(*, event_id: int) -> bool:
    return ScheduleRun.objects.filter(event_id=event_id, status=RunStatus.PUBLISHED).exists()


@dataclass(frozen=True)
class Viewer:
    """How the user relates to a request: which sides they may act for."""

    producer: bool = False  # a member of the request's producer
    buyer: bool = False  # an approved buyer of the request's distributor
    pending_buyer: bool = False  # a buyer of the distributor, not approved (yet)

    @property
    def sides(self) -> frozenset[str]:
        return frozenset(
            side
            for side, ok in ((RequestSide.PRODUCER, self.producer), (RequestSide.BUYER, self.buyer))
            if ok
        )


def viewer_of_request(*, user, request: MeetingRequest) -> Viewer:
    if not getattr(user, "is_authenticated", False):
        return Viewer()
    producer = ProducerMember.objects.filter(user=user, producer_id=request.producer_id).exists()
    statuses = set(
        Buyer.objects.filter(user=user, distributor_id=request.distributor_id).values_list(
            "status", flat=True
        )
    )
    approved = BuyerStatus.APPROVED in statuses
    return Viewer(producer=producer, buyer=approved, pending_buyer=bool(statuses) and not approved)


def meeting_request_detail(*, pk: int) -> MeetingRequest:
    request = _requests().filter(pk=pk).first()
    if request is None:
        raise Http404("No such meeting request")
    return request


def _meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            LIVE_MEETING, run__status=RunStatus.PUBLISHED, slot__ends_at__gte=timezone.now()
        )
        .select_related("slot__block", "table", "producer", "distributor", "run__event", "request")
        .order_by("slot__starts_at", "table__number", "pk")
    )


def meetings_upcoming_for_distributor(*, distributor: Distributor) -> list[Meeting]:
    """The distributor's meetings in published schedules that have not ended."""
    return list(_meetings().filter(distributor=distributor))


def meetings_upcoming_for_producer(*, producer: Producer) -> list[Meeting]:
    return list(_meetings().filter(producer=producer))


# --- Producers asking buyers ------------------------------------------------------------------


def need_matches_product(need: SourcingNeed, product: Product, group_ids: set, subgroup_ids: set) -> bool:
    """A simple, explainable rule: enough stars, and the need names no group, or the
    product's group, or its sub-group."""
    certificate = getattr(product, "certificate", None)
    if certificate is None or certificate.stars < need.min_stars:
        return False
    if not group_ids and not subgroup_ids:
        return True
    return product.group_id in group_ids or (
        product.subgroup_id is not None and product.subgroup_id in subgroup_ids
    )


@dataclass
class BuyerToMeet:
    event: Event
    distributor: Distributor
    needs: list[SourcingNeed] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    request: MeetingRequest | None = None  # an open request between the two, if any

    @property
    def requests(self) -> list[MeetingRequest]:
        return [self.request] if self.request else []


def buyers_to_meet(*, producer: Producer, now=None) -> list[BuyerToMeet]:
    """Distributors at the producer's events whose active needs match its visible products."""
    events = list(
        events_open_for_requests(now=now).filter(
            pk__in=_approved(ParticipantKind.PRODUCER, producer=producer).values("event_id")
        )
    )
    if not events:
        return []
    products = list(product_qs_visible().filter(producer=producer).select_related("certificate"))
    participations = list(
        _approved(ParticipantKind.DISTRIBUTOR, event__in=events).select_related(
            "distributor__channel", "event"
        )
    )
    distributor_ids = {p.distributor_id for p in participations}
    needs = list(
        SourcingNeed.objects.filter(distributor_id__in=distributor_ids, is_active=True).prefetch_related(
            "groups", "subgroups"
        )
    )
    open_requests = {
        (r.event_id, r.distributor_id): r
        for r in MeetingRequest.objects.filter(
            producer=producer,
            event__in=events,
            status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED),
        ).select_related("event")
    }
    needs_by_distributor: dict[int, list[tuple[SourcingNeed, set, set]]] = {}
    for need in needs:
        groups = {g.pk for g in need.groups.all()}
        subgroups = {s.pk for s in need.subgroups.all()}
        needs_by_distributor.setdefault(need.distributor_id, []).append((need, groups, subgroups))
    result = []
    for participation in participations:
        entry = BuyerToMeet(participation.event, participation.distributor)
        for need, groups, subgroups in needs_by_distributor.get(participation.distributor_id, []):
            matching = [p for p in products if need_matches_product(need, p, groups, subgroups)]
            if matching:
                entry.needs.append(need)
                entry.products.extend(p for p in matching if p not in entry.products)
        if entry.needs:
            entry.request = open_requests.get((participation.event_id, participation.distributor_id))
            result.append(entry)
    result.sort(key=lambda e: (e.event.starts_on, e.distributor.name))
    return result


def distributor_matches_producer(*, distributor: Distributor, producer: Producer, event: Event) -> bool:
    return any(
        entry.distributor.pk == distributor.pk and entry.event.pk == event.pk
        for entry in buyers_to_meet(producer=producer)
    )
