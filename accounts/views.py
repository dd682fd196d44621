from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

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
    template_name = "accounts/choose_role.html"
