"""Reads for organisers reviewing a run: the slots × tables grid and the warnings to read
before publishing (computed live, so they follow hand edits)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.enums import ParticipantKind, ParticipationStatus
from events.models import MeetingBlock, Participation, Slot, Table
from matchmaking.engine import scheduling as engine
from matchmaking.enums import LIVE_MEETING, RequestStatus, RunStatus
from matchmaking.models import Meeting, MeetingRequest, MeetingTier, ScheduleRun

REASONS = {
    engine.NO_COMMON_SLOT: gettext_lazy("the two sides are never free at the same time"),
    engine.NO_TABLE: gettext_lazy("no table is free when both sides are"),
    engine.CAPACITY: gettext_lazy("one side is fully booked whenever both are free"),
    engine.DUPLICATE: gettext_lazy("the same pair was asked for twice"),
    engine.PINNED_CONFLICT: gettext_lazy("its pin collides with another pinned meeting"),
    engine.PIN_INVALID: gettext_lazy("it is pinned outside the slots or tables both sides can use"),
    engine.UNKNOWN_PARTICIPANT: gettext_lazy("one side is not an approved participant"),
    engine.TIER_DISABLED: gettext_lazy("recommendations are switched off for this event"),
    "not_in_run": gettext_lazy("it is not in this schedule (new since the run, or changed by hand)"),
}
LIST_LIMIT = 50  # names listed per warning; the count is always complete


@dataclass
class Warning:
    level: str  # "error": must be fixed; "warning": read before publishing; "info"
    text: str
    items: list[str] = field(default_factory=list)
    more: int = 0


@dataclass
class Cell:
    slot: Slot
    table: Table
    meeting: Meeting | None = None
    highlight: bool = False


@dataclass
class Row:
    """One table of a block across its slots (slots are the columns: a block has fewer
    slots than tables, so names get room)."""

    table: Table
    cells: list[Cell]


@dataclass
class BlockGrid:
    block: MeetingBlock
    slots: list[Slot]
    rows: list[Row]


@dataclass
class Review:
    run: ScheduleRun
    grid: list[BlockGrid]
    warnings: list[Warning]
    meetings: list[Meeting]
    participants: list[tuple[str, str]]  # ("p12" | "d3", name) for the filter
    participant: str
    next_version: int
    notify_count: int | None  # participants a publication would e-mail (None: not a draft)

    @property
    def errors(self) -> int:
        return sum(1 for w in self.warnings if w.level == "error")


def _names(event_id: int) -> tuple[dict[int, str], dict[int, str], list[Participation]]:
    participations = list(
        Participation.objects.filter(event_id=event_id)
        .select_related("producer", "distributor")
        .prefetch_related("unavailable_slots")
    )
    producers = {p.producer_id: p.producer.legal_name for p in participations if p.producer_id}
    distributors = {p.distributor_id: p.distributor.name for p in participations if p.distributor_id}
    return producers, distributors, participations


def run_review(*, run: ScheduleRun, participant: str = "") -> Review:
    """Everything the review page shows. Reads only."""
    event_id = run.event_id
    blocks = list(MeetingBlock.objects.filter(event_id=event_id).order_by("starts_at", "pk"))
    slots = list(Slot.objects.filter(block__event_id=event_id).order_by("starts_at", "pk"))
    tables = list(Table.objects.filter(block__event_id=event_id).order_by("number", "pk"))
    meetings = list(
        Meeting.objects.filter(LIVE_MEETING, run=run)
        .select_related("slot", "table", "producer", "distributor", "request")
        .order_by("slot__starts_at", "table__number", "pk")
    )
    producers, distributors, participations = _names(event_id)
    for meeting in meetings:
        producers.setdefault(meeting.producer_id, meeting.producer.legal_name)
        distributors.setdefault(meeting.distributor_id, meeting.distributor.name)

    kind, number = participant[:1], participant[1:]
    wanted = (kind, int(number)) if kind in ("p", "d") and number.isdigit() else None

    at: dict[tuple[int, int], Meeting] = {}
    for meeting in meetings:
        at.setdefault((meeting.slot_id, meeting.table_id), meeting)
    tables_by_block: dict[int, list[Table]] = defaultdict(list)
    for table in tables:
        tables_by_block[table.block_id].append(table)
    slots_by_block: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        slots_by_block[slot.block_id].append(slot)
    grid = []
    for block in blocks:
        rows = []
        for table in tables_by_block[block.pk]:
            cells = []
            for slot in slots_by_block[block.pk]:
                meeting = at.get((slot.pk, table.pk))
                highlight = bool(
                    meeting
                    and wanted
                    and (
                        (wanted[0] == "p" and meeting.producer_id == wanted[1])
                        or (wanted[0] == "d" and meeting.distributor_id == wanted[1])
                    )
                )
                cells.append(Cell(slot=slot, table=table, meeting=meeting, highlight=highlight))
            rows.append(Row(table=table, cells=cells))
        grid.append(BlockGrid(block=block, slots=slots_by_block[block.pk], rows=rows))

    choices = [(f"p{pk}", name) for pk, name in sorted(producers.items(), key=lambda item: item[1])]
    choices += [(f"d{pk}", name) for pk, name in sorted(distributors.items(), key=lambda item: item[1])]
    next_version = (ScheduleRun.objects.filter(event_id=event_id).aggregate(v=Max("version"))["v"] or 0) + 1
    notify_count = None
    if run.status == RunStatus.DRAFT:
        previous = ScheduleRun.objects.filter(event_id=event_id, status=RunStatus.PUBLISHED).first()
        notify_count = len(changed_participation_ids(run=run, previous=previous))
    return Review(
        run=run,
        grid=grid,
        warnings=run_warnings(
            run=run, meetings=meetings, participations=participations, names=(producers, distributors)
        ),
        meetings=meetings,
        participants=choices,
        participant=participant if wanted else "",
        next_version=next_version,
        notify_count=notify_count,
    )


def _listed(items: list[str]) -> tuple[list[str], int]:
    return items[:LIST_LIMIT], max(0, len(items) - LIST_LIMIT)


def run_warnings(
    *,
    run: ScheduleRun,
    meetings: list[Meeting],
    participations: list[Participation],
    names: tuple[dict[int, str], dict[int, str]],
) -> list[Warning]:
    """What to read before publishing, most serious first."""
    producers, distributors = names
    warnings: list[Warning] = []

    def add(level: str, text: str, items: list[str] | None = None) -> None:
        listed, more = _listed(items or [])
        warnings.append(Warning(level=level, text=text, items=listed, more=more))

    if run.statistics.get("error"):
        add("error", _("The scheduler failed: %(error)s") % {"error": run.statistics["error"]})

    # Double bookings: the database forbids them, so any found here is a bug worth shouting.
    for key, what in (
        (lambda m: (m.slot_id, m.table_id), _("Tables booked twice in one slot")),
        (lambda m: (m.slot_id, m.producer_id), _("Producers booked twice in one slot")),
        (lambda m: (m.slot_id, m.distributor_id, m.seat), _("Distributor seats booked twice in one slot")),
    ):
        counts = Counter(key(m) for m in meetings)
        clashes = [str(m) for m in meetings if counts[key(m)] > 1]
        if clashes:
            add("error", what, clashes)

    approved = {p.pk: p for p in participations if p.status == ParticipationStatus.APPROVED}
    producer_part = {p.producer_id: p for p in approved.values() if p.producer_id}
    distributor_part = {p.distributor_id: p for p in approved.values() if p.distributor_id}
    outside, absent, seats_over = [], [], []
    for meeting in meetings:
        p_part = producer_part.get(meeting.producer_id)
        d_part = distributor_part.get(meeting.distributor_id)
        if p_part is None or d_part is None:
            absent.append(str(meeting))
            continue
        unavailable = {s.pk for s in p_part.unavailable_slots.all()} | {
            s.pk for s in d_part.unavailable_slots.all()
        }
        if meeting.slot_id in unavailable:
            outside.append(str(meeting))
        if meeting.seat > d_part.seats:
            seats_over.append(str(meeting))
        if meeting.table.block_id != meeting.slot.block_id:
            outside.append(str(meeting))
    if absent:
        add("error", _("Meetings with a participant who is no longer approved"), absent)
    if outside:
        add("error", _("Meetings in a slot a participant is not available for"), outside)
    if seats_over:
        add("error", _("Meetings on a seat the distributor no longer has"), seats_over)

    withdrawn = [
        str(m)
        for m in meetings
        if m.request is not None and m.request.status in (RequestStatus.DECLINED, RequestStatus.CANCELLED)
    ]
    if withdrawn:
        add("warning", _("Meetings whose request was declined or cancelled since the run"), withdrawn)

    placed_pairs = {(m.producer_id, m.distributor_id) for m in meetings}
    stored = {u["request_id"]: u["reason"] for u in run.statistics.get("unplaced", []) if u.get("request_id")}
    requests = MeetingRequest.objects.filter(
        event_id=run.event_id, status__in=(RequestStatus.ACCEPTED, RequestStatus.PENDING)
    ).order_by("pk")
    unplaced: dict[str, list[str]] = {RequestStatus.ACCEPTED: [], RequestStatus.PENDING: []}
    for pk, status, producer_id, distributor_id in requests.values_list(
        "pk", "status", "producer_id", "distributor_id"
    ):
        if (producer_id, distributor_id) in placed_pairs:
            continue
        reason = REASONS.get(stored.get(pk, "not_in_run"), REASONS["not_in_run"])
        unplaced[status].append(
            _("%(producer)s ↔ %(distributor)s: %(reason)s")
            % {
                "producer": producers.get(producer_id, producer_id),
                "distributor": distributors.get(distributor_id, distributor_id),
                "reason": reason,
            }
        )
    if unplaced[RequestStatus.ACCEPTED]:
        add(
            "warning",
            _("Accepted requests without a meeting: %(count)d")
            % {"count": len(unplaced[RequestStatus.ACCEPTED])},
            unplaced[RequestStatus.ACCEPTED],
        )
    if unplaced[RequestStatus.PENDING]:
        add(
            "info",
            _("Pending requests without a meeting: %(count)d")
            % {"count": len(unplaced[RequestStatus.PENDING])},
            unplaced[RequestStatus.PENDING],
        )

    busy_producers = {m.producer_id for m in meetings}
    busy_distributors = {m.distributor_id for m in meetings}
    idle = sorted(
        (p.producer.legal_name if p.kind == ParticipantKind.PRODUCER else p.distributor.name)
        for p in approved.values()
        if (p.producer_id and p.producer_id not in busy_producers)
        or (p.distributor_id and p.distributor_id not in busy_distributors)
    )
    if idle:
        add("warning", _("Participants with no meeting: %(count)d") % {"count": len(idle)}, idle)

    dropped = [
        _("%(producer)s ↔ %(distributor)s")
        % {
            "producer": producers.get(n["producer_id"], n["producer_id"]),
            "distributor": distributors.get(n["distributor_id"], n["distributor_id"]),
        }
        for n in run.statistics.get("notes", [])
        if n.get("code") == "pin_dropped"
    ]
    if dropped:
        add("info", _("Pinned meetings left out because their request was declined or cancelled"), dropped)

    if run.status == RunStatus.DRAFT:
        newer = ScheduleRun.objects.filter(
            Q(published_at__gt=run.created_at), event_id=run.event_id, version__isnull=False
        ).exists()
        if newer:
            add(
                "warning",
                _(
                    "A version was published after this draft was made: publishing the draft may undo "
                    "that version's changes."
                ),
            )
    if run.statistics.get("validation"):
        add("error", _("The scheduler's own check found problems"), list(run.statistics["validation"]))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(warnings, key=lambda w: order[w.level])


def tier_label(tier: int | None) -> str:
    return str(MeetingTier(tier).label) if tier in MeetingTier.values else ""


def changed_parties(*, run: ScheduleRun, previous: ScheduleRun | None) -> set[tuple[str, int]]:
    """("p", producer id) and ("d", distributor id) of everyone whose agenda differs between
    ``previous`` (None: nothing published yet) and ``run``: a partner, slot, table or seat."""
    old, new = _signatures(previous), _signatures(run)
    return {key for key in old.keys() | new.keys() if old.get(key, frozenset()) != new.get(key, frozenset())}


def _signatures(run: ScheduleRun | None) -> dict[tuple[str, int], frozenset]:
    if run is None:
        return {}
    found: dict[tuple[str, int], set] = defaultdict(set)
    for producer_id, distributor_id, slot_id, table_id, seat in Meeting.objects.filter(
        LIVE_MEETING, run=run
    ).values_list("producer_id", "distributor_id", "slot_id", "table_id", "seat"):
        found[("p", producer_id)].add((distributor_id, slot_id, table_id))
        found[("d", distributor_id)].add((producer_id, slot_id, table_id, seat))
    return {key: frozenset(value) for key, value in found.items()}


def changed_participation_ids(*, run: ScheduleRun, previous: ScheduleRun | None) -> list[int]:
    changed = changed_parties(run=run, previous=previous)
    if not changed:
        return []
    producers = [pk for kind, pk in changed if kind == "p"]
    distributors = [pk for kind, pk in changed if kind == "d"]
    return sorted(
        Participation.objects.filter(
            Q(producer_id__in=producers) | Q(distributor_id__in=distributors), event_id=run.event_id
        ).values_list("pk", flat=True)
    )
