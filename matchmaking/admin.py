"""Matchmaking in the organisers' admin: scores, requests, and the meeting schedule's life
cycle (run the scheduler, review the grid and its warnings, edit by hand, publish, check in,
mark meetings held or no-show). Admin code stays thin: reads from
``matchmaking.scheduling.review``/``agenda``, writes through ``matchmaking.scheduling``'s
services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.admin.event import EventAdmin, warn_unreachable
from events.models import Event, Participation
from matchmaking.scheduling import services
from matchmaking.scheduling import tasks as _tasks  # noqa: F401  (registers the Celery tasks)
from matchmaking.scheduling.agenda import agenda_for
from matchmaking.scheduling.forms import MoveForm, PinForm, SwapForm
from matchmaking.scheduling.pdf import agenda_pdf, agenda_pdf_filename
from matchmaking.scheduling.review import REASONS, run_review, tier_label

from .enums import MeetingStatus, RunStatus
from .models import (
    AgendaToken,
    MatchScore,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    ScheduleNotice,
    ScheduleRun,
)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@admin.register(MatchScore)
class MatchScoreAdmin(admin.ModelAdmin):
    list_display = ("product", "need", "score", "eligible", "computed_at")
    list_filter = ("eligible",)
    search_fields = (
        "product__name__folded_contains",
        "need__title__folded_contains",
        "need__distributor__name__folded_contains",
    )
    list_select_related = ("product", "need__distributor")
    raw_id_fields = ("product", "need")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("distributor", "producer", "event", "side", "status", "priority", "created_at")
    list_filter = ("event", "status", "side", "priority")
    search_fields = (
        "distributor__name__folded_contains",
        "producer__legal_name__folded_contains",
        "message__folded_contains",
    )
    list_select_related = ("distributor", "producer", "event")
    autocomplete_fields = ("distributor", "producer", "requested_by")
    raw_id_fields = ("product",)


# --- Running the scheduler -----------------------------------------------------------------------


def _run_scheduler(modeladmin, request, events_and_bases) -> None:
    started = 0
    for event, based_on in events_and_bases:
        try:
            services.schedule_run_create(event=event, based_on=based_on, created_by=request.user)
            started += 1
        except ValidationError as error:
            modeladmin.message_user(request, _errors(error), messages.ERROR)
    if started:
        modeladmin.message_user(
            request,
            ngettext(
                "The scheduler is running for %(count)d event: see its progress in the list of schedules.",
                "The scheduler is running for %(count)d events: see their progress in the list of schedules.",
                started,
            )
            % {"count": started},
            messages.SUCCESS,
        )


@admin.action(description=_("Run the meeting scheduler"), permissions=("change",))
def run_meeting_scheduler(modeladmin, request, queryset):
    _run_scheduler(modeladmin, request, [(event, None) for event in queryset])
    return HttpResponseRedirect(reverse("admin:matchmaking_schedulerun_changelist"))


def _add_event_actions() -> None:
    """The Event changelist offers "Run the meeting scheduler" (kept here, with the rest of
    the schedule's admin)."""
    if run_meeting_scheduler not in EventAdmin.actions:
        EventAdmin.actions = (*EventAdmin.actions, run_meeting_scheduler)


_add_event_actions()


class RunSchedulerForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.order_by("-starts_on"))
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        initial=0,
        help_text=_("Leave 0; another number gives another plan of the same quality."),
    )


