"""Who may see and change what of a producer: only its own users (its members). Everyone
else, organisers included (they work in the admin), gets a 404, as if it did not exist.

Within a team, every member manages the profile and the products; only owners manage the
team (invitations, join requests).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .enums import MemberRole
from .models import ProducerJoinRequest, ProducerMember, Product
from .selectors import memberships_for_user, product_for_member

SESSION_KEY = "producers.current"


def current_membership(request) -> ProducerMember | None:
    """The membership the user is working in: the producer they last switched to, else their
    oldest one. None for a user who belongs to no producer."""
    memberships = memberships_for_user(request.user)
    request.producer_memberships = memberships
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.producer_id == chosen:
            return membership
    return memberships[0] if memberships else None


def switch_producer(request, *, producer_id: int) -> ProducerMember:
    """Work in another of the user's producers from now on (404 if not theirs)."""
    for membership in memberships_for_user(request.user):
        if membership.producer_id == producer_id:
            request.session[SESSION_KEY] = producer_id
            return membership
    raise Http404


def product_or_404(user, pk: int) -> Product:
    product = product_for_member(user=user, pk=pk)
    if product is None:
        raise Http404
    return product


def membership_or_404(user, producer_id: int) -> ProducerMember:
    membership = (
        ProducerMember.objects.filter(user=user, producer_id=producer_id).select_related("producer").first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def is_owner(membership: ProducerMember | None) -> bool:
    return membership is not None and membership.role == MemberRole.OWNER


def require_owner(membership: ProducerMember) -> None:
    if not is_owner(membership):
        raise PermissionDenied


def join_request_for_owner_or_404(user, pk: int) -> ProducerJoinRequest:
    """A join request to a producer the user owns; 404 for anyone else (members get 404 too:
    they never see requests)."""
    join_request = (
        ProducerJoinRequest.objects.filter(
            pk=pk, producer__memberships__user=user, producer__memberships__role=MemberRole.OWNER
        )
        .select_related("producer", "user")
        .first()
        if user.is_authenticated
        else None
    )
    if join_request is None:
        raise Http404
    return join_request
