from django.conf import settings
from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's
    default), so a producer typing "htxvinhchau.vn" gets https://htxvinhchau.vn."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def optional_user(verbose_name) -> models.ForeignKey:
    """The user who did something to a row (verified, decided, created it...): optional, the
    row stays when the account is deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
