import datetime as dt

import factory
from django.utils import timezone

from events.enums import EventStatus, MouKind, ParticipantKind, ParticipationStatus
from events.models import CataloguePacket, Event, MeetingBlock, Mou, Participation, Room, Session, Slot, Table
from events.services import block_generate_slots

from .distributors import DistributorFactory
from .producers import ProducerFactory, ProvinceFactory


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Hội nghị kết nối cung cầu {n}")
    slug = factory.Sequence(lambda n: f"hoi-nghi-{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    venue = "Trung tâm Văn hóa và Hội nghị tỉnh"
    province = factory.SubFactory(ProvinceFactory)
    organiser_name = "Sở Công Thương"
    status = EventStatus.REGISTRATION_OPEN


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Hội trường {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))
    title = "Phát triển sản phẩm OCOP vào hệ thống phân phối hiện đại"
    starts_at = factory.LazyAttribute(lambda o: _at(o.event.starts_on, 8))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))


class MeetingBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingBlock

    event = factory.SubFactory(EventFactory)
    title = "Gặp gỡ giao thương B2B"
    starts_at = factory.LazyAttribute(lambda o: _at(o.event.starts_on, 14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    slot_minutes = 20
    break_minutes = 5
    table_count = 4


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    block = factory.SubFactory(MeetingBlockFactory)
    index = factory.Sequence(lambda n: n)
    starts_at = factory.LazyAttribute(lambda o: o.block.starts_at + dt.timedelta(minutes=25 * o.index))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=20))


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    block = factory.SubFactory(MeetingBlockFactory)
    number = factory.Sequence(lambda n: n + 1)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A producer's participation by default; pass kind="distributor" for a buyer's."""

    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    kind = ParticipantKind.PRODUCER
    producer = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == ParticipantKind.PRODUCER),
        yes_declaration=factory.SubFactory(ProducerFactory),
        no_declaration=None,
    )
    distributor = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == ParticipantKind.DISTRIBUTOR),
        yes_declaration=factory.SubFactory(DistributorFactory),
        no_declaration=None,
    )
    status = ParticipationStatus.APPROVED
    seats = 1


class MouFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mou

    event = factory.SubFactory(EventFactory)
    kind = MouKind.BUSINESS_BUSINESS
    party_a = "Hợp tác xã Nông sản Vĩnh Châu"
    party_b = "Saigon Co.op"
    signed_on = factory.LazyAttribute(lambda o: o.event.starts_on)


class CataloguePacketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CataloguePacket

    event = factory.SubFactory(EventFactory)
    distributor = factory.SubFactory(DistributorFactory)
    send_at = factory.LazyFunction(timezone.now)


class MeetingBlockWithSlotsFactory(MeetingBlockFactory):
    """A meeting block whose slots and tables are generated, as saving it in the admin does."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def generate(self, create, extracted, **kwargs):
        if create:
            block_generate_slots(block=self)
