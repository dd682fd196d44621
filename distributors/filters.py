"""The catalogue's filters (django-filter). Every value is a code or a number from the URL,
checked by a form field and never looked up one by one: an unknown code simply matches
nothing, a malformed one is dropped by the catalogue with a message."""

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from producers import reference_data
from producers.enums import Storage
from producers.forms import VndField
from producers.models import Certification
from producers.selectors import valid_ocop_q

MAX_AMOUNT = 10**12
MERGED_INTO = {code: into for code, _name, _region, into in reference_data.FORMER_PROVINCES}
MAX_CERTIFICATIONS = 10


class SlugField(forms.CharField):
    default_validators = [validate_slug]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)


class ProvinceCodeField(SlugField):
    """A province's code; that of a province merged in 2025 stands for the one it joined
    ("soc-trang" is "can-tho"), so an address from before the merger still lists it."""

    def clean(self, value):
        code = super().clean(value)
        return MERGED_INTO.get(code, code)


class SlugListField(forms.Field):
    """Several slugs from repeated parameters (``?cert=haccp&cert=vietgap``)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"too_many": _("Choose at most %(max)d certifications.")}

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        values = []
        for item in value:
            item = str(item).strip()
            if item and item not in values:
                values.append(item)
        return values

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_CERTIFICATIONS:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": MAX_CERTIFICATIONS}
            )
        for item in value:
            validate_slug(item)
            if len(item) > 60:
                raise forms.ValidationError(_("Unknown certification."), code="invalid")


class SlugFilter(django_filters.CharFilter):
    field_class = SlugField


class ProvinceFilter(django_filters.CharFilter):
    field_class = ProvinceCodeField


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class AmountFilter(django_filters.NumberFilter):
    """An amount in đồng, typed as people write it ("100.000", "100 000 ₫")."""

    field_class = VndField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(*args, **kwargs)


STAR_CHOICES = [(3, _("3★ and up")), (4, _("4★ and up")), (5, _("5★"))]


class CatalogueFilter(django_filters.FilterSet):
    """Catalogue filters. ``q`` (search) is parsed here but applied by the catalogue
    selector, which ranks by it; ``filter_queryset(exclude=...)`` leaves filters out so
    facet counts can show what choosing another value of a facet would give."""

    q = django_filters.CharFilter(method="filter_nothing", label=_("Search"))
    group = SlugFilter(field_name="group__code", label=_("Product group"))
    subgroup = SlugFilter(field_name="subgroup__code", label=_("Sub-group"))
    stars = django_filters.TypedChoiceFilter(
        choices=STAR_CHOICES, coerce=int, method="filter_stars", label=_("Minimum stars")
    )
    province = ProvinceFilter(method="filter_province", label=_("Province"))
    cert = SlugListFilter(method="filter_certifications", label=_("Certifications (all required)"))
    storage = django_filters.ChoiceFilter(choices=Storage.choices, field_name="storage", label=_("Storage"))
    capacity = AmountFilter(
        field_name="monthly_capacity", lookup_expr="gte", label=_("Minimum monthly capacity")
    )
    price_from = AmountFilter(method="filter_price_from", label=_("Price from (VND)"))
    price_to = AmountFilter(method="filter_price_to", label=_("Price up to (VND)"))
    valid = django_filters.BooleanFilter(
        method="filter_valid", widget=forms.CheckboxInput, label=_("Valid OCOP certificate only")
    )

    def filter_queryset(self, queryset, *, exclude=()):
        for name, value in self.form.cleaned_data.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_stars(self, queryset, name, value):
        return queryset.filter(certificate__stars__gte=value)

    def filter_province(self, queryset, name, value):
        # By the province of today: a producer recorded in one merged in 2025 (Sóc Trăng) is
        # in the one it joined (Cần Thơ), as the catalogue's province facet counts it.
        return queryset.filter(
            Q(producer__province__code=value, producer__province__merged_into__isnull=True)
            | Q(producer__province__merged_into__code=value)
        )

    def filter_certifications(self, queryset, name, value):
        # Exists per kind rather than joins: every kind is required and no row is doubled.
        for code in value:
            queryset = queryset.filter(
                Exists(Certification.objects.filter(product=OuterRef("pk"), kind__code=code))
            )
        return queryset

    def filter_price_from(self, queryset, name, value):
        return queryset.filter(Q(price_max__gte=value) | Q(price_max__isnull=True, price_min__gte=value))

    def filter_price_to(self, queryset, name, value):
        return queryset.filter(price_min__lte=value)

    def filter_valid(self, queryset, name, value):
        return queryset.filter(valid_ocop_q()) if value else queryset
