"""The activity form: parses what was typed and shows the rules of activities.services
next to the fields; the service decides and saves."""

from django import forms
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from renluyen.activities import services
from renluyen.activities.models import Activity
from renluyen.core.dates import DayField
from renluyen.core.forms import IdChoiceField, IdMultipleChoiceField, TextField
from renluyen.programs.forms import RulesForm
from renluyen.programs.models import Criterion, Program

DATE_ERRORS = {"invalid": _("Enter a valid date, for example 18/10/2021.")}


def _label(field: str):
    return capfirst(Activity._meta.get_field(field).verbose_name)


class AreaChoice(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"


class CriteriaChoice(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        # The whole text of some criteria runs to several lines; the code says which.
        return f"{obj.code}. {Truncator(obj.text).chars(110)}"


class ActivityForm(RulesForm):
    title = TextField(label=_label("title"), max_length=255)
    description = TextField(
        label=_label("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = AreaChoice(label=_label("area"), queryset=None, empty_label=None)
    criteria = CriteriaChoice(
        label=_label("criteria"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The criteria of the program this activity helps members meet."),
    )
    starts_on = DayField(label=_label("starts_on"), error_messages=DATE_ERRORS)
    ends_on = DayField(
        label=_label("ends_on"),
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_("Leave empty for a one-day activity."),
    )
    unit = IdChoiceField(label=_label("unit"), queryset=None, empty_label=None)

    def __init__(self, *args, program: Program, units, activity: Activity | None = None, **kw):
        if activity is not None and not kw.get("initial"):
            kw["initial"] = {
                "title": activity.title,
                "description": activity.description,
                "area": activity.area_id,
                "criteria": [c.pk for c in activity.criteria.all()],
                "starts_on": activity.starts_on,
                "ends_on": activity.ends_on,
                "unit": activity.unit_id,
            }
        super().__init__(*args, **kw)
        self.program = program
        self.fields["area"].queryset = program.areas.order_by("number")
        self.fields["criteria"].queryset = (
            Criterion.objects.filter(area__program=program)
            .select_related("area")
            .order_by("area__number", "order", "code")
        )
        self.fields["unit"].queryset = units

    def criteria_groups(self) -> list[dict]:
        """The criteria checkboxes by content area, so a phone shows five short headings
        rather than some forty long lines; an area with a ticked criterion starts open."""
        groups: list[dict] = []
        for choice in self["criteria"]:
            area = choice.data["value"].instance.area
            if not groups or groups[-1]["area"] != area:
                groups.append({"area": area, "choices": [], "chosen": 0})
            groups[-1]["choices"].append(choice)
            groups[-1]["chosen"] += bool(choice.data["selected"])
        return groups

    def problems(self, values):
        return services.activity_problems(
            program=self.program,
            unit=values.get("unit"),
            area=values.get("area"),
            criteria=values.get("criteria") or [],
            title=values.get("title", "-"),
            starts_on=values.get("starts_on"),
            ends_on=values.get("ends_on"),
        )
