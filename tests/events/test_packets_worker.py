"""Catalogue packets on a real Celery worker (prefork, two processes) with Redis and
PostgreSQL: every buyer is mailed exactly once, even when beat ticks and messages are
duplicated, when the worker is killed in the middle of a send, or when the mail server
refuses a few times.

The mail server is a small SMTP sink run by the test (what is outside our code); each test
starts its own worker on a queue of its own and always stops it. Skipped without Redis and
PostgreSQL, failed instead under REQUIRE_SERVICES=1.
"""

import collections
import email.policy
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import pytest
import redis
from django.db import connection

from events.enums import PacketStatus, ParticipantKind
from events.models import CataloguePacket
from events.tasks import send_catalogue_packet, send_due_catalogue_packets, sweep_stuck_catalogue_packets
from ocop_portal.celery import app as celery_app
from tests.conftest import require_service
from tests.events.packets_world import build_world
from tests.factories import BuyerFactory, DistributorFactory, ParticipationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
STUCK_AFTER = 5  # seconds, for the sweeper in these tests (600 in production)


# --- a mail server that can refuse, or hold a message until the worker dies ------------------------


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.lock = threading.Lock()
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse = 0  # refuse the next N messages with a 451
        self.refused = 0
        self.hold_after: int | None = None  # once this many are delivered, hold every new one
        self.held = 0
        self.release = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def decide(self) -> str:
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                self.refused += 1
                return "refuse"
            if self.hold_after is not None and len(self.messages) >= self.hold_after:
                self.held += 1
                return "hold"
            return "accept"

    def recipients(self) -> collections.Counter:
        with self.lock:
            return collections.Counter(rcpt for rcpts, _ in self.messages for rcpt in rcpts)


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        sink: SMTPSink = self.server
        self.reply(b"220 sink.test ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.reply(b"250 sink.test")
            elif command.startswith(b"MAIL FROM"):
                recipients = []
                self.reply(b"250 OK")
            elif command.startswith(b"RCPT TO"):
                recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                self.reply(b"250 OK")
            elif command == b"DATA":
                self.reply(b"354 End data with <CR><LF>.<CR><LF>")
                data = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                decision = sink.decide()
                if decision == "hold":  # never answer: the sender dies first
                    sink.release.wait(timeout=120)
                    return
                if decision == "refuse":
                    self.reply(b"451 4.3.0 Try again later")
                    continue
                with sink.lock:
                    sink.messages.append((recipients, data))
                self.reply(b"250 OK queued")
            elif command == b"QUIT":
                self.reply(b"221 Bye")
                return
            else:
                self.reply(b"250 OK")


# --- the worker ------------------------------------------------------------------------------------


@dataclass
class Live:
    queue: str
    sink: SMTPSink
    env: dict
    log_dir: Path
    workers: list = field(default_factory=list)


def _database_url() -> str:
    settings = connection.settings_dict
    auth = settings["USER"] or "postgres"
    if settings["PASSWORD"]:
        auth += f":{settings['PASSWORD']}"
    return (
        f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def live(redis_url, transactional_db, settings, tmp_path):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    )
    queue = f"packets-test-{uuid.uuid4().hex[:10]}"
    sink = SMTPSink()
    sink.thread.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.events.settings_packets",
        "PACKETS_TEST_QUEUE": queue,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "packets-worker-test",
        "DEBUG": "false",
        "CONN_MAX_AGE": "0",
        "CATALOGUE_PACKET_STUCK_AFTER": str(STUCK_AFTER),
    }
    celery_app.conf.task_always_eager = False
    state = Live(queue=queue, sink=sink, env=env, log_dir=tmp_path)
    try:
        yield state
    finally:
        for process in state.workers:
            _stop(process)
        sink.release.set()
        sink.shutdown()
        sink.server_close()
        celery_app.conf.task_always_eager = True
        _forget_queue(redis_url, queue)


def _forget_queue(redis_url: str, queue: str) -> None:
    """Drop what the test left in Redis: its queue, and messages a killed worker had taken."""
    client = redis.Redis.from_url(redis_url)
    client.delete(queue)
    for tag, payload in client.hgetall("unacked").items():
        if queue.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.close()


