"""The project's form fields: free text through the one cleaner with a length limit, and
model choices that refuse what is not an id before asking the database (a 25-digit id
was an OverflowError, a 500, on SQLite)."""

import pytest
from django import forms

from renluyen.core.forms import IdChoiceField, IdMultipleChoiceField, TextField
from renluyen.organizations.models import Unit

INVALID = "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
NOT_IDS = ["1" * 25, "²", "1e3", "-1", " 1", "0x10", "abc"]


class Sample(forms.Form):
    text = TextField(max_length=20)
    unit = IdChoiceField(queryset=Unit.objects.all(), required=False)
    units = IdMultipleChoiceField(queryset=Unit.objects.all(), required=False)


def test_text_is_stored_cleaned():
    form = Sample({"text": "  Nguye\u0302\u0303n\x00 Văn\x1b A\r\n "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "Nguyễn Văn A"


def test_over_long_text_is_refused_beside_the_field_in_vietnamese():
    form = Sample({"text": "x" * 21})
    assert not form.is_valid()
    assert form.errors["text"] == ["Tối đa 20 ký tự; nội dung này có 21. Hãy viết ngắn lại."]


def test_control_characters_do_not_count_towards_the_length():
    form = Sample({"text": "x" * 20 + "\x00" * 5})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("bad", NOT_IDS)
def test_a_value_that_is_no_id_is_an_invalid_choice(db, bad):
    form = Sample({"text": "a", "unit": bad})
    assert not form.is_valid()
    assert form.errors["unit"] == [INVALID]


@pytest.mark.parametrize("bad", NOT_IDS)
def test_a_list_with_a_value_that_is_no_id_is_an_invalid_choice(org, bad):
    form = Sample({"text": "a", "units": [str(org["branch_a1"].pk), bad]})
    assert not form.is_valid()
    assert form.errors["units"][0].startswith("Hãy chọn một lựa chọn hợp lệ.")


def test_real_ids_still_choose(org):
    a1, b1 = org["branch_a1"], org["branch_b1"]
    form = Sample({"text": "a", "unit": str(a1.pk), "units": [str(a1.pk), str(b1.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == a1
    assert set(form.cleaned_data["units"]) == {a1, b1}
