from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's
    default), so a producer typing "htxvinhchau.vn" gets https://htxvinhchau.vn."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
