"""Celery tasks of events: thin wrappers that fetch by primary key and call the services.

Beat (settings.CELERY_BEAT_SCHEDULE) runs ``events.send_due_catalogue_packets`` every minute,
``events.sweep_stuck_catalogue_packets`` every five minutes and ``events.send_organiser_digests``
each morning; none schedules anything ahead with an eta: the rows' send_at is the schedule, and
each organiser's summary day is claimed on the user row (DESIGN.md).
"""

import logging

from celery import shared_task

from events.digest import organiser_digests_send
from events.models import CataloguePacket
from events.packets.services import (
    catalogue_packet_send,
    catalogue_packets_create_due,
    catalogue_packets_enqueue_due,
    catalogue_packets_sweep_stuck,
)

logger = logging.getLogger(__name__)


# The hard time limit stays well under CATALOGUE_PACKET_STUCK_AFTER (600 s), so a row still
# in "sending" after that long belongs to a dead worker and the sweeper may take it back.
@shared_task(
    name="events.send_catalogue_packet",
    bind=True,
    max_retries=5,
    acks_late=True,
    soft_time_limit=240,
    time_limit=300,
)
def send_catalogue_packet(self, *, packet_id: int) -> str:
    if not CataloguePacket.objects.filter(pk=packet_id).exists():
        logger.warning("catalogue packet %s no longer exists", packet_id)
        return "missing"
    outcome = catalogue_packet_send(packet_id=packet_id)  # claims the row: sends at most once
    if outcome.status == "retry":
        if self.request.is_eager:
            # No broker to hold a countdown (the embedded default runs tasks inside beat):
            # the row is pending with its later send_at, and a beat tick sends it when due.
            return outcome.status
        raise self.retry(exc=outcome.error, countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="events.send_due_catalogue_packets")
def send_due_catalogue_packets() -> int:
    created = catalogue_packets_create_due()
    enqueued = catalogue_packets_enqueue_due()
    if created or enqueued:
        logger.info("catalogue packets: %s created, %s enqueued", created, enqueued)
    return enqueued


@shared_task(name="events.sweep_stuck_catalogue_packets")
def sweep_stuck_catalogue_packets() -> int:
    return catalogue_packets_sweep_stuck()


@shared_task(name="events.send_organiser_digests", acks_late=True)
def send_organiser_digests() -> int:
    return organiser_digests_send()
