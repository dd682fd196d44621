from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.models import Event, MeetingBlock, Mou, Participation, Room, Session, Slot, Table


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0


class MeetingBlockInline(admin.TabularInline):
    model = MeetingBlock
    extra = 0
    fields = ("title", "room", "starts_at", "ends_at", "slot_minutes", "break_minutes", "table_count")
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on", "province", "status", "registration_deadline")
    list_filter = ("status", "province")
    search_fields = ("name", "venue", "organiser_name")
    list_select_related = ("province",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("province", "organisers")
    date_hierarchy = "starts_on"
    inlines = (RoomInline, SessionInline, MeetingBlockInline)
    actions = ("generate_slots",)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is MeetingBlock:
            for block in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                services.block_generate_slots(block=block)

    @admin.action(description=_("Generate slots and tables of the meeting blocks"))
    def generate_slots(self, request, queryset):
        slots = tables = 0
        for block in MeetingBlock.objects.filter(event__in=queryset):
            block_slots, block_tables = services.block_generate_slots(block=block)
            slots, tables = slots + block_slots, tables + block_tables
        self.message_user(
            request,
            ngettext("%(count)d slot is ready.", "%(count)d slots are ready.", slots) % {"count": slots},
            messages.SUCCESS,
        )


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "event", "capacity")
    list_filter = ("event",)
    search_fields = ("name",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "room", "starts_at", "ends_at")
    list_filter = ("event", "room")
    search_fields = ("title", "speakers")
    list_select_related = ("event", "room")


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    readonly_fields = ("index", "starts_at", "ends_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TableInline(admin.TabularInline):
    model = Table
    extra = 0


@admin.register(MeetingBlock)
class MeetingBlockAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "starts_at", "ends_at", "slot_minutes", "break_minutes", "table_count")
    list_filter = ("event",)
    search_fields = ("title",)
    list_select_related = ("event",)
    inlines = (SlotInline, TableInline)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.block_generate_slots(block=obj)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("__str__", "block", "index", "starts_at", "ends_at")
    list_filter = ("block__event",)
    list_select_related = ("block",)
    search_fields = ("block__title",)


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ("__str__", "block", "number")
    list_filter = ("block__event",)
    list_select_related = ("block",)
    search_fields = ("label", "block__title")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "event", "kind", "status", "seats", "created_at")
    list_filter = ("event", "kind", "status")
    search_fields = ("producer__legal_name", "distributor__name", "representatives")
    list_select_related = ("event", "producer", "distributor")
    autocomplete_fields = ("producer", "distributor", "products")
    filter_horizontal = ("unavailable_slots",)


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):
    list_display = ("party_a", "party_b", "kind", "event", "signed_on")
    list_filter = ("event", "kind")
    search_fields = ("party_a", "party_b", "title")
    list_select_related = ("event",)
    autocomplete_fields = ("producer", "distributor")
