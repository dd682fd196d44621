"""Writes of producers and products: keyword-only, validated, in a transaction."""

from django.db import transaction

from matchmaking.engine.text import fold

from .models import Producer, Product


def product_search_text(*, product: Product) -> str:
    """The folded text searched in the catalogue: name, producer, province, description."""
    producer = product.producer
    parts = [
        product.name,
        producer.legal_name,
        producer.province.name,
        product.packaging,
        product.description,
    ]
    return fold(" | ".join(p for p in parts if p))


@transaction.atomic
def product_refresh_search_text(*, product: Product) -> None:
    """Side effects: writes the product's ``search_text``."""
    product.search_text = product_search_text(product=product)
    Product.objects.filter(pk=product.pk).update(search_text=product.search_text)


@transaction.atomic
def producer_refresh_search_text(*, producer: Producer) -> int:
    """A producer's name or province is part of each of its products' search text.

    Side effects: rewrites ``search_text`` of all the producer's products."""
    products = list(producer.products.select_related("producer__province"))
    for product in products:
        product.search_text = product_search_text(product=product)
    Product.objects.bulk_update(products, ["search_text"], batch_size=500)
    return len(products)
