import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from distributors.models import Distributor, SourcingNeed
from events.models import Event, Participation, Slot, Table
from ocop_portal.fields import optional_user
from producers.models import Producer, Product

from .enums import (
    LIVE_MEETING,
    LIVE_REQUEST,
    FollowUpOutcome,
    MeetingRating,
    MeetingStatus,
    Priority,
    RequestSide,
    RequestStatus,
    RunStatus,
)


class MeetingTier(models.IntegerChoices):
    """Why a meeting is in the schedule (the scheduling engine's tiers)."""

    ACCEPTED = 1, _("Accepted request")
    PENDING = 2, _("Pending request")
    RECOMMENDED = 3, _("Recommendation")


class MatchScore(models.Model):
    """The engine's score of one product against one sourcing need, with its breakdown."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="match_scores"
    )
    need = models.ForeignKey(
        SourcingNeed, verbose_name=_("sourcing need"), on_delete=models.CASCADE, related_name="match_scores"
    )
    score = models.FloatField(_("score"))
    eligible = models.BooleanField(_("eligible"), default=True)
    breakdown = models.JSONField(_("breakdown"), default=list, blank=True)
    gaps = models.JSONField(_("gaps"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("match score")
        verbose_name_plural = _("match scores")
        ordering = ("-score",)
        indexes = [models.Index(fields=("need", "-score"), name="matchscore_need_score")]
        constraints = [
            models.UniqueConstraint(fields=("product", "need"), name="matchscore_unique_pair"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="matchscore_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.product} ↔ {self.need}: {self.score:.0f}"


class MeetingRequest(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    side = models.CharField(_("asked by"), max_length=10, choices=RequestSide.choices)
    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.SHOULD
    )
    message = models.TextField(_("message"), blank=True)
    response_reason = models.TextField(_("reason given"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("event", "distributor", "producer"),
                condition=LIVE_REQUEST,
                name="request_unique_live_pair",
                violation_error_message=_("A request between these two is already open for this event."),
            ),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="request_priority_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.distributor} ↔ {self.producer} ({self.get_status_display()})"


class ScheduleRun(models.Model):
    """One version of an event's meeting schedule: a draft, then a numbered release."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="schedule_runs"
    )
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    version = models.PositiveSmallIntegerField(
        _("published version"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    statistics = models.JSONField(_("statistics"), default=dict, blank=True)
    seed = models.PositiveIntegerField(
        _("seed"), default=0, help_text=_("Another seed gives another plan of the same quality.")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = optional_user(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ("event", "-created_at")
        constraints = [
            models.UniqueConstraint(
                fields=("event", "version"), condition=Q(version__isnull=False), name="run_unique_version"
            ),
            models.UniqueConstraint(
                fields=("event",), condition=Q(status=RunStatus.PUBLISHED), name="run_one_published"
            ),
            models.CheckConstraint(
                condition=~Q(status=RunStatus.PUBLISHED) | Q(version__isnull=False),
                name="run_published_has_version",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="run_progress_0_to_100"),
        ]

    def __str__(self) -> str:
        if self.version:
            return f"{self.event} · v{self.version}"
        return f"{self.event} · {self.get_status_display()} #{self.pk}"


class Meeting(models.Model):
    """A B2B meeting placed in a slot, at a table, with one of the distributor's seats."""

    run = models.ForeignKey(
        ScheduleRun, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="meetings"
    )
    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="meetings")
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.PROTECT, related_name="meetings"
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="meetings"
    )
    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.CASCADE, related_name="meetings"
    )
    seat = models.PositiveSmallIntegerField(_("seat"), default=1, validators=[MinValueValidator(1)])
    request = models.ForeignKey(
        MeetingRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    tier = models.PositiveSmallIntegerField(_("kind"), choices=MeetingTier.choices, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("slot__starts_at", "table__number")
        constraints = [
            models.UniqueConstraint(
                fields=("run", "slot", "producer"),
                condition=LIVE_MEETING,
                name="meeting_producer_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=("run", "slot", "distributor", "seat"),
                condition=LIVE_MEETING,
                name="meeting_seat_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=("run", "slot", "table"), condition=LIVE_MEETING, name="meeting_table_once_per_slot"
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="meeting_seat_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.producer} ↔ {self.distributor} · {self.slot}"


class MeetingFeedback(models.Model):
    """After a meeting each side says how it went; 3 and 6 months later, what came of it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="feedback"
    )
    side = models.CharField(_("side"), max_length=10, choices=RequestSide.choices)
    months_after = models.PositiveSmallIntegerField(
        _("months after the event"),
        default=0,
        help_text=_("0 = right after the meeting; 3 or 6 = follow-up."),
    )
    author = optional_user(_("author"))
    rating = models.CharField(_("rating"), max_length=20, choices=MeetingRating.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=FollowUpOutcome.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    asked_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ("meeting", "months_after", "side")
        constraints = [
            models.UniqueConstraint(
                fields=("meeting", "side", "months_after"), name="feedback_unique_per_side"
            ),
            models.CheckConstraint(condition=Q(months_after__in=(0, 3, 6)), name="feedback_months_0_3_6"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_side_display()} · {self.months_after}"


def new_agenda_token() -> str:
    return secrets.token_urlsafe(32)


class AgendaToken(models.Model):
    """The secret in a participant's calendar subscription URL: no login, 256 random bits.
    Deleting the row revokes the URL; the next visit to the agenda page makes a new one."""

    participation = models.OneToOneField(
        Participation, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="agenda_token"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_agenda_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.participation)


class ScheduleNotice(models.Model):
    """One participant told about one published version of the schedule. The row is claimed
    (sent_at set) before the e-mail goes out, so a re-delivered task never mails twice."""

    run = models.ForeignKey(
        ScheduleRun, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="notices"
    )
    participation = models.ForeignKey(
        Participation, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="+"
    )
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("schedule notice")
        verbose_name_plural = _("schedule notices")
        ordering = ("run", "participation")
        constraints = [
            models.UniqueConstraint(fields=("run", "participation"), name="notice_unique_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.run} → {self.participation}"


from .scoring.models import ScoringWeights  # noqa: E402,F401  (the organiser-editable scoring weights)
