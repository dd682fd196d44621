"""Catalogue search by words on PostgreSQL (issue 4).

``search_text`` LIKE '%nam%' through the pg_trgm index had to read and recheck every
matching row: for a word found in a quarter of 100,000 products, 30 ms of the 37. Now:

- ``producers_searchword`` lists every word of every product's search text, kept by two
  triggers (one per INSERT statement, one per row whose search_text changes), whatever
  writes the products: services, imports, bulk creation, raw SQL;
- a GIN index on the words of search_text, ``producers_search_words(search_text)``, finds
  the products having any of a list of whole words exactly, with no recheck. The function
  splits the text (regexp_split_to_array, ~12 µs) and tells the planner it is not free: at
  the built-in function's cost of one operator, PostgreSQL once chose to split the text of
  all 100,000 products for a word in half of them (1.3 s) rather than use the index (30 ms
  the next time). The planner also charges the function to every row the index finds, as
  if it were rechecked, so a higher cost made it split those scans over parallel workers
  and return a common word's ids slower (COST 100: 19 ms for "nam" instead of 13); 30 keeps
  both plans right at 100,000 products;
- a pg_trgm index on the words turns a query word into the words containing it.

A word new to the list and not yet committed makes another writer of the same word wait
for that transaction (ON CONFLICT on the unique word): a long import that brings new words
delays a concurrent save using one of them until it ends. Words already known never wait.

distributors.selectors.search_exact_q writes the matching condition. SQLite needs none of
this: it searches search_text with LIKE and REGEXP.
"""

from django.db import migrations, models

from ocop_portal.migration_sql import postgresql_only

# The words of a row's search text, as the index has them.
SPLIT = "unnest(producers_search_words({}.search_text))"

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS searchword_word_trgm ON producers_searchword USING gin (word gin_trgm_ops)",
    """
    CREATE OR REPLACE FUNCTION producers_search_words(search_text text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 30 AS $$
    BEGIN
        RETURN regexp_split_to_array(search_text, '[^0-9a-z]+');
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS product_search_words ON producers_product "
    "USING gin (producers_search_words(search_text))",
    # New words of the rows an INSERT statement wrote (bulk creation: one pass per batch).
    f"""
    CREATE OR REPLACE FUNCTION producers_search_words_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO producers_searchword (word)
        SELECT DISTINCT word FROM new_rows, {SPLIT.format("new_rows")} AS word
        WHERE word <> '' ORDER BY 1
        ON CONFLICT (word) DO NOTHING;
        RETURN NULL;
    END $$
    """,
    # New words of a row whose search text changed (an update of other columns costs nothing).
    f"""
    CREATE OR REPLACE FUNCTION producers_search_words_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO producers_searchword (word)
        SELECT DISTINCT word FROM {SPLIT.format("NEW")} AS word
        WHERE word <> '' ORDER BY 1
        ON CONFLICT (word) DO NOTHING;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS product_search_words_insert ON producers_product",
    "CREATE TRIGGER product_search_words_insert AFTER INSERT ON producers_product "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION producers_search_words_inserted()",
    "DROP TRIGGER IF EXISTS product_search_words_update ON producers_product",
    "CREATE TRIGGER product_search_words_update AFTER UPDATE OF search_text ON producers_product "
    "FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) "
    "EXECUTE FUNCTION producers_search_words_updated()",
    # The words of the products already there.
    f"""
    INSERT INTO producers_searchword (word)
    SELECT DISTINCT word FROM producers_product, {SPLIT.format("producers_product")} AS word
    WHERE word <> '' ORDER BY 1
    ON CONFLICT (word) DO NOTHING
    """,
    # Statistics of the new index's expression: how many products have each word. Without
    # them the planner guesses 0.5 % for any word and joins a common word's 23,000 products
    # by nested loops (the ranked page of "nam": 140 ms instead of 80).
    "ANALYZE producers_product",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS product_search_words_insert ON producers_product",
    "DROP TRIGGER IF EXISTS product_search_words_update ON producers_product",
    "DROP FUNCTION IF EXISTS producers_search_words_inserted()",
    "DROP FUNCTION IF EXISTS producers_search_words_updated()",
    "DROP INDEX IF EXISTS product_search_words",
    "DROP FUNCTION IF EXISTS producers_search_words(text)",
]


class Migration(migrations.Migration):
    dependencies = [("producers", "0005_expiry_warning_schedule")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.TextField(unique=True, verbose_name="word")),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        postgresql_only(PG_FORWARD, PG_BACKWARD),
    ]
