"""Reads for participants: whose agenda a user may open, and the agenda itself.

An agenda is one approved participation's meetings in the event's published schedule:
time, table (and the buyer's seat), partner, and the products to talk about, which are,
for a buyer, the producer's products shown at the event (the ones on the distributor's
shortlists first) and, for a producer, its products the buyer shortlisted (else the ones
it shows at the event). A fixed number of queries whatever the number of meetings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from distributors.enums import BuyerStatus
from distributors.models import Buyer, ShortlistItem
from events.enums import ParticipantKind, ParticipationStatus
from events.models import Event, Participation
from matchmaking.enums import LIVE_MEETING, MeetingRating, MeetingStatus, RequestSide, RunStatus
from matchmaking.models import AgendaToken, Meeting, MeetingFeedback, ScheduleRun
from producers.models import ProducerMember
from producers.selectors import product_qs_visible

PRODUCTS_PER_MEETING = 6


@dataclass(frozen=True, slots=True)
class AgendaProduct:
    id: int
    name: str
    stars: int
    shortlisted: bool
    requested: bool


@dataclass(slots=True)
class AgendaMeeting:
    id: int
    producer_id: int
    distributor_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    block: str
    room: str
    table: str
    seat: int
    seats: int  # the distributor's seats: a seat number only matters when there are several
    partner_name: str
    partner_place: str  # a producer's province, a distributor's channel
    partner_phone: str  # a producer's phone (buyers call to find each other at the event)
    status: str
    status_label: str
    products: list[AgendaProduct] = field(default_factory=list)
    more_products: int = 0
    products_wanted: bool = False  # the products are those the buyer shortlisted or asked about
    rating: str = ""
    rating_label: str = ""
    can_rate: bool = False

    @property
    def partner_detail(self) -> str:
        return " · ".join(part for part in (self.partner_place, self.partner_phone) if part)

    @property
    def pair_key(self) -> str:
        return f"{self.producer_id}-{self.distributor_id}"


@dataclass
class Agenda:
    participation: Participation
    event: Event
    side: str  # RequestSide.PRODUCER or RequestSide.BUYER
    party_name: str
    run: ScheduleRun | None
    meetings: list[AgendaMeeting]

    @property
    def is_published(self) -> bool:
        return self.run is not None


def side_of(participation: Participation) -> str:
    return RequestSide.PRODUCER if participation.kind == ParticipantKind.PRODUCER else RequestSide.BUYER


def _mine_q(user) -> Q:
    producers = ProducerMember.objects.filter(user=user, producer=OuterRef("producer_id"))
    distributors = Buyer.objects.filter(
        user=user, status=BuyerStatus.APPROVED, distributor=OuterRef("distributor_id")
    )
    return Q(Exists(producers)) | Q(Exists(distributors))


def _participations():
    return Participation.objects.filter(status=ParticipationStatus.APPROVED).select_related(
        "event", "producer", "distributor"
    )


def participations_for_user(*, user) -> list[Participation]:
    """The user's approved participations (as a producer's member or an approved buyer),
    latest event first, each annotated with ``has_schedule``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    published = ScheduleRun.objects.filter(event=OuterRef("event_id"), status=RunStatus.PUBLISHED)
    return list(
        _participations()
        .filter(_mine_q(user))
        .annotate(has_schedule=Exists(published))
        .order_by("-event__starts_on", "kind", "pk")
    )


