"""The team: join requests, invitations."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from .. import permissions, selectors, services
from ..enums import InvitationStatus
from ..forms import InvitationForm, JoinRequestForm, apply_errors
from ..models import Producer, ProducerInvitation
from .mixins import MemberRequiredMixin

# --- Team ----------------------------------------------------------------------------------------


class JoinRequestCreateView(LoginRequiredMixin, View):
    """Ask the owners of an already registered producer (same tax code) to add you."""

    def post(self, request):
        form = JoinRequestForm(request.POST)
        if not form.is_valid():
            raise Http404
        producer = get_object_or_404(Producer, tax_code=form.cleaned_data["tax_code"])
        try:
            services.producer_join_request_create(
                producer=producer, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            messages.warning(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent to the owner of %(producer)s. "
                    "You will get an e-mail when they answer."
                )
                % {"producer": producer.legal_name},
            )
        return redirect("accounts:dashboard")


class JoinRequestDecideView(LoginRequiredMixin, View):
    def post(self, request, pk):
        join_request = permissions.join_request_for_owner_or_404(request.user, pk)
        decision = request.POST.get("decision")
        service = {
            "approve": services.producer_join_request_approve,
            "decline": services.producer_join_request_decline,
        }.get(decision)
        if service is None:
            raise Http404
        try:
            service(join_request=join_request, by=request.user)
        except ValidationError as exc:
            messages.warning(request, " ".join(exc.messages))
        else:
            name = str(join_request.user)
            if decision == "approve":
                messages.success(request, _("%(name)s is now a member of your team.") % {"name": name})
            else:
                messages.info(request, _("You declined the request of %(name)s.") % {"name": name})
        return redirect("producers:dashboard")


class TeamView(MemberRequiredMixin, FormView):
    template_name = "producers/team.html"
    form_class = InvitationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "producer": self.producer}

    def post(self, request, *args, **kwargs):
        permissions.require_owner(self.membership)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.producer_invitation_create(
                producer=self.producer, invited_by=self.request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("producers:team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            members=selectors.team_members(producer=self.producer),
            invitations=selectors.invitations_pending(producer=self.producer),
        )
        return context


class InvitationCancelView(LoginRequiredMixin, View):
    def post(self, request, pk):
        invitation = get_object_or_404(ProducerInvitation.objects.select_related("producer"), pk=pk)
        membership = permissions.membership_or_404(request.user, invitation.producer_id)
        permissions.require_owner(membership)
        services.producer_invitation_cancel(invitation=invitation)
        messages.info(request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email})
        return redirect("producers:team")


class InvitationAcceptView(TemplateView):
    """The link of an invitation e-mail. Anyone holding it sees whom it invites and where;
    accepting needs an account with the invited address (log in or sign up first)."""

    template_name = "producers/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(
            ProducerInvitation.objects.select_related("producer", "invited_by"), token=kwargs["token"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(invitation=self.invitation, producer=self.invitation.producer)
        return context

    def post(self, request, token):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            member = services.producer_invitation_accept(invitation=self.invitation, user=request.user)
        except ValidationError as exc:
            context = self.get_context_data(error=" ".join(exc.messages))
            return self.render_to_response(context, status=400)
        request.session[permissions.SESSION_KEY] = member.producer_id
        messages.success(
            request, _("Welcome to the team of %(producer)s.") % {"producer": member.producer.legal_name}
        )
        return redirect("producers:dashboard")

    def get(self, request, *args, **kwargs):
        if self.invitation.status == InvitationStatus.CANCELLED:
            raise Http404
        return super().get(request, *args, **kwargs)
