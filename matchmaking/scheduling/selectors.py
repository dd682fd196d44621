"""Read an event into the scheduling engine's plain data, in a fixed number of queries.

Who: approved participations (a producer is free in every slot but its unavailable ones; a
distributor likewise, with ``Participation.seats`` representatives meeting in parallel).
What: tier 1 = accepted requests, tier 2 = pending ones, tier 3 (only when the event fills
free time with recommendations) = the best MatchScore pairs not asked for, a few per seat.
Weights: the request's priority (must ≫ should ≫ could) raised by up to half by the pair's
best score; a recommendation weighs its score. Pins come from the run being re-planned,
``previous`` placements from the currently published run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from events.enums import ParticipantKind, ParticipationStatus
from events.models import Event, Participation, Slot, Table
from matchmaking.engine import scheduling as engine
from matchmaking.enums import LIVE_MEETING, Priority, RequestStatus, RunStatus
from matchmaking.models import MatchScore, Meeting, MeetingRequest, ScheduleRun
from producers.selectors import product_qs_visible

PRIORITY_WEIGHT = {Priority.MUST: 100.0, Priority.SHOULD: 10.0, Priority.COULD: 1.0}
SCORE_BONUS = 0.5  # a perfect score adds half of the priority's weight
RECOMMENDATION_MIN_SCORE = 50.0
RECOMMENDATIONS_PER_SEAT = 4
LIVE_REQUEST_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.PENDING)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Where an engine candidate comes from, to write it back as a Meeting."""

    id: int
    tier: int
    producer_id: int
    distributor_id: int
    request_id: int | None
    priority: int | None
    score: float | None


@dataclass(frozen=True)
class LoadedProblem:
    problem: engine.Problem
    candidates: dict[int, Candidate]
    producer_participation: dict[int, int]  # producer id -> participation id
    distributor_participation: dict[int, int]
    seats: dict[int, int]  # distributor id -> seats
    based_on_id: int | None
    notes: list[dict] = field(default_factory=list)  # things the organiser should know


def request_weight(priority: int, score: float | None) -> float:
    base = PRIORITY_WEIGHT.get(priority, PRIORITY_WEIGHT[Priority.SHOULD])
    return base * (1.0 + SCORE_BONUS * (score or 0.0) / 100.0)


def recommendation_weight(score: float) -> float:
    return max(score, 1.0) / 100.0


def published_run(*, event: Event) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(event=event, status=RunStatus.PUBLISHED).first()


