"""The admin index tells organisers what waits for their decision, with a link to each list."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.factories import (
    BuyerFactory,
    CataloguePacketFactory,
    EventFactory,
    OcopCertificateFactory,
    ParticipationFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOTHING = "Nothing waits for a decision"


def index(client) -> str:
    response = client.get("/en/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_kind_waiting_is_counted_with_a_link_to_its_filtered_list(organiser_client):
    BuyerFactory.create_batch(2, status="pending")
    BuyerFactory()  # approved: not waiting
    OcopCertificateFactory(product=ProductFactory(certificate=False), verification="pending")
    ParticipationFactory(status="pending")
    ParticipationFactory()
    over = EventFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        ends_on=timezone.localdate() - dt.timedelta(days=29),
    )
    ParticipationFactory(status="pending", event=over)  # nothing left to decide
    CataloguePacketFactory(status="failed", event=over)
    CataloguePacketFactory(status="failed")
    CataloguePacketFactory()  # pending: the beat task sends it

    html = index(organiser_client)
    assert NOTHING not in html
    for url, label in (
        ("/en/admin/distributors/buyer/?status__exact=pending", "2 buyers await approval"),
        (
            "/en/admin/producers/ocopcertificate/?verification__exact=pending",
            "1 OCOP certificate awaits verification",
        ),
        (
            "/en/admin/events/participation/?status__exact=pending&when=coming",
            "1 event registration awaits approval",
        ),
        (
            "/en/admin/events/cataloguepacket/?status__exact=failed&when=coming",
            "1 catalogue packet could not be sent",
        ),
    ):
        assert f'<a href="{url.replace("&", "&amp;")}">{label}</a>' in html
        listed = organiser_client.get(url)  # the link opens the list with just those rows
        assert listed.status_code == 200
        assert listed.context["cl"].result_count == int(label.split()[0])


def test_nothing_waiting_says_so(organiser_client):
    BuyerFactory()
    assert NOTHING in index(organiser_client)


def test_in_vietnamese(organiser_client):
    BuyerFactory(status="pending")
    html = organiser_client.get("/vi/admin/").content.decode()
    assert "Đang chờ bạn" in html
    assert "1 người thu mua chờ duyệt" in html


def test_a_staff_member_sees_only_what_they_may_decide(client):
    """A member of staff who may approve buyers, and nothing else, is told only of buyers."""
    BuyerFactory(status="pending")
    ParticipationFactory(status="pending")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="distributors", codename__in=("view_buyer", "change_buyer")
        )
    )
    client.force_login(staff)
    html = index(client)
    assert "1 buyer awaits approval" in html
    assert "registration" not in html.split('id="waiting-for-you"')[1].split("</div>")[0]


def test_signed_out_and_non_staff_users_get_the_login_page(client):
    assert client.get("/en/admin/")["Location"].startswith("/en/admin/login/")
    client.force_login(UserFactory())
    assert client.get("/en/admin/")["Location"].startswith("/en/admin/login/")


def test_the_event_dates_filter_splits_coming_and_past_rows(organiser_client):
    over = EventFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=3),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    today = EventFactory(starts_on=timezone.localdate(), ends_on=timezone.localdate())
    ParticipationFactory(event=over)
    ParticipationFactory.create_batch(2, event=today)
    for when, count in (("coming", 2), ("past", 1), ("", 3)):
        response = organiser_client.get(f"/en/admin/events/participation/?when={when}")
        assert response.context["cl"].result_count == count
