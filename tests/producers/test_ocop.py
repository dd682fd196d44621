import datetime as dt

import pytest
from django.utils import timezone

from producers import ocop
from producers.selectors import portal_counts, product_qs_visible, valid_ocop_q
from tests.factories import OcopCertificateFactory, ProductFactory


@pytest.mark.parametrize(
    ("score", "stars"),
    [(100, 5), (90, 5), (89, 4), (70, 4), (69, 3), (50, 3), (49, 2), (30, 2), (29, 1), (0, 1)],
)
def test_stars_for_score_follows_the_bands(score, stars):
    assert ocop.stars_for_score(score) == stars


@pytest.mark.parametrize("score", [-1, 101])
def test_stars_for_score_rejects_out_of_range(score):
    with pytest.raises(ValueError, match="outside"):
        ocop.stars_for_score(score)


def test_valid_until_is_36_months_after_issue():
    assert ocop.valid_until(dt.date(2020, 10, 27)) == dt.date(2023, 10, 27)
    assert ocop.valid_until(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)


@pytest.mark.django_db
def test_certificate_validity_properties():
    today = timezone.localdate()
    fresh = OcopCertificateFactory(issued_on=today - dt.timedelta(days=10))
    assert fresh.valid_until == ocop.valid_until(fresh.issued_on)
    assert not fresh.is_expired
    assert not fresh.expires_soon
    assert fresh.is_ocop

    soon = OcopCertificateFactory(issued_on=ocop.earliest_valid_issue_date(today) + dt.timedelta(days=20))
    assert soon.expires_soon
    assert soon.is_ocop

    expired = OcopCertificateFactory(issued_on=ocop.earliest_valid_issue_date(today) - dt.timedelta(days=1))
    assert expired.is_expired
    assert not expired.is_ocop


@pytest.mark.django_db
def test_two_stars_is_not_ocop():
    certificate = OcopCertificateFactory(stars=2, score=40)
    assert not certificate.is_ocop


@pytest.mark.django_db
def test_expired_certificate_stops_counting_as_ocop_in_queries():
    today = timezone.localdate()
    valid = ProductFactory(certificate__issued_on=today - dt.timedelta(days=1))
    last_day = ProductFactory(certificate__issued_on=ocop.earliest_valid_issue_date(today))
    expired = ProductFactory(
        certificate__issued_on=ocop.earliest_valid_issue_date(today) - dt.timedelta(days=1)
    )
    unverified = ProductFactory(certificate__verification="pending")

    ocop_ids = set(product_qs_visible().filter(valid_ocop_q()).values_list("id", flat=True))
    assert ocop_ids == {valid.id, last_day.id}
    assert expired.id in set(product_qs_visible().values_list("id", flat=True))
    assert unverified.id not in set(product_qs_visible().values_list("id", flat=True))
    assert portal_counts()["ocop_products"] == 2