class ProgressFilter(admin.SimpleListFilter):
    title = _("which schedules")
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return (("current", _("Current (drafts and the published version)")),)

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.exclude(status__in=(RunStatus.SUPERSEDED, RunStatus.FAILED))
        return queryset


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = (
        "run_label",
        "status",
        "progress_bar",
        "placed",
        "links",
        "created_at",
        "published_at",
    )
    list_display_links = ("run_label",)
    list_filter = (ProgressFilter, "event", "status")
    list_select_related = ("event",)
    search_fields = ("event__name__folded_contains",)
    fields = (
        "event",
        "status",
        "version",
        "based_on",
        "seed",
        "progress_bar",
        "summary",
        "links",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "published_at",
    )
    readonly_fields = fields
    actions = ("run_again",)
    change_list_template = "admin/matchmaking/schedulerun/change_list.html"
    change_form_template = "admin/matchmaking/schedulerun/change_form.html"

    def has_add_permission(self, request):
        return False  # runs are made by the scheduler: see "Run the scheduler"

    # --- columns ---------------------------------------------------------------------------------

    @admin.display(description=_("schedule"), ordering="-created_at")
    def run_label(self, obj: ScheduleRun) -> str:
        label = (
            gettext("Version %(version)d") % {"version": obj.version}
            if obj.version
            else f"{obj.get_status_display()} #{obj.pk}"
        )
        return format_html("<strong>{}</strong><br><small>{}</small>", label, obj.event)

    @admin.display(description=_("progress"))
    def progress_bar(self, obj: ScheduleRun) -> str:
        return format_html(
            '<progress max="100" value="{}">{}%</progress> {}%', obj.progress, obj.progress, obj.progress
        )

    @admin.display(description=_("meetings"))
    def placed(self, obj: ScheduleRun) -> str:
        stats = obj.statistics or {}
        if "meetings" not in stats:
            return "–"
        placed, candidates = (
            stats.get("placed_by_tier", [0, 0, 0]),
            stats.get("candidates_by_tier", [0, 0, 0]),
        )
        return gettext("%(meetings)d; accepted requests %(placed)d/%(asked)d") % {
            "meetings": stats["meetings"],
            "placed": placed[0],
            "asked": candidates[0],
        }

    @admin.display(description=_("review"))
    def links(self, obj: ScheduleRun) -> str:
        if obj.pk is None or obj.status in (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FAILED):
            return "–"
        review = reverse("admin:matchmaking_schedulerun_review", args=[obj.pk])
        if obj.status == RunStatus.DRAFT:
            publish = reverse("admin:matchmaking_schedulerun_publish", args=[obj.pk])
            return format_html(
                '<a href="{}">{}</a> · <a href="{}">{}</a>', review, _("Review grid"), publish, _("Publish…")
            )
        return format_html('<a href="{}">{}</a>', review, _("Review grid"))

    @admin.display(description=_("summary"))
    def summary(self, obj: ScheduleRun) -> str:
        stats = obj.statistics or {}
        if stats.get("error"):
            return format_html('<strong class="errornote">{}</strong>', stats["error"])
        if "meetings" not in stats:
            return "–"
        placed, candidates = stats["placed_by_tier"], stats["candidates_by_tier"]
        rows = [
            (gettext("Meetings placed"), stats["meetings"]),
            (gettext("Accepted requests placed"), f"{placed[0]} / {candidates[0]}"),
            (gettext("Pending requests placed"), f"{placed[1]} / {candidates[1]}"),
            (gettext("Recommendations placed"), f"{placed[2]} / {candidates[2]}"),
            (
                gettext("Published meetings kept / moved / dropped"),
                f"{stats['kept']} / {stats['moved']} / {stats['dropped']}",
            ),
            (
                gettext("Producers / distributors / slots"),
                f"{stats['producers']} / {stats['distributors']} / {stats['slots']}",
            ),
            (gettext("Method, time"), f"{stats['method']}, {stats['runtime_s']} s"),
            (gettext("Proven optimal"), gettext("yes") if stats.get("proven_optimal") else gettext("no")),
        ]
        return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))

    # --- actions ---------------------------------------------------------------------------------

    @admin.action(
        description=_("Run the scheduler again from this schedule (pins are kept)"), permissions=("change",)
    )
    def run_again(self, request, queryset):
        _run_scheduler(self, request, [(run.event, run) for run in queryset.select_related("event")])

    def changelist_view(self, request, extra_context=None):
        busy = ScheduleRun.objects.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).exists()
        return super().changelist_view(
            request, {**(extra_context or {}), "refresh_seconds": 3 if busy else 0}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        busy = run is not None and run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
        extra = {**(extra_context or {}), "refresh_seconds": 3 if busy else 0, "run": run}
        return super().change_view(request, object_id, form_url, extra)

    # --- custom views ----------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("run/", view(self.run_view), name="matchmaking_schedulerun_run"),
            path("<int:pk>/review/", view(self.review_view), name="matchmaking_schedulerun_review"),
            path("<int:pk>/publish/", view(self.publish_view), name="matchmaking_schedulerun_publish"),
            path(
                "check-in/<int:participation_id>/",
                view(self.check_in_view),
                name="matchmaking_schedulerun_check_in",
            ),
            path(
                "check-in/<int:participation_id>/agenda.pdf",
                view(self.check_in_pdf_view),
                name="matchmaking_schedulerun_check_in_pdf",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def run_view(self, request):
        """Pick an event and start a run (the "add" of this admin)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = RunSchedulerForm(request.POST or None, initial={"event": request.GET.get("event")})
        if request.method == "POST" and form.is_valid():
            try:
                services.schedule_run_create(
                    event=form.cleaned_data["event"], created_by=request.user, seed=form.cleaned_data["seed"]
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, gettext("The scheduler is running: its progress shows below."))
                return HttpResponseRedirect(reverse("admin:matchmaking_schedulerun_changelist"))
        return TemplateResponse(
            request,
            "admin/matchmaking/schedulerun/run.html",
            self._context(request, gettext("Run the meeting scheduler"), form=form),
        )

    def _run(self, request, pk: int) -> ScheduleRun:
        run = get_object_or_404(ScheduleRun.objects.select_related("event", "based_on"), pk=pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        return run

    def review_view(self, request, pk: int):
        run = self._run(request, pk)
        participant = request.GET.get("participant", "")
        if request.method == "POST":
            if not self.has_change_permission(request, run):
                raise PermissionDenied
            self._edit(request, run)
            query = {k: v for k, v in (("participant", request.POST.get("participant", "")),) if v}
            selected = request.POST.get("keep_selected")
            if selected:
                query["selected"] = selected
            url = reverse("admin:matchmaking_schedulerun_review", args=[run.pk])
            return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)
        review = run_review(run=run, participant=participant)
        by_id = {m.pk: m for m in review.meetings}
        selected_id = request.GET.get("selected", "")
        selected = by_id.get(int(selected_id)) if selected_id.isdigit() else None
        editable = run.status == RunStatus.DRAFT and self.has_change_permission(request, run)
        initial = {"meeting": selected.pk} if selected else {}
        context = self._context(
            request,
            gettext("Schedule review: %(run)s") % {"run": run},
            run=run,
            review=review,
            selected=selected,
            selected_tier=tier_label(selected.tier) if selected else "",
            editable=editable,
            pinnable=run.status in (RunStatus.DRAFT, RunStatus.PUBLISHED)
            and self.has_change_permission(request, run),
            move_form=MoveForm(run=run, initial=initial),
            swap_form=SwapForm(run=run, initial=initial),
            reasons=REASONS,
        )
        return TemplateResponse(request, "admin/matchmaking/schedulerun/review.html", context)

    def _edit(self, request, run: ScheduleRun) -> None:
        op = request.POST.get("op")
        form_class = {"move": MoveForm, "swap": SwapForm, "pin": PinForm}.get(op)
        if form_class is None:
            messages.error(request, gettext("Unknown action."))
            return
        form = form_class(request.POST, run=run)
        if not form.is_valid():
            messages.error(request, gettext("Choose a meeting and where it should go."))
            return
        data = form.cleaned_data
        try:
            if op == "move":
                meeting = services.meeting_move(
                    meeting=data["meeting"], slot=data["slot"], table=data["table"]
                )
                messages.success(request, gettext("Moved and pinned: %(meeting)s.") % {"meeting": meeting})
            elif op == "swap":
                first, second = services.meeting_swap(first=data["meeting"], second=data["other"])
                messages.success(
                    request, gettext("Swapped and pinned: %(a)s and %(b)s.") % {"a": first, "b": second}
                )
            else:
                meeting = services.meeting_pin(meeting=data["meeting"], pinned=data["pinned"])
                text = (
                    gettext("Pinned: %(meeting)s.") if data["pinned"] else gettext("Unpinned: %(meeting)s.")
                )
                messages.success(request, text % {"meeting": meeting})
        except ValidationError as error:
            messages.error(request, _errors(error))

    def publish_view(self, request, pk: int):
        run = self._run(request, pk)
        if not self.has_change_permission(request, run):
            raise PermissionDenied
        if request.method == "POST":
            try:
                published = services.schedule_publish(run=run, user=request.user)
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                count = len(published.notified_participation_ids)
                messages.success(
                    request,
                    ngettext(
                        "Published as version %(version)d; %(count)d participant whose meetings changed is "
                        "being e-mailed.",
                        "Published as version %(version)d; %(count)d participants whose meetings changed are "
                        "being e-mailed.",
                        count,
                    )
                    % {"version": published.run.version, "count": count},
                )
                warn_unreachable(request, list(published.notified_participation_ids))
            return HttpResponseRedirect(reverse("admin:matchmaking_schedulerun_review", args=[run.pk]))
        review = run_review(run=run)
        context = self._context(
            request,
            gettext("Publish %(run)s") % {"run": run},
            run=run,
            review=review,
            can_publish=run.status == RunStatus.DRAFT,
        )
        return TemplateResponse(request, "admin/matchmaking/schedulerun/publish.html", context)

    def _participation(self, request, participation_id: int) -> Participation:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            Participation.objects.select_related("event", "producer", "distributor"), pk=participation_id
        )

    def check_in_view(self, request, participation_id: int):
        """What the check-in desk sees on scanning a participant's QR code: their meetings of
        the published version, to mark held or no-show."""
        participation = self._participation(request, participation_id)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            status = request.POST.get("status", "")
            ids = [int(pk) for pk in request.POST.getlist("meeting") if pk.isdigit()]
            agenda = agenda_for(participation=participation)
            mine = [Meeting(pk=pk) for pk in ids if pk in {m.id for m in agenda.meetings}]
            try:
                count = services.meetings_set_status(meetings=mine, status=status)
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(
                    request,
                    ngettext("%(count)d meeting updated.", "%(count)d meetings updated.", count)
                    % {"count": count},
                )
            return HttpResponseRedirect(request.path)
        agenda = agenda_for(participation=participation)
        context = self._context(
            request,
            gettext("Check-in: %(party)s") % {"party": agenda.party_name},
            agenda=agenda,
            participation=participation,
            statuses=[
                (MeetingStatus.HELD, gettext("Mark as held")),
                (MeetingStatus.NO_SHOW, gettext("Mark as no-show")),
                (MeetingStatus.SCHEDULED, gettext("Back to scheduled")),
            ],
        )
        return TemplateResponse(request, "admin/matchmaking/check_in.html", context)

    def check_in_pdf_view(self, request, participation_id: int):
        """The participant's printable agenda, for the desk to print for a walk-in."""
        participation = self._participation(request, participation_id)
        agenda = agenda_for(participation=participation)
        check_in = request.build_absolute_uri(request.path.rsplit("agenda.pdf", 1)[0])
        response = HttpResponse(agenda_pdf(agenda, check_in_url=check_in), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{agenda_pdf_filename(agenda)}"'
        return response


class RunStatusFilter(admin.ChoicesFieldListFilter):
    """The schedule version's status, named so (both filters were "By status")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("schedule version status")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("producer", "distributor", "seat", "slot", "table", "status", "tier", "pinned", "run")
    list_filter = ("run__event", ("run__status", RunStatusFilter), "status", "pinned", "tier")
    search_fields = ("producer__legal_name__folded_contains", "distributor__name__folded_contains")
    list_select_related = ("producer", "distributor", "slot__block", "table", "run__event")
    raw_id_fields = ("run", "slot", "table", "producer", "distributor", "request")
    actions = ("mark_held", "mark_no_show", "mark_scheduled")

    def _mark(self, request, queryset, status: str) -> None:
        count = services.meetings_set_status(meetings=queryset, status=status)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d meeting updated.", "%(count)d meetings updated.", count) % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d meeting was left alone: it already had that status, or it is not in a "
                    "published schedule.",
                    "%(count)d meetings were left alone: they already had that status, or they are not in a "
                    "published schedule.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Mark as held"), permissions=("change",))
    def mark_held(self, request, queryset):
        self._mark(request, queryset, MeetingStatus.HELD)

    @admin.action(description=_("Mark as no-show"), permissions=("change",))
    def mark_no_show(self, request, queryset):
        self._mark(request, queryset, MeetingStatus.NO_SHOW)

    @admin.action(description=_("Mark as scheduled (undo held / no-show)"), permissions=("change",))
    def mark_scheduled(self, request, queryset):
        self._mark(request, queryset, MeetingStatus.SCHEDULED)


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(admin.ModelAdmin):
    list_display = ("meeting", "side", "months_after", "rating", "outcome", "asked_at", "answered_at")
    list_filter = ("months_after", "side", "rating", "outcome", "meeting__run__event")
    search_fields = (
        "meeting__producer__legal_name__folded_contains",
        "meeting__distributor__name__folded_contains",
        "comment__folded_contains",
    )
    list_select_related = ("meeting__producer", "meeting__distributor", "meeting__slot__block")
    raw_id_fields = ("meeting", "author")


@admin.register(ScheduleNotice)
class ScheduleNoticeAdmin(admin.ModelAdmin):
    list_display = ("participation", "run", "recipients", "sent_at", "created_at")
    list_filter = ("run__event",)
    list_select_related = (
        "participation__producer",
        "participation__distributor",
        "participation__event",
        "run__event",
    )
    search_fields = (
        "participation__producer__legal_name__folded_contains",
        "participation__distributor__name__folded_contains",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AgendaToken)
class AgendaTokenAdmin(admin.ModelAdmin):
    """Calendar links; "reset" makes a new secret when a link has leaked."""

    list_display = ("participation", "created_at")
    list_select_related = ("participation__producer", "participation__distributor", "participation__event")
    search_fields = (
        "participation__producer__legal_name__folded_contains",
        "participation__distributor__name__folded_contains",
    )
    fields = ("participation", "created_at")
    readonly_fields = fields
    actions = ("reset",)

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Reset the calendar link (the old URL stops working)"), permissions=("change",)
    )
    def reset(self, request, queryset):
        count = 0
        for token in queryset.select_related("participation"):
            services.agenda_token_reset(participation=token.participation)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d calendar link reset.", "%(count)d calendar links reset.", count)
            % {"count": count},
            messages.SUCCESS,
        )
