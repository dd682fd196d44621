"""Before an event's meeting request deadline, remind each participant of the requests that
still wait for their answer: the scheduler places accepted requests first.

Beat runs ``matchmaking.send_answer_reminders`` each morning (settings.CELERY_BEAT_SCHEDULE).
A participation is reminded once: ``Participation.answer_reminder_at`` is claimed with a
conditional update before the e-mails go, and given back if the mail server fails.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from events.enums import ParticipantKind, ParticipationStatus
from events.models import Participation
from events.registration_tasks import MAIL_ERRORS, participation_people
from ocop_portal.absolute_urls import absolute_url

from .enums import RequestSide, RequestStatus
from .models import MeetingRequest
from .selectors import events_open_for_requests

logger = logging.getLogger(__name__)

# How long before the request deadline the reminder goes (beat runs once a day).
REMIND_BEFORE = dt.timedelta(days=3)


def waiting_for(participation: Participation):
    """The pending requests at the participation's event that the other side sent it, most
    wanted first."""
    if participation.kind == ParticipantKind.PRODUCER:
        mine = Q(producer_id=participation.producer_id, side=RequestSide.BUYER)
    else:
        mine = Q(distributor_id=participation.distributor_id, side=RequestSide.PRODUCER)
    return (
        MeetingRequest.objects.filter(mine, event_id=participation.event_id, status=RequestStatus.PENDING)
        .select_related("producer", "distributor", "product")
        .order_by("priority", "created_at", "pk")
    )


def reminders_due(*, now: dt.datetime) -> list[Participation]:
    """Approved participations not yet reminded, at events whose request deadline comes
    within REMIND_BEFORE, that have requests waiting for their answer. One query."""
    pending = MeetingRequest.objects.filter(event_id=OuterRef("event_id"), status=RequestStatus.PENDING)
    return list(
        Participation.objects.filter(
            Q(
                Exists(pending.filter(producer_id=OuterRef("producer_id"), side=RequestSide.BUYER)),
                kind=ParticipantKind.PRODUCER,
            )
            | Q(
                Exists(pending.filter(distributor_id=OuterRef("distributor_id"), side=RequestSide.PRODUCER)),
                kind=ParticipantKind.DISTRIBUTOR,
            ),
            event__in=events_open_for_requests(now=now).filter(request_deadline__lte=now + REMIND_BEFORE),
            status=ParticipationStatus.APPROVED,
            answer_reminder_at__isnull=True,
        )
        .select_related("event", "producer", "distributor")
        .order_by("event_id", "pk")
    )


def _url(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def answer_reminder_send(*, participation: Participation, now: dt.datetime) -> int:
    """E-mail the participant's people the requests waiting for their answer, each in their
    language. Side effects: claims the participation's reminder, sends the e-mails; the
    claim is given back if sending fails. Returns how many e-mails went."""
    requests = list(waiting_for(participation))
    people = participation_people(participation)
    if not requests or not people:
        return 0
    mine = Participation.objects.filter(pk=participation.pk)
    if not mine.filter(answer_reminder_at__isnull=True).update(answer_reminder_at=now):
        return 0  # another worker has it
    event = participation.event
    messages = []
    for user in people:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "event": event,
                "deadline": event.request_deadline,
                "producer_side": participation.kind == ParticipantKind.PRODUCER,
                "requests": [(r, _url("matchmaking:request_detail", pk=r.pk)) for r in requests],
                "list_url": _url("matchmaking:request_list"),
            }
            subject = render_to_string("emails/matchmaking/answer_reminder_subject.txt", context).strip()
            body = render_to_string("emails/matchmaking/answer_reminder.txt", context)
        messages.append(
            (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        )
    try:
        send_mass_mail(messages, fail_silently=False, connection=get_connection())
    except Exception:
        mine.filter(answer_reminder_at=now).update(answer_reminder_at=None)
        raise
    return len(messages)


def answer_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind every participant due (reminders_due). Returns how many e-mails went; a mail
    server failure for one participant is logged and does not stop the others."""
    now = now or timezone.now()
    sent = 0
    for participation in reminders_due(now=now):
        try:
            sent += answer_reminder_send(participation=participation, now=now)
        except MAIL_ERRORS:
            logger.exception("answer reminder for participation %s not sent", participation.pk)
    return sent
