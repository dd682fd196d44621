"""Rendering of reasons and gaps in Vietnamese and English, without Django.

The engine returns ``Reason(code, params)``; these built-in templates turn them into text.
The Django side may pass its own ``templates`` (for instance, gettext-backed) to
``render_reason``; codes and params are listed in docs/matchmaking.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from matchmaking.engine.scoring_types import Gap, PairResult, Reason, ScorePart

DEFAULT_LANG = "vi"

TEMPLATES: dict[str, dict[str, str]] = {
    "vi": {
        "group_any": "mọi nhóm sản phẩm",
        "group_match": "đúng nhóm sản phẩm cần tìm",
        "group_other": "ngoài nhóm sản phẩm cần tìm",
        "subgroup_any": "không yêu cầu phân nhóm",
        "subgroup_match": "đúng phân nhóm cần tìm",
        "subgroup_other": "khác phân nhóm cần tìm",
        "stars_above_min": "{stars}★ ≥ mức tối thiểu {min}★",
        "stars": "{stars}★ OCOP",
        "no_stars": "chưa có sao OCOP",
        "ocop_expired_info": "chứng nhận OCOP {stars}★ đã hết hạn",
        "stars_below_min": "{stars}★ thấp hơn mức tối thiểu {min}★",
        "no_ocop": "cần chứng nhận OCOP từ {min}★",
        "ocop_expired": "chứng nhận OCOP {stars}★ đã hết hạn, cần cấp lại",
        "cert_ok": "{cert} ✓",
        "cert_missing": "cần {cert}",
        "cert_expired": "{cert} đã hết hạn, cần gia hạn",
        "storage_unsupported": "bên mua không bảo quản được hàng {storage}",
        "capacity_meets": "{capacity} {unit}/tháng ≥ {volume}",
        "capacity_below_scale": (
            "{capacity} {unit}/tháng ≥ {volume}, nhưng quy mô kênh này cần khoảng {needed}"
        ),
        "capacity_short": "{capacity} {unit}/tháng, chưa đủ {volume} cần mua",
        "capacity_unknown": "chưa khai báo sản lượng hằng tháng",
        "unit_differs": "sản lượng tính bằng {unit}, nhu cầu tính bằng {volume_unit}",
        "volume_any": "không yêu cầu sản lượng",
        "province_match": "{province}",
        "region_match": "{province} ({region})",
        "location_any": "{province}",
        "location_other": "{province}, ngoài khu vực ưu tiên",
        "notes_match": "khớp {percent}% mô tả nhu cầu",
        "notes_no_match": "không khớp mô tả nhu cầu",
        "notes_none": "không có mô tả nhu cầu",
        "signals": "{kinds}",
        "no_signals": "chưa có tương tác",
    },
    "en": {
        "group_any": "any product group",
        "group_match": "in a product group sought",
        "group_other": "outside the product groups sought",
        "subgroup_any": "no sub-group preference",
        "subgroup_match": "in a sub-group sought",
        "subgroup_other": "not in the sub-groups sought",
        "stars_above_min": "{stars}★ ≥ the {min}★ minimum",
        "stars": "{stars}★ OCOP",
        "no_stars": "no OCOP stars",
        "ocop_expired_info": "OCOP {stars}★ certificate expired",
        "stars_below_min": "{stars}★ is below the {min}★ minimum",
        "no_ocop": "needs an OCOP certificate of {min}★ or more",
        "ocop_expired": "OCOP {stars}★ certificate expired — renew it",
        "cert_ok": "{cert} ✓",
        "cert_missing": "needs {cert}",
        "cert_expired": "{cert} expired — renew it",
        "storage_unsupported": "buyer cannot handle {storage} goods",
        "capacity_meets": "{capacity} {unit}/month ≥ {volume}",
        "capacity_below_scale": (
            "{capacity} {unit}/month ≥ {volume}, but this channel's scale calls for about {needed}"
        ),
        "capacity_short": "{capacity} {unit}/month, short of the {volume} wanted",
        "capacity_unknown": "monthly capacity not stated",
        "unit_differs": "capacity in {unit}, need in {volume_unit}",
        "volume_any": "no volume stated",
        "province_match": "{province}",
        "region_match": "{province} ({region})",
        "location_any": "{province}",
        "location_other": "{province}, outside the preferred areas",
        "notes_match": "matches {percent}% of the need's notes",
        "notes_no_match": "does not match the need's notes",
        "notes_none": "no notes to match",
        "signals": "{kinds}",
        "no_signals": "no contact yet",
    },
}

# Params holding codes, translated through these tables; unknown codes print as given.
_UNIT_LABELS = {
    "vi": {
        "kg": "kg",
        "litre": "lít",
        "piece": "cái",
        "box": "hộp",
        "bottle": "chai",
        "pack": "gói",
        "jar": "hũ",
        "tonne": "tấn",
        "g": "g",
        "ml": "ml",
    },
    "en": {
        "kg": "kg",
        "litre": "litres",
        "piece": "pieces",
        "box": "boxes",
        "bottle": "bottles",
        "pack": "packs",
        "jar": "jars",
        "tonne": "tonnes",
        "g": "g",
        "ml": "ml",
    },
}
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "unit": _UNIT_LABELS,
    "volume_unit": _UNIT_LABELS,
    "storage": {
        "vi": {"ambient": "nhiệt độ thường", "chilled": "mát", "frozen": "đông lạnh"},
        "en": {"ambient": "ambient", "chilled": "chilled", "frozen": "frozen"},
    },
    "region": {
        "vi": {
            "northern_midlands_mountains": "Trung du và miền núi phía Bắc",
            "red_river_delta": "Đồng bằng sông Hồng",
            "north_central_coast": "Bắc Trung Bộ và duyên hải miền Trung",
            "central_highlands": "Tây Nguyên",
            "southeast": "Đông Nam Bộ",
            "mekong_delta": "Đồng bằng sông Cửu Long",
        },
        "en": {
            "northern_midlands_mountains": "Northern Midlands and Mountains",
            "red_river_delta": "Red River Delta",
            "north_central_coast": "North Central and Central Coast",
            "central_highlands": "Central Highlands",
            "southeast": "Southeast",
            "mekong_delta": "Mekong Delta",
        },
    },
    "kinds": {
        "vi": {
            "shortlisted": "đã vào danh sách quan tâm",
            "requested": "đã đề nghị gặp",
            "accepted": "đã nhận lời gặp",
        },
        "en": {
            "shortlisted": "shortlisted",
            "requested": "meeting requested",
            "accepted": "meeting accepted",
        },
    },
}

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}
# A province merged in 2025, named as the pages name it (Province.display_name).
_FORMER_PROVINCE = {"vi": "{province} ({former} cũ)", "en": "{province} (formerly {former})"}

WHY_CRITERIA = ("stars", "certifications", "capacity", "location", "text", "signals")
# Reasons that only say "nothing to compare"; a why-line leaves them out.
_QUIET = frozenset({"notes_none", "volume_any", "group_any", "subgroup_any", "no_signals"})


def normalise_lang(lang: str | None) -> str:
    """ "vi-VN" → "vi", "en-us" → "en"; anything else falls back to Vietnamese."""
    code = (lang or DEFAULT_LANG).replace("_", "-").split("-")[0].lower()
    return code if code in TEMPLATES else DEFAULT_LANG


def format_number(value: float, lang: str = DEFAULT_LANG) -> str:
    """2000 → "2.000" (vi) / "2,000" (en); 0.5 → "0,5" / "0.5".

    Amounts from 100 up are shown whole (997.6 kg → "998"), smaller ones with at most two
    decimals: reasons are read at a glance, not audited.
    """
    thousands, decimal = _SEPARATORS[normalise_lang(lang)]
    rounded = round(float(value), 0 if abs(value) >= 100 else 2)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    fraction = fraction.rstrip("0")
    return f"{sign}{grouped}{decimal}{fraction}" if fraction else f"{sign}{grouped}"


def _param_text(name: str, value: Any, lang: str) -> str:
    labels = LABELS.get(name, {}).get(lang, {})
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(_param_text(name, item, lang) for item in value)
    if isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, lang)
    return str(value)


def render_reason(
    reason: Reason,
    lang: str = DEFAULT_LANG,
    templates: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Text of a reason in ``lang`` ("vi" or "en"); unknown codes render as the code."""
    lang = normalise_lang(lang)
    table = (templates or TEMPLATES).get(lang) or TEMPLATES[lang]
    template = table.get(reason.code, reason.code)
    params = {name: _param_text(name, value, lang) for name, value in reason.params.items()}
    if params.get("former") and "province" in params:
        params["province"] = _FORMER_PROVINCE[lang].format(**params)
    return template.format(**params)


def why_line(
    result: PairResult,
    lang: str = DEFAULT_LANG,
    criteria: Iterable[str] = WHY_CRITERIA,
    separator: str = " · ",
) -> str:
    """One readable line for a card: "4★ ≥ the 3★ minimum · HACCP ✓ · 2,000 kg/month ≥ 500".

    Parts appear in ``criteria`` order; parts that earn nothing are left out, except met
    certifications, and so are parts that only say there was nothing to compare.
    """
    shown: list[str] = []
    for criterion in criteria:
        for part in result.parts:
            if part.criterion == criterion and _worth_showing(part):
                shown.append(render_reason(part.reason, lang))
    return separator.join(shown)


def _worth_showing(part: ScorePart) -> bool:
    if part.reason.code in _QUIET:
        return False
    return part.points > 0 or part.criterion == "certifications"


def gaps_line(gaps: Iterable[Gap], lang: str = DEFAULT_LANG, separator: str = " · ") -> str:
    """What keeps a product out, e.g. "needs VietGAP · OCOP 4★ certificate expired — renew it"."""
    return separator.join(render_reason(gap.reason, lang) for gap in gaps)
