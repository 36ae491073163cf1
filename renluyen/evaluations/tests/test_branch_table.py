"""The branch's evaluation table (IV.1 Step 3): every member and criterion, the header,
who may read or write it, and a query count that does not grow with the members."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.evaluations import services
from renluyen.evaluations.models import Evaluation, Level
from renluyen.organizations.models import Role


def add_member(program, branch, name, *, confirm_by, submit=True, score=None):
    """A member of `branch` with a confirmed form of 10 criteria, self-evaluated (each
    criterion at `score`, else its maximum) and submitted when `submit`."""
    member = factories.member(branch=branch, user=factories.user(), name=name)
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=confirm_by)
    enrollment.refresh_from_db()
    if submit:
        factories.self_scores(enrollment, score=score)
        enrollment.refresh_from_db()
    return enrollment


def url(unit, program):
    return f"{reverse('evaluations:branch', args=[unit.pk])}?program={program.pk}"


@pytest.fixture
def branch_a1(org, program, enrollment, people):
    """Chi đoàn A1: Lê Thị Hoa (self-evaluated at 8 a criterion), Trần Văn Nam (not
    self-evaluated) and Phạm Thu (no form)."""
    factories.self_scores(enrollment, score=8)
    nam = add_member(
        program, org["branch_a1"], "Trần Văn Nam", confirm_by=people["secretary_a1"], submit=False
    )
    thu = factories.enroll(program, factories.member(branch=org["branch_a1"], name="Phạm Thu"))
    return {"hoa": enrollment, "nam": nam, "thu": thu}


def test_it_shows_every_member_and_criterion(client, org, program, people, branch_a1):
    client.force_login(people["secretary_a1"])
    response = client.get(url(org["branch_a1"], program))
    assert response.status_code == 200
    page = text(response)
    for name in ("Lê Thị Hoa", "Trần Văn Nam", "Phạm Thu"):
        assert name in page
    hoa = branch_a1["hoa"]
    for row in services.rows_of(hoa.evaluation):
        assert f'id="l{row.item.pk}"' in page
        assert row.score.explanation in page
    # Hoa: 10 criteria pre-filled at 8 from her self-scores; Nam: 10 empty cells.
    assert page.count('class="cs"') == 20
    assert page.count('value="8"') >= 10
    assert "Tổng cộng: <b data-total>80</b>/100" in page
    assert "(tự chấm 80)" in page
    assert "Đã nộp bản tự đánh giá" in page and "Chưa nộp tự đánh giá" in page
    assert "Không hoàn thành — chưa đăng ký" in page
    assert "Chưa chấm đủ" in page
    assert "1 đoàn viên chưa được chấm đủ" in page
    assert 'Kết quả của chi đoàn: <strong class="state-open">Đang đánh giá</strong>' in page


def test_it_says_the_level_from_the_thresholds(client, org, program, people, branch_a1):
    """80 points is Hoàn thành tốt with the seed's thresholds (90 / 80 / 50); the page
    gives the JavaScript the same thresholds and labels."""
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(org["branch_a1"], program)))
    hoa = page.split(f'id="m-{branch_a1["hoa"].pk}"')[1].split("</tbody>")[0]
    assert '<span class="lvl" data-level>Hoàn thành tốt</span>' in hoa
    assert f'data-good="{program.threshold_good}"' in page
    assert 'data-l-excellent="Hoàn thành xuất sắc"' in page


def test_counts_come_from_the_stored_levels(client, org, program, people, branch_a1):
    Evaluation.objects.filter(pk=branch_a1["hoa"].evaluation.pk).update(level=Level.GOOD)
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Hoàn thành tốt: <b>1</b>" in page


def test_the_federation_reads_it_with_inputs_disabled(client, org, program, people, branch_a1):
    client.force_login(people["fed_a"])
    response = client.get(url(org["branch_a1"], program))
    assert response.status_code == 200
    page = text(response)
    assert "Lê Thị Hoa" in page
    assert 'class="cs"' in page
    assert page.count(" disabled>") >= 20
    assert "chỉ đọc" in page
    assert "Chốt kết quả" not in page


def test_the_base_union_reads_it(client, org, program, people, branch_a1):
    client.force_login(people["standing"])
    assert client.get(url(org["branch_a1"], program)).status_code == 200


def test_another_branch_secretary_gets_404(client, org, program, people, branch_a1):
    client.force_login(people["secretary_b1"])
    assert client.get(url(org["branch_a1"], program)).status_code == 404


def test_the_secretary_own_row_is_read_only(client, org, program, people, branch_a1):
    secretary = people["secretary_a1"]
    own = factories.member(branch=org["branch_a1"], user=secretary, name="Bí Thư Chi Đoàn")
    own_enrollment = factories.enroll(program, own)
    factories.registration(own_enrollment, confirm_by=secretary)
    client.force_login(secretary)
    page = client.get(url(org["branch_a1"], program)).content.decode()
    own_block = page.split(f'id="m-{own_enrollment.pk}"')[1].split("</tbody>")[0]
    assert own_block.count("disabled") == 11  # 10 scores and the comment
    hoa_block = page.split(f'id="m-{branch_a1["hoa"].pk}"')[1].split("</tbody>")[0]
    assert "disabled" not in hoa_block


def test_a_large_branch_says_so_and_links_the_groups(client, org, program, people, branch_a1):
    org["branch_a1"].dispersed = True
    org["branch_a1"].save()
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Chi đoàn đông/phân tán" in page
    assert reverse("evaluations:groups", args=[org["branch_a1"].pk]) in page


def test_group_comments_show_beside_the_member(client, org, program, people, branch_a1):
    group = factories.unit(level="subbranch", parent=org["branch_a1"], name="Nhóm 1")
    hoa = branch_a1["hoa"]
    hoa.group = group
    hoa.save()
    services.group_comment_add(
        enrollment=hoa,
        user=people["secretary_a1"],
        text="Hoa tích cực trong mọi hoạt động của nhóm.",
    )
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Nhóm 1:</b> Hoa tích cực trong mọi hoạt động của nhóm." in page


def test_the_query_count_does_not_grow_with_members(client, org, program, people):
    factories.open_evaluation(program)
    secretary = people["secretary_a1"]
    client.force_login(secretary)

    def grow(n):
        for i in range(n):
            add_member(
                program,
                org["branch_a1"],
                f"Đoàn viên {i:02d}",
                confirm_by=secretary,
                submit=i % 2 == 0,
            )

    def get():
        return client.get(url(org["branch_a1"], program))

    grow(3)
    get()  # the first visit creates the branch's evaluation record
    small = count_queries(get)
    grow(9)
    big = count_queries(get)
    assert small == big


def test_a_sub_branch_or_federation_is_not_a_branch_page(client, org, program, people):
    client.force_login(people["fed_a"])
    assert client.get(url(org["fed_a"], program)).status_code == 404


def test_roles_in_the_branch(client, org, program, enrollment):
    deputy = factories.user()
    factories.role(deputy, org["branch_a1"], Role.BRANCH_DEPUTY)
    client.force_login(deputy)
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Lưu biên bản họp" in page


def test_without_a_year_it_opens_the_one_being_evaluated(client, org, program, people, branch_a1):
    """A newer year still registering is listed first everywhere; the evaluation page
    opens on the year whose evaluation has started."""
    from renluyen.programs.models import Program, ProgramStatus
    from renluyen.programs.services import program_copy

    newer = program_copy(program=program, school_year="2021-2022", user=people["standing"])
    Program.objects.filter(pk=newer.pk).update(status=ProgramStatus.OPEN)
    factories.enroll(newer, factories.member(branch=org["branch_a1"], name="Đỗ Văn Mới"))
    client.force_login(people["secretary_a1"])
    page = text(client.get(reverse("evaluations:branch", args=[org["branch_a1"].pk])))
    assert "Lê Thị Hoa" in page and "Đỗ Văn Mới" not in page
