from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestSide(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    PRODUCER = "producer", _("Producer")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.IntegerChoices):
    MUST = 1, _("Must meet")
    SHOULD = 2, _("Should meet")
    COULD = 3, _("Could meet")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    FAILED = "failed", _("Failed")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRating(models.TextChoices):
    NOT_HELD = "not_held", _("Not held")
    NO_INTEREST = "no_interest", _("No interest")
    INFORMATIVE = "informative", _("Informative")
    COOPERATION_LIKELY = "cooperation_likely", _("Cooperation likely")


class FollowUpOutcome(models.TextChoices):
    NOTHING = "nothing", _("Nothing yet")
    ORDER = "order", _("An order")
    CONTRACT = "contract", _("A contract")
    MOU = "mou", _("An MoU")


LIVE_MEETING = ~models.Q(status=MeetingStatus.CANCELLED)
LIVE_REQUEST = models.Q(status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED))
