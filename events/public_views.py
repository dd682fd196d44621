"""Public pages of events (list, programme), registration and availability for participants,
and the organisers' outcome dashboard with its Excel exports. Thin views over
events.selectors and events.services."""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from distributors.permissions import current_buyer, not_approved_response
from matchmaking.enums import RequestStatus
from producers.permissions import current_membership

from . import selectors, services
from .enums import ParticipantKind, ParticipationStatus
from .forms import AvailabilityForm, DistributorRegistrationForm, ProducerRegistrationForm
from .models import Event
from .resources import MouResource, meetings_workbook, xlsx_bytes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EventListView(View):
    """Upcoming events, soonest first, then past ones (three queries)."""

    def get(self, request):
        context = {
            "upcoming": selectors.event_list_upcoming(),
            "past": selectors.event_list_past(),
            "now": timezone.now(),
        }
        return render(request, "events/list.html", context)


class EventDetailView(View):
    """An event's public programme: sessions and meeting blocks by day and room, then who
    takes part. A logged-in participant also sees their registration."""

    def get(self, request, slug):
        event = selectors.event_for_public(slug=slug, user=request.user)
        context = {
            "event": event,
            "programme": selectors.event_programme(event=event),
            "registration_open": selectors.registration_is_open(event),
            "mine": selectors.participation_for_user(user=request.user, event=event),
        }
        return render(request, "events/detail.html", context)


