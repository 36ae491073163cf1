"""Dates as people type them here: day first (20/05/2026), whatever the browser's locale.

A browser's own date picker (`<input type="date">`) shows and reads dates in the
browser's locale: a headless or English browser reads 12/01 as 1 December. Date fields
are therefore plain text inputs read day first by `parse_day`, the one parser of typed
dates, and shown with `DAY_FORMAT`.
"""

from datetime import date, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

DAY_FORMAT = "%d/%m/%Y"
# Day first in every spelling people use; ISO (2026-05-20) too, as a browser may send it.
DAY_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
PLACEHOLDER = _("dd/mm/yyyy")


def parse_day(text: str | None) -> date | None:
    """The date typed (day first), None when blank; ValueError when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in DAY_INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def day_text(value: date | None) -> str:
    """A date as the input shows it (20/05/2026); "" for none."""
    return value.strftime(DAY_FORMAT) if value else ""


class DayInput(forms.DateInput):
    """A text input for a date typed day first (see the module docstring)."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": PLACEHOLDER,
            "class": "day",
            **(attrs or {}),
        }
        super().__init__(attrs, format=DAY_FORMAT)


class DayField(forms.DateField):
    """A form field reading dates day first, whatever the language of the page."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DAY_INPUT_FORMATS)
        super().__init__(**kwargs)
