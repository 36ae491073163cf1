"""The progress entry form: parses what was typed; progress.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renluyen.programs.forms import DateInput

DATE_ERRORS = {"invalid": _("Enter the date, for example 18/10/2021.")}


class EntryForm(forms.Form):
    done_on = forms.DateField(
        label=_("Date"), widget=DateInput, error_messages=DATE_ERRORS, required=False
    )
    text = forms.CharField(
        label=_("What you did"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(
        label=_("Photo or PDF (optional, up to 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )
    link = forms.CharField(label=_("Link (optional)"), required=False, max_length=2000)
