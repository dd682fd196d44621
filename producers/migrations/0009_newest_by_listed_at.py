"""The catalogue's "Newest" sorts by when products came into the catalogue, latest first,
the products never recorded last: the index serving it, read in order, replaces the plain
one of 0008. Written by hand per backend: SQLite cannot say NULLS LAST in an index (it sorts
NULL lowest, so DESC puts them last anyway)."""

from django.db import migrations

from ocop_portal.migration_sql import run_by_vendor

FORWARD = {
    "postgresql": [
        'CREATE INDEX "product_listed_at" ON "producers_product" ("listed_at" DESC NULLS LAST, "id" DESC)'
    ],
    "sqlite": ['CREATE INDEX "product_listed_at" ON "producers_product" ("listed_at" DESC, "id" DESC)'],
}
BACKWARD = {vendor: ['DROP INDEX IF EXISTS "product_listed_at"'] for vendor in FORWARD}  # 0008's comes back


class Migration(migrations.Migration):
    dependencies = [("producers", "0008_listed_at")]

    operations = [
        migrations.RemoveIndex(model_name="product", name="product_listed_at"),
        migrations.RunPython(run_by_vendor(FORWARD), run_by_vendor(BACKWARD)),
    ]
