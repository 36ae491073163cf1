"""Program, area and criterion texts go through the one cleaner and are refused beside
their field when too long (a NUL was a 500 on PostgreSQL)."""

from django.urls import reverse

from renluyen.core.text import MAX_TEXT
from renluyen.programs.models import Area


def test_area_texts_are_stored_clean(draft, people, client_for):
    client_for(people["standing"]).post(
        reverse("programs:area_create", args=[draft.pk]),
        {
            "number": 6,
            "title": " Kỹ năng\x00 số ",
            "description": "Chuyển\x1b đổi số.\r\n",
            "points": "10",
        },
    )
    area = Area.objects.get(program=draft, number=6)
    assert (area.title, area.description) == ("Kỹ năng số", "Chuyển đổi số.")


def test_an_over_long_area_description_is_refused_beside_it(draft, people, client_for):
    response = client_for(people["standing"]).post(
        reverse("programs:area_create", args=[draft.pk]),
        {"number": 6, "title": "Kỹ năng số", "description": "x" * (MAX_TEXT + 1), "points": "10"},
    )
    assert response.context["form"].errors["description"] == [
        f"Tối đa {MAX_TEXT} ký tự; nội dung này có {MAX_TEXT + 1}. Hãy viết ngắn lại."
    ]
    assert not Area.objects.filter(program=draft, number=6).exists()


def test_criterion_text_is_stored_clean_and_an_over_long_one_refused(draft, people, client_for):
    area = draft.areas.get(number=3)
    url = reverse("programs:criterion_create", args=[draft.pk, area.pk])
    client = client_for(people["standing"])
    client.post(url, {"code": "3.6\x00", "text": "Nghiên cứu\x00 khoa học.", "order": ""})
    assert area.criteria.get(code="3.6").text == "Nghiên cứu khoa học."
    response = client.post(url, {"code": "3.7", "text": "x" * (MAX_TEXT + 1), "order": ""})
    assert response.context["form"].errors["text"][0].startswith(f"Tối đa {MAX_TEXT} ký tự")
    assert not area.criteria.filter(code="3.7").exists()


def test_an_over_long_program_name_is_refused_beside_it(program, people, client_for):
    url = reverse("programs:program_edit", args=[program.pk])
    form = client_for(people["standing"]).get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    data["name"] = "x" * 256
    response = client_for(people["standing"]).post(url, data)
    assert response.context["form"].errors["name"] == [
        "Tối đa 255 ký tự; nội dung này có 256. Hãy viết ngắn lại."
    ]
