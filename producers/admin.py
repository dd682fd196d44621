from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ImportForm

from distributors.selectors import product_search

from . import services
from .forms import VerificationNoteForm
from .models import (
    Certification,
    CertificationKind,
    OcopCertificate,
    Producer,
    ProducerInvitation,
    ProducerJoinRequest,
    ProducerMember,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
    Province,
)
from .resources import ProducerResource, ProductResource

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SizeLimitedImportForm(ImportForm):
    """Excel files over 5 MB are refused before they are read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; imports are limited to %(limit)s. Split it into smaller files."),
                code="import_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)},
            )
        return upload


class OrganiserImportExportMixin(ImportExportMixin):
    """Excel import and export; a preview first, and nothing written if any row fails."""

    import_form_class = SizeLimitedImportForm
    formats = [XLSX]

    def get_import_data_kwargs(self, **kwargs):
        # Also roll back at confirmation if rows turned invalid since the preview.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}


def _decide_certificates(modeladmin, request, certificates, *, decision: str):
    """The intermediate page of the verify/reject actions: a note for the producer, then the
    services do the rest."""
    certificates = list(certificates.select_related("product__producer"))
    if not certificates:
        modeladmin.message_user(
            request, _("None of the selected products has an OCOP certificate."), messages.WARNING
        )
        return None
    reject = decision == "reject"
    form = VerificationNoteForm(request.POST if "apply" in request.POST else None, note_required=reject)
    if "apply" in request.POST and form.is_valid():
        note = form.cleaned_data["note"]
        service = services.certificate_reject if reject else services.certificate_verify
        for certificate in certificates:
            try:
                service(certificate=certificate, by=request.user, note=note)
            except ValidationError as exc:
                modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
        count = len(certificates)
        if reject:
            text = ngettext("%(count)d certificate rejected.", "%(count)d certificates rejected.", count)
        else:
            text = ngettext("%(count)d certificate verified.", "%(count)d certificates verified.", count)
        modeladmin.message_user(request, text % {"count": count}, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Reject OCOP certificates") if reject else _("Verify OCOP certificates"),
        "opts": modeladmin.model._meta,
        "certificates": certificates,
        "form": form,
        "decision": decision,
        "action": request.POST.get("action", ""),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across") == "1",
    }
    return TemplateResponse(request, "producers/admin/verification_note.html", context)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "is_current", "merged_into")
    list_filter = ("is_current", "region")
    search_fields = ("name__folded_contains", "code")
    autocomplete_fields = ("merged_into",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            services.province_refresh_search_text(province=obj)  # the name is searched


class ProductSubGroupInline(admin.TabularInline):
    model = ProductSubGroup
    extra = 0


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "decision", "is_legacy", "position")
    list_filter = ("decision", "is_legacy")
    search_fields = ("name__folded_contains", "name_en", "code")
    inlines = (ProductSubGroupInline,)


@admin.register(ProductSubGroup)
class ProductSubGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "group", "position")
    list_filter = ("group",)
    search_fields = ("name__folded_contains", "name_en", "code")
    list_select_related = ("group",)


@admin.register(CertificationKind)
class CertificationKindAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "position")
    search_fields = ("name__folded_contains", "name_en", "code")


class ProducerMemberInline(admin.TabularInline):
    model = ProducerMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Producer)
class ProducerAdmin(OrganiserImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProducerResource]
    list_display = ("legal_name", "kind", "tax_code", "province", "phone", "contact_person", "created_at")
    list_filter = ("kind", "province")
    search_fields = (
        "legal_name__folded_contains",
        "tax_code",
        "phone",
        "contact_person__folded_contains",
        "email",
    )
    search_help_text = _("Name or contact person, with or without marks; tax code, phone or e-mail.")
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
    # Verification goes through the verify/reject actions, which record who and when.
    readonly_fields = ("verification", "verification_note", "verified_by", "verified_at", "expiry_warned_on")


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Product)
class ProductAdmin(OrganiserImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProductResource]
    actions = ("verify_certificates", "reject_certificates")
    list_display = ("name", "producer", "group", "stars", "status", "verification", "created_at")
    list_filter = ("status", "group", "storage", "certificate__stars", "certificate__verification")
    # What the search box finds: see get_search_results.
    search_fields = ("search_text", "gtin")
    search_help_text = _("Name, producer, province or description, with or without marks; or a GTIN.")
    list_select_related = ("producer", "group", "certificate")
    autocomplete_fields = ("producer",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (OcopCertificateInline, CertificationInline, ProductImageInline)

    class Media:
        css = {"all": ("css/admin.css",)}

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
        services.product_note_listed(product=form.instance)

    def get_search_results(self, request, queryset, search_term):
        """The catalogue's search (``product_search``: case and marks ignored, a barcode
        finds its product, indexed on PostgreSQL, so fast at 100,000 products). It serves the
        product autocompletes of the other admin pages too."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = product_search(Product.objects.all(), term).order_by().values("pk")
        return queryset.filter(pk__in=found), False

    @admin.action(
        description=_("Verify the OCOP certificate of the selected products"), permissions=["change"]
    )
    def verify_certificates(self, request, queryset):
        return _decide_certificates(
            self, request, OcopCertificate.objects.filter(product__in=queryset), decision="verify"
        )

    @admin.action(
        description=_("Reject the OCOP certificate of the selected products"), permissions=["change"]
    )
    def reject_certificates(self, request, queryset):
        return _decide_certificates(
            self, request, OcopCertificate.objects.filter(product__in=queryset), decision="reject"
        )


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
    search_fields = (
        "decision_number",
        "product__name__folded_contains",
        "product__producer__legal_name__folded_contains",
    )
    list_select_related = ("product__producer",)
    autocomplete_fields = ("product",)
    readonly_fields = ("verification", "verification_note", "verified_by", "verified_at", "expiry_warned_on")
    date_hierarchy = "issued_on"
    actions = ("verify", "reject")

    @admin.display(description=_("valid until"), ordering="issued_on")
    def valid_until(self, obj: OcopCertificate):
        return obj.valid_until

    @admin.action(description=_("Verify the selected certificates"), permissions=["change"])
    def verify(self, request, queryset):
        return _decide_certificates(self, request, queryset, decision="verify")

    @admin.action(description=_("Reject the selected certificates"), permissions=["change"])
    def reject(self, request, queryset):
        return _decide_certificates(self, request, queryset, decision="reject")


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("product", "kind", "number", "issuer", "valid_from", "valid_until")
    list_filter = ("kind",)
    search_fields = ("number", "issuer__folded_contains", "product__name__folded_contains")
    list_select_related = ("product", "kind")
    autocomplete_fields = ("product",)


@admin.register(ProducerInvitation)
class ProducerInvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "producer", "status", "invited_by", "created_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("email", "producer__legal_name__folded_contains")
    list_select_related = ("producer", "invited_by")
    readonly_fields = ("token", "invited_by", "accepted_by", "created_at", "answered_at")
    autocomplete_fields = ("producer",)


@admin.register(ProducerJoinRequest)
class ProducerJoinRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "producer", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("user__email", "producer__legal_name__folded_contains", "producer__tax_code")
    list_select_related = ("producer", "user", "decided_by")
    readonly_fields = ("decided_by", "decided_at", "created_at")
    autocomplete_fields = ("producer", "user")


@admin.register(ProducerMember)
class ProducerMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "producer", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "producer__legal_name__folded_contains", "producer__tax_code")
    list_select_related = ("user", "producer")
    autocomplete_fields = ("user", "producer")


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ("product", "position", "alt", "created_at")
    search_fields = ("product__name__folded_contains", "alt__folded_contains")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
