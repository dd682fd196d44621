"""How query words match (one word anywhere in a word; several as in a phrase), and on
PostgreSQL the list of known words that lets the GIN index answer without reading rows."""

import threading
import time

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distributors import selectors
from distributors.selectors import product_search, search_terms, search_words
from matchmaking.engine.text import fold
from producers import services
from producers.models import Product, SearchWord
from producers.selectors import product_qs_visible
from tests.conftest import require_service
from tests.distributors.conftest import make_product
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def found(query):
    return sorted(p.name for p in product_search(product_qs_visible(), query))


def test_one_word_is_found_inside_longer_words():
    make_product(name="Bánh pía", description="")
    make_product(name="Nước mắm Phú Quốc", description="")
    assert found("pia") == ["Bánh pía"]
    assert found("ắm") == ["Nước mắm Phú Quốc"]


def test_several_words_match_as_in_a_phrase():
    make_product(name="Khô cá lóc", description="")
    make_product(name="Khô cà tím", description="")
    make_product(name="Cá khô", description="")
    # "khoai" does not end with "kho" and no word begins with "ca": the old search found it
    make_product(name="Khoai lang", description="Không chất bảo quản, trồng trên đất cao")
    assert found("kho ca") == ["Cá khô", "Khô cà tím", "Khô cá lóc"]
    # the first word may end a longer word, the last begin one, those between are whole
    assert found("ho c") == ["Cá khô", "Khô cà tím", "Khô cá lóc"]
    assert found("kho ca lo") == ["Khô cá lóc"]
    assert found("kho c loc") == []


def test_a_phrase_is_found_in_every_part_of_the_text():
    producer = ProducerFactory(legal_name="HTX Nông nghiệp Hưng Yên")
    make_product(name="Nhãn lồng", producer=producer, description="")
    assert found("nong nghiep hung") == ["Nhãn lồng"]
    assert found("hung yen nhan") == ["Nhãn lồng"]  # words apart, from the producer and the name


# Words of real product names, and queries cut out of them.
SYLLABLES = ["banh", "pia", "kho", "khoai", "ca", "cao", "phe", "mat", "ong", "long", "nam", "tra", "trang"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4), min_size=1, max_size=6),
    start=st.integers(0, 30),
    length=st.integers(1, 12),
)
def test_whatever_contains_the_phrase_is_found(names, start, length):
    """The recall of the benchmark: every name holding the query as it is typed is found."""
    Product.objects.all().delete()
    texts = [" ".join(words) for words in names]
    for text in texts:
        make_product(name=text, description="")
    joined = " | ".join(texts)
    query = joined[start : start + length].strip(" |")
    if not search_terms(query):
        return
    phrase = search_terms(query).phrase
    assert {t for t in texts if phrase in t} <= set(found(query))


@pytest.fixture
def postgresql_words(postgresql):
    return postgresql


def known(*words):
    return set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))


def test_every_written_word_becomes_known(postgresql_words):
    product = make_product(name="Trà shan tuyết Hà Giang", description="Búp trà cổ thụ")
    assert known("tra", "shan", "tuyet", "ha", "giang", "bup", "co", "thu") == {
        "tra",
        "shan",
        "tuyet",
        "ha",
        "giang",
        "bup",
        "co",
        "thu",
    }
    services.product_update(product=product, name="Chè xanh Thái Nguyên")
    assert known("che", "xanh", "thai", "nguyen") == {"che", "xanh", "thai", "nguyen"}
    # a raw UPDATE of the text is caught as well
    Product.objects.filter(pk=product.pk).update(search_text="qxzw thai nguyen")
    assert known("qxzw") == {"qxzw"}
    assert found("qxzw") == ["Chè xanh Thái Nguyên"]
    assert found("tra shan") == []


def test_bulk_created_products_are_found_at_once(postgresql_words):
    producer = ProducerFactory()
    template = ProductFactory(producer=producer)
    rows = []
    for index in range(50):
        product = ProductFactory.build(
            producer=producer, group=template.group, subgroup=template.subgroup, certificate=None
        )
        product.name = f"Đặc sản zyxw{index}"
        product.slug = f"dac-san-zyxw{index}"
        product.search_text = fold(product.name)
        rows.append(product)
    Product.objects.bulk_create(rows)
    assert SearchWord.objects.filter(word__startswith="zyxw").count() == 50
    ids = set(product_search(Product.objects.all(), "zyxw4").values_list("pk", flat=True))
    assert ids == {p.pk for p in Product.objects.filter(name__contains="zyxw4")}


