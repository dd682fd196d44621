"""Helpers for reading pages in tests: English URLs and the visible text of HTML."""

import re
from html import unescape

from django.urls import reverse
from django.utils import translation


def en(name: str, *args, **kwargs) -> str:
    """The English URL of a page (content assertions are written against /en/ pages)."""
    with translation.override("en"):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def text(html: bytes | str) -> str:
    """The text a reader sees: tags removed, entities decoded, whitespace collapsed."""
    html = html.decode() if isinstance(html, bytes) else html
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
