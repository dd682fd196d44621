"""Reads of events: the public list and programme, a participant's registrations, the
organisers' outcome figures. Each returns what its page shows in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_permission_codename
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import User
from distributors.enums import BuyerStatus
from distributors.models import Buyer
from matchmaking.enums import (
    LIVE_MEETING,
    FollowUpOutcome,
    MeetingRating,
    MeetingStatus,
    RequestStatus,
    RunStatus,
)
from matchmaking.models import Meeting, MeetingFeedback, MeetingRequest, ScheduleRun
from producers.enums import VerificationStatus
from producers.models import OcopCertificate, province_display_name

from .enums import EventStatus, MouKind, PacketStatus, ParticipantKind, ParticipationStatus
from .models import CataloguePacket, Event, MeetingBlock, Mou, Participation, Session, Slot

HIDDEN_STATUSES = (EventStatus.DRAFT,)
APPROVED = Q(participations__status=ParticipationStatus.APPROVED)


def _with_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    # distinct: other annotations (MoUs) join other rows and would multiply the counts.
    return queryset.select_related("province").annotate(
        producer_count=Count(
            "participations",
            filter=APPROVED & Q(participations__kind=ParticipantKind.PRODUCER),
            distinct=True,
        ),
        distributor_count=Count(
            "participations",
            filter=APPROVED & Q(participations__kind=ParticipantKind.DISTRIBUTOR),
            distinct=True,
        ),
    )


def event_upcoming() -> Event | None:
    """The next event that has not ended, with its approved participant counts."""
    return (
        _with_counts(
            Event.objects.exclude(status__in=(EventStatus.DRAFT, EventStatus.CANCELLED)).filter(
                ends_on__gte=timezone.localdate()
            )
        )
        .order_by("starts_on")
        .first()
    )


def event_list_upcoming(*, today: dt.date | None = None) -> list[Event]:
    """Published events that have not ended (cancelled ones too, marked so), soonest first."""
    today = today or timezone.localdate()
    queryset = Event.objects.exclude(status__in=HIDDEN_STATUSES).filter(ends_on__gte=today)
    return list(_with_counts(queryset).order_by("starts_on", "pk"))


def event_list_past(*, today: dt.date | None = None, limit: int = 50) -> list[Event]:
    today = today or timezone.localdate()
    queryset = (
        Event.objects.exclude(status__in=(*HIDDEN_STATUSES, EventStatus.CANCELLED))
        .filter(ends_on__lt=today)
        .annotate(mou_count=Count("mous", distinct=True))
    )
    return list(_with_counts(queryset).order_by("-starts_on", "-pk")[:limit])


def event_for_public(*, slug: str, user) -> Event:
    """An event anyone may see; a draft only for organisers (preview). 404 otherwise."""
    event = (
        Event.objects.select_related("province").annotate(mou_count=Count("mous")).filter(slug=slug).first()
    )
    if event is None or (event.status in HIDDEN_STATUSES and not getattr(user, "is_organiser", False)):
        raise Http404("No such event")
    return event


def registration_is_open(event: Event, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.status == EventStatus.REGISTRATION_OPEN and (
        event.registration_deadline is None or now < event.registration_deadline
    )


def availability_deadline(event: Event) -> dt.datetime:
    """Participants say when they are not free until meeting requests close (the schedule is
    built after that), or, without a request deadline, until the event starts."""
    if event.request_deadline is not None:
        return event.request_deadline
    return dt.datetime.combine(event.starts_on, dt.time.min, tzinfo=timezone.get_current_timezone())


def availability_is_open(event: Event, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.status in (
        EventStatus.REGISTRATION_OPEN,
        EventStatus.REGISTRATION_CLOSED,
    ) and now < availability_deadline(event)


# --- The programme page ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeItem:
    kind: str  # "session" or "block"
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    room: str
    speakers: list[str] = field(default_factory=list)
    description: str = ""
    slot_count: int = 0
    table_count: int = 0
    slot_minutes: int = 0


@dataclass(frozen=True)
class ProgrammeDay:
    day: dt.date
    items: list[ProgrammeItem]


@dataclass(frozen=True)
class Programme:
    days: list[ProgrammeDay]
    rooms: list[str]
    producers: list[Participation]
    distributors: list[Participation]
    producer_provinces: int


def event_programme(*, event: Event) -> Programme:
    """Sessions and meeting blocks day by day, in time order, with their rooms; the approved
    producers (with province and the number of products they show) and distributors.
    Four queries whatever the size of the event."""
    local = timezone.get_current_timezone()
    items: list[ProgrammeItem] = []
    rooms: set[str] = set()
    for session in Session.objects.filter(event=event).select_related("room").order_by("starts_at", "pk"):
        rooms.add(session.room.name)
        items.append(
            ProgrammeItem(
                kind="session",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                title=session.title,
                room=session.room.name,
                speakers=[line.strip() for line in session.speakers.splitlines() if line.strip()],
                description=session.description,
            )
        )
    blocks = (
        MeetingBlock.objects.filter(event=event)
        .select_related("room")
        .annotate(n_slots=Count("slots", distinct=True))
        .order_by("starts_at", "pk")
    )
    for block in blocks:
        if block.room:
            rooms.add(block.room.name)
        items.append(
            ProgrammeItem(
                kind="block",
                starts_at=block.starts_at,
                ends_at=block.ends_at,
                title=block.title,
                room=block.room.name if block.room else "",
                slot_count=block.n_slots,
                table_count=block.table_count,
                slot_minutes=block.slot_minutes,
            )
        )
    by_day: dict[dt.date, list[ProgrammeItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.starts_at, i.kind != "session", i.title)):
        by_day[timezone.localtime(item.starts_at, local).date()].append(item)
    approved = Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED)
    producers = list(
        approved.filter(kind=ParticipantKind.PRODUCER)
        .select_related("producer__province__merged_into")
        .annotate(product_count=Count("products"))
        # By province of today, as pages name it: "Cần Thơ", then "Cần Thơ (Sóc Trăng cũ)".
        .order_by(
            Coalesce("producer__province__merged_into__name", "producer__province__name"),
            F("producer__province__merged_into").asc(nulls_first=True),
            "producer__province__name",
            "producer__legal_name",
            "pk",
        )
    )
    distributors = list(
        approved.filter(kind=ParticipantKind.DISTRIBUTOR)
        .select_related("distributor__channel", "distributor__head_office_province__merged_into")
        .order_by("distributor__name", "pk")
    )
    return Programme(
        days=[ProgrammeDay(day=day, items=day_items) for day, day_items in sorted(by_day.items())],
        rooms=sorted(rooms),
        producers=producers,
        distributors=distributors,
        producer_provinces=len({p.producer.province.current_unit_id for p in producers}),  # of today
    )


# --- A participant's own registrations ------------------------------------------------------------


def _participations_of(user) -> QuerySet[Participation]:
    """Participations of the producers the user is a member of and of the distributors the
    user is an approved buyer of."""
    return Participation.objects.filter(
        Q(producer__memberships__user=user)
        | Q(
            distributor__buyers__user=user,
            distributor__buyers__status=BuyerStatus.APPROVED,
        )
    ).distinct()


def participations_for_user(user, *, today: dt.date | None = None) -> list[Participation]:
    """ "Events I'm registered for": the user's participations in events that have not ended,
    soonest first, each with ``unavailable_count`` (slots they said they cannot make). Two
    queries; none for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    ids = _participations_of(user).values("pk")
    return list(
        Participation.objects.filter(pk__in=ids, event__ends_on__gte=today)
        .exclude(event__status__in=HIDDEN_STATUSES)
        .select_related("event__province", "producer", "distributor")
        .annotate(
            unavailable_count=Count("unavailable_slots", distinct=True),
            product_count=Count("products", distinct=True),
        )
        .order_by("event__starts_on", "event__pk", "kind", "pk")
    )


