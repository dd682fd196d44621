"""The catalogue: filters, facet counts and one page of products, in few queries.

One query counts the matching products once per combination of facet values (and per
certification kind), and Python turns those rows into each facet's counts, each without its
own filter, and the total; one query reads the page of products with their cover photos.
On PostgreSQL a search that found nothing is run once more, tolerant of a typo (pg_trgm
word similarity).

With the cache on, the combination counts are also kept on their own: they do not depend
on the facet filters, so a buyer who then chooses a star rating, a province or a group
waits only for the certification counts (on 100,000 products, the combinations are the
slower part of the facet query).
"""

import hashlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from matchmaking.engine.text import fold
from ocop_portal.templatetags.portal import format_vnd
from producers.enums import Storage
from producers.models import (
    Certification,
    CertificationKind,
    Product,
    ProductGroup,
    ProductSubGroup,
    Province,
    bilingual_label,
)
from producers.selectors import product_qs_visible, reference_labels, valid_ocop_q

from .filters import STAR_CHOICES, CatalogueFilter
from .search_english import vietnamese_for
from .selectors import (
    MergedProvince,
    SearchTerms,
    merged_province_in,
    product_cards,
    product_search,
    query_without,
    search_fuzzy_q,
    search_terms,
    search_words,
    stars_in,
)

PAGE_SIZE = 24
SORTS = {
    "relevance": _("Relevance"),
    "stars": _("Most stars"),
    "newest": _("Newest"),
    "price": _("Lowest price"),
    "price_desc": _("Highest price"),
}
# Facets whose values are links; the others are fields of the form.
LINK_FACETS = ("group", "subgroup", "stars", "province", "cert", "storage", "valid")
# Choosing a group resets its sub-group; any change goes back to page 1.
RESETS = {"group": ("subgroup",)}


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    clear_url: str | None = None


class _KnownCountPaginator(Paginator):
    """A paginator told the total (the facet query counted it), so it runs no COUNT."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass
class CatalogueResult:
    filterset: CatalogueFilter
    params: dict  # the valid parameters, as they go back into URLs
    page: Page
    total: int
    facets: list[Facet]
    sort: str
    query: str
    fuzzy: bool  # the search found nothing exactly and shows close matches
    ignored: list[str]  # parameters that were not understood
    # A former province named in the search, and the address of its products under the
    # province it merged into (the province filter in place of those words).
    merged_province: MergedProvince | None = None
    merged_province_url: str = ""
    # The stars the search asks for in words ("4 sao"), as the stars filter names them
    # ("4★ and up"), and the address with that filter in place of those words.
    stars_label: str = ""
    stars_url: str = ""
    # When nothing matches exactly: the query with its English words in Vietnamese, the
    # language of product names ("honey" → "mật ong"), and the address searching it.
    vietnamese_query: str = ""
    vietnamese_url: str = ""

    @property
    def products(self) -> list[Product]:
        return list(self.page.object_list)

    @property
    def search_alone(self) -> bool:
        """True when a search is made and no filter chosen (the order aside)."""
        return bool(self.query) and set(self.params) <= {"q", "sort"}

    @property
    def barcode(self) -> str:
        """The GTIN-13 the query is, if it is a barcode."""
        return search_terms(self.query).barcode

    def url(self, **changes) -> str:
        return build_url(self.params, **changes)

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        return list(SORTS.items())

    @property
    def chips(self) -> list[tuple[str, str]]:
        """(label, the URL without it) for each filter in use: the chosen facet values, then
        the amounts typed (prices, capacity), which the phone's folded panel would hide."""
        chips = [(v.label, v.url) for facet in self.facets for v in facet.values if v.selected]
        data = self.filterset.form.cleaned_data
        for name, label, shown in (
            ("price_from", _("From %(amount)s"), format_vnd),
            ("price_to", _("Up to %(amount)s"), format_vnd),
            # as the product page writes it: 2.000 in Vietnamese, 2,000 in English
            ("capacity", _("Capacity from %(amount)s a month"), intcomma),
        ):
            if data.get(name) is not None:
                chips.append((label % {"amount": shown(data[name])}, self.url(**{name: None, "page": None})))
        return chips

    @property
    def hidden_inputs(self) -> list[tuple[str, str]]:
        """The facet choices, carried by the form when the search or sort changes."""
        pairs = []
        for name in LINK_FACETS:
            value = self.params.get(name)
            for item in value if isinstance(value, list) else [value] if value else []:
                pairs.append((name, item))
        return pairs

    def page_url(self, number: int) -> str:
        return self.url(page=number if number > 1 else None)

    @property
    def prev_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None

    @property
    def page_links(self) -> list[tuple[int | str, str | None]]:
        """(number, url) around the current page; ("…", None) for a gap."""
        links = []
        for number in self.page.paginator.get_elided_page_range(self.page.number, on_each_side=1, on_ends=1):
            if isinstance(number, int):
                links.append((number, None if number == self.page.number else self.page_url(number)))
            else:
                links.append((number, None))
        return links


