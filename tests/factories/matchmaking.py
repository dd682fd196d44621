import factory
from django.utils import timezone

from matchmaking.enums import RequestSide, RunStatus
from matchmaking.models import MatchScore, Meeting, MeetingRequest, ScheduleRun

from .distributors import DistributorFactory, SourcingNeedFactory
from .events import EventFactory, SlotFactory, TableFactory
from .producers import ProducerFactory, ProductFactory


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
