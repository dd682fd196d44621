import pytest

from distributors.selectors import product_search, search_terms
from producers.models import Product
from producers.selectors import product_qs_visible
from tests.distributors.conftest import make_product
from tests.factories import ProducerFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def found(query, **kwargs):
    return [p.name for p in product_search(product_qs_visible(), query, **kwargs)]


def test_terms_are_folded_and_bounded():
    assert search_terms("  HÀNH tím, Vĩnh-Châu ").tokens == ("hanh", "tim", "vinh", "chau")
    assert search_terms("Đắk Lắk").phrase == "dak lak"
    assert search_terms("a" * 2000).phrase == "a" * 100
    assert len(search_terms(" ".join(["x"] * 50)).tokens) == 8
    assert not search_terms("!!! ''; --")
    assert not search_terms(None)


@pytest.mark.parametrize("query", ["banh pia", "Bánh pía", "BANH PIA", "bánh   PÍA"])
def test_search_ignores_case_and_marks(query):
    make_product(name="Bánh pía Tân Huê Viên")
    make_product(name="Kẹo dừa Bến Tre", description="Kẹo dừa sữa")
    assert found(query) == ["Bánh pía Tân Huê Viên"]


def test_search_full_upper_case_without_marks():
    make_product(name="Hành tím Vĩnh Châu", description="Hành tím đặc sản")
    make_product(name="Tỏi Lý Sơn", description="Tỏi cô đơn")
    assert found("HANH TIM VINH CHAU") == ["Hành tím Vĩnh Châu"]


def test_search_finds_the_province_with_or_without_marks():
    lak = ProvinceFactory(code="dak-lak", name="Đắk Lắk", region="central_highlands", is_current=True)
    make_product(name="Cà phê Robusta", producer=ProducerFactory(province=lak))
    make_product(name="Bánh pía")
    assert found("dak lak") == found("Đắk Lắk") == ["Cà phê Robusta"]


def test_search_ranks_name_before_producer_before_description():
    in_description = make_product(name="Mật ong rừng", description="Ngon như bánh pía")
    in_producer = make_product(
        name="Lạp xưởng", producer=ProducerFactory(legal_name="Cơ sở Bánh Pía Sóc Trăng")
    )
    in_name = make_product(name="Hộp quà bánh pía")
    starts = make_product(name="Bánh pía sầu riêng")
    assert found("banh pia") == [starts.name, in_name.name, in_producer.name, in_description.name]


@pytest.mark.parametrize("query", ["trà", "TRÀ", "Trà"])
def test_a_query_typed_with_marks_puts_the_names_holding_them_first(query):
    """Marks do not narrow a search, but a buyer who types "trà" (tea) means neither
    "tráng" nor "trắng", which fold alike: names holding the words as typed come first (the
    name's start first), then the other names; names still come before producers. Without
    marks, names holding "tra" as a whole word come first: tea and "cá tra", before
    "tráng" and "tràm"."""
    tea_first = make_product(name="Trà sen Tây Hồ")
    tea = make_product(name="Hộp quà trà sen")
    title_case = make_product(name="Túi Lọc Trà Xanh")  # as typed too, whatever the case
    fish = make_product(name="Cá tra phi lê")  # "tra" as a whole word, not as typed
    oil = make_product(name="Tinh dầu tràm")  # "trà" as typed, inside a word
    dessert = make_product(name="Tráng miệng dừa")
    rice_paper = make_product(name="Bánh tráng sữa")
    by_producer = make_product(name="Mật ong rừng", producer=ProducerFactory(legal_name="Cơ sở Trà Vinh"))
    assert found("tra") == [
        tea_first.name,
        fish.name,
        title_case.name,
        tea.name,
        dessert.name,  # starts with "tra" inside a word
        rice_paper.name,
        oil.name,
        by_producer.name,
    ]
    assert found(query) == [
        tea_first.name,
        title_case.name,
        tea.name,
        oil.name,
        fish.name,
        dessert.name,
        rice_paper.name,
        by_producer.name,
    ]
    assert search_terms(query).marked == "trà"
    assert search_terms("tra").marked == ""


def test_whole_words_of_the_name_rank_before_parts_of_words():
    """A buyer typing "ca" finds "cá", "cà" and "cao": the names with "ca" as a word come
    first, wherever the word is (after a part of a word, between brackets)."""
    coffee = make_product(name="Cà phê phin")
    dried_fish = make_product(name="Khô cá lóc")
    cake = make_product(name="Cao lá vằng")
    tea = make_product(name="Trà cam quế")
    later = make_product(name="Cao cá lóc")  # "ca" inside "cao" first, then as a word
    bracket = make_product(name="Mắm (cá) linh")
    assert found("ca") == [coffee.name, bracket.name, later.name, dried_fish.name, cake.name, tea.name]
    assert found("CA") == found("ca")


def test_one_word_ranks_name_before_producer_before_description():
    in_description = make_product(name="Mật ong rừng", description="Hương pía thơm")
    in_producer = make_product(name="Lạp xưởng", producer=ProducerFactory(legal_name="Cơ sở Pía Sóc Trăng"))
    in_name = make_product(name="Bánh pía")
    starts = make_product(name="Pía sầu riêng")
    older_in_name = make_product(name="Hộp pía")
    assert found("pia") == [
        starts.name,
        older_in_name.name,
        in_name.name,
        in_producer.name,
        in_description.name,
    ]


