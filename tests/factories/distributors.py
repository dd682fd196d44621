import factory

from distributors.enums import BuyerStatus
from distributors.models import Buyer, Channel, Distributor, Shortlist, ShortlistItem, SourcingNeed

from .accounts import UserFactory
from .producers import ProvinceFactory


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("code",)

    code = "supermarket-chain"
    name = "Chuỗi siêu thị"
    name_en = "Supermarket chain"
    scale = 10.0


class DistributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distributor

    name = factory.Sequence(lambda n: f"Chuỗi siêu thị Xanh {n}")
    slug = factory.Sequence(lambda n: f"sieu-thi-xanh-{n}")
    channel = factory.SubFactory(ChannelFactory)
    head_office_province = factory.SubFactory(
        ProvinceFactory, code="ho-chi-minh", name="Thành phố Hồ Chí Minh"
    )
    is_verified = True


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    user = factory.SubFactory(UserFactory)
    distributor = factory.SubFactory(DistributorFactory)
    title = "Chuyên viên thu mua"
    status = BuyerStatus.APPROVED


class SourcingNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourcingNeed

    distributor = factory.SubFactory(DistributorFactory)
    title = "Đặc sản miền Tây cho mùa Tết"
    min_stars = 3
    min_monthly_volume = 500
    volume_unit = "kg"


class ShortlistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shortlist

    buyer = factory.SubFactory(BuyerFactory)
    name = factory.Sequence(lambda n: f"Hàng Tết {n}")


class ShortlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortlistItem

    shortlist = factory.SubFactory(ShortlistFactory)
    product = factory.SubFactory("tests.factories.producers.ProductFactory")
    added_by = factory.SelfAttribute("shortlist.buyer")
