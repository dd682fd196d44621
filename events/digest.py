"""The organisers' morning summary: what waits for their decision (events.selectors.organiser_to_do).

Beat runs ``events.send_organiser_digests`` once a morning (settings.CELERY_BEAT_SCHEDULE).
Each organiser's day is claimed on the user row before the e-mail goes, so a re-delivered
or doubled task never mails anybody twice in a day.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from ocop_portal.absolute_urls import absolute_url

from .registration_tasks import MAIL_ERRORS
from .selectors import organiser_to_do

logger = logging.getLogger(__name__)


def organisers_to_tell():
    """Active staff with an e-mail address who want the summary."""
    return (
        User.objects.filter(is_active=True, is_staff=True, organiser_digest=True)
        .exclude(email="")
        .order_by("pk")
    )


def organiser_digest_send(*, user: User, today: dt.date) -> bool:
    """E-mail ``user`` what waits for them, in their language, unless nothing does or they
    already had today's. Side effects: claims the day on the user row, sends one e-mail;
    the claim is given back if sending fails, so a retry sends it."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        waiting = organiser_to_do(user=user)
        if not waiting:
            return False
        context = {
            "user": user,
            "waiting": [(item, absolute_url(item.url)) for item in waiting],
            "total": sum(item.count for item in waiting),
            "admin_url": absolute_url(reverse("admin:index")),
        }
        subject = render_to_string("emails/events/organiser_digest_subject.txt", context).strip()
        body = render_to_string("emails/events/organiser_digest.txt", context)
    previous = user.organiser_digest_on
    mine = User.objects.filter(pk=user.pk)
    claimed = mine.exclude(organiser_digest_on=today).update(organiser_digest_on=today)
    if not claimed:
        return False
    try:
        EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[user.email]).send()
    except Exception:
        mine.filter(organiser_digest_on=today).update(organiser_digest_on=previous)
        raise
    return True


def organiser_digests_send(*, today: dt.date | None = None) -> int:
    """Send today's summary to every organiser something waits for. Returns how many went;
    a mail server failure for one organiser is logged and does not stop the others."""
    today = today or timezone.localdate()
    sent = 0
    for user in organisers_to_tell().exclude(organiser_digest_on=today):
        try:
            sent += organiser_digest_send(user=user, today=today)
        except MAIL_ERRORS:
            logger.exception("morning summary to organiser %s not sent", user.pk)
    return sent
