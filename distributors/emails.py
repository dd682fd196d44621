"""E-mails to buyers, each in the recipient's own language (User.language)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ocop_portal.absolute_urls import absolute_url

from .enums import BuyerStatus
from .models import Buyer, Shortlist


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


def shortlist_shared_send(*, shortlist: Shortlist) -> int:
    """Tell the owner's colleagues (the other approved buyers of the distributor) that a
    list is now shared with them, each in their language. Nothing once it is no longer
    shared. Side effects: sends one e-mail per colleague; returns how many."""
    if not shortlist.shared:
        return 0
    colleagues = (
        Buyer.objects.filter(distributor_id=shortlist.buyer.distributor_id, status=BuyerStatus.APPROVED)
        .exclude(pk=shortlist.buyer_id)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    item_count = shortlist.items.count()
    messages = []
    for colleague in colleagues:
        user = colleague.user
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "owner": shortlist.buyer.user,
                "shortlist": shortlist,
                "item_count": item_count,
                # in the colleague's language: the path starts with it
                "shortlist_url": absolute_url(
                    reverse("distributors:shortlist_detail", kwargs={"pk": shortlist.pk})
                ),
            }
            subject = render_to_string("distributors/emails/shortlist_shared_subject.txt", context).strip()
            body = render_to_string("distributors/emails/shortlist_shared.txt", context)
        messages.append(EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
