"""Writes of the meeting schedule: runs, hand edits, publishing.

A run is queued (``schedule_run_create``), executed by a Celery task
(``schedule_run_execute``) into a draft, reviewed and edited by hand (``meeting_move``,
``meeting_swap``, ``meeting_pin``), then published as the next version
(``schedule_publish``), which supersedes the version before and tells only the participants
whose meetings changed.

No double booking, ever: unique constraints on live meetings (producer, distributor seat,
table per slot of a run) are the last word. Hand edits first lock the run's row
(``select_for_update`` on PostgreSQL; SQLite serialises writers anyway), so two organisers,
or an organiser and a run, are applied one after the other and every loser gets a clear
"already taken" message; a constraint violation that still gets through becomes a clear
message too, never a server error.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.enums import ParticipationStatus
from events.models import Event, Participation, Slot, Table
from matchmaking.engine import scheduling as engine
from matchmaking.enums import LIVE_MEETING, MeetingStatus, RunStatus
from matchmaking.models import AgendaToken, Meeting, ScheduleNotice, ScheduleRun

from .review import changed_participation_ids
from .selectors import LoadedProblem, schedule_problem_for_event

logger = logging.getLogger(__name__)

# A run with no news for this long belongs to a dead worker: it may be claimed again (queued)
# or marked failed so that a new run can start. Longer than the task's hard time limit.
RUN_STALE_AFTER = dt.timedelta(minutes=15)
DEFAULT_TIME_LIMIT = 30.0  # seconds for the engine's improvement phases
EDITABLE = (RunStatus.DRAFT,)
PINNABLE = (RunStatus.DRAFT, RunStatus.PUBLISHED)


def _time_label(slot: Slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return (
        f"{formats.time_format(start, 'H:i')}–{formats.time_format(end, 'H:i')} "
        f"{formats.date_format(start, 'd/m/Y')}"
    )


# --- Runs ----------------------------------------------------------------------------------------


def _stop_stale_runs(event: Event, now: dt.datetime) -> None:
    stale = Q(status=RunStatus.QUEUED, created_at__lt=now - RUN_STALE_AFTER) | Q(
        status=RunStatus.RUNNING, started_at__lt=now - RUN_STALE_AFTER
    )
    ScheduleRun.objects.filter(stale, event=event).update(
        status=RunStatus.FAILED,
        finished_at=now,
        statistics={"error": f"stopped: no news for {RUN_STALE_AFTER.seconds // 60} minutes"},
    )


@transaction.atomic
def schedule_run_create(
    *, event: Event, created_by=None, based_on: ScheduleRun | None = None, seed: int = 0
) -> ScheduleRun:
    """Queue a scheduler run for ``event``.

    ``based_on`` is the run being re-planned (its pinned meetings stay put); by default the
    latest draft, else the published version. Side effects: writes a queued ScheduleRun;
    after commit enqueues ``matchmaking.run_schedule``. One run at a time per event.
    """
    from .tasks import run_schedule_task

    event = Event.objects.select_for_update().get(pk=event.pk)
    now = timezone.now()
    _stop_stale_runs(event, now)
    if ScheduleRun.objects.filter(event=event, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).exists():
        raise ValidationError(
            _("The scheduler is already working on %(event)s: wait for it to finish.") % {"event": event},
            code="busy",
        )
    if not Slot.objects.filter(block__event=event).exists():
        raise ValidationError(
            _("%(event)s has no meeting slots yet: add a meeting block and generate its slots.")
            % {"event": event},
            code="no_slots",
        )
    if based_on is None:
        # The latest draft made since the current version was published, else that version:
        # an older draft would bring back pins the published version already settled.
        published = ScheduleRun.objects.filter(event=event, status=RunStatus.PUBLISHED).first()
        drafts = ScheduleRun.objects.filter(event=event, status=RunStatus.DRAFT)
        if published is not None and published.published_at:
            drafts = drafts.filter(created_at__gt=published.published_at)
        based_on = drafts.order_by("-created_at", "-pk").first() or published
    elif based_on.event_id != event.pk:
        raise ValidationError(_("That schedule belongs to another event."), code="other_event")
    run = ScheduleRun.objects.create(event=event, based_on=based_on, created_by=created_by, seed=seed)
    transaction.on_commit(lambda: run_schedule_task.delay(run_id=run.pk))
    return run


def _progress(run_id: int, percent: int) -> None:
    # Outside any transaction: the organiser's page sees it at once.
    ScheduleRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(progress=percent)


def schedule_run_execute(*, run_id: int, time_limit: float | None = None) -> str:
    """Run the engine for a queued run and store the result as a draft.

    Claims the run with a conditional update (queued → running; a stale running run may be
    claimed again), so a duplicated task runs it once. Side effects: progress updates;
    Meeting rows written in bulk, and status, statistics (engine figures, unplaced
    candidates with their reasons, validation messages, notes) in one transaction; a failed
    run is marked failed with the error. Returns "draft", "failed" or "skipped".
    """
    now = timezone.now()
    claimed = (
        ScheduleRun.objects.filter(pk=run_id)
        .filter(
            Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, started_at__lt=now - RUN_STALE_AFTER)
        )
        .update(status=RunStatus.RUNNING, started_at=now, progress=5)
    )
    if not claimed:
        return "skipped"
    run = ScheduleRun.objects.select_related("event", "based_on").get(pk=run_id)
    try:
        loaded = schedule_problem_for_event(event=run.event, based_on=run.based_on)
        _progress(run_id, 20)
        limit = (
            time_limit
            if time_limit is not None
            else getattr(settings, "SCHEDULE_TIME_LIMIT", DEFAULT_TIME_LIMIT)
        )
        result = engine.schedule(loaded.problem, seed=run.seed, time_limit=limit)
        _progress(run_id, 80)
        messages = engine.validate(loaded.problem, result)
        statistics = _statistics(loaded, result, messages)
        with transaction.atomic():
            mine = ScheduleRun.objects.select_for_update().filter(
                pk=run_id, status=RunStatus.RUNNING, started_at=now
            )
            if not mine.exists():
                return "skipped"  # another worker took over in the meantime
            Meeting.objects.bulk_create(_meetings(run, loaded, result), batch_size=500)
            mine.update(
                status=RunStatus.DRAFT, progress=100, statistics=statistics, finished_at=timezone.now()
            )
    except Exception as exc:
        logger.exception("schedule run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, started_at=now).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            statistics={"error": f"{type(exc).__name__}: {exc}"[:2000]},
        )
        return "failed"
    return "draft"


def _meetings(run: ScheduleRun, loaded: LoadedProblem, result: engine.ScheduleResult) -> list[Meeting]:
    pinned = {m.id for m in loaded.problem.meetings if m.pinned is not None}
    rows = []
    for candidate_id, where in sorted(result.placements.items()):
        candidate = loaded.candidates[candidate_id]
        rows.append(
            Meeting(
                run=run,
                slot_id=where.slot_id,
                table_id=where.table_id,
                seat=where.seat,
                producer_id=candidate.producer_id,
                distributor_id=candidate.distributor_id,
                request_id=candidate.request_id,
                tier=candidate.tier,
                pinned=candidate_id in pinned,
            )
        )
    return rows


def _statistics(loaded: LoadedProblem, result: engine.ScheduleResult, messages: list[str]) -> dict:
    figures = result.stats
    problem = loaded.problem
    unplaced = []
    for candidate_id, reason in sorted(result.unplaced.items(), key=lambda item: (item[0] < 0, item[0])):
        candidate = loaded.candidates[candidate_id]
        unplaced.append(
            {
                "tier": candidate.tier,
                "request_id": candidate.request_id,
                "producer_id": candidate.producer_id,
                "distributor_id": candidate.distributor_id,
                "reason": reason,
            }
        )
    return {
        "method": figures.method,
        "runtime_s": round(figures.runtime_s, 3),
        "proven_optimal": figures.proven_optimal,
        "upper_bound": list(figures.upper_bound) if figures.upper_bound else None,
        "weight_by_tier": [round(w, 3) for w in figures.weight_by_tier],
        "placed_by_tier": list(figures.placed_by_tier),
        "candidates_by_tier": list(figures.candidates_by_tier),
        "kept": figures.kept,
        "moved": figures.moved,
        "dropped": figures.dropped,
        "producers": len(problem.producers),
        "distributors": len(problem.distributors),
        "slots": len(problem.slots),
        "table_slots": sum(len(tables) for tables in problem.tables.values()),
        "meetings": len(result.placements),
        "unplaced": unplaced,
        "validation": messages,
        "notes": loaded.notes,
    }


# --- Hand edits ----------------------------------------------------------------------------------


RACE_MESSAGE = gettext_lazy(
    "Someone changed this schedule at the same moment: reload the page and try again."
)


def _edit_run(run_id: int, *, lock: bool, allowed=EDITABLE) -> ScheduleRun:
    queryset = ScheduleRun.objects.all()
    if lock:
        queryset = queryset.select_for_update()
    run = queryset.get(pk=run_id)
    if run.status not in allowed:
        raise ValidationError(
            _("Only a draft can be changed: run the scheduler again to get a new draft."), code="not_draft"
        )
    return run


def _fresh(meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("slot__block", "table", "producer", "distributor")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting no longer exists."), code="gone")
    return meeting


def _participations(event_id: int, meeting: Meeting) -> tuple[Participation | None, Participation | None]:
    rows = Participation.objects.filter(
        Q(producer_id=meeting.producer_id) | Q(distributor_id=meeting.distributor_id),
        event_id=event_id,
        status=ParticipationStatus.APPROVED,
    ).prefetch_related("unavailable_slots")
    producer = next((p for p in rows if p.producer_id == meeting.producer_id), None)
    distributor = next((p for p in rows if p.distributor_id == meeting.distributor_id), None)
    return producer, distributor


def _placement(
    run: ScheduleRun,
    meeting: Meeting,
    slot: Slot,
    table: Table,
    *,
    exclude: list[int],
    seat: int | None = None,
) -> int:
    """Check that ``meeting`` may take ``slot`` and ``table`` (other meetings in ``exclude``
    are moving too) and return the distributor seat it gets. Raises ValidationError."""
    if slot.block.event_id != run.event_id:
        raise ValidationError(_("This slot is not part of the event."), code="invalid")
    if table.block_id != slot.block_id:
        raise ValidationError(
            _("%(table)s is not a table of %(block)s.") % {"table": table, "block": slot.block},
            code="invalid",
        )
    others = Meeting.objects.filter(LIVE_MEETING, run=run, slot=slot).exclude(pk__in=exclude)
    others = list(others.select_related("producer", "distributor"))
    when = _time_label(slot)
    for other in others:
        if other.table_id == table.pk:
            raise ValidationError(
                _("%(table)s is already taken at %(time)s by %(producer)s ↔ %(distributor)s.")
                % {
                    "table": table,
                    "time": when,
                    "producer": other.producer,
                    "distributor": other.distributor,
                },
                code="taken",
            )
    for other in others:
        if other.producer_id == meeting.producer_id:
            raise ValidationError(
                _("%(producer)s already meets %(distributor)s at %(time)s.")
                % {"producer": meeting.producer, "distributor": other.distributor, "time": when},
                code="producer_busy",
            )
    producer_part, distributor_part = _participations(run.event_id, meeting)
    for participation, who in ((producer_part, meeting.producer), (distributor_part, meeting.distributor)):
        if participation is None:
            raise ValidationError(
                _("%(who)s is not an approved participant of this event.") % {"who": who}, code="unavailable"
            )
        if any(s.pk == slot.pk for s in participation.unavailable_slots.all()):
            raise ValidationError(
                _("%(who)s is not available at %(time)s.") % {"who": who, "time": when}, code="unavailable"
            )
    used = {other.seat for other in others if other.distributor_id == meeting.distributor_id}
    seats = distributor_part.seats
    if seat is not None and 1 <= seat <= seats and seat not in used:
        return seat
    free = [s for s in range(1, seats + 1) if s not in used]
    if not free:
        raise ValidationError(
            _("All %(seats)d seats of %(distributor)s are taken at %(time)s.")
            % {"seats": seats, "distributor": meeting.distributor, "time": when},
            code="distributor_busy",
        )
    return free[0]


def meeting_move(
    *,
    meeting: Meeting,
    slot: Slot,
    table: Table,
    seat: int | None = None,
    pin: bool = True,
    lock: bool = True,
) -> Meeting:
    """Move a draft's meeting to another slot and table (and pin it there, so that a re-plan
    keeps the organiser's choice). The distributor keeps its seat if free, else gets the
    first free one. Side effects: updates the Meeting row. Raises ValidationError with a
    clear message on any conflict.

    ``lock=False`` skips the row lock; it exists only so that a test can show what the lock
    prevents (a check-then-write race that only the database constraint catches).
    """
    try:
        with transaction.atomic():
            run = _edit_run(meeting.run_id, lock=lock)
            meeting = _fresh(meeting.pk)
            slot = Slot.objects.select_related("block").get(pk=slot.pk)
            seat = _placement(run, meeting, slot, table, exclude=[meeting.pk], seat=seat or meeting.seat)
            Meeting.objects.filter(pk=meeting.pk).update(
                slot=slot, table=table, seat=seat, pinned=pin or meeting.pinned, updated_at=timezone.now()
            )
    except IntegrityError as exc:
        raise ValidationError(RACE_MESSAGE, code="race") from exc
    meeting.refresh_from_db()
    return meeting


def meeting_swap(
    *, first: Meeting, second: Meeting, pin: bool = True, lock: bool = True
) -> tuple[Meeting, Meeting]:
    """Swap the slots and tables of two meetings of one draft (both pinned afterwards).
    Side effects: updates both Meeting rows. Raises ValidationError on any conflict."""
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different meetings to swap."), code="invalid")
    if first.run_id != second.run_id:
        raise ValidationError(_("Both meetings must be in the same schedule."), code="invalid")
    try:
        with transaction.atomic():
            run = _edit_run(first.run_id, lock=lock)
            a, b = _fresh(first.pk), _fresh(second.pk)
            both = [a.pk, b.pk]
            # A distributor meeting itself across two slots trades seats; otherwise seats stay.
            trade = a.distributor_id == b.distributor_id and a.slot_id != b.slot_id
            seat_a = _placement(run, a, b.slot, b.table, exclude=both, seat=b.seat if trade else a.seat)
            seat_b = _placement(run, b, a.slot, a.table, exclude=both, seat=a.seat if trade else b.seat)
            now = timezone.now()
            # The constraints cover live meetings only: take ``a`` out for a moment, so that
            # ``b`` can have its place, then put ``a`` in ``b``'s old one.
            Meeting.objects.filter(pk=a.pk).update(status=MeetingStatus.CANCELLED)
            Meeting.objects.filter(pk=b.pk).update(
                slot_id=a.slot_id, table_id=a.table_id, seat=seat_b, pinned=pin or b.pinned, updated_at=now
            )
            Meeting.objects.filter(pk=a.pk).update(
                slot_id=b.slot_id,
                table_id=b.table_id,
                seat=seat_a,
                status=a.status,
                pinned=pin or a.pinned,
                updated_at=now,
            )
    except IntegrityError as exc:
        raise ValidationError(RACE_MESSAGE, code="race") from exc
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


def meeting_pin(*, meeting: Meeting, pinned: bool = True, lock: bool = True) -> Meeting:
    """Pin (or unpin) a meeting where it is: a re-plan based on this schedule keeps it.
    Side effects: updates the Meeting row."""
    with transaction.atomic():
        _edit_run(meeting.run_id, lock=lock, allowed=PINNABLE)
        meeting = _fresh(meeting.pk)
        Meeting.objects.filter(pk=meeting.pk).update(pinned=pinned, updated_at=timezone.now())
    meeting.pinned = pinned
    return meeting


def meetings_set_status(*, meetings, status: str) -> int:
    """Mark meetings of published schedules held, no-show (or back to scheduled). Meetings of
    drafts and cancelled ones are left alone. Side effects: updates Meeting rows. Returns
    how many changed."""
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW, MeetingStatus.SCHEDULED):
        raise ValidationError(_("Unknown meeting status."), code="invalid")
    return (
        Meeting.objects.filter(pk__in=[m.pk for m in meetings], run__status=RunStatus.PUBLISHED)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(status=status)
        .update(status=status, updated_at=timezone.now())
    )


# --- Publishing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    run: ScheduleRun
    previous: ScheduleRun | None
    notified_participation_ids: list[int]


def schedule_publish(*, run: ScheduleRun, user=None) -> Published:
    """Publish a draft as the event's next version; the published one becomes superseded.

    Side effects, in one transaction: updates both runs; writes a ScheduleNotice for each
    participant whose meetings differ from the previous version (everyone with a meeting on
    the first publication). After commit, enqueues ``matchmaking.notify_schedule_change``
    for each of them (an e-mail with an .ics).
    """
    from .tasks import notify_schedule_change_task

    with transaction.atomic():
        Event.objects.select_for_update().get(pk=run.event_id)  # one publication at a time
        run = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run.pk)
        if run.status != RunStatus.DRAFT:
            raise ValidationError(_("Only a draft can be published."), code="not_draft")
        previous = ScheduleRun.objects.filter(event_id=run.event_id, status=RunStatus.PUBLISHED).first()
        version = (
            ScheduleRun.objects.filter(event_id=run.event_id).aggregate(v=Max("version"))["v"] or 0
        ) + 1
        now = timezone.now()
        if previous is not None:
            previous.status = RunStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        changed = changed_participation_ids(run=run, previous=previous)
        run.status, run.version, run.published_at = RunStatus.PUBLISHED, version, now
        run.statistics = {
            **run.statistics,
            "publication": {
                "version": version,
                "previous_version": previous.version if previous else None,
                "notified": len(changed),
                "published_by": getattr(user, "pk", None),
            },
        }
        run.save(update_fields=["status", "version", "published_at", "statistics"])
        ScheduleNotice.objects.bulk_create([ScheduleNotice(run=run, participation_id=pk) for pk in changed])
        run_id = run.pk
        transaction.on_commit(
            lambda: [notify_schedule_change_task.delay(run_id=run_id, participation_id=pk) for pk in changed]
        )
    return Published(run=run, previous=previous, notified_participation_ids=changed)


def schedule_notice_send(*, run_id: int, participation_id: int) -> str:
    """E-mail one participant about a published version (with an .ics).

    Claims the ScheduleNotice row first (sent_at from empty to now): a duplicated or
    re-delivered task sends nothing. A version superseded before its e-mails went out sends
    nothing either (the newer version's e-mails tell the news). On an SMTP error the claim
    is released and the error raised, for the task to retry. Returns "sent", "already",
    "superseded" or "missing".
    """
    from .emails import schedule_change_messages, send

    notice = (
        ScheduleNotice.objects.filter(run_id=run_id, participation_id=participation_id)
        .select_related(
            "run__event", "participation__event", "participation__producer", "participation__distributor"
        )
        .first()
    )
    if notice is None:
        return "missing"
    now = timezone.now()
    if not ScheduleNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=now):
        return "already"
    run = notice.run
    if run.status != RunStatus.PUBLISHED:
        return "superseded"
    previous = (
        ScheduleRun.objects.filter(event_id=run.event_id, version__lt=run.version)
        .order_by("-version")
        .first()
    )
    try:
        count = send(schedule_change_messages(run=run, previous=previous, participation=notice.participation))
    except Exception:
        ScheduleNotice.objects.filter(pk=notice.pk).update(sent_at=None)
        raise
    ScheduleNotice.objects.filter(pk=notice.pk).update(recipients=count)
    return "sent"


# --- Calendar links ------------------------------------------------------------------------------


def agenda_token_for(*, participation: Participation) -> AgendaToken:
    """The participation's calendar link, made on first use. Side effects: may write a row."""
    token = AgendaToken.objects.filter(participation=participation).first()
    if token is not None:
        return token
    try:
        with transaction.atomic():
            return AgendaToken.objects.create(participation=participation)
    except IntegrityError:
        return AgendaToken.objects.get(participation=participation)


def agenda_token_reset(*, participation: Participation) -> AgendaToken:
    """A new secret for the calendar link; the old URL stops working. Side effects: rewrites
    the participation's AgendaToken row."""
    AgendaToken.objects.filter(participation=participation).delete()
    return agenda_token_for(participation=participation)