def participation_for_user(*, user, event: Event, kind: str | None = None) -> Participation | None:
    """The user's producer's (or distributor's) participation at the event, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    queryset = Participation.objects.filter(pk__in=_participations_of(user).values("pk"), event=event)
    if kind:
        queryset = queryset.filter(kind=kind)
    # Someone who is both a producer's member and a buyer: the producer's first, as on the
    # registration page.
    rows = list(queryset.select_related("event", "producer", "distributor").order_by("pk"))
    rows.sort(key=lambda p: p.kind != ParticipantKind.PRODUCER)
    return rows[0] if rows else None


def participation_of_party(*, event: Event, producer=None, distributor=None) -> Participation | None:
    party = {"producer": producer} if producer is not None else {"distributor": distributor}
    return Participation.objects.filter(event=event, **party).first()


@dataclass(frozen=True)
class AvailabilityBlock:
    block: MeetingBlock
    slots: list[Slot]
    unavailable: set[int]

    @property
    def all_unavailable(self) -> bool:
        return bool(self.slots) and all(slot.pk in self.unavailable for slot in self.slots)


def availability_for_participation(*, participation: Participation) -> list[AvailabilityBlock]:
    """The event's meeting blocks with their slots, and which of them the participant said
    they cannot make (three queries)."""
    unavailable = set(participation.unavailable_slots.values_list("pk", flat=True))
    blocks = (
        MeetingBlock.objects.filter(event_id=participation.event_id)
        .select_related("room")
        .prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("starts_at", "index")))
        .order_by("starts_at", "pk")
    )
    return [
        AvailabilityBlock(block=block, slots=list(block.slots.all()), unavailable=unavailable)
        for block in blocks
    ]


# --- The organisers' outcome dashboard -----------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRow:
    province: str
    producers: int
    distributors: int

    @property
    def total(self) -> int:
        return self.producers + self.distributors


@dataclass(frozen=True)
class Outcomes:
    event: Event
    participants: dict[str, dict[str, int]]  # kind → status → count
    by_province: list[ProvinceRow]
    requests: dict[str, int]  # request status → count
    run: ScheduleRun | None
    meetings: dict[str, int]  # placed, held, no_show, cancelled
    ratings: list[tuple[str, str, int, int]]  # (code, label, by producers, by buyers)
    follow_ups: list[tuple[str, str, int]]
    mous: list[tuple[str, str, int]]  # (kind, label, count)

    @property
    def requests_total(self) -> int:
        return sum(self.requests.values())

    @property
    def mou_total(self) -> int:
        return sum(count for _, _, count in self.mous)


def schedule_run_published(*, event: Event) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(event=event, status=RunStatus.PUBLISHED).first()


def event_outcomes(*, event: Event) -> Outcomes:
    """Participants by kind, status and province; meetings requested, placed in the published
    schedule and held; ratings given after the meetings; MoUs by kind. Nine queries."""
    participants: dict[str, dict[str, int]] = {
        kind: dict.fromkeys(ParticipationStatus.values, 0) for kind in ParticipantKind.values
    }
    for row in (
        Participation.objects.filter(event=event).values("kind", "status").annotate(n=Count("pk")).order_by()
    ):
        participants[row["kind"]][row["status"]] = row["n"]

    provinces: dict[str, dict[str, int]] = defaultdict(lambda: {"producers": 0, "distributors": 0})
    approved = Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED)
    # Named as pages name them: "Cần Thơ (Sóc Trăng cũ)" for a province merged in 2025.
    for kind, province, key in (
        (ParticipantKind.PRODUCER, "producer__province", "producers"),
        (ParticipantKind.DISTRIBUTOR, "distributor__head_office_province", "distributors"),
    ):
        names = (f"{province}__name", f"{province}__merged_into__name")
        for row in approved.filter(kind=kind).values(*names).annotate(n=Count("pk")).order_by():
            name = row[names[0]] and province_display_name(row[names[0]], row[names[1]])
            provinces[name][key] = row["n"]
    by_province = sorted(
        (
            ProvinceRow(name, counts["producers"], counts["distributors"])
            for name, counts in provinces.items()
        ),
        key=lambda r: (-r.total, r.province),
    )

    requests = dict.fromkeys(RequestStatus.values, 0)
    for row in MeetingRequest.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by():
        requests[row["status"]] = row["n"]

    run = schedule_run_published(event=event)
    meetings = {"placed": 0, "held": 0, "no_show": 0, "scheduled": 0}
    ratings_by_code: dict[str, dict[str, int]] = defaultdict(lambda: {"producer": 0, "buyer": 0})
    follow_counts: dict[str, int] = defaultdict(int)
    if run is not None:
        meetings = Meeting.objects.filter(run=run).aggregate(
            placed=Count("pk", filter=LIVE_MEETING),
            held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
            no_show=Count("pk", filter=Q(status=MeetingStatus.NO_SHOW)),
            scheduled=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED)),
        )
        feedback = MeetingFeedback.objects.filter(meeting__run=run)
        for row in (
            feedback.filter(months_after=0)
            .exclude(rating="")
            .values("rating", "side")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            ratings_by_code[row["rating"]][row["side"]] = row["n"]
        for row in (
            feedback.filter(months_after__gt=0)
            .exclude(outcome="")
            .values("outcome")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            follow_counts[row["outcome"]] = row["n"]
    ratings = [
        (code, str(label), ratings_by_code[code]["producer"], ratings_by_code[code]["buyer"])
        for code, label in MeetingRating.choices
    ]
    follow_ups = [(code, str(label), follow_counts[code]) for code, label in FollowUpOutcome.choices]

    mou_counts = dict.fromkeys(MouKind.values, 0)
    for row in Mou.objects.filter(event=event).values("kind").annotate(n=Count("pk")).order_by():
        mou_counts[row["kind"]] = row["n"]
    mous = [(code, str(label), mou_counts[code]) for code, label in MouKind.choices]
    return Outcomes(
        event=event,
        participants=participants,
        by_province=by_province,
        requests=requests,
        run=run,
        meetings=meetings,
        ratings=ratings,
        follow_ups=follow_ups,
        mous=mous,
    )


def meetings_for_export(*, event: Event) -> tuple[ScheduleRun | None, list[Meeting]]:
    """The published schedule's meetings, cancelled ones included (their status says so),
    with the ratings each side gave right after the meeting."""
    run = schedule_run_published(event=event)
    if run is None:
        return None, []
    meetings = list(
        Meeting.objects.filter(run=run)
        .select_related(
            "slot__block__room",
            "table",
            "producer__province__merged_into",
            "distributor",
            "request",
            "request__product",
        )
        .prefetch_related(
            Prefetch("feedback", queryset=MeetingFeedback.objects.filter(months_after=0).order_by("side"))
        )
        .order_by("slot__starts_at", "table__number", "seat", "pk")
    )
    return run, meetings


def mous_for_export(*, event: Event) -> QuerySet[Mou]:
    return Mou.objects.filter(event=event).select_related("event", "producer", "distributor")


def participations_without_contact(ids) -> list[Participation]:
    """The participations among ``ids`` that nobody on the portal can be e-mailed for: no
    active member (producer) or approved buyer (distributor) with an e-mail address — the
    people events.registration_tasks.participation_people writes to. One query."""
    people = User.objects.filter(is_active=True).exclude(email="")
    members = people.filter(producer_memberships__producer_id=OuterRef("producer_id"))
    buyers = people.filter(
        buyer_memberships__distributor_id=OuterRef("distributor_id"),
        buyer_memberships__status=BuyerStatus.APPROVED,
    )
    unreachable = Q(kind=ParticipantKind.PRODUCER, producer_has_people=False) | Q(
        kind=ParticipantKind.DISTRIBUTOR, distributor_has_people=False
    )
    return list(
        Participation.objects.filter(pk__in=ids)
        .annotate(producer_has_people=Exists(members), distributor_has_people=Exists(buyers))
        .filter(unreachable)
        .select_related("producer", "distributor")
        .order_by("pk")
    )


# The values of the admin's "event dates" filter (events.admin.EventDatesListFilter).
COMING, PAST = "coming", "past"


def event_not_over(today: dt.date | None = None) -> Q:
    """Rows (participations, packets...) whose event has not ended: what organisers can
    still act on."""
    return Q(event__ends_on__gte=today or timezone.localdate())


@dataclass(frozen=True)
class WaitingItem:
    """Something that waits for an organiser's decision, and the admin list that shows it."""

    label: str
    count: int
    url: str