def build_url(params: dict, **changes) -> str:
    """A query string ("?...") from ``params`` with ``changes`` (None removes a key)."""
    merged = {**params}
    for key, value in changes.items():
        if value is None or value == [] or value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    pairs = []
    for key, value in merged.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, item))
    return "?" + urlencode(pairs) if pairs else "?"


def _clean_params(data) -> tuple[CatalogueFilter, list[str]]:
    """A bound, valid filter set: parameters that do not validate are dropped."""
    filterset = CatalogueFilter(data, queryset=Product.objects.none())
    ignored: list[str] = []
    if not filterset.is_valid():
        ignored = sorted(filterset.form.errors)
        cleaned = data.copy()
        for name in ignored:
            cleaned.pop(name, None)
        filterset = CatalogueFilter(cleaned, queryset=Product.objects.none())
        filterset.is_valid()
    return filterset, ignored


@dataclass(frozen=True)
class NeedFilters:
    """The catalogue's address for a sourcing need, and whether some of its choices could
    not go into it (several groups or provinces, two kinds of storage: the catalogue filters
    by one of each). The volume never does: the catalogue's capacity is in each product's
    own unit, and the product page shows it."""

    url: str
    partial: bool


def need_catalogue_filters(need) -> NeedFilters:
    """The catalogue filtered as far as its filters say what ``need`` asks: its one group
    (and sub-group), its stars with a valid certificate, its certifications (all
    required), its one province (of today) and its one kind of storage. Reads the need's
    choices as prefetched (``sourcing_needs_for_distributor``)."""
    params: dict = {}
    subgroups = list(need.subgroups.all())
    groups = {group.code for group in need.groups.all()} | {s.group.code for s in subgroups}
    if len(groups) == 1:
        params["group"] = next(iter(groups))
        if len(subgroups) == 1:
            params["subgroup"] = subgroups[0].code
    if need.min_stars >= min(value for value, _label in STAR_CHOICES):
        params["stars"] = str(need.min_stars)
        params["valid"] = "1"
    certs = sorted(kind.code for kind in need.required_certifications.all())
    if certs:
        params["cert"] = certs
    provinces = {province.current_unit.code for province in need.preferred_provinces.all()}
    if len(provinces) == 1:
        params["province"] = next(iter(provinces))
    storage = need.storage_handled
    if len(storage) == 1:
        params["storage"] = next(iter(storage))
    partial = len(groups) > 1 or len(subgroups) > 1 or len(provinces) > 1 or len(storage) == 2
    return NeedFilters(reverse("distributors:catalogue") + build_url(params), partial)


def _params_of(filterset: CatalogueFilter) -> dict:
    params = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], False):
            continue
        params[name] = "1" if value is True else value if isinstance(value, list) else str(value)
    return params


