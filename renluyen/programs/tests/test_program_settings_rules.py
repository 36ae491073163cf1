"""programs.services.program_settings_problems at its boundaries, and program_update."""

from datetime import date
from decimal import Decimal

import pytest

from renluyen.core.errors import DomainError
from renluyen.programs.models import Program
from renluyen.programs.services import program_settings_problems, program_update

GOOD = {
    "name": "Chương trình 2021-2022",
    "registration_deadline": date(2021, 10, 18),
    "self_review_start": date(2022, 3, 1),
    "self_review_end": date(2022, 3, 31),
    "evaluation_start": date(2022, 5, 1),
    "evaluation_deadline": date(2022, 5, 30),
    "report_deadline": date(2022, 6, 1),
    "min_criteria": 10,
    "min_solution_length": 20,
    "threshold_excellent": Decimal("90"),
    "threshold_good": Decimal("80"),
    "threshold_pass": Decimal("70"),
}


def fields(**changes) -> list:
    values = {**GOOD, **changes}
    return [field for field, _ in program_settings_problems(school_year="2021-2022", values=values)]


def test_the_seeds_settings_pass():
    assert fields() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # Windows include both days: a one-day self-review is fine.
        ({"self_review_end": date(2022, 3, 1)}, []),
        ({"self_review_end": date(2022, 2, 28)}, ["self_review_end"]),
        # "Due before" is exclusive, so the evaluation needs at least one day.
        ({"evaluation_deadline": date(2022, 5, 2)}, []),
        ({"evaluation_deadline": date(2022, 5, 1)}, ["evaluation_deadline"]),
        ({"registration_deadline": date(2022, 3, 1)}, []),
        ({"registration_deadline": date(2022, 3, 2)}, ["self_review_start"]),
        ({"self_review_end": date(2022, 5, 1)}, []),
        ({"self_review_end": date(2022, 5, 2)}, ["evaluation_start"]),
        ({"report_deadline": date(2022, 5, 30)}, []),
        ({"report_deadline": date(2022, 5, 29)}, ["report_deadline"]),
        ({"registration_deadline": date(2020, 10, 18)}, ["registration_deadline"]),
        ({"report_deadline": date(2023, 1, 1)}, ["report_deadline"]),
        ({"threshold_excellent": Decimal("100"), "threshold_pass": Decimal("0")}, []),
        ({"threshold_excellent": Decimal("100.01")}, ["threshold_excellent"]),
        ({"threshold_pass": Decimal("-1")}, ["threshold_pass"]),
        ({"threshold_good": Decimal("90")}, ["threshold_good"]),
        ({"threshold_pass": Decimal("80")}, ["threshold_pass"]),
        ({"threshold_good": Decimal("80.01"), "threshold_pass": Decimal("80")}, []),
        ({"min_criteria": 1}, []),
        ({"min_criteria": 0}, ["min_criteria"]),
        ({"name": " "}, ["name"]),
        # A value that did not parse is the form's to report, not reported twice.
        ({"self_review_start": None, "threshold_good": None}, []),
    ],
)
def test_boundaries(changes, expected):
    assert fields(**changes) == expected


def test_the_service_refuses_and_saves_nothing(draft, people):
    with pytest.raises(DomainError) as refused:
        program_update(
            program=draft,
            user=people["standing"],
            values={"threshold_good": Decimal("95"), "min_criteria": 3},
        )
    assert refused.value.problems == [
        "Ngưỡng Hoàn thành tốt phải thấp hơn ngưỡng Hoàn thành xuất sắc."
    ]
    assert Program.objects.get(pk=draft.pk).min_criteria == 10


def test_the_service_takes_only_settings(draft, people):
    with pytest.raises(ValueError, match="school_year"):
        program_update(program=draft, user=people["standing"], values={"school_year": "1999-2000"})
