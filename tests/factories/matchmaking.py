from dataclasses import dataclass, field

import factory
from django.utils import timezone

from distributors.models import Distributor
from events.models import Event, MeetingBlock, Slot, Table
from matchmaking.enums import RequestSide, RequestStatus, RunStatus
from matchmaking.models import AgendaToken, MatchScore, Meeting, MeetingFeedback, MeetingRequest, ScheduleRun
from producers.models import Producer

from .distributors import BuyerFactory, DistributorFactory, SourcingNeedFactory
from .events import EventFactory, MeetingBlockFactory, ParticipationFactory, SlotFactory, TableFactory
from .producers import ProducerFactory, ProducerMemberFactory, ProductFactory


class MatchScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchScore

    product = factory.SubFactory(ProductFactory)
    need = factory.SubFactory(SourcingNeedFactory)
    score = 72.5
    computed_at = factory.LazyFunction(timezone.now)


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    event = factory.SubFactory(EventFactory)
    side = RequestSide.BUYER
    distributor = factory.SubFactory(DistributorFactory)
    producer = factory.SubFactory(ProducerFactory)
    message = "Chúng tôi muốn tìm hiểu về sản phẩm của quý cơ sở."


class ScheduleRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleRun

    event = factory.SubFactory(EventFactory)
    status = RunStatus.DRAFT


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    run = factory.SubFactory(ScheduleRunFactory)
    slot = factory.SubFactory(SlotFactory, block__event=factory.SelfAttribute("...run.event"))
    table = factory.SubFactory(TableFactory, block=factory.SelfAttribute("..slot.block"))
    producer = factory.SubFactory(ProducerFactory)
    distributor = factory.SubFactory(DistributorFactory)
    seat = 1


class MeetingFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingFeedback

    meeting = factory.SubFactory(MeetingFactory)
    side = RequestSide.BUYER
    months_after = 0


class AgendaTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaToken

    participation = factory.SubFactory(ParticipationFactory)


# --- A whole event to schedule ----------------------------------------------------------------


@dataclass
class ScheduleWorld:
    """An event with one meeting block, approved producers (one visible product each, one
    member each) and distributors (one approved buyer each, one active sourcing need)."""

    event: Event
    block: MeetingBlock
    slots: list[Slot]
    tables: list[Table]
    producers: list[Producer]
    distributors: list[Distributor]
    participations: dict = field(default_factory=dict)  # producer / distributor -> Participation
    products: dict = field(default_factory=dict)  # producer -> [Product]
    members: dict = field(default_factory=dict)  # producer -> User
    buyers: dict = field(default_factory=dict)  # distributor -> Buyer
    needs: dict = field(default_factory=dict)  # distributor -> SourcingNeed

    def request(self, producer: Producer, distributor: Distributor, **kwargs) -> MeetingRequest:
        kwargs.setdefault("status", RequestStatus.ACCEPTED)
        return MeetingRequestFactory(event=self.event, producer=producer, distributor=distributor, **kwargs)

    def score(self, producer: Producer, distributor: Distributor, score: float) -> MatchScore:
        return MatchScoreFactory(
            product=self.products[producer][0], need=self.needs[distributor], score=score
        )


def make_schedule_world(
    *,
    producers: int = 4,
    distributors: int = 2,
    seats: int | list[int] = 1,
    slots: int = 4,
    tables: int = 3,
    fill: bool = False,
    products_per_producer: int = 1,
    event: Event | None = None,
) -> ScheduleWorld:
    event = event or EventFactory(fill_with_recommendations=fill)
    block = MeetingBlockFactory(event=event, table_count=tables)
    world = ScheduleWorld(
        event=event,
        block=block,
        slots=[SlotFactory(block=block, index=i) for i in range(slots)],
        tables=[TableFactory(block=block, number=i + 1) for i in range(tables)],
        producers=[],
        distributors=[],
    )
    seat_counts = seats if isinstance(seats, list) else [seats] * distributors
    for _ in range(producers):
        producer = ProducerFactory()
        world.producers.append(producer)
        world.products[producer] = ProductFactory.create_batch(products_per_producer, producer=producer)
        world.members[producer] = ProducerMemberFactory(producer=producer, user__language="en").user
        world.participations[producer] = ParticipationFactory(event=event, producer=producer)
    for count in seat_counts:
        distributor = DistributorFactory()
        world.distributors.append(distributor)
        world.buyers[distributor] = BuyerFactory(distributor=distributor, user__language="en")
        world.needs[distributor] = SourcingNeedFactory(distributor=distributor)
        world.participations[distributor] = ParticipationFactory(
            event=event, kind="distributor", distributor=distributor, seats=count
        )
    return world
