"""Typo-tolerant, accent-insensitive catalogue search on PostgreSQL: a pg_trgm GIN index on
the folded ``search_text`` column (DESIGN.md). SQLite searches the folded column with LIKE."""

from django.db import migrations

from ocop_portal.migration_sql import postgresql_only

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS product_search_text_trgm ON producers_product USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS product_name_trgm ON producers_product USING gin (lower(name) gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS product_search_text_trgm",
    "DROP INDEX IF EXISTS product_name_trgm",
]


class Migration(migrations.Migration):
    dependencies = [("producers", "0002_reference_data")]

    operations = [postgresql_only(PG_FORWARD, PG_BACKWARD)]
