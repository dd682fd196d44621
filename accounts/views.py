from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from producers.selectors import invitations_open_for_user, join_requests_of_user

from .selectors import roles_for_user


class DashboardView(LoginRequiredMixin, View):
    """Sends each user to their own dashboard, or a new user to choose a role."""

    def get(self, request):
        roles = roles_for_user(request.user)
        if roles.producer_membership:
            return redirect("producers:dashboard")
        if roles.buyer:
            return redirect("distributors:dashboard")
        if roles.is_organiser:
            return redirect("admin:index")
        return redirect("accounts:choose_role")


class ChooseRoleView(LoginRequiredMixin, TemplateView):
    """A new user's first page: producer or buyer; invitations and join requests waiting."""

    template_name = "accounts/choose_role.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitations"] = invitations_open_for_user(user=self.request.user)
        context["join_requests"] = join_requests_of_user(user=self.request.user)
        return context
