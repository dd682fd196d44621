"""Every rule that must hold is a database constraint: each violation raises IntegrityError
on SQLite and on PostgreSQL alike (writes bypass forms and model validation here)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from distributors.models import SourcingNeed
from events.models import CataloguePacket, Participation, Session
from matchmaking.enums import MeetingStatus, RequestStatus, RunStatus
from matchmaking.models import MatchScore, Meeting, MeetingRequest, ScheduleRun
from producers.models import OcopCertificate, Producer, Product, ProductImage
from tests.factories import (
    CataloguePacketFactory,
    DistributorFactory,
    EventFactory,
    MatchScoreFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OcopCertificateFactory,
    ParticipationFactory,
    ProducerFactory,
    ProductFactory,
    RoomFactory,
    ScheduleRunFactory,
    SessionFactory,
    SourcingNeedFactory,
    TableFactory,
    UserFactory,
)
from tests.factories.producers import gtin13

pytestmark = pytest.mark.django_db


def assert_integrity_error(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_producer_tax_code_unique_and_well_formed():
    producer = ProducerFactory(tax_code="2200123456")
    assert_integrity_error(lambda: ProducerFactory(tax_code="2200123456"))
    assert_integrity_error(lambda: Producer.objects.filter(pk=producer.pk).update(tax_code="12345"))
    Producer.objects.filter(pk=producer.pk).update(tax_code="2200123456-001")


def test_product_price_range_and_barcode():
    product = ProductFactory(gtin=gtin13(1))
    assert_integrity_error(lambda: Product.objects.filter(pk=product.pk).update(price_min=10, price_max=5))
    assert_integrity_error(lambda: Product.objects.filter(pk=product.pk).update(gtin="12345"))
    assert_integrity_error(lambda: ProductFactory(gtin=gtin13(1)))
    # Many products may have no barcode at all.
    ProductFactory(gtin="")
    ProductFactory(gtin="")


@pytest.mark.parametrize(("stars", "score"), [(0, 10), (6, 95), (4, 90), (3, 70), (5, 89), (1, 30), (3, 101)])
def test_certificate_stars_and_score_must_agree(stars, score):
    product = ProductFactory(certificate=False)
    assert_integrity_error(
        lambda: OcopCertificate.objects.create(
            product=product,
            stars=stars,
            score=score,
            decision_number="1/QĐ",
            issuing_level="province",
            issued_on=dt.date(2025, 1, 1),
        )
    )


def test_one_certificate_per_product():
    certificate = OcopCertificateFactory()
    assert_integrity_error(lambda: OcopCertificateFactory(product=certificate.product))


def test_product_image_position_is_capped():
    product = ProductFactory()
    assert_integrity_error(lambda: ProductImage.objects.create(product=product, image="x.png", position=8))


def test_sourcing_need_must_handle_some_storage_and_sane_stars():
    need = SourcingNeedFactory()
    assert_integrity_error(
        lambda: SourcingNeed.objects.filter(pk=need.pk).update(
            accepts_ambient=False, accepts_chilled=False, accepts_frozen=False
        )
    )
    assert_integrity_error(lambda: SourcingNeed.objects.filter(pk=need.pk).update(min_stars=6))


def test_user_email_is_unique_whatever_the_case():
    UserFactory(email="lan@example.vn")
    assert_integrity_error(lambda: UserFactory(email="LAN@example.vn"))
    User.objects.create(username="no-mail-1")
    User.objects.create(username="no-mail-2")


def test_participation_kind_must_match_its_party():
    event = EventFactory()
    producer = ProducerFactory()
    assert_integrity_error(
        lambda: Participation.objects.create(event=event, kind="distributor", producer=producer)
    )
    assert_integrity_error(
        lambda: Participation.objects.create(
            event=event, kind="producer", producer=producer, distributor=DistributorFactory()
        )
    )
    assert_integrity_error(
        lambda: Participation.objects.create(event=event, kind="producer", producer=producer, seats=2)
    )
    ParticipationFactory(event=event, producer=producer)
    assert_integrity_error(lambda: ParticipationFactory(event=event, producer=producer))


def test_distributor_participates_once_per_event():
    participation = ParticipationFactory(kind="distributor", seats=3)
    assert_integrity_error(
        lambda: ParticipationFactory(
            event=participation.event, kind="distributor", distributor=participation.distributor
        )
    )
    assert_integrity_error(lambda: Participation.objects.filter(pk=participation.pk).update(seats=0))


def test_sessions_cannot_overlap_in_one_room():
    session = SessionFactory()
    room, start, end = session.room, session.starts_at, session.ends_at
    half = dt.timedelta(minutes=30)
    assert_integrity_error(
        lambda: Session.objects.create(
            event=session.event, room=room, title="x", starts_at=start + half, ends_at=end + half
        )
    )
    assert_integrity_error(
        lambda: Session.objects.create(
            event=session.event, room=room, title="x", starts_at=start - half, ends_at=end + half
        )
    )
    # Back to back in the same room, or at the same time in another room, is fine.
    Session.objects.create(event=session.event, room=room, title="next", starts_at=end, ends_at=end + half)
    other_room = RoomFactory(event=session.event)
    Session.objects.create(
        event=session.event, room=other_room, title="parallel", starts_at=start, ends_at=end
    )
    # Moving a session onto another one is refused as well.
    later = Session.objects.get(title="next")
    assert_integrity_error(lambda: Session.objects.filter(pk=later.pk).update(starts_at=start, ends_at=end))


def test_session_must_end_after_it_starts():
    session = SessionFactory()
    assert_integrity_error(lambda: Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at))


def test_meeting_request_no_duplicate_live_pair():
    request = MeetingRequestFactory()
    same = {"event": request.event, "distributor": request.distributor, "producer": request.producer}
    assert_integrity_error(lambda: MeetingRequestFactory(**same))
    MeetingRequest.objects.filter(pk=request.pk).update(status=RequestStatus.DECLINED)
    MeetingRequestFactory(**same)  # a declined request may be asked again
    assert_integrity_error(lambda: MeetingRequestFactory(**same, status=RequestStatus.ACCEPTED))


def test_meeting_no_double_booking():
    meeting = MeetingFactory()
    run, slot = meeting.run, meeting.slot
    other_table = TableFactory(block=slot.block)
    third_table = TableFactory(block=slot.block)
    # The producer twice in one slot.
    assert_integrity_error(
        lambda: MeetingFactory(run=run, slot=slot, table=other_table, producer=meeting.producer)
    )
    # The distributor's seat twice in one slot; a second seat is fine.
    assert_integrity_error(
        lambda: MeetingFactory(run=run, slot=slot, table=other_table, distributor=meeting.distributor, seat=1)
    )
    MeetingFactory(run=run, slot=slot, table=other_table, distributor=meeting.distributor, seat=2)
    # The table twice in one slot.
    assert_integrity_error(lambda: MeetingFactory(run=run, slot=slot, table=meeting.table))
    # A cancelled meeting frees its producer, seat and table.
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    MeetingFactory(
        run=run, slot=slot, table=meeting.table, producer=meeting.producer, distributor=meeting.distributor
    )
    assert_integrity_error(lambda: MeetingFactory(run=run, slot=slot, table=third_table, seat=0))


def test_schedule_one_published_version_per_event():
    run = ScheduleRunFactory(status=RunStatus.PUBLISHED, version=1)
    assert_integrity_error(lambda: ScheduleRunFactory(event=run.event, status=RunStatus.PUBLISHED, version=2))
    assert_integrity_error(
        lambda: ScheduleRunFactory(event=run.event, status=RunStatus.SUPERSEDED, version=1)
    )
    assert_integrity_error(
        lambda: ScheduleRunFactory(event=run.event, status=RunStatus.PUBLISHED, version=None)
    )
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.SUPERSEDED)
    ScheduleRunFactory(event=run.event, status=RunStatus.PUBLISHED, version=2)


def test_match_score_unique_pair_and_range():
    score = MatchScoreFactory()
    assert_integrity_error(lambda: MatchScoreFactory(product=score.product, need=score.need))
    assert_integrity_error(lambda: MatchScore.objects.filter(pk=score.pk).update(score=100.5))


def test_catalogue_packet_versions_are_unique_and_sent_has_time():
    packet = CataloguePacketFactory()
    assert_integrity_error(
        lambda: CataloguePacketFactory(event=packet.event, distributor=packet.distributor, version=1)
    )
    CataloguePacketFactory(event=packet.event, distributor=packet.distributor, version=2)
    assert_integrity_error(lambda: CataloguePacket.objects.filter(pk=packet.pk).update(status="sent"))
