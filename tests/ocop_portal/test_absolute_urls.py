"""The one helper that builds absolute links (e-mails, exports, calendar subscriptions)."""

import pytest
from django.test import RequestFactory

from ocop_portal.absolute_urls import absolute_url, site_url


@pytest.mark.parametrize(
    ("debug", "hosts", "expected"),
    [
        # `make run`: runserver on 127.0.0.1:8000 with DEBUG on; the link must keep the port.
        (True, ["127.0.0.1", "localhost", "[::1]", "testserver"], "http://127.0.0.1:8000"),
        (True, ["localhost"], "http://localhost:8000"),
        (True, ["[::1]"], "http://[::1]:8000"),
        (True, ["dev.ocop.vn"], "http://dev.ocop.vn"),
        (False, ["*", ".ocop.example.vn", "testserver", "ocop.example.vn"], "https://ocop.example.vn"),
        (False, ["testserver"], "https://localhost"),
    ],
)
def test_site_url_without_site_url_setting(settings, debug, hosts, expected):
    settings.SITE_URL, settings.DEBUG, settings.ALLOWED_HOSTS = "", debug, hosts
    assert site_url() == expected
    assert absolute_url("/vi/events/") == expected + "/vi/events/"


@pytest.mark.parametrize("debug", [True, False])
def test_site_url_setting_wins_over_allowed_hosts(settings, debug):
    settings.SITE_URL, settings.DEBUG = "https://ocop.example.vn/", debug
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert site_url() == "https://ocop.example.vn"
    assert absolute_url("/vi/meetings/") == "https://ocop.example.vn/vi/meetings/"
    assert absolute_url("vi/meetings/") == "https://ocop.example.vn/vi/meetings/"


def test_with_a_request_the_link_is_on_the_host_and_port_the_user_is_on(settings):
    settings.SITE_URL = "https://ocop.example.vn"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "portal.example.vn"]
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    assert absolute_url("/vi/x/", request=request) == "http://127.0.0.1:8000/vi/x/"
    behind_proxy = RequestFactory().get("/", HTTP_HOST="portal.example.vn", HTTP_X_FORWARDED_PROTO="https")
    assert absolute_url("/vi/x/", request=behind_proxy) == "https://portal.example.vn/vi/x/"