def test_search_ranks_with_the_same_parts_on_both_databases():
    """search_text parts are cut with split_part: PostgreSQL's, and the same in Python on
    SQLite (ocop_portal/sqlite.py)."""
    from django.db import connection

    from ocop_portal.sqlite import split_part

    cases = [
        ("a | b | c", 1),
        ("a | b | c", 2),
        ("a | b | c", 3),
        ("a | b | c", 4),
        ("a", 1),
        ("a", 2),
        ("", 1),
    ]
    for text, number in cases:
        with connection.cursor() as cursor:
            cursor.execute("SELECT split_part(%s, ' | ', %s)", [text, number])
            assert cursor.fetchone()[0] == split_part(text, " | ", number), (text, number)
    assert split_part(None, " | ", 1) is None


def test_words_apart_still_match_after_the_phrase():
    together = make_product(name="Bánh pía đậu xanh", description="")
    apart = make_product(name="Pía nhân bánh dừa", description="")
    assert found("banh pia") == [together.name, apart.name]


def test_empty_query_changes_nothing():
    make_product(name="A")
    make_product(name="B")
    assert product_search(Product.objects.all(), "  ").count() == 2


@pytest.mark.parametrize("query", ["' OR 1=1 --", "%", "_", "\\", "<b>pía</b>", "a" * 2000, "\x00"])
def test_hostile_queries_are_plain_text(query):
    make_product(name="Bánh pía")
    assert found(query) in ([], ["Bánh pía"])


def test_like_wildcards_are_escaped():
    make_product(name="Bánh 100% pía")
    make_product(name="Bánh pía")
    # "%" is not a word character: the query is the word "100" only
    assert found("100%") == ["Bánh 100% pía"]


def test_sqlite_has_no_typo_tolerance(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite behaviour")
    make_product(name="Bánh pía")
    assert found("banh pya", fuzzy=True) == []


def test_postgresql_tolerates_a_typo(postgresql):
    make_product(name="Bánh pía Tân Huê Viên", description="Nhân sầu riêng")
    make_product(name="Hành tím Vĩnh Châu", description="Bánh pía nhân hành")
    make_product(name="Kẹo dừa", description="Kẹo dừa Bến Tre")
    assert found("banh pya") == []
    # typo tolerance looks at names only (the description of Hành tím has "bánh pía")
    assert found("banh pya", fuzzy=True) == ["Bánh pía Tân Huê Viên"]
    assert found("hanh tim vinh chau", fuzzy=True)[0] == "Hành tím Vĩnh Châu"


def test_postgresql_catalogue_falls_back_to_close_matches(postgresql, client):
    make_product(name="Bánh pía Tân Huê Viên")
    response = client.get("/en/catalogue/?q=banh+pya")
    assert [p.name for p in response.context["products"]] == ["Bánh pía Tân Huê Viên"]
    assert "Nothing matches “banh pya” exactly; here are close matches." in response.content.decode()


def test_postgresql_search_uses_the_word_index(postgresql):
    from django.db import connection

    make_product(name="Bánh pía")
    sql, params = (
        product_search(Product.objects.all(), "banh pia").order_by().values("pk").query.sql_with_params()
    )
    assert "producers_search_words(" in sql
    assert " LIKE " not in sql  # no text is read to check a match
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "product_search_words" in plan  # the query's expression is the index's
    sql = str(product_search(Product.objects.all(), "banh pia", fuzzy=True).query)
    assert "%>" in sql


def test_postgresql_typo_in_no_word_matches_similar_names_only(postgresql):
    """'pya' is in no product's text: the exact words cannot match, so the typo-tolerant
    search is the similar names alone (PostgreSQL then has no text to split again for each
    candidate), and finds what it found before."""
    from distributors.selectors import search_terms, search_words

    make_product(name="Bánh pía Tân Huê Viên", description="Nhân sầu riêng")
    make_product(name="Bánh in", description="Bánh pía nhân đậu")
    terms = search_words(search_terms("banh pya"))
    assert terms.cannot_match
    sql = str(product_search(Product.objects.all(), terms, fuzzy=True).query)
    assert "%>" in sql
    assert "producers_search_words(" not in sql
    assert found("banh pya", fuzzy=True) == ["Bánh pía Tân Huê Viên"]
    # a query whose words all exist keeps both: exact matches, then similar names
    both = str(product_search(Product.objects.all(), "banh pia", fuzzy=True).query)
    assert "producers_search_words(" in both
    assert "%>" in both
    assert found("banh pia", fuzzy=True)[0] == "Bánh pía Tân Huê Viên"


def test_the_word_ocop_narrows_nothing():
    """Every product listed is an OCOP product: "mật ong OCOP" finds the honey whether or
    not its text names OCOP, and the marks still rank as typed."""
    honey = make_product(name="Mật ong rừng", description="Mật ong nguyên chất")
    named = make_product(name="Trà sen", description="Sản phẩm OCOP 4 sao")
    assert found("mật ong OCOP") == found("Ocop mat ong") == [honey.name]
    assert set(found("OCOP")) == {honey.name, named.name}  # no search: the whole catalogue
    assert search_terms("Mật ong OCOP").marked == "mật ong"
    assert not search_terms("ocop")
