"""What a distributor's catalogue packet shows, read into plain dataclasses.

The packet lists the distributor's best-matched products grouped by producer, the buyer's
meetings of the published schedule and the event programme. Best-matched means the
matchmaking scores of the distributor's active sourcing needs when there are any; otherwise
the catalogue of the producers taking part, filtered by those needs (or not at all when the
distributor has none). Labels (groups, units, certification kinds...) are read in the active
language: build the content inside ``translation.override`` of the reader's language.

A fixed number of queries whatever the size of the packet (asserted in the tests).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import Storage as FileStorage
from django.db import models
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from distributors.models import Distributor, SourcingNeed
from distributors.selectors import need_match_q, valid_certifications
from events.enums import ParticipantKind, ParticipationStatus
from events.models import Event, MeetingBlock, Participation, Session
from matchmaking.enums import LIVE_MEETING, RunStatus
from matchmaking.models import Meeting, ScheduleRun
from producers.enums import ProducerKind, Storage, Unit
from producers.models import Product, ProductImage
from producers.selectors import product_qs_visible

logger = logging.getLogger(__name__)

MAX_PRODUCTS = 200

BASIS_SCORES = "scores"
BASIS_NEEDS = "needs"
BASIS_CATALOGUE = "catalogue"


@dataclass(frozen=True, slots=True)
class PacketProduct:
    id: int
    name: str
    group: str
    subgroup: str
    stars: int
    ocop_valid: bool  # counts as OCOP today: 3★ or more, verified, not expired
    expired: bool
    valid_until: dt.date | None
    certifications: tuple[str, ...]
    price_min: int | None
    price_max: int | None
    monthly_capacity: int | None
    min_order_quantity: int | None
    unit: str
    storage: str
    shelf_life_days: int | None
    packaging: str
    description: str
    photo_path: str | None  # local file of the 240×180 ``pdf`` thumbnail, for the PDF
    photo_url: str | None  # URL of the same thumbnail, for pages and e-mails
    photo_alt: str
    score: float | None  # best matchmaking score, when the list comes from the scores
    rank: int  # 1 for the best match

    @property
    def photo_uri(self) -> str | None:
        """What the PDF embeds: the local thumbnail as a file:// URI, else its URL."""
        return Path(self.photo_path).as_uri() if self.photo_path else self.photo_url


@dataclass(frozen=True, slots=True)
class PacketMeeting:
    starts_at: dt.datetime
    ends_at: dt.datetime
    producer_id: int
    producer_name: str
    table: str
    block: str
    room: str
    seat: int


@dataclass(slots=True)
class PacketProducer:
    id: int
    name: str
    kind: str
    province: str
    address: str
    phone: str
    email: str
    website: str
    contact_person: str
    products: list[PacketProduct] = field(default_factory=list)
    meetings: list[PacketMeeting] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    kind: str  # "session" or "meetings"
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    speakers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PacketContent:
    event_id: int
    event_name: str
    event_slug: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    address: str
    province: str
    organiser_name: str
    distributor_id: int
    distributor_name: str
    basis: str  # BASIS_SCORES, BASIS_NEEDS or BASIS_CATALOGUE
    producers: tuple[PacketProducer, ...]
    meetings: tuple[PacketMeeting, ...]  # the buyer's meetings, by time
    programme: tuple[ProgrammeItem, ...]  # sessions and meeting blocks, by time
    schedule_published: bool
    today: dt.date

    @property
    def product_count(self) -> int:
        return sum(len(producer.products) for producer in self.producers)

    @property
    def top_products(self) -> list[tuple[PacketProduct, PacketProducer]]:
        """Products in rank order across producers (the e-mail shows the first few)."""
        pairs = [(product, producer) for producer in self.producers for product in producer.products]
        return sorted(pairs, key=lambda pair: pair[0].rank)


