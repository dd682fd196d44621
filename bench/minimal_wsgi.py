"""The portal's WSGI application plus one minimal Django view, for bench/catalogue.py.

``/bench-minimal/`` is answered by a view that returns a few bytes, through the same Django
handler and the same middleware (sessions, locale, CSRF, auth, axes...) as every page: the
reference for "what the framework costs" next to the catalogue, in the same gunicorn.
Every other path goes to the portal's URLconf unchanged. Nothing here is used in production.

    gunicorn bench.minimal_wsgi:application -w 2 -b 127.0.0.1:8001
"""

import os

from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

MINIMAL_PATH = "/bench-minimal/"


def minimal_view(request):
    return HttpResponse(b"ok", content_type="text/plain")


# This module is also the URLconf of the minimal path.
urlpatterns = [path(MINIMAL_PATH.strip("/") + "/", minimal_view, name="bench_minimal")]


class _Handler(WSGIHandler):
    def get_response(self, request):
        if request.path_info == MINIMAL_PATH:
            request.urlconf = __name__
        return super().get_response(request)


def _application():
    import django
    from django.conf import settings

    django.setup(set_prefix=False)
    # The bench can turn the catalogue's cache of counts off to measure the cold path.
    if "BENCH_CATALOGUE_CACHE_SECONDS" in os.environ:
        settings.CATALOGUE_CACHE_SECONDS = int(os.environ["BENCH_CATALOGUE_CACHE_SECONDS"])
    return _Handler()


application = _application()
