"""Celery tasks of the buyer pages: fetch by id, log a missing row, call the domain."""

import logging
from smtplib import SMTPException

from celery import shared_task

from .emails import buyer_decision_send, shortlist_handed_over_send, shortlist_shared_send
from .models import Buyer, Shortlist
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


@shared_task(name="distributors.notify_shortlist_shared", bind=True, max_retries=5, acks_late=True)
def notify_shortlist_shared_task(self, *, shortlist_id: int) -> int:
    shortlist = (
        Shortlist.objects.filter(pk=shortlist_id)
        .select_related("buyer__user", "buyer__distributor", "event")
        .first()
    )
    if shortlist is None:
        logger.warning("shortlist %s no longer exists", shortlist_id)
        return 0
    try:
        return shortlist_shared_send(shortlist=shortlist)
    except SMTPException as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries * 30) from exc


@shared_task(name="distributors.notify_shortlist_handed_over", bind=True, max_retries=5, acks_late=True)
def notify_shortlist_handed_over_task(self, *, shortlist_id: int, to_id: int, by_id: int) -> int:
    shortlist = Shortlist.objects.filter(pk=shortlist_id).select_related("buyer__user", "event").first()
    by = Buyer.objects.filter(pk=by_id).select_related("user").first()
    to = Buyer.objects.filter(pk=to_id).first()
    if shortlist is None or by is None or to is None:
        logger.warning("shortlist %s, or a buyer of its hand-over, no longer exists", shortlist_id)
        return 0
    try:
        return shortlist_handed_over_send(shortlist=shortlist, to=to, by=by)
    except SMTPException as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries * 30) from exc


@shared_task(name="distributors.send_new_product_notices", acks_late=True)
def send_new_product_notices_task() -> int:
    """Once a day (beat): note the products newly listed for each sourcing need, then mail
    the buyers what they have not been told yet. Returns how many messages went out."""
    new_product_notices_record()
    return new_product_notices_send()
