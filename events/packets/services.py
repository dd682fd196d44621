"""Writes of catalogue packets: the row is the truth, messages are hints (DESIGN.md).

A packet row is created pending with a ``send_at``; the beat task enqueues due rows; sending
claims the row with a conditional update (pending → sending: one winner), so a task run
twice, re-delivered or started by two beat ticks never mails twice. A failed try puts the
row back to pending with a later ``send_at`` (exponential back-off with jitter); after
``MAX_ATTEMPTS`` tries it is failed, with the error shown in the admin. The sweeper puts rows
stuck in sending (their worker died) back to pending. Resending is an organiser's action
that makes a new version.

Settings read at call time (seconds): CATALOGUE_PACKET_STUCK_AFTER (600),
CATALOGUE_PACKET_RETRY_BACKOFF (30: first retry after 30–45 s, then doubling),
CATALOGUE_PACKET_REQUEUE_AFTER (300: a due row is enqueued again only after this long).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
import smtplib
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.enums import EventStatus, PacketStatus, ParticipantKind, ParticipationStatus
from events.models import CataloguePacket, Event, Participation

from .content import packet_content
from .render import packet_email, packet_link, render_packet_pdf
from .selectors import packet_recipients

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first try and the send task's five retries
SENDABLE_EVENT_STATUSES = (EventStatus.REGISTRATION_OPEN, EventStatus.REGISTRATION_CLOSED)
# What a mail server or the network does wrong; anything else is a bug, logged with its traceback.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True, slots=True)
class SendOutcome:
    status: str  # "sent", "retry", "failed", "skipped" (not ours to send now) or "missing"
    retry_in: float | None = None  # seconds, with status "retry"
    error: BaseException | None = None


def _stuck_after() -> int:
    return int(getattr(settings, "CATALOGUE_PACKET_STUCK_AFTER", 600))


def _requeue_after() -> int:
    return int(getattr(settings, "CATALOGUE_PACKET_REQUEUE_AFTER", 300))


def retry_delay(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` tries: base·2^(attempts-1), plus up to
    half of that again as jitter, so packets that failed together do not retry together."""
    delay = float(getattr(settings, "CATALOGUE_PACKET_RETRY_BACKOFF", 30)) * 2 ** max(attempts - 1, 0)
    return delay + random.uniform(0, delay / 2)  # noqa: S311 (jitter, not a secret)


def _enqueue(packet_ids) -> None:
    from events.tasks import send_catalogue_packet as send_catalogue_packet_task

    for packet_id in packet_ids:
        transaction.on_commit(partial(send_catalogue_packet_task.delay, packet_id=packet_id))


# --- Due rows -------------------------------------------------------------------------------------


def _create_missing(*, events: QuerySet[Event], send_at: dt.datetime | None) -> int:
    """Version-1 rows for approved distributors of these events that have no packet yet.
    ``send_at`` None means the event's catalogue send time. The unique (event, distributor,
    version) constraint makes concurrent callers harmless."""
    missing = (
        Participation.objects.filter(
            event__in=events, kind=ParticipantKind.DISTRIBUTOR, status=ParticipationStatus.APPROVED
        )
        .exclude(
            Exists(
                CataloguePacket.objects.filter(event=OuterRef("event"), distributor=OuterRef("distributor"))
            )
        )
        .values_list("event_id", "distributor_id", "event__catalogue_send_at")
    )
    rows = [
        CataloguePacket(event_id=event_id, distributor_id=distributor_id, version=1, send_at=send_at or when)
        for event_id, distributor_id, when in missing
    ]
    CataloguePacket.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def catalogue_packets_create_due(*, now: dt.datetime | None = None) -> int:
    """Create the missing version-1 packets of events whose catalogue send time has passed
    (events open or closed for registration, not over). Side effects: inserts rows."""
    now = now or timezone.now()
    events = Event.objects.filter(
        catalogue_send_at__lte=now,
        status__in=SENDABLE_EVENT_STATUSES,
        ends_on__gte=timezone.localdate(now),
    )
    return _create_missing(events=events, send_at=None)