# The facets counted from combination rows: a filter on one of them is applied to the rows
# in Python (``facet_rows``), so each facet can be counted without its own filter (to show
# what choosing another value would give) from one pass over the products. The predicates
# mirror CatalogueFilter's (tests/distributors/test_catalogue.py checks every count against
# the list the link gives). The other filters (search, certifications, capacity, prices)
# narrow the rows in SQL.
ROW_FILTERS = {
    "group": lambda row, value: row["group_key"] == value,
    "subgroup": lambda row, value: row["subgroup_key"] == value,
    "stars": lambda row, value: (row["stars_key"] or 0) >= value,
    "province": lambda row, value: row["province_key"] == value,
    "storage": lambda row, value: row["storage_key"] == value,
    "valid": lambda row, value: bool(row["valid_key"]),  # only ever chosen as True
}
# Counted without their own filter; choosing a group also frees its sub-group.
FACET_EXCLUDES = {
    "total": (),
    "group": ("group", "subgroup"),
    "subgroup": ("subgroup",),
    "stars": ("stars",),
    "province": ("province",),
    "storage": ("storage",),
    "valid": ("valid",),
}
# The columns of a facet's (key, label, English label, order) in the query's rows.
_NO_COLUMNS = (None, None, None, None)  # the total and "valid" rows: a count alone
FACET_FIELDS = {
    "group": ("group_key", "group_label", "group_label_en", "group_ord"),
    "subgroup": ("subgroup_key", "subgroup_label", "subgroup_label_en", "subgroup_ord"),
    "stars": ("stars_key", None, None, None),
    "province": ("province_key", "province_label", None, None),
    "storage": ("storage_key", None, None, None),
}


def _number(value=0) -> Value:
    return Value(value, output_field=IntegerField())


# The columns of the facet query's rows, as facet_rows reads them.
FACET_COLUMNS = (
    "dim",
    "group_key",
    "group_label",
    "group_label_en",
    "group_ord",
    "subgroup_key",
    "subgroup_label",
    "subgroup_label_en",
    "subgroup_ord",
    "stars_key",
    "province_key",
    "province_label",
    "storage_key",
    "valid_key",
    "n",
)


def _chosen_row_filters(data: dict) -> list[str]:
    """The facet filters (ROW_FILTERS) chosen in the form's cleaned ``data``."""
    return [name for name in ROW_FILTERS if data.get(name) not in (None, "", False)]


def _facet_values(narrowed: QuerySet) -> QuerySet:
    """The facet values of each product of ``narrowed``: its group, sub-group, stars,
    recorded province, storage and whether its OCOP certificate is valid."""
    return narrowed.order_by().values(
        group_ref=F("group_id"),
        subgroup_ref=F("subgroup_id"),
        stars_key=F("certificate__stars"),
        province_ref=F("producer__province_id"),
        storage_key=F("storage"),
        valid_key=Case(When(valid_ocop_q(), then=_number(1)), default=_number(0)),
    )


def _combos_select(counted: str) -> str:
    """The "combo" rows of FACET_COLUMNS from ``counted``, the SQL of (group_ref,
    subgroup_ref, stars_key, province_ref, storage_key, valid_key, n) rows: the codes and
    labels are joined to those few thousand counted rows rather than to every product."""
    group, subgroup = ProductGroup._meta.db_table, ProductSubGroup._meta.db_table
    province = Province._meta.db_table
    # Only compiled ORM SQL and table names go into the text; every value is a parameter.
    return (
        "SELECT 'combo', g.code, g.name, g.name_en, g.position,"  # noqa: S608
        " sg.code, sg.name, sg.name_en, sg.position,"
        " c.stars_key, pv.code, pv.name, c.storage_key, c.valid_key, c.n"
        f" FROM ({counted}) c"
        f" INNER JOIN {group} g ON g.id = c.group_ref"
        f" LEFT OUTER JOIN {subgroup} sg ON sg.id = c.subgroup_ref"
        f" INNER JOIN {province} recorded ON recorded.id = c.province_ref"
        # counted under the province of today (a former one under the one it merged into)
        f" INNER JOIN {province} pv ON pv.id = COALESCE(recorded.merged_into_id, recorded.id)"
    )


