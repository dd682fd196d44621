"""Producer-facing forms: short, phone-friendly, with errors next to each field.

Forms only validate; the views hand ``cleaned_data`` to the services. Each form lists the
fields a producer may set, so extra POST data (producer, status, verification...) is ignored.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchmaking.engine.text import fold
from ocop_portal.kept_uploads import KeepsUploads, KeptFileInput

from . import images, ocop
from .enums import IssuingLevel
from .models import (
    Certification,
    CertificationKind,
    OcopCertificate,
    Producer,
    ProducerInvitation,
    Product,
    ProductGroup,
    ProductImage,
    ProductSubGroup,
    Province,
)
from .services import PRODUCT_FIELDS

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class ListedChoices(forms.models.ModelChoiceIterator):
    """A model choice field's options read from its queryset as it stands: once evaluated,
    from its cache (Django's own iterator runs the query again); ``objects`` may reorder."""

    def objects(self):
        return self.queryset

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.objects():
            yield self.choice(obj)


class _VietnameseOrder(ListedChoices):
    """Provinces as Vietnamese readers look for them: "Cà Mau" before "Cao Bằng", "Đà Nẵng"
    among the D's (the database sorts by code points, which puts every "Đ" last)."""

    def objects(self):
        return sorted(self.queryset, key=lambda p: fold(p.name))


class ProvinceChoiceField(forms.ModelChoiceField):
    """A province, in Vietnamese alphabetical order; by default the 34 in force since 2025."""

    iterator = _VietnameseOrder

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Province.objects.filter(is_current=True) if queryset is None else queryset, **kwargs)


class ProvinceMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _VietnameseOrder

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Province.objects.filter(is_current=True) if queryset is None else queryset, **kwargs)


DOCUMENT_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"
_PHONE_CHARS = re.compile(r"^[0-9+().\-\s]+$")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field it names when the
    form has that field, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VndField(forms.IntegerField):
    """An amount in đồng typed the way people write it: "1.250.000", "1 250 000 ₫"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s.,₫đ]|vnd", "", value.strip().lower())
        return super().to_python(value)


class ProducerProfileForm(forms.ModelForm):
    class Meta:
        model = Producer
        fields = (
            "kind",
            "legal_name",
            "tax_code",
            "province",
            "address",
            "phone",
            "contact_person",
            "email",
            "website",
            "story",
        )
        widgets = {
            "kind": forms.RadioSelect,
            "tax_code": forms.TextInput(attrs={"autocomplete": "off", "placeholder": "2200123456"}),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "contact_person": forms.TextInput(attrs={"autocomplete": "name"}),
            "story": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"kind": _("Kind of business")}
        field_classes = {"province": ProvinceChoiceField}
        help_texts = {
            "story": _("Who you are, where and how you make your products: buyers read this first."),
            "legal_name": _("As on your business registration, e.g. Hợp tác xã Nông sản Vĩnh Châu."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the provinces in force since the 2025 merger can be chosen. A producer still
        # recorded in a former province is offered the one it merged into, and told so, rather
        # than an empty choice that fails as "required" on the next save.
        province = self.fields["province"]
        province.queryset = Province.objects.filter(is_current=True)  # the model field offers all
        former = self.instance.province if self.instance.pk and self.instance.province_id else None
        if former is not None and not former.is_current and former.merged_into_id and not self.is_bound:
            self.initial["province"] = former.merged_into_id
            province.help_text = _(
                "%(former)s merged into %(current)s in 2025: check the province and save."
            ) % {"former": former.name, "current": former.merged_into.name}
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]

    def clean_tax_code(self):
        return re.sub(r"\s+", "", self.cleaned_data["tax_code"] or "")

    def clean_phone(self):
        phone = (self.cleaned_data["phone"] or "").strip()
        digits = re.sub(r"\D", "", phone)
        if not _PHONE_CHARS.match(phone) or not 9 <= len(digits) <= 12:
            raise ValidationError(
                _("Enter a phone number of 10 digits, e.g. 0912 345 678 or 0299 3 123 456."),
                code="invalid_phone",
            )
        return phone

    @property
    def tax_code_taken(self) -> bool:
        return any(e.code == "unique" for e in self.errors.as_data().get("tax_code", []))


class JoinRequestForm(forms.Form):
    tax_code = forms.CharField(widget=forms.HiddenInput, max_length=14)
    message = forms.CharField(
        label=_("Message to the owner"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say who you are, so the owner recognises you."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, producer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.producer = producer

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if ProducerInvitation.objects.filter(
            producer=self.producer, email__iexact=email, status="pending"
        ).exists():
            raise ValidationError(_("This person has already been invited."), code="already_invited")
        return email


class SubGroupSelect(forms.Select):
    """Each option carries its group, so the page can offer only the chosen group's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-group"] = str(instance.group_id)
        return option


