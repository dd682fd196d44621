"""The producers sheet: one row per producer, matched by tax code."""

from ..enums import ProducerKind
from ..models import Producer
from ..services import producer_refresh_search_text, unique_slug
from .base import ChoiceWidget, PortalResource, ProvinceWidget, TaxCodeWidget, TextWidget, column_field

# --- Producers ---------------------------------------------------------------------------------


PRODUCER_COLUMNS = {
    # column: (attribute, widget)
    "tax_code": ("tax_code", TaxCodeWidget()),
    "legal_name": ("legal_name", TextWidget()),
    "kind": ("kind", ChoiceWidget(ProducerKind)),
    "province": ("province", ProvinceWidget()),
    "address": ("address", TextWidget()),
    "phone": ("phone", TextWidget()),
    "contact_person": ("contact_person", TextWidget()),
    "email": ("email", TextWidget()),
    "website": ("website", TextWidget()),
    "story": ("story", TextWidget()),
}


class ProducerResource(PortalResource):
    tax_code = column_field("tax_code", "tax_code", TaxCodeWidget())
    legal_name = column_field("legal_name", "legal_name")
    kind = column_field("kind", "kind", ChoiceWidget(ProducerKind))
    province = column_field("province", "province", ProvinceWidget())
    address = column_field("address", "address")
    phone = column_field("phone", "phone")
    contact_person = column_field("contact_person", "contact_person")
    email = column_field("email", "email")
    website = column_field("website", "website")
    story = column_field("story", "story")

    class Meta:
        model = Producer
        fields = tuple(PRODUCER_COLUMNS)
        import_order = export_order = tuple(PRODUCER_COLUMNS)
        import_id_fields = ("tax_code",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        name = "Producers"

    def get_queryset(self):
        return Producer.objects.select_related("province").order_by("legal_name")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.slug and instance.legal_name:
            instance.slug = unique_slug(Producer, instance.legal_name, max_length=255)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        producer_refresh_search_text(producer=instance)
