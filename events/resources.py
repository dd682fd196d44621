"""Spreadsheets of events: Excel import and export of participants and MoUs in the admin
(django-import-export), and the workbook of meetings on the outcome dashboard (openpyxl).

The import workflow is the producers' one (producers/resources.py, docs/import.md): a
preview first, row errors by row number and column, one transaction rolled back when any row
fails, unchanged rows skipped (importing a file twice changes nothing). Rows are matched on
natural keys: a participant by (event, producer tax code) or (event, distributor name); an
MoU by (event, kind, first party, second party, title). Text a spreadsheet would run as a
formula (=, +, -, @ first) is exported behind an apostrophe, which the import removes again.
"""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from distributors.models import Distributor
from producers.models import Producer
from producers.resources import (
    AmountWidget,
    ChoiceWidget,
    DayWidget,
    TaxCodeWidget,
    TextWidget,
    escape_formula,
    unescape_formula,
)

from .enums import MouKind, ParticipantKind, ParticipationStatus
from .models import Event, Mou, Participation

# --- Widgets ----------------------------------------------------------------------------------------


class EventWidget(widgets.ForeignKeyWidget):
    """An event by its slug (the last part of its address)."""

    def __init__(self):
        super().__init__(Event, field="slug")

    def clean(self, value, row=None, **kwargs):
        slug = TextWidget().clean(value)
        if not slug:
            raise ValueError(_("This column cannot be empty."))
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise ValueError(_("There is no event “%(value)s”.") % {"value": slug})
        return event

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.slug


class ProducerTaxCodeWidget(widgets.ForeignKeyWidget):
    """A producer by its tax code; an empty cell is no producer."""

    def __init__(self):
        super().__init__(Producer, field="tax_code")

    def clean(self, value, row=None, **kwargs):
        tax_code = TaxCodeWidget().clean(value)
        if not tax_code:
            return None
        producer = Producer.objects.filter(tax_code=tax_code).first()
        if producer is None:
            raise ValueError(_("No producer has the tax code “%(value)s”.") % {"value": tax_code})
        return producer

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.tax_code


class DistributorNameWidget(widgets.ForeignKeyWidget):
    """A distributor by its name as the portal spells it (case does not matter); an empty
    cell is no distributor."""

    def __init__(self):
        super().__init__(Distributor, field="name")

    def clean(self, value, row=None, **kwargs):
        name = " ".join(TextWidget().clean(value).split())
        if not name:
            return None
        found = list(Distributor.objects.annotate(lower=Lower("name")).filter(lower=name.lower())[:2])
        if not found:
            raise ValueError(_("There is no distributor “%(value)s”.") % {"value": name})
        if len(found) > 1:
            raise ValueError(_("Several distributors are called “%(value)s”.") % {"value": name})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