def packet_content(
    *, event: Event, distributor: Distributor, limit: int = MAX_PRODUCTS, today: dt.date | None = None
) -> PacketContent:
    """Everything one distributor's packet for one event shows. Reads only."""
    today = today or timezone.localdate()
    event = (
        Event.objects.select_related("province")
        .annotate(
            schedule_published=Exists(
                ScheduleRun.objects.filter(event=OuterRef("pk"), status=RunStatus.PUBLISHED)
            )
        )
        .get(pk=event.pk)
    )
    ranked, basis = _ranked_products(event=event, distributor=distributor, limit=limit, today=today)
    meetings = list(_meetings(event=event, distributor=distributor))
    producers = _group_by_producer(ranked, meetings, today=today)
    return PacketContent(
        event_id=event.pk,
        event_name=event.name,
        event_slug=event.slug,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        venue=event.venue,
        address=event.address,
        province=event.province.name,
        organiser_name=event.organiser_name,
        distributor_id=distributor.pk,
        distributor_name=distributor.name,
        basis=basis,
        producers=tuple(producers),
        meetings=tuple(_meeting(meeting) for meeting in meetings),
        programme=tuple(_programme(event)),
        schedule_published=event.schedule_published,
        today=today,
    )


# --- Which products ------------------------------------------------------------------------------


def _participating_q(event: Event) -> Q:
    """Products of producers approved at the event; when a producer listed the products it
    shows at the event, only those."""
    approved = Participation.objects.filter(
        event=event,
        kind=ParticipantKind.PRODUCER,
        status=ParticipationStatus.APPROVED,
        producer=OuterRef("producer"),
    )
    shown = Participation.products.through.objects.filter(
        participation__event=event,
        participation__producer=OuterRef("producer"),
    )
    return Q(Exists(approved)) & (~Q(Exists(shown)) | Q(Exists(shown.filter(product=OuterRef("pk")))))


def _with_details(queryset: QuerySet[Product], today: dt.date) -> QuerySet[Product]:
    related = ("producer__province__merged_into", "certificate", "group", "subgroup")
    return queryset.select_related(*related).prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")[:1], to_attr="covers"),
        Prefetch(
            "certifications",
            queryset=valid_certifications(today)
            .select_related("kind")
            .order_by("kind__position", "kind__name"),
            to_attr="current_certifications",
        ),
    )


def _ranked_products(
    *, event: Event, distributor: Distributor, limit: int, today: dt.date
) -> tuple[list[Product], str]:
    base = product_qs_visible().filter(_participating_q(event))
    active_needs = SourcingNeed.objects.filter(distributor=distributor, is_active=True)

    scored = (
        base.filter(
            match_scores__need__in=active_needs.values("pk"),
            match_scores__eligible=True,
        )
        .annotate(best_score=Max("match_scores__score"))
        .order_by("-best_score", "-certificate__stars", "name", "pk")
    )
    products = list(_with_details(scored, today)[:limit])
    if products:
        return products, BASIS_SCORES

    needs = list(active_needs.prefetch_related("groups", "subgroups", "required_certifications"))
    if needs:
        condition = Q()
        for need in needs:
            condition |= need_match_q(need, today)
        filtered, basis = base.filter(condition), BASIS_NEEDS
    else:
        filtered, basis = base, BASIS_CATALOGUE
    ordered = filtered.order_by("-certificate__stars", "producer__legal_name", "name", "pk")
    return list(_with_details(ordered, today)[:limit]), basis


# --- Into dataclasses ----------------------------------------------------------------------------


# Thumbnail names are a hash of the source file's name and the spec, which imagekit computes
# (pickling the spec) as soon as ``image.pdf`` is read: two thirds of the content's CPU time,
# 200 times a packet. Name and storage are remembered per source name for the life of the
# process, and ``image.pdf`` is only read again to make a missing file.
_THUMBNAIL_NAMES: dict[str, tuple[str, FileStorage]] = {}


def _thumbnail(image: ProductImage) -> tuple[str | None, str | None]:
    """The ``pdf`` thumbnail's local path (None on remote storage) and URL, made if missing.

    The file's existence is checked on disk rather than through imagekit's cached state, so a
    thumbnail lost with a media restore or a fresh media folder is made again."""
    try:
        known = _THUMBNAIL_NAMES.get(image.image.name)
        if known is None:
            if len(_THUMBNAIL_NAMES) > 50_000:
                _THUMBNAIL_NAMES.clear()
            thumb = image.pdf
            known = _THUMBNAIL_NAMES[image.image.name] = (thumb.name, thumb.storage)
        name, storage = known
        try:
            path = storage.path(name)
        except NotImplementedError:
            image.pdf.generate()
            return None, storage.url(name)
        if not os.path.exists(path):
            image.pdf.generate(force=True)
        return path, storage.url(name)
    except (OSError, ValueError) as exc:
        logger.warning("no thumbnail for product image %s: %s", image.pk, exc)
        return None, None


