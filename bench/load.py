"""Load test of the portal behind gunicorn on PostgreSQL, driven by locust from loopback.

Run from the project root:  .venv/bin/python -m bench.load  [--quick]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ocop_load), creates the
database if missing, runs ``migrate`` and ``load_demo``, and ``generate_scale_data
--producers 8000 --products 25000 --distributors 300 --seed 7`` only while the database has
fewer than 25,000 products. Static files are collected into a temporary VAR_DIR; uploaded images live in
var/bench/<database>/media (MEDIA_ROOT), so they stay with the database between runs. Then
gunicorn (2 sync workers, DEBUG off) serves the portal on 127.0.0.1 and locust (headless,
bounded in time) runs bench/locustfile.py against it: 50 users for 2 minutes (``--quick``:
20 users for 30 s) mixing home, catalogue (with and without filters), search, product
pages, the buyer and producer dashboards (logged in through allauth with the CSRF token)
and the buyer's meeting request form for a producer of the upcoming demo event.

Prints p50/p95 per page from the locust CSV stats as a table, then one line of JSON.
Exits 1 if any request failed. gunicorn is always stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocop_load"
TARGET_PRODUCTS = 25_000
SCALE_ARGS = ["--producers", "8000", "--products", "25000", "--distributors", "300", "--seed", "7"]
PASSWORD = "ocop-demo-2020"  # noqa: S105 (the demo accounts of manage.py load_demo)


def ensure_database(url: str) -> None:
    """Create the database with psql if it does not exist."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    base = ["psql", "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432)]
    base += ["-U", parsed.username or "postgres", "-d", "postgres", "-tA"]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    found = subprocess.run(  # noqa: S603
        [*base, "-c", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608 (our own URL)
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if found != "1":
        subprocess.run([*base, "-c", f'CREATE DATABASE "{name}"'], env=env, check=True)  # noqa: S603


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def product_count() -> int:
    from producers.models import Product

    return Product.objects.count()


def pick_data(seed: int) -> dict:
    """Product slugs, a producer of the upcoming event the buyer may ask, the demo e-mails."""
    from django.contrib.auth import get_user_model

    from distributors.permissions import buyer_for_user
    from events.enums import EventStatus, ParticipantKind, ParticipationStatus
    from events.models import Participation
    from matchmaking.selectors import events_in_common
    from producers.models import Producer
    from producers.selectors import product_qs_visible

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["buyer", "producer"])}
    slugs = list(product_qs_visible().order_by("pk").values_list("slug", flat=True)[:5000])
    random.Random(seed).shuffle(slugs)
    buyer = buyer_for_user(users["buyer"])
    producer_ids = Participation.objects.filter(
        event__status=EventStatus.REGISTRATION_OPEN,
        kind=ParticipantKind.PRODUCER,
        status=ParticipationStatus.APPROVED,
    ).values_list("producer_id", flat=True)
    meeting_slug = None
    for producer in Producer.objects.filter(pk__in=producer_ids).order_by("pk"):
        if (
            product_qs_visible().filter(producer=producer).exists()
            and events_in_common(distributor=buyer.distributor, producer=producer).exists()
        ):
            meeting_slug = producer.slug
            break
    if meeting_slug is None:
        raise SystemExit("no producer of the upcoming event shares an open event with the demo buyer")
    return {
        "product_slugs": slugs[:500],
        "meeting_producer_slug": meeting_slug,
        "buyer_email": users["buyer"].email,
        "producer_email": users["producer"].email,
        "password": PASSWORD,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "ocop_portal.wsgi",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def wait_ready(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def preflight(port: int, data: dict) -> None:
    """Warm both workers and check each demo login once, so a bad password cannot lead
    50 users into the Axes lock-out (5 failures)."""
    import re

    import requests

    base = f"http://127.0.0.1:{port}"
    for _ in range(4):
        for path in [
            "/vi/",
            "/vi/catalogue/",
            "/vi/catalogue/?q=banh+pia",
            f"/vi/products/{data['product_slugs'][0]}/",
        ]:
            response = requests.get(base + path, timeout=120)
            response.raise_for_status()
    for email, page in ((data["buyer_email"], "/vi/buyer/"), (data["producer_email"], "/vi/producer/")):
        session = requests.Session()
        form = session.get(base + "/vi/accounts/login/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        response = session.post(
            base + "/vi/accounts/login/",
            data={"login": email, "password": data["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": base + "/vi/accounts/login/"},
            timeout=60,
        )
        if "/accounts/login/" in response.url or not response.ok:
            raise SystemExit(f"preflight login failed for {email}: {response.status_code} {response.url}")
        session.get(base + page, timeout=60).raise_for_status()
        if page == "/vi/buyer/":
            session.get(
                base + f"/vi/meetings/ask/producer/{data['meeting_producer_slug']}/", timeout=60
            ).raise_for_status()


def read_stats(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 users for 30 s (under a minute)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    users, rate, duration = (20, 10, "30s") if args.quick else (50, 10, "2m")

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    workdir = Path(tempfile.mkdtemp(prefix="ocop-load-"))
    # The uploaded images (demo photos, the scale-data placeholder) must outlive the run:
    # they live next to the database they belong to, like bench/catalogue.py's.
    media = ROOT / "var" / "bench" / urlparse(url).path.lstrip("/") / "media"
    media.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-bench-only-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        # Plain HTTP on loopback: secure cookies would never come back from the client.
        "COOKIES_SECURE": "false",
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    process = None
    try:
        ensure_database(url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo")
        setup_django(env)
        count = product_count()
        if count < TARGET_PRODUCTS:
            print(
                f"{count} products < {TARGET_PRODUCTS}: generate_scale_data {' '.join(SCALE_ARGS)}",
                flush=True,
            )
            started = time.monotonic()
            manage(env, "generate_scale_data", *SCALE_ARGS)
            print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
            count = product_count()
        manage(env, "collectstatic", "--noinput", "-v0")
        data = pick_data(args.seed)
        data_file = workdir / "load_data.json"
        data_file.write_text(json.dumps(data), encoding="utf-8")
        from django.db import connections

        connections.close_all()

        port = free_port()
        process = start_gunicorn(env, port)
        wait_ready(process, port)
        preflight(port, data)

        csv_prefix = workdir / "load"
        final_csv = workdir / "load_final_stats.csv"
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f", str(ROOT / "bench" / "locustfile.py"),
            "--headless", "-u", str(users), "-r", str(rate), "-t", duration,
            "--host", f"http://127.0.0.1:{port}",
            "--csv", str(csv_prefix), "--only-summary",
        ]  # fmt: skip
        print("$ " + " ".join(command), flush=True)
        locust = subprocess.run(  # noqa: S603
            command,
            cwd=ROOT,
            env={**env, "BENCH_LOAD_DATA": str(data_file), "BENCH_LOAD_FINAL_CSV": str(final_csv)},
            timeout=600,
        )
        # The CSV written at exit by the locustfile (same columns), else locust's own.
        rows = read_stats(final_csv if final_csv.exists() else Path(f"{csv_prefix}_stats.csv"))
        failures_csv = Path(f"{csv_prefix}_failures.csv")
        failure_rows = read_stats(failures_csv) if failures_csv.exists() else []
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)

    pages = {}
    print(f"\n{'page':<24} {'requests':>8} {'failed':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6}")
    for row in rows:
        name = row["Name"]
        entry = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]) if row["50%"] != "N/A" else None,
            "p95_ms": float(row["95%"]) if row["95%"] != "N/A" else None,
            "rps": round(float(row["Requests/s"]), 1),
        }
        label = f"{row['Type']} {name}" if name != "Aggregated" else "TOTAL"
        print(
            f"{label:<24} {entry['requests']:>8} {entry['failures']:>6} "
            f"{entry['p50_ms'] or 0:>7.0f} {entry['p95_ms'] or 0:>7.0f} {entry['rps']:>6}"
        )
        pages["total" if name == "Aggregated" else label] = entry
    for failure in failure_rows:
        method, name, error = failure.get("Method"), failure.get("Name"), failure.get("Error")
        print(f"FAILED {method} {name}: {error} x{failure.get('Occurrences')}")
    total = pages.get("total", {})
    result = {
        "bench": "load",
        "quick": args.quick,
        "users": users,
        "duration": duration,
        "workers": 2,
        "products": count,
        "requests": total.get("requests", 0),
        "failures": total.get("failures", 0),
        "rps": total.get("rps"),
        "locust_exit": locust.returncode,
        "pages": pages,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["failures"] == 0 and rows else 1


if __name__ == "__main__":
    sys.exit(main())
