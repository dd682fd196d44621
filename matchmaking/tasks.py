"""Celery tasks of the meeting requests: fetch by id, log a missing row, call the domain."""

import logging
from smtplib import SMTPException

from celery import shared_task

from .emails import meeting_request_notify
from .models import MeetingRequest
from .reminders import answer_reminders_send

logger = logging.getLogger(__name__)


@shared_task(name="matchmaking.notify_meeting_request", bind=True, max_retries=5, acks_late=True)
def notify_meeting_request_task(self, *, request_id: int) -> None:
    request = (
        MeetingRequest.objects.filter(pk=request_id)
        .select_related("event", "producer", "distributor", "product", "requested_by")
        .first()
    )
    if request is None:
        logger.warning("meeting request %s no longer exists", request_id)
        return
    try:
        meeting_request_notify(request=request)
    except SMTPException as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries * 30) from exc


@shared_task(name="matchmaking.send_answer_reminders", acks_late=True)
def send_answer_reminders_task() -> int:
    return answer_reminders_send()
