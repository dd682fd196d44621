"""Writes of events: keyword-only, validated, in a transaction."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distributors.models import Distributor
from producers.models import Producer, Product
from producers.selectors import product_qs_visible

from .enums import EventStatus, ParticipantKind, ParticipationStatus
from .models import Event, MeetingBlock, Participation, Slot, Table
from .registration_tasks import notify_participation_decision_task
from .selectors import availability_deadline, availability_is_open

logger = logging.getLogger(__name__)


def block_slot_times(
    *, starts_at: dt.datetime, ends_at: dt.datetime, slot_minutes: int, break_minutes: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Cut a block into slots of ``slot_minutes`` with ``break_minutes`` between them;
    a last piece shorter than a slot is left out."""
    slot, pause = dt.timedelta(minutes=slot_minutes), dt.timedelta(minutes=break_minutes)
    times, start = [], starts_at
    while start + slot <= ends_at:
        times.append((start, start + slot))
        start += slot + pause
    return times


@transaction.atomic
def block_generate_slots(*, block: MeetingBlock) -> tuple[int, int]:
    """(Re)build a block's slots and tables from its times and table count.

    Side effects: writes Slot and Table rows. Slots and tables that meetings already use
    are kept (the database protects them); only unused ones are replaced. Returns the
    number of slots and tables the block has afterwards.
    """
    wanted = block_slot_times(
        starts_at=block.starts_at,
        ends_at=block.ends_at,
        slot_minutes=block.slot_minutes,
        break_minutes=block.break_minutes,
    )
    existing = {(slot.starts_at, slot.ends_at): slot for slot in block.slots.all()}
    keep = {times for times in wanted if times in existing}
    block.slots.exclude(pk__in=[existing[t].pk for t in keep]).filter(meetings__isnull=True).delete()
    # Re-number: move kept slots out of the way of the unique (block, index) first.
    used = list(block.slots.order_by("starts_at"))
    offset = len(wanted) + len(used) + 1
    for i, slot in enumerate(used):
        Slot.objects.filter(pk=slot.pk).update(index=offset + i)
    by_time = {(slot.starts_at, slot.ends_at): slot for slot in used}
    all_times = sorted(set(wanted) | set(by_time))
    for index, times in enumerate(all_times):
        if times in by_time:
            Slot.objects.filter(pk=by_time[times].pk).update(index=index)
        else:
            Slot.objects.create(block=block, index=index, starts_at=times[0], ends_at=times[1])

    block.tables.filter(number__gt=block.table_count, meetings__isnull=True).delete()
    have = set(block.tables.values_list("number", flat=True))
    Table.objects.bulk_create(
        [Table(block=block, number=n) for n in range(1, block.table_count + 1) if n not in have]
    )
    return block.slots.count(), block.tables.count()


# --- Registration ------------------------------------------------------------------------------

MAX_SEATS = 10


