"""Forms of the public event pages: registration (producer or distributor) and availability."""

from django import forms
from django.utils.translation import gettext_lazy as _

from producers.models import Producer
from producers.selectors import product_qs_visible

from .models import Event, MeetingBlock, Slot
from .services import MAX_SEATS


class ProducerRegistrationForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Products you bring to show and taste"),
        queryset=product_qs_visible().none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one product to show and taste."),
            "invalid_choice": _("You can only bring your own products that buyers can see on the portal."),
            "invalid_pk_value": _("You can only bring your own products that buyers can see on the portal."),
        },
    )

    def __init__(self, *args, producer: Producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = (
            product_qs_visible()
            .filter(producer=producer)
            .select_related("certificate")
            .order_by("name", "pk")
        )


class DistributorRegistrationForm(forms.Form):
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=MAX_SEATS,
        initial=1,
        help_text=_("How many of your people meet producers at the same time, each at their own table."),
        error_messages={
            "required": _("Ask for at least one seat."),
            "min_value": _("Ask for at least one seat."),
            "max_value": _("At most %(limit_value)s seats per distributor."),
        },
    )
    representatives = forms.CharField(
        label=_("Representatives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One person per seat, one per line: name and job title."),
        error_messages={"required": _("Name the people who will come, one per line.")},
    )


class AvailabilityForm(forms.Form):
    """The slots a participant cannot make. Ticking a whole block marks all its slots; a
    block shown as "whole block" and unticked is made available again."""

    slots = forms.ModelMultipleChoiceField(
        queryset=Slot.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("These time slots are not part of this event."),
            "invalid_pk_value": _("These time slots are not part of this event."),
        },
    )
    blocks = forms.ModelMultipleChoiceField(
        queryset=MeetingBlock.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("These time slots are not part of this event."),
            "invalid_pk_value": _("These time slots are not part of this event."),
        },
    )
    was_whole = forms.ModelMultipleChoiceField(queryset=MeetingBlock.objects.none(), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = Slot.objects.filter(block__event=event)
        blocks = MeetingBlock.objects.filter(event=event)
        self.fields["blocks"].queryset = blocks
        self.fields["was_whole"].queryset = blocks

    def clean(self):
        cleaned = super().clean()
        slots = {slot.pk: slot for slot in cleaned.get("slots") or []}
        ticked_blocks = {block.pk for block in cleaned.get("blocks") or []}
        whole_before = {block.pk for block in cleaned.get("was_whole") or []}
        event_slots = list(self.fields["slots"].queryset)
        for block_pk in whole_before - ticked_blocks:
            # Unticking "whole block" frees the block even though its slot boxes stay ticked.
            for slot in event_slots:
                if slot.block_id == block_pk:
                    slots.pop(slot.pk, None)
        for slot in event_slots:
            if slot.block_id in ticked_blocks:
                slots[slot.pk] = slot
        cleaned["unavailable"] = sorted(slots.values(), key=lambda s: (s.starts_at, s.pk))
        return cleaned
