"""Writes of meeting requests: create, accept, decline, cancel.

Rules (the database keeps the last word where it can):
- both parties have an approved participation at the event, and the event still takes
  requests (status, end date, ``Event.request_deadline``);
- one live (pending or accepted) request per event, distributor and producer: a unique
  constraint; the IntegrityError becomes a clear message;
- a party sends at most ``Event.max_requests_per_participant`` live requests per event:
  counted under a lock on its participation row (select_for_update);
- answering is a conditional update ``WHERE status = 'pending'``: of two answers at once,
  one wins; cancelling stops once the event's schedule is published.
Every change e-mails the people concerned after commit (matchmaking.notify_meeting_request).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distributors.models import Buyer, Distributor
from events.enums import ParticipationStatus
from events.models import Event, Participation
from producers.models import Producer, Product
from producers.selectors import product_qs_visible

from . import selectors
from .enums import Priority, RequestSide, RequestStatus
from .models import MeetingRequest

LIVE = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


def _notify(request_id: int) -> None:
    from .tasks import notify_meeting_request_task

    transaction.on_commit(lambda: notify_meeting_request_task.delay(request_id=request_id))


def _check_event_open(event: Event, now) -> None:
    if event.request_deadline and now >= event.request_deadline:
        raise ValidationError(
            _("The deadline for meeting requests at this event has passed."), code="deadline"
        )
    if not selectors.events_open_for_requests(now=now).filter(pk=event.pk).exists():
        raise ValidationError(_("This event does not take meeting requests."), code="closed")


def _participation(event: Event, *, lock: bool = False, **party) -> Participation | None:
    queryset = Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED, **party)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


@transaction.atomic
def _meeting_request_create(
    *,
    side: str,
    event: Event,
    distributor: Distributor,
    producer: Producer,
    requested_by,
    product: Product | None,
    priority: int,
    message: str,
) -> MeetingRequest:
    now = timezone.now()
    _check_event_open(event, now)
    requester = {"distributor": distributor} if side == RequestSide.BUYER else {"producer": producer}
    other = {"producer": producer} if side == RequestSide.BUYER else {"distributor": distributor}
    # Lock the requester's participation: two requests at once are counted one after the other.
    if _participation(event, lock=True, **requester) is None:
        raise ValidationError(_("You are not an approved participant of this event."), code="not_participant")
    if _participation(event, **other) is None:
        raise ValidationError(_("The other party does not attend this event."), code="other_absent")
    if product is not None and (
        product.producer_id != producer.pk or not product_qs_visible().filter(pk=product.pk).exists()
    ):
        raise ValidationError(_("This product is not available."), code="product")
    if priority not in Priority.values:
        raise ValidationError(_("Choose a priority."), code="priority")
    sent = MeetingRequest.objects.filter(event=event, side=side, status__in=LIVE, **requester).count()
    if sent >= event.max_requests_per_participant:
        raise ValidationError(
            _("You have reached the organiser's limit of %(limit)d meeting requests for this event.")
            % {"limit": event.max_requests_per_participant},
            code="limit",
        )
    request = MeetingRequest(
        event=event,
        side=side,
        distributor=distributor,
        producer=producer,
        product=product,
        requested_by=requested_by,
        priority=priority,
        message=message.strip(),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("A meeting request between %(distributor)s and %(producer)s is already open for this event.")
            % {"distributor": distributor.name, "producer": producer.legal_name},
            code="duplicate",
        ) from exc
    _notify(request.pk)
    return request


def meeting_request_create_by_buyer(
    *,
    buyer: Buyer,
    producer: Producer,
    event: Event,
    product: Product | None = None,
    priority: int = Priority.SHOULD,
    message: str = "",
) -> MeetingRequest:
    """An approved buyer asks to meet a producer at an event both attend.

    Side effects: writes a pending MeetingRequest (side=buyer); e-mails the producer's
    members after commit."""
    if not buyer.is_approved:
        raise ValidationError(_("Your buyer membership is not approved yet."), code="not_approved")
    return _meeting_request_create(
        side=RequestSide.BUYER,
        event=event,
        distributor=buyer.distributor,
        producer=producer,
        requested_by=buyer.user,
        product=product,
        priority=priority,
        message=message,
    )


@dataclass
class RequestsSent:
    """What ``meeting_requests_create_for_products`` did: the requests it wrote and, by the
    code of the reason, the producers it did not ask."""

    sent: list[MeetingRequest] = field(default_factory=list)
    skipped: dict[str, list[Producer]] = field(default_factory=dict)


# Reasons that concern one producer; any other stops the whole (the buyer or the event).
PER_PRODUCER = ("other_absent", "duplicate", "limit", "product")


def meeting_requests_create_for_products(
    *,
    buyer: Buyer,
    event: Event,
    products,
    priority: int = Priority.SHOULD,
    message: str = "",
) -> RequestsSent:
    """An approved buyer asks the producers of ``products`` (a shortlist's, in its order) to
    meet at ``event``: each producer once, about its first product still in the catalogue.

    Each request is written on its own (meeting_request_create_by_buyer, with its e-mail), so
    a producer who cannot be asked (not at the event, asked already, the organiser's limit
    reached, no product left in the catalogue) is reported in ``skipped`` under that code
    and the others are still asked. A reason that concerns every producer (the buyer is not
    approved, the event's deadline has passed...) raises ValidationError; the requests
    written before it stay."""
    result = RequestsSent()
    by_producer: dict[int, tuple[Producer, Product | None]] = {}
    visible = set(product_qs_visible().filter(pk__in=[p.pk for p in products]).values_list("pk", flat=True))
    for product in products:
        producer, chosen = by_producer.get(product.producer_id, (product.producer, None))
        by_producer[product.producer_id] = (producer, chosen or (product if product.pk in visible else None))
    for producer, product in by_producer.values():
        if product is None:
            result.skipped.setdefault("product", []).append(producer)
            continue
        try:
            request = meeting_request_create_by_buyer(
                buyer=buyer,
                producer=producer,
                event=event,
                product=product,
                priority=priority,
                message=message,
            )
        except ValidationError as error:
            if error.code not in PER_PRODUCER:
                raise
            result.skipped.setdefault(error.code, []).append(producer)
        else:
            result.sent.append(request)
    return result


def meeting_request_create_by_producer(
    *,
    user,
    producer: Producer,
    distributor: Distributor,
    event: Event,
    priority: int = Priority.SHOULD,
    message: str = "",
) -> MeetingRequest:
    """A producer's member asks to meet a distributor whose needs match its products.

    Side effects: writes a pending MeetingRequest (side=producer); e-mails the
    distributor's approved buyers after commit."""
    if not producer.memberships.filter(user=user).exists():
        raise ValidationError(_("You are not a member of this producer."), code="not_member")
    if not selectors.distributor_matches_producer(distributor=distributor, producer=producer, event=event):
        raise ValidationError(
            _("This buyer's sourcing needs do not match your products at this event."), code="no_match"
        )
    return _meeting_request_create(
        side=RequestSide.PRODUCER,
        event=event,
        distributor=distributor,
        producer=producer,
        requested_by=user,
        product=None,
        priority=priority,
        message=message,
    )


def _receiving_side(request: MeetingRequest) -> str:
    return RequestSide.PRODUCER if request.side == RequestSide.BUYER else RequestSide.BUYER


def _check_receiver(request: MeetingRequest, user) -> None:
    viewer = selectors.viewer_of_request(user=user, request=request)
    if _receiving_side(request) not in viewer.sides:
        raise ValidationError(_("Only the side that was asked can answer this request."), code="not_receiver")


def _answer(request: MeetingRequest, *, user, status: str, reason: str) -> MeetingRequest:
    _check_receiver(request, user)
    now = timezone.now()
    answered = MeetingRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=status, response_reason=reason.strip(), responded_at=now, updated_at=now
    )
    request.refresh_from_db()
    if not answered:
        raise ValidationError(
            _("This request was already answered: it is now %(status)s.")
            % {"status": request.get_status_display().lower()},
            code="answered",
        )
    _notify(request.pk)
    return request


@transaction.atomic
def meeting_request_accept(*, request: MeetingRequest, user, reason: str = "") -> MeetingRequest:
    """The side that was asked accepts. Side effects: updates the request (only if still
    pending: one winner); e-mails the requesting side after commit."""
    return _answer(request, user=user, status=RequestStatus.ACCEPTED, reason=reason)


@transaction.atomic
def meeting_request_decline(*, request: MeetingRequest, user, reason: str) -> MeetingRequest:
    """The side that was asked declines, with a reason. Side effects: as accept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please tell them why.")}, code="reason")
    return _answer(request, user=user, status=RequestStatus.DECLINED, reason=reason)


def meeting_requests_accept(
    *, requests: list[MeetingRequest], user
) -> tuple[list[MeetingRequest], list[tuple[MeetingRequest, ValidationError]]]:
    """Accept each request as ``meeting_request_accept`` does, each in its own transaction,
    so one answered meanwhile does not stop the others. Returns (accepted, refused with the
    error)."""
    accepted, refused = [], []
    for request in requests:
        try:
            accepted.append(meeting_request_accept(request=request, user=user))
        except ValidationError as error:
            refused.append((request, error))
    return accepted, refused


def can_cancel(request: MeetingRequest, sides: frozenset[str]) -> bool:
    """The requesting side cancels a pending or accepted request; the side that was asked
    can cancel only after accepting (before, it declines)."""
    if request.side in sides:
        return request.status in LIVE
    if _receiving_side(request) in sides:
        return request.status == RequestStatus.ACCEPTED
    return False


@transaction.atomic
def meeting_request_cancel(*, request: MeetingRequest, user, reason: str = "") -> MeetingRequest:
    """Side effects: marks the request cancelled (only while live and before the event's
    schedule is published); e-mails both sides after commit."""
    viewer = selectors.viewer_of_request(user=user, request=request)
    if not can_cancel(request, viewer.sides):
        raise ValidationError(_("You cannot cancel this request."), code="not_allowed")
    if selectors.schedule_published(event_id=request.event_id):
        raise ValidationError(
            _("The meeting schedule of this event is published: ask the organisers to change it."),
            code="published",
        )
    now = timezone.now()
    cancelled = MeetingRequest.objects.filter(pk=request.pk, status__in=LIVE).update(
        status=RequestStatus.CANCELLED,
        response_reason=reason.strip() or request.response_reason,
        responded_at=now,
        updated_at=now,
    )
    request.refresh_from_db()
    if not cancelled:
        raise ValidationError(_("This request is no longer open."), code="closed")
    _notify(request.pk)
    return request