class ProductForm(forms.ModelForm):
    price_min = VndField(label=_("Lowest price (VND)"), required=False)
    price_max = VndField(label=_("Highest price (VND)"), required=False)

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "subgroup": SubGroupSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "gtin": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "min_order_quantity": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "monthly_capacity": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "shelf_life_days": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "gtin": _("The 13 digits under the barcode on the package (893... for Vietnam)."),
            "packaging": _("e.g. box of 12 × 500 g, glass bottle 500 ml."),
            "min_order_quantity": _("In the unit chosen above."),
            "monthly_capacity": _("How much you can deliver each month, in the unit below."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = ProductGroup.objects.filter(is_legacy=False)
        subgroups = ProductSubGroup.objects.filter(group__is_legacy=False).select_related("group")
        if self.instance.pk:  # a product filed under a 2019 (1048) group keeps it
            groups = groups | ProductGroup.objects.filter(pk=self.instance.group_id)
        self.fields["group"].queryset = groups.order_by("is_legacy", "position", "name")
        self.fields["subgroup"].queryset = subgroups.order_by("group__position", "position", "name")
        self.fields["subgroup"].label_from_instance = lambda sub: f"{sub.group.label} › {sub.label}"
        self.fields["price_min"].help_text = _("e.g. 1.250.000")

    def clean_gtin(self):
        return re.sub(r"\s+", "", self.cleaned_data.get("gtin") or "")


class CertificateForm(KeepsUploads, forms.ModelForm):
    scan = forms.FileField(
        label=_("Scan or photo of the certificate"),
        required=False,
        widget=KeptFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, JPEG, PNG or WebP, up to 10 MB."),
    )

    class Meta:
        model = OcopCertificate
        fields = ("stars", "score", "decision_number", "issuing_level", "issued_on")
        widgets = {
            "stars": forms.Select(),
            "score": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}),
            "issued_on": DateInput(),
            "decision_number": forms.TextInput(attrs={"placeholder": "1234/QĐ-UBND"}),
        }
        help_texts = {
            "score": _("The total of the 100-point evaluation: 90–100 is 5★, 70–89 is 4★, 50–69 is 3★."),
            "issued_on": _("The date of the decision. A certificate is valid for 36 months."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # OCOP certifies 3★ to 5★; a lower rating stored earlier (an import) stays choosable.
        lowest = min(ocop.OCOP_MIN_STARS, self.instance.stars or ocop.OCOP_MIN_STARS)
        self.fields["stars"].widget.choices = [(n, f"{n}★") for n in range(lowest, 6)]
        if self.instance.issuing_level != IssuingLevel.DISTRICT:
            self.fields["issuing_level"].choices = [
                c for c in self.fields["issuing_level"].choices if c[0] != IssuingLevel.DISTRICT
            ]
        self.fields["issued_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_stars(self):
        stars = self.cleaned_data["stars"]
        if stars < ocop.OCOP_MIN_STARS and stars != self.instance.stars:
            raise ValidationError(
                _("OCOP certificates rate products from %(min)d★ to 5★.") % {"min": ocop.OCOP_MIN_STARS},
                code="below_ocop",
            )
        return stars

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        return images.prepare_document(scan) if scan else None


class CertificationForm(KeepsUploads, forms.ModelForm):
    document = forms.FileField(
        label=_("Document"),
        required=False,
        widget=KeptFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, JPEG, PNG or WebP, up to 10 MB."),
    )

    class Meta:
        model = Certification
        fields = ("kind", "number", "issuer", "valid_from", "valid_until")
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["kind"].queryset = CertificationKind.objects.order_by("position", "name")

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        taken = Certification.objects.filter(product=self.product, kind=kind).exclude(pk=self.instance.pk)
        if self.product is not None and taken.exists():
            raise ValidationError(
                _("This product already has this certification: edit it instead."), code="duplicate_kind"
            )
        return kind

    def clean_document(self):
        document = self.cleaned_data.get("document")
        return images.prepare_document(document) if document else None


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": IMAGE_ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            return super().clean(None, initial)  # "required" when nothing was chosen
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ProductImagesForm(forms.Form):
    images = MultipleFileField(
        label=_("Add photos"),
        help_text=_("JPEG, PNG or WebP, up to 10 MB each. The first photo is the cover."),
    )

    def __init__(self, *args, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_images(self):
        files = self.cleaned_data["images"]
        count = self.product.images.count() if self.product is not None else 0
        if count + len(files) > ProductImage.MAX_PER_PRODUCT:
            left = max(ProductImage.MAX_PER_PRODUCT - count, 0)
            raise ValidationError(
                _(
                    "A product can have at most %(max)s photos: this one has %(count)s, so you can "
                    "add %(left)s more."
                ),
                code="too_many_photos",
                params={"max": ProductImage.MAX_PER_PRODUCT, "count": count, "left": left},
            )
        prepared, errors = [], []
        for file in files:
            try:
                prepared.append(images.prepare_image(file))
            except ValidationError as exc:
                errors.extend(f"{file.name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return prepared


class VerificationNoteForm(forms.Form):
    """The organiser's note when verifying or rejecting certificates in the admin."""

    note = forms.CharField(
        label=_("Note to the producer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
        if note_required:
            self.fields["note"].help_text = _("Required: tell the producer what is wrong.")
