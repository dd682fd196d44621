"""What a user sees when something goes wrong: a page of the portal in their language that
says what happened and where to go, never Django's bare "Not Found" or "CSRF verification
failed"; the server error page needs neither the database nor the request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from tests.distributors.conftest import make_product
from tests.factories import BuyerFactory, EventFactory
from tests.pages import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading", "lang"),
    [
        ("/vi/no-such-page/", "Trang này không tồn tại", "vi"),
        ("/en/no-such-page/", "This page does not exist", "en"),
        ("/vi/products/san-pham-da-go/", "Trang này không tồn tại", "vi"),  # a product no longer public
        ("/en/producers/no-such-producer/", "This page does not exist", "en"),
    ],
)
def test_not_found_is_a_portal_page_with_the_search(client, path, heading, lang):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'action="/{lang}/catalogue/" role="search"' in html  # search from there
    assert f'href="/{lang}/events/"' in html


def test_an_unpublished_product_is_not_found_the_same_way(client):
    product = make_product(status="draft")
    response = client.get(f"/en/products/{product.slug}/")
    assert response.status_code == 404
    assert "This page does not exist" in text(response.content)


def test_a_page_for_others_says_whose_it_is(client):
    buyer = BuyerFactory(user__email="mua@example.vn", user__language="en")
    client.force_login(buyer.user)
    response = client.get(f"/en/events/{EventFactory().slug}/outcomes/")  # organisers only
    assert response.status_code == 403
    page = text(response.content)
    assert "You cannot open this page" in page
    assert "Your account (mua@example.vn) has no access to it" in page
    with translation.override("vi"):
        vi = text(client.get(f"/vi/events/{EventFactory().slug}/outcomes/").content)
    assert "Bạn không thể mở trang này" in vi


def by_django(view, path: str, *args):
    """What Django's error ``view`` answers a visitor of ``path`` (in its language)."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    with translation.override(path.split("/")[1]):
        return view(request, *args)


def test_a_page_for_others_asks_a_visitor_to_log_in():
    response = by_django(defaults.permission_denied, "/en/somewhere/", PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Log in with the account that has access to it." in html
    assert 'href="/en/accounts/login/?next=/en/somewhere/"' in html


@pytest.mark.parametrize(
    ("lang", "heading", "back"),
    [
        ("vi", "Biểu mẫu chưa được gửi", "nội dung bạn đã nhập vẫn còn ở đó"),
        ("en", "The form was not sent", "what you typed is still there"),
    ],
)
def test_a_form_sent_from_an_out_of_date_page_says_how_not_to_lose_it(lang, heading, back):
    """A buyer writes a long meeting request, logs in again in another tab, then sends it:
    the token no longer matches."""
    buyer = BuyerFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer.user)
    response = client.post(f"/{lang}/buyer/needs/new/", {"title": "Trà", "csrfmiddlewaretoken": "stale"})
    assert response.status_code == 403
    page = text(response.content)
    assert heading in page
    assert back in page
    assert "CSRF" not in page


def test_bad_request_is_a_portal_page():
    response = by_django(defaults.bad_request, "/vi/", Exception())
    assert response.status_code == 400
    assert "Không hiểu được yêu cầu này" in text(response.content)


def test_server_error_page_needs_no_database_and_speaks_both_languages(django_assert_num_queries):
    request = RequestFactory().get("/vi/catalogue/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    page = text(response.content)
    assert "Đã có lỗi ở phía chúng tôi" in page
    assert "Something went wrong on our side" in page
    assert "check whether it was saved before sending it again" in page
