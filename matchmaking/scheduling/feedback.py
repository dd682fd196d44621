"""After the meetings: each side rates a meeting on its agenda; 3 and 6 months after the
event each side is asked (once, by e-mail) what came of it: an order, a contract, an MoU.

The follow-up rows are the truth (DESIGN.md): the daily beat task creates the missing rows
of the events that are due, then e-mails each participant whose rows were never asked and
stamps ``asked_at`` in the same transaction, so a second run the same day mails nobody and
a failed e-mail is tried again the next day.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from smtplib import SMTPException

from dateutil.relativedelta import relativedelta
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import ParticipantKind
from events.models import Event, Participation
from matchmaking.enums import (
    LIVE_MEETING,
    FollowUpOutcome,
    MeetingRating,
    MeetingStatus,
    RequestSide,
    RunStatus,
)
from matchmaking.models import Meeting, MeetingFeedback

from .agenda import side_of
from .emails import follow_up_messages, send

logger = logging.getLogger(__name__)

FOLLOW_UP_MONTHS = (3, 6)
FOLLOW_UP_WINDOW = dt.timedelta(days=30)  # a follow-up not sent within this is skipped
FOLLOW_UP_TOKEN_MAX_AGE = dt.timedelta(days=150)
FOLLOW_UP_SALT = "matchmaking.follow-up"


# --- Ratings -------------------------------------------------------------------------------------


def meeting_rate(*, meeting: Meeting, side: str, rating: str, author=None, now=None) -> MeetingFeedback:
    """One side's rating of a meeting of the published schedule, once it has started; rating
    again replaces it. Side effects: writes the side's MeetingFeedback row (0 months)."""
    now = now or timezone.now()
    if rating not in MeetingRating.values:
        raise ValidationError(_("Choose one of the ratings."), code="invalid")
    if side not in RequestSide.values:
        raise ValidationError(_("Unknown side."), code="invalid")
    meeting = Meeting.objects.select_related("run", "slot").get(pk=meeting.pk)
    if meeting.run.status != RunStatus.PUBLISHED or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is not in the published schedule."), code="not_published")
    if meeting.slot.starts_at > now:
        raise ValidationError(_("You can rate a meeting once it has started."), code="too_early")
    values = {"rating": rating, "author": author, "answered_at": now}
    try:
        with transaction.atomic():
            row, _created = MeetingFeedback.objects.update_or_create(
                meeting=meeting, side=side, months_after=0, defaults=values
            )
    except IntegrityError:  # the other tab of the same person got there first
        row = MeetingFeedback.objects.get(meeting=meeting, side=side, months_after=0)
        MeetingFeedback.objects.filter(pk=row.pk).update(**values)
        row.refresh_from_db()
    return row


# --- Follow-ups ----------------------------------------------------------------------------------


def follow_up_token(*, participation_id: int, months: int) -> str:
    return signing.dumps({"p": participation_id, "m": months}, salt=FOLLOW_UP_SALT)


def follow_up_token_read(token: str) -> tuple[int, int] | None:
    """(participation id, months) of a valid, unexpired follow-up link, else None."""
    try:
        data = signing.loads(token, salt=FOLLOW_UP_SALT, max_age=FOLLOW_UP_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or data.get("m") not in FOLLOW_UP_MONTHS
        or not isinstance(data.get("p"), int)
    ):
        return None
    return data["p"], data["m"]


def _due_events(today: dt.date, months: int) -> list[Event]:
    """Events whose end is ``months`` ago, give or take the window (the later follow-up wins
    when the two overlap: never ask both at once)."""
    latest_end = today - relativedelta(months=months)
    earliest_end = latest_end - FOLLOW_UP_WINDOW
    return list(Event.objects.filter(ends_on__lte=latest_end, ends_on__gt=earliest_end).order_by("pk"))


def _follow_up_meetings(event: Event) -> list[Meeting]:
    """Meetings of the published version that may have led somewhere: not cancelled, not a
    no-show, and rated "not held" by neither side."""
    not_held = MeetingFeedback.objects.filter(months_after=0, rating=MeetingRating.NOT_HELD).values(
        "meeting_id"
    )
    return list(
        Meeting.objects.filter(LIVE_MEETING, run__event=event, run__status=RunStatus.PUBLISHED)
        .exclude(status=MeetingStatus.NO_SHOW)
        .exclude(pk__in=not_held)
        .order_by("pk")
    )


