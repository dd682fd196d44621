"""Benchmark of the buyer catalogue on PostgreSQL: search, filters and page throughput.

Run from the project root:  .venv/bin/python -m bench.catalogue  [--quick]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ocop_bench, or
ocop_bench_quick with --quick), creates the database if missing, migrates it and fills it
with ``manage.py generate_scale_data`` up to 100,000 products (10,000 with --quick), then
runs VACUUM ANALYZE and a CHECKPOINT so that every run times the same settled database.
Then, in one run:

1. Search: for each query, the database time (execute + fetch on a warm connection) of
   - ours: all matching ids, as the catalogue finds them: first the known words each query
     word stands for (``search_words``: producers_searchword, pg_trgm), then the products
     having them (GIN index on the words of ``search_text``); both queries are timed, and
     the first also apart ("words");
   - the naive reference: ``unaccent(lower(name)) LIKE '%query%'``, all matching ids;
   - the catalogue's ranked first page (24 products, visible only, with joins), and its
     facet-count query (one query: counts per combination of facet values, per certification);
   p50 and p95 of each, the ratio naive/ours, and recall of ours against the naive ids
   (queries without marks: must be 1.0). Typo queries (PostgreSQL fallback) apart.
   Beside them, the floor: ``SELECT generate_series(1, n)`` for the same number n of ids,
   timed the same way: what only sending and reading that many ids costs on this machine,
   so no query that returns them all can be faster.
2. Filters: the page and facet queries of a few filter combinations (p50, p95); for those
   that only choose facet values, also the facet query once the combination counts are in
   the cache ("reused": the certification counts alone, what such a page waits for).
3. Throughput: gunicorn with 2 sync workers on 127.0.0.1 (DEBUG off) serving the catalogue
   (a rotation of URLs) next to a minimal Django view through the same handler and
   middleware (bench/minimal_wsgi.py), loaded from loopback with wrk (or Python threads);
   the catalogue with its caches warm for anonymous visitors and for a logged-in buyer (the
   whole page cached for each kind of visitor, with their own CSRF token and CSP nonce; the
   buyer's next to the minimal view with the same session), and with the caches turned off.

Prints a table, then one line of JSON with the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocop_bench"
# Words of the generated catalogue (producers/scale_data.py) and of real OCOP products.
QUERIES = [
    "banh pia",
    "hanh tim",
    "tra",
    "mat ong",
    "ca phe",
    "dak lak",
    "nuoc mam",
    "keo dua",
    "mut gung",
    "tom kho",
    "gao",
    "soc trang",
    "huu co",
    "hop qua",
    "ruou",
    "nam",
    "bun",
    "kho ca",
    "thanh pho ho chi minh",
    "hanh tim vinh chau",
]
MARKED_QUERIES = ["Bánh pía", "Đắk Lắk", "HÀNH TÍM", "Mật ong"]
TYPO_QUERIES = ["banh pya", "mat onh", "hanh tym"]
FILTERS = [
    "stars=4",
    "group=food&stars=4",
    "cert=haccp",
    "cert=haccp&cert=vietgap&stars=3",
    "province=dak-lak",
    "storage=chilled&valid=1",
    "price_from=50000&price_to=150000",
    "q=banh+pia&stars=4&cert=haccp",
]
PAGE_URLS = [
    "/vi/catalogue/",
    "/vi/catalogue/?q=banh+pia",
    "/vi/catalogue/?q=tra&sort=price",
    "/vi/catalogue/?group=food&stars=4",
    "/vi/catalogue/?cert=haccp&valid=1",
    "/vi/catalogue/?q=dak+lak&page=2",
    "/en/catalogue/?province=can-tho",
    "/en/catalogue/?q=mat+ong&stars=3",
]
MINIMAL_URL = "/bench-minimal/"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup_django(url: str, media: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["MEDIA_ROOT"] = str(media)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger().setLevel(logging.WARNING)


def fill(products: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from producers.models import Product

    call_command("migrate", verbosity=0, interactive=False)
    have = Product.objects.count()
    started = time.perf_counter()
    if have < products:
        missing = products - have
        call_command(
            "generate_scale_data",
            producers=max(1, missing * 3 // 10),
            products=missing,
            distributors=300 if have == 0 else 0,
            seed=seed + have,
            verbosity=0,
        )
    generated_in_s = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        # Every run from the same state: rows updated since (a migration, view counts) leave
        # dead versions that scans would prune on the way, and statistics would be stale.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    _checkpoint()
    # Every generated product points at one placeholder photo, written to this MEDIA_ROOT
    # when the data was generated; put it back if the data came from another run.
    from producers import scale_data

    scale_data._write_placeholder()
    return {"products": Product.objects.count(), "generated_in_s": generated_in_s}


def _checkpoint() -> None:
    """Write the pages VACUUM dirtied now rather than during the timings (needs a superuser
    or the pg_checkpoint role; skipped without)."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        print(f"no CHECKPOINT before the timings: {error}".strip(), file=sys.stderr)


