from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    """Vietnam's six socio-economic regions (used for regional preference in matching)."""

    NORTHERN_MIDLANDS = "northern_midlands", _("Northern midlands and mountains")
    RED_RIVER_DELTA = "red_river_delta", _("Red River Delta")
    CENTRAL_COAST = "central_coast", _("North Central and Central Coast")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central Highlands")
    SOUTHEAST = "southeast", _("Southeast")
    MEKONG_DELTA = "mekong_delta", _("Mekong Delta")


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Storage(models.TextChoices):
    AMBIENT = "ambient", _("Ambient")
    CHILLED = "chilled", _("Chilled")
    FROZEN = "frozen", _("Frozen")


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    TON = "ton", _("tonne")
    LITRE = "litre", _("litre")
    BOTTLE = "bottle", _("bottle")
    BOX = "box", _("box")
    PACK = "pack", _("pack")
    PIECE = "piece", _("piece")
    SET = "set", _("set")


class IssuingLevel(models.TextChoices):
    # District level issued certificates until Decision 1489/QĐ-TTg (2025) removed it.
    DISTRICT = "district", _("District")
    PROVINCE = "province", pgettext_lazy("issuing level", "Province")  # vi: "Cấp tỉnh", not the place
    CENTRAL = "central", _("Central")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class GroupDecision(models.TextChoices):
    D148 = "148", _("Decision 148/QĐ-TTg (2023)")
    D1048 = "1048", _("Decision 1048/QĐ-TTg (2019)")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    CANCELLED = "cancelled", _("Cancelled")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
