import datetime as dt
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from events.selectors import event_upcoming
from producers.selectors import portal_counts, product_list_featured

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming_event"] = event_upcoming()
        context["counts"] = portal_counts()
        context["featured_products"] = product_list_featured(limit=8)
        return context


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down" to a load balancer
        logger.exception("health check: database unreachable")
        return "down"
    return "ok"


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from ocop_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("health check: broker unreachable")
        return "down"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database and broker answer, 503 otherwise."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)


def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: where to report a vulnerability (see SECURITY.md)."""
    expires = (timezone.now() + dt.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT_EMAIL}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: vi, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
        f"Policy: {request.build_absolute_uri('/vi/')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
