"""E-mails about meeting requests, each in its recipient's language (User.language)."""

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from distributors.enums import BuyerStatus
from ocop_portal.absolute_urls import absolute_url

from .enums import RequestSide, RequestStatus
from .models import MeetingRequest


def _party_users(request: MeetingRequest, side: str) -> list[User]:
    if side == RequestSide.PRODUCER:
        users = User.objects.filter(producer_memberships__producer_id=request.producer_id)
    else:
        users = User.objects.filter(
            buyer_memberships__distributor_id=request.distributor_id,
            buyer_memberships__status=BuyerStatus.APPROVED,
        )
    return list(users.filter(is_active=True).exclude(email="").distinct().order_by("pk"))


def recipients(request: MeetingRequest) -> list[tuple[User, str]]:
    """(user, side) pairs to tell: a new request goes to the side that was asked; an answer
    to whoever asked (the person, else their whole side); a cancellation to both sides."""
    asked = RequestSide.PRODUCER if request.side == RequestSide.BUYER else RequestSide.BUYER
    if request.status == RequestStatus.PENDING:
        sides = [asked]
    elif request.status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED):
        sides = [request.side]
    else:
        sides = [request.side, asked]
    result: dict[int, tuple[User, str]] = {}
    for side in sides:
        users = _party_users(request, side)
        if side == request.side and request.requested_by_id and request.status != RequestStatus.CANCELLED:
            users = [u for u in users if u.pk == request.requested_by_id] or users
        for user in users:
            result.setdefault(user.pk, (user, side))
    return list(result.values())


def meeting_request_notify(*, request: MeetingRequest) -> int:
    """Side effects: sends one e-mail to each person concerned. Returns how many."""
    messages = []
    for user, side in recipients(request):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            url = absolute_url(reverse("matchmaking:request_detail", kwargs={"pk": request.pk}))
            context = {"request": request, "user": user, "side": side, "url": url}
            subject = render_to_string("emails/matchmaking/request_subject.txt", context).strip()
            body = render_to_string("emails/matchmaking/request.txt", context)
        messages.append(
            (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        )
    if messages:
        send_mass_mail(messages, fail_silently=False, connection=get_connection())
    return len(messages)
