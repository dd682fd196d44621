"""The products sheet: one row per product, with its producer and OCOP certificate."""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields

from ..enums import IssuingLevel, ProductStatus, Storage, Unit, VerificationStatus
from ..models import OcopCertificate, Producer, Product, ProductGroup, ProductSubGroup
from ..services import product_note_listed, product_search_text, unique_slug
from .base import (
    AmountWidget,
    ChoiceWidget,
    CodeWidget,
    DayWidget,
    GtinWidget,
    PortalResource,
    StarsWidget,
    TaxCodeWidget,
    TextWidget,
    column_field,
    kept_when_blank,
)
from .producers import PRODUCER_COLUMNS

# --- Products, with their producer and OCOP certificate -------------------------------------------


PRODUCT_PRODUCER_COLUMNS = {
    f"producer_{name}": spec for name, spec in PRODUCER_COLUMNS.items() if name not in ("website", "story")
}
CERTIFICATE_COLUMNS = {
    "ocop_stars": ("stars", StarsWidget()),
    "ocop_score": ("score", AmountWidget()),
    "ocop_decision_number": ("decision_number", TextWidget()),
    "ocop_issuing_level": ("issuing_level", ChoiceWidget(IssuingLevel)),
    "ocop_issued_on": ("issued_on", DayWidget()),
    "ocop_verification": ("verification", ChoiceWidget(VerificationStatus, blank=True)),
}
PRODUCT_COLUMNS = (
    *PRODUCT_PRODUCER_COLUMNS,
    "name",
    "gtin",
    "group",
    "subgroup",
    "description",
    "packaging",
    "price_min",
    "price_max",
    "min_order_quantity",
    "monthly_capacity",
    "unit",
    "shelf_life_days",
    "storage",
    "status",
    *CERTIFICATE_COLUMNS,
)


def _prefixed(error: ValidationError, prefix: str, columns) -> dict:
    """A model's ValidationError keyed by the import columns it concerns."""
    result = {}
    for field, messages in error.message_dict.items():
        key = f"{prefix}{field}" if f"{prefix}{field}" in columns else NON_FIELD_ERRORS
        result.setdefault(key, []).extend(messages)
    return result


class ProducerColumn(fields.Field):
    """A column of the product's producer (read through the product, written by the resource)."""

    def __init__(self, column: str):
        super().__init__(column_name=column, widget=TextWidget())
        self.target, self.value_widget = PRODUCT_PRODUCER_COLUMNS[column]

    def get_value(self, product):
        return getattr(product.producer, self.target) if product.producer_id else None

    def export(self, product, **kwargs):
        return self.value_widget.render(self.get_value(product))


class CertificateColumn(fields.Field):
    """A column of the product's OCOP certificate."""

    def __init__(self, column: str):
        super().__init__(column_name=column, widget=TextWidget())
        self.target, self.value_widget = CERTIFICATE_COLUMNS[column]

    def get_value(self, product):
        if hasattr(product, "_import_certificate"):
            certificate = product._import_certificate
        else:
            try:
                certificate = product.certificate if product.pk else None
            except ObjectDoesNotExist:
                certificate = None
        return getattr(certificate, self.target) if certificate is not None else None

    def export(self, product, **kwargs):
        return self.value_widget.render(self.get_value(product))


