"""Benchmark of the matchmaking scoring engine at national scale.

Run from the project root:  .venv/bin/python -m bench.matchmaking  [--quick]

Generates seeded random data shaped like the national OCOP catalogue (15,000 products of
8,000 producers, 2,000 sourcing needs of 400 distributors), then measures, in one run:
building the index, scoring every pair with top-20 per need (the vectorised ``Scorer``),
the plain-Python reference scorer on a sample of needs (extrapolated, and the ratio),
recall@20 of the fast path against the reference on that sample, re-scoring one need and
one product, and peak memory. Prints a table, then one line of JSON with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace

import numpy as np

from matchmaking.engine.scoring import (
    NeedInput,
    ProductInput,
    Scorer,
    Signals,
    reference_top_k_per_need,
)
from matchmaking.engine.text import fold

PROVINCES = {
    "Hà Nội": "red_river_delta",
    "Hải Phòng": "red_river_delta",
    "Quảng Ninh": "red_river_delta",
    "Bắc Ninh": "red_river_delta",
    "Hưng Yên": "red_river_delta",
    "Ninh Bình": "red_river_delta",
    "Lai Châu": "northern_midlands_mountains",
    "Điện Biên": "northern_midlands_mountains",
    "Sơn La": "northern_midlands_mountains",
    "Lạng Sơn": "northern_midlands_mountains",
    "Cao Bằng": "northern_midlands_mountains",
    "Tuyên Quang": "northern_midlands_mountains",
    "Lào Cai": "northern_midlands_mountains",
    "Thái Nguyên": "northern_midlands_mountains",
    "Phú Thọ": "northern_midlands_mountains",
    "Thanh Hóa": "north_central_coast",
    "Nghệ An": "north_central_coast",
    "Hà Tĩnh": "north_central_coast",
    "Quảng Trị": "north_central_coast",
    "Huế": "north_central_coast",
    "Đà Nẵng": "north_central_coast",
    "Quảng Ngãi": "north_central_coast",
    "Khánh Hòa": "north_central_coast",
    "Gia Lai": "central_highlands",
    "Đắk Lắk": "central_highlands",
    "Lâm Đồng": "central_highlands",
    "TP. Hồ Chí Minh": "southeast",
    "Đồng Nai": "southeast",
    "Tây Ninh": "southeast",
    "Cần Thơ": "mekong_delta",
    "Vĩnh Long": "mekong_delta",
    "Đồng Tháp": "mekong_delta",
    "Cà Mau": "mekong_delta",
    "An Giang": "mekong_delta",
}
CERTS = {
    1: "VietGAP",
    2: "GlobalGAP",
    3: "HACCP",
    4: "ISO 22000",
    5: "Hữu cơ",
    6: "ATTP",
    7: "Truy xuất QR",
    8: "Mã vạch",
}
# group → (capacity units, sub-groups with their words)
GROUPS = {
    1: (
        ("kg", "box"),
        {
            11: "gạo lúa thơm ST25 hữu cơ nếp",
            12: "mật ong rừng hoa nhãn cà phê",
            13: "hành tím tỏi ớt tiêu",
            14: "trái cây sấy dẻo xoài mít chuối",
            15: "mắm tôm cá khô lạp xưởng",
            16: "bánh pía bánh tráng kẹo dừa",
        },
    ),
    2: (
        ("litre", "bottle"),
        {
            21: "rượu nếp rượu cần men lá",
            22: "trà shan tuyết trà xanh",
            23: "nước mắm cá cơm nhĩ",
            24: "nước ép nước cốt chanh dây",
        },
    ),
    3: (
        ("box", "kg"),
        {
            31: "sâm ngọc linh cao dược liệu",
            32: "tinh dầu sả quế tràm",
            33: "trà túi lọc atiso gừng nghệ",
        },
    ),
    4: (
        ("piece",),
        {
            41: "thổ cẩm dệt lụa tơ tằm",
            42: "mây tre đan cói lục bình",
            43: "gốm sứ sơn mài gỗ mỹ nghệ",
        },
    ),
    5: (("piece",), {51: "lan hồ điệp bonsai cây cảnh", 52: "cá cảnh chim cảnh"}),
    6: (("piece",), {61: "du lịch cộng đồng homestay trải nghiệm làng nghề"}),
}
COMMON = (
    "sản phẩm đặc sản truyền thống thơm ngon tự nhiên chất lượng cao đóng gói hút chân không "
    "an toàn sạch nguyên chất thủ công quà tặng hộp giấy túi zip hạn dùng tháng"
)
CHANNELS = {  # channel → (scale, share of needs)
    "supermarket_chain": (10.0, 0.25),
    "convenience_chain": (6.0, 0.15),
    "wholesale": (8.0, 0.1),
    "ecommerce": (3.0, 0.15),
    "export": (12.0, 0.05),
    "ocop_showroom": (1.0, 0.15),
    "highway_rest_stop": (1.5, 0.05),
    "hotel_restaurant": (2.0, 0.1),
}


def generate(n_products: int, n_producers: int, n_needs: int, n_distributors: int, seed: int):
    """Seeded random products, needs and signals with the proportions of the real catalogue
    (mostly 3★ food, a few expired certificates, capacities spread over three decades)."""
    rng = np.random.default_rng(seed)
    names = list(PROVINCES)
    common = fold(COMMON).split()
    subgroups = {s: (g, fold(words).split()) for g, (_, subs) in GROUPS.items() for s, words in subs.items()}
    sub_ids = list(subgroups)
    sub_weights = np.array([5.0 if subgroups[s][0] <= 3 else 1.5 for s in sub_ids])
    sub_weights /= sub_weights.sum()
    producers = np.r_[np.arange(n_producers), rng.integers(0, n_producers, n_products - n_producers)]
    products = []
    for i in range(n_products):
        sub = int(rng.choice(sub_ids, p=sub_weights))
        group, words = subgroups[sub]
        province = int(rng.integers(len(names)))
        stars = int(rng.choice([0, 2, 3, 4, 5], p=[0.02, 0.02, 0.70, 0.24, 0.02]))
        text = rng.choice(words, 6).tolist() + rng.choice(common, 12).tolist()
        text.append(fold(names[province]))
        products.append(
            ProductInput(
                id=100_000 + i,
                producer_id=int(producers[i]),
                group_id=group,
                subgroup_id=sub if rng.random() > 0.05 else None,
                stars=stars,
                ocop_valid=stars > 0 and rng.random() > 0.05,
                cert_kinds=frozenset(int(k) for k in CERTS if rng.random() < 0.25),
                monthly_capacity=None if rng.random() < 0.05 else float(round(rng.lognormal(6, 1.5))),
                capacity_unit=str(rng.choice(GROUPS[group][0])),
                storage=str(rng.choice(["ambient", "chilled", "frozen"], p=[0.85, 0.1, 0.05])),
                province_id=province + 1,
                region=PROVINCES[names[province]],
                province_name=names[province],
                text=" ".join(text),
            )
        )
    channels = list(CHANNELS)
    shares = np.array([CHANNELS[c][1] for c in channels])
    distributor_channel = rng.choice(channels, n_distributors, p=shares / shares.sum())
    needs = []
    regions = sorted(set(PROVINCES.values()))
    for j in range(n_needs):
        distributor = int(rng.integers(n_distributors))
        scale = CHANNELS[str(distributor_channel[distributor])][0]
        groups = rng.choice(list(GROUPS), int(rng.integers(1, 3)), replace=False).tolist()
        subs = [s for s in sub_ids if subgroups[s][0] in groups]
        picked = rng.choice(subs, int(rng.integers(0, min(3, len(subs)) + 1)), replace=False)
        words = [w for s in picked for w in subgroups[s][1]] or subgroups[subs[0]][1]
        notes = rng.choice(words, 4).tolist() + rng.choice(common, 3).tolist()
        needs.append(
            NeedInput(
                id=j + 1,
                distributor_id=distributor + 1,
                group_ids=frozenset(groups),
                subgroup_ids=frozenset(int(s) for s in picked),
                min_stars=int(rng.choice([0, 3, 4], p=[0.05, 0.8, 0.15])),
                required_cert_kinds=frozenset(
                    int(k)
                    for k in rng.choice(
                        list(CERTS), int(rng.choice([0, 1, 2], p=[0.5, 0.35, 0.15])), replace=False
                    )
                ),
                min_monthly_volume=None
                if rng.random() < 0.2
                else float(round(rng.lognormal(5, 1) * scale / 3)),
                volume_unit=str(rng.choice(GROUPS[groups[0]][0])),
                preferred_province_ids=frozenset(
                    int(p) + 1
                    for p in rng.choice(
                        len(names), int(rng.choice([0, 1, 3], p=[0.5, 0.3, 0.2])), replace=False
                    )
                ),
                preferred_regions=frozenset(
                    str(r)
                    for r in rng.choice(regions, int(rng.choice([0, 1, 2], p=[0.6, 0.3, 0.1])), replace=False)
                ),
                storage_handled=frozenset(
                    s for s, p in (("chilled", 0.4), ("frozen", 0.2)) if rng.random() < p
                ),
                channel_scale=scale,
                notes=" ".join(notes),
            )
        )
    pick = rng.choice(n_products, min(n_products, n_needs * 5))
    signals = Signals(
        shortlisted=frozenset((products[i].id, int(rng.integers(n_distributors)) + 1) for i in pick),
        requested=frozenset(
            (int(products[i].producer_id), int(rng.integers(n_distributors)) + 1) for i in pick[::3]
        ),
        accepted=frozenset(
            (int(products[i].producer_id), int(rng.integers(n_distributors)) + 1) for i in pick[::9]
        ),
    )
    return products, needs, signals


FULL = {"products": 15_000, "producers": 8_000, "needs": 2_000, "distributors": 400}
QUICK = {"products": 3_000, "producers": 1_600, "needs": 400, "distributors": 80}
TARGETS = {"full_s": 2.0, "rescore_need_ms": 50.0, "recall": 1.0, "peak_mb": 1024.0}


def _timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def _cpu_timed(fn, repeat: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds (all threads) of each run: on a shared machine the CPU time
    says how much work was done, whatever else the cores were busy with."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def _compare(fast: dict, reference: dict) -> tuple[float, bool, float]:
    """recall@k, whether the order is identical, and the largest score difference."""
    hits = total = 0
    identical = True
    worst = 0.0
    for need_id, expected in reference.items():
        got = fast[need_id]
        want_ids = {pid for pid, _ in expected}
        hits += len(want_ids & {pid for pid, _ in got})
        total += len(want_ids)
        identical &= [pid for pid, _ in got] == [pid for pid, _ in expected]
        scores = dict(got)
        worst = max([worst, *(abs(scores.get(pid, -1e9) - s) for pid, s in expected)])
    return (hits / total if total else 1.0), identical, worst


def run(quick: bool, seed: int, sample: int, repeat: int, workers: int) -> dict:
    sizes = QUICK if quick else FULL
    load_start = os.getloadavg()
    products, needs, signals = generate(
        sizes["products"], sizes["producers"], sizes["needs"], sizes["distributors"], seed
    )

    def build() -> Scorer:
        return Scorer(products, needs, signals=signals, cert_names=CERTS, workers=workers)

    build_times, build_cpu, scorer = _cpu_timed(build, repeat)
    score_times, score_cpu, fast = _cpu_timed(lambda: scorer.top_k_per_need(20), repeat)
    product_times, _ = _timed(lambda: scorer.top_k_per_product(20), 1)

    rng = np.random.default_rng(seed + 1)
    picked = [needs[i] for i in sorted(rng.choice(len(needs), sample, replace=False))]
    start = time.perf_counter()
    reference = reference_top_k_per_need(products, picked, 20, signals=signals, text_model=scorer.text_model)
    reference_per_need = (time.perf_counter() - start) / sample
    recall, identical, worst = _compare(fast, reference)

    # Re-scoring packs the need or product afresh, as after an edit; a changed minimum
    # makes sure nothing is cached on the need.
    edited_needs = [replace(n, min_stars=max(0, n.min_stars - 1)) for n in needs[:50]]
    need_times = [_timed(lambda n=n: scorer.top_k_for_need(n, 20), 1)[0][0] for n in edited_needs]
    product_sample = [replace(p, monthly_capacity=1000.0) for p in products[:50]]
    one_product_times = [_timed(lambda p=p: scorer.top_k_for_product(p, 20), 1)[0][0] for p in product_sample]
    distributor_times = [
        _timed(lambda d=d: scorer.top_k_producers_for_distributor(d, 20), 1)[0][0] for d in range(1, 21)
    ]
    producer_times = [
        _timed(lambda p=p: scorer.top_k_distributors_for_producer(p, 20), 1)[0][0] for p in range(20)
    ]

    tracemalloc.start()
    traced = build()
    traced.top_k_per_need(20)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    build_s, score_s = min(build_times), min(score_times)
    reference_full = reference_per_need * len(needs)
    return {
        "bench": "matchmaking",
        "quick": quick,
        "seed": seed,
        **sizes,
        "pairs": len(products) * len(needs),
        "workers": workers,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": __import__("scipy").__version__,
        "loadavg_start": round(load_start[0], 2),
        "loadavg_end": round(os.getloadavg()[0], 2),
        "repeat": repeat,
        "build_s": round(build_s, 3),
        "build_s_median": round(statistics.median(build_times), 3),
        "score_top20_s": round(score_s, 3),
        "score_top20_s_median": round(statistics.median(score_times), 3),
        "full_s": round(build_s + score_s, 3),
        "build_cpu_s": round(min(build_cpu), 3),
        "score_top20_cpu_s": round(min(score_cpu), 3),
        "top20_per_product_s": round(product_times[0], 3),
        "reference_sample_needs": sample,
        "reference_per_need_s": round(reference_per_need, 3),
        "reference_full_extrapolated_s": round(reference_full, 1),
        "speedup_vs_reference": round(reference_full / (build_s + score_s), 1),
        "recall_at_20": recall,
        "order_identical": identical,
        "max_score_diff": worst,
        "rescore_need_ms_median": round(1000 * statistics.median(need_times), 2),
        "rescore_need_ms_p95": round(1000 * _percentile(need_times, 95), 2),
        "rescore_product_ms_median": round(1000 * statistics.median(one_product_times), 2),
        "rescore_product_ms_p95": round(1000 * _percentile(one_product_times, 95), 2),
        "producers_for_distributor_ms_median": round(1000 * statistics.median(distributor_times), 2),
        "distributors_for_producer_ms_median": round(1000 * statistics.median(producer_times), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tracemalloc_peak_mb": round(traced_peak / 2**20, 1),
    }


def _table(r: dict) -> str:
    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    load = f"{r['loadavg_start']} → {r['loadavg_end']}"
    product_p95 = f"{r['rescore_product_ms_p95']:.2f} ms p95"
    rows = [
        (
            "data",
            f"{r['products']:,} products of {r['producers']:,} producers × "
            f"{r['needs']:,} needs of {r['distributors']} distributors",
            "",
        ),
        (
            "machine",
            f"{r['cpus']} cpus, {r['workers']} workers, load " + load,
            "",
        ),
        ("build index (best of {})".format(r["repeat"]), f"{r['build_s']:.3f} s", ""),
        ("score all pairs + top-20/need", f"{r['score_top20_s']:.3f} s", ""),
        (
            "CPU time (all threads)",
            f"{r['build_cpu_s']:.3f} s + {r['score_top20_cpu_s']:.3f} s",
            "build + score, best run",
        ),
        (
            "full scoring (build + score)",
            f"{r['full_s']:.3f} s",
            f"target ≤ {TARGETS['full_s']} s: {mark(r['full_s'] <= TARGETS['full_s'])}",
        ),
        ("top-20 needs per product", f"{r['top20_per_product_s']:.3f} s", ""),
        (
            "reference, per need",
            f"{r['reference_per_need_s']:.3f} s ({r['reference_sample_needs']} needs)",
            "",
        ),
        (
            "reference, extrapolated",
            f"{r['reference_full_extrapolated_s']:.1f} s",
            f"fast is {r['speedup_vs_reference']}× quicker",
        ),
        (
            "recall@20 vs reference",
            f"{r['recall_at_20']:.3f}",
            f"order identical: {r['order_identical']}, max |Δscore| {r['max_score_diff']:.1e}; "
            f"target 1.0: {mark(r['recall_at_20'] >= TARGETS['recall'])}",
        ),
        (
            "re-score one need",
            f"{r['rescore_need_ms_median']:.2f} ms median, {r['rescore_need_ms_p95']:.2f} ms p95",
            f"target ≤ {TARGETS['rescore_need_ms']:.0f} ms: "
            f"{mark(r['rescore_need_ms_p95'] <= TARGETS['rescore_need_ms'])}",
        ),
        (
            "re-score one product",
            f"{r['rescore_product_ms_median']:.2f} ms median, " + product_p95,
            "",
        ),
        ("producers for a distributor", f"{r['producers_for_distributor_ms_median']:.2f} ms", ""),
        ("distributors for a producer", f"{r['distributors_for_producer_ms_median']:.2f} ms", ""),
        (
            "peak memory (RSS)",
            f"{r['peak_rss_mb']:.0f} MB",
            f"target ≤ {TARGETS['peak_mb']:.0f} MB: {mark(r['peak_rss_mb'] <= TARGETS['peak_mb'])}",
        ),
        ("traced peak (build + score)", f"{r['tracemalloc_peak_mb']:.0f} MB", ""),
    ]
    width = max(len(name) for name, _, _ in rows)
    return "\n".join(f"{name:<{width}}  {value:<36}  {note}".rstrip() for name, value, note in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sample", type=int, default=10, help="needs run by the reference")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is kept")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    result = run(args.quick, args.seed, args.sample, args.repeat, args.workers)
    print(_table(result))
    print(json.dumps(result, sort_keys=True))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
