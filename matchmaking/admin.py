from django.contrib import admin

from .models import MatchScore, Meeting, MeetingFeedback, MeetingRequest, ScheduleRun


@admin.register(MatchScore)
class MatchScoreAdmin(admin.ModelAdmin):
    list_display = ("product", "need", "score", "eligible", "computed_at")
    list_filter = ("eligible",)
    search_fields = ("product__name", "need__title", "need__distributor__name")
    list_select_related = ("product", "need__distributor")
    raw_id_fields = ("product", "need")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("distributor", "producer", "event", "side", "status", "priority", "created_at")
    list_filter = ("event", "status", "side", "priority")
    search_fields = ("distributor__name", "producer__legal_name", "message")
    list_select_related = ("distributor", "producer", "event")
    autocomplete_fields = ("distributor", "producer", "requested_by")
    raw_id_fields = ("product",)


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    raw_id_fields = ("slot", "table", "producer", "distributor", "request")


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "event", "status", "version", "progress", "created_at", "published_at")
    list_filter = ("event", "status")
    list_select_related = ("event",)
    search_fields = ("event__name",)
    readonly_fields = ("statistics", "progress", "published_at")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("producer", "distributor", "seat", "slot", "table", "status", "pinned", "run")
    list_filter = ("run__event", "status", "pinned")
    search_fields = ("producer__legal_name", "distributor__name")
    list_select_related = ("producer", "distributor", "slot__block", "table", "run__event")
    raw_id_fields = ("run", "slot", "table", "producer", "distributor", "request")


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(admin.ModelAdmin):
    list_display = ("meeting", "side", "months_after", "rating", "outcome", "answered_at")
    list_filter = ("months_after", "side", "rating", "outcome", "meeting__run__event")
    search_fields = ("meeting__producer__legal_name", "meeting__distributor__name", "comment")
    list_select_related = ("meeting__producer", "meeting__distributor", "meeting__slot__block")
    raw_id_fields = ("meeting", "author")
