"""Shared Playwright fixtures for the browser journeys (Debian's /usr/bin/chromium, never a
downloaded browser).

- ``browser``: a Chromium for the test; skipped with a reason when /usr/bin/chromium is
  missing, a failure instead under REQUIRE_SERVICES=1.
- ``live_portal``: the live server's base URL, set up for a browser: uploaded media served
  (the live server runs with DEBUG off), cookies over plain http, fast password hashing.
- ``open_page(viewport)``: a page in a fresh context at ``"phone"`` (390×844) or
  ``"desktop"`` (1280×800); closed after the test.
- ``screenshot(page, name)``: a full-page PNG in var/screenshots/<name>.png.
- ``reference_data``: the provinces, product groups, certification kinds and sales
  channels of the data migrations, loaded again where a transactional test flushed them.
"""

import importlib
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.urls import path
from django.views.static import serve

from tests.conftest import require_service

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def _media(request, path):
    return serve(request, path, document_root=django_settings.MEDIA_ROOT)


def _urlpatterns():
    from ocop_portal.urls import urlpatterns as portal

    return [*portal, path("media/<path:path>", _media)]


# ROOT_URLCONF of the live server (see live_portal): the portal's URLs plus the uploads.
urlpatterns = _urlpatterns()


@pytest.fixture
def browser(monkeypatch):
    """One Chromium per test: Playwright's sync API keeps an event loop running in this
    thread while it lives, which Django would take for async code in every later test."""
    require_service("Chromium", Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # The test's own ORM calls are synchronous and safe despite that loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # ORM calls made while Playwright's loop ran got connections of their own (Django
        # keeps them per async context): close them, or PostgreSQL cannot drop the test
        # database at the end.
        connections.close_all()


class _OneRequestAtATime:
    """The live server's application, serving one request at a time. On in-memory SQLite
    every thread of the live server uses the test's one connection, and two requests using
    it together can deadlock: a catalogue page and its htmx update did, on 30/11/2026, and
    the test run never ended. (On PostgreSQL each thread has its own connection.)"""

    def __init__(self, application):
        self.application = application
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            return self.application(environ, start_response)


def _serialise_on_shared_sqlite(live_server) -> None:
    httpd = live_server.thread.httpd
    if live_server.thread.connections_override and not isinstance(httpd.get_app(), _OneRequestAtATime):
        httpd.set_app(_OneRequestAtATime(httpd.get_app()))


def _reload_middleware(live_server) -> None:
    """The live server is started once per session and its middleware read the settings
    then (SecurityMiddleware keeps SECURE_SSL_REDIRECT, on whenever DEBUG is off, as with
    DATABASE_URL set): build them again with this test's settings."""
    from django.core.handlers.wsgi import WSGIHandler

    app = live_server.thread.httpd.get_app()
    while type(app) is not WSGIHandler:  # through the static and media file handlers
        app = app.application
    app.load_middleware()


@pytest.fixture
def live_portal(live_server, settings) -> str:
    settings.ROOT_URLCONF = __name__
    settings.SECURE_SSL_REDIRECT = False  # the live server speaks plain http
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _serialise_on_shared_sqlite(live_server)
    _reload_middleware(live_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


@pytest.fixture
def reference_data(live_portal):
    """Reference data comes from data migrations; a transactional test that ran earlier may
    have flushed it (each loader is idempotent)."""
    from django.apps import apps

    from distributors.models import Channel
    from producers.models import Province

    if not Province.objects.exists():
        importlib.import_module("producers.migrations.0002_reference_data").load(apps, None)
    if not Channel.objects.exists():
        importlib.import_module("distributors.migrations.0002_channels").load(apps, None)


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(viewport: str = "phone", **context_options):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-GB", **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    def take(page, name: str) -> Path:
        target = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        return target

    return take
