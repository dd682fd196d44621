"""Buyer pages: thin views over distributors.selectors/catalogue (reads) and services (writes)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from events.selectors import participations_for_user
from matchmaking import selectors as matchmaking_selectors
from matchmaking import services as matchmaking_services
from matchmaking.engine.text import fold
from matchmaking.scoring.selectors import suggestions_for_buyer
from ocop_portal import page_cache
from producers.selectors import product_qs_visible

from . import catalogue, exports, new_products, selectors, services
from .enums import BuyerStatus
from .forms import (
    AddToShortlistForm,
    AskProducersForm,
    HandOverForm,
    OnboardingForm,
    ShortlistForm,
    ShortlistItemForm,
    ShortlistNoteForm,
    SourcingNeedForm,
)
from .permissions import ApprovedBuyerRequiredMixin, BuyerRequiredMixin, can_contact_producers, current_buyer


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def is_htmx(request) -> bool:
    """An htmx request for a part of the page (not a history restore, which needs it all)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


# --- Catalogue and product pages --------------------------------------------------------------


class CatalogueView(View):
    """Public: anyone can browse. The whole state is in the URL; htmx gets the results part.

    The results part (facets and cards) is the same for every visitor, so its HTML is kept
    in the cache for CATALOGUE_CACHE_SECONDS, and so is the whole page, once for anonymous
    visitors, members and staff, with each visitor's own CSRF token and CSP nonce filled in
    (ocop_portal.page_cache)."""

    def get(self, request):
        htmx = is_htmx(request)
        language = get_language() or ""
        page_key = None
        if not htmx and (variant := page_cache.visitor_variant(request)):
            page_key = catalogue.html_cache_key(f"page-{variant}", request.GET, language)
        if (html := catalogue.cached_html(page_key)) is not None:
            response = page_cache.fill_marks(request, html)
        else:
            response = self._render(request, htmx=htmx, language=language, page_key=page_key)
        patch_vary_headers(response, ("HX-Request",))
        return response

    def _render(self, request, *, htmx: bool, language: str, page_key: str | None):
        key = catalogue.html_cache_key("body", request.GET, language)
        body = catalogue.cached_html(key)
        result = None
        if body is None:
            result = catalogue.catalogue_page(request.GET)
            context = {"result": result, "products": result.products, "page_obj": result.page}
            body = render_to_string("distributors/_catalogue_body.html", context, request=request)
            catalogue.cache_html(key, body)
            query = result.query
        else:
            query = catalogue.search_query(request.GET)
        if htmx:
            return HttpResponse(body)
        context = {"body": mark_safe(body), "query": query, "result": result}  # noqa: S308 (our template)
        if result is not None:
            context.update(products=result.products, page_obj=result.page)
        html = page_cache.render_marked(request, "distributors/catalogue.html", context)
        catalogue.cache_html(page_key, html)
        return page_cache.fill_marks(request, html)


class ProductDetailView(View):
    def get(self, request, slug):
        product = selectors.product_detail(slug=slug)
        is_member = selectors.user_is_member_of_producer(user=request.user, producer_id=product.producer_id)
        services.product_register_view(product=product, viewer_is_producer_member=is_member)
        buyer = current_buyer(request) if request.user.is_authenticated else None
        approved = can_contact_producers(buyer)
        context = {
            "product": product,
            "images": list(product.images.all()),
            "certifications": list(product.certifications.all()),
            "similar": selectors.product_similar(product=product),
            "buyer": buyer,
            "can_contact": approved,
            "shortlist_form": AddToShortlistForm(buyer=buyer, product=product) if approved else None,
            "open_requests": matchmaking_selectors.open_requests_for_buyer(
                buyer=buyer, producer_id=product.producer_id
            ),
        }
        return render(request, "distributors/product_detail.html", context)


# --- Onboarding and dashboard -----------------------------------------------------------------


