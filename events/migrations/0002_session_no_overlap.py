"""No two panel sessions overlap in one room, enforced by the database itself.

PostgreSQL: an exclusion constraint over (room, time range) with btree_gist.
SQLite: triggers that abort an overlapping insert or update (raising IntegrityError).
Touching intervals (one ends when the next starts) do not overlap.
"""

from django.db import migrations

from ocop_portal.migration_sql import run_by_vendor

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE events_session ADD CONSTRAINT session_no_overlap_in_room
       EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)""",
]
PG_BACKWARD = ["ALTER TABLE events_session DROP CONSTRAINT IF EXISTS session_no_overlap_in_room"]

_SQLITE_CONDITION = """
    EXISTS (SELECT 1 FROM events_session s
            WHERE s.room_id = NEW.room_id AND s.id != NEW.id
              AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER session_no_overlap_insert BEFORE INSERT ON events_session
        WHEN {_SQLITE_CONDITION}
        BEGIN SELECT RAISE(ABORT, 'session_no_overlap_in_room'); END""",
    f"""CREATE TRIGGER session_no_overlap_update BEFORE UPDATE ON events_session
        WHEN {_SQLITE_CONDITION}
        BEGIN SELECT RAISE(ABORT, 'session_no_overlap_in_room'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS session_no_overlap_insert",
    "DROP TRIGGER IF EXISTS session_no_overlap_update",
]


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_by_vendor({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            run_by_vendor({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
