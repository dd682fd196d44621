from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ocop_portal import page_cache

        user_logged_in.connect(page_cache.remember_layout, dispatch_uid="page_cache.remember_layout")
