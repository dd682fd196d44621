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


def catalogue_link(response, need):
    from urllib.parse import parse_qs, urlparse

    listed = {n.pk: n for n in response.context["needs"]}[need.pk]
    url = listed.catalogue.url
    assert url.startswith("/en/catalogue/?")
    return url, parse_qs(urlparse(url).query), listed.catalogue.partial


def test_a_need_links_to_the_catalogue_filtered_as_it_asks(buyer_client, buyer):
    """One group and sub-group, 4★ (with a valid certificate), HACCP, a province recorded
    before the 2025 merger (Sóc Trăng, filtered as Cần Thơ) and chilled goods only: all of it
    goes into the catalogue's address, which lists the product meeting it and no other."""
    from tests.distributors.conftest import make_product
    from tests.factories import CertificationFactory

    food, processed = (
        ProductGroup.objects.get(code="food"),
        ProductSubGroup.objects.get(code="food-processed"),
    )
    haccp = CertificationKind.objects.get(code="haccp")
    need = SourcingNeedFactory(
        distributor=buyer.distributor,
        min_stars=4,
        min_monthly_volume=None,
        accepts_ambient=False,
        accepts_chilled=True,
    )
    need.groups.set([food])
    need.subgroups.set([processed])
    need.required_certifications.set([haccp])
    need.preferred_provinces.set([Province.objects.get(code="soc-trang")])
    wanted = make_product(
        name="Lạp xưởng tươi", group=food, subgroup=processed, storage="chilled", certificate__stars=4
    )
    CertificationFactory(product=wanted, kind=haccp)
    make_product(
        name="Lạp xưởng khô", group=food, subgroup=processed, storage="ambient", certificate__stars=4
    )
    make_product(name="Bánh pía", group=food, subgroup=processed, storage="chilled", certificate__stars=3)

    response = buyer_client.get("/en/buyer/needs/")
    url, params, partial = catalogue_link(response, need)
    assert params == {
        "group": ["food"],
        "subgroup": ["food-processed"],
        "stars": ["4"],
        "valid": ["1"],
        "cert": ["haccp"],
        "province": ["can-tho"],
        "storage": ["chilled"],
    }
    assert not partial
    page = response.content.decode()
    assert "See these products in the catalogue" in page
    assert "Not every criterion applies there" not in page
    assert "Cần Thơ (formerly Sóc Trăng)" in page  # the province as the catalogue names it
    listed = buyer_client.get(url)
    assert [p.name for p in listed.context["products"]] == ["Lạp xưởng tươi"]
    assert listed.context["result"].ignored == []


def test_what_the_catalogue_cannot_filter_is_said_and_left_out(buyer_client, buyer):
    need = SourcingNeedFactory(distributor=buyer.distributor, min_stars=2, min_monthly_volume=500)
    need.groups.set(ProductGroup.objects.filter(code__in=["food", "beverages"]))
    need.preferred_provinces.set(Province.objects.filter(code__in=["can-tho", "dak-lak"]))
    plain = SourcingNeedFactory(distributor=buyer.distributor, min_stars=3, min_monthly_volume=800)
    response = buyer_client.get("/en/buyer/needs/")
    _url, params, partial = catalogue_link(response, need)
    # several groups and provinces are left out (and the volume); 2★ is below the catalogue's 3★
    assert params == {"storage": ["ambient"]}
    assert partial
    _url, plain_params, plain_partial = catalogue_link(response, plain)
    assert plain_params == {"stars": ["3"], "valid": ["1"], "storage": ["ambient"]}
    assert not plain_partial
    assert response.content.decode().count("Not every criterion applies there") == 1
