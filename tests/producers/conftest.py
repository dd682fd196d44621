import pytest

from producers.models import Province
from tests.factories import (
    BuyerFactory,
    OrganiserFactory,
    ProducerFactory,
    ProducerMemberFactory,
    ProductFactory,
    UserFactory,
)


@pytest.fixture
def current_province(db):
    """One of the 34 provinces in force (loaded by the data migration)."""
    return Province.objects.get(code="can-tho")


@pytest.fixture
def owner(db):
    """A user who owns a producer (with no product yet)."""
    return ProducerMemberFactory(role="owner").user


@pytest.fixture
def producer(owner):
    return owner.producer_memberships.get().producer


@pytest.fixture
def other_producer_user(db):
    return ProducerMemberFactory(role="owner").user


@pytest.fixture
def buyer_user(db):
    return BuyerFactory().user


@pytest.fixture
def organiser(db):
    return OrganiserFactory()


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def draft_product(producer):
    """A draft of the owner's producer, with a pending certificate."""
    return ProductFactory(producer=producer, status="draft", certificate__verification="pending")


@pytest.fixture
def other_product(db):
    return ProductFactory(producer=ProducerFactory())


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Users made by factories hash their password; MD5 makes that instant in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
