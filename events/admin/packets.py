from django.contrib import admin

from events.models import CataloguePacket


@admin.register(CataloguePacket)
class CataloguePacketAdmin(admin.ModelAdmin):
    list_display = (
        "distributor",
        "event",
        "version",
        "status",
        "send_at",
        "sent_at",
        "attempts",
        "size_bytes",
    )
    list_filter = ("event", "status")
    search_fields = ("distributor__name",)
    list_select_related = ("event", "distributor")
    readonly_fields = ("claimed_at", "sent_at", "attempts", "last_error", "size_bytes")