@contextmanager
def worker(live: Live, name: str):
    log_path = live.log_dir / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(CELERY), "-A", "ocop_portal", "worker", "--pool=prefork", "--concurrency=2",
                "-Q", live.queue, "-n", f"{live.queue}-{name}@%h", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=live.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
        )  # fmt: skip
    live.workers.append(process)
    try:
        _wait(lambda: b" ready." in log_path.read_bytes(), 60, f"worker {name} did not start", log_path)
        yield process
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait(condition, timeout: float, message: str, log_path: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tail = log_path.read_text(errors="replace")[-4000:] if log_path and log_path.exists() else ""
    pytest.fail(f"{message} within {timeout} s\n{tail}")


def _sent() -> int:
    return CataloguePacket.objects.filter(status=PacketStatus.SENT).count()


def _distributors(world, count: int) -> list[str]:
    """``count`` more approved distributors at the event, each with one buyer; all e-mails."""
    emails = [world.buyer.user.email]
    for index in range(count):
        distributor = DistributorFactory()
        ParticipationFactory(event=world.event, kind=ParticipantKind.DISTRIBUTOR, distributor=distributor)
        user = UserFactory(email=f"buyer{index}@chain.example.vn", language="en" if index % 2 else "vi")
        BuyerFactory(distributor=distributor, user=user)
        emails.append(user.email)
    return emails


def _tick(live: Live) -> None:
    send_due_catalogue_packets.apply_async(queue=live.queue)


@pytest.mark.services
def test_worker_mails_twenty_buyers_each_once_despite_duplicates(live):
    world = build_world(producers=2)
    emails = _distributors(world, 19)
    with worker(live, "w1"):
        _tick(live)
        _tick(live)  # two beat ticks at once
        _wait(lambda: _sent() == 20, 120, "20 packets were not sent", live.log_dir / "w1.log")
        # Every message again, as a re-delivery would bring them, and one more tick.
        for packet_id in CataloguePacket.objects.values_list("pk", flat=True):
            send_catalogue_packet.apply_async(kwargs={"packet_id": packet_id}, queue=live.queue)
        _tick(live)
        client = redis.Redis.from_url(live.env["REDIS_URL"])
        _wait(lambda: client.llen(live.queue) == 0, 60, "the duplicates were not consumed")
        client.close()
        time.sleep(2)  # the last duplicates finish
    assert live.sink.recipients() == collections.Counter(emails)
    assert len(live.sink.messages) == 20
    assert set(CataloguePacket.objects.values_list("status", "attempts")) == {(PacketStatus.SENT, 1)}
    # Each in its buyer's language: the world's buyer and 9 others read Vietnamese.
    htmls = [
        message_from_bytes(data, policy=email.policy.default).get_body(("html",)).get_content()
        for _, data in live.sink.messages
    ]
    assert sum('<html lang="vi">' in html for html in htmls) == 11
    assert sum('<html lang="en">' in html for html in htmls) == 9


@pytest.mark.services
def test_worker_killed_in_the_middle_of_a_send_still_mails_each_once(live):
    world = build_world(producers=2)
    emails = _distributors(world, 19)
    live.sink.hold_after = 5
    with worker(live, "w1") as process:
        _tick(live)
        # Kill once a message is held mid-SMTP and every delivered one is marked sent.
        _wait(
            lambda: live.sink.held >= 1 and _sent() == len(live.sink.messages),
            120,
            "no send reached the mail server",
            live.log_dir / "w1.log",
        )
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert len(live.sink.messages) == 5
    stuck = list(CataloguePacket.objects.filter(status=PacketStatus.SENDING).values_list("pk", flat=True))
    assert stuck, "the killed worker left no packet in sending"
    live.sink.hold_after = None
    live.sink.release.set()
    time.sleep(STUCK_AFTER + 1)  # what beat's sweeper waits for (600 s in production)
    sweep_stuck_catalogue_packets.apply_async(queue=live.queue)
    _tick(live)  # re-enqueues the due rows whose messages died with the worker
    with worker(live, "w2"):
        _wait(lambda: _sent() == 20, 120, "the restarted worker did not finish", live.log_dir / "w2.log")
        time.sleep(2)
    assert live.sink.recipients() == collections.Counter(emails)
    assert len(live.sink.messages) == 20
    assert set(CataloguePacket.objects.filter(pk__in=stuck).values_list("attempts", flat=True)) == {2}


@pytest.mark.services
def test_worker_retries_a_refusing_mail_server_and_sends_on_the_third_try(live):
    world = build_world(producers=1)
    live.sink.refuse = 2
    with worker(live, "w1"):
        _tick(live)
        _wait(lambda: _sent() == 1, 60, "the packet was not sent", live.log_dir / "w1.log")
    packet = CataloguePacket.objects.get()
    assert (packet.attempts, packet.last_error, live.sink.refused) == (3, "", 2)
    assert live.sink.recipients() == collections.Counter([world.buyer.user.email])
    assert (live.log_dir / "w1.log").read_text(errors="replace").count("Retry in") == 2
