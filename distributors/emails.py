"""E-mails to buyers, each in the recipient's own language (User.language)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ocop_portal.absolute_urls import absolute_url

from .enums import BuyerStatus
from .models import Buyer


def buyer_decision_send(*, buyer: Buyer) -> bool:
    """Tell a buyer that an organiser approved or rejected their membership.

    Side effects: sends one e-mail. Returns False when there is nothing to say (pending, or
    the user has no e-mail address)."""
    user = buyer.user
    if not user.email or buyer.status == BuyerStatus.PENDING:
        return False
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "buyer": buyer,
            "user": user,
            "approved": buyer.status == BuyerStatus.APPROVED,
            "dashboard_url": absolute_url(reverse("distributors:dashboard")),
            "catalogue_url": absolute_url(reverse("distributors:catalogue")),
        }
        subject = render_to_string("distributors/emails/buyer_decision_subject.txt", context).strip()
        body = render_to_string("distributors/emails/buyer_decision.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    return True