class OnboardingView(LoginRequiredMixin, View):
    template_name = "distributors/onboarding.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            buyer = current_buyer(request)
            if buyer is not None and buyer.status != BuyerStatus.REJECTED:
                return redirect("distributors:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form, status=200):
        propose = [form[name] for name in ("name", "channel", "head_office_province", "website")]
        return render(request, self.template_name, {"form": form, "propose_fields": propose}, status=status)

    def get(self, request):
        return self.render_form(request, OnboardingForm())

    def post(self, request):
        form = OnboardingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["mode"] == OnboardingForm.JOIN:
                    services.buyer_join(
                        user=request.user, distributor=data["distributor"], title=data["title"]
                    )
                else:
                    services.buyer_propose_distributor(
                        user=request.user,
                        name=data["name"],
                        channel=data["channel"],
                        head_office_province=data["head_office_province"],
                        website=data["website"],
                        title=data["title"],
                    )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. An organiser will confirm your membership; we will e-mail you."),
                )
                return redirect("distributors:dashboard")
        return self.render_form(request, form, status=400)


class DashboardView(BuyerRequiredMixin, TemplateView):
    template_name = "distributors/dashboard.html"

    def get_context_data(self, **kwargs):
        buyer = self.buyer
        context = super().get_context_data(**kwargs)
        context["buyer"] = buyer
        context["approved"] = can_contact_producers(buyer)
        context["my_participations"] = participations_for_user(self.request.user)
        if context["approved"]:
            context["needs"] = list(
                selectors.sourcing_needs_for_distributor(distributor=buyer.distributor, with_choices=False)
            )
            context["shortlists"] = list(selectors.shortlists_for_buyer(buyer=buyer))
            requests = matchmaking_selectors.meeting_requests_for_distributor(distributor=buyer.distributor)
            context["requests_sent"] = [r for r in requests if r.side == "buyer"]
            context["requests_received"] = [r for r in requests if r.side == "producer"]
            context["meetings"] = matchmaking_selectors.meetings_upcoming_for_distributor(
                distributor=buyer.distributor
            )
            context["suggestions"] = suggestions_for_buyer(buyer, limit=6)
        return context


# --- Sourcing needs ---------------------------------------------------------------------------


class NeedListView(ApprovedBuyerRequiredMixin, View):
    def get(self, request):
        needs = list(selectors.sourcing_needs_for_distributor(distributor=self.buyer.distributor))
        for need in needs:
            need.catalogue = catalogue.need_catalogue_filters(need)
        return render(request, "distributors/need_list.html", {"needs": needs, "buyer": self.buyer})


