import datetime as dt
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from ocop_portal.celery import app
from producers import ocop, services
from producers.models import OcopCertificate, ProducerMember
from producers.tasks import warn_expiring_certificates
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


class FailingSMTPBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("421 service not available")


def expiring_product(
    days_left: int, *, team=(("chu@example.vn", "vi"), ("owner@example.com", "en")), **kwargs
):
    today = timezone.localdate()
    issued_on = ocop.earliest_valid_issue_date(today + dt.timedelta(days=days_left))
    product = ProductFactory(certificate__issued_on=issued_on, **kwargs)
    for email, language in team:
        ProducerMember.objects.create(
            producer=product.producer, user=UserFactory(email=email, language=language)
        )
    return product


def test_the_daily_task_is_scheduled_after_migrate():
    task = PeriodicTask.objects.get(task="producers.warn_expiring_certificates")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "7",
        "0",
        "Asia/Ho_Chi_Minh",
    )
    assert "producers.warn_expiring_certificates" in app.tasks


def test_expiring_certificate_is_warned_once_in_each_language():
    product = expiring_product(20, name="Kẹo dừa Bến Tre")
    assert warn_expiring_certificates() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["chu@example.vn", "owner@example.com"]
    vietnamese = next(m for m in mail.outbox if m.to == ["chu@example.vn"])
    english = next(m for m in mail.outbox if m.to == ["owner@example.com"])
    assert "Kẹo dừa Bến Tre" in english.subject
    assert "in 20 days" in english.body
    assert f"/vi/producer/products/{product.pk}/certificate/" in vietnamese.body
    product.certificate.refresh_from_db()
    assert product.certificate.expiry_warned_on == timezone.localdate()

    assert warn_expiring_certificates() == 0  # again the same day: nothing
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.certificate_expiry_warn(certificate_id=product.certificate.pk, today=tomorrow) is False
    assert len(mail.outbox) == 2


def test_renewal_rearms_the_warning():
    product = expiring_product(5)
    warn_expiring_certificates()
    renewed = services.certificate_save(
        product=product, issued_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert renewed.expiry_warned_on is None
    assert services.certificate_expiry_warn(certificate_id=renewed.pk) is False  # not due any more


@pytest.mark.parametrize(
    ("days_left", "kwargs"),
    [(31, {}), (-1, {}), (10, {"status": "archived"})],
    ids=["not-yet", "already-expired", "archived-product"],
)
def test_no_warning_when_not_due(days_left, kwargs):
    expiring_product(days_left, **kwargs)
    assert warn_expiring_certificates() == 0
    assert mail.outbox == []


def test_last_day_and_thirtieth_day_are_warned():
    expiring_product(0)
    expiring_product(30, team=[("other@example.vn", "vi")])
    assert warn_expiring_certificates() == 2
    assert len(mail.outbox) == 3


def test_mail_server_down_leaves_the_certificate_unwarned(settings):
    product = expiring_product(12)
    settings.EMAIL_BACKEND = "tests.producers.test_tasks.FailingSMTPBackend"
    with pytest.raises(SMTPException):
        services.certificate_expiry_warn(certificate_id=product.certificate.pk)
    assert OcopCertificate.objects.get(pk=product.certificate.pk).expiry_warned_on is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert warn_expiring_certificates() == 1
