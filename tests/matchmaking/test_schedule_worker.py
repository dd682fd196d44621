"""The scheduler's task on a real Celery worker with Redis and PostgreSQL: the worker knows
the task by its name (``matchmaking.run_schedule``, registered through the admin module at
start-up), runs a queued run into a draft, and a duplicated message runs the engine once.

The worker consumes a queue of its own and is always stopped. Skipped without Redis and
PostgreSQL, failed instead under REQUIRE_SERVICES=1.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from matchmaking.enums import RunStatus
from matchmaking.models import ScheduleRun
from matchmaking.scheduling.tasks import run_schedule_task
from ocop_portal.celery import app as celery_app
from tests.conftest import require_service
from tests.factories import ScheduleRunFactory
from tests.factories.matchmaking import make_schedule_world

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

pytestmark = pytest.mark.services


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(condition, timeout: float, message: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{message} within {timeout} s\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture
def worker(redis_url, transactional_db, tmp_path):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    )
    queue = f"schedule-test-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ocop_portal.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "schedule-worker-test",
        "DEBUG": "false",
        "CONN_MAX_AGE": "0",
    }
    log = tmp_path / "worker.log"
    celery_app.conf.task_always_eager = False
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(CELERY), "-A", "ocop_portal", "worker", "--pool=solo", "-Q", queue,
                "-n", f"{queue}@%h", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        _wait(lambda: b" ready." in log.read_bytes(), 60, "the worker did not start", log)
        yield queue, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        celery_app.conf.task_always_eager = True
        client = redis.Redis.from_url(redis_url)
        client.delete(queue)
        client.close()


def test_worker_runs_a_queued_schedule_once(worker):
    queue, log = worker
    banner = log.read_text(errors="replace")
    for name in (
        "matchmaking.run_schedule",
        "matchmaking.notify_schedule_change",
        "matchmaking.ask_follow_ups",
    ):
        assert f". {name}" in banner  # the worker's list of registered tasks

    world = make_schedule_world(producers=3, distributors=1, seats=2)
    for producer in world.producers:
        world.request(producer, world.distributors[0])
    run = ScheduleRunFactory(event=world.event, status=RunStatus.QUEUED)
    run_schedule_task.apply_async(kwargs={"run_id": run.pk}, queue=queue)
    run_schedule_task.apply_async(kwargs={"run_id": run.pk}, queue=queue)  # a duplicated message

    def finished() -> bool:
        return ScheduleRun.objects.get(pk=run.pk).status == RunStatus.DRAFT

    _wait(finished, 60, "the run did not finish", log)
    _wait(
        lambda: log.read_text(errors="replace").count("matchmaking.run_schedule[") >= 4,
        30,
        "no second task",
        log,
    )
    run.refresh_from_db()
    assert (run.progress, run.statistics["placed_by_tier"]) == (100, [3, 0, 0])
    assert run.meetings.count() == 3
    text = log.read_text(errors="replace")
    assert "succeeded" in text
    assert "'draft'" in text
    assert "'skipped'" in text
