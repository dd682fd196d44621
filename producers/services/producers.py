"""Producers and their teams: registration, profile, invitations, join requests."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import InvitationStatus, JoinRequestStatus, MemberRole
from ..models import Producer, ProducerInvitation, ProducerJoinRequest, ProducerMember
from .common import (
    PRODUCER_FIELDS,
    PRODUCER_SEARCH_FIELDS,
    allow_only,
    enqueue_after_commit,
    producer_refresh_search_text,
    unique_slug,
)

# --- Producers ---------------------------------------------------------------------------------


@transaction.atomic
def producer_create(*, user, **fields) -> Producer:
    """Register a producer. Side effects: the user becomes its owner (ProducerMember)."""
    allow_only(fields, PRODUCER_FIELDS)
    producer = Producer(**fields)
    producer.slug = unique_slug(Producer, producer.legal_name, max_length=255)
    producer.full_clean()
    producer.save()
    ProducerMember.objects.create(producer=producer, user=user, role=MemberRole.OWNER)
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, **fields) -> Producer:
    """Side effects: rewrites the products' search text when the name or province changes.

    ``producer`` may already carry the new values (a ModelForm's ``instance`` is updated
    during validation), so the change is found against the row stored in the database."""
    allow_only(fields, PRODUCER_FIELDS)
    stored = (
        Producer.objects.select_for_update().filter(pk=producer.pk).values_list(*PRODUCER_SEARCH_FIELDS).get()
    )
    for name, value in fields.items():
        setattr(producer, name, value)
    producer.full_clean()
    producer.save()
    if tuple(getattr(producer, name) for name in PRODUCER_SEARCH_FIELDS) != stored:
        producer_refresh_search_text(producer=producer)
    return producer


# --- Team: invitations and join requests -----------------------------------------------------------


def _is_member(producer: Producer, user) -> bool:
    return ProducerMember.objects.filter(producer=producer, user=user).exists()


@transaction.atomic
def producer_invitation_create(*, producer: Producer, invited_by, email: str) -> ProducerInvitation:
    """Invite someone by e-mail. Side effects: mails them a link after commit."""
    from ..tasks import send_invitation as send_invitation_task

    email = (email or "").strip()
    if ProducerMember.objects.filter(producer=producer, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of your team.")})
    invitation = ProducerInvitation(
        producer=producer, invited_by=invited_by, email=email, token=secrets.token_urlsafe(32)
    )
    invitation.full_clean()
    invitation.save()
    enqueue_after_commit(send_invitation_task, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def producer_invitation_accept(*, invitation: ProducerInvitation, user) -> ProducerMember:
    """Side effects: adds the user to the producer's team; closes the invitation and any
    request of theirs to join the same producer."""
    invitation = ProducerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."), code="closed")
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s: log in with that address to accept it."),
            code="wrong_user",
            params={"email": invitation.email},
        )
    member, _created = ProducerMember.objects.get_or_create(
        producer=invitation.producer, user=user, defaults={"role": MemberRole.MEMBER}
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "answered_at"])
    ProducerJoinRequest.objects.filter(
        producer=invitation.producer, user=user, status=JoinRequestStatus.PENDING
    ).update(status=JoinRequestStatus.APPROVED, decided_at=timezone.now(), decided_by=invitation.invited_by)
    return member


@transaction.atomic
def producer_invitation_cancel(*, invitation: ProducerInvitation) -> None:
    """Side effects: the invitation link stops working."""
    ProducerInvitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.CANCELLED, answered_at=timezone.now()
    )


@transaction.atomic
def producer_join_request_create(*, producer: Producer, user, message: str = "") -> ProducerJoinRequest:
    """Ask to join a producer already registered. Side effects: mails its owners after commit."""
    from ..tasks import notify_join_request as notify_join_request_task

    if _is_member(producer, user):
        raise ValidationError(_("You are already a member of this producer."), code="already_member")
    join_request = ProducerJoinRequest(producer=producer, user=user, message=message)
    join_request.full_clean()
    join_request.save()
    enqueue_after_commit(notify_join_request_task, join_request_id=join_request.pk)
    return join_request


def _decide_join_request(join_request: ProducerJoinRequest, by, status: str) -> ProducerJoinRequest:
    from ..tasks import notify_join_decision as notify_join_decision_task

    join_request = ProducerJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."), code="already_decided")
    join_request.status = status
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if status == JoinRequestStatus.APPROVED:
        ProducerMember.objects.get_or_create(
            producer=join_request.producer, user=join_request.user, defaults={"role": MemberRole.MEMBER}
        )
    enqueue_after_commit(notify_join_decision_task, join_request_id=join_request.pk)
    return join_request


@transaction.atomic
def producer_join_request_approve(*, join_request: ProducerJoinRequest, by) -> ProducerJoinRequest:
    """Side effects: adds the requester to the team; mails them after commit."""
    return _decide_join_request(join_request, by, JoinRequestStatus.APPROVED)


@transaction.atomic
def producer_join_request_decline(*, join_request: ProducerJoinRequest, by) -> ProducerJoinRequest:
    """Side effects: mails the requester after commit."""
    return _decide_join_request(join_request, by, JoinRequestStatus.DECLINED)