@functools.cache
def _choice_label(choices: type[models.Choices], value: str, language: str | None) -> str:
    return str(choices(value).label)


def _label(choices: type[models.Choices], value: str) -> str:
    """A choice's label in the active language, looked up once per process and language."""
    try:
        return _choice_label(choices, value, get_language())
    except ValueError:  # a value no longer among the choices
        return value


def _product(product: Product, *, rank: int, today: dt.date) -> PacketProduct:
    certificate = getattr(product, "certificate", None)
    valid_until = certificate.valid_until if certificate else None
    cover = product.covers[0] if product.covers else None
    photo_path, photo_url = _thumbnail(cover) if cover else (None, None)
    return PacketProduct(
        id=product.pk,
        name=product.name,
        group=product.group.label,
        subgroup=product.subgroup.label if product.subgroup else "",
        stars=certificate.stars if certificate else 0,
        ocop_valid=bool(certificate and certificate.is_ocop and certificate.is_valid_on(today)),
        expired=bool(valid_until and valid_until < today),
        valid_until=valid_until,
        certifications=tuple(c.kind.label for c in product.current_certifications),
        price_min=product.price_min,
        price_max=product.price_max,
        monthly_capacity=product.monthly_capacity,
        min_order_quantity=product.min_order_quantity,
        unit=_label(Unit, product.unit),
        storage=_label(Storage, product.storage),
        shelf_life_days=product.shelf_life_days,
        packaging=product.packaging,
        description=product.description,
        photo_path=photo_path,
        photo_url=photo_url,
        photo_alt=(cover.alt if cover and cover.alt else product.name),
        score=getattr(product, "best_score", None),
        rank=rank,
    )


def _producer(producer) -> PacketProducer:
    return PacketProducer(
        id=producer.pk,
        name=producer.legal_name,
        kind=_label(ProducerKind, producer.kind),
        province=producer.province.display_name,
        address=producer.address,
        phone=producer.phone,
        email=producer.email,
        website=producer.website,
        contact_person=producer.contact_person,
    )


def _meetings(*, event: Event, distributor: Distributor) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(LIVE_MEETING, run__event=event, run__status=RunStatus.PUBLISHED)
        .filter(distributor=distributor)
        .select_related("slot__block__room", "table", "producer__province__merged_into")
        .order_by("slot__starts_at", "seat", "table__number")
    )


def _meeting(meeting: Meeting) -> PacketMeeting:
    block = meeting.slot.block
    return PacketMeeting(
        starts_at=meeting.slot.starts_at,
        ends_at=meeting.slot.ends_at,
        producer_id=meeting.producer_id,
        producer_name=meeting.producer.legal_name,
        table=str(meeting.table),
        block=block.title,
        room=block.room.name if block.room else "",
        seat=meeting.seat,
    )


def _group_by_producer(
    ranked: list[Product], meetings: list[Meeting], *, today: dt.date
) -> list[PacketProducer]:
    """Producers in the order of their best product; producers met but not in the list come
    last, with their contacts and meeting times."""
    producers: dict[int, PacketProducer] = {}
    for rank, product in enumerate(ranked, start=1):
        if product.producer_id not in producers:
            producers[product.producer_id] = _producer(product.producer)
        producers[product.producer_id].products.append(_product(product, rank=rank, today=today))
    met_only: dict[int, PacketProducer] = {}
    for meeting in meetings:
        target = producers.get(meeting.producer_id) or met_only.get(meeting.producer_id)
        if target is None:
            target = met_only[meeting.producer_id] = _producer(meeting.producer)
        target.meetings.append(_meeting(meeting))
    return [*producers.values(), *met_only.values()]


def _programme(event: Event) -> list[ProgrammeItem]:
    items = [
        ProgrammeItem(
            kind="session",
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room=session.room.name,
            speakers=tuple(line.strip() for line in session.speakers.splitlines() if line.strip()),
        )
        for session in Session.objects.filter(event=event).select_related("room")
    ]
    items += [
        ProgrammeItem(
            kind="meetings",
            title=block.title,
            starts_at=block.starts_at,
            ends_at=block.ends_at,
            room=block.room.name if block.room else "",
            speakers=(),
        )
        for block in MeetingBlock.objects.filter(event=event).select_related("room")
    ]
    return sorted(items, key=lambda item: (item.starts_at, item.kind, item.title))
