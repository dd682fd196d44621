"""A producer's name and province are part of its products' search text: changing them on
the profile page or in the admin makes the catalogue find the products under the new values
and no longer under the old ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from producers import services
from producers.models import Producer, Product
from tests.factories import ProducerFactory, ProductFactory

from .helpers import en
from .test_views import profile_data

pytestmark = pytest.mark.django_db

PROFILE_URL = "/vi/producer/profile/"
CATALOGUE_URL = "/vi/catalogue/"


def found(client, query: str) -> set[str]:
    """The names of the products the catalogue lists for a search."""
    response = client.get(CATALOGUE_URL, {"q": query})
    assert response.status_code == 200
    return {product.name for product in response.context["products"]}


def list_products(producer: Producer) -> set[str]:
    """Two published, verified products of the producer, with the search text the services
    write; their names."""
    products = ProductFactory.create_batch(2, producer=producer)
    services.producer_refresh_search_text(producer=producer)
    return {product.name for product in products}


@pytest.fixture
def listed_products(producer):
    """The products of the owner's producer, in Sóc Trăng (a province merged in 2025)."""
    return list_products(producer)


@pytest.fixture
def listed_products_in_can_tho(producer, current_province):
    """The products of the owner's producer, moved to Cần Thơ (a current province, which
    the profile form accepts)."""
    Producer.objects.filter(pk=producer.pk).update(province=current_province)
    producer.refresh_from_db()
    return list_products(producer)


def test_province_change_on_the_profile_page_moves_the_products_in_the_search(
    client, owner, producer, listed_products, current_province
):
    assert found(client, "soc trang") == listed_products
    assert found(client, "can tho") == set()

    client.force_login(owner)
    data = profile_data(current_province, legal_name=producer.legal_name, tax_code=producer.tax_code)
    response = client.post(PROFILE_URL, data)
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.province == current_province

    client.logout()
    assert found(client, "can tho") == listed_products
    assert found(client, "soc trang") == set()


def test_name_change_on_the_profile_page_moves_the_products_in_the_search(
    client, owner, producer, listed_products_in_can_tho
):
    assert found(client, "hop tac xa nong san") == listed_products_in_can_tho
    client.force_login(owner)
    data = profile_data(
        producer.province, legal_name="Hộ kinh doanh Bánh pía Tân Huê Viên", tax_code=producer.tax_code
    )
    assert client.post(PROFILE_URL, data).status_code == 302

    assert found(client, "tan hue vien") == listed_products_in_can_tho
    assert found(client, "hop tac xa nong san") == set()


def test_profile_change_that_does_not_touch_the_search_leaves_the_products_alone(
    client, owner, producer, listed_products_in_can_tho
):
    Product.objects.filter(producer=producer).update(search_text="unchanged")
    client.force_login(owner)
    data = profile_data(
        producer.province, legal_name=producer.legal_name, tax_code=producer.tax_code, phone="0909 123 456"
    )
    assert client.post(PROFILE_URL, data).status_code == 302

    assert set(Product.objects.filter(producer=producer).values_list("search_text", flat=True)) == {
        "unchanged"
    }


def test_producer_update_refreshes_the_search_text_in_a_constant_number_of_queries(current_province):
    def queries_to_move(product_count: int) -> int:
        producer = ProducerFactory()
        ProductFactory.create_batch(product_count, producer=producer)
        # As the profile view does: a form instance that already carries the new province.
        instance = Producer.objects.get(pk=producer.pk)
        instance.province = current_province
        with CaptureQueriesContext(connection) as queries:
            services.producer_update(producer=instance, province=current_province)
        texts = Product.objects.filter(producer=producer).values_list("search_text", flat=True)
        assert all(" | can tho | " in text for text in texts)
        return len(queries)

    assert queries_to_move(1) == queries_to_move(6)


def test_province_change_in_the_admin_moves_the_products_in_the_search(client, organiser, current_province):
    producer = ProducerFactory()
    names = {product.name for product in ProductFactory.create_batch(2, producer=producer)}
    services.producer_refresh_search_text(producer=producer)
    assert found(client, "soc trang") == names

    client.force_login(organiser)
    data = {
        "kind": producer.kind,
        "legal_name": producer.legal_name,
        "slug": producer.slug,
        "tax_code": producer.tax_code,
        "province": current_province.pk,
        "address": producer.address,
        "phone": producer.phone,
        "email": "",
        "website": "",
        "contact_person": producer.contact_person,
        "story": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = client.post(en("admin:producers_producer_change", producer.pk), data)
    assert response.status_code == 302
    client.logout()

    assert found(client, "can tho") == names
    assert found(client, "soc trang") == set()


def test_renaming_a_province_in_the_admin_moves_its_products_in_the_search(client, organiser):
    from producers.models import Province

    producer = ProducerFactory()
    names = list_products(producer)
    province = producer.province
    client.force_login(organiser)
    data = {
        "name": "Tỉnh Thử Nghiệm",
        "code": province.code,
        "region": province.region,
        "is_current": "on" if province.is_current else "",
        "merged_into": province.merged_into_id or "",
    }
    response = client.post(en("admin:producers_province_change", province.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Province.objects.get(pk=province.pk).name == "Tỉnh Thử Nghiệm"
    assert found(client, "tinh thu nghiem") == names


def test_refreshing_a_province_reads_its_products_in_batches(organiser):
    producer = ProducerFactory()
    ProductFactory.create_batch(5, producer=producer)
    with CaptureQueriesContext(connection) as queries:
        count = services.products_refresh_search_text(
            products=Product.objects.filter(producer__province=producer.province), batch_size=2
        )
    assert count == 5
    # the ids, then for each of the 3 batches one read and one update (in a savepoint)
    reads = [q for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1 + 3
    assert {p.search_text for p in Product.objects.filter(producer=producer)} != {""}
