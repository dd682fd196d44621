"""Celery tasks of the meeting schedule: fetch by id, log a missing row, call the service.

Beat runs ``matchmaking.ask_follow_ups`` once a day (settings.CELERY_BEAT_SCHEDULE); the
follow-up rows are the schedule, nothing is planned ahead with an eta.
"""

import logging
from smtplib import SMTPException

from celery import shared_task

from matchmaking.models import ScheduleRun

from .feedback import follow_ups_ask_due
from .services import schedule_notice_send, schedule_run_execute

logger = logging.getLogger(__name__)


# The hard limit stays under services.RUN_STALE_AFTER (15 min): a run still "running" after
# that belongs to a dead worker and may be claimed again.
@shared_task(name="matchmaking.run_schedule", bind=True, acks_late=True, soft_time_limit=600, time_limit=660)
def run_schedule_task(self, *, run_id: int) -> str:
    if not ScheduleRun.objects.filter(pk=run_id).exists():
        logger.warning("schedule run %s no longer exists", run_id)
        return "missing"
    return schedule_run_execute(run_id=run_id)


@shared_task(name="matchmaking.notify_schedule_change", bind=True, max_retries=5, acks_late=True)
def notify_schedule_change_task(self, *, run_id: int, participation_id: int) -> str:
    try:
        return schedule_notice_send(run_id=run_id, participation_id=participation_id)
    except SMTPException as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries * 30) from exc


@shared_task(name="matchmaking.ask_follow_ups", acks_late=True)
def ask_follow_ups_task() -> int:
    return follow_ups_ask_due()
