"""The 2020–2021 catalog loads exactly as the seed prints it (section III)."""

import re
from datetime import date
from pathlib import Path

from django.core.management import call_command

from renluyen.programs.catalog_2020 import AREAS
from renluyen.programs.models import Criterion, Program
from renluyen.programs.services import program_load_2020

# A copy of ../shared/seed kept in the repository so the check runs anywhere.
SEED = (
    Path(__file__).resolve().parents[3]
    / "docs"
    / "seed"
    / ("ke-hoach-chuong-trinh-ren-luyen-doan-vien-2020-2021.txt")
)

# The evident typing errors corrected in the catalog: seed text -> catalog text.
CORRECTIONS = {
    "lối song": "lối sống",
    "Nếu cao": "Nêu cao",
    "đẩy đủ": "đầy đủ",
    "hợp pháp; chính đáng": "hợp pháp, chính đáng",
    "các bộ Đoàn": "cán bộ Đoàn",
    "đơn giải hóa": "đơn giản hóa",
}


def seed_text() -> str:
    """The seed with runs of spaces (including no-break spaces) read as one space."""
    return "\n".join(
        re.sub(r"\s+", " ", line).strip() for line in SEED.read_text(encoding="utf-8").splitlines()
    )


def seed_criteria() -> dict[str, str]:
    """Criterion code -> text, read from the seed document itself, corrections applied."""
    text = seed_text()
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return {
        m.group(1): m.group(2).strip()
        for m in re.finditer(r"^(\d\.\d)\.\s*(.+)$", text, flags=re.MULTILINE)
    }


def test_it_loads_five_areas_and_22_criteria_plus_three_targets(org):
    program = program_load_2020(unit=org["base"])
    areas = list(program.areas.order_by("number"))
    assert [a.title for a in areas] == [
        "Lý tưởng cách mạng, nhận thức chính trị",
        "Đạo đức, lối sống, tác phong đoàn viên",
        "Chuyên môn nghiệp vụ",
        "Sức khỏe",
        "Ý thức xây dựng tổ chức Đoàn",
    ]
    common = Criterion.objects.filter(area__program=program, member_type="")
    assert [a.criteria.filter(member_type="").count() for a in areas] == [6, 5, 5, 3, 3]
    assert common.count() == 22
    targets = dict(
        Criterion.objects.filter(area__program=program)
        .exclude(member_type="")
        .values_list("member_type", "area__number")
    )
    assert targets == {"lecturer": 3, "student": 3, "pupil": 3}
    assert all(a.points == 20 for a in areas)


def test_criterion_texts_are_the_seeds_word_for_word(org):
    program = program_load_2020(unit=org["base"])
    stored = dict(
        Criterion.objects.filter(area__program=program, member_type="").values_list("code", "text")
    )
    expected = seed_criteria()
    assert len(expected) == 22
    assert stored == expected


def test_targets_are_the_seeds_iii3_texts(org):
    program = program_load_2020(unit=org["base"])
    seed = seed_text().replace("đơn giải hóa", "đơn giản hóa")
    for c in Criterion.objects.filter(area__program=program).exclude(member_type=""):
        # Each target is a run of the seed's III.3 text (its first letter may be capitalised).
        text = c.text.rstrip(".")
        assert text[0].lower() + text[1:] in seed or text in seed, c.code


def test_typing_errors_are_corrected(org):
    program = program_load_2020(unit=org["base"])
    texts = " ".join(Criterion.objects.filter(area__program=program).values_list("text", flat=True))
    for wrong, right in CORRECTIONS.items():
        assert wrong not in texts
        assert right in texts


def test_deadlines_and_settings_are_the_seeds(org):
    program = program_load_2020(unit=org["base"])
    assert program.school_year == "2020-2021"
    assert program.registration_deadline == date(2020, 10, 18)
    assert program.evaluation_deadline == date(2021, 5, 30)
    assert program.report_deadline == date(2021, 6, 1)
    assert program.self_review_start < program.self_review_end < program.evaluation_start
    assert (program.min_criteria, program.every_area_required) == (10, True)
    assert (program.threshold_excellent, program.threshold_good, program.threshold_pass) == (
        90,
        80,
        70,
    )


def test_loading_twice_keeps_one_program(org):
    first = program_load_2020(unit=org["base"])
    call_command("load_program_2020", org["base"].code)
    assert Program.objects.get() == first
    assert Criterion.objects.count() == 25


def test_catalog_module_and_seed_agree_on_codes():
    codes = [code for area in AREAS for code, _text in area["criteria"]]
    assert codes == sorted(seed_criteria())
