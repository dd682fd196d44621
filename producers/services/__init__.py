"""Writes of producers and products: keyword-only, validated, in a transaction.

Every writer validates with ``full_clean`` and accepts only the fields a producer may set
(``status``, verification and ownership are set by the services themselves), so a form or an
import cannot assign them by sending extra data. Mails go out through Celery tasks enqueued
after commit.
"""

from .certificates import (
    certificate_expiry_warn,
    certificate_reject,
    certificate_save,
    certificate_verify,
    certification_delete,
    certification_save,
)
from .common import (
    CERTIFICATE_FIELDS,
    CERTIFICATION_FIELDS,
    PRODUCER_FIELDS,
    PRODUCT_FIELDS,
    producer_refresh_search_text,
    product_refresh_search_text,
    product_search_text,
    products_refresh_search_text,
    province_refresh_search_text,
    unique_slug,
)
from .producers import (
    producer_create,
    producer_invitation_accept,
    producer_invitation_cancel,
    producer_invitation_create,
    producer_join_request_approve,
    producer_join_request_create,
    producer_join_request_decline,
    producer_update,
)
from .products import (
    product_archive,
    product_create,
    product_image_add,
    product_image_delete,
    product_image_move,
    product_images_add,
    product_images_reorder,
    product_note_listed,
    product_publish,
    product_update,
)

__all__ = [
    "CERTIFICATE_FIELDS",
    "CERTIFICATION_FIELDS",
    "PRODUCER_FIELDS",
    "PRODUCT_FIELDS",
    "certificate_expiry_warn",
    "certificate_reject",
    "certificate_save",
    "certificate_verify",
    "certification_delete",
    "certification_save",
    "producer_create",
    "producer_invitation_accept",
    "producer_invitation_cancel",
    "producer_invitation_create",
    "producer_join_request_approve",
    "producer_join_request_create",
    "producer_join_request_decline",
    "producer_refresh_search_text",
    "province_refresh_search_text",
    "products_refresh_search_text",
    "producer_update",
    "product_archive",
    "product_create",
    "product_image_add",
    "product_image_delete",
    "product_image_move",
    "product_images_add",
    "product_images_reorder",
    "product_note_listed",
    "product_publish",
    "product_refresh_search_text",
    "product_search_text",
    "product_update",
    "unique_slug",
]
