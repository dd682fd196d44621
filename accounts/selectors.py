"""Who a user is on the portal: a producer's member, a buyer, an organiser, or new."""

from dataclasses import dataclass

from distributors.models import Buyer
from producers.models import ProducerMember


@dataclass(frozen=True)
class Roles:
    producer_membership: ProducerMember | None
    buyer: Buyer | None
    is_organiser: bool

    @property
    def is_new(self) -> bool:
        return self.producer_membership is None and self.buyer is None and not self.is_organiser


def roles_for_user(user) -> Roles:
    if not user.is_authenticated:
        return Roles(None, None, False)
    membership = ProducerMember.objects.filter(user=user).select_related("producer").order_by("pk").first()
    buyer = Buyer.objects.filter(user=user).select_related("distributor").order_by("pk").first()
    return Roles(membership, buyer, user.is_active and user.is_staff)