class LinesWidget(TextWidget):
    """One item per line (Alt+Enter in Excel); blank lines and extra spaces dropped."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


class _EventsResource(resources.ModelResource):
    """Formula escaping both ways; errors keyed by column."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = unescape_formula(value)
        super().before_import_row(row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A row whose cells could not be read is reported by column only: the model's own
        # checks of a half-filled instance would just repeat them in other words.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, None, validate_unique)

    @staticmethod
    def _clean(row, columns: dict) -> tuple[dict, dict]:
        values, errors = {}, {}
        for column, widget in columns.items():
            try:
                values[column] = widget.clean(row.get(column))
            except ValueError as exc:
                errors[column] = [str(exc)]
        return values, errors


# --- Participants -------------------------------------------------------------------------------------

PARTICIPATION_COLUMNS = (
    "event",
    "kind",
    "producer_tax_code",
    "distributor",
    "seats",
    "representatives",
    "status",
)


class ParticipationResource(_EventsResource):
    """One row per participant. A new row registers the participant (registered by the
    importing organiser, "pending" unless the status column says otherwise); an existing one
    is updated from the non-empty cells. No e-mail is sent: approve in the admin to tell them."""

    event = fields.Field(attribute="event", column_name="event", widget=EventWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(ParticipantKind))
    producer_tax_code = fields.Field(
        attribute="producer", column_name="producer_tax_code", widget=ProducerTaxCodeWidget()
    )
    distributor = fields.Field(
        attribute="distributor", column_name="distributor", widget=DistributorNameWidget()
    )
    seats = fields.Field(attribute="seats", column_name="seats", widget=AmountWidget())
    representatives = fields.Field(
        attribute="representatives", column_name="representatives", widget=LinesWidget()
    )
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(ParticipationStatus, blank=True)
    )
    producer_name = fields.Field(
        attribute="producer__legal_name", column_name="producer_name", readonly=True, widget=TextWidget()
    )

    class Meta:
        model = Participation
        fields = (*PARTICIPATION_COLUMNS, "producer_name")
        import_order = PARTICIPATION_COLUMNS
        export_order = (*PARTICIPATION_COLUMNS, "producer_name")
        import_id_fields = ("event", "producer_tax_code", "distributor")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        name = "Participants"

    def get_queryset(self):
        return Participation.objects.select_related("event", "producer", "distributor").order_by(
            "event__starts_on", "event__pk", "kind", "producer__legal_name", "distributor__name", "pk"
        )

    def get_instance(self, instance_loader, row):
        try:
            event = EventWidget().clean(row.get("event"))
            producer = ProducerTaxCodeWidget().clean(row.get("producer_tax_code"))
            distributor = DistributorNameWidget().clean(row.get("distributor"))
        except ValueError:
            return None  # import_instance reports it, column by column
        if producer is not None:
            return Participation.objects.filter(event=event, producer=producer).first()
        if distributor is not None:
            return Participation.objects.filter(event=event, distributor=distributor).first()
        return None

    def import_instance(self, instance, row, **kwargs):
        values, errors = self._clean(
            row,
            {
                "event": EventWidget(),
                "kind": ChoiceWidget(ParticipantKind),
                "producer_tax_code": ProducerTaxCodeWidget(),
                "distributor": DistributorNameWidget(),
                "seats": AmountWidget(),
                "representatives": LinesWidget(),
                "status": ChoiceWidget(ParticipationStatus, blank=True),
            },
        )
        kind = values.get("kind")
        producer, distributor, seats = (
            values.get("producer_tax_code"),
            values.get("distributor"),
            values.get("seats"),
        )
        if kind == ParticipantKind.PRODUCER:
            if producer is None and "producer_tax_code" not in errors:
                errors["producer_tax_code"] = [_("A producer's row needs the producer's tax code.")]
            if distributor is not None:
                errors["distributor"] = [_("Leave this empty on a producer's row.")]
            if seats not in (None, 1) and "seats" not in errors:
                errors["seats"] = [_("A producer has one seat.")]
        elif kind == ParticipantKind.DISTRIBUTOR:
            if distributor is None and "distributor" not in errors:
                errors["distributor"] = [_("A distributor's row needs the distributor's name.")]
            if producer is not None:
                errors["producer_tax_code"] = [_("Leave this empty on a distributor's row.")]
            if seats is not None and not 1 <= seats <= 10 and "seats" not in errors:
                errors["seats"] = [_("Between 1 and 10 seats.")]
        if errors:
            raise ValidationError(errors)
        instance.event, instance.kind = values["event"], kind
        instance.producer, instance.distributor = producer, distributor
        if seats is not None:
            instance.seats = seats
        if "representatives" in row:
            instance.representatives = values["representatives"]
        if values.get("status"):
            instance.status = values["status"]

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.pk is None and instance.registered_by_id is None:
            user = kwargs.get("user")
            instance.registered_by = user if getattr(user, "pk", None) else None


# --- MoUs ----------------------------------------------------------------------------------------------

MOU_COLUMNS = (
    "event",
    "kind",
    "title",
    "party_a",
    "party_b",
    "producer_tax_code",
    "distributor",
    "signed_on",
    "notes",
)


