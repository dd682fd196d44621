"""``load_demo``: the Sóc Trăng 2020 reference event, an upcoming event and demo accounts."""

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from accounts.models import User
from distributors.enums import BuyerStatus
from distributors.models import Buyer, Distributor
from events.enums import EventStatus, MouKind, ParticipantKind, ParticipationStatus
from events.models import Event, Mou
from producers import ocop
from producers.enums import IssuingLevel, MemberRole, ProducerKind, VerificationStatus
from producers.models import OcopCertificate, Producer, ProducerMember, Product
from producers.selectors import valid_ocop_q
from producers.services import product_search_text
from producers.validators import validate_gtin13, validate_tax_code

REFERENCE_SLUG = "hoi-nghi-ket-noi-cung-cau-ocop-soc-trang-2020"
UPCOMING_SLUG = "hoi-nghi-ket-noi-cung-cau-ocop-can-tho"
LOCALITIES = (
    "TP. Sóc Trăng",
    "Vĩnh Châu",
    "Mỹ Xuyên",
    "Long Phú",
    "Kế Sách",
    "Mỹ Tú",
    "Châu Thành",
    "Trần Đề",
    "Ngã Năm",
    "Thạnh Trị",
    "Cù Lao Dung",
)


@dataclass(frozen=True)
class Demo:
    output: str
    media: Path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for this module, inside a transaction rolled back afterwards so
    other modules start from an empty database; each test runs in a savepoint within it.
    Photos go to a temporary MEDIA_ROOT of the module (tests get their own from conftest);
    a fast password hasher keeps the logins quick."""
    media = tmp_path_factory.mktemp("media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield Demo(output=out.getvalue(), media=media)
        transaction.set_rollback(True)


def _demo_products():
    return Product.objects.filter(producer__province__code="soc-trang").select_related(
        "producer__province", "certificate", "group", "subgroup"
    )


@pytest.mark.django_db
def test_load_demo_builds_reference_event(demo):
    event = Event.objects.select_related("province").get(slug=REFERENCE_SLUG)

    assert event.name == (
        "Hội nghị Kết nối cung cầu, liên kết sản xuất, tiêu thụ sản phẩm OCOP và đặc sản vùng miền "
        "tỉnh Sóc Trăng năm 2020"
    )
    assert (event.starts_on, event.ends_on) == (dt.date(2020, 10, 27), dt.date(2020, 10, 27))
    assert event.venue == "Trung tâm Văn hóa và Hội nghị tỉnh Sóc Trăng"
    assert (event.province.code, event.province.is_current) == ("soc-trang", False)
    assert event.organiser_name == "Sở Công Thương tỉnh Sóc Trăng"
    assert event.status == EventStatus.FINISHED
    assert list(event.sessions.values_list("title", flat=True)) == [
        "Thực trạng và giải pháp đưa sản phẩm OCOP vào hệ thống phân phối hiện đại",
        "Liên kết sản xuất – tiêu thụ nông sản, đặc sản vùng miền",
    ]
    block = event.meeting_blocks.get()
    assert (block.slots.count(), block.tables.count()) == (7, 12)


@pytest.mark.django_db
def test_load_demo_signs_mous_as_at_the_real_event(demo):
    counts = Counter(Mou.objects.filter(event__slug=REFERENCE_SLUG).values_list("kind", flat=True))

    assert counts == {
        MouKind.PROVINCE_PROVINCE: 14,
        MouKind.PROVINCE_DISTRIBUTOR: 8,
        MouKind.BUSINESS_BUSINESS: 34,
    }
    business = Mou.objects.filter(kind=MouKind.BUSINESS_BUSINESS)
    assert not business.filter(producer=None).exists()
    assert not business.filter(distributor=None).exists()


@pytest.mark.django_db
def test_load_demo_registers_approved_participants(demo):
    event = Event.objects.get(slug=REFERENCE_SLUG)
    participations = event.participations.filter(status=ParticipationStatus.APPROVED)

    assert participations.filter(kind=ParticipantKind.PRODUCER).count() == 52
    seats = sorted(participations.filter(kind=ParticipantKind.DISTRIBUTOR).values_list("seats", flat=True))
    assert len(seats) == 8
    assert set(seats) <= {2, 3}


@pytest.mark.django_db
def test_load_demo_creates_the_named_distributors(demo):
    distributors = Distributor.objects.select_related("channel", "head_office_province")

    assert sorted(d.name for d in distributors) == [
        "BRG Retail",
        "Bách Hóa Xanh",
        "Central Retail Việt Nam (Big C)",
        "Công ty TNHH XNK Trái cây Chánh Thu",
        "MM Mega Market Việt Nam",
        "Saigon Co.op",
        "Siêu thị Tú Sơn",
        "VinaGreenCo",
    ]
    assert {d.slug: d.channel.code for d in distributors}["trai-cay-chanh-thu"] == "export"
    assert all(1 <= d.sourcing_needs.count() <= 2 for d in distributors)
    assert all(d.is_verified for d in distributors)


@pytest.mark.django_db
def test_load_demo_creates_soc_trang_producers(demo):
    producers = list(Producer.objects.select_related("province"))

    assert len(producers) == 52
    assert {p.province.code for p in producers} == {"soc-trang"}
    assert {p.kind for p in producers} == set(ProducerKind.values)
    for producer in producers:
        validate_tax_code(producer.tax_code)
        assert len(producer.tax_code) == 10
        assert producer.address.endswith("tỉnh Sóc Trăng")
        assert producer.phone
        assert producer.contact_person
    assert len({p.tax_code for p in producers}) == 52
    assert {loc for loc in LOCALITIES for p in producers if loc in p.address} == set(LOCALITIES)


@pytest.mark.django_db
def test_load_demo_rates_99_products_24_at_four_stars(demo):
    certificates = list(OcopCertificate.objects.all())

    assert _demo_products().count() == 99
    assert Counter(c.stars for c in certificates) == {4: 24, 3: 75}
    for certificate in certificates:
        low, high = ocop.STAR_BANDS[certificate.stars]
        assert low <= certificate.score <= high
        assert certificate.verification == VerificationStatus.VERIFIED
        assert certificate.issuing_level == IssuingLevel.PROVINCE
        assert re.fullmatch(r"\d+/QĐ-UBND", certificate.decision_number)


@pytest.mark.django_db
def test_load_demo_catalogue_is_live_with_a_few_warnings(demo):
    certificates = list(OcopCertificate.objects.all())

    assert sum(c.is_expired for c in certificates) == 3
    assert sum(c.expires_soon for c in certificates) == 4
    assert Product.objects.filter(valid_ocop_q()).count() == 96


@pytest.mark.django_db
def test_load_demo_products_have_photos_gtins_and_search_text(demo):
    products = list(_demo_products().prefetch_related("images"))

    for product in products:
        validate_gtin13(product.gtin)
        assert product.gtin.startswith("893")
        assert product.search_text == product_search_text(product=product)
        assert product.subgroup.group_id == product.group_id
        assert product.price_min <= product.price_max
        images = list(product.images.all())
        assert 1 <= len(images) <= 2
        assert images[0].position == 0
        with Image.open(demo.media / images[0].image.name) as photo:
            assert (photo.format, photo.size) == ("JPEG", (800, 600))
    assert len({p.gtin for p in products}) == 99


@pytest.mark.django_db
def test_load_demo_adds_an_upcoming_event(demo):
    event = Event.objects.get(slug=UPCOMING_SLUG)
    local = timezone.localtime

    assert event.starts_on > timezone.localdate()
    assert event.status == EventStatus.REGISTRATION_OPEN
    assert event.name.endswith(f"năm {event.starts_on.year}")
    assert local(event.catalogue_send_at).date() == event.starts_on - dt.timedelta(days=3)
    assert local(event.registration_deadline) < local(event.request_deadline) < local(event.catalogue_send_at)
    assert event.sessions.count() == 2
    assert all(block.slots.exists() and block.tables.exists() for block in event.meeting_blocks.all())
    assert event.participations.filter(status=ParticipationStatus.APPROVED).count() > 0


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["organiser", "producer", "buyer"])
def test_demo_accounts_log_in(demo, client, username):
    assert f"username: {username}" in demo.output
    assert "ocop-demo-2020" in demo.output
    # django-axes checks every login against the client's address, so it needs a request.
    request = RequestFactory().post("/")
    assert client.login(request=request, username=username, password="ocop-demo-2020")


@pytest.mark.django_db
def test_demo_accounts_have_their_roles(demo):
    organiser = User.objects.get(username="organiser")
    member = ProducerMember.objects.select_related("producer").get(user__username="producer")
    buyer = Buyer.objects.select_related("distributor").get(user__username="buyer")

    assert (organiser.is_staff, organiser.is_superuser, organiser.language) == (True, True, "vi")
    assert member.role == MemberRole.OWNER
    assert (buyer.distributor.slug, buyer.status) == ("saigon-co-op", BuyerStatus.APPROVED)


@pytest.mark.django_db
def test_load_demo_twice_changes_no_counts(demo):
    models = apps.get_models(include_auto_created=True)
    before = {model._meta.label: model.objects.count() for model in models}

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert {model._meta.label: model.objects.count() for model in models} == before
    assert out.getvalue().startswith("Demo loaded: 0 rows created")


@pytest.mark.django_db
def test_load_demo_scores_so_that_dashboards_show_suggestions(demo, client):
    """The demo's rows are written without the services that queue a re-score: the load
    scores them itself, so the buyer sees suggested producers and the producer buyers."""
    from matchmaking.models import MatchScore
    from matchmaking.scoring.selectors import buyers_for_producer, suggestions_for_buyer

    stored = MatchScore.objects.count()
    assert stored > 0
    assert f"{stored} match scores" in demo.output
    buyer = Buyer.objects.get(user__username="buyer")
    suggestions = suggestions_for_buyer(buyer, limit=6)
    assert suggestions
    member = ProducerMember.objects.select_related("producer").get(user__username="producer")
    assert buyers_for_producer(member.producer).matches

    request = RequestFactory().post("/")
    assert client.login(request=request, username="buyer", password="ocop-demo-2020")
    html = client.get("/vi/buyer/").content.decode()
    assert "Chưa có gợi ý" not in html
    assert escape(suggestions[0].product.name) in html


@pytest.mark.django_db
def test_load_demo_gives_the_buyers_company_requests_in_each_state(demo, client):
    """At the upcoming event Saigon Co.op has asked two producers of its team list (one
    accepted) and the demo producer has asked it: the buyer's shared list shows each, and
    the producer has a request to follow."""
    from distributors.models import Shortlist
    from events.demo.data import TEAM_SHORTLIST
    from matchmaking.models import MeetingRequest

    requests = MeetingRequest.objects.filter(event__slug=UPCOMING_SLUG).select_related(
        "distributor", "producer"
    )
    assert {r.distributor.slug for r in requests} == {"saigon-co-op"}
    assert Counter((r.side, r.status) for r in requests) == {
        ("buyer", "accepted"): 1,
        ("buyer", "pending"): 1,
        ("producer", "pending"): 1,
    }
    member = ProducerMember.objects.get(user__username="producer")
    assert requests.get(side="producer").producer_id == member.producer_id
    accepted = requests.get(status="accepted")
    assert (accepted.requested_by.username, accepted.responded_at is not None) == ("colleague", True)

    assert client.login(request=RequestFactory().post("/"), username="buyer", password="ocop-demo-2020")
    shared = Shortlist.objects.get(name=TEAM_SHORTLIST)
    html = client.get(f"/vi/buyer/shortlists/{shared.pk}/").content.decode()
    for request in requests:
        assert f'href="/vi/meetings/requests/{request.pk}/"' in html
