import re

from django.urls import reverse
from django.utils import translation


def en(name: str, *args, **kwargs) -> str:
    """The English URL of a page (content assertions are written against /en/ pages)."""
    with translation.override("en"):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def error_next_to(html: str, field_id: str, message: str) -> bool:
    """True when ``message`` is shown in the form block of the field ``field_id``: after
    its input and before the next field starts."""
    start = html.find(f'id="{field_id}"')
    if start < 0:
        return False
    following = html.find('<div class="field', start)
    block = html[start : following if following > 0 else len(html)]
    return message in block


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
