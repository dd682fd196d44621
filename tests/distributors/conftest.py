import pytest

from distributors.enums import BuyerStatus
from producers.services import product_refresh_search_text
from tests.factories import BuyerFactory, ProductFactory


def make_product(**kwargs):
    """A visible product whose search text is folded as the product services store it."""
    product = ProductFactory(**kwargs)
    product_refresh_search_text(product=product)
    return product


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password for every user; the default hasher costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def buyer(db):
    return BuyerFactory(distributor__name="Saigon Co.op", user__language="en")


@pytest.fixture
def pending_buyer(db):
    return BuyerFactory(status=BuyerStatus.PENDING, distributor__name="Chuỗi Mới", user__language="en")


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer.user)
    return client
