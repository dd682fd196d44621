"""E-mails to producers' teams and to the people they invite, each in the recipient's
language (``User.language``). Called by the tasks in tasks.py, never from a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ocop_portal.absolute_urls import absolute_url, site_url

from .models import OcopCertificate, Producer, ProducerInvitation, ProducerJoinRequest

logger = logging.getLogger(__name__)


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        context = {**context, "site_url": site_url()}
        subject = " ".join(render_to_string(f"producers/email/{template}_subject.txt", context).split())
        body = render_to_string(f"producers/email/{template}_message.txt", context)
        prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(f"{prefix}{subject}", body, None, [to])


def _link(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs or None))


def _team(producer: Producer, *, owners_only: bool = False):
    memberships = producer.memberships.select_related("user").filter(user__is_active=True)
    if owners_only:
        memberships = memberships.filter(role="owner")
    return [m.user for m in memberships if m.user.email]


def invitation_sent(*, invitation: ProducerInvitation) -> None:
    language = _language(invitation.invited_by)
    _send(
        to=invitation.email,
        language=language,
        template="invitation",
        context={
            "invitation": invitation,
            "producer": invitation.producer,
            "inviter": invitation.invited_by,
            "link": _link(language, "producers:invitation_accept", token=invitation.token),
        },
    )


def join_request_received(*, join_request: ProducerJoinRequest) -> None:
    for owner in _team(join_request.producer, owners_only=True):
        language = _language(owner)
        _send(
            to=owner.email,
            language=language,
            template="join_request",
            context={
                "join_request": join_request,
                "producer": join_request.producer,
                "requester": join_request.user,
                "link": _link(language, "producers:dashboard"),
            },
        )


def join_request_decided(*, join_request: ProducerJoinRequest) -> None:
    user = join_request.user
    if not user.email:
        return
    language = _language(user)
    _send(
        to=user.email,
        language=language,
        template="join_decision",
        context={
            "join_request": join_request,
            "producer": join_request.producer,
            "approved": join_request.status == "approved",
            "link": _link(language, "producers:dashboard"),
        },
    )


def certificate_decided(*, certificate: OcopCertificate) -> None:
    product = certificate.product
    for user in _team(product.producer):
        language = _language(user)
        _send(
            to=user.email,
            language=language,
            template="certificate_decision",
            context={
                "certificate": certificate,
                "product": product,
                "verified": certificate.verification == "verified",
                "link": _link(language, "producers:product_detail", pk=product.pk),
            },
        )


def certificate_expiring(*, certificate: OcopCertificate, days_left: int) -> None:
    product = certificate.product
    team = _team(product.producer)
    if not team:
        logger.warning(
            "certificate %s expires soon but producer %s has nobody to warn",
            certificate.pk,
            product.producer_id,
        )
    for user in team:
        language = _language(user)
        _send(
            to=user.email,
            language=language,
            template="certificate_expiring",
            context={
                "certificate": certificate,
                "product": product,
                "days_left": days_left,
                "link": _link(language, "producers:certificate_edit", pk=product.pk),
            },
        )
