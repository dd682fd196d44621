"""The unaccent extension on PostgreSQL, for the ``folded_contains`` lookup
(ocop_portal/lookups.py): accent-insensitive admin searches over names."""

from django.db import migrations

from ocop_portal.migration_sql import postgresql_only


class Migration(migrations.Migration):
    dependencies = [("producers", "0006_search_words")]

    # Not dropped when unapplied: the extension may serve others on the same database.
    operations = [postgresql_only(["CREATE EXTENSION IF NOT EXISTS unaccent"], [])]
