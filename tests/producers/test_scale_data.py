"""``generate_scale_data``: bulk data for benchmarks, exact counts, no collisions between runs."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from distributors.models import Distributor, SourcingNeed
from matchmaking.engine.text import fold
from producers import ocop
from producers.models import OcopCertificate, Producer, Product, ProductImage
from producers.scale_data import PLACEHOLDER_IMAGE
from producers.selectors import product_qs_visible
from producers.services import product_search_text
from producers.validators import validate_gtin13, validate_tax_code


def _generate(seed: int, producers: int = 20, products: int = 100, distributors: int = 5) -> str:
    out = io.StringIO()
    call_command(
        "generate_scale_data",
        producers=producers,
        products=products,
        distributors=distributors,
        seed=seed,
        stdout=out,
    )
    return out.getvalue()


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Producer.objects.count(),
        Product.objects.count(),
        OcopCertificate.objects.count(),
        ProductImage.objects.count(),
        Distributor.objects.count(),
    )


@pytest.mark.django_db
def test_generate_scale_data_creates_exact_counts(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    output = _generate(seed=1)

    assert _counts() == (20, 100, 100, 100, 5)
    assert output.startswith("Created 20 producers, 100 products")
    assert default_storage.exists(PLACEHOLDER_IMAGE)
    assert set(ProductImage.objects.values_list("image", flat=True)) == {PLACEHOLDER_IMAGE}
    assert all(1 <= d.sourcing_needs.count() <= 3 for d in Distributor.objects.all())


@pytest.mark.django_db
def test_generate_scale_data_twice_does_not_collide(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    _generate(seed=1)
    _generate(seed=2)
    _generate(seed=2)

    assert _counts() == (60, 300, 300, 300, 15)
    gtins = [g for g in Product.objects.values_list("gtin", flat=True) if g]
    assert len(set(gtins)) == len(gtins)


@pytest.mark.django_db
def test_generate_scale_data_rows_are_valid(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    _generate(seed=7, producers=10, products=60, distributors=4)

    for producer in Producer.objects.select_related("province"):
        validate_tax_code(producer.tax_code)
        assert producer.province.is_current
    products = Product.objects.select_related("producer__province", "certificate", "subgroup")
    for product in products:
        if product.gtin:
            validate_gtin13(product.gtin)
            assert product.gtin.startswith("893")
        assert product.search_text == product_search_text(product=product)
        assert product.subgroup.group_id == product.group_id
        assert product.price_min <= product.price_max
        low, high = ocop.STAR_BANDS[product.certificate.stars]
        assert low <= product.certificate.score <= high
        assert product.certificate.stars >= ocop.OCOP_MIN_STARS
    # What buyers see is in the catalogue since it was made; the rest is not listed.
    visible = set(product_qs_visible().values_list("pk", flat=True))
    assert visible
    assert {p.pk for p in products if p.listed_at is not None} == visible
    # Vietnamese names with diacritics, so that folding has work to do.
    assert any(fold(p.name) != p.name.lower() for p in products)
    assert all(re.search(r"-s7-\d+$", p.slug) for p in products)
    assert (
        SourcingNeed.objects.filter(groups__isnull=False).distinct().count() == SourcingNeed.objects.count()
    )


@pytest.mark.django_db
def test_generate_scale_data_refuses_products_without_producers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    with pytest.raises(CommandError, match="Products need producers"):
        _generate(seed=1, producers=0, products=10, distributors=0)

    assert _counts() == (0, 0, 0, 0, 0)
