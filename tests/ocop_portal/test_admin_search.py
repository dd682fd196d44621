"""Organisers search the admin as they type, with or without Vietnamese marks: the
``folded_contains`` lookup (ocop_portal/lookups.py) on names, the catalogue's search on
products (ProductAdmin.get_search_results)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distributors.models import Distributor
from producers.models import Producer
from tests.distributors.conftest import make_product
from tests.factories import (
    DistributorFactory,
    ParticipationFactory,
    ProducerFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


def listed(client, path: str, query: str) -> str:
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["hung thinh", "HƯNG THỊNH", "Hưng thinh", "ung thi", "  hung   "])
def test_folded_contains_ignores_case_and_marks(query):
    ProducerFactory(legal_name="Công ty TNHH Hưng Thịnh")
    ProducerFactory(legal_name="Hợp tác xã Tân Phước")
    names = Producer.objects.filter(legal_name__folded_contains=query.strip()).values_list(
        "legal_name", flat=True
    )
    assert list(names) == ["Công ty TNHH Hưng Thịnh"]


def test_folded_contains_reads_d_with_stroke_and_takes_like_characters_literally():
    DistributorFactory(name="Đại lý Đông Á")
    DistributorFactory(name="Siêu thị 100% Việt")
    assert Distributor.objects.filter(name__folded_contains="dai ly dong").count() == 1
    assert Distributor.objects.filter(name__folded_contains="ĐÔNG Á").count() == 1
    assert list(Distributor.objects.filter(name__folded_contains="100%").values_list("name", flat=True)) == [
        "Siêu thị 100% Việt"
    ]
    assert not Distributor.objects.filter(name__folded_contains="d_i").exists()  # "_" is no wildcard
    assert not Distributor.objects.filter(name__folded_contains="10%v").exists()


def test_producer_admin_finds_a_name_typed_without_marks(organiser_client):
    ProducerFactory(legal_name="Công ty TNHH Hưng Thịnh")
    ProducerFactory(legal_name="Hợp tác xã Tân Phước")
    html = listed(organiser_client, "/vi/admin/producers/producer/", "hung thinh")
    assert "Công ty TNHH Hưng Thịnh" in html
    assert "Tân Phước" not in html
    # Codes are still searched as typed.
    other = ProducerFactory(legal_name="Cơ sở Ba Tri", tax_code="0312345678")
    assert other.legal_name in listed(organiser_client, "/vi/admin/producers/producer/", "0312345678")


def test_distributor_and_participation_admins_fold_too(organiser_client):
    DistributorFactory(name="Bách hóa Xanh")
    DistributorFactory(name="Siêu thị Co.op")
    html = listed(organiser_client, "/en/admin/distributors/distributor/", "bach hoa")
    assert "Bách hóa Xanh" in html
    assert "Siêu thị Co.op" not in html
    ParticipationFactory(producer=ProducerFactory(legal_name="Hợp tác xã Đắk Mil"))
    ParticipationFactory(producer=ProducerFactory(legal_name="Hợp tác xã Tân Phước"))
    html = listed(organiser_client, "/vi/admin/events/participation/", "dak mil")
    assert "Đắk Mil" in html
    assert "Cần Thơ (Sóc Trăng cũ)" in html  # its province, named as every page names it
    assert "Tân Phước" not in html


@pytest.mark.parametrize("query", ["banh pia", "Bánh pía", "BÁNH PIA"])
def test_product_admin_uses_the_catalogue_search(organiser_client, query):
    make_product(name="Bánh pía Tân Huê Viên", description="Nhân đậu xanh.")
    make_product(name="Kẹo dừa Bến Tre", description="Kẹo dừa sữa.")
    html = listed(organiser_client, "/vi/admin/producers/product/", query)
    assert "Bánh pía Tân Huê Viên" in html
    assert "Kẹo dừa Bến Tre" not in html


def test_product_admin_finds_the_province_and_a_gtin(organiser_client):
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    make_product(name="Cà phê Robusta", producer=ProducerFactory(province=lak))
    make_product(name="Bánh pía", gtin="8934567890128")
    for query in ("Đắk Lắk", "dak lak"):
        html = listed(organiser_client, "/vi/admin/producers/product/", query)
        assert "Cà phê Robusta" in html
        assert "Bánh pía" not in html
    html = listed(organiser_client, "/vi/admin/producers/product/", "8934567890128")
    assert "Bánh pía" in html
    assert "Cà phê Robusta" not in html
    # A word in no product finds nothing, and says so.
    html = listed(organiser_client, "/en/admin/producers/product/", "xyzxyz")
    assert "0 products" in html


def autocomplete(client, model_name: str, field_name: str, term: str, app_label: str = "events") -> list[str]:
    response = client.get(
        "/vi/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [item["text"] for item in json.loads(response.content)["results"]]


def test_autocompletes_find_producers_and_products_without_marks(organiser_client):
    """Organisers pick a producer for a participation, a product for a certificate, by
    typing the name as they would in a chat: no marks."""
    ProducerFactory(legal_name="Công ty TNHH Hưng Thịnh")
    ProducerFactory(legal_name="Hợp tác xã Tân Phước")
    assert autocomplete(organiser_client, "participation", "producer", "hung thinh") == [
        "Công ty TNHH Hưng Thịnh"
    ]
    make_product(name="Hành tím Vĩnh Châu")
    make_product(name="Tỏi Lý Sơn")
    assert autocomplete(
        organiser_client, "ocopcertificate", "product", "hanh tim", app_label="producers"
    ) == ["Hành tím Vĩnh Châu"]


def test_product_admin_search_runs_the_same_queries_for_one_and_three_products(organiser_client):
    make_product(name="Bánh pía 1")
    organiser_client.get("/vi/admin/producers/product/", {"q": "banh pia"})  # warms caches
    with CaptureQueriesContext(connection) as one:
        listed(organiser_client, "/vi/admin/producers/product/", "banh pia")
    make_product(name="Bánh pía 2")
    make_product(name="Bánh pía 3")
    with CaptureQueriesContext(connection) as three:
        html = listed(organiser_client, "/vi/admin/producers/product/", "banh pia")
    assert "Bánh pía 3" in html
    assert len(three.captured_queries) == len(one.captured_queries)