def participation_for_user(*, user, pk: int) -> Participation | None:
    """The approved participation ``pk`` if the user acts for it, else None (a 404)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return _participations().filter(_mine_q(user), pk=pk).first()


def participation_for_token(*, token: str) -> Participation | None:
    if not token or len(token) > 64:
        return None
    found = AgendaToken.objects.filter(
        token=token, participation__status=ParticipationStatus.APPROVED
    ).select_related("participation__event", "participation__producer", "participation__distributor")
    row = found.first()
    return row.participation if row else None


def agenda_for(*, participation: Participation, run: ScheduleRun | None = None, now=None) -> Agenda:
    """The participation's meetings in ``run`` (by default the published version)."""
    now = now or timezone.now()
    event = participation.event
    side = side_of(participation)
    party = participation.producer if side == RequestSide.PRODUCER else participation.distributor
    party_name = party.legal_name if side == RequestSide.PRODUCER else party.name
    if run is None:
        run = ScheduleRun.objects.filter(event=event, status=RunStatus.PUBLISHED).first()
    if run is None:
        return Agenda(participation, event, side, party_name, None, [])

    mine = (
        {"producer_id": participation.producer_id}
        if side == RequestSide.PRODUCER
        else {"distributor_id": participation.distributor_id}
    )
    meetings = list(
        Meeting.objects.filter(LIVE_MEETING, run=run, **mine)
        .select_related(
            "slot__block__room", "table", "producer__province__merged_into", "distributor__channel", "request"
        )
        .order_by("slot__starts_at", "seat", "table__number", "pk")
    )
    seats = dict(
        Participation.objects.filter(
            event=event, distributor_id__in={m.distributor_id for m in meetings}
        ).values_list("distributor_id", "seats")
    )
    products = _products(event=event, meetings=meetings, side=side)
    ratings = dict(
        MeetingFeedback.objects.filter(meeting__in=meetings, side=side, months_after=0).values_list(
            "meeting_id", "rating"
        )
    )
    labels = dict(MeetingRating.choices)
    entries = []
    for meeting in meetings:
        block = meeting.slot.block
        if side == RequestSide.PRODUCER:
            partner = meeting.distributor
            partner_name, partner_place, partner_phone = partner.name, partner.channel.label, ""
        else:
            partner = meeting.producer
            partner_name, partner_place, partner_phone = (
                partner.legal_name,
                partner.province.display_name,
                partner.phone,
            )
        listed, more, wanted = products.get(meeting.pk, ([], 0, False))
        rating = ratings.get(meeting.pk, "")
        entries.append(
            AgendaMeeting(
                id=meeting.pk,
                producer_id=meeting.producer_id,
                distributor_id=meeting.distributor_id,
                starts_at=meeting.slot.starts_at,
                ends_at=meeting.slot.ends_at,
                block=block.title,
                room=block.room.name if block.room else "",
                table=str(meeting.table),
                seat=meeting.seat,
                seats=seats.get(meeting.distributor_id, 1),
                partner_name=partner_name,
                partner_place=partner_place,
                partner_phone=partner_phone,
                status=meeting.status,
                status_label=str(meeting.get_status_display()),
                products=listed,
                more_products=more,
                products_wanted=wanted,
                rating=rating,
                rating_label=str(labels.get(rating, "")),
                can_rate=(
                    run.status == RunStatus.PUBLISHED
                    and meeting.slot.starts_at <= now
                    and meeting.status != MeetingStatus.CANCELLED
                ),
            )
        )
    return Agenda(participation, event, side, party_name, run, entries)


def _products(
    *, event: Event, meetings: list[Meeting], side: str
) -> dict[int, tuple[list[AgendaProduct], int, bool]]:
    """For each meeting: the products to talk about, how many more were left out, and
    whether they are the ones the buyer wants (shortlisted or asked about)."""
    if not meetings:
        return {}
    producer_ids = {m.producer_id for m in meetings}
    distributor_ids = {m.distributor_id for m in meetings}
    visible = list(
        product_qs_visible()
        .filter(producer_id__in=producer_ids)
        .select_related("certificate")
        .order_by("-certificate__stars", "name", "pk")
    )
    shown = set(
        Participation.products.through.objects.filter(
            participation__event=event, participation__producer_id__in=producer_ids
        ).values_list("product_id", flat=True)
    )
    shortlisted: dict[int, set[int]] = defaultdict(set)
    for distributor_id, product_id in ShortlistItem.objects.filter(
        Q(shortlist__event=event) | Q(shortlist__event__isnull=True),
        shortlist__buyer__distributor_id__in=distributor_ids,
        shortlist__buyer__status=BuyerStatus.APPROVED,
        product__producer_id__in=producer_ids,
    ).values_list("shortlist__buyer__distributor_id", "product_id"):
        shortlisted[distributor_id].add(product_id)

    by_producer: dict[int, list] = defaultdict(list)
    for product in visible:
        by_producer[product.producer_id].append(product)
    result = {}
    for meeting in meetings:
        own = by_producer.get(meeting.producer_id, [])
        at_event = [p for p in own if p.pk in shown] or own
        wanted = shortlisted.get(meeting.distributor_id, set())
        requested = meeting.request.product_id if meeting.request else None
        interest = [p for p in own if p.pk in wanted or p.pk == requested]
        if side == RequestSide.PRODUCER:
            picked = interest or at_event
        else:
            picked = at_event + [p for p in own if p.pk == requested and p not in at_event]
        picked = sorted(picked, key=lambda p: (p.pk != requested, p.pk not in wanted))
        listed = [
            AgendaProduct(
                id=p.pk,
                name=p.name,
                stars=p.certificate.stars if getattr(p, "certificate", None) else 0,
                shortlisted=p.pk in wanted,
                requested=p.pk == requested,
            )
            for p in picked[:PRODUCTS_PER_MEETING]
        ]
        result[meeting.pk] = (listed, max(0, len(picked) - PRODUCTS_PER_MEETING), bool(interest))
    return result


def pair_uid(*, event_id: int, producer_id: int, distributor_id: int, domain: str) -> str:
    """The calendar UID of a producer–distributor meeting at an event: the same in every
    version, so a calendar moves the meeting rather than adding another."""
    return f"ocop-meeting-{event_id}-{producer_id}-{distributor_id}@{domain}"
