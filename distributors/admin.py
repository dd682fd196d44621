from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Buyer, Channel, Distributor, NewProductNotice, Shortlist, ShortlistItem, SourcingNeed


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "scale", "position")
    search_fields = ("name__folded_contains", "name_en", "code")


class BuyerInline(admin.TabularInline):
    model = Buyer
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("decided_by", "decided_at")


@admin.register(Distributor)
class DistributorAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "head_office_province", "is_verified", "created_at")
    list_filter = ("channel", "is_verified", "head_office_province")
    search_fields = ("name__folded_contains", "website")
    list_select_related = ("channel", "head_office_province")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("head_office_province", "provinces_served")
    inlines = (BuyerInline,)


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ("user", "distributor", "title", "status", "created_at", "decided_at")
    list_filter = ("status", "distributor__channel")
    search_fields = (
        "user__email",
        "user__first_name__folded_contains",
        "user__last_name__folded_contains",
        "distributor__name__folded_contains",
    )
    list_select_related = ("user", "distributor")
    autocomplete_fields = ("user", "distributor")
    readonly_fields = ("decided_by", "decided_at")
    actions = ("approve", "reject")

    @admin.action(description=_("Approve the selected buyers (and e-mail them)"), permissions=["change"])
    def approve(self, request, queryset):
        changed = sum(
            services.buyer_approve(buyer=buyer, by=request.user)
            for buyer in queryset.select_related("distributor")
        )
        self.message_user(
            request,
            ngettext("%(count)d buyer approved.", "%(count)d buyers approved.", changed) % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected buyers (and e-mail them)"), permissions=["change"])
    def reject(self, request, queryset):
        changed = sum(services.buyer_reject(buyer=buyer, by=request.user) for buyer in queryset)
        self.message_user(
            request,
            ngettext("%(count)d buyer rejected.", "%(count)d buyers rejected.", changed) % {"count": changed},
            messages.WARNING,
        )


@admin.register(SourcingNeed)
class SourcingNeedAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "distributor",
        "min_stars",
        "min_monthly_volume",
        "volume_unit",
        "is_active",
        "email_new_products",
    )
    list_filter = ("is_active", "email_new_products", "min_stars", "groups")
    search_fields = ("title__folded_contains", "notes__folded_contains", "distributor__name__folded_contains")
    list_select_related = ("distributor",)
    autocomplete_fields = ("distributor", "created_by", "preferred_provinces")
    filter_horizontal = ("groups", "subgroups", "required_certifications")


@admin.register(NewProductNotice)
class NewProductNoticeAdmin(admin.ModelAdmin):
    """What the daily e-mail of new products told each need (read only: the task writes it)."""

    list_display = ("product", "need", "created_at", "sent_at", "emailed")
    list_filter = ("emailed", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("product__name__folded_contains", "need__title__folded_contains")
    list_select_related = ("product", "need__distributor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ShortlistItemInline(admin.TabularInline):
    model = ShortlistItem
    extra = 0
    raw_id_fields = ("product", "added_by")


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ("name", "buyer", "event", "shared", "created_at")
    list_filter = ("shared", "event")
    search_fields = (
        "name__folded_contains",
        "buyer__user__email",
        "buyer__distributor__name__folded_contains",
    )
    list_select_related = ("buyer__user", "buyer__distributor", "event")
    raw_id_fields = ("buyer",)
    inlines = (ShortlistItemInline,)


@admin.register(ShortlistItem)
class ShortlistItemAdmin(admin.ModelAdmin):
    list_display = ("product", "shortlist", "added_by", "added_at")
    search_fields = ("product__name__folded_contains", "shortlist__name__folded_contains")
    list_select_related = ("product", "shortlist", "added_by__user")
    raw_id_fields = ("shortlist", "product", "added_by")
