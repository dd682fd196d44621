"""PostgreSQL functions the catalogue search uses, given to SQLite connections.

``split_part(text, separator, n)``: the n-th part (from 1) of ``text`` cut at every
``separator``, "" past the last, as PostgreSQL's; ``search_rank`` reads the parts of
``Product.search_text`` with it on both databases.
"""

from django.db.backends.signals import connection_created


def split_part(text: str | None, separator: str | None, number: int | None) -> str | None:
    if text is None or separator is None or number is None:
        return None
    if number < 1:
        raise ValueError("split_part: the part number must be 1 or more")
    parts = text.split(separator) if separator else [text]
    return parts[number - 1] if number <= len(parts) else ""


def _add_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("split_part", 3, split_part, deterministic=True)


def register() -> None:
    connection_created.connect(_add_functions, dispatch_uid="distributors.sqlite.functions")
