from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION_OPEN = "open", _("Registration open")
    REGISTRATION_CLOSED = "closed", _("Registration closed")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantKind(models.TextChoices):
    PRODUCER = "producer", _("Producer")
    DISTRIBUTOR = "distributor", _("Distributor")


class ParticipationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MouKind(models.TextChoices):
    PROVINCE_PROVINCE = "province_province", _("Province – province")
    PROVINCE_DISTRIBUTOR = "province_distributor", _("Province – distributor")
    BUSINESS_BUSINESS = "business_business", _("Business – business")


class PacketStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
