"""Test data for catalogue packets: an event open for registration whose catalogue send time
has passed, producers with photographed products, and a distributor with a buyer."""

import datetime as dt
import smtplib
import threading
from dataclasses import dataclass, field

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from distributors.models import Buyer, Distributor
from events.enums import EventStatus, ParticipantKind
from events.models import Event
from producers.models import Producer, Product
from tests.factories import (
    BuyerFactory,
    CertificationFactory,
    CertificationKindFactory,
    DistributorFactory,
    EventFactory,
    MeetingBlockFactory,
    OcopCertificateFactory,
    ParticipationFactory,
    ProducerFactory,
    ProductFactory,
    ProductImageFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

# (name, stars) of each producer's products: exact Vietnamese names the PDF must show.
PRODUCTS = [
    [("Bánh pía sầu riêng Vĩnh Châu", 4), ("Lạp xưởng tươi Sóc Trăng", 3)],
    [("Nước mắm cá cơm Phú Quốc đặc biệt", 5), ("Mắm ruốc Huế", 3)],
    [("Trà Shan tuyết cổ thụ Hà Giang", 4), ("Mật ong hoa nhãn Hưng Yên", 3)],
]


@dataclass
class World:
    event: Event
    distributor: Distributor
    buyer: Buyer
    producers: list[Producer] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)


def build_world(
    *, language: str = "vi", producers: int = 3, photos: bool = True, send_at_offset: int = -60
) -> World:
    """The event's catalogue is due ``-send_at_offset`` seconds ago."""
    event = EventFactory(
        name="Hội nghị kết nối cung cầu Sóc Trăng",
        slug="ket-noi-cung-cau-soc-trang",
        status=EventStatus.REGISTRATION_OPEN,
        catalogue_send_at=timezone.now() + dt.timedelta(seconds=send_at_offset),
    )
    room = RoomFactory(event=event, name="Hội trường A")
    SessionFactory(
        event=event, room=room, title="Đưa sản phẩm OCOP vào siêu thị", speakers="Bà Nguyễn Thị Lan"
    )
    MeetingBlockFactory(event=event, room=room, title="Gặp gỡ giao thương B2B")
    distributor = DistributorFactory(name="Saigon Co.op", slug="saigon-coop")
    ParticipationFactory(event=event, kind=ParticipantKind.DISTRIBUTOR, distributor=distributor, seats=2)
    user = UserFactory(email="thumua@coop.example.vn", language=language)
    buyer = BuyerFactory(user=user, distributor=distributor)
    world = World(event=event, distributor=distributor, buyer=buyer)
    haccp = CertificationKindFactory(code="haccp", name="HACCP", name_en="HACCP")
    for index, specs in enumerate(PRODUCTS[:producers]):
        producer = ProducerFactory(legal_name=f"Hợp tác xã Nông sản số {index + 1}")
        ParticipationFactory(event=event, producer=producer)
        world.producers.append(producer)
        for name, stars in specs:
            product = ProductFactory(producer=producer, name=name, certificate=False)
            OcopCertificateFactory(product=product, stars=stars)
            CertificationFactory(product=product, kind=haccp)
            if photos:
                ProductImageFactory(product=product)
            world.products.append(product)
    return world


def product_names(world: World) -> list[str]:
    return [p.name for p in world.products]


class FlakySMTPBackend(BaseEmailBackend):
    """A mail server outside our code that refuses the next ``failures`` messages, then
    delivers to ``django.core.mail.outbox`` like the locmem backend. ``failures`` < 0: always."""

    failures = 0
    calls = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with FlakySMTPBackend.lock:
            FlakySMTPBackend.calls += 1
            if FlakySMTPBackend.failures != 0:
                FlakySMTPBackend.failures -= 1 if FlakySMTPBackend.failures > 0 else 0
                raise smtplib.SMTPDataError(451, b"4.3.0 Mail server temporarily unavailable")
            if not hasattr(mail, "outbox"):
                mail.outbox = []
            for message in messages:
                message.message()  # renders it, as a real backend would
                mail.outbox.append(message)
            return len(messages)
