"""What the producer services share: the fields producers may set, slugs, search text."""

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from matchmaking.engine.text import fold

from ..models import Producer, Product

PRODUCER_FIELDS = (
    "kind",
    "legal_name",
    "tax_code",
    "province",
    "address",
    "phone",
    "email",
    "website",
    "contact_person",
    "story",
)
PRODUCT_FIELDS = (
    "group",
    "subgroup",
    "name",
    "description",
    "packaging",
    "price_min",
    "price_max",
    "min_order_quantity",
    "monthly_capacity",
    "unit",
    "shelf_life_days",
    "storage",
    "gtin",
)
# The producer's columns that are part of its products' search text (product_search_text).
PRODUCER_SEARCH_FIELDS = ("legal_name", "province_id")
CERTIFICATE_FIELDS = ("stars", "score", "decision_number", "issuing_level", "issued_on", "scan")
CERTIFICATION_FIELDS = ("kind", "number", "issuer", "valid_from", "valid_until", "document")


def allow_only(fields: dict, allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def enqueue_after_commit(task, **kwargs) -> None:
    transaction.on_commit(lambda: task.delay(**kwargs))


def unique_slug(model: type[Model], text: str, *, max_length: int, exclude_pk=None) -> str:
    """``slugify`` of the folded text (đ→d, marks removed); a random suffix when taken."""
    base = slugify(fold(text))[: max_length - 7].strip("-") or "x"
    candidate = base
    while model.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


# --- Search text -------------------------------------------------------------------------------


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
def products_refresh_search_text(*, products, batch_size: int = 1000) -> int:
    """Side effects: rewrites ``search_text`` of ``products`` (a queryset), a batch at a time
    so that a whole province's products do not sit in memory at once. Returns how many."""
    ids = list(products.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = list(
            Product.objects.filter(pk__in=ids[start : start + batch_size]).select_related(
                "producer__province"
            )
        )
        for product in batch:
            product.search_text = product_search_text(product=product)
        Product.objects.bulk_update(batch, ["search_text"], batch_size=500)
    return len(ids)


def producer_refresh_search_text(*, producer: Producer) -> int:
    """A producer's name or province is part of each of its products' search text.

    Side effects: rewrites ``search_text`` of all the producer's products."""
    return products_refresh_search_text(products=Product.objects.filter(producer=producer))


def province_refresh_search_text(*, province) -> int:
    """A province's name is part of the search text of its producers' products.

    Side effects: rewrites ``search_text`` of all those products."""
    return products_refresh_search_text(products=Product.objects.filter(producer__province=province))
