from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Certification,
    CertificationKind,
    OcopCertificate,
    Producer,
    ProducerMember,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
    Province,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "is_current", "merged_into")
    list_filter = ("is_current", "region")
    search_fields = ("name", "code")
    autocomplete_fields = ("merged_into",)


class ProductSubGroupInline(admin.TabularInline):
    model = ProductSubGroup
    extra = 0


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "decision", "is_legacy", "position")
    list_filter = ("decision", "is_legacy")
    search_fields = ("name", "name_en", "code")
    inlines = (ProductSubGroupInline,)


@admin.register(ProductSubGroup)
class ProductSubGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "group", "position")
    list_filter = ("group",)
    search_fields = ("name", "name_en", "code")
    list_select_related = ("group",)


@admin.register(CertificationKind)
class CertificationKindAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "position")
    search_fields = ("name", "name_en", "code")


class ProducerMemberInline(admin.TabularInline):
    model = ProducerMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "kind", "tax_code", "province", "phone", "contact_person", "created_at")
    list_filter = ("kind", "province")
    search_fields = ("legal_name", "tax_code", "phone", "contact_person", "email")
    list_select_related = ("province",)
    prepopulated_fields = {"slug": ("legal_name",)}
    autocomplete_fields = ("province",)
    inlines = (ProducerMemberInline,)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"legal_name", "province"} & set(form.changed_data):
            services.producer_refresh_search_text(producer=obj)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    max_num = ProductImage.MAX_PER_PRODUCT


class OcopCertificateInline(admin.StackedInline):
    model = OcopCertificate
    extra = 0
    fk_name = "product"
    readonly_fields = ("verified_by", "verified_at")


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "producer", "group", "stars", "status", "verification", "created_at")
    list_filter = ("status", "group", "storage", "certificate__stars", "certificate__verification")
    search_fields = ("name", "search_text", "producer__legal_name", "gtin")
    list_select_related = ("producer", "group", "certificate")
    autocomplete_fields = ("producer",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (OcopCertificateInline, CertificationInline, ProductImageInline)

    @admin.display(description=_("stars"), ordering="certificate__stars")
    def stars(self, obj: Product) -> str:
        certificate = getattr(obj, "certificate", None)
        return f"{certificate.stars}★" if certificate else "—"

    @admin.display(description=_("verification"), ordering="certificate__verification")
    def verification(self, obj: Product) -> str:
        certificate = getattr(obj, "certificate", None)
        return certificate.get_verification_display() if certificate else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.product_refresh_search_text(product=form.instance)


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    list_display = (
        "product",
        "stars",
        "score",
        "decision_number",
        "issuing_level",
        "issued_on",
        "valid_until",
        "verification",
    )
    list_filter = ("stars", "issuing_level", "verification")
    search_fields = ("decision_number", "product__name", "product__producer__legal_name")
    list_select_related = ("product",)
    autocomplete_fields = ("product",)
    readonly_fields = ("verified_by", "verified_at")
    date_hierarchy = "issued_on"

    @admin.display(description=_("valid until"), ordering="issued_on")
    def valid_until(self, obj: OcopCertificate):
        return obj.valid_until


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("product", "kind", "number", "issuer", "valid_from", "valid_until")
    list_filter = ("kind",)
    search_fields = ("number", "issuer", "product__name")
    list_select_related = ("product", "kind")
    autocomplete_fields = ("product",)
