"""Who may open a producer page: its members (permissions.py decides)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse

from .. import permissions


class MemberRequiredMixin(LoginRequiredMixin):
    """Pages of the producer the user works for; a user with none is sent to register one."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = permissions.current_membership(request)
        if self.membership is None:
            return redirect("producers:profile_create")
        self.producer = self.membership.producer
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            producer=self.producer,
            membership=self.membership,
            is_owner=permissions.is_owner(self.membership),
            memberships=getattr(self.request, "producer_memberships", []),
        )
        return context


class ProductMixin(LoginRequiredMixin):
    """Pages of one product: only members of its producer get past, everyone else a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.product = permissions.product_or_404(request.user, kwargs["pk"])
        self.producer = self.product.producer
        return super().dispatch(request, *args, **kwargs)

    def product_url(self) -> str:
        return reverse("producers:product_detail", kwargs={"pk": self.product.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(product=self.product, producer=self.producer)
        return context
