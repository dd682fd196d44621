"""Suggestion pages: producers for a buyer, buyers for a producer, an event's best pairs."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from distributors.permissions import ApprovedBuyerRequiredMixin
from events.models import Event
from producers.selectors import memberships_for_user

from .export import best_pairs_workbook
from .selectors import best_pairs_for_event, buyers_for_producer, suggestions_for_buyer

PAGE_LIMIT = 30


class SuggestedProducersView(ApprovedBuyerRequiredMixin, TemplateView):
    template_name = "matchmaking/scoring/suggested_producers.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            buyer=self.buyer, suggestions=suggestions_for_buyer(self.buyer, limit=PAGE_LIMIT), **kwargs
        )


class BuyersForProducerView(LoginRequiredMixin, TemplateView):
    """For producer members; ``?producer=<id>`` picks one of the user's producers."""

    template_name = "matchmaking/scoring/buyers_for_producer.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        memberships = memberships_for_user(request.user)
        if not memberships:
            return render(request, "matchmaking/scoring/producers_only.html", status=403)
        wanted = request.GET.get("producer")
        chosen = next((m for m in memberships if str(m.producer_id) == wanted), memberships[0])
        self.producer = chosen.producer
        self.memberships = memberships
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            producer=self.producer,
            memberships=self.memberships,
            buyers=buyers_for_producer(self.producer, limit=PAGE_LIMIT),
            **kwargs,
        )


class OrganiserRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Staff only: anonymous users go to the login page, others get a 403."""

    def test_func(self) -> bool:
        return self.request.user.is_staff


class EventBestPairsView(OrganiserRequiredMixin, TemplateView):
    template_name = "matchmaking/scoring/event_best_pairs.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(Event, pk=self.kwargs["event_id"])
        return super().get_context_data(event=event, pairs=best_pairs_for_event(event), **kwargs)


class EventBestPairsExportView(OrganiserRequiredMixin, View):
    def get(self, request, event_id: int):
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise Http404(_("No such event."))
        content = best_pairs_workbook(event=event, pairs=best_pairs_for_event(event, limit=5000))
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="best-pairs-{event.pk}.xlsx"'
        return response
