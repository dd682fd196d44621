"""Participants' agenda pages: thin views over matchmaking.scheduling.

Who sees what: an agenda belongs to an approved participation; the producer's members and
the distributor's approved buyers open it (anyone else gets a 404, anonymous users the
login page). The calendar feed and the follow-up link carry their own secret instead of a
login: an AgendaToken (random, revocable) and a signed, expiring token.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from events.models import Participation
from matchmaking.models import Meeting
from matchmaking.scheduling import agenda as agenda_selectors
from matchmaking.scheduling.calendar import agenda_calendar, calendar_filename
from matchmaking.scheduling.feedback import (
    follow_up_answer,
    follow_up_rows,
    follow_up_token_read,
    meeting_rate,
)
from matchmaking.scheduling.forms import FollowUpForm, RatingForm
from matchmaking.scheduling.pdf import agenda_pdf, agenda_pdf_filename
from matchmaking.scheduling.services import agenda_token_for
from ocop_portal.absolute_urls import absolute_url


class ParticipationMixin(LoginRequiredMixin):
    """Loads ``self.participation`` for the logged-in user, or 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        participation = agenda_selectors.participation_for_user(user=request.user, pk=kwargs["pk"])
        if participation is None:
            raise Http404("No such agenda")
        self.participation = participation
        return super().dispatch(request, *args, **kwargs)


def _feed_urls(participation: Participation, request) -> tuple[str, str]:
    """The calendar feed's URL, and the same as webcal://, on the host the user is on."""
    token = agenda_token_for(participation=participation).token
    https = absolute_url(reverse("matchmaking:agenda_feed", kwargs={"token": token}), request=request)
    return https, "webcal://" + https.split("://", 1)[1]


class AgendaListView(LoginRequiredMixin, View):
    def get(self, request):
        participations = agenda_selectors.participations_for_user(user=request.user)
        return render(request, "matchmaking/agenda/list.html", {"participations": participations})


class AgendaDetailView(ParticipationMixin, View):
    def get(self, request, pk: int):
        agenda = agenda_selectors.agenda_for(participation=self.participation)
        feed_url = webcal_url = ""
        if agenda.is_published:
            feed_url, webcal_url = _feed_urls(self.participation, request)
        context = {
            "agenda": agenda,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "rating_choices": RatingForm.base_fields["rating"].choices,
            "has_follow_ups": bool(follow_up_rows(participation=self.participation)),
        }
        return render(request, "matchmaking/agenda/detail.html", context)


class AgendaCalendarView(ParticipationMixin, View):
    def get(self, request, pk: int):
        agenda = agenda_selectors.agenda_for(participation=self.participation)
        return _calendar_response(agenda, attachment=True)


def _calendar_response(agenda, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(agenda_calendar(agenda), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{calendar_filename(agenda)}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


class CalendarFeedView(View):
    """The subscription URL: no login, the token is the key. Unknown tokens get a 404."""

    def get(self, request, token: str):
        participation = agenda_selectors.participation_for_token(token=token)
        if participation is None:
            raise Http404("No such calendar")
        agenda = agenda_selectors.agenda_for(participation=participation)
        response = _calendar_response(agenda, attachment=False)
        response["X-Robots-Tag"] = "noindex"
        return response


class AgendaPdfView(ParticipationMixin, View):
    def get(self, request, pk: int):
        agenda = agenda_selectors.agenda_for(participation=self.participation)
        check_in = absolute_url(
            reverse("admin:matchmaking_schedulerun_check_in", args=[self.participation.pk]), request=request
        )
        response = HttpResponse(agenda_pdf(agenda, check_in_url=check_in), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{agenda_pdf_filename(agenda)}"'
        return response


class AgendaRateView(ParticipationMixin, View):
    def post(self, request, pk: int, meeting_id: int):
        agenda = agenda_selectors.agenda_for(participation=self.participation)
        if meeting_id not in {m.id for m in agenda.meetings}:
            raise Http404("No such meeting")
        form = RatingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the ratings."))
        else:
            try:
                meeting_rate(
                    meeting=Meeting(pk=meeting_id),
                    side=agenda.side,
                    rating=form.cleaned_data["rating"],
                    author=request.user,
                )
                messages.success(request, _("Thank you: your rating is saved."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        url = reverse("matchmaking:agenda_detail", kwargs={"pk": pk})
        return redirect(f"{url}#meeting-{meeting_id}")


def _follow_up_page(request, participation, *, months=None, action: str, author=None):
    rows = follow_up_rows(participation=participation, months=months)
    form = FollowUpForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            count = follow_up_answer(
                participation=participation, answers=form.answers(), author=author, months=months
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your answers are saved (%(count)d).") % {"count": count})
            return redirect(action)
    context = {
        "participation": participation,
        "event": participation.event,
        "side": agenda_selectors.side_of(participation),
        "form": form,
        "action": action,
    }
    return render(request, "matchmaking/agenda/follow_up.html", context)


class FollowUpView(ParticipationMixin, View):
    def get(self, request, pk: int):
        action = reverse("matchmaking:agenda_follow_up", kwargs={"pk": pk})
        return _follow_up_page(request, self.participation, action=action, author=request.user)

    post = get


class FollowUpTokenView(View):
    """The link in the follow-up e-mail: answers without logging in."""

    def _participation(self, token: str) -> tuple[Participation, int]:
        found = follow_up_token_read(token)
        participation = (
            Participation.objects.select_related("event", "producer", "distributor")
            .filter(pk=found[0])
            .first()
            if found
            else None
        )
        if participation is None:
            raise Http404("No such follow-up")
        return participation, found[1]

    def get(self, request, token: str):
        participation, months = self._participation(token)
        action = reverse("matchmaking:follow_up_token", kwargs={"token": token})
        author = request.user if request.user.is_authenticated else None
        return _follow_up_page(request, participation, months=months, action=action, author=author)

    post = get