class NeedCreateView(ApprovedBuyerRequiredMixin, View):
    template_name = "distributors/need_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": SourcingNeedForm(), "need": None})

    def post(self, request):
        form = SourcingNeedForm(request.POST)
        if form.is_valid():
            try:
                services.sourcing_need_create(buyer=self.buyer, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your sourcing need is saved."))
                return redirect("distributors:need_list")
        return render(request, self.template_name, {"form": form, "need": None}, status=400)


class NeedUpdateView(ApprovedBuyerRequiredMixin, View):
    template_name = "distributors/need_form.html"

    def get(self, request, pk):
        need = selectors.sourcing_need_for_buyer(buyer=self.buyer, pk=pk)
        form = SourcingNeedForm(initial=SourcingNeedForm.initial_for(need))
        return render(request, self.template_name, {"form": form, "need": need})

    def post(self, request, pk):
        need = selectors.sourcing_need_for_buyer(buyer=self.buyer, pk=pk)
        form = SourcingNeedForm(request.POST)
        if form.is_valid():
            try:
                services.sourcing_need_update(need=need, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your sourcing need is saved."))
                return redirect("distributors:need_list")
        return render(request, self.template_name, {"form": form, "need": need}, status=400)


class NeedNewProductsView(ApprovedBuyerRequiredMixin, View):
    """The products that came into the catalogue for one of the distributor's needs lately:
    what the morning e-mail names, with photos. 24 a page."""

    def get(self, request, pk):
        need = selectors.sourcing_need_for_buyer(buyer=self.buyer, pk=pk, with_choices=False)
        page = Paginator(selectors.need_new_products(need=need), catalogue.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {"need": need, "page_obj": page, "days": selectors.NEW_FOR_DAYS}
        return render(request, "distributors/need_new_products.html", context)


class NewProductsEmailsView(ApprovedBuyerRequiredMixin, View):
    """The buyer turns their own morning e-mail of new products on or off (needs page)."""

    def post(self, request):
        on = request.POST.get("on") == "1"
        new_products.new_products_emails_set(buyer=self.buyer, on=on)
        if on:
            messages.success(request, _("You will get the morning e-mail of new products again."))
        else:
            messages.success(request, _("You will no longer get the morning e-mail of new products."))
        return redirect("distributors:need_list")


@method_decorator(csrf_exempt, name="dispatch")
class NewProductsUnsubscribeView(View):
    """The link at the foot of the e-mail, without logging in: the signed token names the
    buyer. A page asks to confirm; mail clients' one-click unsubscribe (RFC 8058) posts
    without a CSRF token, which is why none is asked: all it can do is stop these e-mails."""

    template_name = "distributors/new_products_unsubscribe.html"

    def buyer(self, token):
        buyer = new_products.buyer_for_unsubscribe_token(token)
        if buyer is None:
            raise Http404("No such link")
        return buyer

    def get(self, request, token):
        return render(request, self.template_name, {"buyer": self.buyer(token), "done": False})

    def post(self, request, token):
        buyer = self.buyer(token)
        new_products.new_products_emails_set(buyer=buyer, on=False)
        return render(request, self.template_name, {"buyer": buyer, "done": True})


class NeedDeleteView(ApprovedBuyerRequiredMixin, View):
    def get(self, request, pk):
        need = selectors.sourcing_need_for_buyer(buyer=self.buyer, pk=pk)
        return render(request, "distributors/need_confirm_delete.html", {"need": need})

    def post(self, request, pk):
        need = selectors.sourcing_need_for_buyer(buyer=self.buyer, pk=pk)
        services.sourcing_need_delete(need=need)
        messages.success(request, _("The sourcing need was deleted."))
        return redirect("distributors:need_list")


# --- Shortlists -------------------------------------------------------------------------------


class ShortlistListView(ApprovedBuyerRequiredMixin, View):
    template_name = "distributors/shortlist_list.html"

    def render_list(self, request, form, status=200):
        shortlists = list(selectors.shortlists_for_buyer(buyer=self.buyer))
        context = {
            "shortlists": [shortlist for shortlist in shortlists if shortlist.mine],
            "colleagues_shortlists": [shortlist for shortlist in shortlists if not shortlist.mine],
            "form": form,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_list(request, ShortlistForm())

    def post(self, request):
        form = ShortlistForm(request.POST)
        if form.is_valid():
            try:
                shortlist = services.shortlist_create(buyer=self.buyer, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Shortlist “%(name)s” created.") % {"name": shortlist.name})
                return redirect("distributors:shortlist_detail", pk=shortlist.pk)
        return self.render_list(request, form, status=400)


class ShortlistDetailView(ApprovedBuyerRequiredMixin, View):
    template_name = "distributors/shortlist_detail.html"

    def render_detail(self, request, shortlist, form, status=200, ask_form=None):
        items = selectors.shortlist_items(shortlist=shortlist)
        if ask_form is None:
            ask_form = _ask_form(shortlist, self.buyer, items)
        hand_over_form = HandOverForm(buyer=self.buyer) if form is not None else None
        context = {
            "shortlist": shortlist,
            "items": items,
            "form": form,
            "mine": form is not None,
            "ask_form": ask_form if ask_form.events else None,
            "hand_over_form": hand_over_form if hand_over_form and hand_over_form.colleagues else None,
            # a colleague may take over a shared list whose owner no longer buys for the company
            "can_take_over": form is None and not shortlist.buyer.is_approved,
        }
        return render(request, self.template_name, context, status=status)

    def edit_form(self, shortlist) -> ShortlistForm | None:
        """The rename and share form, for the list's owner only (not on a colleague's list)."""
        if shortlist.buyer_id != self.buyer.pk:
            return None
        initial = {"name": shortlist.name, "event": shortlist.event_id, "shared": shortlist.shared}
        return ShortlistForm(initial=initial)

    def get(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        return self.render_detail(request, shortlist, self.edit_form(shortlist))

    def post(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk, owned=True)
        form = ShortlistForm(request.POST)
        if form.is_valid():
            try:
                services.shortlist_update(shortlist=shortlist, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The shortlist is saved."))
                return redirect("distributors:shortlist_detail", pk=shortlist.pk)
        shortlist.refresh_from_db()
        return self.render_detail(request, shortlist, form, status=400)


class ShortlistDeleteView(ApprovedBuyerRequiredMixin, View):
    def get(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk, owned=True)
        return render(request, "distributors/shortlist_confirm_delete.html", {"shortlist": shortlist})

    def post(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk, owned=True)
        services.shortlist_delete(shortlist=shortlist)
        messages.success(request, _("The shortlist was deleted."))
        return redirect("distributors:shortlist_list")


class ShortlistAddView(ApprovedBuyerRequiredMixin, View):
    """POST from a product page: add the product to a shortlist (a new one if named)."""

    def post(self, request, slug):
        product = get_object_or_404(product_qs_visible(), slug=slug)
        form = AddToShortlistForm(request.POST, buyer=self.buyer)
        detail_url = reverse("distributors:product_detail", kwargs={"slug": product.slug})
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(detail_url)
        data = form.cleaned_data
        try:
            shortlist = data["shortlist"] or services.shortlist_create(
                buyer=self.buyer, name=data["new_name"]
            )
            _item, created = services.shortlist_add_product(
                shortlist=shortlist, product=product, note=data["note"], added_by=self.buyer
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url)
        if created:
            messages.success(
                request,
                _("%(product)s was added to “%(shortlist)s”.")
                % {"product": product.name, "shortlist": shortlist.name},
            )
        else:
            messages.info(
                request,
                _("%(product)s is already on “%(shortlist)s”.")
                % {"product": product.name, "shortlist": shortlist.name},
            )
        return redirect(detail_url)


class ShortlistRemoveItemView(ApprovedBuyerRequiredMixin, View):
    def post(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        form = ShortlistItemForm(request.POST)
        if form.is_valid() and services.shortlist_remove_product(
            shortlist=shortlist, product_id=form.cleaned_data["product"]
        ):
            messages.success(request, _("The product was removed from the shortlist."))
        return redirect("distributors:shortlist_detail", pk=shortlist.pk)


class ShortlistNoteView(ApprovedBuyerRequiredMixin, View):
    """POST from a shortlist's page: the note of one of its products (a colleague's too, on a
    shared list)."""

    def post(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        form = ShortlistNoteForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        elif services.shortlist_item_note(
            shortlist=shortlist, product_id=form.cleaned_data["product"], note=form.cleaned_data["note"]
        ):
            messages.success(request, _("The note is saved."))
        url = reverse("distributors:shortlist_detail", kwargs={"pk": shortlist.pk})
        return redirect(f"{url}#item-{form.cleaned_data.get('product', '')}")


class ShortlistHandOverView(ApprovedBuyerRequiredMixin, View):
    """POST from a shortlist's page: its owner gives it to a colleague (``to``), or a
    colleague takes over a shared list whose owner has left (no ``to``)."""

    def post(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        if "to" in request.POST:
            form = HandOverForm(request.POST, buyer=self.buyer)
            to = form.cleaned_data["to"] if form.is_valid() else None
        else:
            to = self.buyer
        try:
            if to is None:
                raise ValidationError(_("Choose an approved colleague of your company."))
            services.shortlist_hand_over(shortlist=shortlist, to=to, by=self.buyer)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if to == self.buyer:
                messages.success(request, _("The list is yours now: you can rename, share or delete it."))
            else:
                messages.success(request, _("The list is now %(name)s's.") % {"name": to.user})
                return redirect("distributors:shortlist_list")
        return redirect("distributors:shortlist_detail", pk=shortlist.pk)


def _ask_form(shortlist, buyer, items, data=None) -> AskProducersForm:
    """The form that asks a list's producers to meet at an event the buyer's company attends
    (the list's own event chosen at first, when it is one of them)."""
    events = matchmaking_selectors.events_for_distributor(distributor=buyer.distributor)
    return AskProducersForm(data, events=events, items=items, event_id=shortlist.event_id, prefix="ask")


class ShortlistAskView(ShortlistDetailView):
    """POST from a shortlist's page: ask every producer on the list to meet at an event the
    company attends (matchmaking.services.meeting_requests_create_for_products)."""

    def get(self, request, pk):
        return redirect("distributors:shortlist_detail", pk=pk)

    def post(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        items = selectors.shortlist_items(shortlist=shortlist)
        form = _ask_form(shortlist, self.buyer, items, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = set(data.pop("producers"))
            products = [item.product for item in items if item.product.producer_id in chosen]
            try:
                result = matchmaking_services.meeting_requests_create_for_products(
                    buyer=self.buyer, products=products, **data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                _report_requests_sent(request, result, form.cleaned_data["event"])
                return redirect("distributors:shortlist_detail", pk=shortlist.pk)
        return self.render_detail(request, shortlist, self.edit_form(shortlist), status=400, ask_form=form)


def _report_requests_sent(request, result, event) -> None:
    """The messages after asking a list's producers: how many were asked, and who was not and
    why."""
    if result.sent:
        count = len(result.sent)
        messages.success(
            request,
            ngettext(
                "%(count)d meeting request sent. Each producer gets an e-mail.",
                "%(count)d meeting requests sent. Each producer gets an e-mail.",
                count,
            )
            % {"count": count},
        )
    reasons = {
        "duplicate": _("Already asked at this event, or asking you: %(names)s."),
        "other_absent": _("Not taking part in this event: %(names)s."),
        "limit": _(
            "Not asked, as your company has reached the organiser's limit of %(limit)d requests "
            "for this event: %(names)s."
        ),
        "product": _("No product of theirs on this list is in the catalogue any more: %(names)s."),
    }
    for code, text in reasons.items():
        if producers := result.skipped.get(code):
            names = ", ".join(p.legal_name for p in producers)
            messages.warning(request, text % {"names": names, "limit": event.max_requests_per_participant})


def _file_stem(shortlist) -> str:
    return slugify(fold(shortlist.name)) or "shortlist"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ShortlistExportXlsxView(ApprovedBuyerRequiredMixin, View):
    def get(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        content = exports.shortlist_xlsx(
            shortlist=shortlist, items=selectors.shortlist_items(shortlist=shortlist), request=request
        )
        return _download(
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{_file_stem(shortlist)}.xlsx",
        )


class ShortlistExportPdfView(ApprovedBuyerRequiredMixin, View):
    def get(self, request, pk):
        shortlist = selectors.shortlist_for_buyer(buyer=self.buyer, pk=pk)
        content = exports.shortlist_pdf(
            shortlist=shortlist, items=selectors.shortlist_items(shortlist=shortlist), request=request
        )
        return _download(content, "application/pdf", f"{_file_stem(shortlist)}.pdf")
