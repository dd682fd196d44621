"""The organisers' morning summary: what waits for their decision, once a day, each in their
language, only to those who may decide it and want it."""

import datetime as dt
from smtplib import SMTPException

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from accounts.models import User
from events.digest import organiser_digests_send
from events.tasks import send_organiser_digests
from tests.concurrency import at_once
from tests.factories import BuyerFactory, OrganiserFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 1, 11)


@pytest.fixture
def waiting(settings):
    settings.SITE_URL = "https://ocop.example.vn"
    BuyerFactory.create_batch(2, status="pending")
    ParticipationFactory(status="pending")


def test_each_organiser_gets_the_summary_in_their_language_with_links(waiting):
    OrganiserFactory(email="ha@so-cong-thuong.vn", language="vi")
    OrganiserFactory(email="anna@example.org", language="en", first_name="Anna", last_name="Berg")

    assert organiser_digests_send(today=TODAY) == 2

    by_address = {message.to[0]: message for message in mail.outbox}
    vi, en = by_address["ha@so-cong-thuong.vn"], by_address["anna@example.org"]
    assert vi.subject.endswith("3 việc đang chờ bạn quyết định")
    assert "2 người thu mua chờ duyệt" in vi.body
    assert "https://ocop.example.vn/vi/admin/distributors/buyer/?status__exact=pending" in vi.body
    assert en.subject.endswith("3 items await your decision")
    assert "Hello Anna Berg," in en.body
    assert (
        "2 buyers await approval\n  https://ocop.example.vn/en/admin/distributors/buyer/?status__exact=pending"
        in (en.body)
    )
    assert "1 event registration awaits approval" in en.body
    assert "https://ocop.example.vn/en/admin/" in en.body
    assert "&#x27;" not in en.body + en.subject
    assert "&quot;" not in en.body


def test_once_a_day_and_again_the_next(waiting):
    OrganiserFactory()
    assert send_organiser_digests.delay().get() == 1  # the beat task
    assert organiser_digests_send() == 0
    assert organiser_digests_send(today=dt.date.today() + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_nobody_is_mailed_when_nothing_waits(settings):
    OrganiserFactory()
    BuyerFactory()
    assert organiser_digests_send(today=TODAY) == 0
    assert not mail.outbox
    assert User.objects.get(is_staff=True).organiser_digest_on is None  # tomorrow may have something


def test_only_active_staff_with_an_address_who_want_it_and_only_what_they_may_decide(waiting):
    OrganiserFactory(organiser_digest=False)
    OrganiserFactory(is_active=False)
    OrganiserFactory(email="")
    UserFactory()  # not staff
    staff = UserFactory(is_staff=True, email="buyers-desk@so-cong-thuong.vn", language="en")
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="distributors", codename="change_buyer")
    )
    assert organiser_digests_send(today=TODAY) == 1
    (message,) = mail.outbox
    assert message.to == ["buyers-desk@so-cong-thuong.vn"]
    assert "2 buyers await approval" in message.body
    assert "registration" not in message.body
    assert message.subject.endswith("2 items await your decision")


def test_a_mail_failure_gives_the_day_back_and_does_not_stop_the_others(waiting, monkeypatch):
    first, second = OrganiserFactory(), OrganiserFactory()
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == [first.email]:
            raise SMTPException("421 try later")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    assert organiser_digests_send(today=TODAY) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.organiser_digest_on, second.organiser_digest_on) == (None, TODAY)
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert organiser_digests_send(today=TODAY) == 1  # the retry reaches the first only
    assert [m.to for m in mail.outbox] == [[second.email], [first.email]]


def test_the_organiser_can_turn_it_off_in_the_admin(organiser_client):
    organiser = User.objects.get(is_staff=True)
    page = organiser_client.get(f"/en/admin/accounts/user/{organiser.pk}/change/").content.decode()
    assert 'name="organiser_digest"' in page
    assert "Morning summary for organisers" in page


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_summary(postgresql, waiting):
    OrganiserFactory()
    assert (
        sum(at_once(lambda: organiser_digests_send(today=TODAY), lambda: organiser_digests_send(today=TODAY)))
        == 1
    )
    assert len(mail.outbox) == 1
