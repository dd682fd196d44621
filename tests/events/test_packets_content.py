"""What a catalogue packet shows: best matches grouped by producer, meetings, programme."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from events.enums import ParticipationStatus
from events.packets.content import BASIS_CATALOGUE, BASIS_NEEDS, BASIS_SCORES, packet_content
from matchmaking.enums import MeetingStatus, RunStatus
from producers.enums import ProductStatus, Storage
from tests.events.packets_world import build_world
from tests.factories import (
    CertificationFactory,
    CertificationKindFactory,
    MatchScoreFactory,
    MeetingFactory,
    OcopCertificateFactory,
    ParticipationFactory,
    ProducerFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductImageFactory,
    ScheduleRunFactory,
    SlotFactory,
    SourcingNeedFactory,
    TableFactory,
)

pytestmark = pytest.mark.django_db


def _names(content) -> list[str]:
    return [product.name for producer in content.producers for product in producer.products]


def test_content_without_needs_lists_participating_products_by_stars():
    world = build_world()
    outsider = ProductFactory(name="Sản phẩm của người không tham gia")
    OcopCertificateFactory(product=ProductFactory(producer=outsider.producer, certificate=False), stars=5)
    ProductFactory(producer=world.producers[0], name="Bản nháp", status=ProductStatus.DRAFT)
    content = packet_content(event=world.event, distributor=world.distributor)
    assert content.basis == BASIS_CATALOGUE
    # Producers in the order of their best product (5★, 4★...), products by stars within.
    assert [p.name for p in content.producers] == [
        "Hợp tác xã Nông sản số 2",
        "Hợp tác xã Nông sản số 1",
        "Hợp tác xã Nông sản số 3",
    ]
    # Provinces named as pages name them (Sóc Trăng merged into Cần Thơ in 2025).
    assert {p.province for p in content.producers} == {world.producers[0].province.display_name}
    assert content.producers[0].province == "Cần Thơ (Sóc Trăng cũ)"  # in the buyer's language
    assert _names(content) == [
        "Nước mắm cá cơm Phú Quốc đặc biệt",
        "Mắm ruốc Huế",
        "Bánh pía sầu riêng Vĩnh Châu",
        "Lạp xưởng tươi Sóc Trăng",
        "Trà Shan tuyết cổ thụ Hà Giang",
        "Mật ong hoa nhãn Hưng Yên",
    ]
    first = content.top_products[0][0]
    assert (first.name, first.stars, first.ocop_valid, first.certifications) == (
        "Nước mắm cá cơm Phú Quốc đặc biệt",
        5,
        True,
        ("HACCP",),
    )
    assert first.photo_path.endswith(".jpg")
    assert (first.price_min, first.price_max) == (45_000, 60_000)


def test_content_from_match_scores_best_first_and_eligible_only():
    world = build_world()
    need = SourcingNeedFactory(distributor=world.distributor)
    inactive = SourcingNeedFactory(distributor=world.distributor, is_active=False)
    by_name = {p.name: p for p in world.products}
    MatchScoreFactory(product=by_name["Mật ong hoa nhãn Hưng Yên"], need=need, score=91)
    MatchScoreFactory(product=by_name["Bánh pía sầu riêng Vĩnh Châu"], need=need, score=64)
    MatchScoreFactory(product=by_name["Mắm ruốc Huế"], need=need, score=99, eligible=False)
    MatchScoreFactory(product=by_name["Lạp xưởng tươi Sóc Trăng"], need=inactive, score=100)
    other = SourcingNeedFactory()  # another distributor's need
    MatchScoreFactory(product=by_name["Trà Shan tuyết cổ thụ Hà Giang"], need=other, score=100)
    content = packet_content(event=world.event, distributor=world.distributor)
    assert content.basis == BASIS_SCORES
    assert _names(content) == ["Mật ong hoa nhãn Hưng Yên", "Bánh pía sầu riêng Vĩnh Châu"]
    assert [p.score for p, _ in content.top_products] == [91, 64]


def test_content_filters_by_needs_when_nothing_is_scored():
    world = build_world()
    beverages = ProductGroupFactory(code="beverages", name="Đồ uống", name_en="Beverages")
    vietgap = CertificationKindFactory(code="vietgap", name="VietGAP", name_en="VietGAP")
    by_name = {p.name: p for p in world.products}
    tea = by_name["Trà Shan tuyết cổ thụ Hà Giang"]
    tea.group = beverages
    tea.subgroup = None
    tea.save()
    chilled = by_name["Lạp xưởng tươi Sóc Trăng"]
    chilled.storage = Storage.CHILLED
    chilled.save()
    food_4_stars = SourcingNeedFactory(distributor=world.distributor, min_stars=3)
    food_4_stars.groups.add(by_name["Bánh pía sầu riêng Vĩnh Châu"].group)
    drinks_vietgap = SourcingNeedFactory(distributor=world.distributor, min_stars=4)
    drinks_vietgap.groups.add(beverages)
    drinks_vietgap.required_certifications.add(vietgap)
    content = packet_content(event=world.event, distributor=world.distributor)
    assert content.basis == BASIS_NEEDS
    # Food 3★+, ambient only (the chilled sausage is out); no tea: it lacks VietGAP.
    assert _names(content) == [
        "Nước mắm cá cơm Phú Quốc đặc biệt",
        "Mắm ruốc Huế",
        "Bánh pía sầu riêng Vĩnh Châu",
        "Mật ong hoa nhãn Hưng Yên",
    ]


def test_content_shows_an_expired_certificate_as_expired_and_needs_skip_it():
    world = build_world(producers=1)
    certificate = world.products[0].certificate
    certificate.issued_on = timezone.localdate() - dt.timedelta(days=3 * 366)
    certificate.save()
    content = packet_content(event=world.event, distributor=world.distributor)
    expired = next(p for p, _ in content.top_products if p.name == "Bánh pía sầu riêng Vĩnh Châu")
    assert (expired.ocop_valid, expired.expired) == (False, True)
    SourcingNeedFactory(distributor=world.distributor, min_stars=3)
    content = packet_content(event=world.event, distributor=world.distributor)
    assert _names(content) == ["Lạp xưởng tươi Sóc Trăng"]


def test_content_keeps_to_the_products_a_producer_shows_and_approved_producers():
    world = build_world()
    participation = world.producers[0].participations.get(event=world.event)
    participation.products.set([world.products[1]])
    world.producers[1].participations.filter(event=world.event).update(status=ParticipationStatus.PENDING)
    content = packet_content(event=world.event, distributor=world.distributor)
    assert _names(content) == [
        "Trà Shan tuyết cổ thụ Hà Giang",
        "Mật ong hoa nhãn Hưng Yên",
        "Lạp xưởng tươi Sóc Trăng",
    ]


def test_content_is_capped():
    world = build_world()
    content = packet_content(event=world.event, distributor=world.distributor, limit=4)
    assert content.product_count == 4


def test_content_meetings_come_from_the_published_schedule_only():
    world = build_world()
    block = world.event.meeting_blocks.get()
    published = ScheduleRunFactory(event=world.event, status=RunStatus.PUBLISHED, version=1)
    draft = ScheduleRunFactory(event=world.event, status=RunStatus.DRAFT)
    slots = [SlotFactory(block=block, index=i) for i in range(3)]
    table = TableFactory(block=block, number=7)
    stranger = ProducerFactory(legal_name="Cơ sở Kẹo dừa Bến Tre")
    kwargs = {"table": table, "distributor": world.distributor}
    MeetingFactory(run=published, slot=slots[1], producer=world.producers[0], **kwargs)
    MeetingFactory(run=published, slot=slots[0], producer=stranger, **kwargs)
    MeetingFactory(
        run=published, slot=slots[2], producer=world.producers[1], status=MeetingStatus.CANCELLED, **kwargs
    )
    MeetingFactory(run=draft, slot=slots[2], producer=world.producers[2], **kwargs)
    content = packet_content(event=world.event, distributor=world.distributor)
    assert content.schedule_published
    assert [(m.producer_name, m.starts_at) for m in content.meetings] == [
        ("Cơ sở Kẹo dừa Bến Tre", slots[0].starts_at),
        ("Hợp tác xã Nông sản số 1", slots[1].starts_at),
    ]
    by_name = {p.name: p for p in content.producers}
    assert [m.table for m in by_name["Hợp tác xã Nông sản số 1"].meetings] == ["Bàn 7"]
    # A producer the buyer meets but whose products are not listed still comes, last.
    assert content.producers[-1].name == "Cơ sở Kẹo dừa Bến Tre"
    assert content.producers[-1].products == []


def test_content_programme_is_by_time_with_sessions_and_meeting_blocks():
    world = build_world()
    content = packet_content(event=world.event, distributor=world.distributor)
    assert [(item.kind, item.title, item.room) for item in content.programme] == [
        ("session", "Đưa sản phẩm OCOP vào siêu thị", "Hội trường A"),
        ("meetings", "Gặp gỡ giao thương B2B", "Hội trường A"),
    ]
    assert content.programme[0].speakers == ("Bà Nguyễn Thị Lan",)


def test_content_labels_follow_the_active_language():
    world = build_world(producers=1)
    with translation.override("en"):
        english = packet_content(event=world.event, distributor=world.distributor)
    with translation.override("vi"):
        vietnamese = packet_content(event=world.event, distributor=world.distributor)
    assert (english.top_products[0][0].group, vietnamese.top_products[0][0].group) == ("Food", "Thực phẩm")


def _grow(world, producers: int) -> None:
    """More producers, each with two photographed, certified products and a meeting."""
    run = ScheduleRunFactory(event=world.event, status=RunStatus.PUBLISHED, version=1)
    block = world.event.meeting_blocks.get()
    table = TableFactory(block=block, number=1)
    for index in range(producers):
        producer = ProducerFactory()
        ParticipationFactory(event=world.event, producer=producer)
        for _ in range(2):
            product = ProductFactory(producer=producer)
            ProductImageFactory(product=product)
        slot = SlotFactory(block=block, index=index)
        MeetingFactory(run=run, slot=slot, table=table, producer=producer, distributor=world.distributor)


# Event, ranked products (by scores, then by needs), images, certifications, meetings,
# sessions, blocks; the needs with their groups, sub-groups and certifications when unscored.
QUERIES = {BASIS_SCORES: 7, BASIS_NEEDS: 12, BASIS_CATALOGUE: 9}


@pytest.mark.parametrize("producers", [1, 3])
@pytest.mark.parametrize("basis", [BASIS_CATALOGUE, BASIS_NEEDS, BASIS_SCORES])
def test_content_query_count_is_constant(basis, producers, django_assert_num_queries):
    world = build_world(producers=0)
    _grow(world, producers)
    if basis != BASIS_CATALOGUE:
        need = SourcingNeedFactory(distributor=world.distributor, min_stars=1)
        need.groups.add(ProductGroupFactory())
        need.required_certifications.add(CertificationKindFactory())
        if basis == BASIS_SCORES:
            for product in world.event.participations.filter(kind="producer").values_list(
                "producer__products", flat=True
            ):
                MatchScoreFactory(product_id=product, need=need)
        else:
            for product in world.event.participations.filter(kind="producer").values_list(
                "producer__products", flat=True
            ):
                CertificationFactory(product_id=product)
    with django_assert_num_queries(QUERIES[basis]):
        content = packet_content(event=world.event, distributor=world.distributor)
    assert (content.basis, content.product_count, len(content.meetings)) == (basis, 2 * producers, producers)
