from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from distributors.models import Distributor
from ocop_portal.fields import optional_user
from producers.models import Producer, Product, Province

from .enums import EventStatus, MouKind, PacketStatus, ParticipantKind, ParticipationStatus


class Event(models.Model):
    """A supply–demand connection conference (hội nghị kết nối cung cầu)."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="events"
    )
    organiser_name = models.CharField(_("organiser"), max_length=255)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser staff"),
        blank=True,
        related_name="organised_events",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    request_deadline = models.DateTimeField(_("meeting request deadline"), null=True, blank=True)
    catalogue_send_at = models.DateTimeField(_("catalogue send time"), null=True, blank=True)
    max_requests_per_participant = models.PositiveSmallIntegerField(
        _("maximum meeting requests per participant"), default=20
    )
    fill_with_recommendations = models.BooleanField(
        _("fill free slots with recommended meetings"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("-starts_on",)
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_dates_ordered",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ("name",)
        constraints = [models.UniqueConstraint(fields=("event", "name"), name="room_unique_name")]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """A panel session. No two sessions overlap in one room: enforced by the database
    (an exclusion constraint on PostgreSQL, triggers on SQLite; see migration 0002)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("title"), max_length=300)
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line."))
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("panel session")
        verbose_name_plural = _("panel sessions")
        ordering = ("starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_times_ordered",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingBlock(models.Model):
    """A period of B2B meetings, cut into slots of ``slot_minutes`` with breaks between."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_blocks"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per meeting"), default=20, validators=[MinValueValidator(5)]
    )
    break_minutes = models.PositiveSmallIntegerField(_("minutes between meetings"), default=5)
    table_count = models.PositiveSmallIntegerField(
        _("number of tables"), default=10, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("meeting block")
        verbose_name_plural = _("meeting blocks")
        ordering = ("starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="block_times_ordered",
                violation_error_message=_("A meeting block must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="block_slot_minutes_min"),
            models.CheckConstraint(condition=Q(table_count__gte=1), name="block_has_tables"),
        ]

    def __str__(self) -> str:
        return self.title


class Slot(models.Model):
    block = models.ForeignKey(
        MeetingBlock, verbose_name=_("block"), on_delete=models.CASCADE, related_name="slots"
    )
    index = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ("starts_at",)
        constraints = [
            models.UniqueConstraint(fields=("block", "index"), name="slot_unique_index"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_times_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.block} #{self.index + 1}"


class Table(models.Model):
    block = models.ForeignKey(
        MeetingBlock, verbose_name=_("block"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ("number",)
        constraints = [models.UniqueConstraint(fields=("block", "number"), name="table_unique_number")]

    def __str__(self) -> str:
        return self.label or str(_("Table %(number)s") % {"number": self.number})


class Participation(models.Model):
    """A producer or a distributor registered at an event (approved by an organiser)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ParticipantKind.choices)
    producer = models.ForeignKey(
        Producer,
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
    )
    distributor = models.ForeignKey(
        Distributor,
        verbose_name=_("distributor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.PENDING,
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Representatives who meet producers in parallel."),
    )
    representatives = models.TextField(_("representatives"), blank=True, help_text=_("One per line."))
    products = models.ManyToManyField(
        Product, verbose_name=_("products shown"), blank=True, related_name="participations"
    )
    unavailable_slots = models.ManyToManyField(
        Slot, verbose_name=_("unavailable slots"), blank=True, related_name="+"
    )
    registered_by = optional_user(_("registered by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When its people were reminded of the requests waiting for their answer before the
    # request deadline (matchmaking.reminders): claimed before the e-mails go, so once.
    answer_reminder_at = models.DateTimeField(
        _("reminded to answer requests"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ("event", "kind", "-created_at")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=ParticipantKind.PRODUCER,
                        producer__isnull=False,
                        distributor__isnull=True,
                        seats=1,
                    )
                    | Q(kind=ParticipantKind.DISTRIBUTOR, distributor__isnull=False, producer__isnull=True)
                ),
                name="participation_kind_matches_party",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="participation_seats_positive"),
            models.UniqueConstraint(
                fields=("event", "producer"),
                condition=Q(producer__isnull=False),
                name="participation_unique_producer",
            ),
            models.UniqueConstraint(
                fields=("event", "distributor"),
                condition=Q(distributor__isnull=False),
                name="participation_unique_distributor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.producer or self.distributor} @ {self.event}"

    @property
    def party(self) -> Producer | Distributor | None:
        return self.producer or self.distributor


class Mou(models.Model):
    """A memorandum of understanding signed at an event."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="mous")
    kind = models.CharField(_("kind"), max_length=24, choices=MouKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    party_a = models.CharField(_("first party"), max_length=255)
    party_b = models.CharField(_("second party"), max_length=255)
    producer = models.ForeignKey(
        Producer,
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mous",
    )
    distributor = models.ForeignKey(
        Distributor,
        verbose_name=_("distributor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mous",
    )
    signed_on = models.DateField(_("signed on"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("MoU")
        verbose_name_plural = _("MoUs")
        ordering = ("event", "kind", "signed_on")

    def __str__(self) -> str:
        return f"{self.party_a} – {self.party_b}"


class CataloguePacket(models.Model):
    """A distributor's personalised catalogue for an event. The row is the truth: a beat task
    sends due rows, claiming each with a conditional update (pending → sending)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="catalogue_packets"
    )
    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.CASCADE, related_name="catalogue_packets"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=10, choices=PacketStatus.choices, default=PacketStatus.PENDING
    )
    send_at = models.DateTimeField(_("send at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="packets/", blank=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("catalogue packet")
        verbose_name_plural = _("catalogue packets")
        ordering = ("event", "distributor", "-version")
        indexes = [models.Index(fields=("status", "send_at"), name="packet_due")]
        constraints = [
            models.UniqueConstraint(fields=("event", "distributor", "version"), name="packet_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="packet_version_positive"),
            models.CheckConstraint(
                condition=~Q(status=PacketStatus.SENT) | Q(sent_at__isnull=False),
                name="packet_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.distributor} · {self.event} · v{self.version}"
