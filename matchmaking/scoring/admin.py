"""Admin of the scoring weights; imported from matchmaking/admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ScoringWeights
from .tasks import request_rescore_all, rescore_progress


@admin.register(ScoringWeights)
class ScoringWeightsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at", "rescore_state")
    readonly_fields = ("updated_at",)
    actions = ("rescore_now",)

    def has_add_permission(self, request) -> bool:
        return not ScoringWeights.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request_rescore_all()

    @admin.display(description=_("last full re-score"))
    def rescore_state(self, obj) -> str:
        state = rescore_progress()
        if not state:
            return "—"
        return _("%(status)s: %(done)s of %(total)s needs") % {
            "status": state.get("status", ""),
            "done": state.get("done", 0),
            "total": state.get("total", "?"),
        }

    @admin.action(description=_("Re-score every product and need now"))
    def rescore_now(self, request, queryset):
        request_rescore_all()
        self.message_user(request, _("A full re-score was queued."))
