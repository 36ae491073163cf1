"""One cell of the branch table saved on its own (autosave): a collective score, the
member's accepted self-scores, the reason for changed scores or the member's comment,
answered as JSON (the stored total, level and state) for the page to show."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchState, Evaluation, Level
from renluyen.evaluations.tests.test_branch_table import add_member
from renluyen.organizations.models import Role


def cell_url(unit, program):
    return f"{reverse('evaluations:cell', args=[unit.pk])}?program={program.pk}"


@pytest.fixture
def scored(enrollment):
    """Hoa has submitted her self-evaluation at 8 a criterion; the branch has not acted."""
    factories.self_scores(enrollment, score=8)
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture
def accepted(scored, people):
    """...and the secretary accepted her self-scores as they stand."""
    services.member_accept(enrollment=scored, user=people["secretary_a1"])
    scored.refresh_from_db()
    return scored


def first_row(enrollment):
    return services.rows_of(enrollment.evaluation)[0]


def post(client, org, program, **data):
    return client.post(cell_url(org["branch_a1"], program), data)


def test_the_branch_cell_starts_empty_beside_the_self_score(scored):
    """Submitting a self-evaluation copies nothing into the branch's scores."""
    rows = services.rows_of(scored.evaluation)
    assert {r.score.self_score for r in rows} == {8}
    assert {r.score.collective_score for r in rows} == {None}
    assert scored.evaluation.reviewed_at is None


def test_it_stores_the_score_records_it_and_returns_the_total(
    client, org, program, people, accepted
):
    row = first_row(accepted)
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=accepted.pk, item=row.item.pk, value="6,5")
    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] is True and answer["message"] == "Đã lưu"
    assert (answer["total"], answer["level_label"], answer["complete"]) == (
        "78,5",
        "Hoàn thành",
        True,
    )
    assert answer["changed"] is True and answer["needs_reason"] is True
    assert answer["values"][str(row.item.pk)] == "6,5"
    row = first_row(accepted)
    assert str(row.score.collective_score) == "6.50"
    evaluation = Evaluation.objects.get(pk=accepted.evaluation.pk)
    assert evaluation.level == Level.COMPLETED
    event = Event.objects.filter(verb="evaluation.scores", object_id=str(accepted.pk)).get()
    change = event.data["changes"][0]
    assert (change["field"], change["old"], change["new"]) == ("collective", "8.00", "6.5")


def test_entering_one_score_counts_as_acting_on_the_member(client, org, program, people, scored):
    row = first_row(scored)
    client.force_login(people["secretary_a1"])
    answer = post(client, org, program, enrollment=scored.pk, item=row.item.pk, value="8").json()
    assert answer["state"] == "partial" and answer["state_label"] == "Chưa chấm đủ"
    evaluation = Evaluation.objects.get(pk=scored.evaluation.pk)
    assert evaluation.reviewed_by == people["secretary_a1"] and not evaluation.accepted


def test_accept_takes_the_self_scores_as_they_stand(client, org, program, people, scored):
    """One key (or tap) for one member: every empty cell takes the self-score; a cell the
    branch typed keeps the branch's; recorded per member, with who and when."""
    rows = services.rows_of(scored.evaluation)
    client.force_login(people["secretary_a1"])
    post(client, org, program, enrollment=scored.pk, item=rows[1].item.pk, value="7")
    answer = post(
        client, org, program, enrollment=scored.pk, accept="1", version=scored.evaluation.version
    ).json()
    assert answer["ok"] and answer["state"] == "accepted"
    assert (answer["total"], answer["level_label"]) == ("79", "Hoàn thành")
    assert answer["values"][str(rows[0].item.pk)] == "8"
    assert answer["values"][str(rows[1].item.pk)] == "7"
    evaluation = Evaluation.objects.get(pk=scored.evaluation.pk)
    assert evaluation.accepted and evaluation.reviewed_by == people["secretary_a1"]
    assert evaluation.reviewed_at is not None and evaluation.total == 79
    event = Event.objects.get(verb="evaluation.accept", object_id=str(scored.pk))
    assert event.actor == people["secretary_a1"] and len(event.data["changes"]) == 9


