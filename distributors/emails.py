"""E-mails to buyers, each in the recipient's own language (User.language)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ocop_portal.absolute_urls import absolute_url

from .enums import BuyerStatus
from .models import Buyer, Shortlist
from .selectors import colleagues_of


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


def _shortlist_mail(shortlist: Shortlist, recipients, template: str, **extra) -> int:
    """One e-mail about ``shortlist`` to each recipient (buyers) with an address, each in
    their language, from the templates ``distributors/emails/<template>[_subject].txt``.
    Returns how many."""
    item_count = shortlist.items.count()
    messages = []
    for recipient in recipients:
        user = recipient.user
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "owner": shortlist.buyer.user,
                "shortlist": shortlist,
                "item_count": item_count,
                # in the recipient's language: the path starts with it
                "shortlist_url": absolute_url(
                    reverse("distributors:shortlist_detail", kwargs={"pk": shortlist.pk})
                ),
                **extra,
            }
            subject = render_to_string(f"distributors/emails/{template}_subject.txt", context).strip()
            body = render_to_string(f"distributors/emails/{template}.txt", context)
        messages.append(EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def shortlist_shared_send(*, shortlist: Shortlist) -> int:
    """Tell the owner's colleagues (the other approved buyers of the distributor) that a
    list is now shared with them. Nothing once it is no longer shared. Side effects: sends
    one e-mail per colleague; returns how many."""
    if not shortlist.shared:
        return 0
    return _shortlist_mail(shortlist, colleagues_of(buyer=shortlist.buyer), "shortlist_shared")


def shortlist_handed_over_send(*, shortlist: Shortlist, to: Buyer, by: Buyer) -> int:
    """Tell the colleague ``to`` that ``by`` handed them the list. Nothing if they took it
    over themself, or if the list has changed hands again since. Side effects: sends one
    e-mail; returns how many (0 or 1)."""
    if to.pk == by.pk or shortlist.buyer_id != to.pk:
        return 0
    return _shortlist_mail(shortlist, [shortlist.buyer], "shortlist_handed_over", by=by.user)
