"""A sub-branch's or group's comments on its members (large or dispersed branches)."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.evaluations.models import GroupComment
from renluyen.evaluations.tests.test_branch_table import add_member
from renluyen.organizations.models import Level, Role


@pytest.fixture
def groups(org, program, people, enrollment):
    """Nhóm 1 (Hoa, self-evaluated) with its own secretary, and Nhóm 2 (Trần Văn Nam)."""
    factories.self_scores(enrollment, score=8)
    one = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"], name="Nhóm 1")
    two = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"], name="Nhóm 2")
    nam = add_member(
        program, org["branch_a1"], "Trần Văn Nam", confirm_by=people["secretary_a1"], submit=False
    )
    enrollment.group, nam.group = one, two
    enrollment.save()
    nam.save()
    leader = factories.user()
    factories.role(leader, one, Role.BRANCH_SECRETARY)
    return {"one": one, "two": two, "hoa": enrollment, "nam": nam, "leader": leader}


def url(group, program):
    return f"{reverse('evaluations:group_comments', args=[group.pk])}?program={program.pk}"


def test_the_group_secretary_sees_and_comments_their_members(client, program, groups):
    client.force_login(groups["leader"])
    page = text(client.get(url(groups["one"], program)))
    assert "Lê Thị Hoa" in page and "Trần Văn Nam" not in page
    assert "Đã nộp bản tự đánh giá" in page and "Tổng điểm tự chấm: <b>80</b>" in page
    response = client.post(
        url(groups["one"], program),
        {"enrollment": groups["hoa"].pk, "text": "Nhiệt tình, hoàn thành tốt nhiệm vụ."},
        follow=True,
    )
    assert "Đã lưu góp ý về Lê Thị Hoa." in text(response)
    assert "Nhiệt tình, hoàn thành tốt nhiệm vụ." in text(response)
    comment = GroupComment.objects.get()
    assert (comment.group, comment.author) == (groups["one"], groups["leader"])


def test_the_group_secretary_may_not_comment_on_others(client, program, groups):
    client.force_login(groups["leader"])
    assert client.get(url(groups["two"], program)).status_code == 404
    response = client.post(
        url(groups["one"], program), {"enrollment": groups["nam"].pk, "text": "Không thuộc nhóm."}
    )
    assert response.status_code == 404
    assert not GroupComment.objects.exists()


def test_the_branch_secretary_comments_in_any_group(client, program, people, groups):
    client.force_login(people["secretary_a1"])
    response = client.post(
        url(groups["two"], program),
        {"enrollment": groups["nam"].pk, "text": "Cần cố gắng hơn."},
        follow=True,
    )
    assert "Đã lưu góp ý về Trần Văn Nam." in text(response)
    # A member posted to a group they are not in is refused.
    response = client.post(
        url(groups["two"], program), {"enrollment": groups["hoa"].pk, "text": "Sai nhóm."}
    )
    assert response.status_code == 404


def test_an_empty_comment_is_refused(client, program, groups):
    client.force_login(groups["leader"])
    response = client.post(
        url(groups["one"], program), {"enrollment": groups["hoa"].pk, "text": "   "}, follow=True
    )
    assert 'class="msg-error"' in response.content.decode()
    assert not GroupComment.objects.exists()


def test_readers_and_outsiders(client, program, people, groups):
    client.force_login(people["fed_a"])
    assert client.get(url(groups["one"], program)).status_code == 403
    client.force_login(people["secretary_b1"])
    assert client.get(url(groups["one"], program)).status_code == 404


def test_the_query_count_does_not_grow(client, org, program, people, groups):
    client.force_login(groups["leader"])
    small = count_queries(lambda: client.get(url(groups["one"], program)))
    for i in range(5):
        member = add_member(
            program,
            org["branch_a1"],
            f"Đoàn viên {i}",
            confirm_by=people["secretary_a1"],
            submit=i % 2 == 0,
        )
        member.group = groups["one"]
        member.save()
    big = count_queries(lambda: client.get(url(groups["one"], program)))
    assert small == big
