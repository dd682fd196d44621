import pytest
from django.db import DatabaseError

from ocop_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == ("eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok")
    assert "no-cache" in response["Cache-Control"]


def test_health_checks_a_real_redis_broker(client, settings, redis_url, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", redis_url)
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_answers_503_when_the_broker_is_down(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_health_answers_503_when_the_database_is_down(client, monkeypatch, caplog):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
