from django.db import models
from django.utils.translation import gettext_lazy as _


class BuyerStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
