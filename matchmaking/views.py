"""Meeting request pages: thin views over matchmaking.selectors and services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from distributors.models import Distributor
from distributors.permissions import ApprovedBuyerRequiredMixin, current_buyer
from producers.models import Producer
from producers.selectors import product_qs_visible

from . import selectors, services
from .enums import RequestSide, RequestStatus
from .forms import AnswerForm, MeetingRequestForm
from .permissions import check_request_access


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class ProducerMemberRequiredMixin(LoginRequiredMixin):
    """A member of a producer; anyone else gets a 403 page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = selectors.producer_membership_for_user(request.user)
        if self.membership is None:
            return render(request, "matchmaking/producers_only.html", status=403)
        self.producer = self.membership.producer
        return super().dispatch(request, *args, **kwargs)


def _awaiting(requests, asked_by: str) -> int:
    """How many of ``requests`` the other side (``asked_by``) sent and still await an answer."""
    return sum(1 for r in requests if r.status == RequestStatus.PENDING and r.side == asked_by)


class RequestListView(LoginRequiredMixin, View):
    """Every request the user can see: as a producer's member and as a buyer."""

    def get(self, request):
        membership = selectors.producer_membership_for_user(request.user)
        buyer = current_buyer(request)
        producer_requests = (
            selectors.meeting_requests_for_producer(producer=membership.producer) if membership else []
        )
        buyer_requests = (
            selectors.meeting_requests_for_distributor(distributor=buyer.distributor)
            if buyer is not None and buyer.is_approved
            else []
        )
        context = {
            "producer": membership.producer if membership else None,
            "producer_requests": producer_requests,
            "to_answer": _awaiting(producer_requests, RequestSide.BUYER),
            "buyer": buyer,
            "buyer_requests": buyer_requests,
            "buyer_to_answer": _awaiting(buyer_requests, RequestSide.PRODUCER),
        }
        return render(request, "matchmaking/request_list.html", context)


class RequestAcceptManyView(LoginRequiredMixin, View):
    """POST from the request list: a producer's member accepts the ticked requests of buyers
    at once (declining needs a reason for each, on its own page)."""

    def post(self, request):
        membership = selectors.producer_membership_for_user(request.user)
        if membership is None:
            raise Http404("Not a producer's member")
        ids = [value for value in request.POST.getlist("requests") if value.isdigit()][:500]
        to_answer = selectors.requests_to_answer(producer=membership.producer, ids=ids)
        if not to_answer:
            messages.error(request, _("Tick the requests to accept."))
            return redirect("matchmaking:request_list")
        accepted, refused = services.meeting_requests_accept(requests=to_answer, user=request.user)
        if accepted:
            messages.success(
                request,
                ngettext(
                    "%(count)d meeting accepted: each buyer gets an e-mail.",
                    "%(count)d meetings accepted: each buyer gets an e-mail.",
                    len(accepted),
                )
                % {"count": len(accepted)},
            )
        for meeting_request, error in refused:
            messages.error(request, f"{meeting_request.distributor.name}: {_error_text(error)}")
        return redirect("matchmaking:request_list")