def _certs_select(counted: str) -> str:
    """The "cert" rows of FACET_COLUMNS (in its group columns) from ``counted``, the SQL of
    (kind_ref, n) rows."""
    return (
        "SELECT 'cert', k.code, k.name, k.name_en, k.position,"  # noqa: S608
        " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.n"
        f" FROM ({counted}) c INNER JOIN {CertificationKind._meta.db_table} k ON k.id = c.kind_ref"
    )


def _combos_sql(filterset: CatalogueFilter, base: QuerySet) -> tuple[str, tuple]:
    """The products matching the search and the filters that are not facets (``narrowed``),
    counted per combination of facet values by id ("combo" rows). They do not depend on
    the facet filters (ROW_FILTERS), which ``facet_rows`` applies."""
    narrowed = filterset.filter_queryset(base, exclude=("q", *ROW_FILTERS))
    combos_sql, params = _facet_values(narrowed).annotate(n=Count("pk")).query.sql_with_params()
    return _combos_select(combos_sql), params


def certs_query(filterset: CatalogueFilter, base: QuerySet) -> tuple[str, tuple]:
    """(SQL, parameters) of the counts per certification kind, every filter applied
    ("cert" rows, in the group columns of FACET_COLUMNS)."""
    certs = (
        filterset.filter_queryset(base, exclude=("q",))
        .filter(certifications__isnull=False)
        .order_by()
        .values(kind_ref=F("certifications__kind_id"))
        .annotate(n=Count("pk"))
    )
    certs_sql, params = certs.query.sql_with_params()
    return _certs_select(certs_sql), params


def _one_pass_sql(filterset: CatalogueFilter, base: QuerySet) -> tuple[str, tuple]:
    """The combination and certification rows from one reading of the matching products,
    for a search with no facet filter chosen (the two then count the same products): each
    product's facet values are found once (``m``), then counted per combination and, joined
    to its certifications, per kind. Measured at 100,000 products against reading them
    twice: `banh pia` 39 → 18 ms, `tra` 101 → 72, `nam` (23,000 products) 113 → 93, `hop
    qua` (47,000) 138 → 132; but the whole catalogue (90,000) 187 → 272 ms, as keeping that
    many rows costs more than reading them again, in parallel. Hence searches only."""
    narrowed = filterset.filter_queryset(base, exclude=("q", *ROW_FILTERS))
    products_sql, params = _facet_values(narrowed).annotate(product_ref=F("pk")).query.sql_with_params()
    certification = Certification._meta.db_table
    columns = "group_ref, subgroup_ref, stars_key, province_ref, storage_key, valid_key"
    combos = f"SELECT {columns}, COUNT(*) AS n FROM m GROUP BY {columns}"  # noqa: S608
    certs = (
        f"SELECT ce.kind_id AS kind_ref, COUNT(*) AS n FROM m"  # noqa: S608
        f" INNER JOIN {certification} ce ON ce.product_id = m.product_ref GROUP BY ce.kind_id"
    )
    # Referenced twice, the WITH query is computed once (PostgreSQL and SQLite).
    return (
        f"WITH m AS ({products_sql}) {_combos_select(combos)} UNION ALL {_certs_select(certs)}",
        params,
    )


def facet_query(filterset: CatalogueFilter, base: QuerySet) -> tuple[str, tuple]:
    """(SQL, parameters) of the one query behind every facet count: the combination rows
    (``_combos_sql``) and the certification rows (``certs_query``), from one reading of the
    products for a search with no facet filter chosen (``_one_pass_sql``)."""
    data = filterset.form.cleaned_data
    if data.get("q") and not _chosen_row_filters(data):
        return _one_pass_sql(filterset, base)
    (combos_sql, combos_params), (certs_sql, certs_params) = (
        _combos_sql(filterset, base),
        certs_query(filterset, base),
    )
    return f"{combos_sql} UNION ALL {certs_sql}", (*combos_params, *certs_params)


