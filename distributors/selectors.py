"""Reads for buyers: catalogue search, product pages, memberships, needs and shortlists.

The catalogue itself (filters, facets, pages) lives in ``distributors/catalogue.py``; it
uses ``product_search`` from here.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import StrIndex, Substr
from django.db.models.lookups import GreaterThan, In, Regex
from django.http import Http404
from django.utils import timezone

from matchmaking.engine.text import fold
from matchmaking.selectors import open_requests_with
from producers import ocop, reference_data
from producers.models import (
    Certification,
    ProducerMember,
    Product,
    ProductImage,
    ProductSubGroup,
    Province,
    SearchWord,
)
from producers.selectors import product_qs_visible, visible_q

from .enums import BuyerStatus
from .models import Buyer, Distributor, NewProductNotice, Shortlist, ShortlistItem, SourcingNeed

# A query longer than this is cut: nobody types more, and it keeps LIKE patterns small.
MAX_QUERY_CHARS = 100
MAX_QUERY_TOKENS = 8
_TOKEN = re.compile(r"[0-9a-z]+")
_WORD_CHARACTERS = "0123456789abcdefghijklmnopqrstuvwxyz"  # what _TOKEN takes
_WORD = re.compile(r"[^\W_]+")  # a word of any script, as typed
_SEPARATOR = " | "  # between the parts of Product.search_text (producers.services)


# --- Search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchTerms:
    """A folded query: its words, the phrase they make and, once looked up on PostgreSQL
    (``search_words``), the words of the catalogue each of them stands for."""

    tokens: tuple[str, ...]
    # For each token, the known words it matches (see term_shapes), or None where there
    # were too many to list (that token is then matched in the text); None: not looked up.
    words: tuple[tuple[str, ...] | None, ...] | None = None
    # The words as typed, in lower case, when they carry marks ("trà"); "" otherwise. Names
    # holding them rank first (search_rank): phone keyboards type the marks, and they tell
    # "trà" (tea) from "tráng" and "trắng", which fold alike.
    marked: str = ""
    # The GTIN-13 the query is, when it is a barcode (13 digits; 12, a UPC-A, and 14, a GTIN-14
    # with a leading 0, are read as the same GTIN-13; spaces and hyphens ignored): a buyer
    # with a scanner finds the product by its barcode, which comes first (search_rank).
    barcode: str = ""

    @property
    def phrase(self) -> str:
        return " ".join(self.tokens)

    @property
    def shapes(self) -> tuple[str, ...]:
        return term_shapes(len(self.tokens))

    @property
    def cannot_match(self) -> bool:
        """True when the words were looked up and one token matches no word at all (a barcode
        may still find its product)."""
        return not self.barcode and self.words is not None and any(words == () for words in self.words)

    def __bool__(self) -> bool:
        return bool(self.tokens)


# Every product in the catalogue is an OCOP product: buyers write "trà OCOP" or "sản phẩm
# OCOP 4 sao", and the word would only keep the products whose text happens to name it
# (none in the demo, a fifth of the generated 100,000). A query word the catalogue implies
# is left out of the search.
IMPLIED_WORDS = frozenset({"ocop"})


def _query_tokens(folded: str) -> list[str]:
    return [token for token in _TOKEN.findall(folded) if token not in IMPLIED_WORDS]


def search_terms(query: str | None) -> SearchTerms:
    """Fold a query like the stored search text: "HÀNH tím" → ("hanh", "tim"), marked
    "hành tím"."""
    head = (query or "")[: MAX_QUERY_CHARS * 4]
    tokens = tuple(_query_tokens(fold(head)[:MAX_QUERY_CHARS]))[:MAX_QUERY_TOKENS]
    typed_words = _WORD.findall(unicodedata.normalize("NFC", head).lower())
    typed = " ".join([w for w in typed_words if fold(w) not in IMPLIED_WORDS][:MAX_QUERY_TOKENS])
    # Only when folding the typed words gives the tokens, one for one (and they had marks).
    marked = typed if typed != " ".join(tokens) and fold(typed) == " ".join(tokens) else ""
    return SearchTerms(tokens, marked=marked, barcode=_barcode(head))


def _barcode(query: str) -> str:
    """The GTIN-13 that ``query`` is, or ""."""
    digits = re.sub(r"[\s-]", "", query)
    if len(digits) == 12:  # a UPC-A is the GTIN-13 with a leading 0
        digits = "0" + digits
    elif len(digits) == 14 and digits.startswith("0"):  # a GTIN-14 of the unit itself
        digits = digits[1:]
    return digits if re.fullmatch(r"[0-9]{13}", digits) else ""


# How a query token must appear in a word of the search text. One token: anywhere in a word
# ("pia" finds "banh pia"). Several, as in a phrase: the first ends a word, the last begins
# one, those between are whole words; "kho ca" finds "khô cá lóc" and "khô cà", but not
# "khoai" with "cao" apart. Whatever contains the phrase itself still matches.
ANYWHERE, ENDS, BEGINS, WHOLE = "anywhere", "ends", "begins", "whole"
# A token standing for more known words than this is matched in the text instead.
MAX_WORDS_PER_TOKEN = 500


def term_shapes(count: int) -> tuple[str, ...]:
    if count <= 1:
        return (ANYWHERE,) * count
    return (ENDS, *(WHOLE,) * (count - 2), BEGINS)


def _word_q(token: str, shape: str) -> Q:
    """The known words (SearchWord) that ``token`` stands for."""
    return {
        ANYWHERE: Q(word__contains=token),
        ENDS: Q(word__endswith=token),
        BEGINS: Q(word__startswith=token),
        WHOLE: Q(word=token),
    }[shape]


def search_words(terms: SearchTerms) -> SearchTerms:
    """``terms`` with, for each token, the known words it stands for: one query on
    PostgreSQL (pg_trgm finds the words), none on SQLite or for an empty query."""
    if connection.vendor != "postgresql" or not terms or terms.words is not None:
        return terms
    from django.contrib.postgres.aggregates import ArrayAgg

    conditions = [_word_q(token, shape) for token, shape in zip(terms.tokens, terms.shapes, strict=True)]
    either = Q()
    for condition in conditions:
        either |= condition
    found = SearchWord.objects.filter(either).aggregate(
        **{f"t{i}": ArrayAgg("word", filter=condition, default=[]) for i, condition in enumerate(conditions)}
    )
    words = tuple(found[f"t{i}"] for i in range(len(conditions)))
    return replace(
        terms, words=tuple(tuple(sorted(w)) if len(w) <= MAX_WORDS_PER_TOKEN else None for w in words)
    )


def _text_q(token: str, shape: str) -> Q:
    """``token`` in the search text itself, as ``shape`` says (LIKE finds it with the
    pg_trgm index; REGEXP, Python's on SQLite, checks the word boundaries)."""
    condition = Q(search_text__contains=token)
    before = "" if shape in (ANYWHERE, ENDS) else "(^|[^0-9a-z])"
    after = "" if shape in (ANYWHERE, BEGINS) else "($|[^0-9a-z])"
    if before or after:
        condition &= Q(search_text__regex=f"{before}{token}{after}")
    return condition


def search_words_expression():
    """The words of the search text: the SQL function producers_search_words splits it at
    every run of other characters than [0-9a-z], as migration producers/0006 indexes it."""
    from django.contrib.postgres.fields import ArrayField

    return Func(F("search_text"), function="producers_search_words", output_field=ArrayField(TextField()))


def search_exact_q(terms: SearchTerms) -> Q:
    """Every token of the query is in the folded search text, in the shape term_shapes
    gives it. With the words looked up (PostgreSQL): the text has one of the token's words
    (the GIN index answers exactly, no row is read to check); else LIKE (and REGEXP). A
    barcode also finds the product that has it."""
    condition = Q()
    for index, (token, shape) in enumerate(zip(terms.tokens, terms.shapes, strict=True)):
        words = terms.words[index] if terms.words is not None else None
        if words is None:
            condition &= _text_q(token, shape)
        else:
            from django.contrib.postgres.fields.array import ArrayOverlap

            condition &= Q(ArrayOverlap(search_words_expression(), list(words)))
    return condition | Q(gtin=terms.barcode) if terms.barcode else condition


def search_part(number: int):
    """Part ``number`` of search_text, "name | producer | province | packaging | description"
    (1: the folded product name): SPLIT_PART, PostgreSQL's and, on SQLite, the same function
    (ocop_portal/sqlite.py). Migration distributors/0004 indexes ``search_part(1)`` with
    pg_trgm."""
    return Func(
        F("search_text"), Value(_SEPARATOR), Value(number), function="SPLIT_PART", output_field=TextField()
    )


def folded_name():
    """The folded product name, the first part of search_text."""
    return search_part(1)


def search_fuzzy_q(terms: SearchTerms) -> Q | None:
    """PostgreSQL only: the query is close to some extent of the folded product name
    (pg_trgm word similarity, ``name %> query``), so one typo still finds the product.
    Only names: matching the long text of every description would be slow and vague. None
    for a barcode: names close to a mistyped barcode mean nothing."""
    if connection.vendor != "postgresql" or not terms or terms.barcode:
        return None
    from django.contrib.postgres.lookups import TrigramWordSimilar

    return Q(TrigramWordSimilar(folded_name(), Value(terms.phrase)))


def search_rank(terms: SearchTerms, *, fuzzy: bool = False):
    """The rank of a matching product, lower first: its name (four ranks, see below), then
    its producer's name, then its province, packaging or description, last the products
    whose text has the query's words only apart. Before them all, the product whose barcode
    the query is.

    Among names, whole words come first: a buyer typing "tra" (tea, without its marks)
    means "Hồng trà" more than "Bánh tráng", which holds "tra" only inside a word. So: the
    name starts with the query as whole words (0), holds it as whole words (1), starts with
    it inside a word (2), holds it inside a word (3).

    A query typed with marks ("trà") puts first the names that hold its words as typed, in
    those four ranks, then the other names in theirs ("Bánh tráng", which folds alike), and
    the ranks after the names four further. Phone keyboards type the marks; they tell tea
    from "tráng" and "trắng". Only the names that hold the query are compared again (for
    whole words, for the words as typed).

    The phrase is looked for in the short parts of search_text (``search_part``), and in the
    whole text only when it may be missing: a one-word query that matched exactly has its
    word in the text. Finding it there is what costs: PostgreSQL counts the characters up to
    a match in the description to give its position, and comparing positions took it 170 ms
    for the 23,000 products of a common word at 100,000; this takes 22 (one word) to 43.
    """
    phrase = Value(terms.phrase)
    names = 4  # the ranks of a name that holds the query
    shift = names if terms.marked else 0
    # Whole words: no letter or digit just before or after. The tokens are runs of them
    # (_TOKEN), so the phrase needs no escaping in the pattern, and the character after the
    # phrase tells whether a name that starts with it goes on in the same word. Only the
    # names that hold the phrase are tried, about 0.5 µs each: on the ranked page at 100,000
    # products, 4 ms more for "banh pia", 8 for "tra" and 15 for "ca" (30,000 names).
    whole = Regex(search_part(1), Value(f"(^|[^0-9a-z]){terms.phrase}($|[^0-9a-z])"))
    starts = Q(search_text__startswith=terms.phrase)
    goes_on = In(Substr("search_text", len(terms.phrase) + 1, 1), list(_WORD_CHARACTERS))
    in_name = Case(
        When(whole, then=Case(When(starts & ~Q(goes_on), then=Value(0)), default=Value(1))),
        When(starts, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    if terms.marked:
        as_typed = Q(name__icontains=terms.marked)  # "Bánh Pía" holds "bánh pía" too
        in_name = Case(When(as_typed, then=in_name), default=in_name + names, output_field=IntegerField())
    whens = [
        *([When(gtin=terms.barcode, then=Value(-1))] if terms.barcode else []),
        When(GreaterThan(StrIndex(search_part(1), phrase), 0), then=in_name),
        When(GreaterThan(StrIndex(search_part(2), phrase), 0), then=Value(names + shift)),
    ]
    if len(terms.tokens) == 1 and not fuzzy:
        return Case(*whens, default=Value(names + 1 + shift), output_field=IntegerField())
    whens.append(When(GreaterThan(StrIndex(F("search_text"), phrase), 0), then=Value(names + 1 + shift)))
    return Case(*whens, default=Value(names + 2 + shift), output_field=IntegerField())


def product_search(
    queryset: QuerySet[Product], query: str | SearchTerms | None, *, fuzzy: bool = False
) -> QuerySet[Product]:
    """Products of ``queryset`` matching ``query`` regardless of case and Vietnamese marks,
    annotated with ``search_rank`` (lower is better) and ordered by it.

    A text query is folded and its words looked up (``search_words``: one query on
    PostgreSQL); ``SearchTerms`` are used as they are, so a page that searches several times
    looks the words up once. ``fuzzy=True`` (PostgreSQL) also accepts products whose text is
    only similar to the query (a typo): the catalogue asks for it when the exact search
    found nothing. On SQLite ``fuzzy`` changes nothing. An empty query returns ``queryset``
    unchanged.
    """
    terms = query if isinstance(query, SearchTerms) else search_words(search_terms(query))
    if not terms:
        return queryset
    condition = search_exact_q(terms)
    ordering = ["search_rank"]
    if fuzzy and (fuzzy_q := search_fuzzy_q(terms)) is not None:
        from django.contrib.postgres.search import TrigramWordSimilarity

        # With a query word in no product's text, only similar names can match: leaving the
        # words out spares PostgreSQL splitting the text of every candidate again when it
        # rechecks the two conditions together (a typo's facet counts at 100,000 products:
        # 400-540 ms, now 120-170).
        condition = fuzzy_q if terms.cannot_match else condition | fuzzy_q
        queryset = queryset.annotate(
            search_similarity=TrigramWordSimilarity(Value(terms.phrase), folded_name())
        )
        ordering.append("-search_similarity")
    return (
        queryset.filter(condition)
        .annotate(search_rank=search_rank(terms, fuzzy=fuzzy))
        .order_by(*ordering, "-pk")
    )


@dataclass(frozen=True)
class MergedProvince:
    """A province merged into another in 2025 ("Sóc Trăng" into "Cần Thơ"), as a search
    recognises it: by the folded words of its name."""

    name: str
    into_code: str
    into_name: str
    # The folded words of the name and, for a name of two parts, of each part:
    # "Bà Rịa – Vũng Tàu" is also "vung tau".
    names: tuple[tuple[str, ...], ...]


@cache
def merged_provinces() -> tuple[MergedProvince, ...]:
    """The provinces merged in 2025, as the reference data records the merger (history, so
    no query: organisers may rename a province in the admin, not undo the merger)."""
    current = {code: name for code, name, _region in reference_data.CURRENT_PROVINCES}
    merged = []
    for _code, name, _region, into in reference_data.FORMER_PROVINCES:
        parts = re.split(r"\s+[-–—]\s+", name)
        names = [search_terms(text).tokens for text in [name, *(parts if len(parts) > 1 else [])]]
        merged.append(MergedProvince(name, into, current[into], tuple(n for n in names if len(n) >= 2)))
    return tuple(merged)


def merged_province_in(terms: SearchTerms) -> tuple[MergedProvince, slice] | None:
    """The former province whose name the query holds, with where its words are among the
    query's: buyers still write "Sóc Trăng" or "Bến Tre", which products since the 2025
    merger list under Cần Thơ and Vĩnh Long. None for a query of one word: every name has
    two or more ("nam" is no "Hà Nam")."""
    if len(terms.tokens) < 2:
        return None
    tokens = terms.tokens
    for province in merged_provinces():
        for name in province.names:
            for start in range(len(tokens) - len(name) + 1):
                if tokens[start : start + len(name)] == name:
                    return province, slice(start, start + len(name))
    return None


def stars_in(terms: SearchTerms) -> tuple[int, slice] | None:
    """The star rating a query asks for in words, with where those words are among the
    query's: buyers write "bánh pía 4 sao", "OCOP 5 sao" or "4sao", which no product's text
    holds, for what the stars filter does. Only the ratings the catalogue filters by (3 to
    5 stars)."""
    tokens = terms.tokens
    for index, token in enumerate(tokens):
        if token in ("3sao", "4sao", "5sao"):
            return int(token[0]), slice(index, index + 1)
        if token in ("3", "4", "5") and tokens[index + 1 : index + 2] == ("sao",):
            return int(token), slice(index, index + 2)
    return None


def query_without(query: str, span: slice) -> str:
    """``query`` without the words ``span`` of its search terms, the rest as the buyer wrote
    it ("Hành tím Sóc Trăng" without "soc trang": "Hành tím"); folded when a word written
    together with others is to go ("hanh-soc trang"). A word that is no search term ("OCOP",
    "–") goes with the words it touches."""
    kept, position, whole = [], 0, True
    for written in query.split():
        end = position + len(_query_tokens(fold(written)))
        if end == position and span.start <= position <= span.stop:
            continue
        if end <= span.start or position >= span.stop:
            kept.append(written)
        elif position < span.start or end > span.stop:
            whole = False
        position = end
    if whole:
        return " ".join(kept)
    tokens = search_terms(query).tokens
    return " ".join(tokens[: span.start] + tokens[span.stop :])


# --- Products ---------------------------------------------------------------------------------


def product_cards(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """What a product card shows, in one query: producer and province, certificate, and the
    file and description of the cover photo (``Product.cover``) rather than every photo."""
    first_photo = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "id")
    return queryset.select_related(
        "producer__province__merged_into", "certificate", "group", "subgroup"
    ).annotate(
        cover_image=Subquery(first_photo.values("image")[:1]),
        cover_alt=Subquery(first_photo.values("alt")[:1]),
    )


def product_detail(*, slug: str) -> Product:
    """A visible product with everything its page shows; 404 for any other."""
    queryset = (
        product_qs_visible()
        .select_related("producer__province__merged_into", "certificate", "group", "subgroup")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
            Prefetch("certifications", queryset=Certification.objects.select_related("kind")),
        )
    )
    product = queryset.filter(slug=slug).first()
    if product is None:
        raise Http404("No such product")
    return product


# Similar products are ranked by views among this many of the best-starred (newest first)
# of the product's sub-group, and among this many of its kind.
SIMILAR_CANDIDATES = 50
KIND_CANDIDATES = 12
# The words that start a product name and say what kind of product it is: in two syllables
# for most Vietnamese products ("Bánh pía", "Mật ong", "Tôm khô", "Nước mắm", "Gạo ST25").
KIND_WORDS = 2


def product_kind(name: str) -> str:
    """The folded words that start ``name`` and say its kind: "Bánh pía đậu xanh" → "banh pia"."""
    return " ".join(_query_tokens(fold(name))[:KIND_WORDS])


def product_similar(*, product: Product, limit: int = 4) -> list[Product]:
    """Visible products of the same kind first, whatever their sub-group (names starting
    with the same words, ``product_kind``: other producers' "Bánh pía" for a "Bánh pía"),
    then those of the same sub-group (or group); within each, best stars first, then the
    most viewed; never this one. One query.

    Views rank only the best-starred candidates (newest first) of each: those follow the
    certificate index (catalogue_certificate_stars) and stop early, where sorting a whole
    sub-group of a national catalogue by views took 120 ms for every product page. At
    100,000 products the kind costs a product page about 4 ms (13 → 17 ms at p50, most of
    it building the query; PostgreSQL's execution 1.0 → 1.8 ms): a kind of 2,000 products
    stops after about 450 certificates, a rare one is taken from the pg_trgm index of names."""
    best_first = ("-certificate__stars", "-certificate__product_id")
    others = product_qs_visible().exclude(pk=product.pk)
    same = Q(subgroup_id=product.subgroup_id) if product.subgroup_id else Q(group_id=product.group_id)
    candidates = others.filter(same).order_by(*best_first).values("pk")[:SIMILAR_CANDIDATES]
    kind_first = []
    if kind := product_kind(product.name):
        # Its tokens are runs of [0-9a-z] (_TOKEN): nothing in them to escape in the pattern.
        same_kind = Regex(folded_name(), Value(f"^{kind}($|[^0-9a-z])"))
        of_kind = others.filter(same_kind).order_by(*best_first).values("pk")[:KIND_CANDIDATES]
        # Each limited list in a query of its own: SQLite unites no limited queries.
        candidates = (
            Product.objects.filter(pk__in=candidates)
            .order_by()
            .values("pk")
            .union(Product.objects.filter(pk__in=of_kind).order_by().values("pk"))
        )
        kind_first = [Case(When(same_kind, then=Value(0)), default=Value(1), output_field=IntegerField())]
    queryset = Product.objects.filter(pk__in=candidates).order_by(
        *kind_first, "-certificate__stars", "-view_count", "-pk"
    )
    return list(product_cards(queryset)[:limit])


def user_is_member_of_producer(*, user, producer_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return ProducerMember.objects.filter(user=user, producer_id=producer_id).exists()


# --- Buyers -----------------------------------------------------------------------------------


def buyer_for_user(user) -> Buyer | None:
    """The user's buyer membership: an approved one first, else the latest one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Buyer.objects.filter(user=user)
        .select_related("distributor__channel", "user")
        .order_by(
            Case(When(status=BuyerStatus.APPROVED, then=Value(0)), default=Value(1)),
            "-created_at",
            "-pk",
        )
        .first()
    )


def distributor_choices() -> QuerySet[Distributor]:
    """Distributors a new buyer can join: those an organiser verified."""
    return Distributor.objects.filter(is_verified=True).select_related("channel").order_by("name")


def sourcing_needs_for_distributor(
    *, distributor: Distributor, with_choices: bool = True
) -> QuerySet[SourcingNeed]:
    """The distributor's needs, active first, each with how many products came into the
    catalogue for it lately (``new_products``, see ``need_new_products``); ``with_choices``
    prefetches their groups, certifications and provinces (the dashboard shows only titles)."""
    queryset = (
        SourcingNeed.objects.filter(distributor=distributor)
        .annotate(new_products=Count("notices", filter=_new_notice_q("notices__")))
        .order_by("-is_active", "-created_at", "-pk")
    )
    if with_choices:
        queryset = queryset.prefetch_related(
            "groups",
            Prefetch("subgroups", queryset=ProductSubGroup.objects.select_related("group")),
            "required_certifications",
            Prefetch("preferred_provinces", queryset=Province.objects.select_related("merged_into")),
        )
    return queryset


def valid_certifications(today: dt.date) -> QuerySet[Certification]:
    """Certifications (HACCP, VietGAP...) in force on ``today``."""
    return Certification.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
    )


def need_match_q(need: SourcingNeed, today: dt.date) -> Q:
    """Products meeting the hard conditions of one need, as the scorer reads them: group or
    sub-group (when any is named), stars on a current certificate, storage handled, every
    required certification held and valid. Reads the need's choices (prefetch them)."""
    condition = Q(
        certificate__stars__gte=need.min_stars,
        certificate__issued_on__gte=ocop.earliest_valid_issue_date(today),
        certificate__issued_on__lte=today,
    )
    groups = [group.pk for group in need.groups.all()]
    subgroups = [subgroup.pk for subgroup in need.subgroups.all()]
    if groups or subgroups:
        condition &= Q(group_id__in=groups) | Q(subgroup_id__in=subgroups)
    condition &= Q(storage__in=sorted(need.storage_handled))
    for kind in need.required_certifications.all():
        held = valid_certifications(today).filter(product=OuterRef("pk"), kind=kind)
        condition &= Q(Exists(held))
    return condition


# How long a product stays "new" for a need on the buyers' pages.
NEW_FOR_DAYS = 30


def _new_notice_q(prefix: str = "") -> Q:
    """Notices of the last NEW_FOR_DAYS whose product buyers can still see."""
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    return Q(**{f"{prefix}created_at__gte": since}) & visible_q(f"{prefix}product__")


def need_new_products(*, need: SourcingNeed) -> QuerySet[Product]:
    """The products that came into the catalogue for ``need`` in the last NEW_FOR_DAYS days
    (distributors.new_products writes them each morning), as cards, the latest first."""
    noticed = NewProductNotice.objects.filter(_new_notice_q(), need=need).values("product_id")
    return product_cards(Product.objects.filter(pk__in=noticed)).order_by("-listed_at", "-pk")


def sourcing_need_for_buyer(*, buyer: Buyer, pk: int, with_choices: bool = True) -> SourcingNeed:
    need = (
        sourcing_needs_for_distributor(distributor=buyer.distributor, with_choices=with_choices)
        .filter(pk=pk)
        .first()
    )
    if need is None:
        raise Http404("No such sourcing need")
    return need


def _shortlists_seen_by(buyer: Buyer) -> Q:
    """The buyer's own lists and those their colleagues (buyers of the same distributor)
    share."""
    return Q(buyer=buyer) | Q(shared=True, buyer__distributor_id=buyer.distributor_id)


def colleagues_of(*, buyer: Buyer) -> QuerySet[Buyer]:
    """The other approved buyers of the buyer's distributor, by name."""
    return (
        Buyer.objects.filter(distributor_id=buyer.distributor_id, status=BuyerStatus.APPROVED)
        .exclude(pk=buyer.pk)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def shortlist_seen(*, shortlist: Shortlist, buyer: Buyer) -> bool:
    """Whether ``buyer`` sees the list, and so may add to it and remove from it."""
    return Shortlist.objects.filter(_shortlists_seen_by(buyer), pk=shortlist.pk).exists()


def shortlists_for_buyer(*, buyer: Buyer) -> QuerySet[Shortlist]:
    """The buyer's lists, then the ones colleagues share with them, newest first; each with
    ``item_count`` and ``mine``."""
    return (
        Shortlist.objects.filter(_shortlists_seen_by(buyer))
        .select_related("event", "buyer__user")
        .annotate(
            item_count=Count("items"),
            mine=Case(When(buyer=buyer, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        .order_by("-mine", "-created_at", "-pk")
    )


def shortlists_to_add_to(*, buyer: Buyer, product: Product | None = None) -> QuerySet[Shortlist]:
    """The lists a buyer may add a product to (their own and the shared ones), the one they
    added to last first; with ``product``, each says whether it holds it (``holds_product``)."""
    lists = (
        Shortlist.objects.filter(_shortlists_seen_by(buyer))
        .select_related("buyer__user")
        .annotate(last_added=Max("items__added_at", filter=Q(items__added_by=buyer)))
        .order_by(F("last_added").desc(nulls_last=True), "-created_at", "-pk")
    )
    if product is not None:
        held = ShortlistItem.objects.filter(shortlist=OuterRef("pk"), product=product)
        lists = lists.annotate(holds_product=Exists(held))
    return lists


def shortlist_for_buyer(*, buyer: Buyer, pk: int, owned: bool = False) -> Shortlist:
    """One of the lists the buyer sees (``owned``: one of their own, to rename or delete);
    404 for any other."""
    seen = Q(buyer=buyer) if owned else _shortlists_seen_by(buyer)
    shortlist = (
        Shortlist.objects.filter(seen, pk=pk)
        .select_related("event", "buyer__distributor", "buyer__user")
        .first()
    )
    if shortlist is None:
        raise Http404("No such shortlist")
    return shortlist


def shortlist_items(*, shortlist: Shortlist) -> list[ShortlistItem]:
    """The items with their products, certificates, certifications and photos; each with
    ``open_requests``, the company's open meeting requests with its producer (one query
    more, whatever the number of items)."""
    items = list(
        ShortlistItem.objects.filter(shortlist=shortlist)
        .select_related(
            "added_by__user",
            "product__producer__province__merged_into",
            "product__certificate",
            "product__group",
            "product__subgroup",
        )
        .prefetch_related(
            Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "id")),
            Prefetch("product__certifications", queryset=Certification.objects.select_related("kind")),
        )
        .order_by("added_at", "pk")
    )
    asked = open_requests_with(
        distributor=shortlist.buyer.distributor, producer_ids={item.product.producer_id for item in items}
    )
    for item in items:
        item.open_requests = asked.get(item.product.producer_id, [])
    return items
