"""``folded_contains``: a text contains a value regardless of case and Vietnamese marks.

``Producer.objects.filter(legal_name__folded_contains="hung thinh")`` finds "Công ty Hưng
Thịnh", and so do "HƯNG THỊNH" and "Hưng thinh": both sides are folded (``fold``), the column
in SQL: ``lower(unaccent(column))`` on PostgreSQL (the unaccent extension, migration
producers/0007), ``ocop_fold(column)`` on SQLite (ocop_portal/sqlite.py). No index serves
it: it is for the organisers' admin searches over names (a few thousand producers or
distributors). Products, of which there may be 100,000, are searched through their stored,
indexed ``search_text`` instead (``distributors.selectors.product_search``).

In an admin's ``search_fields``: ``"legal_name__folded_contains"``. The value is text (it is
folded in Python), not an expression.
"""

from django.db.models import CharField, TextField
from django.db.models.lookups import Contains

from matchmaking.engine.text import fold


@CharField.register_lookup
@TextField.register_lookup
class FoldedContains(Contains):
    lookup_name = "folded_contains"

    def get_prep_lookup(self):
        return fold(str(self.rhs))

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        template = "ocop_fold(%s)" if connection.vendor == "sqlite" else "lower(unaccent(%s))"
        return template % sql, params

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs
