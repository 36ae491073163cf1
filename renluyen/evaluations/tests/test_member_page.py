"""The committee's page for one member (evaluations:member): scores side by side, the
collective scores and comment, the group comments, the flags, and who may do what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.evaluations import services
from renluyen.evaluations.models import GroupComment
from renluyen.organizations.models import Level, Role

GOOD = factories.GOOD_SOLUTION


def url(enrollment):
    return reverse("evaluations:member", args=[enrollment.pk])


def rows(enrollment):
    return services.rows_of(services.evaluation_of(enrollment))


@pytest.fixture
def scored(enrollment, people):
    """Hoa self-scored 8 a criterion and the secretary accepted her self-scores."""
    factories.self_scores(enrollment, score=8, accept_by=people["secretary_a1"])
    return enrollment


def test_it_shows_self_and_collective_scores_with_links(client, scored, people):
    client.force_login(people["secretary_a1"])
    response = client.get(url(scored))
    assert response.status_code == 200
    page = text(response)
    assert "Lê Thị Hoa" in page
    assert "Tự chấm: <strong>80/100</strong>" in page
    assert 'Điểm tập thể: <strong id="collective-total">80/100</strong>' in page
    assert 'Xếp loại: <strong id="collective-level">Hoàn thành tốt</strong>' in page
    assert GOOD in page
    assert reverse("evaluations:maxima", args=[scored.pk]) in page
    assert reverse("evaluations:history", args=[scored.pk]) in page
    assert reverse("registrations:print", args=[scored.pk]) in page
    branch = reverse("evaluations:branch", args=[scored.branch_id])
    assert f"{branch}?program={scored.program_id}" in page


def test_the_secretary_changes_a_collective_score_and_the_comment(client, scored, people):
    client.force_login(people["secretary_a1"])
    first, second = rows(scored)[:2]
    data = {"action": "scores", "comment": "Gương mẫu trong sinh hoạt."}
    data |= {f"collective-{r.key}": "8" for r in rows(scored)}
    data[f"collective-{first.key}"] = "6,5"
    response = client.post(url(scored), data)
    assert response.status_code == 302
    after = rows(scored)
    assert after[0].score.collective_score == Decimal("6.5")
    assert after[1].score.collective_score == Decimal(8)
    evaluation = services.evaluation_of(scored)
    assert evaluation.comment == "Gương mẫu trong sinh hoạt."
    evaluation.refresh_from_db()
    assert evaluation.total == Decimal("78.5")
    assert "Đã lưu điểm tập thể." in text(client.get(url(scored)))


def test_the_committee_accepts_the_self_scores_here_too(client, enrollment, people):
    factories.self_scores(enrollment, score=8)
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(enrollment)))
    assert "Chờ chi đoàn chấm" in page and "Chấp nhận điểm tự chấm" in page
    version = services.evaluation_of(enrollment).version
    response = client.post(url(enrollment), {"action": "accept", "version": version})
    assert response.status_code == 302
    evaluation = services.evaluation_of(enrollment)
    evaluation.refresh_from_db()
    assert evaluation.accepted and evaluation.total == 80
    assert "Đã chấp nhận điểm tự chấm" in text(client.get(url(enrollment)))


def test_the_reason_is_saved_with_the_scores(client, scored, people):
    client.force_login(people["secretary_a1"])
    first = rows(scored)[0]
    data = {"action": "scores", f"collective-{first.key}": "5", "reason": "Thiếu minh chứng."}
    assert client.post(url(scored), data).status_code == 302
    evaluation = services.evaluation_of(scored)
    evaluation.refresh_from_db()
    assert evaluation.change_reason == "Thiếu minh chứng."


def test_a_refused_collective_score_shows_beside_its_field(client, scored, people):
    client.force_login(people["secretary_a1"])
    first = rows(scored)[0]
    data = {"action": "scores", f"collective-{first.key}": "11", "comment": ""}
    response = client.post(url(scored), data)
    assert response.status_code == 200
    page = text(response)
    assert "Điểm từ 0 đến 10, theo bước 0,5." in page
    assert f'href="#item-{first.key}"' in page and 'value="11"' in page
    assert rows(scored)[0].score.collective_score == Decimal(8)


def test_a_group_comment_is_added_and_shown(client, scored, people):
    client.force_login(people["secretary_a1"])
    response = client.post(
        url(scored), {"action": "group_comment", "text": "Nhiệt tình, đi sinh hoạt đầy đủ."}
    )
    assert response.status_code == 302
    comment = GroupComment.objects.get()
    assert comment.author == people["secretary_a1"]
    page = text(client.get(url(scored)))
    assert "Nhiệt tình, đi sinh hoạt đầy đủ." in page
    assert "Đã thêm nhận xét." in page


def test_an_empty_group_comment_is_refused_with_a_message(client, scored, people):
    client.force_login(people["secretary_a1"])
    response = client.post(url(scored), {"action": "group_comment", "text": "  "})
    assert response.status_code == 200
    assert "Hãy ghi góp ý của phân đoàn/nhóm." in text(response)
    assert not GroupComment.objects.exists()


def test_a_branch_committee_member_may_comment_too(client, scored, org):
    committee = factories.user()
    factories.role(committee, org["branch_a1"], Role.BRANCH_COMMITTEE)
    client.force_login(committee)
    response = client.post(url(scored), {"action": "group_comment", "text": "Tốt, có tiến bộ."})
    assert response.status_code == 302
    assert GroupComment.objects.get().author == committee


def test_a_sub_branch_committee_does_not_see_the_branch_page(client, scored, org):
    # They comment from their group's page (evaluations:group_comments); this page is
    # the branch's, and the policy gives them no view of the branch.
    group = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"], name="Phân đoàn 1")
    type(scored).objects.filter(pk=scored.pk).update(group=group)
    leader = factories.user()
    factories.role(leader, group, Role.BRANCH_SECRETARY)
    client.force_login(leader)
    assert client.get(url(scored)).status_code == 404


def test_it_shows_the_members_formality_flags(client, scored, people):
    client.force_login(people["secretary_a1"])
    # The fixture gave every criterion the same explanation.
    page = text(client.get(url(scored)))
    assert "Dấu hiệu đánh giá hình thức" in page


def test_the_member_is_sent_to_their_self_evaluation(client, scored, member_user):
    client.force_login(member_user)
    response = client.get(url(scored))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:self", args=[scored.pk])


# ---------------------------------------------------------------- permissions


def test_another_member_gets_404(client, scored, org):
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    client.force_login(other)
    assert client.get(url(scored)).status_code == 404


def test_another_branchs_secretary_gets_404(client, scored, people):
    client.force_login(people["secretary_b1"])
    assert client.get(url(scored)).status_code == 404
    assert client.post(url(scored), {"action": "group_comment", "text": "x"}).status_code == 404


def test_the_federation_reads_but_may_not_write(client, scored, people):
    client.force_login(people["fed_a"])
    response = client.get(url(scored))
    assert response.status_code == 200
    assert 'name="collective-' not in text(response)
    assert 'name="text"' not in text(response)
    data = {"action": "group_comment", "text": "Không được phép."}
    assert client.post(url(scored), data).status_code == 403
    assert client.post(url(scored), {"action": "scores", "comment": "x"}).status_code == 403
    assert not GroupComment.objects.exists()


@pytest.mark.parametrize("name", ["evaluations:self", "evaluations:member", "evaluations:maxima"])
def test_reading_a_member_s_pages_writes_nothing(client, enrollment, people, name):
    """Before anyone saved, the pages show the confirmed criteria from unsaved rows."""
    from renluyen.evaluations.models import Evaluation, Score

    client.force_login(people["secretary_a1"])
    response = client.get(reverse(name, args=[enrollment.pk]))
    assert response.status_code == 200
    assert "1.1." in text(response)
    assert not Evaluation.objects.exists() and not Score.objects.exists()
