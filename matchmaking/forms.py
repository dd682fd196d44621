"""Forms of the meeting request pages. They read input; matchmaking.services writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from producers.forms import ListedChoices

from .enums import Priority


class MeetingRequestForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        empty_label=None,
        # An event no longer offered: most often one the company has just asked this producer
        # at (another tab); the page lists those requests above the form.
        error_messages={"invalid_choice": _("Choose one of the events offered here.")},
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.SHOULD,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would like to discuss: products, volumes, listing conditions..."),
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        field.queryset = events
        field.iterator = ListedChoices  # the options from the events read once, here
        field.widget.choices = field.choices
        if len(self.events) == 1:
            field.initial = self.events[0].pk

    @property
    def events(self) -> list[Event]:
        """The events offered (read once, with the options)."""
        return list(self.fields["event"].queryset)


class AnswerForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
