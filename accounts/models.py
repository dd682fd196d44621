from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using the portal: a producer's member, a buyer, or an organiser (staff).

    The preferred language decides the language of the e-mails and catalogue packets
    the portal sends them.
    """

    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    organiser_digest = models.BooleanField(
        _("morning summary for organisers"),
        default=True,
        help_text=_(
            "For staff: an e-mail each morning when buyers, certificates or registrations await a decision."
        ),
    )
    # The day of the last summary: claimed before sending, so a summary goes out once a day.
    organiser_digest_on = models.DateField(_("last morning summary"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("A user with this e-mail address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username

    def get_full_name(self) -> str:
        """Family name first for a user who reads Vietnamese ("Nguyễn Thu Hà"), given name
        first otherwise ("Thu Hà Nguyễn"): how each would write their own name."""
        parts = (self.first_name, self.last_name)
        if self.language == "vi":
            parts = parts[::-1]
        return " ".join(part.strip() for part in parts if part and part.strip())

    @property
    def is_organiser(self) -> bool:
        return self.is_active and self.is_staff