def organiser_to_do(*, user) -> list[WaitingItem]:
    """What waits for the organisers, as far as ``user`` may decide it: buyers to approve,
    OCOP certificates to verify, registrations and failed catalogue packets of events not
    over yet. Only the kinds with something waiting; one count query a kind; each with the
    admin list filtered to just those rows."""
    kinds = (
        (
            Buyer,
            Q(status=BuyerStatus.PENDING),
            "status__exact=pending",
            lambda n: ngettext("%(count)d buyer awaits approval", "%(count)d buyers await approval", n),
        ),
        (
            OcopCertificate,
            Q(verification=VerificationStatus.PENDING),
            "verification__exact=pending",
            lambda n: ngettext(
                "%(count)d OCOP certificate awaits verification",
                "%(count)d OCOP certificates await verification",
                n,
            ),
        ),
        (
            Participation,
            Q(status=ParticipationStatus.PENDING) & event_not_over(),
            f"status__exact=pending&when={COMING}",
            lambda n: ngettext(
                "%(count)d event registration awaits approval",
                "%(count)d event registrations await approval",
                n,
            ),
        ),
        (
            CataloguePacket,
            Q(status=PacketStatus.FAILED) & event_not_over(),
            f"status__exact=failed&when={COMING}",
            lambda n: ngettext(
                "%(count)d catalogue packet could not be sent",
                "%(count)d catalogue packets could not be sent",
                n,
            ),
        ),
    )
    waiting = []
    for model, condition, query, label in kinds:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
            continue
        if count := model.objects.filter(condition).count():
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            waiting.append(WaitingItem(label(count) % {"count": count}, count, f"{url}?{query}"))
    return waiting
