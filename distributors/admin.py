from django.contrib import admin

from .models import Buyer, Channel, Distributor, Shortlist, ShortlistItem, SourcingNeed


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "scale", "position")
    search_fields = ("name", "name_en", "code")


class BuyerInline(admin.TabularInline):
    model = Buyer
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("decided_by", "decided_at")


@admin.register(Distributor)
class DistributorAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "head_office_province", "is_verified", "created_at")
    list_filter = ("channel", "is_verified", "head_office_province")
    search_fields = ("name", "website")
    list_select_related = ("channel", "head_office_province")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("head_office_province", "provinces_served")
    inlines = (BuyerInline,)


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ("user", "distributor", "title", "status", "created_at", "decided_at")
    list_filter = ("status", "distributor__channel")
    search_fields = ("user__email", "user__first_name", "user__last_name", "distributor__name")
    list_select_related = ("user", "distributor")
    autocomplete_fields = ("user", "distributor")
    readonly_fields = ("decided_by", "decided_at")


@admin.register(SourcingNeed)
class SourcingNeedAdmin(admin.ModelAdmin):
    list_display = ("title", "distributor", "min_stars", "min_monthly_volume", "volume_unit", "is_active")
    list_filter = ("is_active", "min_stars", "groups")
    search_fields = ("title", "notes", "distributor__name")
    list_select_related = ("distributor",)
    autocomplete_fields = ("distributor", "created_by", "preferred_provinces")
    filter_horizontal = ("groups", "subgroups", "required_certifications")


class ShortlistItemInline(admin.TabularInline):
    model = ShortlistItem
    extra = 0
    raw_id_fields = ("product",)


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ("name", "buyer", "event", "created_at")
    list_filter = ("event",)
    search_fields = ("name", "buyer__user__email", "buyer__distributor__name")
    list_select_related = ("buyer__user", "buyer__distributor", "event")
    raw_id_fields = ("buyer",)
    inlines = (ShortlistItemInline,)


@admin.register(ShortlistItem)
class ShortlistItemAdmin(admin.ModelAdmin):
    list_display = ("product", "shortlist", "added_at")
    search_fields = ("product__name", "shortlist__name")
    list_select_related = ("product", "shortlist")
    raw_id_fields = ("shortlist", "product")
