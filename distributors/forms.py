"""Forms of the buyer pages. They only read input; the services write."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.enums import EventStatus
from events.models import Event
from matchmaking.forms import MeetingRequestForm
from producers.enums import Unit
from producers.forms import ListedChoices, ProvinceChoiceField, ProvinceMultipleChoiceField
from producers.models import CertificationKind, ProductGroup, ProductSubGroup

from .models import Buyer, Channel, Shortlist, ShortlistItem
from .selectors import colleagues_of, distributor_choices, shortlists_to_add_to


class DistributorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.channel.label})"


class OnboardingForm(forms.Form):
    """Join a verified distributor, or propose a new one."""

    JOIN, PROPOSE = "join", "propose"

    mode = forms.ChoiceField(
        label=_("Your distributor"),
        choices=[(JOIN, _("It is in the list")), (PROPOSE, _("It is not in the list: propose it"))],
        initial=JOIN,
        widget=forms.RadioSelect,
    )
    distributor = DistributorChoiceField(
        label=_("Distributor"),
        queryset=distributor_choices(),
        required=False,
        empty_label=_("— choose —"),
        widget=forms.Select(
            attrs={
                "data-searchable": "true",
                "data-placeholder": _("Type a few letters of its name"),
                "data-filter-label": _("Find your distributor in the list"),
            }
        ),
    )
    name = forms.CharField(label=_("Name of the distributor"), max_length=255, required=False)
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.order_by("position", "name"), required=False
    )
    head_office_province = ProvinceChoiceField(label=_("Head-office province"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    title = forms.CharField(
        label=_("Your job title"),
        max_length=120,
        help_text=_("For example: purchasing officer, category manager."),
    )

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.JOIN and not data.get("distributor"):
            self.add_error(
                "distributor", _("Choose your distributor, or propose it if it is not in the list.")
            )
        if data.get("mode") == self.PROPOSE:
            for name in ("name", "channel", "head_office_province"):
                if not data.get(name):
                    self.add_error(name, _("This field is required to propose a distributor."))
        return data


class SourcingNeedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    groups = forms.ModelMultipleChoiceField(
        label=_("Product groups"),
        queryset=ProductGroup.objects.filter(is_legacy=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subgroups = forms.ModelMultipleChoiceField(
        label=_("Sub-groups"),
        queryset=ProductSubGroup.objects.filter(group__is_legacy=False).select_related("group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_stars = forms.TypedChoiceField(
        label=_("Minimum stars"), choices=[(n, f"{n}★") for n in range(1, 6)], coerce=int, initial=3
    )
    required_certifications = forms.ModelMultipleChoiceField(
        label=_("Required certifications"),
        queryset=CertificationKind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_monthly_volume = forms.IntegerField(
        label=_("Minimum monthly volume"), min_value=1, max_value=10**9, required=False
    )
    volume_unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.KG)
    preferred_provinces = ProvinceMultipleChoiceField(
        label=_("Preferred provinces"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for any province."),
    )
    accepts_ambient = forms.BooleanField(label=_("Ambient goods"), required=False, initial=True)
    accepts_chilled = forms.BooleanField(label=_("Chilled goods"), required=False)
    accepts_frozen = forms.BooleanField(label=_("Frozen goods"), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    email_new_products = forms.BooleanField(
        label=_("E-mail new products that meet this need"),
        required=False,
        initial=True,
        help_text=_(
            "In the morning after a product that meets it comes into the catalogue, your "
            "company's buyers get one e-mail naming it. No e-mail on other days."
        ),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("accepts_ambient") or data.get("accepts_chilled") or data.get("accepts_frozen")):
            self.add_error(None, _("Choose at least one kind of storage you can handle."))
        return data

    @classmethod
    def initial_for(cls, need) -> dict:
        initial = {name: getattr(need, name) for name in cls.base_fields if hasattr(need, name)}
        for name in ("groups", "subgroups", "required_certifications"):
            initial[name] = list(getattr(need, name).all())
        # Only the provinces of today can be chosen: one merged in 2025 is offered as the one
        # it joined, rather than left out and lost on the next save.
        provinces = need.preferred_provinces.select_related("merged_into")
        initial["preferred_provinces"] = list(dict.fromkeys(p.current_unit for p in provinces))
        return initial


def shortlist_event_choices():
    """Events a shortlist can be for: those not finished or cancelled."""
    return Event.objects.exclude(status__in=(EventStatus.DRAFT, EventStatus.CANCELLED)).filter(
        Q(ends_on__gte=timezone.localdate()) | Q(status=EventStatus.REGISTRATION_OPEN)
    )


class ShortlistForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    event = forms.ModelChoiceField(
        label=_("For an event"), queryset=Event.objects.none(), required=False, empty_label=_("No event")
    )
    shared = forms.BooleanField(
        label=_("Share with my colleagues"),
        help_text=Shortlist._meta.get_field("shared").help_text,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = shortlist_event_choices()


class AddToShortlistForm(forms.Form):
    """From a product page: an existing shortlist, or a new one by name.

    The list the buyer added to last is chosen at first, unless it holds the product already
    (a buyer with no list gets a name ready for the first one), and a name typed for a new
    list wins over the chosen one."""

    shortlist = forms.ModelChoiceField(
        label=_("Shortlist"),
        queryset=Shortlist.objects.none(),
        required=False,
        empty_label=_("New shortlist"),
    )
    new_name = forms.CharField(label=_("Name of the new shortlist"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, buyer, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["shortlist"]
        field.queryset = shortlists_to_add_to(buyer=buyer, product=product)
        field.label_from_instance = lambda shortlist: self.list_label(shortlist, buyer)
        self.holding: list[Shortlist] = []  # the lists that hold ``product`` already
        if not self.is_bound:
            field.iterator = ListedChoices
            lists = list(field.queryset)  # the options are read from this very list
            field.widget.choices = field.choices
            self.holding = [s for s in lists if getattr(s, "holds_product", False)]
            if lists:
                # the last list added to, unless it holds the product already
                free = [s for s in lists if s not in self.holding]
                self.initial.setdefault("shortlist", (free or lists)[0].pk)
            else:
                self.initial.setdefault("new_name", _("My shortlist"))

    @staticmethod
    def list_label(shortlist: Shortlist, buyer) -> str:
        """A colleague's shared list says whose it is (two lists may have the same name); a
        list that holds the product already says so."""
        label = (
            shortlist.name
            if shortlist.buyer_id == buyer.pk
            else _("%(name)s (shared by %(owner)s)") % {"name": shortlist.name, "owner": shortlist.buyer.user}
        )
        if getattr(shortlist, "holds_product", False):
            label = _("%(list)s: already on it") % {"list": label}
        return label

    def clean(self):
        data = super().clean()
        if (data.get("new_name") or "").strip():
            data["shortlist"] = None  # a new list was named: it is created
        elif not data.get("shortlist"):
            self.add_error("new_name", _("Choose a shortlist or name a new one."))
        return data


class AskProducersForm(MeetingRequestForm):
    """From a shortlist's page: ask its producers (all ticked at first) to meet at an event
    the company attends. The producers are those of the list's items, read with them."""

    producers = forms.TypedMultipleChoiceField(
        label=_("Producers to ask"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, items, event_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event_id in {event.pk for event in self.events}:
            self.fields["event"].initial = event_id
        chosen = self.fields["event"].initial or next((event.pk for event in self.events), None)
        producers, asked_at = {}, {}
        for item in items:  # each with the company's open requests to its producer
            pk = item.product.producer_id
            producers[pk] = item.product.producer
            asked_at[pk] = {request.event_id: request.event for request in item.open_requests}
        field = self.fields["producers"]
        field.choices = [(pk, _label(producer, asked_at[pk].values())) for pk, producer in producers.items()]
        # Those already in a request with the company at the event shown first start unticked.
        field.initial = [pk for pk in producers if chosen not in asked_at[pk]]
        field.error_messages["required"] = _("Tick at least one producer.")


def _label(producer, events) -> str:
    """A producer's name, and the events where a request with the company is open."""
    if not events:
        return producer.legal_name
    return format_html(
        '<span>{}<br><span class="muted small">{}</span></span>',
        producer.legal_name,
        _("a request is open at %(events)s") % {"events": ", ".join(event.name for event in events)},
    )


class HandOverForm(forms.Form):
    """The owner gives a list to an approved colleague."""

    to = forms.ModelChoiceField(label=_("Hand it over to"), queryset=Buyer.objects.none(), empty_label=None)

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        field.queryset = colleagues_of(buyer=buyer)
        field.label_from_instance = lambda colleague: str(colleague.user)
        if not self.is_bound:
            field.iterator = ListedChoices  # read once: the page shows the form only if any
            field.widget.choices = field.choices

    @property
    def colleagues(self) -> list:
        return list(self.fields["to"].queryset)


class ShortlistItemForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ShortlistNoteForm(ShortlistItemForm):
    note = forms.CharField(
        label=_("Note"), max_length=ShortlistItem._meta.get_field("note").max_length, required=False
    )
