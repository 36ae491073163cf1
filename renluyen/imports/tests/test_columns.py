"""How single cells and headers are read (renluyen/imports/columns.py)."""

from datetime import date, datetime

import pytest

from renluyen.imports.columns import BY_KEY, Problem, header_key, parse_cell, parse_date


@pytest.mark.parametrize(
    "header, key",
    [
        ("Mã đoàn viên", "code"),
        ("MÃ ĐOÀN VIÊN (*)", "code"),
        ("ma doan vien", "code"),
        ("member_code", "code"),
        ("Họ và tên", "full_name"),
        ("Họ tên", "full_name"),
        ("Đối tượng", "member_type"),
        ("Số điện thoại", "phone"),
        ("SĐT", "phone"),
        ("Mã chi đoàn", "branch_code"),
        ("Trạng thái", "status"),
        ("STT", None),
        ("Ghi chú", None),
    ],
)
def test_it_matches_headers_whatever_the_case_or_diacritics(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("05/09/2003", date(2003, 9, 5)),
        ("5/9/2003", date(2003, 9, 5)),
        ("05-09-2003", date(2003, 9, 5)),
        ("05.09.2003", date(2003, 9, 5)),
        ("2003-09-05", date(2003, 9, 5)),
        ("2003-09-05 00:00:00", date(2003, 9, 5)),
        (datetime(2003, 9, 5), date(2003, 9, 5)),
        (date(2003, 9, 5), date(2003, 9, 5)),
        (37869, date(2003, 9, 5)),  # Excel's day number for 05/09/2003
        ("", None),
        (None, None),
    ],
)
def test_it_reads_dates_as_vietnamese_write_them(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2003", "09/05/03", "năm 2003", "2003/13/01", "13-2003"])
def test_an_unreadable_date_is_a_problem_naming_the_value(cell):
    with pytest.raises(Problem) as caught:
        parse_date(cell)
    assert caught.value.code == "bad_date"
    assert caught.value.params == {"value": cell}


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(Problem) as caught:
        parse_date("01/01/2999")
    assert caught.value.code == "date_out_of_range"


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Sinh viên", "student"),
        ("SINH VIÊN", "student"),
        ("sinh vien", "student"),
        ("Giảng viên", "lecturer"),
        ("Cán bộ nghiên cứu", "lecturer"),
        ("Giảng viên/Cán bộ nghiên cứu", "lecturer"),
        ("Học sinh", "pupil"),
        ("Cán bộ", "staff"),
        ("Nhân viên", "staff"),
        ("Khác", "other"),
        ("lecturer", "lecturer"),
        ("pupil", "pupil"),
    ],
)
def test_it_reads_member_types_in_vietnamese_and_english(cell, expected):
    assert parse_cell(BY_KEY["member_type"], cell) == expected


def test_an_unknown_member_type_is_a_problem():
    with pytest.raises(Problem) as caught:
        parse_cell(BY_KEY["member_type"], "Bộ đội")
    assert (caught.value.code, caught.value.params) == ("bad_member_type", {"value": "Bộ đội"})


def test_text_typed_in_decomposed_unicode_is_stored_composed():
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"  # what some keyboards produce
    assert parse_cell(BY_KEY["full_name"], f"  {decomposed}  ") == "Nguyễn Văn An"


def test_a_phone_number_that_excel_turned_into_a_number_gets_its_zero_back():
    assert parse_cell(BY_KEY["phone"], 912345678) == "0912345678"
    assert parse_cell(BY_KEY["phone"], "091 234 5678") == "091 234 5678"


def test_a_code_typed_as_a_number_is_read_without_decimals():
    assert parse_cell(BY_KEY["code"], 20200001.0) == "20200001"


@pytest.mark.parametrize(
    "key, cell, code",
    [
        ("email", "an@", "bad_email"),
        ("phone", "gọi sau", "bad_phone"),
        ("gender", "N", "bad_gender"),
        ("status", "nghỉ", "bad_status"),
        ("code", "", "missing_code"),
        ("full_name", "   ", "missing_full_name"),
        ("member_type", None, "missing_member_type"),
        ("code", "VIDU-001", "example_row"),
        ("code", "X" * 41, "too_long"),
    ],
)
def test_bad_cells_are_problems(key, cell, code):
    with pytest.raises(Problem) as caught:
        parse_cell(BY_KEY[key], cell)
    assert caught.value.code == code