def catalogue_packets_enqueue_due(*, now: dt.datetime | None = None) -> int:
    """Enqueue a send for every due pending packet. A row enqueued in the last
    CATALOGUE_PACKET_REQUEUE_AFTER seconds is not enqueued again (a cache marker keyed by its
    try and due time), so a long queue does not fill with duplicates; duplicates would be
    harmless anyway. Side effects: enqueues tasks after commit. Returns how many."""
    now = now or timezone.now()
    due = list(
        CataloguePacket.objects.filter(
            status=PacketStatus.PENDING, send_at__lte=now, event__status__in=SENDABLE_EVENT_STATUSES
        )
        .order_by("send_at", "pk")
        .values_list("pk", "attempts", "send_at", "created_at")
    )
    requeue_after = _requeue_after()
    ids = []
    for packet_id, attempts, send_at, created_at in due:
        marker = f"events:packet-queued:{packet_id}:{created_at.timestamp()}:{attempts}:{send_at.timestamp()}"
        if requeue_after > 0 and not cache.add(marker, 1, timeout=requeue_after):
            continue
        ids.append(packet_id)
    _enqueue(ids)
    return len(ids)


# --- Sending, exactly once -----------------------------------------------------------------------


def catalogue_packet_send(*, packet_id: int) -> SendOutcome:
    """Send one packet if it is due and nobody else is sending it.

    Side effects: claims the row (pending → sending, attempts + 1, claimed_at); renders the
    content in the buyers' language; stores the PDF under a random name; e-mails it to the
    distributor's approved buyers; marks the row sent. On a mail error the row goes back to
    pending with a later send_at and the outcome says when to retry; after MAX_ATTEMPTS it is
    failed. Any other error is recorded the same way, then raised.
    """
    packet = CataloguePacket.objects.select_related("event", "distributor").filter(pk=packet_id).first()
    if packet is None:
        return SendOutcome("missing")
    if packet.event.status not in SENDABLE_EVENT_STATUSES:
        return SendOutcome("skipped")
    claimed_at = timezone.now()
    won = CataloguePacket.objects.filter(
        pk=packet_id, status=PacketStatus.PENDING, send_at__lte=claimed_at
    ).update(status=PacketStatus.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1)
    if not won:
        return SendOutcome("skipped")
    packet.refresh_from_db(fields=("status", "attempts", "claimed_at", "pdf", "version"))
    # Later writes only land while the claim is still ours (the sweeper may have taken it).
    claim = CataloguePacket.objects.filter(pk=packet_id, status=PacketStatus.SENDING, claimed_at=claimed_at)
    try:
        recipients = packet_recipients(distributor=packet.distributor)
        if not recipients.emails:
            error = gettext("The distributor has no approved buyer with an e-mail address.")
            claim.update(status=PacketStatus.FAILED, last_error=error)
            logger.warning("catalogue packet %s: %s", packet_id, error)
            return SendOutcome("failed")
        with translation.override(recipients.language):
            content = packet_content(event=packet.event, distributor=packet.distributor)
            pdf = render_packet_pdf(content)
            message = packet_email(
                content=content,
                pdf=pdf,
                version=packet.version,
                recipients=recipients.emails,
                link=packet_link(event_slug=content.event_slug),
            )
        _store_pdf(packet=packet, claim=claim, pdf=pdf)
        message.send()
    except MAIL_ERRORS as exc:
        return _after_failure(packet=packet, claim=claim, exc=exc)
    except Exception as exc:
        _after_failure(packet=packet, claim=claim, exc=exc)
        raise
    if not claim.update(status=PacketStatus.SENT, sent_at=timezone.now(), last_error=""):
        logger.error("catalogue packet %s was mailed after its claim was taken over", packet_id)
    logger.info("catalogue packet %s sent (attempt %s)", packet_id, packet.attempts)
    return SendOutcome("sent")


def _store_pdf(*, packet: CataloguePacket, claim: QuerySet[CataloguePacket], pdf: bytes) -> None:
    """Keep the PDF the buyers receive, under an unguessable name (media may be public)."""
    storage = packet.pdf.storage
    name = storage.save(f"packets/{packet.event.slug}/{secrets.token_urlsafe(16)}.pdf", ContentFile(pdf))
    previous = packet.pdf.name
    if claim.update(pdf=name, size_bytes=len(pdf)):
        if previous:
            storage.delete(previous)
    else:
        storage.delete(name)


def _after_failure(
    *, packet: CataloguePacket, claim: QuerySet[CataloguePacket], exc: BaseException
) -> SendOutcome:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if packet.attempts >= MAX_ATTEMPTS:
        claim.update(status=PacketStatus.FAILED, last_error=error)
        logger.error("catalogue packet %s failed after %s tries: %s", packet.pk, packet.attempts, error)
        return SendOutcome("failed", error=exc)
    delay = retry_delay(packet.attempts)
    claim.update(
        status=PacketStatus.PENDING,
        send_at=timezone.now() + dt.timedelta(seconds=delay),
        last_error=error,
    )
    logger.warning(
        "catalogue packet %s try %s failed, next in %.0f s: %s", packet.pk, packet.attempts, delay, error
    )
    return SendOutcome("retry", retry_in=delay, error=exc)