def follow_ups_ask_due(*, today: dt.date | None = None) -> int:
    """Ask each side of each due meeting what came of it. Side effects: writes the missing
    MeetingFeedback rows (3 or 6 months), e-mails every participant with rows never asked
    and stamps their ``asked_at``. Returns how many e-mails went out."""
    today = today or timezone.localdate()
    sent = 0
    for months in sorted(FOLLOW_UP_MONTHS, reverse=True):
        for event in _due_events(today, months):
            meetings = _follow_up_meetings(event)
            MeetingFeedback.objects.bulk_create(
                [
                    MeetingFeedback(meeting=meeting, side=side, months_after=months)
                    for meeting in meetings
                    for side in (RequestSide.PRODUCER, RequestSide.BUYER)
                ],
                ignore_conflicts=True,
            )
            waiting = MeetingFeedback.objects.filter(
                meeting__in=meetings, months_after=months, asked_at__isnull=True
            ).values_list("pk", "side", "meeting__producer_id", "meeting__distributor_id")
            groups: dict[tuple[str, int], list[int]] = defaultdict(list)
            for pk, side, producer_id, distributor_id in waiting:
                groups[(side, producer_id if side == RequestSide.PRODUCER else distributor_id)].append(pk)
            participations = {
                (ParticipantKind.PRODUCER if p.producer_id else ParticipantKind.DISTRIBUTOR, p.party.pk): p
                for p in Participation.objects.filter(event=event).select_related(
                    "event", "producer", "distributor"
                )
            }
            for (side, party_id), ids in sorted(groups.items()):
                kind = (
                    ParticipantKind.PRODUCER if side == RequestSide.PRODUCER else ParticipantKind.DISTRIBUTOR
                )
                participation = participations.get((kind, party_id))
                try:
                    sent += _ask(participation, months, ids)
                except SMTPException:
                    logger.exception("follow-up e-mail for %s failed; tried again tomorrow", participation)
    return sent


def _ask(participation: Participation | None, months: int, ids: list[int]) -> int:
    with transaction.atomic():
        rows = list(
            MeetingFeedback.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, asked_at__isnull=True)
            .select_related("meeting__producer", "meeting__distributor", "meeting__slot")
            .order_by("meeting__slot__starts_at", "pk")
        )
        if not rows:
            return 0
        count = 0
        if participation is not None:
            token = follow_up_token(participation_id=participation.pk, months=months)
            count = send(
                follow_up_messages(participation=participation, months=months, rows=rows, token=token)
            )
        MeetingFeedback.objects.filter(pk__in=[row.pk for row in rows]).update(asked_at=timezone.now())
        return count


def follow_up_rows(*, participation: Participation, months: int | None = None) -> list[MeetingFeedback]:
    """The participation's follow-up questions that were asked (3 and 6 months), by meeting."""
    side = side_of(participation)
    mine = (
        {"meeting__producer_id": participation.producer_id}
        if side == RequestSide.PRODUCER
        else {"meeting__distributor_id": participation.distributor_id}
    )
    rows = MeetingFeedback.objects.filter(
        side=side,
        months_after__in=[months] if months else FOLLOW_UP_MONTHS,
        asked_at__isnull=False,
        meeting__run__event_id=participation.event_id,
        meeting__run__status=RunStatus.PUBLISHED,
        **mine,
    )
    return list(
        rows.select_related("meeting__producer", "meeting__distributor", "meeting__slot").order_by(
            "months_after", "meeting__slot__starts_at", "pk"
        )
    )


@transaction.atomic
def follow_up_answer(
    *,
    participation: Participation,
    answers: dict[int, tuple[str, str]],
    author=None,
    months: int | None = None,
) -> int:
    """Store the answers ({feedback id: (outcome, comment)}) to the participation's own
    follow-up questions; ids of other rows are ignored. Side effects: updates
    MeetingFeedback rows. Returns how many were answered."""
    allowed = {row.pk for row in follow_up_rows(participation=participation, months=months)}
    now = timezone.now()
    count = 0
    for pk, (outcome, comment) in answers.items():
        if pk not in allowed or not outcome:
            continue
        if outcome not in FollowUpOutcome.values:
            raise ValidationError(_("Choose one of the outcomes."), code="invalid")
        count += MeetingFeedback.objects.filter(pk=pk).update(
            outcome=outcome, comment=comment.strip()[:2000], answered_at=now, author=author
        )
    return count
