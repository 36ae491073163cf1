"""The one text cleaner (core.text) and the input middleware."""

import pytest
from django.http import QueryDict

from renluyen.core.middleware import _cleaned
from renluyen.core.text import clean, too_long


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (None, ""),
        ("  Học tập\x00 tốt \r\n", "Học tập tốt"),
        ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
        ("a\x07b\x1bc\x7fd\x85e", "abcde"),
        ("cột\tcột", "cột\tcột"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed, as some phones type it
    ],
)
def test_it_cleans_text(raw, stored):
    assert clean(raw) == stored


def test_it_says_how_long_text_may_be():
    assert too_long("x" * 200, 200) is None
    assert too_long("x" * 201, 200) == "Tối đa 200 ký tự; nội dung này có 201. Hãy viết ngắn lại."


def test_the_middleware_removes_control_characters_from_every_value():
    data = QueryDict(mutable=True)
    data.setlist("text", ["giải\x00 pháp", "ok"])
    data["ke\x00y"] = "x"
    cleaned = _cleaned(data)
    assert cleaned.getlist("text") == ["giải pháp", "ok"]
    assert cleaned["key"] == "x"
    assert not cleaned._mutable


def test_clean_input_is_passed_on_untouched():
    data = QueryDict("a=1&b=d%C3%B2ng%0D%0Ahai")
    assert _cleaned(data) is data
