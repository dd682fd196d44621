"""Indexes for the buyer catalogue on PostgreSQL (issue 4).

- Default order of the catalogue (most stars, then newest): walk the verified certificates
  by (stars, product) and stop after a page, instead of sorting every visible product.
- Typo tolerance on product names: a pg_trgm GIN index on the folded name, the first part
  of ``producers_product.search_text`` (see producers.services.product_search_text).

They live on producers' tables but serve only the catalogue queries of
distributors/catalogue.py and distributors/selectors.py. SQLite needs neither.
"""

from django.db import migrations

from ocop_portal.migration_sql import postgresql_only

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalogue_certificate_stars ON producers_ocopcertificate "
    "(stars DESC, product_id DESC) WHERE verification = 'verified'",
    "CREATE INDEX IF NOT EXISTS catalogue_product_name_folded_trgm ON producers_product "
    "USING gin ((split_part(search_text, ' | ', 1)) gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_certificate_stars",
    "DROP INDEX IF EXISTS catalogue_product_name_folded_trgm",
]


class Migration(migrations.Migration):
    dependencies = [("distributors", "0003_shortlists"), ("producers", "0003_search_trgm")]

    operations = [postgresql_only(PG_FORWARD, PG_BACKWARD)]