def facet_rows(filterset: CatalogueFilter, combos: list[dict]) -> list[dict]:
    """(dim, key, label, label_en, ord, n) rows of every facet from the query's rows.

    Each combination row is tested once against the chosen facet filters; it counts for a
    facet when the filters it fails are all ones that facet is counted without. The labels
    are read once per value, from its first row (100,000 products make 3,400 rows)."""
    data = filterset.form.cleaned_data
    chosen = [(name, ROW_FILTERS[name], data[name]) for name in _chosen_row_filters(data)]
    subgroups_listed = bool(data.get("group"))  # sub-groups are listed once a group is chosen
    counts: dict[tuple, int] = {}
    first_rows: dict[tuple, tuple[tuple, dict]] = {}  # (its columns, the row) of each value

    def add(dim: str, columns: tuple, row: dict, n: int) -> None:
        entry = (dim, row[columns[0]] if columns[0] else None)
        if entry in counts:
            counts[entry] += n
        else:
            counts[entry], first_rows[entry] = n, (columns, row)

    for row in combos:
        n = row["n"]
        if row["dim"] == "cert":  # a certification kind, in the group columns
            add("cert", FACET_FIELDS["group"], row, n)
            continue
        failed = {name for name, test, value in chosen if not test(row, value)}
        if not failed:
            add("total", _NO_COLUMNS, row, n)
        for dim, columns in FACET_FIELDS.items():
            if dim == "subgroup" and not (subgroups_listed and row["subgroup_key"]):
                continue
            if failed.issubset(FACET_EXCLUDES[dim]):
                add(dim, columns, row, n)
        if row["valid_key"] and failed.issubset(FACET_EXCLUDES["valid"]):
            add("valid", _NO_COLUMNS, row, n)

    result = []
    for (dim, key), n in counts.items():
        columns, row = first_rows[(dim, key)]
        _key, label, label_en, order = (row[column] if column else None for column in columns)
        result.append(
            {
                "dim": dim,
                "key": "" if key is None else str(key),
                "label": label or "",
                "label_en": label_en or "",
                "ord": order or 0,
                "n": n,
            }
        )
    return result


