"""A producer's products: details, photos, OCOP certificate, other certifications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from .. import selectors, services
from ..enums import VerificationStatus
from ..forms import CertificateForm, CertificationForm, ProductForm, ProductImagesForm, apply_errors
from ..models import Certification, OcopCertificate, Product, ProductImage
from ..table_card import table_card_filename, table_cards_pdf
from .mixins import MemberRequiredMixin, ProductMixin

# --- Products ----------------------------------------------------------------------------------


class ProductCreateView(MemberRequiredMixin, FormView):
    template_name = "producers/product_form.html"
    form_class = ProductForm

    def form_valid(self, form):
        try:
            product = services.product_create(producer=self.producer, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Product saved as a draft. Now add photos and its OCOP certificate.")
        )
        return redirect("producers:product_detail", pk=product.pk)


class ProductDetailView(ProductMixin, TemplateView):
    """The producer's own page of a product: status, photos, certificate, certifications."""

    template_name = "producers/product_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        photos = list(self.product.images.all())
        certificate = getattr(self.product, "certificate", None)
        in_catalogue = (
            self.product.is_published
            and certificate is not None
            and certificate.verification == VerificationStatus.VERIFIED
        )
        context.update(
            photos=photos,
            certificate=certificate,
            listed_since=self.product.listed_at if in_catalogue else None,
            certifications=list(self.product.certifications.all()),
            max_photos=ProductImage.MAX_PER_PRODUCT,
            photos_left=ProductImage.MAX_PER_PRODUCT - len(photos),
            companies_told=selectors.product_companies_told(product=self.product),
        )
        context.setdefault("image_form", ProductImagesForm(product=self.product))
        return context


class ProductTableCardView(ProductMixin, View):
    """The product's table card (PDF, to print) once buyers can see the product; until then
    its page says what is missing."""

    def get(self, request, pk):
        product = selectors.product_for_table_card(pk=self.product.pk)
        if product is None:
            messages.info(
                request,
                _(
                    "A table card leads buyers to the product's page: publish the product and "
                    "wait for its OCOP certificate to be verified."
                ),
            )
            return redirect(self.product_url())
        return pdf_response(table_cards_pdf([product], request=request), table_card_filename(product))


class TableCardsView(MemberRequiredMixin, View):
    """The table cards of all the producer's products in the catalogue, one a page."""

    def get(self, request):
        products = selectors.products_for_table_cards(producer=self.producer)
        if not products:
            messages.info(
                request, _("No product of yours is in the catalogue yet: there is no table card to print.")
            )
            return redirect("producers:dashboard")
        pdf = table_cards_pdf(products, request=request)
        return pdf_response(pdf, f"table-cards-{self.producer.slug}.pdf")


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """``pdf`` shown in the browser, ready to print (saved under ``filename``)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class ProductUpdateView(ProductMixin, FormView):
    template_name = "producers/product_form.html"
    form_class = ProductForm

    def get_form_kwargs(self):
        # A fresh copy, so a rejected change does not show in the page header.
        return {**super().get_form_kwargs(), "instance": Product.objects.get(pk=self.product.pk)}

    def form_valid(self, form):
        try:
            services.product_update(product=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Product saved."))
        return HttpResponseRedirect(self.product_url())


class ProductPublishView(ProductMixin, View):
    def post(self, request, pk):
        try:
            product = services.product_publish(product=self.product)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            certificate = getattr(product, "certificate", None)
            if certificate is not None and certificate.verification == "verified":
                messages.success(request, _("Published: buyers can now see this product."))
            else:
                messages.success(
                    request,
                    _("Published. Buyers will see it once an organiser has verified its OCOP certificate."),
                )
        return HttpResponseRedirect(self.product_url())


class ProductArchiveView(ProductMixin, View):
    def post(self, request, pk):
        services.product_archive(product=self.product)
        messages.info(request, _("Archived: buyers no longer see this product. You can publish it again."))
        return HttpResponseRedirect(self.product_url())


class ProductImagesAddView(ProductDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ProductImagesForm(request.POST, request.FILES, product=self.product)
        if form.is_valid():
            try:
                added = services.product_images_add(product=self.product, files=form.cleaned_data["images"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(count)s photo(s) added.") % {"count": len(added)})
                return HttpResponseRedirect(self.product_url() + "#photos")
        return self.render_to_response(self.get_context_data(image_form=form))


class _ImageMixin(ProductMixin):
    def get_image(self) -> ProductImage:
        return get_object_or_404(ProductImage, pk=self.kwargs["image_pk"], product=self.product)


class ProductImageMoveView(_ImageMixin, View):
    def post(self, request, pk, image_pk):
        direction = request.POST.get("direction")
        if direction not in ("up", "down", "first"):
            raise Http404
        try:
            services.product_image_move(image=self.get_image(), direction=direction)
        except ValidationError as exc:
            messages.warning(request, " ".join(exc.messages))
        return HttpResponseRedirect(self.product_url() + "#photos")


class ProductImageDeleteView(_ImageMixin, View):
    def post(self, request, pk, image_pk):
        services.product_image_delete(image=self.get_image())
        messages.info(request, _("Photo deleted."))
        return HttpResponseRedirect(self.product_url() + "#photos")


# --- Certificate and certifications --------------------------------------------------------------


class CertificateEditView(ProductMixin, FormView):
    template_name = "producers/certificate_form.html"
    form_class = CertificateForm

    def get_form_kwargs(self):
        # The form validates its own copy; the service loads and locks the row itself. A new
        # one gets only the product's id: assigning the product would cache it as its
        # (unsaved) certificate for the rest of the request.
        instance = OcopCertificate.objects.filter(product=self.product).first()
        return {
            **super().get_form_kwargs(),
            "instance": instance or OcopCertificate(product_id=self.product.pk),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = getattr(self.product, "certificate", None)
        return context

    def form_valid(self, form):
        try:
            certificate = services.certificate_save(product=self.product, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        if certificate.is_expired:
            messages.warning(
                self.request,
                _(
                    "Certificate saved, but it expired on %(date)s: the product does not show as OCOP "
                    "until you enter the renewed certificate."
                )
                % {"date": certificate.valid_until.strftime("%d/%m/%Y")},
            )
        else:
            messages.success(
                self.request,
                _("Certificate saved. An organiser will verify it before buyers see the product."),
            )
        return HttpResponseRedirect(self.product_url())


class _CertificationMixin(ProductMixin):
    def get_certification(self) -> Certification | None:
        if "certification_pk" not in self.kwargs:
            return None
        return get_object_or_404(Certification, pk=self.kwargs["certification_pk"], product=self.product)


class CertificationCreateView(_CertificationMixin, FormView):
    template_name = "producers/certification_form.html"
    form_class = CertificationForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "product": self.product,
            "instance": self.get_certification() or Certification(product=self.product),
        }

    def form_valid(self, form):
        try:
            services.certification_save(
                product=self.product, certification=self.get_certification(), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Certification saved."))
        return HttpResponseRedirect(self.product_url() + "#certifications")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certification"] = self.get_certification()
        return context


class CertificationUpdateView(CertificationCreateView):
    pass


class CertificationDeleteView(_CertificationMixin, TemplateView):
    template_name = "producers/certification_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "certification": self.get_certification()}

    def post(self, request, pk, certification_pk):
        services.certification_delete(certification=self.get_certification())
        messages.info(request, _("Certification deleted."))
        return HttpResponseRedirect(self.product_url() + "#certifications")