def schedule_problem_for_event(*, event: Event, based_on: ScheduleRun | None = None) -> LoadedProblem:
    """The engine's Problem for ``event``: 8 queries (7 without a run to re-plan), whatever
    the event's size. Reads only."""
    slots = list(
        Slot.objects.filter(block__event=event)
        .order_by("starts_at", "block_id", "index", "pk")
        .values_list("pk", "block_id")
    )
    tables_by_block: dict[int, list[int]] = defaultdict(list)
    for table_id, block_id in (
        Table.objects.filter(block__event=event).order_by("number", "pk").values_list("pk", "block_id")
    ):
        tables_by_block[block_id].append(table_id)

    approved = Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED)
    rows = list(approved.values_list("pk", "kind", "producer_id", "distributor_id", "seats"))
    unavailable: dict[int, set[int]] = defaultdict(set)
    for participation_id, slot_id in Participation.unavailable_slots.through.objects.filter(
        participation__in=approved
    ).values_list("participation_id", "slot_id"):
        unavailable[participation_id].add(slot_id)

    all_slots = frozenset(slot_id for slot_id, _ in slots)
    producers, distributors = [], []
    producer_participation, distributor_participation, seats = {}, {}, {}
    for pk, kind, producer_id, distributor_id, seat_count in rows:
        available = all_slots - unavailable[pk] if unavailable[pk] else None
        if kind == ParticipantKind.PRODUCER and producer_id:
            producers.append(engine.Producer(id=producer_id, available=available))
            producer_participation[producer_id] = pk
        elif kind == ParticipantKind.DISTRIBUTOR and distributor_id:
            distributors.append(engine.Distributor(id=distributor_id, seats=seat_count, available=available))
            distributor_participation[distributor_id] = pk
            seats[distributor_id] = seat_count

    requests = list(
        MeetingRequest.objects.filter(event=event)
        .order_by("pk")
        .values_list("pk", "status", "priority", "producer_id", "distributor_id")
    )
    best = _best_scores(producer_ids=list(producer_participation), distributor_ids=list(seats))

    published = list(
        Meeting.objects.filter(LIVE_MEETING, run__event=event, run__status=RunStatus.PUBLISHED).values_list(
            "producer_id", "distributor_id", "slot_id", "table_id", "seat"
        )
    )
    previous = {(p, d): engine.Placement(slot, table, seat) for p, d, slot, table, seat in published}
    pins = []
    if based_on is not None:
        pins = list(
            Meeting.objects.filter(LIVE_MEETING, run=based_on, pinned=True)
            .order_by("pk")
            .values_list(
                "pk", "producer_id", "distributor_id", "slot_id", "table_id", "tier", "request__status"
            )
        )

    candidates: dict[int, Candidate] = {}
    by_pair: dict[tuple[int, int], Candidate] = {}
    asked_pairs = set()
    for pk, status, priority, producer_id, distributor_id in requests:
        asked_pairs.add((producer_id, distributor_id))
        if status not in LIVE_REQUEST_STATUSES:
            continue
        tier = engine.ACCEPTED if status == RequestStatus.ACCEPTED else engine.PENDING
        candidate = Candidate(
            pk, tier, producer_id, distributor_id, pk, priority, best.get((producer_id, distributor_id))
        )
        candidates[pk] = candidate
        by_pair.setdefault((producer_id, distributor_id), candidate)

    next_id = -1
    if event.fill_with_recommendations:
        for producer_id, distributor_id, score in _recommendations(best, seats, asked_pairs):
            candidate = Candidate(next_id, engine.RECOMMENDED, producer_id, distributor_id, None, None, score)
            candidates[next_id] = candidate
            by_pair[(producer_id, distributor_id)] = candidate
            next_id -= 1

    notes: list[dict] = []
    pinned_at: dict[int, tuple[int, int]] = {}
    for _meeting_id, producer_id, distributor_id, slot_id, table_id, tier, request_status in pins:
        pair = (producer_id, distributor_id)
        candidate = by_pair.get(pair)
        if candidate is None:
            if request_status in (RequestStatus.DECLINED, RequestStatus.CANCELLED):
                notes.append(
                    {"code": "pin_dropped", "producer_id": producer_id, "distributor_id": distributor_id}
                )
                continue
            # A pinned meeting with no request left (or a recommendation no longer among the
            # best): the organiser placed it on purpose, so it stays a candidate.
            candidate = Candidate(
                next_id, tier or engine.ACCEPTED, producer_id, distributor_id, None, None, best.get(pair)
            )
            candidates[next_id] = candidate
            by_pair[pair] = candidate
            next_id -= 1
        pinned_at[candidate.id] = (slot_id, table_id)

    meetings = []
    for candidate in candidates.values():
        pair = (candidate.producer_id, candidate.distributor_id)
        if candidate.tier == engine.RECOMMENDED or candidate.priority is None:
            weight = (
                recommendation_weight(candidate.score or 0.0)
                if candidate.tier == engine.RECOMMENDED
                else request_weight(Priority.SHOULD, candidate.score)
            )
        else:
            weight = request_weight(candidate.priority, candidate.score)
        meetings.append(
            engine.CandidateMeeting(
                id=candidate.id,
                producer_id=candidate.producer_id,
                distributor_id=candidate.distributor_id,
                tier=candidate.tier,
                weight=weight,
                pinned=pinned_at.get(candidate.id),
                previous=previous.get(pair),
            )
        )

    problem = engine.Problem(
        slots=[engine.Slot(id=slot_id, order=order) for order, (slot_id, _) in enumerate(slots)],
        tables={slot_id: tuple(tables_by_block.get(block_id, ())) for slot_id, block_id in slots},
        producers=producers,
        distributors=distributors,
        meetings=meetings,
        fill_free_time=event.fill_with_recommendations,
    )
    return LoadedProblem(
        problem=problem,
        candidates=candidates,
        producer_participation=producer_participation,
        distributor_participation=distributor_participation,
        seats=seats,
        based_on_id=based_on.pk if based_on else None,
        notes=notes,
    )


def _best_scores(*, producer_ids: list[int], distributor_ids: list[int]) -> dict[tuple[int, int], float]:
    """Best eligible score per (producer, distributor) over visible products and active needs."""
    if not producer_ids or not distributor_ids:
        return {}
    rows = (
        MatchScore.objects.filter(
            eligible=True,
            product__producer_id__in=producer_ids,
            product__in=product_qs_visible(),
            need__distributor_id__in=distributor_ids,
            need__is_active=True,
        )
        .values("product__producer_id", "need__distributor_id")
        .annotate(best=Max("score"))
        .order_by()
    )
    return {(row["product__producer_id"], row["need__distributor_id"]): row["best"] for row in rows}


def _recommendations(
    best: dict[tuple[int, int], float], seats: dict[int, int], asked: set[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """The best-scoring pairs nobody asked for (whatever became of a request, an asked pair
    is never recommended), a few per distributor seat, in a deterministic order."""
    by_distributor: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (producer_id, distributor_id), score in best.items():
        if score >= RECOMMENDATION_MIN_SCORE and (producer_id, distributor_id) not in asked:
            by_distributor[distributor_id].append((score, producer_id))
    chosen = []
    for distributor_id in sorted(by_distributor):
        ranked = sorted(by_distributor[distributor_id], key=lambda item: (-item[0], item[1]))
        for score, producer_id in ranked[: RECOMMENDATIONS_PER_SEAT * seats.get(distributor_id, 1)]:
            chosen.append((producer_id, distributor_id, score))
    return chosen
