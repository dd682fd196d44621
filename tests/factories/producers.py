import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from producers import ocop
from producers.enums import ProducerKind, ProductStatus, VerificationStatus
from producers.models import (
    Certification,
    CertificationKind,
    OcopCertificate,
    Producer,
    ProducerInvitation,
    ProducerJoinRequest,
    ProducerMember,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
    Province,
)
from producers.validators import gtin13_check_digit

from .accounts import UserFactory


def gtin13(n: int) -> str:
    """A valid Vietnamese GTIN-13 (prefix 893) for sequence number n."""
    first12 = f"893{n:09d}"
    return first12 + str(gtin13_check_digit(first12))


def png_bytes(size=(64, 48), color=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


class ProvinceFactory(factory.django.DjangoModelFactory):
    """Reference provinces come from the data migration: the factory fetches one by code."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "soc-trang"
    name = "Sóc Trăng"
    region = "mekong_delta"
    is_current = False


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductGroup
        django_get_or_create = ("code",)

    code = "food"
    name = "Thực phẩm"
    name_en = "Food"
    decision = "148"


class ProductSubGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductSubGroup
        django_get_or_create = ("code",)

    group = factory.SubFactory(ProductGroupFactory)
    code = "food-processed"
    name = "Thực phẩm chế biến"
    name_en = "Processed food"


class CertificationKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationKind
        django_get_or_create = ("code",)

    code = "haccp"
    name = "HACCP"
    name_en = "HACCP"


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    kind = ProducerKind.COOPERATIVE
    legal_name = factory.Sequence(lambda n: f"Hợp tác xã Nông sản số {n}")
    slug = factory.Sequence(lambda n: f"htx-nong-san-{n}")
    tax_code = factory.Sequence(lambda n: f"22{n:08d}")
    province = factory.SubFactory(ProvinceFactory)
    address = "Ấp Hòa Phú, xã Vĩnh Châu"
    phone = "0299 3 123 456"
    contact_person = factory.Faker("name", locale="vi_VN")


class ProducerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerMember

    producer = factory.SubFactory(ProducerFactory)
    user = factory.SubFactory(UserFactory)
    role = "owner"


class ProductFactory(factory.django.DjangoModelFactory):
    """A published product; ``certificate`` is created verified and valid (3★ by default)."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    producer = factory.SubFactory(ProducerFactory)
    group = factory.SubFactory(ProductGroupFactory)
    subgroup = factory.LazyAttribute(
        lambda o: ProductSubGroupFactory(group=o.group) if o.group.code == "food" else None
    )
    name = factory.Sequence(lambda n: f"Bánh pía sầu riêng {n}")
    slug = factory.Sequence(lambda n: f"banh-pia-{n}")
    description = "Bánh pía nhân sầu riêng, trứng muối."
    price_min = 45_000
    price_max = 60_000
    monthly_capacity = 2_000
    unit = "kg"
    status = ProductStatus.PUBLISHED
    search_text = factory.LazyAttribute(lambda o: f"{o.name} {o.producer.legal_name}".lower())

    @factory.post_generation
    def certificate(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        OcopCertificateFactory(product=self, **kwargs)


class OcopCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    product = factory.SubFactory(ProductFactory, certificate=False)
    stars = 3
    score = factory.LazyAttribute(lambda o: ocop.STAR_BANDS[o.stars][0] + 5)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    issuing_level = "province"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=200))
    verification = VerificationStatus.VERIFIED


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    product = factory.SubFactory(ProductFactory)
    kind = factory.SubFactory(CertificationKindFactory)
    number = factory.Sequence(lambda n: f"CN-{n:05d}")
    issuer = "Quacert"


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="photo.png"))
    position = 0


def jpeg_bytes(size=(64, 48), color=(40, 120, 200), exif=None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **({"exif": exif} if exif else {}))
    return buffer.getvalue()


class ProducerInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerInvitation

    producer = factory.SubFactory(ProducerFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.vn")
    token = factory.Sequence(lambda n: f"invitation-token-{n:06d}")
    invited_by = factory.SubFactory(UserFactory)


class ProducerJoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerJoinRequest

    producer = factory.SubFactory(ProducerFactory)
    user = factory.SubFactory(UserFactory)
    message = "Tôi là con gái của chủ hộ."
