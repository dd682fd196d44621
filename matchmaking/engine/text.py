"""Accent folding for Vietnamese text (no Django).

``fold("Hành tím Vĩnh Châu") == "hanh tim vinh chau"``; used for the stored
``search_text`` columns, for search queries and for the scoring engine's text similarity.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not a d with a combining mark, so NFD leaves them alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower case, Vietnamese marks removed, đ→d, whitespace collapsed. Idempotent."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped).lower()).strip()


def tokens(text: str | None) -> list[str]:
    """Folded word tokens (letters and digits), for similarity measures."""
    return re.findall(r"[0-9a-z]+", fold(text))