def catalogue_packets_sweep_stuck(*, now: dt.datetime | None = None) -> int:
    """Rows left in sending for longer than CATALOGUE_PACKET_STUCK_AFTER (their worker died:
    the send task's hard time limit is shorter) go back to pending and are enqueued again;
    after MAX_ATTEMPTS tries they are failed. Side effects: updates rows, enqueues tasks."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=_stuck_after())
    stuck = list(
        CataloguePacket.objects.filter(status=PacketStatus.SENDING)
        .filter(Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True))
        .values_list("pk", "attempts", "claimed_at")
    )
    requeued = []
    for packet_id, attempts, claimed_at in stuck:
        row = CataloguePacket.objects.filter(pk=packet_id, status=PacketStatus.SENDING, claimed_at=claimed_at)
        note = gettext("Interrupted while sending (try %(attempt)d): the worker stopped.") % {
            "attempt": attempts
        }
        if attempts >= MAX_ATTEMPTS:
            row.update(status=PacketStatus.FAILED, last_error=note)
        elif row.update(status=PacketStatus.PENDING, send_at=now, last_error=note):
            requeued.append(packet_id)
    if stuck:
        logger.warning("catalogue packets stuck in sending: %s; requeued %s", [s[0] for s in stuck], requeued)
    _enqueue(requeued)
    return len(requeued)


# --- Organisers' actions --------------------------------------------------------------------------


def catalogue_packets_send_now(*, packets: QuerySet[CataloguePacket]) -> int:
    """Send these packets now: pending ones become due now, failed ones pending again with
    their tries reset. Sent packets are left alone (resending makes a new version), and so
    are packets of events that are drafts, finished or cancelled.
    Side effects: updates rows; enqueues a send for each after commit. Returns how many."""
    now = timezone.now()
    ids = list(
        packets.filter(
            status__in=(PacketStatus.PENDING, PacketStatus.FAILED),
            event__status__in=SENDABLE_EVENT_STATUSES,
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        rows = CataloguePacket.objects.filter(pk__in=ids)
        rows.filter(status=PacketStatus.PENDING).update(send_at=now)
        rows.filter(status=PacketStatus.FAILED).update(status=PacketStatus.PENDING, send_at=now, attempts=0)
        _enqueue(ids)
    return len(ids)


def event_catalogue_send_now(*, event: Event) -> int:
    """Send the event's catalogue now to every approved distributor that has not had it:
    creates the missing packets, then sends every pending or failed one.
    Side effects: inserts and updates rows; enqueues sends. Returns how many."""
    if event.status not in SENDABLE_EVENT_STATUSES:
        return 0
    _create_missing(events=Event.objects.filter(pk=event.pk), send_at=timezone.now())
    return catalogue_packets_send_now(packets=CataloguePacket.objects.filter(event=event))


def event_catalogue_prepare(*, event: Event) -> int:
    """Create the packets of the event's approved distributors ahead of time (due at the
    event's catalogue send time), so organisers can preview and reschedule them one by one.
    Side effects: inserts rows. Returns how many."""
    if event.catalogue_send_at is None:
        raise ValidationError(_("Set the catalogue send time of the event first."), code="no_send_time")
    return _create_missing(events=Event.objects.filter(pk=event.pk), send_at=event.catalogue_send_at)


def catalogue_packet_resend(*, packet: CataloguePacket) -> CataloguePacket | None:
    """A new version of this distributor's packet, due now: the organiser's explicit resend.
    None when a version is already waiting or being sent, or the event is not open or closed.
    Side effects: inserts a row; enqueues its send after commit."""
    if packet.event.status not in SENDABLE_EVENT_STATUSES:
        return None
    versions = CataloguePacket.objects.filter(event_id=packet.event_id, distributor_id=packet.distributor_id)
    try:
        with transaction.atomic():
            if versions.filter(status__in=(PacketStatus.PENDING, PacketStatus.SENDING)).exists():
                return None
            latest = versions.aggregate(latest=Max("version"))["latest"] or 0
            new = CataloguePacket.objects.create(
                event_id=packet.event_id,
                distributor_id=packet.distributor_id,
                version=latest + 1,
                send_at=timezone.now(),
            )
            _enqueue([new.pk])
    except IntegrityError:  # another organiser resent it at the same moment
        return None
    return new
