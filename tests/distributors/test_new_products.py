"""The morning e-mail of new products: a buyer's company is told once of each product that
comes into the catalogue and meets one of its sourcing needs."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from distributors.enums import BuyerStatus
from distributors.models import NewProductNotice
from distributors.new_products import LOOKBACK, MAX_LISTED, new_product_notices_record
from distributors.tasks import send_new_product_notices_task
from producers import services as producer_services
from producers.enums import ProductStatus, VerificationStatus
from producers.models import CertificationKind, OcopCertificate, ProductGroup
from tests.concurrency import at_once
from tests.conftest import require_service
from tests.events.packets_world import FlakySMTPBackend
from tests.factories import (
    BuyerFactory,
    CertificationFactory,
    OrganiserFactory,
    ProductFactory,
    ProductImageFactory,
    SourcingNeedFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(buyer):
    """Saigon Co.op (an English-speaking buyer and a Vietnamese one, and one not approved
    yet) with a need for 4★ food made two days ago."""
    colleague = BuyerFactory(distributor=buyer.distributor, user__language="vi")
    BuyerFactory(distributor=buyer.distributor, status=BuyerStatus.PENDING)
    need = SourcingNeedFactory(distributor=buyer.distributor, title="Quầy đặc sản Tết", min_stars=4)
    need.groups.set([ProductGroup.objects.get(code="food")])
    _age(need, days=2)
    return need, buyer, colleague


def _age(obj, **delta):
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.now() - dt.timedelta(**delta))
    obj.refresh_from_db()


def listed(*, stars=4, group="food", minutes_ago=60, **kwargs):
    """A product listed ``minutes_ago``, as product_publish or certificate_verify list it."""
    product = ProductFactory(
        group=ProductGroup.objects.get(code=group),
        certificate__stars=stars,
        listed_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **kwargs,
    )
    return product


def run() -> int:
    return send_new_product_notices_task.apply().get()


def test_a_product_published_then_verified_is_mailed_once_to_each_approved_buyer(world):
    need, buyer, colleague = world
    organiser = OrganiserFactory()
    product = ProductFactory(
        name="Bánh pía sầu riêng Tân Huê Viên",
        group=ProductGroup.objects.get(code="food"),
        status=ProductStatus.DRAFT,
        certificate__stars=5,
        certificate__verification=VerificationStatus.PENDING,
    )
    ProductImageFactory(product=product)
    producer_services.product_publish(product=product)
    product.refresh_from_db()
    assert product.listed_at is None  # not in the catalogue until the certificate is verified
    assert run() == 0

    producer_services.certificate_verify(certificate=product.certificate, by=organiser)
    product.refresh_from_db()
    assert product.listed_at is not None
    assert run() == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {buyer.user.email, colleague.user.email}
    english, vietnamese = by_address[buyer.user.email], by_address[colleague.user.email]
    assert english.subject.endswith("1 new OCOP product for your sourcing needs")
    assert "Bánh pía sầu riêng Tân Huê Viên (5★)" in english.body
    assert f"/en/products/{product.slug}/" in english.body
    assert "== Quầy đặc sản Tết ==" in english.body
    assert f"/en/buyer/needs/{need.pk}/" in english.body
    assert f"/en/buyer/needs/{need.pk}/new/" in english.body
    assert "sản phẩm OCOP mới" in vietnamese.subject
    assert f"/vi/products/{product.slug}/" in vietnamese.body

    assert run() == 0  # told once
    notice = NewProductNotice.objects.get()
    assert (notice.need, notice.product, notice.sent_at is not None, notice.emailed) == (
        need,
        product,
        True,
        True,
    )


def test_a_product_verified_then_published_is_listed_when_published(world):
    product = ProductFactory(group=ProductGroup.objects.get(code="food"), status=ProductStatus.DRAFT)
    ProductImageFactory(product=product)
    producer_services.product_publish(product=product)
    product.refresh_from_db()
    first = product.listed_at
    assert first is not None
    producer_services.product_publish(product=product)  # again: still the first listing
    producer_services.certificate_verify(certificate=product.certificate, by=OrganiserFactory())
    product.refresh_from_db()
    assert product.listed_at == first


def test_withdrawn_and_listed_again_is_not_announced_twice(world):
    product = listed(name="Mứt gừng")
    assert run() == 2
    producer_services.product_archive(product=product)
    ProductImageFactory(product=product)
    producer_services.product_publish(product=product)
    product.refresh_from_db()
    assert product.listed_at > timezone.now() - dt.timedelta(minutes=1)
    mail.outbox.clear()
    assert run() == 0


@pytest.mark.parametrize(
    "case",
    [
        "below the need's stars",
        "another group",
        "listed before the need was made",
        "listed too long ago",
        "need paused",
        "need asks for no e-mail",
        "required certification missing",
        "never listed",
        "certificate not verified",
        "archived",
    ],
)
def test_what_is_not_announced(world, case):
    need, _buyer, _colleague = world
    product = listed()
    if case == "below the need's stars":
        OcopCertificate.objects.filter(product=product).update(stars=3, score=60)
    elif case == "another group":
        product.group = ProductGroup.objects.get(code="beverages")
        product.subgroup = None
        product.save()
    elif case == "listed before the need was made":
        product.listed_at = need.created_at - dt.timedelta(minutes=1)
        product.save()
    elif case == "listed too long ago":
        _age(need, days=60)
        product.listed_at = timezone.now() - LOOKBACK - dt.timedelta(minutes=1)
        product.save()
    elif case == "need paused":
        need.is_active = False
        need.save()
    elif case == "need asks for no e-mail":
        need.email_new_products = False
        need.save()
    elif case == "required certification missing":
        need.required_certifications.set([CertificationKind.objects.get(code="haccp")])
        CertificationFactory(product=product, kind=CertificationKind.objects.get(code="vietgap"))
    elif case == "never listed":
        product.listed_at = None
        product.save()
    elif case == "certificate not verified":
        product.certificate.verification = VerificationStatus.PENDING
        product.certificate.save()
    elif case == "archived":
        product.status = ProductStatus.ARCHIVED
        product.save()
    assert run() == 0
    assert mail.outbox == []


def test_a_required_certification_held_is_announced(world):
    need, _buyer, _colleague = world
    haccp = CertificationKind.objects.get(code="haccp")
    need.required_certifications.set([haccp])
    product = listed(name="Khô cá lóc")
    CertificationFactory(product=product, kind=haccp)
    assert run() == 2
    assert "Khô cá lóc" in mail.outbox[0].body


def test_other_companies_and_buyers_without_needs_get_nothing(world):
    need, buyer, colleague = world
    other = BuyerFactory()  # another distributor, no need
    listed()
    run()
    assert other.user.email not in {message.to[0] for message in mail.outbox}
    assert len(mail.outbox) == 2


def test_withdrawn_before_the_mail_is_left_out(world):
    listed(name="Trà mãng cầu")
    withdrawn = listed(name="Rượu nếp cẩm")
    assert new_product_notices_record() == 2
    producer_services.product_archive(product=withdrawn)
    run()
    body = mail.outbox[0].body
    assert "Trà mãng cầu" in body
    assert "Rượu nếp cẩm" not in body
    assert NewProductNotice.objects.filter(sent_at__isnull=True).count() == 0
    assert set(NewProductNotice.objects.values_list("product__name", "emailed")) == {
        ("Trà mãng cầu", True),
        ("Rượu nếp cẩm", False),
    }


def test_a_need_paused_before_the_mail_gets_none(world):
    need, _buyer, _colleague = world
    listed()
    new_product_notices_record()
    need.is_active = False
    need.save()
    assert run() == 0
    assert NewProductNotice.objects.filter(sent_at__isnull=True).count() == 0


def test_many_products_name_the_first_and_link_the_rest(world):
    for number in range(MAX_LISTED + 3):
        listed(name=f"Bánh tráng số {number:02d}", stars=5 if number == 7 else 4)
    run()
    body = mail.outbox[0].body
    assert body.count("Bánh tráng số") == MAX_LISTED
    assert body.index("Bánh tráng số 07 (5★)") < body.index("Bánh tráng số 00")  # most stars first
    assert "And 3 more products: https://" in body
    assert mail.outbox[0].subject.endswith(f"{MAX_LISTED + 3} new OCOP products for your sourcing needs")


def test_a_mail_server_down_keeps_the_notices_for_the_next_morning(world, settings):
    settings.EMAIL_BACKEND = "tests.events.packets_world.FlakySMTPBackend"
    FlakySMTPBackend.failures, FlakySMTPBackend.calls = 1, 0
    listed(name="Nước mắm Phú Quốc")
    assert run() == 0
    assert NewProductNotice.objects.filter(sent_at__isnull=True).count() == 1
    assert run() == 2
    assert "Nước mắm Phú Quốc" in mail.outbox[0].body
    assert run() == 0


def test_two_needs_are_one_message(world):
    need, _buyer, _colleague = world
    drinks = SourcingNeedFactory(distributor=need.distributor, title="Đồ uống", min_stars=3)
    drinks.groups.set([ProductGroup.objects.get(code="beverages")])
    _age(drinks, days=1)
    listed(name="Bánh phồng tôm")
    listed(name="Trà atiso", group="beverages", subgroup=None)
    assert run() == 2
    body = mail.outbox[0].body
    assert "== Quầy đặc sản Tết ==" in body
    assert "== Đồ uống ==" in body
    assert "2 new OCOP products" in mail.outbox[0].subject


def test_the_buyer_turns_the_mails_off_for_a_need(buyer_client, world):
    from tests.distributors.test_needs import need_data

    need, _buyer, _colleague = world
    page = buyer_client.get(f"/en/buyer/needs/{need.pk}/").content.decode()
    box = page.split('name="email_new_products"')[1].split(">")[0]
    assert "checked" in box
    response = buyer_client.post(f"/en/buyer/needs/{need.pk}/", need_data(email_new_products=""))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.email_new_products is False
    assert "E-mails of new products" in buyer_client.get("/en/buyer/needs/").content.decode()
    listed()
    assert run() == 0


def test_a_new_need_asks_for_the_mails(buyer_client):
    from distributors.models import SourcingNeed
    from tests.distributors.test_needs import need_data

    assert buyer_client.post("/en/buyer/needs/new/", need_data(email_new_products="on")).status_code == 302
    assert SourcingNeed.objects.get().email_new_products is True


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_mail_once():
    require_service("PostgreSQL", connection.vendor == "postgresql", "concurrent claims need row locks")
    buyer = BuyerFactory(user__language="en")
    need = SourcingNeedFactory(distributor=buyer.distributor, min_stars=3)
    _age(need, days=1)
    # A transactional test may run after another that emptied the reference groups.
    ProductFactory(listed_at=timezone.now() - dt.timedelta(hours=1))
    new_product_notices_record()
    assert sorted(at_once(*[run] * 4)) == [0, 0, 0, 1]
    assert len(mail.outbox) == 1


def test_the_migration_lists_the_products_buyers_already_see():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("producers.migrations.0008_listed_at")
    verified_at = timezone.now() - dt.timedelta(days=3)
    seen = ProductFactory(certificate__verified_at=verified_at)
    draft = ProductFactory(status=ProductStatus.DRAFT)
    unverified = ProductFactory(certificate__verification=VerificationStatus.PENDING)
    _age(seen, days=30)
    migration.listed_when_verified(apps, None)
    for product in (seen, draft, unverified):
        product.refresh_from_db()
    assert seen.listed_at == verified_at
    assert draft.listed_at is None
    assert unverified.listed_at is None


def test_the_need_page_lists_its_new_products_latest_first(buyer_client, world):
    need, _buyer, _colleague = world
    older = listed(name="Khô cá sặc", minutes_ago=120)
    newer = listed(name="Lạp xưởng tươi", minutes_ago=30)
    listed(name="Rượu cần", group="beverages", subgroup=None)  # not for this need
    run()
    html = buyer_client.get(f"/en/buyer/needs/{need.pk}/new/").content.decode()
    assert "New for “Quầy đặc sản Tết”" in html
    assert html.index(newer.name) < html.index(older.name)
    assert "Rượu cần" not in html
    assert "2 products" in html
    dashboard = buyer_client.get("/en/buyer/").content.decode()
    assert f'href="/en/buyer/needs/{need.pk}/new/">2 new products</a>' in dashboard
    assert "2 new products" in buyer_client.get("/en/buyer/needs/").content.decode()
    producer_services.product_archive(product=newer)  # no longer in the catalogue
    html = buyer_client.get(f"/en/buyer/needs/{need.pk}/new/").content.decode()
    assert "Lạp xưởng tươi" not in html
    assert "1 product" in html


def test_a_need_without_e_mails_still_lists_its_new_products(buyer_client, world):
    need, _buyer, _colleague = world
    need.email_new_products = False
    need.save()
    listed(name="Bánh tét lá cẩm")
    assert run() == 0
    notice = NewProductNotice.objects.get()
    assert notice.sent_at is not None
    assert notice.emailed is False
    html = buyer_client.get(f"/en/buyer/needs/{need.pk}/new/").content.decode()
    assert "Bánh tét lá cẩm" in html
    assert "get an e-mail" not in html


def test_the_need_page_when_nothing_is_new_and_past_the_last_page(buyer_client, world):
    need, _buyer, _colleague = world
    html = buyer_client.get(f"/en/buyer/needs/{need.pk}/new/?page=x").content.decode()
    assert "No new product for this need yet." in html
    listed()
    run()
    response = buyer_client.get(f"/en/buyer/needs/{need.pk}/new/?page=99")
    assert response.status_code == 200
    assert "1 product" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_need_page_runs_the_same_queries_for_one_or_many(
    buyer_client, world, count, django_assert_num_queries
):
    need, _buyer, _colleague = world
    for number in range(count):
        listed(name=f"Chả cá thác lác {number}")
    run()
    buyer_client.get("/en/buyer/")  # the session and the membership are read as on any page
    # Session, user, membership, the need with its count, the number of products, the page.
    with django_assert_num_queries(6):
        response = buyer_client.get(f"/en/buyer/needs/{need.pk}/new/")
    assert response.content.decode().count("product-card-title") == count


def test_the_producer_sees_how_many_companies_were_told(client, world):
    from tests.factories import ProducerMemberFactory

    product = listed(name="Kẹo dừa sáp")
    other = BuyerFactory()  # a second company with a need the product meets
    need = SourcingNeedFactory(distributor=other.distributor, min_stars=3)
    _age(need, days=1)
    quiet = SourcingNeedFactory(distributor=BuyerFactory().distributor, email_new_products=False)
    _age(quiet, days=1)
    member = ProducerMemberFactory(producer=product.producer)
    client.force_login(member.user)
    page = f"/en/producer/products/{product.pk}/"
    html = client.get(page).content.decode()
    assert "In the catalogue since" in html
    assert "0 buyer companies whose sourcing needs it meets" in html
    run()
    assert "2 buyer companies whose sourcing needs it meets" in client.get(page).content.decode()
    producer_services.product_archive(product=product)
    html = client.get(page).content.decode()
    assert "In the catalogue since" not in html
    assert "2 buyer companies" in html


def _unsubscribe_url(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in message.body
    return header.strip("<>").split("://", 1)[1].split("/", 1)[1]


def test_a_buyer_stops_the_mails_from_the_link_without_logging_in(client, world):
    need, buyer, colleague = world
    listed(name="Hạt điều rang muối")
    run()
    english = next(message for message in mail.outbox if message.to == [buyer.user.email])
    path = "/" + _unsubscribe_url(english)
    page = client.get(path).content.decode()
    assert buyer.user.email in page
    assert "Saigon Co.op" in page
    buyer.refresh_from_db()
    assert buyer.email_new_products is True  # the page only asks
    response = client.post(path)  # as a mail client's one-click: no CSRF token
    assert response.status_code == 200
    assert "will no longer get the e-mail" in response.content.decode()
    buyer.refresh_from_db()
    assert buyer.email_new_products is False
    mail.outbox.clear()
    listed(name="Hạt sen sấy")
    assert run() == 1
    assert [message.to for message in mail.outbox] == [[colleague.user.email]]


def test_a_tampered_link_stops_nothing(client, world):
    _need, buyer, _colleague = world
    listed()
    run()
    path = "/" + _unsubscribe_url(mail.outbox[0])
    assert client.post(path[:-2] + "x/").status_code == 404
    assert client.get("/en/buyer/new-products/stop/nothing/").status_code == 404
    buyer.refresh_from_db()
    assert buyer.email_new_products is True


def test_the_buyer_turns_their_own_mails_off_and_on_from_the_needs_page(buyer_client, world):
    _need, buyer, colleague = world
    page = buyer_client.get("/en/buyer/needs/").content.decode()
    assert "Stop these e-mails to me" in page
    response = buyer_client.post("/en/buyer/new-products/emails/", {"on": "0"}, follow=True)
    assert "You will no longer get the morning e-mail of new products." in response.content.decode()
    assert "E-mail me new products again" in response.content.decode()
    listed()
    run()
    assert [message.to for message in mail.outbox] == [[colleague.user.email]]
    buyer_client.post("/en/buyer/new-products/emails/", {"on": "1"})
    buyer.refresh_from_db()
    assert buyer.email_new_products is True


def test_cards_of_products_listed_this_week_say_new(client, world):
    listed(name="Bánh ít lá gai", minutes_ago=60 * 24 * 2)
    listed(name="Bánh bò thốt nốt", minutes_ago=60 * 24 * 8)
    ProductFactory(name="Bánh da lợn")  # listed before this portal recorded it
    html = client.get("/en/catalogue/?sort=newest").content.decode()
    cards = {
        name: html.split(name)[1].split("</article>")[0]
        for name in ("Bánh ít lá gai", "Bánh bò thốt nốt", "Bánh da lợn")
    }
    assert 'class="badge badge-new">New<' in cards["Bánh ít lá gai"]
    assert "badge-new" not in cards["Bánh bò thốt nốt"]
    assert "badge-new" not in cards["Bánh da lợn"]