def _query_rows(base: QuerySet, sql: str, params: tuple) -> list[dict]:
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(FACET_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def _compact(rows) -> list[dict]:
    """``rows`` sharing one object per distinct text: the labels repeat in thousands of rows,
    and pickle (the cache) then stores each once (100,000 products: 255 KiB, not 658)."""
    texts: dict[str, str] = {}
    return [{k: texts.setdefault(v, v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


def _facet_rows(
    filterset: CatalogueFilter, base: QuerySet, combos_key: str | None
) -> tuple[list[dict], float]:
    """(facet rows, when they were counted). The combination rows do not change with the
    facet filters: they are kept in the cache under ``combos_key`` (None: not kept), so
    choosing a star rating, a province or a group then counts only the certifications."""
    kept = cache.get(combos_key) if combos_key else None
    if kept is None:
        counted_at = time.time()
        rows = _query_rows(base, *facet_query(filterset, base))
        if combos_key:
            cache.set(
                combos_key,
                (counted_at, _compact(row for row in rows if row["dim"] == "combo")),
                _cache_seconds(),
            )
    else:
        counted_at, combos = kept
        rows = [*combos, *_query_rows(base, *certs_query(filterset, base))]
    return facet_rows(filterset, rows), counted_at


def _unlisted_labels(by_dim: dict[str, list[dict]], data: dict) -> dict[tuple[str, str], str]:
    """The names of the chosen facet values that no counted row has (a province chosen
    before a search that finds nothing there): read from the reference data, and only then,
    so a chip says "Cần Thơ", not "can-tho". A code that names nothing keeps its code."""
    unlisted = {}
    for name in ("group", "subgroup", "province", "cert"):
        chosen = data.get(name) or []
        listed = {row["key"] for row in by_dim.get(name, [])}
        unlisted[name] = [
            code for code in ([chosen] if isinstance(chosen, str) else chosen) if code not in listed
        ]
    return reference_labels(unlisted) if any(unlisted.values()) else {}


def _facets(rows: list[dict], filterset: CatalogueFilter, params: dict) -> tuple[int, list[Facet]]:
    data = filterset.form.cleaned_data
    by_dim: dict[str, list[dict]] = {}
    for row in rows:
        by_dim.setdefault(row["dim"], []).append(row)
    total = sum(row["n"] for row in by_dim.get("total", []))
    unlisted = _unlisted_labels(by_dim, data)

    def link(name, value):
        resets = dict.fromkeys(RESETS.get(name, ()))
        return build_url(params, **{name: value, "page": None, **resets})

    facets = []
    for name, title in (
        ("group", _("Product group")),
        ("subgroup", _("Sub-group")),
        ("province", _("Province")),
    ):
        if name not in by_dim and not data.get(name):
            continue
        facet = Facet(name, str(title), clear_url=link(name, None) if data.get(name) else None)
        # Alphabetical as Vietnamese readers expect ("Hà Nội" before "Huế"): by the folded label.
        rows_ = sorted(
            by_dim.get(name, []),
            key=lambda r: (r["ord"], fold(bilingual_label(r["label"], r["label_en"])), r["key"]),
        )
        for row in rows_:
            selected = row["key"] == data.get(name)
            facet.values.append(
                FacetValue(
                    row["key"],
                    bilingual_label(row["label"], row["label_en"]),
                    row["n"],
                    selected,
                    link(name, None if selected else row["key"]),
                )
            )
        if data.get(name) and not any(v.selected for v in facet.values):
            label = unlisted.get((name, data[name]), data[name])
            facet.values.insert(0, FacetValue(data[name], label, 0, True, link(name, None)))
        facets.append(facet)

    # Stars: counts per exact rating, shown as "N★ and up".
    per_star = {int(row["key"]): row["n"] for row in by_dim.get("stars", []) if row["key"]}
    stars = Facet(
        "stars", str(_("Minimum stars")), clear_url=link("stars", None) if data.get("stars") else None
    )
    for value, title in STAR_CHOICES:
        count = sum(n for s, n in per_star.items() if s >= value)
        selected = data.get("stars") == value
        stars.values.append(
            FacetValue(str(value), str(title), count, selected, link("stars", None if selected else value))
        )
    facets.append(stars)

    chosen = list(data.get("cert") or [])
    certs = Facet(
        "cert", str(_("Certifications (all required)")), clear_url=link("cert", None) if chosen else None
    )
    for row in sorted(by_dim.get("cert", []), key=lambda r: (r["ord"], fold(r["label"]), r["key"])):
        selected = row["key"] in chosen
        toggled = [c for c in chosen if c != row["key"]] if selected else [*chosen, row["key"]]
        certs.values.append(
            FacetValue(
                row["key"],
                bilingual_label(row["label"], row["label_en"]),
                row["n"],
                selected,
                link("cert", toggled),
            )
        )
    for code in chosen:
        if not any(v.key == code for v in certs.values):
            certs.values.append(
                FacetValue(
                    code,
                    unlisted.get(("cert", code), code),
                    0,
                    True,
                    link("cert", [c for c in chosen if c != code]),
                )
            )
    facets.append(certs)

    per_storage = {row["key"]: row["n"] for row in by_dim.get("storage", [])}
    storage = Facet(
        "storage", str(_("Storage")), clear_url=link("storage", None) if data.get("storage") else None
    )
    for value, title in Storage.choices:
        selected = data.get("storage") == value
        storage.values.append(
            FacetValue(
                value,
                str(title),
                per_storage.get(value, 0),
                selected,
                link("storage", None if selected else value),
            )
        )
    facets.append(storage)

    valid_count = sum(row["n"] for row in by_dim.get("valid", []))
    selected = bool(data.get("valid"))
    facets.append(
        Facet(
            "valid",
            str(capfirst(_("OCOP certificate"))),
            [
                FacetValue(
                    "1",
                    str(_("Valid OCOP certificate only")),
                    valid_count,
                    selected,
                    link("valid", None if selected else "1"),
                )
            ],
        )
    )
    return total, facets


def _ordered(queryset: QuerySet, sort: str, searching: bool) -> QuerySet:
    if sort == "relevance" and searching:
        return queryset  # product_search ordered it by rank
    if sort == "newest":
        # Latest in the catalogue first (Product.listed_at, the index product_listed_at): a
        # product drafted long ago and published today is new to buyers, as its card says.
        return queryset.order_by(F("listed_at").desc(nulls_last=True), "-pk")
    if sort == "price":
        return queryset.order_by(F("price_min").asc(nulls_last=True), "-pk")
    if sort == "price_desc":
        return queryset.order_by(F("price_max").desc(nulls_last=True), "-pk")
    # Most stars, newest first: follows the index catalogue_certificate_stars (PostgreSQL).
    return queryset.order_by("-certificate__stars", "-certificate__product_id")


def _cache_seconds() -> int:
    """How long facet counts and pages are reused (settings.CATALOGUE_CACHE_SECONDS, 60 by
    default; 0 turns it off). A new product shows in counts within that time."""
    return int(getattr(settings, "CATALOGUE_CACHE_SECONDS", 60))


def _cache_key(kind: str, params: dict, *parts) -> str:
    raw = urlencode(sorted((k, ",".join(v) if isinstance(v, list) else v) for k, v in params.items()))
    digest = hashlib.sha256("|".join([raw, *map(str, parts)]).encode()).hexdigest()
    return f"catalogue:{kind}:{digest}"


def _facet_state(filterset: CatalogueFilter, terms: SearchTerms) -> tuple[list[dict], bool, float]:
    """(facet rows, fuzzy, when counted): counted exactly, or with typo tolerance when
    nothing matched. A query word that is in no product's text needs no counting to find
    nothing. The combination counts are shared by every state that differs only in facet
    filters (``_facet_rows``)."""
    narrowing = {name: value for name, value in _params_of(filterset).items() if name not in ROW_FILTERS}

    def counted(fuzzy: bool) -> tuple[list[dict], float]:
        key = _cache_key("combos", narrowing, fuzzy) if _cache_seconds() else None
        return _facet_rows(filterset, product_search(product_qs_visible(), terms, fuzzy=fuzzy), key)

    rows, counted_at = ([], time.time()) if terms.cannot_match else counted(False)
    found = any(row["dim"] == "total" and row["n"] for row in rows)
    if terms and not found and search_fuzzy_q(terms) is not None:  # PostgreSQL only
        rows, fuzzy_counted_at = counted(True)
        return rows, True, min(counted_at, fuzzy_counted_at)
    return rows, False, counted_at


def catalogue_params(data) -> tuple[CatalogueFilter, dict, str, list[str]]:
    """(filter set, valid parameters, sort, ignored parameter names) of a query string.
    Reads nothing from the database."""
    filterset, ignored = _clean_params(data)
    params = _params_of(filterset)
    sort = data.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
        if "sort" in data:
            ignored.append("sort")
    if sort != "relevance":
        params["sort"] = sort
    return filterset, params, sort, ignored


def search_query(data) -> str:
    """The search text of a query string as the filter form cleans it ("" when invalid),
    without building the whole filter set: the page around cached results needs only it."""
    try:
        return CatalogueFilter.base_filters["q"].field.clean(data.get("q")) or ""
    except ValidationError:
        return ""


def html_cache_key(kind: str, data, language: str) -> str | None:
    """The cache key of rendered HTML for a query string, or None when the cache is off:
    ``"body"``, the results part (facets and products), the same for every visitor;
    ``"page-<variant>"``, the whole page for one kind of visitor (ocop_portal.page_cache)."""
    if not _cache_seconds():
        return None
    digest = hashlib.sha256(f"{language}|{data.urlencode()}".encode()).hexdigest()
    return f"catalogue:{kind}:{digest}"


def cache_html(key: str | None, html: str) -> None:
    if key:
        cache.set(key, html, _cache_seconds())


def cached_html(key: str | None) -> str | None:
    return cache.get(key) if key else None


def _listed(queryset: QuerySet[Product], terms: SearchTerms, fuzzy: bool, sort: str) -> QuerySet[Product]:
    """The products of ``queryset`` that match the search, in the order of ``sort``."""
    return _ordered(product_search(queryset, terms, fuzzy=fuzzy), sort, bool(terms))


def page_products(
    filtered: QuerySet[Product], start: int, end: int, *, terms: SearchTerms, fuzzy: bool, sort: str
) -> QuerySet[Product]:
    """The cards of products ``start`` to ``end`` of the listing of ``filtered`` (visible
    products, the filters applied), in its order, in one query.

    A subquery chooses the page's ids, sorting only ids and sort keys; only those rows are
    read whole, with their joins, and put in the same order again. Sorting every match whole
    (descriptions, producers, certificates) made PostgreSQL sort megabytes on disk for a
    common word; the outer query holds no filter, so the planner starts from the ids."""
    ids = _listed(filtered, terms, fuzzy, sort).values("pk")[start:end]
    return product_cards(_listed(Product.objects.filter(pk__in=ids), terms, fuzzy, sort))


def catalogue_page(data) -> CatalogueResult:
    """The catalogue for the query parameters ``data`` (a QueryDict): never raises on bad
    input; unknown codes match nothing, malformed values are ignored and reported.

    Facet counts and the product ids of a page are kept in the cache for
    ``CATALOGUE_CACHE_SECONDS``: counting 100,000 products for every visit would cost more
    than the rest of the page."""
    filterset, params, sort, ignored = catalogue_params(data)
    query = filterset.form.cleaned_data.get("q") or ""
    terms = search_terms(query)
    seconds = _cache_seconds()

    state = cache.get(_cache_key("facets", params)) if seconds else None
    if state is None:
        terms = search_words(terms)  # once for the page, and only when not cached
        rows, fuzzy, counted_at = _facet_state(filterset, terms)
        state = (rows, fuzzy)
        if seconds:  # kept no longer than the oldest counts it uses
            cache.set(_cache_key("facets", params), state, max(1, round(counted_at + seconds - time.time())))
    rows, fuzzy = state
    total, facets = _facets(rows, filterset, params)

    filtered = filterset.filter_queryset(product_qs_visible(), exclude=("q",))
    # Never evaluated: the page's products are read by page_products or from the cache.
    paginator = _KnownCountPaginator(_listed(filtered, terms, fuzzy, sort), PAGE_SIZE, count=total)
    page = paginator.get_page(data.get("page"))
    page_key = _cache_key("page", params, page.number)
    ids = cache.get(page_key) if seconds else None
    if ids is None:
        start = (page.number - 1) * PAGE_SIZE
        terms = search_words(terms)
        cards = page_products(filtered, start, start + PAGE_SIZE, terms=terms, fuzzy=fuzzy, sort=sort)
        page.object_list = list(cards)
        if seconds:
            cache.set(page_key, [p.pk for p in page.object_list], seconds)
    else:
        by_pk = {p.pk: p for p in product_cards(product_qs_visible().filter(pk__in=ids))}
        page.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
    merged, span = merged_province_in(terms) or (None, None)
    merged_url = (
        build_url(params, q=query_without(query, span), province=merged.into_code, page=None)
        if merged
        else ""
    )
    stars, stars_span = stars_in(terms) or (None, None)
    if stars is not None and stars == filterset.form.cleaned_data.get("stars"):
        stars = None  # already chosen
    stars_url = build_url(params, q=query_without(query, stars_span), stars=stars, page=None) if stars else ""
    vietnamese = vietnamese_for(terms.tokens) if (fuzzy or not total) and not terms.barcode else ""
    return CatalogueResult(
        filterset=filterset,
        params=params,
        page=page,
        total=total,
        facets=facets,
        sort=sort,
        query=query,
        fuzzy=fuzzy,
        ignored=ignored,
        merged_province=merged,
        merged_province_url=merged_url,
        stars_label=str(dict(STAR_CHOICES)[stars]) if stars else "",
        stars_url=stars_url,
        vietnamese_query=vietnamese,
        vietnamese_url=build_url(params, q=vietnamese, page=None) if vietnamese else "",
    )
