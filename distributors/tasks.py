"""Celery tasks of the buyer pages: fetch by id, log a missing row, call the domain."""

import logging
from smtplib import SMTPException

from celery import shared_task

from .emails import buyer_decision_send
from .models import Buyer
from .new_products import new_product_notices_record, new_product_notices_send

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


@shared_task(name="distributors.send_new_product_notices", acks_late=True)
def send_new_product_notices_task() -> int:
    """Once a day (beat): note the products newly listed for each sourcing need, then mail
    the buyers what they have not been told yet. Returns how many messages went out."""
    new_product_notices_record()
    return new_product_notices_send()
