"""The home page's evaluation cards (IV.1 Step 3), once the program's evaluation has
opened: the member's self-evaluation, the branch's members not yet scored, the
federation's branches to forward and the base Union's branches to recognize."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.evaluations import services
from renluyen.programs.models import Program


def test_no_card_before_the_evaluation_opens(client, org, people, enrollment, member_user):
    program = enrollment.program
    Program.objects.filter(pk=program.pk).update(
        evaluation_start=timezone.localdate() + timedelta(days=5)
    )
    client.force_login(member_user)
    assert "Tự đánh giá rèn luyện" not in text(client.get("/"))
    client.force_login(people["secretary_a1"])
    assert "chưa được chấm" not in text(client.get("/"))


def test_the_member_sees_their_self_evaluation_state(client, enrollment, member_user):
    client.force_login(member_user)
    page = text(client.get("/"))
    assert f"Tự đánh giá rèn luyện {enrollment.program.school_year}" in page
    assert "Chưa bắt đầu tự đánh giá" in page
    # The card says its deadline, phrased as every deadline is.
    due = enrollment.program.evaluation_deadline.strftime("%d/%m/%Y")
    assert f"Hạn tự đánh giá: trước ngày {due}" in page
    assert reverse("evaluations:mine") in page
    factories.self_scores(enrollment, submit=False)
    assert "Đang tự đánh giá" in text(client.get("/"))
    factories.self_scores(enrollment)
    assert "Đã nộp bản tự đánh giá" in text(client.get("/"))


def test_the_member_sees_the_recognized_result(client, org, people, enrollment, member_user):
    program = enrollment.program
    factories.self_scores(enrollment, accept_by=people["secretary_a1"])
    row = services.rows_of(services.evaluation_of(enrollment))[0]
    services.collective_set(
        enrollment=enrollment, user=people["secretary_a1"], item_id=row.item.pk, value="5"
    )
    services.reason_set(enrollment=enrollment, user=people["secretary_a1"], text="Thiếu 1.1.")
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(member_user)
    assert "Kết quả:" not in text(client.get("/"))  # not yet recognized
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    services.branch_recognize(program=program, branch=org["branch_a1"], user=people["standing"])
    page = text(client.get("/"))
    assert "Kết quả: Hoàn thành xuất sắc, 95 điểm" in page


def test_the_secretary_sees_members_not_yet_scored(client, org, people, enrollment):
    other = factories.enroll(enrollment.program, factories.member(branch=org["branch_a1"]))
    factories.registration(other, user=people["secretary_a1"], confirm_by=people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    page = text(client.get("/"))
    assert "2 đoàn viên chưa được chấm" in page
    assert reverse("evaluations:branch", args=[org["branch_a1"].pk]) in page
    # A submitted self-evaluation still waits for the branch (issue 10): nothing is
    # pre-filled, the committee acts on each member.
    factories.self_scores(enrollment)
    assert "2 đoàn viên chưa được chấm" in text(client.get("/"))
    services.member_accept(enrollment=enrollment, user=people["secretary_a1"])
    assert "1 đoàn viên chưa được chấm" in text(client.get("/"))
    # Entering one score acts on the member, who is then waiting only for the rest.
    other.refresh_from_db()
    row = services.rows_of(services.evaluation_of(other))[0]
    services.collective_set(
        enrollment=other, user=people["secretary_a1"], item_id=row.item.pk, value="5"
    )
    assert "1 đoàn viên chưa được chấm" in text(client.get("/"))


def test_the_federation_sees_branches_to_forward(client, org, people, enrollment):
    client.force_login(people["fed_a"])
    assert "0 chi đoàn chờ chuyển lên" in text(client.get("/"))
    factories.finalize(enrollment.program, org["branch_a1"], people["secretary_a1"])
    page = text(client.get("/"))
    assert "1 chi đoàn chờ chuyển lên" in page
    assert reverse("evaluations:results", args=[org["fed_a"].pk]) in page


def test_the_base_union_sees_branches_to_recognize(client, org, people, enrollment):
    program = enrollment.program
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["standing"])
    # Still with the federation.
    assert "0 chi đoàn chờ công nhận" in text(client.get("/"))
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    page = text(client.get("/"))
    assert "1 chi đoàn chờ công nhận" in page
    assert reverse("evaluations:results", args=[org["base"].pk]) in page


def test_the_office_gets_no_work_card(client, people, enrollment):
    client.force_login(people["office"])
    page = text(client.get("/"))
    assert "chờ công nhận" not in page


def test_the_home_page_keeps_its_query_count(client, org, people, enrollment, member_user):
    client.force_login(people["secretary_a1"])
    few = count_queries(lambda: client.get("/"))
    for _ in range(3):
        other = factories.enroll(enrollment.program, factories.member(branch=org["branch_a1"]))
        factories.registration(
            other, user=people["secretary_a1"], confirm_by=people["secretary_a1"]
        )
    factories.finalize(enrollment.program, org["branch_a1"], people["secretary_a1"])
    assert count_queries(lambda: client.get("/")) == few
    client.force_login(member_user)
    assert count_queries(lambda: client.get("/")) <= few + 2


def test_a_group_comment_alone_does_not_start_the_self_evaluation(
    client, people, enrollment, member_user
):
    # The comment creates the member's evaluation row; the member has typed nothing.
    services.group_comment_add(enrollment=enrollment, user=people["secretary_a1"], text="Tốt.")
    client.force_login(member_user)
    assert "Chưa bắt đầu tự đánh giá" in text(client.get("/"))
