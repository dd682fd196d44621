"""Celery tasks of the producers app: fetch by id, log a missing row, call the domain.

Each takes primary keys, is enqueued after commit by the services, and retries with back-off
when the mail server fails.
"""

import logging
from smtplib import SMTPException

from celery import shared_task

from . import notifications, selectors, services
from .models import OcopCertificate, ProducerInvitation, ProducerJoinRequest

logger = logging.getLogger(__name__)
MAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)


def _backoff(retries: int) -> int:
    return 2**retries * 30


def _mail_about(task, queryset, pk: int, send) -> None:
    """The shape of every mail task here: fetch the row, log and stop if it is gone, send,
    retry with back-off when the mail server fails."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        logger.warning("%s %s no longer exists", queryset.model._meta.model_name, pk)
        return
    try:
        send(obj)
    except MAIL_ERRORS as exc:
        raise task.retry(exc=exc, countdown=_backoff(task.request.retries)) from exc


@shared_task(name="producers.warn_expiring_certificates", acks_late=True)
def warn_expiring_certificates() -> int:
    """Daily (django-celery-beat, see migration 0005): one task per certificate that expires
    within 30 days and whose producer has not been warned yet."""
    certificate_ids = selectors.certificate_ids_due_for_expiry_warning()
    for certificate_id in certificate_ids:
        warn_certificate_expiry.delay(certificate_id=certificate_id)
    return len(certificate_ids)


@shared_task(name="producers.warn_certificate_expiry", bind=True, max_retries=5, acks_late=True)
def warn_certificate_expiry(self, *, certificate_id: int) -> bool:
    try:
        return services.certificate_expiry_warn(certificate_id=certificate_id)
    except MAIL_ERRORS as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(name="producers.send_invitation", bind=True, max_retries=5, acks_late=True)
def send_invitation(self, *, invitation_id: int) -> None:
    _mail_about(
        self,
        ProducerInvitation.objects.select_related("producer", "invited_by"),
        invitation_id,
        lambda invitation: notifications.invitation_sent(invitation=invitation),
    )


@shared_task(name="producers.notify_join_request", bind=True, max_retries=5, acks_late=True)
def notify_join_request(self, *, join_request_id: int) -> None:
    _mail_about(
        self,
        ProducerJoinRequest.objects.select_related("producer", "user"),
        join_request_id,
        lambda join_request: notifications.join_request_received(join_request=join_request),
    )


@shared_task(name="producers.notify_join_decision", bind=True, max_retries=5, acks_late=True)
def notify_join_decision(self, *, join_request_id: int) -> None:
    _mail_about(
        self,
        ProducerJoinRequest.objects.select_related("producer", "user"),
        join_request_id,
        lambda join_request: notifications.join_request_decided(join_request=join_request),
    )


@shared_task(name="producers.notify_certificate_decision", bind=True, max_retries=5, acks_late=True)
def notify_certificate_decision(self, *, certificate_id: int) -> None:
    _mail_about(
        self,
        OcopCertificate.objects.select_related("product__producer"),
        certificate_id,
        lambda certificate: notifications.certificate_decided(certificate=certificate),
    )
