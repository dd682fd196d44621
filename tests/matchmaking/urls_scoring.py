"""ocop_portal/urls.py with the scoring pages included in the "matchmaking" namespace."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import matchmaking.scoring.urls
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
        include((matchmaking.urls.urlpatterns + matchmaking.scoring.urls.urlpatterns, "matchmaking")),
    ),
    prefix_default_language=True,
)