def timed(cursor, sql: str, params, repeat: int, before: tuple = ()) -> tuple[list[float], list]:
    """Execute + fetch times of ``sql`` (ms), each run after the (sql, params) of ``before``
    and counting them: a search looks its words up first."""
    statements = [*before, (sql, params)]
    samples, rows = [], []
    # Python's cycle collector off while timing, as timeit does: its pauses are the client's,
    # not database time. (A check of one common word showed no difference beyond the noise.)
    gc.collect()
    gc.disable()
    try:
        for run in range(repeat + 1):  # the first run warms
            started = time.perf_counter()
            for statement, statement_params in statements:
                cursor.execute(statement, statement_params)
                rows = cursor.fetchall()
            if run:
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return samples, rows


def words_lookup(query: str):
    """(search terms with their words, the (sql, params) that looked them up, or none)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from distributors.selectors import search_terms, search_words

    with CaptureQueriesContext(connection) as captured:
        terms = search_words(search_terms(query))
    return terms, tuple((q["sql"], None) for q in captured.captured_queries)


def catalogue_sql(params: str):
    """The SQL of the catalogue's page query and facet query for URL parameters, and of the
    certification counts alone: the facet query of a page whose combination counts the
    cache holds (one that differs from a counted page in facet filters)."""
    from django.http import QueryDict

    from distributors import catalogue
    from distributors.selectors import product_search
    from producers.selectors import product_qs_visible

    filterset, _ignored = catalogue._clean_params(QueryDict(params))
    terms, _lookup = words_lookup(filterset.form.cleaned_data.get("q") or "")
    rows, fuzzy, _counted_at = catalogue._facet_state(filterset, terms)
    filtered = filterset.filter_queryset(product_qs_visible(), exclude=("q",))
    page = catalogue.page_products(
        filtered, 0, catalogue.PAGE_SIZE, terms=terms, fuzzy=fuzzy, sort="relevance"
    )
    page_sql = page.query.sql_with_params()
    base = product_search(product_qs_visible(), terms, fuzzy=fuzzy)
    return page_sql, catalogue.facet_query(filterset, base), catalogue.certs_query(filterset, base), fuzzy


def facet_filters_only(params: str) -> bool:
    """True when ``params`` only chooses facet values (stars, group, province...): a buyer
    gets there from the unfiltered catalogue by links that reuse its combination counts."""
    from urllib.parse import parse_qsl

    from distributors.catalogue import ROW_FILTERS

    return all(name in ROW_FILTERS for name, _value in parse_qsl(params))


def bench_search(repeat: int) -> dict:
    from django.db import connection

    from distributors.selectors import product_search
    from producers.models import Product

    # What the process holds by now (Django, its apps) is never garbage: set it aside, so the
    # collection before each timing looks only at what the bench made since (98 ms each
    # time otherwise, two thirds of the --quick search part).
    gc.collect()
    gc.freeze()
    result = {
        "queries": {},
        "ours_ms": [],
        "words_ms": [],
        "floor_ms": [],
        "naive_ms": [],
        "page_ms": [],
        "facets_ms": [],
        "recall": [],
    }
    with connection.cursor() as cursor:
        for query in QUERIES + MARKED_QUERIES:
            terms, lookup = words_lookup(query)
            ours_sql = product_search(Product.objects.all(), terms).order_by().values_list("id", flat=True)
            sql, params = ours_sql.query.sql_with_params()
            ours, ours_rows = timed(cursor, sql, params, repeat, before=lookup)
            words = timed(cursor, *lookup[0], repeat)[0] if lookup else [0.0] * repeat
            floor, _ = timed(cursor, "SELECT generate_series(1, %s)", [len(ours_rows)], repeat)
            naive, naive_rows = timed(
                cursor,
                "SELECT id FROM producers_product WHERE unaccent(lower(name)) LIKE %s",
                ["%" + query.lower() + "%"],
                max(2, repeat // 3),
            )
            (page_sql, page_params), (facet_sql, facet_params), _certs, _fuzzy = catalogue_sql(
                urlencode({"q": query})
            )
            page, _ = timed(cursor, page_sql, page_params, repeat)
            facets, _ = timed(cursor, facet_sql, facet_params, max(2, repeat // 3))
            ours_ids, naive_ids = {r[0] for r in ours_rows}, {r[0] for r in naive_rows}
            recall = len(ours_ids & naive_ids) / len(naive_ids) if naive_ids else None
            marked = query in MARKED_QUERIES
            result["queries"][query] = {
                "matches": len(ours_ids),
                "naive_matches": len(naive_ids),
                "ours_p50_ms": round(statistics.median(ours), 2),
                "words_p50_ms": round(statistics.median(words), 2),
                "floor_p50_ms": round(statistics.median(floor), 2),
                "naive_p50_ms": round(statistics.median(naive), 2),
                "page_p50_ms": round(statistics.median(page), 2),
                "facets_p50_ms": round(statistics.median(facets), 2),
                "recall": recall,
                "marks": marked,
                "phrase": terms.phrase,
            }
            if not marked:
                result["ours_ms"] += ours
                result["words_ms"] += words
                result["floor_ms"] += floor
                result["naive_ms"] += naive
                result["page_ms"] += page
                result["facets_ms"] += facets
                if recall is not None:
                    result["recall"].append(recall)
        typo = []
        for query in TYPO_QUERIES:
            (page_sql, page_params), (facet_sql, facet_params), _certs, fuzzy = catalogue_sql(
                urlencode({"q": query})
            )
            samples, rows = timed(cursor, page_sql, page_params, max(2, repeat // 3))
            facets, _ = timed(cursor, facet_sql, facet_params, 2)
            typo.append(
                {
                    "query": query,
                    "fuzzy": fuzzy,
                    "page_p50_ms": round(statistics.median(samples), 2),
                    "facets_p50_ms": round(statistics.median(facets), 2),
                    "hits_on_page": len(rows),
                }
            )
        result["typo"] = typo
        filters = {}
        filter_page, filter_facets, filter_facets_reused = [], [], []
        for params in FILTERS:
            (page_sql, page_params), (facet_sql, facet_params), certs, _fuzzy = catalogue_sql(params)
            page, _ = timed(cursor, page_sql, page_params, repeat)
            facets, _ = timed(cursor, facet_sql, facet_params, max(2, repeat // 3))
            filters[params] = {
                "page_p50_ms": round(statistics.median(page), 2),
                "facets_p50_ms": round(statistics.median(facets), 2),
            }
            if facet_filters_only(params):
                # Reached by choosing facet values: the combination counts are in the cache.
                reused, _ = timed(cursor, *certs, max(2, repeat // 3))
                filters[params]["facets_reused_p50_ms"] = round(statistics.median(reused), 2)
                filter_facets_reused += reused
            filter_page += page
            filter_facets += facets
        result["filters"] = filters
        result["filter_page_ms"], result["filter_facets_ms"] = filter_page, filter_facets
        result["filter_facets_reused_ms"] = filter_facets_reused
    return result


# --- Throughput -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "bench.minimal_wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{MINIMAL_URL}", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def load_wrk(
    port: int, paths: list[str], seconds: int, connections: int, workdir: Path, cookie: str = ""
) -> dict:
    script = workdir / "rotate.lua"
    quoted = ", ".join(json.dumps(p) for p in paths)
    script.write_text(
        "local paths = {" + quoted + "}\nlocal i = 0\n"
        "local headers = {}\n"
        + (f'headers["Cookie"] = {json.dumps(cookie)}\n' if cookie else "")
        + "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i], headers)\nend\n"
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format(\'JSON{"requests":%d,"seconds":%f,"errors":%d,"non2xx":%d,'
        '"p50_ms":%f,"p99_ms":%f}\\n\', summary.requests, summary.duration / 1e6,'
        " summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,"
        " summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))\nend\n"
    )
    output = subprocess.run(  # noqa: S603
        # A slow answer is a latency, not an error: wrk's own limit (2 s) counted the uncached
        # catalogue's queued requests (8 connections on 2 workers, 1.5 s each) as errors.
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON"))
    figures = json.loads(line[4:])
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def load_python(port: int, paths: list[str], seconds: int, connections: int, cookie: str = "") -> dict:
    import http.client

    stop_at = time.monotonic() + seconds
    counts, errors, latencies, lock = [0], [0], [], threading.Lock()

    def worker(offset: int) -> None:
        i = offset
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                ok = False
            with lock:
                counts[0] += 1
                errors[0] += 0 if ok else 1
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": counts[0],
        "seconds": elapsed,
        "errors": errors[0],
        "non2xx": 0,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "rps": round(counts[0] / elapsed, 1),
    }


def buyer_session_cookie() -> str:
    """A session cookie of a logged-in buyer, made by Django's own sign-in (``login``, with
    its signals, as the sign-in form does). The catalogue reads its session on every page;
    the minimal view, given the same cookie, does not."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, created = get_user_model().objects.get_or_create(
        username="bench-buyer", defaults={"email": "bench-buyer@example.com"}
    )
    if created:
        user.set_password(None)
        user.save()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def bench_throughput(url: str, media: Path, seconds: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    cookie = buyer_session_cookie()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    use_wrk = shutil.which("wrk") is not None
    results = {"client": "wrk" if use_wrk else "python-threads", "workers": 2, "seconds": seconds}
    try:
        for label, cache_seconds in (("warm_cache", "300"), ("no_cache", "0")):
            port = free_port()
            process = start_gunicorn({**env, "BENCH_CATALOGUE_CACHE_SECONDS": cache_seconds}, port)
            try:
                for path in PAGE_URLS * 4:  # warm: thumbnails, caches, connections of both workers
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as response:  # noqa: S310
                        assert response.status == 200, path
                targets = [
                    ("minimal", [MINIMAL_URL], ""),
                    ("catalogue_warm_cache", PAGE_URLS, ""),
                    ("minimal_logged_in", [MINIMAL_URL], cookie),
                    ("catalogue_logged_in", PAGE_URLS, cookie),
                ]
                if label == "no_cache":
                    targets = [("catalogue_no_cache", PAGE_URLS, "")]
                for name, paths, with_cookie in targets:
                    results[name] = (
                        load_wrk(port, paths, seconds, 8, workdir, with_cookie)
                        if use_wrk
                        else load_python(port, paths, seconds, 8, with_cookie)
                    )
            finally:
                stop(process)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    minimal = results["minimal"]["rps"]
    results["catalogue_share_of_minimal_warm"] = round(results["catalogue_warm_cache"]["rps"] / minimal, 3)
    results["catalogue_share_of_minimal_logged_in"] = round(
        results["catalogue_logged_in"]["rps"] / results["minimal_logged_in"]["rps"], 3
    )
    results["catalogue_share_of_minimal_no_cache"] = round(results["catalogue_no_cache"]["rps"] / minimal, 3)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 products, shorter runs (< 1 minute)")
    parser.add_argument("--products", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    products = args.products or (10_000 if args.quick else 100_000)
    default = DEFAULT_URL + ("_quick" if args.quick else "")
    url = os.environ.get("DATABASE_URL") or default
    name = urlparse(url).path.lstrip("/")
    media = ROOT / "var" / "bench" / name / "media"
    media.mkdir(parents=True, exist_ok=True)
    ensure_database(url)
    setup_django(url, media)
    started = time.perf_counter()
    data = fill(products, args.seed)
    repeat = 6 if args.quick else 15
    search = bench_search(repeat)
    throughput = bench_throughput(url, media, 3 if args.quick else 10)

    def p(values, share):
        return round(percentile(values, share), 2)

    summary = {
        "bench": "catalogue",
        "products": data["products"],
        "search_ours_p50_ms": p(search["ours_ms"], 0.5),
        "search_ours_p95_ms": p(search["ours_ms"], 0.95),
        "search_words_p50_ms": p(search["words_ms"], 0.5),
        "search_words_p95_ms": p(search["words_ms"], 0.95),
        "search_floor_p50_ms": p(search["floor_ms"], 0.5),
        "search_floor_p95_ms": p(search["floor_ms"], 0.95),
        "search_naive_p50_ms": p(search["naive_ms"], 0.5),
        "search_naive_p95_ms": p(search["naive_ms"], 0.95),
        "search_speedup_p50": round(
            percentile(search["naive_ms"], 0.5) / percentile(search["ours_ms"], 0.5), 1
        ),
        "search_speedup_p95": round(
            percentile(search["naive_ms"], 0.95) / percentile(search["ours_ms"], 0.95), 1
        ),
        "search_recall_min": min(search["recall"]) if search["recall"] else None,
        "search_page_p50_ms": p(search["page_ms"], 0.5),
        "search_page_p95_ms": p(search["page_ms"], 0.95),
        "search_facets_p50_ms": p(search["facets_ms"], 0.5),
        "search_facets_p95_ms": p(search["facets_ms"], 0.95),
        "filter_page_p50_ms": p(search["filter_page_ms"], 0.5),
        "filter_page_p95_ms": p(search["filter_page_ms"], 0.95),
        "filter_facets_p50_ms": p(search["filter_facets_ms"], 0.5),
        "filter_facets_p95_ms": p(search["filter_facets_ms"], 0.95),
        "filter_facets_reused_p50_ms": p(search["filter_facets_reused_ms"], 0.5),
        "filter_facets_reused_p95_ms": p(search["filter_facets_reused_ms"], 0.95),
        "typo": search["typo"],
        "minimal_rps": throughput["minimal"]["rps"],
        "catalogue_rps_warm_cache": throughput["catalogue_warm_cache"]["rps"],
        "catalogue_rps_no_cache": throughput["catalogue_no_cache"]["rps"],
        "catalogue_share_of_minimal_warm": throughput["catalogue_share_of_minimal_warm"],
        "minimal_rps_logged_in": throughput["minimal_logged_in"]["rps"],
        "catalogue_rps_logged_in": throughput["catalogue_logged_in"]["rps"],
        "catalogue_share_of_minimal_logged_in": throughput["catalogue_share_of_minimal_logged_in"],
        "catalogue_share_of_minimal_no_cache": throughput["catalogue_share_of_minimal_no_cache"],
        "load_client": throughput["client"],
        "errors": sum(
            throughput[k]["errors"] + throughput[k]["non2xx"]
            for k in throughput
            if isinstance(throughput[k], dict)
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(f"products: {data['products']} (generated in {data['generated_in_s']} s)")
    print(
        f"{'query':26} {'matches':>8} {'naive':>6} {'ours':>8} {'words':>8} {'floor':>8} {'naive':>8} "
        f"{'page':>8} {'facets':>8} recall"
    )
    for query, row in search["queries"].items():
        print(
            f"{query:26} {row['matches']:8d} {row['naive_matches']:6d} {row['ours_p50_ms']:7.2f}ms "
            f"{row['words_p50_ms']:7.2f}ms {row['floor_p50_ms']:7.2f}ms "
            f"{row['naive_p50_ms']:7.2f}ms {row['page_p50_ms']:7.2f}ms {row['facets_p50_ms']:7.2f}ms "
            f"{row['recall'] if row['recall'] is not None else '-'}{' (marks)' if row['marks'] else ''}"
        )
    for row in search["typo"]:
        print(
            f"typo {row['query']!r}: fuzzy={row['fuzzy']} page {row['page_p50_ms']} ms, "
            f"facets {row['facets_p50_ms']} ms"
        )
    for params, row in search["filters"].items():
        reused = f"  reused {row['facets_reused_p50_ms']:8.2f} ms" if "facets_reused_p50_ms" in row else ""
        print(
            f"filter {params:36} page {row['page_p50_ms']:7.2f} ms  "
            f"facets {row['facets_p50_ms']:8.2f} ms{reused}"
        )
    for key in (
        "minimal",
        "catalogue_warm_cache",
        "minimal_logged_in",
        "catalogue_logged_in",
        "catalogue_no_cache",
    ):
        row = throughput[key]
        print(
            f"{key:22} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  "
            f"errors {row['errors'] + row['non2xx']}"
        )
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
