"""One cell of the branch table saved on its own (autosave): a collective score or the
member's comment, answered as JSON for the page to show beside the cell."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchState, Evaluation, Level
from renluyen.evaluations.tests.test_branch_table import add_member
from renluyen.organizations.models import Role


def cell_url(unit, program):
    return f"{reverse('evaluations:cell', args=[unit.pk])}?program={program.pk}"


@pytest.fixture
def scored(enrollment):
    """Hoa has submitted her self-evaluation at 8 a criterion (the branch's pre-fill)."""
    factories.self_scores(enrollment, score=8)
    enrollment.refresh_from_db()
    return enrollment


def first_row(enrollment):
    return services.rows_of(enrollment.evaluation)[0]


def post(client, org, program, **data):
    return client.post(cell_url(org["branch_a1"], program), data)


def test_it_stores_the_score_records_it_and_returns_the_total(client, org, program, people, scored):
    row = first_row(scored)
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value="6,5")
    assert response.status_code == 200
    answer = response.json()
    assert answer == {
        "ok": True,
        "total": "78,5",
        "level_label": "Hoàn thành",
        "complete": True,
        "message": "Đã lưu",
    }
    row = first_row(scored)
    assert str(row.score.collective_score) == "6.50"
    assert row.score.collective_set
    evaluation = Evaluation.objects.get(pk=scored.evaluation.pk)
    assert evaluation.level == Level.COMPLETED
    event = Event.objects.filter(verb="evaluation.scores", object_id=str(scored.pk)).get()
    change = event.data["changes"][0]
    assert (change["field"], change["old"], change["new"]) == ("collective", "8.00", "6.5")


@pytest.mark.parametrize(
    "value, message",
    [
        ("11", "Điểm từ 0 đến 10, theo bước 0,5."),
        ("abc", "Hãy nhập một số, ví dụ 6,5."),
        ("7,3", "Điểm từ 0 đến 10, theo bước 0,5."),
    ],
)
def test_refused_values_save_nothing(client, org, program, people, scored, value, message):
    row = first_row(scored)
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value=value)
    assert response.status_code == 400
    answer = response.json()
    assert answer["ok"] is False
    assert answer["message"] == message
    assert first_row(scored).score.collective_score == 8
    assert not Event.objects.filter(verb="evaluation.scores").exists()


def test_a_blank_cell_makes_the_member_not_fully_scored(client, org, program, people, scored):
    row = first_row(scored)
    client.force_login(people["secretary_a1"])
    answer = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value="").json()
    assert answer["ok"] and answer["complete"] is False
    assert answer["level_label"] == "Chưa chấm đủ"


def test_a_member_who_never_self_evaluated_can_be_scored(client, org, program, people):
    factories.open_evaluation(program)
    nam = add_member(
        program, org["branch_a1"], "Trần Văn Nam", confirm_by=people["secretary_a1"], submit=False
    )
    evaluation = services.evaluation_of(nam)
    row = services.rows_of(evaluation)[0]
    client.force_login(people["secretary_a1"])
    answer = post(client, org, program, enrollment=nam.pk, item=row.item.pk, value="9").json()
    assert answer["ok"] and answer["total"] == "9" and answer["complete"] is False


def test_a_comment_is_saved(client, org, program, people, scored):
    client.force_login(people["secretary_a1"])
    response = post(
        client,
        org,
        program,
        enrollment=scored.pk,
        comment="Tích cực, cần chủ động hơn trong học tập.",
    )
    assert response.json() == {"ok": True, "message": "Đã lưu"}
    scored.evaluation.refresh_from_db()
    assert scored.evaluation.comment == "Tích cực, cần chủ động hơn trong học tập."
    assert Event.objects.filter(verb="evaluation.comment", object_id=str(scored.pk)).exists()


def test_after_finalizing_cells_are_locked(client, org, program, people, scored):
    be = services.branch_evaluation(program, org["branch_a1"])
    be.state = BranchState.FINALIZED
    be.save()
    row = first_row(scored)
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value="5")
    assert response.status_code == 400
    assert "không thể sửa nữa" in response.json()["message"]
    assert first_row(scored).score.collective_score == 8


def test_the_federation_may_not_write(client, org, program, people, scored):
    row = first_row(scored)
    client.force_login(people["fed_a"])
    response = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value="5")
    assert response.status_code == 403


def test_another_branch_secretary_gets_404(client, org, program, people, scored):
    row = first_row(scored)
    client.force_login(people["secretary_b1"])
    response = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value="5")
    assert response.status_code == 404


def test_a_member_of_another_branch_is_404(client, org, program, people, scored):
    """A2's secretary posts Hoa (of A1) to A2's table."""
    secretary_a2 = factories.user()
    factories.role(secretary_a2, org["branch_a2"], Role.BRANCH_SECRETARY)
    client.force_login(secretary_a2)
    row = first_row(scored)
    response = client.post(
        cell_url(org["branch_a2"], program),
        {"enrollment": scored.pk, "item": row.item.pk, "value": "5"},
    )
    assert response.status_code == 404


def test_the_secretary_may_not_score_their_own_row(client, org, program, people, scored):
    secretary = people["secretary_a1"]
    own = factories.enroll(program, factories.member(branch=org["branch_a1"], user=secretary))
    factories.registration(own, confirm_by=secretary)
    own.refresh_from_db()
    row = services.rows_of(services.evaluation_of(own))[0]
    client.force_login(secretary)
    response = post(client, org, program, enrollment=own.pk, item=row.item.pk, value="5")
    assert response.status_code == 403
    assert post(client, org, program, enrollment=own.pk, comment="Tốt").status_code == 403


def test_get_is_not_allowed(client, org, program, people, scored):
    client.force_login(people["secretary_a1"])
    assert client.get(cell_url(org["branch_a1"], program)).status_code == 405
