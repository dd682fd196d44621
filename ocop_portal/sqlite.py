"""PostgreSQL functions the catalogue search uses, given to SQLite connections.

``split_part(text, separator, n)``: the n-th part of ``text`` cut at every ``separator``
(from 1; from the end when negative), "" past the last, as PostgreSQL's (14 and later).
``search_rank`` reads the parts of ``Product.search_text`` with it on both databases.
"""

from django.db.backends.signals import connection_created


def split_part(text: str | None, separator: str | None, number: int | None) -> str | None:
    if text is None or separator is None or number is None:
        return None
    if number == 0:
        raise ValueError("split_part: field position must not be zero")
    parts = text.split(separator) if separator else [text]
    if abs(number) > len(parts):
        return ""
    return parts[number - 1] if number > 0 else parts[number]


def _add_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("split_part", 3, split_part, deterministic=True)


def register() -> None:
    connection_created.connect(_add_functions, dispatch_uid="distributors.sqlite.functions")
