"""E-mails of the schedule: a published or changed agenda (with an .ics), and the 3- and
6-month follow-up questions. Each goes to the people acting for a participation, one
message per person in their own language (User.language)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from distributors.enums import BuyerStatus
from events.models import Participation
from matchmaking.models import ScheduleRun
from ocop_portal.absolute_urls import absolute_url

from .agenda import agenda_for
from .calendar import agenda_calendar, calendar_filename


def party_users(participation: Participation) -> list[User]:
    """Active users with an e-mail address acting for the participation: the producer's
    members, or the distributor's approved buyers."""
    if participation.producer_id:
        users = User.objects.filter(producer_memberships__producer_id=participation.producer_id)
    else:
        users = User.objects.filter(
            buyer_memberships__distributor_id=participation.distributor_id,
            buyer_memberships__status=BuyerStatus.APPROVED,
        )
    return list(users.filter(is_active=True).exclude(email="").distinct().order_by("pk"))


def _subject(template: str, context: dict) -> str:
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_to_string(template, context).strip()


def schedule_change_messages(
    *, run: ScheduleRun, previous: ScheduleRun | None, participation
) -> list[EmailMessage]:
    """One message per person: the agenda of ``run``, what was dropped since ``previous``,
    and the whole agenda as an .ics (dropped meetings marked cancelled)."""
    messages = []
    for user in party_users(participation):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            agenda = agenda_for(participation=participation, run=run)
            before = agenda_for(participation=participation, run=previous) if previous else None
            now_pairs = {m.pair_key for m in agenda.meetings}
            dropped = [m for m in before.meetings if m.pair_key not in now_pairs] if before else []
            context = {
                "user": user,
                "agenda": agenda,
                "dropped": dropped,
                "first": previous is None,
                "url": absolute_url(reverse("matchmaking:agenda_detail", kwargs={"pk": participation.pk})),
            }
            message = EmailMessage(
                subject=_subject("emails/schedule/changed_subject.txt", context),
                body=render_to_string("emails/schedule/changed.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],
            )
            message.attach(
                calendar_filename(agenda),
                agenda_calendar(agenda, cancelled=dropped),
                "text/calendar",
            )
        messages.append(message)
    return messages


def follow_up_messages(*, participation, months: int, rows: list, token: str) -> list[EmailMessage]:
    """One message per person: what came of the meetings ``months`` after the event."""
    messages = []
    for user in party_users(participation):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "participation": participation,
                "event": participation.event,
                "months": months,
                "rows": rows,
                "url": absolute_url(reverse("matchmaking:follow_up_token", kwargs={"token": token})),
            }
            messages.append(
                EmailMessage(
                    subject=_subject("emails/schedule/follow_up_subject.txt", context),
                    body=render_to_string("emails/schedule/follow_up.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[user.email],
                )
            )
    return messages


def send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    return get_connection(fail_silently=False).send_messages(messages) or 0
