"""Organiser-editable scoring weights (one row).

Lives in the matchmaking app (``app_label``); ``matchmaking/models.py`` imports it so that
migrations see it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from matchmaking.engine.scoring import DEFAULT_WEIGHTS, Weights


def _default_weights() -> dict:
    return DEFAULT_WEIGHTS.to_dict()


class ScoringWeights(models.Model):
    """The weights of the scoring criteria; only the row with pk=1 is used."""

    SINGLETON_PK = 1

    data = models.JSONField(
        _("weights"),
        default=_default_weights,
        help_text=_("Points per criterion, see docs/matchmaking.md; unknown keys are ignored."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "matchmaking"
        verbose_name = _("scoring weights")
        verbose_name_plural = _("scoring weights")

    def __str__(self) -> str:
        return str(_("Scoring weights"))

    def save(self, *args, **kwargs):
        # A singleton: whatever is saved is the one row the engine reads.
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not isinstance(self.data, dict):
            raise ValidationError({"data": _('Enter an object of weights, e.g. {"group": 25}.')})
        try:
            Weights.from_dict(self.data)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"data": str(exc)}) from exc

    def weights(self) -> Weights:
        return Weights.from_dict(self.data)
