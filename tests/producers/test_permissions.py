"""Every producer URL against every role: only the producer's own users see its drafts and
change anything of it; everyone else gets a 404; anonymous users go to the login page."""

import pytest
from django.urls import URLPattern

from producers import urls as producer_urls
from producers.models import ProducerMember
from tests.factories import (
    CertificationFactory,
    ProducerInvitationFactory,
    ProducerJoinRequestFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
)

from .helpers import en

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "other_producer", "buyer", "organiser", "owner")
LOGIN = "login"  # a redirect to the login page
# name: (method, data, {role: expected status}); "*" is every role not listed.
MATRIX = {
    "dashboard": ("get", {}, {"anonymous": LOGIN, "other_producer": 200, "owner": 200, "*": 302}),
    "profile_create": ("get", {}, {"anonymous": LOGIN, "*": 200}),
    "profile_update": ("get", {}, {"anonymous": LOGIN, "other_producer": 200, "owner": 200, "*": 302}),
    "switch": ("post", {"producer": "{producer}"}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    "join_request_create": ("post", {"tax_code": "{tax_code}"}, {"anonymous": LOGIN, "*": 302}),
    "join_request_decide": ("post", {"decision": "decline"}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    "team": ("get", {}, {"anonymous": LOGIN, "other_producer": 200, "owner": 200, "*": 302}),
    "invitation_cancel": ("post", {}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    "invitation_accept": ("get", {}, {"*": 200}),  # the token in the link is the credential
    "product_create": ("get", {}, {"anonymous": LOGIN, "other_producer": 200, "owner": 200, "*": 302}),
    "product_detail": ("get", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "product_update": ("get", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "product_publish": ("post", {}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    "product_archive": ("post", {}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    # the world's product is a draft: its owner is sent back to its page (a card needs it public)
    "product_table_card": ("get", {}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    # the cards of the user's own producer (none in the catalogue: back to the dashboard)
    "table_cards": ("get", {}, {"anonymous": LOGIN, "other_producer": 302, "owner": 302, "*": 302}),
    "product_images_add": ("post", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "product_image_move": ("post", {"direction": "down"}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    "product_image_delete": ("post", {}, {"anonymous": LOGIN, "owner": 302, "*": 404}),
    "certificate_edit": ("get", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "certification_create": ("get", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "certification_update": ("get", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "certification_delete": ("get", {}, {"anonymous": LOGIN, "owner": 200, "*": 404}),
    "public_detail": ("get", {}, {"*": 200}),
}


def url_names() -> set[str]:
    return {p.name for p in producer_urls.urlpatterns if isinstance(p, URLPattern)}


def test_every_producer_url_is_in_the_matrix():
    assert url_names() == set(MATRIX), "add a row to MATRIX for each new URL of producers/urls.py"


@pytest.fixture
def world(owner, producer, other_producer_user, buyer_user, organiser):
    product = ProductFactory(producer=producer, status="draft", certificate__verification="pending")
    images = ProductImageFactory.create_batch(2, product=product)
    for position, image in enumerate(images):
        image.position = position
        image.save()
    return {
        "users": {
            "anonymous": None,
            "other_producer": other_producer_user,
            "buyer": buyer_user,
            "organiser": organiser,
            "owner": owner,
        },
        "producer": producer,
        "product": product,
        "image": images[0],
        "certification": CertificationFactory(product=product),
        "join_request": ProducerJoinRequestFactory(producer=producer),
        "invitation": ProducerInvitationFactory(producer=producer, invited_by=owner),
    }


def url_args(name: str, world: dict) -> list:
    product = world["product"]
    return {
        "join_request_decide": [world["join_request"].pk],
        "invitation_cancel": [world["invitation"].pk],
        "invitation_accept": [world["invitation"].token],
        "product_detail": [product.pk],
        "product_update": [product.pk],
        "product_publish": [product.pk],
        "product_archive": [product.pk],
        "product_table_card": [product.pk],
        "product_images_add": [product.pk],
        "product_image_move": [product.pk, world["image"].pk],
        "product_image_delete": [product.pk, world["image"].pk],
        "certificate_edit": [product.pk],
        "certification_create": [product.pk],
        "certification_update": [product.pk, world["certification"].pk],
        "certification_delete": [product.pk, world["certification"].pk],
        "public_detail": [world["producer"].slug],
    }.get(name, [])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(client, world, name, role):
    method, data, expectations = MATRIX[name]
    expected = expectations.get(role, expectations.get("*"))
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    data = {
        key: value.format(producer=world["producer"].pk, tax_code=world["producer"].tax_code)
        for key, value in data.items()
    }
    url = en(f"producers:{name}", *url_args(name, world))
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")
    else:
        assert response.status_code == expected
    if expected in (404, LOGIN):
        product = world["product"]
        product.refresh_from_db()
        assert product.status == "draft"
        assert product.images.count() == 2
        assert product.certifications.count() == 1


def test_other_users_never_see_the_owners_data_on_their_own_pages(client, world):
    product = world["product"]
    product.name = "Bánh bí mật của chủ hộ"
    product.save()
    for role in ("other_producer", "buyer", "organiser"):
        client.force_login(world["users"][role])
        for name in ("dashboard", "team", "product_create", "profile_update"):
            response = client.get(en(f"producers:{name}"), follow=True)
            html = response.content.decode()
            assert "Bánh bí mật của chủ hộ" not in html
            assert world["invitation"].email not in html
            assert world["join_request"].user.email not in html


def test_a_team_member_manages_products_but_not_the_team(client, world):
    member = UserFactory()
    ProducerMember.objects.create(producer=world["producer"], user=member, role="member")
    client.force_login(member)
    assert client.get(en("producers:product_detail", world["product"].pk)).status_code == 200
    assert client.get(en("producers:team")).status_code == 200
    assert client.post(en("producers:team"), {"email": "x@example.vn"}).status_code == 403
    assert client.post(en("producers:invitation_cancel", world["invitation"].pk)).status_code == 403
    response = client.post(
        en("producers:join_request_decide", world["join_request"].pk), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert "People asking to join" not in client.get(en("producers:dashboard")).content.decode()


def test_published_product_of_another_producer_is_still_404_on_private_pages(client, other_producer_user):
    visible = ProductFactory()
    client.force_login(other_producer_user)
    assert client.get(en("producers:product_detail", visible.pk)).status_code == 404
    assert client.get(en("producers:public_detail", visible.producer.slug)).status_code == 200
