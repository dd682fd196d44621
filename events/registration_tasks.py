"""Celery tasks of event registration: fetch by id, log a missing row, call the domain.

The services enqueue them after commit with primary keys; they retry with back-off when the
mail server fails. NB: a worker finds these tasks only if this module is imported; Celery's
autodiscovery imports ``events.tasks`` only (see the note in the hand-over).
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from distributors.enums import BuyerStatus
from ocop_portal.absolute_urls import absolute_url

from .enums import ParticipantKind, ParticipationStatus
from .models import Participation

logger = logging.getLogger(__name__)
MAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)


def participation_people(participation: Participation) -> list[User]:
    """Who speaks for a participant: the producer's members, or the distributor's approved
    buyers; active, with an e-mail address."""
    if participation.kind == ParticipantKind.PRODUCER:
        users = User.objects.filter(producer_memberships__producer_id=participation.producer_id)
    else:
        users = User.objects.filter(
            buyer_memberships__distributor_id=participation.distributor_id,
            buyer_memberships__status=BuyerStatus.APPROVED,
        )
    return list(users.filter(is_active=True).exclude(email="").distinct().order_by("pk"))


def participation_decision_send(*, participation: Participation) -> int:
    """Tell a participant's people that the organisers approved or declined the registration,
    each in their own language. Side effects: sends the e-mails. Returns how many."""
    approved = participation.status == ParticipationStatus.APPROVED
    messages = []
    for user in participation_people(participation):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "participation": participation,
                "event": participation.event,
                "party": participation.party,
                "user": user,
                "approved": approved,
                "event_url": absolute_url(
                    reverse("events:detail", kwargs={"slug": participation.event.slug})
                ),
                "availability_url": absolute_url(
                    reverse("events:availability", kwargs={"slug": participation.event.slug})
                ),
            }
            subject = render_to_string("emails/events/participation_decision_subject.txt", context).strip()
            body = render_to_string("emails/events/participation_decision.txt", context)
        messages.append(
            (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        )
    if messages:
        send_mass_mail(messages, fail_silently=False, connection=get_connection())
    return len(messages)


@shared_task(name="events.notify_participation_decision", bind=True, max_retries=5, acks_late=True)
def notify_participation_decision_task(self, *, participation_id: int, status: str) -> int:
    participation = (
        Participation.objects.select_related("event__province", "producer", "distributor")
        .filter(pk=participation_id)
        .first()
    )
    if participation is None:
        logger.warning("participation %s no longer exists", participation_id)
        return 0
    if participation.status != status:
        # A later decision replaced this one; its own task tells the participant.
        logger.info(
            "participation %s is now %s, not %s: not sent", participation_id, participation.status, status
        )
        return 0
    try:
        return participation_decision_send(participation=participation)
    except MAIL_ERRORS as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries * 30) from exc
