from django.apps import AppConfig


class OcopPortalConfig(AppConfig):
    name = "ocop_portal"

    def ready(self) -> None:
        from . import lookups, sqlite  # noqa: F401 (lookups registers folded_contains)

        sqlite.register()