# --- Registration --------------------------------------------------------------------------------


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class RegisterView(LoginRequiredMixin, View):
    """A producer's member registers the producer with the products it brings; an approved
    buyer registers their distributor with its seats and representatives. Each can change
    their registration until the registration deadline.

    Who is registering: the producer the user works for, or their distributor; a user who is
    both chooses with ``?as=distributor``. Unapproved buyers get the "not approved" page, other
    users (organisers included: they register people in the admin) a page that says why.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.event = selectors.event_for_public(slug=kwargs["slug"], user=request.user)
        membership = current_membership(request)
        buyer = current_buyer(request)
        approved_buyer = buyer if buyer is not None and buyer.is_approved else None
        wanted = request.GET.get("as") or request.POST.get("as")
        self.both = membership is not None and approved_buyer is not None
        if membership is not None and not (wanted == ParticipantKind.DISTRIBUTOR and approved_buyer):
            self.kind, self.party = ParticipantKind.PRODUCER, membership.producer
        elif approved_buyer is not None:
            self.kind, self.party = ParticipantKind.DISTRIBUTOR, approved_buyer.distributor
        elif buyer is not None:
            return not_approved_response(request, buyer)
        else:
            return render(request, "events/register_not_allowed.html", {"event": self.event}, status=403)
        party = {"producer" if self.kind == ParticipantKind.PRODUCER else "distributor": self.party}
        self.existing = selectors.participation_of_party(event=self.event, **party)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        if self.kind == ParticipantKind.PRODUCER:
            initial = {"products": list(self.existing.products.all())} if self.existing else None
            return ProducerRegistrationForm(data, producer=self.party, initial=initial)
        initial = (
            {"seats": self.existing.seats, "representatives": self.existing.representatives}
            if self.existing
            else None
        )
        return DistributorRegistrationForm(data, initial=initial)

    def render_page(self, form, status=200):
        editable = self.existing is None or self.existing.status in (
            ParticipationStatus.PENDING,
            ParticipationStatus.APPROVED,
            ParticipationStatus.WITHDRAWN,
        )
        context = {
            "event": self.event,
            "kind": self.kind,
            "party": self.party,
            "existing": self.existing,
            "both_roles": self.both,
            "form": form,
            "registration_open": selectors.registration_is_open(self.event),
            "editable": editable,
        }
        return render(self.request, "events/register.html", context, status=status)

    def get(self, request, slug):
        return self.render_page(self.make_form())

    def post(self, request, slug):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        # The page says which registration it changes: none (a new one) or an existing one.
        # A "new" registration that meets an existing one is refused by the database.
        updating = self.existing is not None and request.POST.get("participation") == str(self.existing.pk)
        try:
            if self.kind == ParticipantKind.PRODUCER:
                if updating:
                    services.participation_update_producer(
                        participation=self.existing, products=form.cleaned_data["products"], user=request.user
                    )
                else:
                    services.participation_register_producer(
                        event=self.event,
                        producer=self.party,
                        products=form.cleaned_data["products"],
                        user=request.user,
                    )
            elif updating:
                services.participation_update_distributor(
                    participation=self.existing, user=request.user, **form.cleaned_data
                )
            else:
                services.participation_register_distributor(
                    event=self.event, distributor=self.party, user=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error(None, _error_text(error))
            return self.render_page(form, status=400)
        if updating:
            messages.success(request, _("Your registration was updated."))
        else:
            messages.success(
                request,
                _("Thank you: your registration was received. The organisers will confirm it by e-mail."),
            )
        return redirect("events:detail", slug=self.event.slug)


class AvailabilityView(LoginRequiredMixin, View):
    """A participant ticks the meeting blocks or slots they cannot make. 404 for anyone who is
    not one of the event's participants (organisers edit it in the admin)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.event = selectors.event_for_public(slug=kwargs["slug"], user=request.user)
        wanted = request.GET.get("as") or request.POST.get("as")
        self.participation = selectors.participation_for_user(
            user=request.user, event=self.event, kind=wanted if wanted in ParticipantKind.values else None
        )
        if self.participation is None:
            raise Http404("Not a participant of this event")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200):
        participation = self.participation
        context = {
            "event": self.event,
            "participation": participation,
            "blocks": selectors.availability_for_participation(participation=participation),
            "form": form,
            "open": selectors.availability_is_open(self.event)
            and participation.status in (ParticipationStatus.PENDING, ParticipationStatus.APPROVED),
            "deadline": selectors.availability_deadline(self.event),
        }
        return render(self.request, "events/availability.html", context, status=status)

    def get(self, request, slug):
        return self.render_page(AvailabilityForm(event=self.event))

    def post(self, request, slug):
        form = AvailabilityForm(request.POST, event=self.event)
        if form.is_valid():
            try:
                count = services.availability_set(
                    participation=self.participation,
                    slots=form.cleaned_data["unavailable"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                if count:
                    messages.success(request, _("Saved: the schedule will avoid the times you cannot make."))
                else:
                    messages.success(request, _("Saved: you are available for the whole meeting programme."))
                url = reverse("events:availability", kwargs={"slug": slug})
                return redirect(f"{url}?as={self.participation.kind}")
        return self.render_page(form, status=400)


# --- The organisers' outcome dashboard ------------------------------------------------------------


class OrganiserRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Organisers (active staff); anonymous users go to the login page, others get a 403."""

    def test_func(self):
        return self.request.user.is_organiser


@dataclass(frozen=True)
class Bar:
    value: int
    series: int
    width: str  # a percentage of the chart's width, formatted for SVG (never localised)
    y: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    y_label: str
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    title: str
    series: list[str]
    rows: list[ChartRow]
    height: int

    @property
    def summary(self) -> str:
        parts = []
        for row in self.rows:
            values = ", ".join(
                f"{name} {bar.value}" if len(self.series) > 1 else str(bar.value)
                for name, bar in zip(self.series, row.bars, strict=True)
            )
            parts.append(f"{row.label}: {values}")
        return "; ".join(parts)


BAR_HEIGHT, BAR_GAP, LABEL_HEIGHT, ROW_GAP = 12, 3, 20, 12


def bar_chart(title: str, rows: list[tuple[str, list[int]]], series: list[str] | None = None) -> Chart:
    """A horizontal bar chart drawn as inline SVG: each row a label line, then one bar per
    series. Bars are as wide as their value relative to the largest one."""
    series = series or [title]
    largest = max((value for _, values in rows for value in values), default=0) or 1
    chart_rows, y = [], 0
    for label, values in rows:
        bars = []
        label_y = y + 14
        y += LABEL_HEIGHT
        for index, value in enumerate(values):
            bars.append(
                Bar(
                    value=value,
                    series=index,
                    width=f"{max(value / largest * 100, 0.4 if value else 0):.2f}",
                    y=str(y),
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
        chart_rows.append(ChartRow(label=label, y_label=str(label_y), bars=bars))
    return Chart(title=title, series=series, rows=chart_rows, height=max(y, 1))


class OutcomeView(OrganiserRequiredMixin, View):
    """Figures for the organisers' report: participants by province and kind, meetings
    requested, placed and held, how they were rated, MoUs by kind."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.select_related("province"), slug=slug)
        outcomes = selectors.event_outcomes(event=event)
        producers, distributors = _("Producers"), _("Distributors")
        requests = outcomes.requests
        charts = {
            "provinces": bar_chart(
                _("Approved participants by province"),
                [(row.province, [row.producers, row.distributors]) for row in outcomes.by_province],
                [producers, distributors],
            ),
            "meetings": bar_chart(
                _("Meetings"),
                [
                    (_("Requested"), [outcomes.requests_total]),
                    (_("Requests accepted"), [requests[RequestStatus.ACCEPTED]]),
                    (_("Placed in the published schedule"), [outcomes.meetings["placed"]]),
                    (_("Held"), [outcomes.meetings["held"]]),
                    (_("No-show"), [outcomes.meetings["no_show"]]),
                ],
            ),
            "ratings": bar_chart(
                _("Ratings right after the meetings"),
                [
                    (label, [by_producers, by_buyers])
                    for _code, label, by_producers, by_buyers in outcomes.ratings
                ],
                [_("by producers"), _("by buyers")],
            ),
            "mous": bar_chart(_("MoUs signed"), [(label, [count]) for _code, label, count in outcomes.mous]),
        }
        context = {
            "event": event,
            "outcomes": outcomes,
            "charts": charts,
            "generated_at": timezone.now(),
            "has_ratings": any(p or b for _c, _l, p, b in outcomes.ratings),
            "has_follow_ups": any(count for _c, _l, count in outcomes.follow_ups),
        }
        return render(request, "events/outcomes.html", context)


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExportMeetingsView(OrganiserRequiredMixin, View):
    """The published schedule's meetings as an Excel workbook."""

    def get(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        run, meetings = selectors.meetings_for_export(event=event)
        book = meetings_workbook(event=event, run=run, meetings=meetings)
        buffer = io.BytesIO()
        book.save(buffer)
        return _xlsx_response(buffer.getvalue(), f"meetings-{event.slug}.xlsx")


class ExportMousView(OrganiserRequiredMixin, View):
    """The event's MoUs in the columns of the admin's MoU import, so the file can be corrected
    and imported again."""

    def get(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        dataset = MouResource().export(queryset=selectors.mous_for_export(event=event))
        return _xlsx_response(xlsx_bytes(dataset), f"mous-{event.slug}.xlsx")