class RequestCreateView(ApprovedBuyerRequiredMixin, View):
    """A buyer asks a producer for a meeting (from a product or producer page)."""

    template_name = "matchmaking/request_form.html"

    def setup_objects(self, request, producer_slug):
        # The province merged into: the page names the province of today (display_name).
        producers = Producer.objects.select_related("province__merged_into")
        self.producer = get_object_or_404(producers, slug=producer_slug)
        product_slug = request.GET.get("product") or request.POST.get("product") or ""
        self.product = (
            product_qs_visible().filter(producer=self.producer, slug=product_slug[:220]).first()
            if product_slug
            else None
        )
        if not product_qs_visible().filter(producer=self.producer).exists():
            raise Http404("This producer has no visible product")
        # Events where the company already has an open request with the producer are not
        # offered again: the page lists those requests instead.
        self.asked = selectors.open_requests_for_buyer(buyer=self.buyer, producer_id=self.producer.pk)
        self.events = selectors.events_in_common(
            distributor=self.buyer.distributor, producer=self.producer
        ).exclude(pk__in=[r.event_id for r in self.asked])

    def render_form(self, request, form, status=200):
        events = form.events  # read once, with the options
        context = {
            "form": form,
            "producer": self.producer,
            "product": self.product,
            "events": events,
            "asked": self.asked,
            "to_join": []
            if events
            else selectors.events_to_join(distributor=self.buyer.distributor, producer=self.producer),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, producer_slug):
        self.setup_objects(request, producer_slug)
        return self.render_form(request, MeetingRequestForm(events=self.events))

    def post(self, request, producer_slug):
        self.setup_objects(request, producer_slug)
        form = MeetingRequestForm(request.POST, events=self.events)
        if form.is_valid():
            try:
                meeting_request = services.meeting_request_create_by_buyer(
                    buyer=self.buyer, producer=self.producer, product=self.product, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Your request was sent. We will e-mail you the answer."))
                return redirect("matchmaking:request_detail", pk=meeting_request.pk)
        return self.render_form(request, form, status=400)


class BuyersToMeetView(ProducerMemberRequiredMixin, View):
    """For a producer: buyers at its events whose sourcing needs match its products."""

    def get(self, request):
        entries = selectors.buyers_to_meet(producer=self.producer)
        return render(
            request, "matchmaking/buyers_to_meet.html", {"entries": entries, "producer": self.producer}
        )


class ProducerRequestCreateView(ProducerMemberRequiredMixin, View):
    template_name = "matchmaking/producer_request_form.html"

    def setup_objects(self, distributor_slug):
        self.distributor = get_object_or_404(Distributor, slug=distributor_slug)
        entries = [
            e
            for e in selectors.buyers_to_meet(producer=self.producer)
            if e.distributor.pk == self.distributor.pk
        ]
        if not entries:
            raise Http404("This buyer does not match the producer")
        self.entries = entries
        self.events = selectors.events_open_for_requests().filter(pk__in=[e.event.pk for e in entries])

    def render_form(self, request, form, status=200):
        context = {
            "form": form,
            "distributor": self.distributor,
            "entries": self.entries,
            "producer": self.producer,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, distributor_slug):
        self.setup_objects(distributor_slug)
        return self.render_form(request, MeetingRequestForm(events=self.events))

    def post(self, request, distributor_slug):
        self.setup_objects(distributor_slug)
        form = MeetingRequestForm(request.POST, events=self.events)
        if form.is_valid():
            try:
                meeting_request = services.meeting_request_create_by_producer(
                    user=request.user,
                    producer=self.producer,
                    distributor=self.distributor,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Your request was sent. We will e-mail you the answer."))
                return redirect("matchmaking:request_detail", pk=meeting_request.pk)
        return self.render_form(request, form, status=400)


class RequestDetailView(LoginRequiredMixin, View):
    def get(self, request, pk, form=None, status=200):
        meeting_request = selectors.meeting_request_detail(pk=pk)
        viewer, denied = check_request_access(request, meeting_request)
        if denied is not None:
            return denied
        receiving = "producer" if meeting_request.side == "buyer" else "buyer"
        context = {
            "meeting_request": meeting_request,
            "viewer": viewer,
            "can_answer": meeting_request.status == "pending" and receiving in viewer.sides,
            "can_cancel": services.can_cancel(meeting_request, viewer.sides)
            and not selectors.schedule_published(event_id=meeting_request.event_id),
            "answer_form": form or AnswerForm(),
        }
        return render(request, "matchmaking/request_detail.html", context, status=status)


class _RequestActionView(LoginRequiredMixin, View):
    action = ""

    def post(self, request, pk):
        meeting_request = selectors.meeting_request_detail(pk=pk)
        _viewer, denied = check_request_access(request, meeting_request)
        if denied is not None:
            return denied
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return RequestDetailView().get(request, pk, form=form, status=400)
        reason = form.cleaned_data["reason"]
        try:
            self.act(meeting_request, request.user, reason)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("matchmaking:request_detail", pk=pk)


class RequestAcceptView(_RequestActionView):
    def act(self, meeting_request, user, reason):
        services.meeting_request_accept(request=meeting_request, user=user, reason=reason)
        messages.success(self.request, _("You accepted the meeting. The organisers will schedule it."))


class RequestDeclineView(_RequestActionView):
    def act(self, meeting_request, user, reason):
        services.meeting_request_decline(request=meeting_request, user=user, reason=reason)
        messages.success(self.request, _("You declined the request."))


class RequestCancelView(_RequestActionView):
    def act(self, meeting_request, user, reason):
        services.meeting_request_cancel(request=meeting_request, user=user, reason=reason)
        messages.success(self.request, _("The request was cancelled."))
