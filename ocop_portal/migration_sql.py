"""SQL that a migration runs on some database backends only: the indexes, triggers and
extensions Django's schema editor does not write (pg_trgm and GIN indexes, triggers)."""

from django.db import migrations


def run_by_vendor(statements_by_vendor: dict[str, list[str]]):
    """A RunPython function executing the statements listed for the database in use, and
    nothing on the others."""

    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """The operation running ``forward`` (``backward`` when unapplied) on PostgreSQL."""
    return migrations.RunPython(
        run_by_vendor({"postgresql": forward}), run_by_vendor({"postgresql": backward})
    )