def _local(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")


def _check_registration_open(event: Event, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if event.status != EventStatus.REGISTRATION_OPEN:
        raise ValidationError(_("Registration for this event is not open."), code="registration_not_open")
    if event.registration_deadline is not None and now >= event.registration_deadline:
        raise ValidationError(
            _("Registration closed on %(deadline)s.") % {"deadline": _local(event.registration_deadline)},
            code="registration_closed",
        )


def _check_products(*, producer: Producer, products) -> list[Product]:
    products = list(products)
    if not products:
        raise ValidationError(
            {"products": _("Choose at least one product to show and taste.")}, code="no_products"
        )
    own = set(
        product_qs_visible()
        .filter(producer=producer, pk__in=[p.pk for p in products])
        .values_list("pk", flat=True)
    )
    if any(product.pk not in own for product in products):
        raise ValidationError(
            {"products": _("You can only bring your own products that buyers can see on the portal.")},
            code="foreign_product",
        )
    return products


def representatives_lines(text: str | list[str]) -> list[str]:
    lines = text.splitlines() if isinstance(text, str) else text
    return [" ".join(line.split()) for line in lines if line and line.strip()]


def _check_seats(*, seats: int, representatives: list[str]) -> None:
    if seats is None or seats < 1:
        raise ValidationError({"seats": _("Ask for at least one seat.")}, code="seats_min")
    if seats > MAX_SEATS:
        raise ValidationError(
            {"seats": _("At most %(max)d seats per distributor.") % {"max": MAX_SEATS}}, code="seats_max"
        )
    if len(representatives) != seats:
        raise ValidationError(
            {
                "representatives": ngettext(
                    "You asked for %(seats)d seat: name one representative per seat (you named %(names)d).",
                    "You asked for %(seats)d seats: name one representative per seat (you named %(names)d).",
                    seats,
                )
                % {"seats": seats, "names": len(representatives)}
            },
            code="seats_representatives",
        )


def _insert(participation: Participation) -> Participation:
    """Insert a new participation; the database's unique constraints refuse a second one for
    the same producer or distributor (two tabs, two colleagues at once). A withdrawn one is
    reopened instead."""
    participation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            participation.save()
        return participation
    except IntegrityError:
        party = (
            {"producer": participation.producer}
            if participation.kind == ParticipantKind.PRODUCER
            else {"distributor": participation.distributor}
        )
        existing = (
            Participation.objects.select_for_update().filter(event=participation.event, **party).first()
        )
        if existing is None:
            raise
    if existing.status != ParticipationStatus.WITHDRAWN:
        raise ValidationError(
            _("%(party)s is already registered for this event (%(status)s).")
            % {"party": existing.party, "status": existing.get_status_display()},
            code="already_registered",
        )
    existing.status = ParticipationStatus.PENDING
    existing.seats = participation.seats
    existing.representatives = participation.representatives
    existing.registered_by = participation.registered_by
    existing.save(update_fields=["status", "seats", "representatives", "registered_by"])
    return existing


@transaction.atomic
def participation_register_producer(*, event: Event, producer: Producer, products, user) -> Participation:
    """Register a producer for an event, with the products it brings to show and taste.

    Side effects: writes a pending Participation and its products (or reopens a withdrawn
    one). Refused after the registration deadline, for products that are not the producer's
    own visible ones, and for a producer already registered (the database decides)."""
    _check_registration_open(event)
    products = _check_products(producer=producer, products=products)
    participation = _insert(
        Participation(event=event, kind=ParticipantKind.PRODUCER, producer=producer, registered_by=user)
    )
    participation.products.set(products)
    return participation


@transaction.atomic
def participation_register_distributor(
    *, event: Event, distributor: Distributor, seats: int, representatives: str | list[str], user
) -> Participation:
    """Register a distributor with its seats (one representative each, meeting producers in
    parallel). Side effects: writes a pending Participation (or reopens a withdrawn one)."""
    _check_registration_open(event)
    names = representatives_lines(representatives)
    _check_seats(seats=seats, representatives=names)
    return _insert(
        Participation(
            event=event,
            kind=ParticipantKind.DISTRIBUTOR,
            distributor=distributor,
            seats=seats,
            representatives="\n".join(names),
            registered_by=user,
        )
    )


def _check_editable(participation: Participation) -> None:
    if participation.status not in (ParticipationStatus.PENDING, ParticipationStatus.APPROVED):
        raise ValidationError(
            _("This registration is %(status)s: it can no longer be changed.")
            % {"status": participation.get_status_display().lower()},
            code="not_editable",
        )
    _check_registration_open(participation.event)


@transaction.atomic
def participation_update_producer(*, participation: Participation, products, user) -> Participation:
    """Change the products a registered producer brings (until the registration deadline).
    Side effects: rewrites the participation's products."""
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("event", "producer")
        .get(pk=participation.pk)
    )
    _check_editable(participation)
    participation.products.set(_check_products(producer=participation.producer, products=products))
    return participation


@transaction.atomic
def participation_update_distributor(
    *, participation: Participation, seats: int, representatives: str | list[str], user
) -> Participation:
    """Change a registered distributor's seats and representatives (until the registration
    deadline). Side effects: updates the participation."""
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("event", "distributor")
        .get(pk=participation.pk)
    )
    _check_editable(participation)
    names = representatives_lines(representatives)
    _check_seats(seats=seats, representatives=names)
    participation.seats, participation.representatives = seats, "\n".join(names)
    participation.save(update_fields=["seats", "representatives"])
    return participation


