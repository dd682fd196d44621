"""Forms of the schedule: organisers' hand edits (admin), participants' ratings and
follow-up answers. They validate input only; the services do the work."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import Slot, Table
from matchmaking.enums import FollowUpOutcome, MeetingRating, MeetingStatus
from matchmaking.models import Meeting, ScheduleRun


def slot_label(slot: Slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return (
        f"{formats.date_format(start, 'd/m')} {formats.time_format(start, 'H:i')}–"
        f"{formats.time_format(end, 'H:i')} · {slot.block}"
    )


class _RunMeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        start = timezone.localtime(obj.slot.starts_at)
        return (
            f"{formats.date_format(start, 'd/m')} {formats.time_format(start, 'H:i')} · {obj.table} · "
            f"{obj.producer} ↔ {obj.distributor}"
        )


class _SlotField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Slot) -> str:
        return slot_label(obj)


class _TableField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Table) -> str:
        return f"{obj} · {obj.block}"


class MoveForm(forms.Form):
    meeting = _RunMeetingField(label=_("Meeting"), queryset=Meeting.objects.none())
    slot = _SlotField(label=_("Slot"), queryset=Slot.objects.none())
    table = _TableField(label=_("Table"), queryset=Table.objects.none())

    def __init__(self, *args, run: ScheduleRun, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _live(run)
        self.fields["slot"].queryset = (
            Slot.objects.filter(block__event_id=run.event_id)
            .select_related("block")
            .order_by("starts_at", "pk")
        )
        self.fields["table"].queryset = (
            Table.objects.filter(block__event_id=run.event_id)
            .select_related("block")
            .order_by("block__starts_at", "number", "pk")
        )


class SwapForm(forms.Form):
    meeting = _RunMeetingField(label=_("Meeting"), queryset=Meeting.objects.none())
    other = _RunMeetingField(label=_("Swap with"), queryset=Meeting.objects.none())

    def __init__(self, *args, run: ScheduleRun, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _live(run)
        self.fields["other"].queryset = _live(run)


class PinForm(forms.Form):
    meeting = _RunMeetingField(label=_("Meeting"), queryset=Meeting.objects.none())
    pinned = forms.BooleanField(label=_("Pinned"), required=False)

    def __init__(self, *args, run: ScheduleRun, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _live(run)


def _live(run: ScheduleRun):
    return (
        Meeting.objects.filter(run=run)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("producer", "distributor", "slot__block", "table")
        .order_by("slot__starts_at", "table__number", "pk")
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How did it go?"), choices=MeetingRating.choices, widget=forms.RadioSelect
    )


class FollowUpForm(forms.Form):
    """One outcome and comment per asked follow-up row (fields named by the row's id)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"outcome_{row.pk}"] = forms.ChoiceField(
                label=_("What came of it?"),
                choices=[("", "—"), *FollowUpOutcome.choices],
                required=False,
                initial=row.outcome,
            )
            self.fields[f"comment_{row.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=row.comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            row.pk: (
                self.cleaned_data.get(f"outcome_{row.pk}", ""),
                self.cleaned_data.get(f"comment_{row.pk}", ""),
            )
            for row in self.rows
        }

    def pairs(self):
        """(row, outcome field, comment field) for the template."""
        return [(row, self[f"outcome_{row.pk}"], self[f"comment_{row.pk}"]) for row in self.rows]