def test_accept_concerns_one_member_only(client, org, program, people, scored):
    other = add_member(program, org["branch_a1"], "Trần Văn Nam", confirm_by=people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    post(client, org, program, enrollment=scored.pk, accept="1")
    assert Evaluation.objects.get(enrollment=other).reviewed_at is None
    assert not services.rows_of(Evaluation.objects.get(enrollment=other))[0].score.collective_score


def test_accept_is_refused_without_a_submitted_self_evaluation(client, org, program, people):
    nam = add_member(
        program, org["branch_a1"], "Trần Văn Nam", confirm_by=people["secretary_a1"], submit=False
    )
    factories.open_evaluation(program)
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=nam.pk, accept="1")
    assert response.status_code == 400
    assert "chưa nộp bản tự đánh giá" in response.json()["message"]


def test_accept_is_refused_for_a_self_evaluation_changed_since(
    client, org, program, people, scored
):
    client.force_login(people["secretary_a1"])
    old = scored.evaluation.version - 1
    response = post(client, org, program, enrollment=scored.pk, accept="1", version=old)
    assert response.status_code == 400
    assert Evaluation.objects.get(pk=scored.evaluation.pk).reviewed_at is None


def test_accept_is_refused_after_finalizing(client, org, program, people, scored):
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=scored.pk, accept="1")
    assert response.status_code == 400
    assert "không thể sửa nữa" in response.json()["message"]
    assert not Event.objects.filter(verb="evaluation.accept").exists()


def test_nobody_accepts_their_own_self_scores(client, org, program, people):
    secretary = people["secretary_a1"]
    own = factories.enroll(program, factories.member(branch=org["branch_a1"], user=secretary))
    factories.registration(own, confirm_by=secretary)
    factories.open_evaluation(program)
    own.refresh_from_db()
    factories.self_scores(own, score=9)
    client.force_login(secretary)
    assert post(client, org, program, enrollment=own.pk, accept="1").status_code == 403
    # Nor through the service, whatever screen calls it.
    with pytest.raises(DomainError):
        services.member_accept(enrollment=own, user=secretary)
    assert Evaluation.objects.get(enrollment=own).reviewed_at is None


def test_the_reason_is_saved_and_recorded(client, org, program, people, accepted):
    row = first_row(accepted)
    client.force_login(people["secretary_a1"])
    post(client, org, program, enrollment=accepted.pk, item=row.item.pk, value="6")
    answer = post(
        client, org, program, enrollment=accepted.pk, reason="Minh chứng chưa đủ cho 1.1."
    ).json()
    assert answer["ok"] and answer["changed"] and not answer["needs_reason"]
    evaluation = Evaluation.objects.get(pk=accepted.evaluation.pk)
    assert evaluation.change_reason == "Minh chứng chưa đủ cho 1.1."
    assert Event.objects.filter(verb="evaluation.reason", object_id=str(accepted.pk)).exists()


def test_a_reason_too_long_is_refused(client, org, program, people, accepted):
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=accepted.pk, reason="x" * 501)
    assert response.status_code == 400
    assert "Tối đa 500 ký tự; nội dung này có 501." in response.json()["message"]
    # Control characters are cleaned away, not stored (nor a 500 on PostgreSQL).
    services.reason_set(
        enrollment=accepted, user=people["secretary_a1"], text=" Thiếu\x00 1.1.\x07"
    )
    assert Evaluation.objects.get(pk=accepted.evaluation.pk).change_reason == "Thiếu 1.1."


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
    assert first_row(scored).score.collective_score is None
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


def test_after_finalizing_cells_are_locked(client, org, program, people, accepted):
    be = services.branch_evaluation(program, org["branch_a1"])
    be.state = BranchState.FINALIZED
    be.save()
    row = first_row(accepted)
    client.force_login(people["secretary_a1"])
    response = post(client, org, program, enrollment=accepted.pk, item=row.item.pk, value="5")
    assert response.status_code == 400
    assert "không thể sửa nữa" in response.json()["message"]
    assert first_row(accepted).score.collective_score == 8
    response = post(client, org, program, enrollment=accepted.pk, reason="Hạ điểm.")
    assert response.status_code == 400


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


@pytest.mark.parametrize("fields", [{"accept": "1"}, {"reason": "Thiếu minh chứng."}])
def test_accepting_and_the_reason_follow_the_same_rights(
    client, org, program, people, scored, fields
):
    """Read-only units get 403, another branch 404, as for a score."""
    for user, status in ((people["fed_a"], 403), (people["secretary_b1"], 404)):
        client.force_login(user)
        assert post(client, org, program, enrollment=scored.pk, **fields).status_code == status
    evaluation = Evaluation.objects.get(pk=scored.evaluation.pk)
    assert evaluation.reviewed_at is None and evaluation.change_reason == ""
