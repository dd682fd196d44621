"""The settings switch: the embedded default with nothing set, the real services with
variables set, and a clear refusal to start without SECRET_KEY when DEBUG is off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'propagates': s.CELERY_TASK_EAGER_PROPAGATES, 'broker': s.CELERY_BROKER_URL, "
    "'email': s.EMAIL_BACKEND, 'email_path': str(getattr(s, 'EMAIL_FILE_PATH', '')), "
    "'media': str(s.MEDIA_ROOT), 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'use_tz': s.USE_TZ, "
    "'secure_cookie': s.SESSION_COOKIE_SECURE, 'sessions': s.SESSION_ENGINE}))"
)
VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "VAR_DIR",
    "MEDIA_ROOT",
)


def load_settings(tmp_path, **variables):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "ocop_portal.settings", "VAR_DIR": str(tmp_path / "var"), **variables}
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_embedded_default_with_nothing_set(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "var" / "db.sqlite3")
    assert values["eager"] is True
    assert values["propagates"] is True
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["email_path"] == str(tmp_path / "var" / "mail")
    assert values["media"] == str(tmp_path / "var" / "media")
    assert (values["lang"], values["tz"], values["use_tz"]) == ("vi", "Asia/Ho_Chi_Minh", True)
    # no shared cache: each process would keep its own copy of a session, so none is kept
    assert values["sessions"] == "django.contrib.sessions.backends.db"


def test_real_services_from_the_environment(tmp_path):
    result = load_settings(
        tmp_path,
        DATABASE_URL="postgres://ocop:secret@db.internal:5432/ocop",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.internal:587",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="ocop.example.vn",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://cache.internal:6379/0"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["secure_cookie"] is True
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.parametrize("extra", [{"DATABASE_URL": "postgres://ocop@db/ocop"}, {"DEBUG": "false"}])
def test_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path, extra):
    result = load_settings(tmp_path, **extra)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_logs_are_json_lines_with_log_format_json(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "ocop_portal.settings", "VAR_DIR": str(tmp_path), "LOG_FORMAT": "json"}
    )
    code = "import django, logging; django.setup(); logging.getLogger('ocop').warning('gói %s', 7)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "ocop", "gói 7")


def test_every_beat_entry_names_a_registered_task(settings):
    from ocop_portal.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "ocop_portal.purge_kept_uploads" in names
    assert names <= set(app.tasks), names - set(app.tasks)
