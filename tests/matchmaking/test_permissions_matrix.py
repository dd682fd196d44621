"""Every URL of distributors.urls and matchmaking.urls against every role.

A URL added to either module without a row here makes test_every_url_has_a_row fail.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern

import distributors.urls
import matchmaking.urls
from distributors.enums import BuyerStatus
from distributors.new_products import unsubscribe_token
from tests.distributors.conftest import make_product
from tests.factories import (
    BuyerFactory,
    EventFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ShortlistFactory,
    ShortlistItemFactory,
    SourcingNeedFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = ("anonymous", "owner", "other_buyer", "pending_buyer", "producer", "other_producer", "organiser")


@dataclass
class World:
    users: dict
    product: object
    shortlist: object
    need: object
    request: object
    distributor: object
    owner: object


def build_world() -> World:
    event = EventFactory()
    owner = BuyerFactory(distributor__name="Saigon Co.op")
    other = BuyerFactory(distributor__name="Bách Hóa Xanh")
    pending = BuyerFactory(distributor=owner.distributor, status=BuyerStatus.PENDING)
    product = make_product(certificate__stars=4, certificate__score=80)
    producer_user = ProducerMemberFactory(producer=product.producer).user
    other_product = make_product()
    other_producer_user = ProducerMemberFactory(producer=other_product.producer).user
    for distributor in (owner.distributor, other.distributor):
        ParticipationFactory(event=event, kind="distributor", distributor=distributor)
    for producer in (product.producer, other_product.producer):
        ParticipationFactory(event=event, producer=producer)
    need = SourcingNeedFactory(distributor=owner.distributor, min_stars=3)
    shortlist = ShortlistFactory(buyer=owner)
    ShortlistItemFactory(shortlist=shortlist, product=product)
    request = MeetingRequestFactory(
        event=event, distributor=owner.distributor, producer=product.producer, requested_by=owner.user
    )
    users = {
        "anonymous": None,
        "owner": owner.user,
        "other_buyer": other.user,
        "pending_buyer": pending.user,
        "producer": producer_user,
        "other_producer": other_producer_user,
        "organiser": OrganiserFactory(),
    }
    return World(users, product, shortlist, need, request, owner.distributor, owner)


@dataclass(frozen=True)
class Row:
    path: object  # World -> path under /en/
    expected: dict  # role -> status
    method: str = "get"
    data: object = None  # World -> POST data


def statuses(anonymous, owner, other_buyer, pending_buyer, producer, other_producer, organiser):
    return dict(
        zip(
            ROLES,
            (anonymous, owner, other_buyer, pending_buyer, producer, other_producer, organiser),
            strict=True,
        )
    )


PUBLIC = statuses(200, 200, 200, 200, 200, 200, 200)
BUYER_PAGE = statuses(302, 200, 200, 403, 302, 302, 302)
OWNED = statuses(302, 200, 404, 403, 302, 302, 302)
OWNED_POST = statuses(302, 302, 404, 403, 302, 302, 302)
REQUEST_PAGE = statuses(302, 200, 404, 403, 200, 404, 404)
REQUEST_ACTION = statuses(302, 302, 404, 403, 302, 404, 404)
PRODUCER_PAGE = statuses(302, 403, 403, 403, 200, 200, 403)
ORGANISER_PAGE = statuses(302, 403, 403, 403, 403, 403, 200)

ROWS = {
    "distributors:catalogue": Row(lambda w: "/en/catalogue/?q=banh&stars=3", PUBLIC),
    "distributors:product_detail": Row(lambda w: f"/en/products/{w.product.slug}/", PUBLIC),
    "distributors:shortlist_add": Row(
        lambda w: f"/en/products/{w.product.slug}/shortlist/",
        statuses(302, 302, 302, 403, 302, 302, 302),
        "post",
        lambda w: {"shortlist": w.shortlist.pk},
    ),
    "distributors:dashboard": Row(lambda w: "/en/buyer/", statuses(302, 200, 200, 200, 302, 302, 302)),
    "distributors:onboarding": Row(lambda w: "/en/buyer/start/", statuses(302, 302, 302, 302, 200, 200, 200)),
    "distributors:need_list": Row(lambda w: "/en/buyer/needs/", BUYER_PAGE),
    "distributors:need_create": Row(lambda w: "/en/buyer/needs/new/", BUYER_PAGE),
    "distributors:need_update": Row(lambda w: f"/en/buyer/needs/{w.need.pk}/", OWNED),
    "distributors:need_delete": Row(lambda w: f"/en/buyer/needs/{w.need.pk}/delete/", OWNED),
    "distributors:need_new_products": Row(lambda w: f"/en/buyer/needs/{w.need.pk}/new/", OWNED),
    "distributors:new_products_emails": Row(
        lambda w: "/en/buyer/new-products/emails/",
        statuses(302, 302, 302, 403, 302, 302, 302),
        "post",
        lambda w: {"on": "0"},
    ),
    # The signed link of the owner's e-mail works for whoever holds it (it is in their mail).
    "distributors:new_products_unsubscribe": Row(
        lambda w: f"/en/buyer/new-products/stop/{unsubscribe_token(w.owner)}/", PUBLIC
    ),
    "distributors:shortlist_list": Row(lambda w: "/en/buyer/shortlists/", BUYER_PAGE),
    "distributors:shortlist_detail": Row(lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/", OWNED),
    "distributors:shortlist_delete": Row(lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/delete/", OWNED),
    "distributors:shortlist_remove": Row(
        lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/remove/",
        OWNED_POST,
        "post",
        lambda w: {"product": w.product.pk},
    ),
    "distributors:shortlist_note": Row(
        lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/note/",
        OWNED_POST,
        "post",
        lambda w: {"product": w.product.pk, "note": "Hỏi giá sỉ"},
    ),
    "distributors:shortlist_ask": Row(
        lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/ask/",
        OWNED_POST,
        "post",
        lambda w: {
            "ask-event": w.request.event_id,
            "ask-priority": "2",
            "ask-producers": w.product.producer_id,
        },
    ),
    "distributors:shortlist_hand_over": Row(
        lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/hand-over/", OWNED_POST, "post", lambda w: {}
    ),
    "distributors:shortlist_xlsx": Row(lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/export.xlsx", OWNED),
    "distributors:shortlist_pdf": Row(lambda w: f"/en/buyer/shortlists/{w.shortlist.pk}/export.pdf", OWNED),
    "matchmaking:request_accept_many": Row(
        lambda w: "/en/meetings/requests/accept/",
        statuses(302, 404, 404, 404, 302, 302, 404),
        "post",
        lambda w: {"requests": w.request.pk},
    ),
    "matchmaking:request_list": Row(
        lambda w: "/en/meetings/requests/", statuses(302, 200, 200, 200, 200, 200, 200)
    ),
    "matchmaking:request_detail": Row(lambda w: f"/en/meetings/requests/{w.request.pk}/", REQUEST_PAGE),
    "matchmaking:request_accept": Row(
        lambda w: f"/en/meetings/requests/{w.request.pk}/accept/", REQUEST_ACTION, "post", lambda w: {}
    ),
    "matchmaking:request_decline": Row(
        lambda w: f"/en/meetings/requests/{w.request.pk}/decline/",
        REQUEST_ACTION,
        "post",
        lambda w: {"reason": "Không phù hợp"},
    ),
    "matchmaking:request_cancel": Row(
        lambda w: f"/en/meetings/requests/{w.request.pk}/cancel/", REQUEST_ACTION, "post", lambda w: {}
    ),
    "matchmaking:request_create": Row(
        lambda w: f"/en/meetings/ask/producer/{w.product.producer.slug}/?product={w.product.slug}",
        statuses(302, 200, 200, 403, 302, 302, 302),
    ),
    "matchmaking:buyers_to_meet": Row(lambda w: "/en/meetings/buyers/", PRODUCER_PAGE),
    "matchmaking:scoring_suggested_producers": Row(
        lambda w: "/en/meetings/suggestions/producers/", BUYER_PAGE
    ),
    "matchmaking:scoring_buyers_for_producer": Row(
        lambda w: "/en/meetings/suggestions/buyers/", PRODUCER_PAGE
    ),
    "matchmaking:scoring_event_best_pairs": Row(
        lambda w: f"/en/meetings/events/{w.request.event_id}/best-pairs/", ORGANISER_PAGE
    ),
    "matchmaking:scoring_event_best_pairs_xlsx": Row(
        lambda w: f"/en/meetings/events/{w.request.event_id}/best-pairs.xlsx", ORGANISER_PAGE
    ),
    "matchmaking:producer_request_create": Row(
        lambda w: f"/en/meetings/ask/buyer/{w.distributor.slug}/", statuses(302, 403, 403, 403, 200, 200, 403)
    ),
}


def url_names():
    names = set()
    for module in (distributors.urls, matchmaking.urls):
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern), "nested includes need rows too"
            names.add(f"{module.app_name}:{pattern.name}")
    return names


def test_every_url_has_a_row():
    assert url_names() == set(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_role_matrix(client, name):
    row = ROWS[name]
    world = build_world()
    for role in ROLES:
        if row.method == "post":
            world = build_world()  # each role acts on fresh data
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        path = row.path(world)
        response = client.post(path, row.data(world)) if row.method == "post" else client.get(path)
        assert (role, response.status_code) == (role, row.expected[role]), path
        if role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith("/en/accounts/login/")


def test_other_buyer_cannot_fill_someone_elses_shortlist(client):
    world = build_world()
    client.force_login(world.users["other_buyer"])
    product = make_product()
    client.post(f"/en/products/{product.slug}/shortlist/", {"shortlist": world.shortlist.pk})
    assert list(world.shortlist.items.values_list("product_id", flat=True)) == [world.product.pk]


def test_producer_with_the_wrong_producer_cannot_see_a_request(client):
    world = build_world()
    client.force_login(UserFactory())
    assert client.get(f"/en/meetings/requests/{world.request.pk}/").status_code == 404
