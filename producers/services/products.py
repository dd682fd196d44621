"""Products and their photos."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matchmaking.scoring.tasks import request_rescore_for_product

from .. import images
from ..enums import ProductStatus, VerificationStatus
from ..models import OcopCertificate, Producer, Product, ProductImage
from ..selectors import visible_q
from .common import PRODUCT_FIELDS, allow_only, product_search_text, unique_slug

# --- Products ----------------------------------------------------------------------------------


@transaction.atomic
def product_create(*, producer: Producer, **fields) -> Product:
    """Create a draft product with a generated slug and its search text."""
    allow_only(fields, PRODUCT_FIELDS)
    product = Product(producer=producer, status=ProductStatus.DRAFT, **fields)
    product.slug = unique_slug(Product, product.name, max_length=220)
    product.search_text = product_search_text(product=product)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_update(*, product: Product, **fields) -> Product:
    """Side effects: refreshes the search text. The slug stays, so shared links keep working."""
    allow_only(fields, PRODUCT_FIELDS)
    for name, value in fields.items():
        setattr(product, name, value)
    product.search_text = product_search_text(product=product)
    product.full_clean()
    product.save()
    request_rescore_for_product(product.pk)
    return product


@transaction.atomic
def product_publish(*, product: Product) -> Product:
    """Offer a product to buyers. It shows in the catalogue once an organiser has verified its
    OCOP certificate, so a certificate and at least one photo are needed first."""
    # The certificate first, as certificate_verify locks them: a verification at the same time
    # waits, or is seen, so whichever comes second sets listed_at.
    certificate = OcopCertificate.objects.select_for_update().filter(product_id=product.pk).first()
    product = Product.objects.select_for_update().get(pk=product.pk)
    problems = []
    if certificate is None:
        problems.append(_("Add the product's OCOP certificate before publishing it."))
    if not product.images.exists():
        problems.append(_("Add at least one photo before publishing the product."))
    if problems:
        raise ValidationError(problems, code="not_ready")
    if product.status != ProductStatus.PUBLISHED and certificate.verification == VerificationStatus.VERIFIED:
        product.listed_at = timezone.now()
    product.status = ProductStatus.PUBLISHED
    product.save(update_fields=["status", "listed_at", "updated_at"])
    request_rescore_for_product(product.pk)
    return product


def product_note_listed(*, product: Product) -> bool:
    """Record now as when the product came into the catalogue, if buyers see it and no time
    is recorded: a product published, or its certificate verified, in the admin or by an
    import rather than through product_publish and certificate_verify.

    Side effects: sets Product.listed_at. Returns whether it did."""
    unrecorded = Product.objects.filter(visible_q(), pk=product.pk, listed_at__isnull=True)
    return bool(unrecorded.update(listed_at=timezone.now()))


@transaction.atomic
def product_archive(*, product: Product) -> Product:
    """Withdraw a product from the catalogue; it can be published again later."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    product.status = ProductStatus.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    request_rescore_for_product(product.pk)
    return product


# --- Product photos ----------------------------------------------------------------------------


def _too_many_photos(count: int, adding: int) -> ValidationError:
    left = max(ProductImage.MAX_PER_PRODUCT - count, 0)
    return ValidationError(
        {
            "images": _(
                "A product can have at most %(max)s photos: this one has %(count)s, so you can add "
                "%(left)s more."
            )
            % {"max": ProductImage.MAX_PER_PRODUCT, "count": count, "left": left}
        },
        code="too_many_photos",
    )


@transaction.atomic
def product_images_add(*, product: Product, files: list, alt: str = "") -> list[ProductImage]:
    """Add photos after the existing ones (the first photo is the cover).

    Locks the product while counting, so two uploads at once cannot pass the limit of 8.
    Side effects: stores each photo re-encoded under a random name."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    count = locked.images.count()
    if count + len(files) > ProductImage.MAX_PER_PRODUCT:
        raise _too_many_photos(count, len(files))
    prepared = [images.prepare_image(file) for file in files]
    created = []
    for offset, file in enumerate(prepared):
        image = ProductImage(product=locked, position=count + offset, alt=alt[:200])
        image.image.save(file.name, file, save=False)
        image.full_clean()
        image.save()
        created.append(image)
    return created


def product_image_add(*, product: Product, file, alt: str = "") -> ProductImage:
    """One photo; see ``product_images_add``."""
    return product_images_add(product=product, files=[file], alt=alt)[0]


@transaction.atomic
def product_images_reorder(*, product: Product, image_ids: list[int]) -> None:
    """Put the product's photos in this order (the first is the cover).

    ``image_ids`` must name each photo of the product exactly once."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    photos = {photo.pk: photo for photo in locked.images.all()}
    if sorted(image_ids) != sorted(photos):
        raise ValidationError(_("The photos changed meanwhile: please try again."), code="stale_order")
    for position, pk in enumerate(image_ids):
        photos[pk].position = position
    ProductImage.objects.bulk_update(photos.values(), ["position"])


@transaction.atomic
def product_image_move(*, image: ProductImage, direction: str) -> None:
    """Move a photo one place ``up`` or ``down``, or make it the cover (``first``)."""
    product = Product.objects.select_for_update().get(pk=image.product_id)
    order = list(product.images.order_by("position", "id").values_list("pk", flat=True))
    index = order.index(image.pk)
    order.pop(index)
    if direction == "first":
        index = 0
    elif direction == "up":
        index = max(index - 1, 0)
    elif direction == "down":
        index = min(index + 1, len(order))
    else:
        raise ValueError(f"unknown direction {direction!r}")
    order.insert(index, image.pk)
    product_images_reorder(product=product, image_ids=order)


@transaction.atomic
def product_image_delete(*, image: ProductImage) -> None:
    """Side effects: deletes the photo's file after commit; renumbers the others."""
    locked = Product.objects.select_for_update().get(pk=image.product_id)
    storage, name = image.image.storage, image.image.name
    image.delete()
    remaining = list(locked.images.order_by("position", "id"))
    for position, photo in enumerate(remaining):
        photo.position = position
    ProductImage.objects.bulk_update(remaining, ["position"])
    transaction.on_commit(lambda: storage.delete(name))
