"""The dashboard and the producer profile."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from events.selectors import participations_for_user
from matchmaking.scoring.selectors import buyers_for_producer

from .. import permissions, selectors, services
from ..enums import VerificationStatus
from ..forms import JoinRequestForm, ProducerProfileForm, apply_errors
from ..models import Producer
from .mixins import MemberRequiredMixin

# --- Dashboard and profile ---------------------------------------------------------------------


class DashboardView(MemberRequiredMixin, TemplateView):
    template_name = "producers/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        products = selectors.product_list_for_dashboard(producer=self.producer)
        live = [p for p in products if getattr(p, "certificate", None) and not p.is_archived]
        context.update(
            products=products,
            expiring=[p for p in live if p.certificate.expires_soon],
            expired=[p for p in live if p.certificate.is_expired],
            # products in the catalogue: each has a table card to print
            has_table_cards=any(
                p.is_published and p.certificate.verification == VerificationStatus.VERIFIED for p in live
            ),
            meeting_requests=selectors.meeting_requests_for_producer(producer=self.producer),
            join_requests=selectors.join_requests_pending(producer=self.producer),
            invitations=selectors.invitations_pending(producer=self.producer),
            buyers=buyers_for_producer(self.producer, limit=6),
            my_participations=participations_for_user(self.request.user),
        )
        return context


class ProfileCreateView(LoginRequiredMixin, FormView):
    template_name = "producers/profile_form.html"
    form_class = ProducerProfileForm

    def form_valid(self, form):
        try:
            producer = services.producer_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        self.request.session[permissions.SESSION_KEY] = producer.pk
        messages.success(self.request, _("Your producer profile is ready. Now add your first product."))
        return redirect("producers:dashboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound and form.tax_code_taken:
            tax_code = form.cleaned_data.get("tax_code") or form.data.get("tax_code", "").strip()
            context["existing_producer"] = Producer.objects.filter(tax_code=tax_code).first()
            context["join_form"] = JoinRequestForm(initial={"tax_code": tax_code}, auto_id="join_%s")
        return context


class ProfileUpdateView(MemberRequiredMixin, FormView):
    template_name = "producers/profile_form.html"
    form_class = ProducerProfileForm

    def get_form_kwargs(self):
        # A fresh copy, so a rejected change does not show in the page header.
        return {**super().get_form_kwargs(), "instance": Producer.objects.get(pk=self.producer.pk)}

    def form_valid(self, form):
        try:
            services.producer_update(producer=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile has been saved."))
        return redirect("producers:dashboard")


class SwitchProducerView(LoginRequiredMixin, View):
    def post(self, request):
        try:
            producer_id = int(request.POST.get("producer", ""))
        except ValueError as exc:
            raise Http404 from exc
        permissions.switch_producer(request, producer_id=producer_id)
        return redirect("producers:dashboard")
