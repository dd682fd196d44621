"""OCOP rules that are law, not data: star bands of the 100-point evaluation and validity.

Decision 148/QĐ-TTg: 5★ 90–100, 4★ 70–89, 3★ 50–69, 2★ 30–49, 1★ below 30; only 3★ and up
are certified as OCOP; a certificate is valid for 36 months and the issuer warns 30 days
before it expires.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta

# stars -> (lowest score, highest score), inclusive
STAR_BANDS: dict[int, tuple[int, int]] = {5: (90, 100), 4: (70, 89), 3: (50, 69), 2: (30, 49), 1: (0, 29)}
OCOP_MIN_STARS = 3
VALIDITY_MONTHS = 36
EXPIRY_WARNING_DAYS = 30


def stars_for_score(score: int) -> int:
    for stars, (low, high) in STAR_BANDS.items():
        if low <= score <= high:
            return stars
    raise ValueError(f"score {score} is outside 0–100")


def valid_until(issued_on: dt.date) -> dt.date:
    """The last day a certificate is valid: 36 calendar months after issue (clamped)."""
    return issued_on + relativedelta(months=VALIDITY_MONTHS)


def earliest_valid_issue_date(today: dt.date) -> dt.date:
    """Certificates issued on or after this date are still valid on ``today``."""
    return today - relativedelta(months=VALIDITY_MONTHS)


# District-level administrations (and with them district-level OCOP councils) ended on
# 1 July 2025; Decision 1489/QĐ-TTg (2025) leaves the province and central levels.
DISTRICT_LEVEL_ABOLISHED_ON = dt.date(2025, 7, 1)
