"""Cells as people type them in Excel, formula escaping, the shared resource behaviour."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from matchmaking.engine.text import fold
from ocop_portal.spreadsheets import escape_formula, unescape_formula

from ..models import Province

# --- Widgets: forgiving on what people type in Excel, native values on export --------------------


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TaxCodeWidget(TextWidget):
    """A tax code typed in a number cell loses its leading zero (0301234567 → 301234567)."""

    def clean(self, value, row=None, **kwargs):
        numeric = isinstance(value, int | float)
        text = re.sub(r"\s+", "", super().clean(value, row, **kwargs))
        if numeric and len(text) < 10:
            text = text.zfill(10)
        return text


class GtinWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return re.sub(r"\s+", "", super().clean(value, row, **kwargs))


class AmountWidget(widgets.Widget):
    """Whole numbers; "1.250.000", "1 250 000 ₫" and 1250000.0 all read as 1250000."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | float | Decimal):
            number = Decimal(str(value))
        else:
            try:
                number = Decimal(re.sub(r"[\s.,₫đ]|vnd", "", str(value).strip().lower()))
            except InvalidOperation as exc:
                raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from exc
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class StarsWidget(AmountWidget):
    """1 to 5; "4", "4★" and "4 sao" all read as 4."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            found = re.fullmatch(r"\s*([0-9]+)\s*(★|\*|sao|stars?)?\s*", value, flags=re.IGNORECASE)
            value = found.group(1) if found else value
        return super().clean(value, row, **kwargs)


class DayWidget(widgets.Widget):
    """Dates as Excel date cells, dd/mm/yyyy or yyyy-mm-dd."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date only)
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class ChoiceWidget(TextWidget):
    """A code from the list (e.g. ``household``); its Vietnamese or English label works too."""

    def __init__(self, choices: type[TextChoices], *, blank: bool = False):
        super().__init__()
        self.choices = choices
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            if self.blank:
                return None
            raise ValueError(_("This column cannot be empty."))
        wanted = fold(text)
        for code, label in self.choices.choices:
            if wanted in (fold(code), fold(str(label)), fold(_choice_label_vi(label))):
                return code
        raise ValueError(
            _("“%(value)s” is not one of: %(codes)s.")
            % {"value": text, "codes": ", ".join(self.choices.values)}
        )


def _choice_label_vi(label) -> str:
    from django.utils import translation

    with translation.override("vi"):
        return str(label)


class CodeWidget(widgets.ForeignKeyWidget):
    """Reference data by its code: product groups, sub-groups."""

    def __init__(self, model, *, required: bool = True):
        super().__init__(model, field="code")
        self.required = required

    def clean(self, value, row=None, **kwargs):
        code = TextWidget().clean(value)
        if not code:
            if self.required:
                raise ValueError(_("This column cannot be empty."))
            return None
        found = self.model.objects.filter(code=code).first()
        if found is None:
            raise ValueError(
                _("There is no %(what)s with the code “%(code)s”.")
                % {"what": self.model._meta.verbose_name, "code": code}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.code


class ProvinceWidget(widgets.ForeignKeyWidget):
    """A province by name or code, accents optional; a province merged in 2025 is read as the
    one it is now part of (Sóc Trăng → Cần Thơ)."""

    def __init__(self):
        super().__init__(Province, field="code")

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if not text:
            raise ValueError(_("This column cannot be empty."))
        wanted = fold(text)
        for province in Province.objects.select_related("merged_into"):
            if wanted in (province.code, fold(province.name)):
                return province.current_unit
        raise ValueError(_("There is no province “%(value)s”.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


def column_field(column, attribute=None, widget=None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widget or TextWidget())


def kept_when_blank(column, widget) -> fields.Field:
    """An empty cell keeps the current value (the model's default for a new row)."""
    return fields.Field(attribute=column, column_name=column, widget=widget, saves_null_values=False)


class PortalResource(resources.ModelResource):
    """Shared behaviour: formula escaping both ways, one transaction, unchanged rows skipped."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = unescape_formula(value)
        super().before_import_row(row, **kwargs)
