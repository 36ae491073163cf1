"""Input forms for editing a program. They parse what was typed and show the rules of
renluyen.programs.services next to the fields; the services decide and save."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from renluyen.core.dates import DayField, DayInput
from renluyen.core.errors import DomainError
from renluyen.core.forms import TextField
from renluyen.people.models import MemberType
from renluyen.programs import services
from renluyen.programs.models import Area, Criterion, Program, ProgramStatus

# Day first whatever the browser's locale (a date picker would follow it).
DateInput = DayInput


def _decimal_field(label, **kwargs) -> forms.DecimalField:
    # Localised so that "89,5" (the Vietnamese way) and "89.5" both parse.
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages=NUMBER_ERRORS,
        **kwargs,
    )


def _plain(value):
    """90.00 -> 90 for display; 89.50 stays 89.50."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def _label(model, field: str):
    # capfirst keeps the label lazy: translated per request, not at import.
    return capfirst(model._meta.get_field(field).verbose_name)


def _date_field(name: str) -> forms.DateField:
    return DayField(
        label=_label(Program, name),
        error_messages={"invalid": _("Enter a valid date, for example 18/10/2021.")},
    )


# Django's own wording for these reads badly in Vietnamese.
NUMBER_ERRORS = {
    "min_value": _("Enter a number of at least %(limit_value)s."),
    "max_value": _("Enter a number of at most %(limit_value)s."),
}


def _integer_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, error_messages=NUMBER_ERRORS, **kwargs)


class RulesForm(forms.Form):
    """A form whose cross-field rules live in a services function returning Problems."""

    def problems(self, values: dict) -> list[services.Problem]:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        for field, message in self.problems(cleaned):
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class ProgramCopyForm(forms.Form):
    school_year = TextField(
        label=_("New school year"),
        max_length=20,
        help_text=_("Two consecutive years, for example 2021-2022."),
    )

    def clean_school_year(self):
        # "2021 - 2022" and "2021–2022" are what people type; store "2021-2022".
        value = "".join(self.cleaned_data["school_year"].split()).replace("–", "-")
        try:
            services.parse_school_year(value)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return value


class ProgramSettingsForm(RulesForm):
    name = TextField(label=_label(Program, "name"), max_length=255)
    status = forms.ChoiceField(label=_label(Program, "status"))
    registration_deadline = _date_field("registration_deadline")
    self_review_start = _date_field("self_review_start")
    self_review_end = _date_field("self_review_end")
    evaluation_start = _date_field("evaluation_start")
    evaluation_deadline = _date_field("evaluation_deadline")
    report_deadline = _date_field("report_deadline")
    min_criteria = _integer_field(
        _label(Program, "min_criteria"),
        min_value=1,
        max_value=200,
        help_text=_("Usually 10."),
    )
    every_area_required = forms.BooleanField(
        label=_label(Program, "every_area_required"),
        required=False,
        help_text=_("A member registers criteria in every content area."),
    )
    min_solution_length = _integer_field(
        _label(Program, "min_solution_length"), min_value=0, max_value=2000
    )
    threshold_excellent = _decimal_field(_label(Program, "threshold_excellent"))
    threshold_good = _decimal_field(_label(Program, "threshold_good"))
    threshold_pass = _decimal_field(
        _label(Program, "threshold_pass"),
        help_text=_("A score below this is Not completed."),
    )
    reminder_days = forms.CharField(
        label=_label(Program, "reminder_days"),
        required=False,
        max_length=40,
        help_text=_(
            "Members who have not registered, self-reviewed or self-evaluated, and committees "
            "with work waiting, get an email this many days before the deadline. Leave empty "
            "for no reminders."
        ),
    )
    place = forms.CharField(
        label=_label(Program, "place"),
        max_length=100,
        required=False,
        help_text=_("Printed before the date on forms and reports, for example Hà Nội."),
    )

    def __init__(self, *args, program: Program, **kwargs):
        kwargs.setdefault(
            "initial",
            {field: _plain(getattr(program, field)) for field in services.SETTINGS_FIELDS},
        )
        super().__init__(*args, **kwargs)
        self.program = program
        # Offer only the statuses the program may move to.
        current = ProgramStatus(program.status)
        reachable = {current} | services.STATUS_CHANGES[current]
        self.fields["status"].choices = [
            (s.value, s.label) for s in ProgramStatus if s in reachable
        ]

    def clean_reminder_days(self):
        # Stored as "14, 7, 2" whatever the spacing and order typed; a wrong list is
        # kept as typed for program_settings_problems to name.
        typed = self.cleaned_data["reminder_days"]
        days = services.parse_reminder_days(typed)
        return typed if days is None else ", ".join(str(day) for day in days)

    def problems(self, values):
        return services.program_settings_problems(
            school_year=self.program.school_year, values=values
        )


class AreaForm(RulesForm):
    number = _integer_field(_label(Area, "number"), min_value=1, max_value=99)
    title = TextField(label=_label(Area, "title"), max_length=255)
    description = TextField(
        label=_label(Area, "description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    points = _decimal_field(_label(Area, "points"))

    def __init__(self, *args, program: Program, area: Area | None = None, **kwargs):
        if area is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                f: _plain(getattr(area, f)) for f in ("number", "title", "description", "points")
            }
        super().__init__(*args, **kwargs)
        self.program, self.area = program, area
        if area is not None and program.status != ProgramStatus.DRAFT:
            for field in ("number", "points"):
                self.fields[field].disabled = True
                self.fields[field].help_text = _("Fixed once the program is open.")

    def problems(self, values):
        return services.area_problems(
            program=self.program,
            number=values.get("number"),
            title=values.get("title", "-"),
            points=values.get("points"),
            area=self.area,
        )


class CriterionForm(RulesForm):
    code = TextField(label=_label(Criterion, "code"), max_length=16)
    text = TextField(label=_label(Criterion, "text"), widget=forms.Textarea(attrs={"rows": 5}))
    member_type = forms.ChoiceField(
        label=_label(Criterion, "member_type"),
        required=False,
        choices=[("", _("Every member"))] + list(MemberType.choices),
        help_text=_(
            "Only for the professional targets of one member type (section III.3 of the plan)."
        ),
    )
    order = _integer_field(
        _label(Criterion, "order"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Leave empty to put it last."),
    )

    def __init__(self, *args, area: Area, criterion: Criterion | None = None, **kwargs):
        if criterion is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                f: getattr(criterion, f) for f in ("code", "text", "member_type", "order")
            }
        super().__init__(*args, **kwargs)
        self.area, self.criterion = area, criterion
        if criterion is not None and area.program.status != ProgramStatus.DRAFT:
            self.fields["member_type"].disabled = True
            self.fields["member_type"].help_text = _("Fixed once the program is open.")

    def problems(self, values):
        return services.criterion_problems(
            area=self.area,
            code=values.get("code", "-").strip(),
            text=values.get("text", "-").strip(),
            member_type=values.get("member_type", ""),
            criterion=self.criterion,
        )
