import os
import socket
import uuid
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from ocop_portal.celery import app as celery_app

# A run keeps its cache entries apart from those of an earlier run on the same Redis, which
# outlive it: sign-up rate limits (one confirmation e-mail per address every 3 minutes),
# sessions, thumbnails. Without this, running the tests twice within 3 minutes failed.
django_settings.CACHES = {
    alias: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
    for alias, config in django_settings.CACHES.items()
}


def _clear_this_runs_keys(cache) -> bool:
    """RedisCache.clear() empties the whole Redis database (FLUSHDB), so a test clearing the
    cache in one xdist worker deleted the page another worker had just cached, and that
    test failed on its query count (it did whenever the two ran side by side). Tests clear
    only the keys of their own process's prefix."""
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    return True


if "RedisCache" in str(django_settings.CACHES["default"]["BACKEND"]):
    from django.core.cache.backends.redis import RedisCache

    RedisCache.clear = _clear_this_runs_keys


@pytest.fixture(autouse=True)
def _media_and_eager_tasks(settings, tmp_path):
    """Every test writes uploads under its own tmp folder and runs Celery tasks in-process
    (tests that need a real worker start one and switch this off themselves)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # imagekit remembers in the cache (Redis in CI, shared by the workers) which thumbnails
    # exist; with a media folder per test, that memory must be per test too.
    settings.IMAGEKIT_CACHE_PREFIX = f"imagekit:{uuid.uuid4().hex}:"
    # The test client speaks plain HTTP; HTTPS redirection is checked in tests/security.
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests write and read at once: no catalogue page or count kept from an earlier test
    # (the tests of that cache turn it on themselves).
    settings.CATALOGUE_CACHE_SECONDS = 0
    settings.SITEMAP_CACHE_SECONDS = 0
    # Query counts are asserted with sessions read from the database, on both databases
    # (with Redis, production reads them from the cache: tests/accounts/test_sessions.py).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
    # Requests to /en/ pages leave English active in the worker's thread: start each test
    # from the default language again.
    translation.deactivate()


@pytest.fixture
def organiser_client(client, db):
    """The test client signed in as an organiser (staff and superuser), for admin pages."""
    from tests.factories import OrganiserFactory

    client.force_login(OrganiserFactory())
    return client


@pytest.fixture
def english():
    """Services answer in the active language (Vietnamese by default); for tests that read
    their English messages."""
    with translation.override("en"):
        yield


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def require_service(name: str, available: bool, why: str) -> None:
    """Skip with a reason when a service is missing; fail instead under REQUIRE_SERVICES=1 (CI)."""
    if available:
        return
    message = f"{name} is not available: {why}"
    if django_settings.REQUIRE_SERVICES:
        pytest.fail(f"{message} (REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    require_service(
        "Redis", bool(url) and _reachable(url, 6379), f"set REDIS_URL to a running Redis (got {url!r})"
    )
    return url


@pytest.fixture
def postgresql(db):
    from django.db import connection

    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    )
    return connection
