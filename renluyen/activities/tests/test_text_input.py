"""An activity's title and description go through the one cleaner and are refused beside
their field when too long; ids that are not ids are an invalid choice, never a 500."""

import pytest
from django.urls import reverse

from renluyen.activities.forms import ActivityForm
from renluyen.activities.models import Activity
from renluyen.core.text import MAX_TEXT
from renluyen.organizations.models import Unit
from renluyen.programs.models import Criterion


def data(program, organiser, **changes):
    area = program.areas.get(number=4)
    return {
        "title": "Giải bóng đá sinh viên",
        "description": "Sân vận động trường",
        "unit": organiser.pk,
        "area": area.pk,
        "criteria": [Criterion.objects.get(area=area, code="4.2").pk],
        "starts_on": "15/03/2021",
        **changes,
    }


def create_url(program):
    return f"{reverse('activities:create')}?program={program.pk}"


def test_title_and_description_are_stored_clean(org, program, people, client_for):
    client_for(people["fed_a"]).post(
        create_url(program),
        data(
            program,
            org["fed_a"],
            title=" Giải bóng đá\x00 sinh viên\x1b ",
            description="Sân vận động\r\ntrường\x7f",
        ),
    )
    activity = Activity.objects.get()
    assert (activity.title, activity.description) == (
        "Giải bóng đá sinh viên",
        "Sân vận động\ntrường",
    )


def test_the_form_cleans_whoever_fills_it(org, program):
    # Without the request middleware (a command, a test, a future API) the form still cleans.
    form = ActivityForm(
        data(program, org["fed_a"], title="Giải\x00 bóng đá"),
        program=program,
        units=Unit.objects.filter(pk=org["fed_a"].pk),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Giải bóng đá"


@pytest.mark.parametrize(
    ("field", "length", "limit"), [("title", 256, 255), ("description", MAX_TEXT + 1, MAX_TEXT)]
)
def test_over_long_text_is_refused_beside_its_field(
    org, program, people, client_for, field, length, limit
):
    response = client_for(people["fed_a"]).post(
        create_url(program), data(program, org["fed_a"], **{field: "x" * length})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"Tối đa {limit} ký tự; nội dung này có {length}. Hãy viết ngắn lại."
    ]
    assert not Activity.objects.exists()


@pytest.mark.parametrize("field", ["unit", "area", "criteria"])
@pytest.mark.parametrize("bad", ["9" * 25, "²", "abc"])
def test_an_id_that_is_no_id_is_an_invalid_choice(org, program, people, client_for, field, bad):
    response = client_for(people["fed_a"]).post(
        create_url(program), data(program, org["fed_a"], **{field: bad})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith("Hãy chọn một lựa chọn hợp lệ.")
    assert not Activity.objects.exists()
