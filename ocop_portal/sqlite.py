"""PostgreSQL functions the project's queries use, given to SQLite connections.

``split_part(text, separator, n)``: the n-th part of ``text`` cut at every ``separator``
(from 1; from the end when negative), "" past the last, as PostgreSQL's (14 and later).
``search_rank`` reads the parts of ``Product.search_text`` with it on both databases.

``ocop_fold(text)``: ``fold`` (case and Vietnamese marks away), what ``lower(unaccent(text))``
gives on PostgreSQL; the ``folded_contains`` lookup (ocop_portal/lookups.py) uses it.
"""

from django.db.backends.signals import connection_created

from matchmaking.engine.text import fold


def split_part(text: str | None, separator: str | None, number: int | None) -> str | None:
    if text is None or separator is None or number is None:
        return None
    if number == 0:
        raise ValueError("split_part: field position must not be zero")
    parts = text.split(separator) if separator else [text]
    if abs(number) > len(parts):
        return ""
    return parts[number - 1] if number > 0 else parts[number]


def ocop_fold(text: str | None) -> str | None:
    return None if text is None else fold(text)


def _add_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("split_part", 3, split_part, deterministic=True)
        connection.connection.create_function("ocop_fold", 1, ocop_fold, deterministic=True)


def register() -> None:
    connection_created.connect(_add_functions, dispatch_uid="ocop_portal.sqlite.functions")
