from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

import matchmaking.agenda_urls
import matchmaking.urls

from . import views
from .sitemaps import SITEMAPS, cached, robots_txt

admin.site.site_header = _("OCOP matchmaking portal — organisers")
admin.site.site_title = _("OCOP portal administration")
admin.site.index_title = _("Event administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cached(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("", include("producers.urls")),
    path("", include("distributors.urls")),
    path("events/", include("events.urls")),
    path(
        "meetings/",
        include((matchmaking.urls.urlpatterns + matchmaking.agenda_urls.urlpatterns, "matchmaking")),
    ),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
