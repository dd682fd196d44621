import pytest

from distributors.models import SourcingNeed
from producers.models import CertificationKind, ProductGroup, ProductSubGroup, Province
from tests.factories import BuyerFactory, SourcingNeedFactory

pytestmark = pytest.mark.django_db


def need_data(**overrides):
    food = ProductGroup.objects.get(code="food")
    data = {
        "title": "Đặc sản miền Tây cho mùa Tết",
        "groups": [food.pk],
        "subgroups": [ProductSubGroup.objects.get(code="food-processed").pk],
        "min_stars": "4",
        "required_certifications": [CertificationKind.objects.get(code="haccp").pk],
        "min_monthly_volume": "500",
        "volume_unit": "kg",
        "preferred_provinces": [Province.objects.get(code="can-tho").pk],
        "accepts_ambient": "on",
        "accepts_chilled": "on",
        "notes": "Giao hàng tại kho Bình Dương",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_buyer_creates_a_need_with_everything(buyer_client, buyer):
    other = BuyerFactory()
    response = buyer_client.post(
        "/en/buyer/needs/new/",
        need_data(distributor=other.distributor.pk, created_by=other.pk, status="x"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/buyer/needs/"
    need = SourcingNeed.objects.get()
    assert need.distributor == buyer.distributor
    assert need.created_by == buyer
    assert need.min_stars == 4
    assert need.min_monthly_volume == 500
    assert [g.code for g in need.groups.all()] == ["food"]
    assert [s.code for s in need.subgroups.all()] == ["food-processed"]
    assert [c.code for c in need.required_certifications.all()] == ["haccp"]
    assert [p.code for p in need.preferred_provinces.all()] == ["can-tho"]
    assert need.storage_handled == frozenset({"ambient", "chilled"})
    html = buyer_client.get("/en/buyer/needs/").content.decode()
    assert "Đặc sản miền Tây cho mùa Tết" in html
    assert "500 kg" in html
    assert "Cần Thơ" in html


def test_need_errors(buyer_client):
    response = buyer_client.post(
        "/en/buyer/needs/new/", need_data(accepts_ambient="", accepts_chilled="", min_stars="9", title="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one kind of storage you can handle." in html
    assert "Select a valid choice. 9 is not one of the available choices." in html
    assert SourcingNeed.objects.count() == 0


def test_subgroup_outside_the_chosen_groups_is_refused(buyer_client):
    drinks = ProductGroup.objects.get(code="beverages")
    response = buyer_client.post("/en/buyer/needs/new/", need_data(groups=[drinks.pk]))
    assert response.status_code == 400
    assert "is not in the groups you chose" in response.content.decode()


def test_colleagues_share_needs_and_edit_them(client, buyer):
    need = SourcingNeedFactory(distributor=buyer.distributor, title="Old")
    colleague = BuyerFactory(distributor=buyer.distributor)
    client.force_login(colleague.user)
    assert client.get(f"/en/buyer/needs/{need.pk}/").status_code == 200
    response = client.post(f"/en/buyer/needs/{need.pk}/", need_data(title="New", is_active=""))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "New"
    assert need.is_active is False
    assert need.distributor == buyer.distributor


def test_a_need_preferring_a_province_merged_in_2025_is_offered_the_one_it_joined(buyer_client, buyer):
    need = SourcingNeedFactory(distributor=buyer.distributor, title="Hành tím")
    need.preferred_provinces.set(Province.objects.filter(code__in=["soc-trang", "can-tho", "ben-tre"]))
    form = buyer_client.get(f"/en/buyer/needs/{need.pk}/").context["form"]
    assert sorted(p.code for p in form.initial["preferred_provinces"]) == ["can-tho", "vinh-long"]
    assert [str(p) for p in form.fields["preferred_provinces"].queryset if p.code == "soc-trang"] == []
    # saved as offered: the merged provinces are not lost, they are the ones they joined
    provinces = [p.pk for p in form.initial["preferred_provinces"]]
    assert (
        buyer_client.post(f"/en/buyer/needs/{need.pk}/", need_data(preferred_provinces=provinces)).status_code
        == 302
    )
    assert sorted(p.code for p in need.preferred_provinces.all()) == ["can-tho", "vinh-long"]


def test_other_distributors_needs_are_404(client, buyer):
    need = SourcingNeedFactory()
    client.force_login(buyer.user)
    assert client.get(f"/en/buyer/needs/{need.pk}/").status_code == 404
    assert client.post(f"/en/buyer/needs/{need.pk}/delete/").status_code == 404
    assert SourcingNeed.objects.filter(pk=need.pk).exists()


def test_delete_a_need(buyer_client, buyer):
    need = SourcingNeedFactory(distributor=buyer.distributor)
    assert (
        "Delete the sourcing need?" in buyer_client.get(f"/en/buyer/needs/{need.pk}/delete/").content.decode()
    )
    assert buyer_client.post(f"/en/buyer/needs/{need.pk}/delete/").status_code == 302
    assert not SourcingNeed.objects.exists()


@pytest.mark.parametrize("item_count", [1, 3])
def test_need_list_query_count_is_constant(buyer_client, buyer, item_count, django_assert_num_queries):
    for _ in range(item_count):
        need = SourcingNeedFactory(distributor=buyer.distributor)
        need.groups.set(ProductGroup.objects.all()[:2])
        need.preferred_provinces.set(Province.objects.all()[:3])
    # session, user, buyer, needs, 4 prefetches
    with django_assert_num_queries(8):
        response = buyer_client.get("/en/buyer/needs/")
    assert len(response.context["needs"]) == item_count
