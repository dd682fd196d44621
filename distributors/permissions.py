"""Who may do what on the buyer pages.

- Anyone (even anonymous) browses the catalogue and product pages.
- A logged-in user without a buyer membership is sent to the onboarding page.
- A buyer whose membership is not approved yet (or was rejected) sees their dashboard but
  gets a 403 page that explains why on every page that contacts producers or works on the
  distributor's data (needs, shortlists, meeting requests).
- Objects are looked up within the buyer's own distributor (needs) or membership
  (shortlists): anybody else gets a 404, so URLs reveal nothing.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render

from .enums import BuyerStatus
from .models import Buyer
from .selectors import buyer_for_user


def current_buyer(request) -> Buyer | None:
    """The request user's buyer membership, read once per request."""
    if not hasattr(request, "_current_buyer"):
        request._current_buyer = buyer_for_user(request.user)
    return request._current_buyer


def can_contact_producers(buyer: Buyer | None) -> bool:
    return buyer is not None and buyer.status == BuyerStatus.APPROVED


def not_approved_response(request, buyer: Buyer | None):
    """403 with a page that says why and what happens next."""
    return render(request, "distributors/not_approved.html", {"buyer": buyer}, status=403)


class BuyerRequiredMixin(LoginRequiredMixin):
    """A logged-in user with a buyer membership (any status); others go to onboarding."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.buyer = current_buyer(request)
        if self.buyer is None:
            return redirect("distributors:onboarding")
        return super().dispatch(request, *args, **kwargs)


class ApprovedBuyerRequiredMixin(BuyerRequiredMixin):
    """As above, and the membership must be approved (403 page otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.buyer = current_buyer(request)
        if self.buyer is None:
            return redirect("distributors:onboarding")
        if not can_contact_producers(self.buyer):
            return not_approved_response(request, self.buyer)
        return super(BuyerRequiredMixin, self).dispatch(request, *args, **kwargs)