class ProductResource(PortalResource):
    producer_tax_code = ProducerColumn("producer_tax_code")
    producer_legal_name = ProducerColumn("producer_legal_name")
    producer_kind = ProducerColumn("producer_kind")
    producer_province = ProducerColumn("producer_province")
    producer_address = ProducerColumn("producer_address")
    producer_phone = ProducerColumn("producer_phone")
    producer_contact_person = ProducerColumn("producer_contact_person")
    producer_email = ProducerColumn("producer_email")
    name = column_field("name", "name")
    gtin = column_field("gtin", "gtin", GtinWidget())
    group = column_field("group", "group", CodeWidget(ProductGroup))
    subgroup = column_field("subgroup", "subgroup", CodeWidget(ProductSubGroup, required=False))
    description = column_field("description", "description")
    packaging = column_field("packaging", "packaging")
    price_min = column_field("price_min", "price_min", AmountWidget())
    price_max = column_field("price_max", "price_max", AmountWidget())
    min_order_quantity = column_field("min_order_quantity", "min_order_quantity", AmountWidget())
    monthly_capacity = column_field("monthly_capacity", "monthly_capacity", AmountWidget())
    unit = kept_when_blank("unit", ChoiceWidget(Unit, blank=True))
    shelf_life_days = column_field("shelf_life_days", "shelf_life_days", AmountWidget())
    storage = kept_when_blank("storage", ChoiceWidget(Storage, blank=True))
    status = kept_when_blank("status", ChoiceWidget(ProductStatus, blank=True))
    ocop_stars = CertificateColumn("ocop_stars")
    ocop_score = CertificateColumn("ocop_score")
    ocop_decision_number = CertificateColumn("ocop_decision_number")
    ocop_issuing_level = CertificateColumn("ocop_issuing_level")
    ocop_issued_on = CertificateColumn("ocop_issued_on")
    ocop_verification = CertificateColumn("ocop_verification")

    class Meta:
        model = Product
        fields = PRODUCT_COLUMNS
        import_order = export_order = PRODUCT_COLUMNS
        import_id_fields = ("producer_tax_code", "name")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        name = "Products and OCOP certificates"

    def get_queryset(self):
        return Product.objects.select_related(
            "producer__province", "group", "subgroup", "certificate"
        ).order_by("producer__legal_name", "name")

    # Import.

    def get_instance(self, instance_loader, row):
        gtin = GtinWidget().clean(row.get("gtin"))
        if gtin:
            product = Product.objects.filter(gtin=gtin).first()
            if product is not None:
                return product
        tax_code = TaxCodeWidget().clean(row.get("producer_tax_code"))
        name = TextWidget().clean(row.get("name"))
        if tax_code and name:
            return Product.objects.filter(producer__tax_code=tax_code, name=name).first()
        return None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for step in (self._import_producer, self._import_certificate):
            try:
                step(instance, row, **kwargs)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if instance.producer_id and instance.name:
            if not instance.slug:
                instance.slug = unique_slug(Product, instance.name, max_length=220)
            instance.search_text = product_search_text(product=instance)
        if errors:
            raise ValidationError(errors)

    def _cleaned(self, row, columns: dict) -> tuple[dict, dict]:
        values, errors = {}, {}
        for column, (attribute, widget) in columns.items():
            if column not in row:
                continue
            try:
                values[attribute] = widget.clean(row[column])
            except ValueError as exc:
                errors[column] = [str(exc)]
        return values, errors

    def _import_producer(self, product: Product, row, **kwargs) -> None:
        """Find the row's producer by tax code; create it, or update it from the non-empty
        producer columns. Written at once (inside the import's transaction)."""
        product._producer_changed = False
        tax_code = TaxCodeWidget().clean(row.get("producer_tax_code"))
        if not tax_code:
            raise ValidationError({"producer_tax_code": [_("This column cannot be empty.")]})
        producer = Producer.objects.filter(tax_code=tax_code).first()
        columns = {c: spec for c, spec in PRODUCT_PRODUCER_COLUMNS.items() if c != "producer_tax_code"}
        filled = {c: spec for c, spec in columns.items() if TextWidget().clean(row.get(c))}
        if producer is None:
            producer = Producer(tax_code=tax_code)
            filled = columns  # a new producer needs them all (the required ones)
        values, errors = self._cleaned(row, filled)
        if errors:
            raise ValidationError(errors)
        changed = producer.pk is None or any(getattr(producer, k) != v for k, v in values.items())
        for attribute, value in values.items():
            setattr(producer, attribute, value)
        if product.pk and producer.pk != product.producer_id:
            raise ValidationError({"gtin": [_("This barcode belongs to a product of another producer.")]})
        if not changed:
            product.producer = producer
            return
        if not producer.slug and producer.legal_name:
            producer.slug = unique_slug(Producer, producer.legal_name, max_length=255)
        try:
            producer.full_clean()
        except ValidationError as exc:
            raise ValidationError(_prefixed(exc, "producer_", PRODUCT_PRODUCER_COLUMNS)) from exc
        if not kwargs.get("dry_run") or kwargs.get("using_transactions"):
            producer.save()
        product.producer = producer
        product._producer_changed = True

    def _import_certificate(self, product: Product, row, **kwargs) -> None:
        """The row's OCOP certificate, when its columns are filled: validated now, saved with
        the product. A changed certificate returns to pending unless the row says otherwise."""
        product._certificate_changed = False
        if not any(TextWidget().clean(row.get(c)) for c in CERTIFICATE_COLUMNS if c != "ocop_verification"):
            return
        values, errors = self._cleaned(row, CERTIFICATE_COLUMNS)
        if errors:
            raise ValidationError(errors)
        certificate = OcopCertificate.objects.filter(product=product).first() if product.pk else None
        certificate = certificate or OcopCertificate()
        verification = values.pop("verification", None)
        changed = certificate.pk is None or any(getattr(certificate, k) != v for k, v in values.items())
        for attribute, value in values.items():
            setattr(certificate, attribute, value)
        if verification and verification != certificate.verification:
            certificate.verification = verification
            changed = True
        elif changed and not verification:
            certificate.verification = VerificationStatus.PENDING
        try:
            certificate.full_clean(exclude=["product"])
        except ValidationError as exc:
            raise ValidationError(_prefixed(exc, "ocop_", CERTIFICATE_COLUMNS)) from exc
        product._import_certificate = certificate
        product._certificate_changed = changed

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({"producer"} if instance.producer_id is None else set())
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_producer_changed", False) or getattr(instance, "_certificate_changed", False):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
            return
        certificate = getattr(instance, "_import_certificate", None)
        if certificate is not None and instance._certificate_changed:
            certificate.product = instance
            if certificate.verification == VerificationStatus.PENDING:
                certificate.verified_by, certificate.verified_at = None, None
            else:
                certificate.verified_by = kwargs.get("user")
                certificate.verified_at = timezone.now()
            certificate.save()
        product_note_listed(product=instance)
