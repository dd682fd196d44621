"""With Redis (production), sessions are kept in the database and read from the shared
cache: a signed-in page runs no session query, and signing out ends the session for every
process."""

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def cached_sessions(redis_url, settings):
    settings.SESSION_ENGINE = CACHED_DB
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def session_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_its_session_from_the_cache(cached_sessions, client):
    from django.db import connection

    client.force_login(UserFactory())
    assert client.get("/vi/catalogue/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/vi/catalogue/").context["user"].is_authenticated
    assert session_queries(captured) == []


def test_the_cached_catalogue_of_a_signed_in_buyer_reads_nothing_from_the_database(
    cached_sessions, client, settings, django_assert_num_queries
):
    settings.CATALOGUE_CACHE_SECONDS = 60
    client.force_login(UserFactory())  # keeps the layout in the session, as signing in does
    assert "Đăng xuất" in client.get("/vi/catalogue/").content.decode()  # now cached
    with django_assert_num_queries(0):  # the session from Redis, the layout from the session
        assert "Đăng xuất" in client.get("/vi/catalogue/").content.decode()


def test_a_session_lost_from_the_cache_is_read_from_the_database(cached_sessions, client):
    from django.db import connection

    client.force_login(UserFactory())
    cache.delete(SessionStore.cache_key_prefix + client.session.session_key)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/vi/catalogue/").context["user"].is_authenticated
    assert len(session_queries(captured)) == 1


def test_signing_out_ends_the_session_everywhere(cached_sessions, client):
    client.force_login(UserFactory())
    key = client.session.session_key
    assert SessionStore(session_key=key).get("_auth_user_id")
    client.post("/vi/accounts/logout/")
    assert cache.get(SessionStore.cache_key_prefix + key) is None
    assert not SessionStore(session_key=key).get("_auth_user_id")  # another process sees it too


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db", CACHED_DB])
def test_expired_sessions_are_deleted_every_night(settings, engine):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from ocop_portal.tasks import clear_expired_sessions

    settings.SESSION_ENGINE = engine
    now = timezone.now()
    Session.objects.create(session_key="old" * 8, session_data="", expire_date=now - dt.timedelta(seconds=1))
    Session.objects.create(session_key="live" * 8, session_data="", expire_date=now + dt.timedelta(days=1))
    clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" * 8]
    assert "clear-expired-sessions" in settings.CELERY_BEAT_SCHEDULE
