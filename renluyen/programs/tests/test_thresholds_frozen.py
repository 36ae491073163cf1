"""The thresholds that decide levels are frozen once a branch has finalized its results;
before that, a change stores every member's level again (item 13.5)."""

from decimal import Decimal

import pytest

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import text
from renluyen.evaluations.models import Evaluation, Level, Reason
from renluyen.imports.tests.conftest import make_program
from renluyen.programs.services import program_update


@pytest.fixture
def year(org, people):
    program = make_program(org["base"])
    program.refresh_from_db()  # its dates as dates, not the strings it was made with
    member = factories.member(branch=org["branch_a1"], user=factories.user())
    enrollment = factories.enroll(program, member)
    evaluation = Evaluation.objects.create(
        enrollment=enrollment, total=Decimal("75"), level=Level.COMPLETED, reason=""
    )
    return program, evaluation


def test_a_change_before_any_branch_finalized_stores_the_levels_again(people, year):
    program, evaluation = year
    program_update(
        program=program,
        user=people["standing"],
        values={"threshold_good": Decimal("85"), "threshold_pass": Decimal("80")},
    )
    evaluation.refresh_from_db()
    assert (evaluation.level, evaluation.reason) == (Level.NOT_COMPLETED, Reason.BELOW_THRESHOLD)


def test_no_change_once_a_branch_finalized(org, people, year):
    program, evaluation = year
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    stored = Evaluation.objects.get(pk=evaluation.pk).level  # stored again at finalize
    with pytest.raises(DomainError, match="đã có chi đoàn chốt kết quả"):
        program_update(
            program=program, user=people["standing"], values={"threshold_pass": Decimal("76")}
        )
    program.refresh_from_db()
    assert program.threshold_pass == Decimal("70")
    assert Evaluation.objects.get(pk=evaluation.pk).level == stored
    # Other settings still change.
    program_update(program=program, user=people["standing"], values={"name": "Năm học mới"})


def test_the_edit_page_says_why(client, org, people, year):
    program, _evaluation = year
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["standing"])
    page = client.get(f"/programs/{program.pk}/edit/")
    form = {
        name: value for name, value in page.context["form"].initial.items() if value is not None
    }
    form.update(threshold_pass="76")
    response = client.post(f"/programs/{program.pk}/edit/", form)
    assert "đã có chi đoàn chốt kết quả" in text(response)