class MouResource(_EventsResource):
    """One row per MoU; ``signed_on`` empty means the event's first day."""

    event = fields.Field(attribute="event", column_name="event", widget=EventWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(MouKind))
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    party_a = fields.Field(attribute="party_a", column_name="party_a", widget=TextWidget())
    party_b = fields.Field(attribute="party_b", column_name="party_b", widget=TextWidget())
    producer_tax_code = fields.Field(
        attribute="producer", column_name="producer_tax_code", widget=ProducerTaxCodeWidget()
    )
    distributor = fields.Field(
        attribute="distributor", column_name="distributor", widget=DistributorNameWidget()
    )
    signed_on = fields.Field(attribute="signed_on", column_name="signed_on", widget=DayWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = Mou
        fields = MOU_COLUMNS
        import_order = export_order = MOU_COLUMNS
        import_id_fields = ("event", "kind", "party_a", "party_b", "title")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        name = "MoUs"

    def get_queryset(self):
        return Mou.objects.select_related("event", "producer", "distributor").order_by(
            "event__starts_on", "event__pk", "kind", "signed_on", "pk"
        )

    def get_instance(self, instance_loader, row):
        try:
            event = EventWidget().clean(row.get("event"))
            kind = ChoiceWidget(MouKind).clean(row.get("kind"))
        except ValueError:
            return None
        text = TextWidget()
        return Mou.objects.filter(
            event=event,
            kind=kind,
            party_a=text.clean(row.get("party_a")),
            party_b=text.clean(row.get("party_b")),
            title=text.clean(row.get("title")),
        ).first()

    def import_instance(self, instance, row, **kwargs):
        values, errors = self._clean(
            row,
            {
                "event": EventWidget(),
                "kind": ChoiceWidget(MouKind),
                "title": TextWidget(),
                "party_a": TextWidget(),
                "party_b": TextWidget(),
                "producer_tax_code": ProducerTaxCodeWidget(),
                "distributor": DistributorNameWidget(),
                "signed_on": DayWidget(),
                "notes": TextWidget(),
            },
        )
        for column in ("party_a", "party_b"):
            if not values.get(column) and column not in errors:
                errors[column] = [_("This column cannot be empty.")]
        if errors:
            raise ValidationError(errors)
        for column in ("event", "kind", "title", "party_a", "party_b", "notes"):
            setattr(instance, column, values[column])
        instance.producer, instance.distributor = values["producer_tax_code"], values["distributor"]
        instance.signed_on = values["signed_on"] or instance.signed_on or values["event"].starts_on


def xlsx_bytes(dataset) -> bytes:
    return XLSX().export_data(dataset)


# --- The meetings workbook --------------------------------------------------------------------------------


def _cell(value):
    """Text as text (formulas escaped); aware date-times in local time without a zone (Excel
    has none)."""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return escape_formula(value)


def meetings_workbook(*, event: Event, run, meetings) -> Workbook:
    """The published schedule's meetings, one per row, with the ratings given right after."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Meetings")[:31]
    headers = [
        _("Date"),
        _("Starts"),
        _("Ends"),
        _("Meeting block"),
        _("Room"),
        _("Table"),
        _("Seat"),
        _("Producer"),
        _("Tax code"),
        _("Province"),
        _("Distributor"),
        _("Requested product"),
        _("Status"),
        _("Rating by the producer"),
        _("Rating by the buyer"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if run is None:
        sheet.append([_("No schedule has been published for this event yet.")])
    for meeting in meetings:
        starts = timezone.localtime(meeting.slot.starts_at)
        ends = timezone.localtime(meeting.slot.ends_at)
        ratings = {feedback.side: feedback.get_rating_display() for feedback in meeting.feedback.all()}
        block = meeting.slot.block
        row = [
            starts.date(),
            starts.strftime("%H:%M"),
            ends.strftime("%H:%M"),
            block.title,
            block.room.name if block.room else "",
            str(meeting.table),
            meeting.seat,
            meeting.producer.legal_name,
            meeting.producer.tax_code,
            meeting.producer.province.display_name,
            meeting.distributor.name,
            meeting.request.product.name if meeting.request and meeting.request.product else "",
            meeting.get_status_display(),
            ratings.get("producer", ""),
            ratings.get("buyer", ""),
        ]
        sheet.append([_cell(value) for value in row])
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
    widths = [12, 8, 8, 28, 20, 10, 6, 40, 16, 20, 32, 32, 14, 22, 22]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if meetings:
        sheet.auto_filter.ref = sheet.dimensions
    return book
