"""ocop_portal/urls.py, with the agenda URLs included into the "matchmaking" namespace as
the project will include them (matchmaking.urls + matchmaking.agenda_urls)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import matchmaking.agenda_urls
import matchmaking.urls
from ocop_portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("", include("producers.urls")),
    path("", include("distributors.urls")),
    path(
        "meetings/",
        include((matchmaking.urls.urlpatterns + matchmaking.agenda_urls.urlpatterns, "matchmaking")),
    ),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.views.static import serve

    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
