from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Matchmaking and meetings")

    def ready(self) -> None:
        from .scoring import admin  # noqa: F401  (registers ScoringWeights in the admin)
