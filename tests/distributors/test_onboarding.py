import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.urls import reverse
from django.utils import translation

from distributors.enums import BuyerStatus
from distributors.models import Buyer, Distributor
from distributors.services import buyer_approve, buyer_reject
from distributors.tasks import notify_buyer_decision_task
from producers.models import Province
from tests.factories import BuyerFactory, ChannelFactory, DistributorFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/en/buyer/start/"


def test_onboarding_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_new_user_joins_a_verified_distributor(client):
    user = UserFactory()
    coop = DistributorFactory(name="Saigon Co.op")
    DistributorFactory(name="Unverified Mart", is_verified=False)
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "Saigon Co.op (Supermarket chain)" in html
    assert "Unverified Mart" not in html
    assert 'data-searchable="true"' in html
    # The search box the script adds says what to type, and has a name for screen readers.
    assert 'data-placeholder="Type a few letters of its name"' in html
    assert 'data-filter-label="Find your distributor in the list"' in html

    response = client.post(
        URL,
        {"mode": "join", "distributor": coop.pk, "title": "Purchasing officer", "status": "approved"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/buyer/"
    buyer = Buyer.objects.get(user=user)
    assert (buyer.distributor, buyer.title, buyer.status) == (coop, "Purchasing officer", BuyerStatus.PENDING)
    # Once a member, the onboarding page sends them to their dashboard.
    assert client.get(URL)["Location"] == "/en/buyer/"


def test_new_user_proposes_a_distributor(client):
    user = UserFactory()
    client.force_login(user)
    province = Province.objects.get(code="can-tho")
    channel = ChannelFactory(code="ocop-showroom", name="Điểm bán OCOP", name_en="OCOP showroom", scale=1)
    response = client.post(
        URL,
        {
            "mode": "propose",
            "name": "  Cửa hàng  OCOP Cần Thơ ",
            "channel": channel.pk,
            "head_office_province": province.pk,
            "website": "ocopcantho.vn",
            "title": "Chủ cửa hàng",
            "is_verified": "on",
        },
    )
    assert response.status_code == 302
    distributor = Distributor.objects.get(name="Cửa hàng OCOP Cần Thơ")
    assert distributor.is_verified is False
    assert distributor.website == "https://ocopcantho.vn"
    assert distributor.slug == "cua-hang-ocop-can-tho"
    assert Buyer.objects.get(user=user).status == BuyerStatus.PENDING


def test_onboarding_errors_are_clear(client):
    client.force_login(UserFactory())
    response = client.post(URL, {"mode": "join", "title": "Buyer"})
    assert response.status_code == 400
    assert "Choose your distributor, or propose it" in response.content.decode()
    response = client.post(URL, {"mode": "propose", "title": "Buyer", "name": "X"})
    assert response.status_code == 400
    assert "This field is required to propose a distributor." in response.content.decode()
    assert Buyer.objects.count() == 0


def test_proposing_a_known_distributor_is_refused(client):
    DistributorFactory(name="Saigon Co.op")
    client.force_login(UserFactory())
    response = client.post(
        URL,
        {
            "mode": "propose",
            "name": "saigon co.op",
            "channel": ChannelFactory().pk,
            "head_office_province": Province.objects.get(code="ha-noi").pk,
            "title": "Buyer",
        },
    )
    assert response.status_code == 400
    assert "is already on the portal: choose it from the list." in response.content.decode()


def test_rejected_buyer_may_try_another_distributor(client):
    buyer = BuyerFactory(status=BuyerStatus.REJECTED)
    client.force_login(buyer.user)
    other = DistributorFactory()
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"mode": "join", "distributor": other.pk, "title": "x"}).status_code == 302
    assert Buyer.objects.filter(user=buyer.user).count() == 2


def test_pending_buyer_can_browse_but_not_contact(client, pending_buyer):
    client.force_login(pending_buyer.user)
    assert client.get("/en/catalogue/").status_code == 200
    dashboard = client.get("/en/buyer/")
    assert dashboard.status_code == 200
    assert "awaits an organiser's approval" in dashboard.content.decode()
    response = client.get("/en/buyer/shortlists/")
    assert response.status_code == 403
    assert "An organiser still has to confirm that you buy for Chuỗi Mới." in response.content.decode()


def test_admin_actions_approve_and_reject_and_mail_the_buyer(client, django_capture_on_commit_callbacks):
    organiser = OrganiserFactory()
    pending = BuyerFactory(status=BuyerStatus.PENDING, distributor__is_verified=False, user__language="en")
    other = BuyerFactory(status=BuyerStatus.PENDING, user__language="vi")
    client.force_login(organiser)
    with translation.override("en"):
        url = reverse("admin:distributors_buyer_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve", "_selected_action": [pending.pk]}, follow=True)
    assert "1 buyer approved." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == BuyerStatus.APPROVED
    assert pending.decided_by == organiser
    assert pending.distributor.is_verified is True
    assert mail.outbox[-1].to == [pending.user.email]
    assert "You are now a buyer of" in mail.outbox[-1].subject

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reject", "_selected_action": [other.pk]})
    other.refresh_from_db()
    assert other.status == BuyerStatus.REJECTED
    assert mail.outbox[-1].to == [other.user.email]
    assert len(mail.outbox) == 2
    assert site._registry[Buyer].actions == ("approve", "reject")


def test_approving_twice_mails_once(django_capture_on_commit_callbacks):
    buyer = BuyerFactory(status=BuyerStatus.PENDING)
    organiser = OrganiserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer_approve(buyer=buyer, by=organiser) is True
        assert buyer_approve(buyer=buyer, by=organiser) is False
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer_reject(buyer=buyer, by=organiser) is True
    assert len(mail.outbox) == 2


def test_decision_task_of_a_missing_buyer_logs(caplog):
    notify_buyer_decision_task.run(buyer_id=424242)
    assert "no longer exists" in caplog.text
    assert notify_buyer_decision_task.name == "distributors.notify_buyer_decision"
