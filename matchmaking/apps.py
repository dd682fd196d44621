from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Matchmaking and meetings")

    def ready(self) -> None:
        from .scheduling import tasks as scheduling_tasks  # noqa: F401  (registers the Celery tasks)
        from .scoring import admin  # noqa: F401  (registers ScoringWeights in the admin)
        from .scoring import tasks as scoring_tasks  # noqa: F401