def test_a_producer_renamed_makes_its_new_words_known(postgresql_words):
    producer = ProducerFactory(legal_name="Cơ sở Minh Phát")
    make_product(name="Kẹo lạc", producer=producer, description="")
    producer.legal_name = "HTX Quỳnh Lưu Xứ Nghệ"
    producer.save()
    services.producer_refresh_search_text(producer=producer)
    assert known("quynh", "luu", "xu", "nghe") == {"quynh", "luu", "xu", "nghe"}
    assert found("quynh luu") == ["Kẹo lạc"]


def test_words_are_looked_up_once_and_shaped_by_position(postgresql_words, django_assert_num_queries):
    make_product(name="Khô cá lóc", description="")
    make_product(name="Khoai lang", description="cao")
    with django_assert_num_queries(1):
        terms = search_words(search_terms("kho ca"))
    assert terms.words == (("kho",), ("ca", "cao"))
    with django_assert_num_queries(0):
        assert search_words(terms) is terms
        assert search_words(search_terms("")).words is None
    assert search_words(search_terms("zzzz")).cannot_match


def test_a_word_standing_for_too_many_known_words_is_matched_in_the_text(postgresql_words, monkeypatch):
    make_product(name="Trà xanh", description="")
    make_product(name="Sóc Trăng", description="")
    make_product(name="Cà phê", description="")
    by_words = found("tra")
    assert "Trà xanh" in by_words
    monkeypatch.setattr(selectors, "MAX_WORDS_PER_TOKEN", 1)
    terms = search_words(search_terms("tra"))
    assert terms.words == (None,)  # "tra" and "trang" (Sóc Trăng, the factories' province)
    assert sorted(p.name for p in product_search(product_qs_visible(), terms)) == by_words


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4), min_size=1, max_size=6),
    query=st.lists(st.sampled_from([*SYLLABLES, "a", "an", "o", "ng", "ho"]), min_size=1, max_size=3),
)
def test_the_word_index_finds_what_the_text_search_finds(postgresql_words, names, query):
    """The same products, whether PostgreSQL answers from the known words (GIN) or reads
    the text with LIKE and regular expressions as SQLite does."""
    Product.objects.all().delete()
    for words in names:
        make_product(name=" ".join(words), description="")
    terms = search_terms(" ".join(query))
    by_words = set(product_search(Product.objects.all(), search_words(terms)).values_list("pk", flat=True))
    by_text = set(product_search(Product.objects.all(), terms).values_list("pk", flat=True))
    assert by_words == by_text


def test_sqlite_reads_the_text(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite behaviour")
    make_product(name="Khô cá lóc", description="")
    assert search_words(search_terms("kho ca")).words is None
    assert found("kho ca") == ["Khô cá lóc"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_commits", [True, False])
def test_two_writers_of_the_same_new_word_lose_nothing(first_commits):
    """The second writer waits for the first one's new word; whether that one commits or
    rolls back, the word ends up known once and every committed product is found by it."""
    require_service("PostgreSQL", connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
    producer = ProducerFactory()
    group = ProductFactory(producer=producer).group
    first_wrote, events, errors = threading.Event(), [], []

    def first():
        try:
            with transaction.atomic():
                make_product(producer=producer, group=group, name="Mứt qzvx gừng", description="")
                first_wrote.set()
                time.sleep(0.5)  # the second writer is now waiting for the word "qzvx"
                # Before the commit or rollback that lets the second one go on: whichever
                # thread runs first once the database answers, this comes before its write.
                events.append("first ending")
                if not first_commits:
                    raise RuntimeError("roll back")
        except RuntimeError:
            pass
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    def second():
        try:
            first_wrote.wait(timeout=30)
            with transaction.atomic():
                make_product(producer=producer, group=group, name="Trà qzvx", description="")
                events.append("second wrote")
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert events == ["first ending", "second wrote"]  # the second waited for the word
    assert SearchWord.objects.filter(word="qzvx").count() == 1
    names = Product.objects.filter(pk__in=product_search(Product.objects.all(), "qzvx")).values_list(
        "name", flat=True
    )
    assert sorted(names) == (["Mứt qzvx gừng", "Trà qzvx"] if first_commits else ["Trà qzvx"])