# --- The organisers' decision --------------------------------------------------------------------


def _decide(*, participation: Participation, status: str, allowed_from: tuple[str, ...], by) -> bool:
    locked = Participation.objects.select_for_update().filter(pk=participation.pk).first()
    if locked is None or locked.status not in allowed_from:
        return False
    locked.status = status
    locked.save(update_fields=["status"])
    logger.info("participation %s %s by user %s", locked.pk, status, getattr(by, "pk", None))
    participation.status = status
    transaction.on_commit(
        lambda: notify_participation_decision_task.delay(participation_id=locked.pk, status=status)
    )
    return True


@transaction.atomic
def participation_approve(*, participation: Participation, by) -> bool:
    """Approve a pending (or previously declined) registration.

    Side effects: updates the status; after commit, e-mails the participant's people in their
    own language. Returns False, changing nothing, when it was not pending or declined."""
    return _decide(
        participation=participation,
        status=ParticipationStatus.APPROVED,
        allowed_from=(ParticipationStatus.PENDING, ParticipationStatus.DECLINED),
        by=by,
    )


@transaction.atomic
def participation_decline(*, participation: Participation, by) -> bool:
    """Decline a pending (or approved) registration. Side effects as participation_approve."""
    return _decide(
        participation=participation,
        status=ParticipationStatus.DECLINED,
        allowed_from=(ParticipationStatus.PENDING, ParticipationStatus.APPROVED),
        by=by,
    )


# --- Availability --------------------------------------------------------------------------------


@transaction.atomic
def availability_set(*, participation: Participation, slots, user, now: dt.datetime | None = None) -> int:
    """Record the slots a participant cannot make (replacing what was there).

    Side effects: rewrites the participation's unavailable slots. Refused after the meeting
    request deadline (the schedule is built from them) and for slots of another event.
    Returns how many slots are now marked unavailable."""
    participation = (
        Participation.objects.select_for_update(of=("self",)).select_related("event").get(pk=participation.pk)
    )
    event = participation.event
    if participation.status not in (ParticipationStatus.PENDING, ParticipationStatus.APPROVED):
        raise ValidationError(
            _("This registration is %(status)s: there is no schedule to plan.")
            % {"status": participation.get_status_display().lower()},
            code="not_editable",
        )
    if not availability_is_open(event, now=now):
        raise ValidationError(
            _("Availability could be changed until %(deadline)s; ask the organisers.")
            % {"deadline": _local(availability_deadline(event))},
            code="availability_closed",
        )
    slots = list(slots)
    if Slot.objects.filter(pk__in=[s.pk for s in slots]).exclude(block__event=event).exists():
        raise ValidationError(_("These time slots are not part of this event."), code="foreign_slot")
    participation.unavailable_slots.set(slots)
    return len(slots)


@transaction.atomic
def participation_withdraw(*, participation: Participation, by) -> bool:
    """Record that a participant no longer comes (they told the organisers). Side effects:
    updates the status; no e-mail. Returns False when it was already withdrawn."""
    locked = Participation.objects.select_for_update().filter(pk=participation.pk).first()
    if locked is None or locked.status == ParticipationStatus.WITHDRAWN:
        return False
    locked.status = ParticipationStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    participation.status = locked.status
    logger.info("participation %s withdrawn by user %s", locked.pk, getattr(by, "pk", None))
    return True
