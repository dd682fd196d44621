"""Celery tasks of the buyer pages: fetch by id, log a missing row, call the domain."""

import logging
from smtplib import SMTPException

from celery import shared_task

from .emails import buyer_decision_send
from .models import Buyer

logger = logging.getLogger(__name__)


@shared_task(name="distributors.notify_buyer_decision", bind=True, max_retries=5, acks_late=True)
def notify_buyer_decision_task(self, *, buyer_id: int) -> None:
    buyer = Buyer.objects.filter(pk=buyer_id).select_related("user", "distributor").first()
    if buyer is None:
        logger.warning("buyer membership %s no longer exists", buyer_id)
        return
    try:
        buyer_decision_send(buyer=buyer)
    except SMTPException as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries * 30) from exc
