from django import forms
from django.utils.translation import gettext_lazy as _

from renluyen.core.forms import IdChoiceField
from renluyen.imports.reader import MAX_BYTES
from renluyen.imports.services import enrollable_programs
from renluyen.programs.models import ProgramStatus


class UploadForm(forms.Form):
    """The list to import into one unit, and the program year to enroll its members in."""

    program = IdChoiceField(
        label=_("Enroll in the program"),
        queryset=None,
        required=False,
        empty_label=_("None: only add or update the members"),
    )
    file = forms.FileField(
        label=_("Member list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        programs = enrollable_programs(unit)
        self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = _program_label
        newest_open = next((p for p in programs if p.status == ProgramStatus.OPEN), None)
        if newest_open is not None:
            self.fields["program"].initial = newest_open.pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it into smaller files.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _program_label(program) -> str:
    if program.status == ProgramStatus.OPEN:
        return program.name
    return f"{program.name} ({program.get_status_display()})"
