"""Benchmark of catalogue packets: 200-product PDFs, and sending them through a worker.

Run from the project root:  .venv/bin/python -m bench.packets  [--quick] [--packets N]

Builds a throw-away database (a new PostgreSQL database on the DATABASE_URL server, else a
temporary SQLite file) with an event whose producers show 250 photographed products, and
distributors with meetings in a published schedule. Then, in one run:

1. in this process, set up as a worker process is (start-up objects frozen out of the cycle
   collector, ocop_portal/celery.py), for packets of 200 products each with their 240×180 thumbnails: seconds
   to read the content, to render the PDF with WeasyPrint, and the PDF's size; next to a bare
   ReportLab render of the same content (same photos, same fonts), and the ratio;
2. the whole send of one packet in this process (claim, content, PDF, store, e-mail to a file);
3. with Redis and PostgreSQL: N packets through a real worker (`celery worker --pool=prefork
   --concurrency=2`), seconds per packet, the 2,000-packet figure extrapolated, and the peak
   memory (VmHWM) of each worker process. Skipped with a message when either is missing.

Prints a table, then one line of JSON. ``--quick`` finishes in under a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"seconds_per_packet": 1.0, "mb_per_packet": 2.0, "minutes_for_2000": 20.0, "worker_peak_mb": 300.0}
PRODUCTS_PER_PACKET = 200


# --- a throw-away database, set up before Django ----------------------------------------------------


def _prepare_environment(tmp: Path) -> tuple[str, str | None]:
    """Point the settings at a new database and temporary folders; returns (engine, url to drop)."""
    base = os.environ.get("DATABASE_URL", "")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["VAR_DIR"] = str(tmp / "var")
    os.environ["EMAIL_FILE_PATH"] = str(tmp / "mail")
    os.environ.pop("EMAIL_URL", None)
    # The test settings add the events URLs (for the e-mailed link) until the project has them.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.events.settings_packets"
    if base.startswith(("postgres://", "postgresql://")):
        import psycopg2

        parts = urlsplit(base)
        name = f"ocop_bench_packets_{os.getpid()}"
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        url = urlunsplit(parts._replace(path=f"/{name}"))
        os.environ["DATABASE_URL"] = url
        return "postgresql", url
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.pop("REDIS_URL", None)  # a worker needs PostgreSQL: stay in-process
    return "sqlite", None


def _drop_database(url: str) -> None:
    import psycopg2
    from django.db import connections

    connections.close_all()
    parts = urlsplit(url)
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


# --- data ----------------------------------------------------------------------------------------------


def _photo(rng: random.Random) -> bytes:
    """An 800×600 JPEG with some of the texture of a photograph, so that its 240×180
    thumbnail weighs what a real one does (about 10 KB at quality 70)."""
    from PIL import Image, ImageDraw

    colour = tuple(rng.randint(40, 220) for _ in range(3))
    image = Image.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 700), rng.randint(0, 500)
        shade = tuple(min(255, max(0, c + rng.randint(-80, 80))) for c in colour)
        draw.ellipse([x, y, x + rng.randint(60, 300), y + rng.randint(60, 300)], fill=shade)
    noise = Image.effect_noise((200, 150), 64).convert("RGB").resize((800, 600), Image.Resampling.BICUBIC)
    image = Image.blend(image, noise, 0.28)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


NAMES = [
    "Bánh pía sầu riêng trứng muối",
    "Nước mắm cá cơm nhĩ",
    "Trà Shan tuyết cổ thụ",
    "Mật ong hoa nhãn",
    "Kẹo dừa sáp",
    "Gạo ST25 hữu cơ",
    "Cà phê Robusta rang mộc",
    "Tiêu đen Phú Quốc",
    "Khô cá lóc một nắng",
    "Rượu đế làng Vân",
]


def _populate(*, products: int, distributors: int, seed: int) -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from events.enums import EventStatus, ParticipantKind
    from events.models import Participation
    from events.services import block_generate_slots
    from matchmaking.enums import RunStatus
    from producers import ocop
    from producers.enums import ProductStatus, VerificationStatus
    from producers.models import Certification, OcopCertificate, Product, ProductImage
    from tests.factories import (
        BuyerFactory,
        CertificationKindFactory,
        DistributorFactory,
        EventFactory,
        MeetingBlockFactory,
        MeetingFactory,
        ParticipationFactory,
        ProducerFactory,
        ProductGroupFactory,
        ProductSubGroupFactory,
        RoomFactory,
        ScheduleRunFactory,
        SessionFactory,
        UserFactory,
    )

    rng = random.Random(seed)
    photos = [_photo(rng) for _ in range(25)]  # each product still gets its own file and thumbnail

    event = EventFactory(
        name="Hội nghị kết nối cung cầu sản phẩm OCOP",
        status=EventStatus.REGISTRATION_OPEN,
        catalogue_send_at=timezone.now() + dt.timedelta(days=1),
    )
    room = RoomFactory(event=event, name="Hội trường chính")
    for hour, title in [(8, "Khai mạc"), (9, "Đưa sản phẩm OCOP vào siêu thị"), (10, "Xuất khẩu nông sản")]:
        start = dt.datetime.combine(event.starts_on, dt.time(hour), tzinfo=timezone.get_current_timezone())
        SessionFactory(
            event=event, room=room, title=title, starts_at=start, ends_at=start + dt.timedelta(minutes=50)
        )
    block = MeetingBlockFactory(event=event, room=room, table_count=40)  # 5 slots of 20 minutes
    block_generate_slots(block=block)
    slots, tables = list(block.slots.all()), list(block.tables.all())
    kinds = [CertificationKindFactory(code=c, name=c, name_en=c) for c in ("vietgap", "haccp", "iso22000")]
    # Products in bulk (factories one by one would take most of --quick's minute).
    group = ProductGroupFactory()
    subgroup = ProductSubGroupFactory(group=group)
    per_producer = 5
    producers = ProducerFactory.create_batch(products // per_producer)
    Participation.objects.bulk_create(
        [
            Participation(event=event, kind=ParticipantKind.PRODUCER, producer=p, status="approved")
            for p in producers
        ]
    )
    rows = [
        Product(
            producer=producer,
            group=group,
            subgroup=subgroup,
            name=f"{rng.choice(NAMES)} {index + 1}.{number + 1}",
            slug=f"bench-{index}-{number}",
            price_min=45_000,
            price_max=60_000,
            monthly_capacity=2_000,
            min_order_quantity=100,
            packaging="Hộp giấy 500 g, 20 hộp/thùng",
            shelf_life_days=rng.choice([90, 180, 365]),
            status=ProductStatus.PUBLISHED,
        )
        for index, producer in enumerate(producers)
        for number in range(per_producer)
    ]
    Product.objects.bulk_create(rows)
    today = timezone.localdate()
    certificates, certifications, images = [], [], []
    for number, product in enumerate(Product.objects.filter(slug__startswith="bench-").order_by("pk")):
        stars = rng.choice([3, 3, 4, 4, 5])
        certificates.append(
            OcopCertificate(
                product=product,
                stars=stars,
                score=ocop.STAR_BANDS[stars][0] + 5,
                decision_number=f"{number + 1}/QĐ-UBND",
                issuing_level="province",
                issued_on=today - dt.timedelta(days=200),
                verification=VerificationStatus.VERIFIED,
            )
        )
        certifications += [
            Certification(product=product, kind=k) for k in rng.sample(kinds, rng.randint(0, 2))
        ]
        name = default_storage.save(f"products/bench/{number}.jpg", ContentFile(rng.choice(photos)))
        images.append(ProductImage(product=product, image=name))
    OcopCertificate.objects.bulk_create(certificates)
    Certification.objects.bulk_create(certifications)
    ProductImage.objects.bulk_create(images)
    run = ScheduleRunFactory(event=event, status=RunStatus.PUBLISHED, version=1)
    for index in range(distributors):
        distributor = DistributorFactory(name=f"Chuỗi siêu thị Xanh {index + 1}")
        ParticipationFactory(event=event, kind=ParticipantKind.DISTRIBUTOR, distributor=distributor, seats=1)
        user = UserFactory(email=f"buyer{index}@chain.example.vn", language="vi" if index % 3 else "en")
        BuyerFactory(distributor=distributor, user=user)
        # One table per distributor, the first 40 of them meeting 5 producers each (no
        # producer twice in a slot: 40 distributors and 50 producers).
        for meeting_index in range(len(slots) if index < len(tables) else 0):
            MeetingFactory(
                run=run,
                slot=slots[meeting_index],
                table=tables[index % len(tables)],
                producer=producers[(index + meeting_index * 7) % len(producers)],
                distributor=distributor,
            )
    return {"event": event}


def _premake_thumbnails() -> tuple[int, float]:
    from producers.models import ProductImage

    sizes = []
    for image in ProductImage.objects.all():
        image.pdf.generate(force=True)  # the shared cache may remember files of another run
        sizes.append(Path(image.pdf.path).stat().st_size)
    return len(sizes), statistics.mean(sizes) / 1024


# --- the ReportLab reference -------------------------------------------------------------------------


def reportlab_pdf(content) -> bytes:
    """A bare render of the same content with ReportLab's canvas: the same photos, fonts and
    lines of text, laid out by hand (no templates, no CSS)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from ocop_portal.templatetags.portal import vnd_range

    fonts = {
        "Noto": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "Noto-Bold": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "DejaVu-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    }
    for name, path in fonts.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    left, bottom = 14 * mm, 16 * mm
    y = height - 14 * mm

    def line(
        text: str, font: str = "Noto", size: float = 8.5, x: float = left, gap: float = 3.8 * mm
    ) -> None:
        nonlocal y
        if y < bottom + gap:
            pdf.showPage()
            y = height - 14 * mm
        pdf.setFont(font, size)
        pdf.drawString(x, y, text)
        y -= gap

    line(content.event_name, "Noto-Bold", 18, gap=8 * mm)
    line(content.distributor_name, "Noto-Bold", 11)
    line(f"{content.starts_on:%d/%m/%Y} · {content.venue} · {content.province}")
    line("Your meetings", "Noto-Bold", 12, gap=5 * mm)
    for meeting in content.meetings:
        when = f"{meeting.starts_at:%d/%m/%Y %H:%M}–{meeting.ends_at:%H:%M}"
        line(f"{when}   {meeting.producer_name}   {meeting.table}")
    line("Programme", "Noto-Bold", 12, gap=5 * mm)
    for item in content.programme:
        line(f"{item.starts_at:%d/%m/%Y %H:%M}–{item.ends_at:%H:%M}   {item.title}   {item.room}")
    for producer in content.producers:
        line(producer.name, "Noto-Bold", 10, gap=4.5 * mm)
        line(f"{producer.kind} · {producer.province} · {producer.contact_person} · {producer.phone}")
        line(producer.address)
        for product in producer.products:
            if y < bottom + 32 * mm:
                pdf.showPage()
                y = height - 14 * mm
            top = y
            if product.photo_path:
                pdf.drawImage(product.photo_path, left, y - 30 * mm + 3 * mm, 40 * mm, 30 * mm)
            x = left + 43 * mm
            line(product.name, "Noto-Bold", 9, x=x)
            line(f"{product.stars}★ OCOP", "DejaVu-Bold", 8.5, x=x)
            if product.certifications:
                line(", ".join(product.certifications), x=x)
            price = vnd_range(product.price_min, product.price_max)
            line(f"{price} · {product.monthly_capacity} {product.unit}", x=x)
            line(f"{product.storage} · {product.packaging}", x=x)
            y = min(y, top - 32 * mm)
    pdf.save()
    return buffer.getvalue()


# --- measurements -----------------------------------------------------------------------------------


def _in_process(*, event, repeat: int) -> dict:
    from django.utils import translation

    from distributors.models import Distributor
    from events.packets.content import packet_content
    from events.packets.render import render_packet_pdf
    from ocop_portal.celery import freeze_start_up_objects

    distributors = list(Distributor.objects.order_by("pk")[:repeat])
    # This process set up as each worker process is at its start (ocop_portal/celery.py), so
    # that the figures are those of the worker: start-up objects frozen out of the collector.
    gc.collect()
    freeze_start_up_objects()
    keys = ("content", "content_cpu", "weasy", "weasy_cpu", "lab", "lab_cpu")
    timings: dict[str, list[float]] = {key: [] for key in keys}
    weasy_bytes, lab_bytes, products = [], [], []

    def timed(key: str, call):
        wall, cpu = time.perf_counter(), time.process_time()
        value = call()
        timings[key].append(time.perf_counter() - wall)
        if f"{key}_cpu" in timings:
            timings[f"{key}_cpu"].append(time.process_time() - cpu)
        return value

    for distributor in distributors:
        with translation.override("vi"):
            content = timed("content", lambda d=distributor: packet_content(event=event, distributor=d))
            pdf = timed("weasy", lambda c=content: render_packet_pdf(c))
        reference = timed("lab", lambda c=content: reportlab_pdf(c))
        weasy_bytes.append(len(pdf))
        lab_bytes.append(len(reference))
        products.append(content.product_count)
    median = {key: statistics.median(values) for key, values in timings.items()}
    return {
        "packets_rendered": len(distributors),
        "products_per_packet": statistics.mean(products),
        "content_s": median["content"],
        "content_cpu_s": median["content_cpu"],
        "weasyprint_s": median["weasy"],
        "weasyprint_cpu_s": median["weasy_cpu"],
        "weasyprint_s_max": max(timings["weasy"]),
        "weasyprint_mb": statistics.mean(weasy_bytes) / 1e6,
        "reportlab_s": median["lab"],
        "reportlab_cpu_s": median["lab_cpu"],
        "reportlab_mb": statistics.mean(lab_bytes) / 1e6,
        "ratio_weasyprint_to_reportlab": median["weasy_cpu"] / median["lab_cpu"],
        "in_process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _one_send(*, event) -> dict:
    """The whole send of one packet in this process: claim, content, PDF, store, e-mail."""
    from django.utils import timezone

    from distributors.models import Distributor
    from events.models import CataloguePacket
    from events.packets.services import catalogue_packet_send

    distributor = Distributor.objects.order_by("-pk").first()
    packet = CataloguePacket.objects.create(event=event, distributor=distributor, send_at=timezone.now())
    start = time.perf_counter()
    outcome = catalogue_packet_send(packet_id=packet.pk)
    elapsed = time.perf_counter() - start
    packet.refresh_from_db()
    assert outcome.status == "sent", outcome
    packet.delete()
    return {"send_one_s": elapsed}


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mb(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    return 0.0


def _through_worker(*, event, packets: int, tmp: Path) -> dict:
    from django.db import connection

    from events.enums import PacketStatus
    from events.models import CataloguePacket
    from events.tasks import send_due_catalogue_packets
    from ocop_portal.celery import app as celery_app

    redis_url = os.environ.get("REDIS_URL", "")
    if connection.vendor != "postgresql" or not redis_url:
        return {"worker_skipped": "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)"}
    import redis

    try:
        redis.Redis.from_url(redis_url).ping()
    except redis.RedisError as exc:
        return {"worker_skipped": f"Redis does not answer: {exc}"}
    queue = f"packets-bench-{uuid.uuid4().hex[:8]}"
    from distributors.models import Distributor

    chosen = list(Distributor.objects.order_by("pk").values_list("pk", flat=True)[:packets])
    event.participations.filter(kind="distributor").exclude(distributor_id__in=chosen).delete()
    CataloguePacket.objects.all().delete()
    env = {**os.environ, "PACKETS_TEST_QUEUE": queue, "CONN_MAX_AGE": "60"}
    log_path = tmp / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "ocop_portal", "worker", "--pool=prefork",
         "--concurrency=2", "-Q", queue, "-n", f"{queue}@%h", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)
        cpu_before = sum(_cpu_s(pid) for pid in _children(process.pid))
        celery_app.conf.task_always_eager = False
        event.catalogue_send_at = event.catalogue_send_at.replace(year=2000)
        event.save(update_fields=["catalogue_send_at"])
        start = time.perf_counter()
        send_due_catalogue_packets.apply_async(queue=queue)
        timeout = 60 + 10 * packets
        while time.perf_counter() - start < timeout:
            done = CataloguePacket.objects.filter(status__in=(PacketStatus.SENT, PacketStatus.FAILED)).count()
            if done >= packets:
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        sent = CataloguePacket.objects.filter(status=PacketStatus.SENT).count()
        children = _children(process.pid)
        peaks = sorted((_peak_mb(pid) for pid in children), reverse=True)
        cpu = sum(_cpu_s(pid) for pid in children) - cpu_before
        main_peak = _peak_mb(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        redis.Redis.from_url(redis_url).delete(queue)
    per_packet = elapsed / max(sent, 1)
    cpu_per_packet = cpu / max(sent, 1)
    durations = [
        float(line.split("succeeded in ", 1)[1].split("s:", 1)[0])
        for line in log_path.read_text(errors="replace").splitlines()
        if "events.send_catalogue_packet[" in line and "succeeded in" in line and "'sent'" in line
    ]
    return {
        "worker_task_s_median": statistics.median(durations) if durations else None,
        "worker_task_s_first": durations[:2],
        "worker_cpu_s_per_packet": cpu_per_packet,
        # On two cores of its own: each process spends its CPU seconds per packet.
        "worker_minutes_for_2000_cpu": cpu_per_packet * 2000 / 2 / 60,
        "worker_packets": packets,
        "worker_sent": sent,
        "worker_seconds": elapsed,
        "worker_s_per_packet": per_packet,
        "worker_minutes_for_2000": per_packet * 2000 / 60,
        "worker_process_peak_mb": peaks,
        "worker_main_peak_mb": main_peak,
    }


# --- report -----------------------------------------------------------------------------------------


def _table(r: dict) -> str:
    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    per_packet_cpu = r["weasyprint_cpu_s"] + r["content_cpu_s"]
    rows = [
        ("machine", f"{r['cpus']} CPUs, load average {r['load_before']:.1f} → {r['load_after']:.1f}", ""),
        (
            "products per packet",
            f"{r['products_per_packet']:.0f} (thumbnails {r['thumbnail_kb']:.1f} KB avg)",
            "",
        ),
        (
            "content (queries + thumbnails)",
            f"{r['content_cpu_s'] * 1000:.0f} ms CPU ({r['content_s'] * 1000:.0f} ms wall)",
            "",
        ),
        (
            "PDF with WeasyPrint",
            f"{r['weasyprint_cpu_s']:.2f} s CPU ({r['weasyprint_s']:.2f} s wall), "
            f"{r['weasyprint_mb']:.2f} MB",
            f"target ≤ {TARGETS['seconds_per_packet']} s with content: {mark(per_packet_cpu <= 1)}, "
            f"≤ {TARGETS['mb_per_packet']} MB: {mark(r['weasyprint_mb'] <= TARGETS['mb_per_packet'])}",
        ),
        (
            "PDF with bare ReportLab (reference)",
            f"{r['reportlab_cpu_s']:.2f} s CPU ({r['reportlab_s']:.2f} s wall), {r['reportlab_mb']:.2f} MB",
            "",
        ),
        ("ratio WeasyPrint / ReportLab (CPU)", f"{r['ratio_weasyprint_to_reportlab']:.1f}×", ""),
        ("one whole send in-process", f"{r['send_one_s']:.2f} s wall", "claim, content, PDF, store, e-mail"),
        ("peak memory of this process", f"{r['in_process_peak_rss_mb']:.0f} MB", ""),
    ]
    if "worker_skipped" in r:
        rows.append(("through a worker", "skipped", r["worker_skipped"]))
    else:
        rows += [
            (
                f"{r['worker_packets']} packets, worker ×2 processes",
                f"{r['worker_seconds']:.1f} s ({r['worker_sent']} sent), "
                f"{r['worker_s_per_packet']:.2f} s/packet",
                "",
            ),
            (
                "2,000 packets, from wall time",
                f"{r['worker_minutes_for_2000']:.1f} min",
                f"target ≤ {TARGETS['minutes_for_2000']:.0f} min: "
                f"{mark(r['worker_minutes_for_2000'] <= TARGETS['minutes_for_2000'])} "
                "(on this shared machine)",
            ),
            (
                "2,000 packets, from worker CPU time",
                f"{r['worker_minutes_for_2000_cpu']:.1f} min "
                f"({r['worker_cpu_s_per_packet']:.2f} CPU s/packet)",
                f"target ≤ {TARGETS['minutes_for_2000']:.0f} min: "
                f"{mark(r['worker_minutes_for_2000_cpu'] <= TARGETS['minutes_for_2000'])} "
                "(2 cores to itself)",
            ),
            (
                "peak memory per worker process",
                ", ".join(f"{mb:.0f} MB" for mb in r["worker_process_peak_mb"])
                + f" (main {r['worker_main_peak_mb']:.0f} MB)",
                f"target ≤ {TARGETS['worker_peak_mb']:.0f} MB: "
                f"{mark(max(r['worker_process_peak_mb'] or [0]) <= TARGETS['worker_peak_mb'])}",
            ),
        ]
    width = max(len(name) for name, _, _ in rows)
    return "\n".join(f"{name:<{width}}  {value:<44}  {note}".rstrip() for name, value, note in rows)


def run(*, quick: bool, packets: int | None, seed: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-packets-"))
    engine, drop_url = _prepare_environment(tmp)
    try:
        import django

        django.setup()
        import logging

        for noisy in ("weasyprint", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        from django.core.management import call_command

        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - start
        distributors = packets or (4 if quick else 60)
        data = _populate(products=250, distributors=max(distributors, 3), seed=seed)
        thumbnails, thumbnail_kb = _premake_thumbnails()
        setup_s = time.perf_counter() - start
        result = {
            "load_before": os.getloadavg()[0],
            "database": engine,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "setup_s": setup_s,
            "migrate_s": migrate_s,
            "thumbnails": thumbnails,
            "thumbnail_kb": thumbnail_kb,
        }
        result |= _in_process(event=data["event"], repeat=2 if quick else 10)
        result |= _one_send(event=data["event"])
        result |= _through_worker(event=data["event"], packets=distributors, tmp=tmp)
        result["load_after"] = os.getloadavg()[0]
        result["targets"] = TARGETS
        return result
    finally:
        if drop_url:
            _drop_database(drop_url)
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer packets, under a minute")
    parser.add_argument("--packets", type=int, default=None, help="packets sent through the worker")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = run(quick=args.quick, packets=args.packets, seed=args.seed)
    print(_table(result))
    print(json.dumps(result, sort_keys=True, default=str))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
