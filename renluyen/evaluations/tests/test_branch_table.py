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
    hoa_block = block(page, hoa)
    for row in services.rows_of(hoa.evaluation):
        assert f'id="k{row.item.pk}"' in hoa_block
        assert row.score.explanation in hoa_block
    # Hoa's self-score beside each of her 10 empty cells: nothing is pre-filled.
    assert hoa_block.count('<span class="ss">8</span>') == 10
    assert hoa_block.count('" value="" inputmode="decimal"') == 10
    assert "Chi đoàn <b data-total>—</b>/100 · tự chấm 80" in hoa_block
    assert "Chờ chi đoàn chấm" in hoa_block and "Chấp nhận điểm tự chấm" in hoa_block
    # Nam never self-evaluated: 10 empty cells, no self-score, nothing to accept.
    nam_block = block(page, branch_a1["nam"])
    assert nam_block.count('<span class="ss">—</span>') == 10
    assert "Chưa tự đánh giá: chi đoàn nhập điểm" in nam_block
    assert "Chấp nhận điểm tự chấm" not in nam_block
    assert page.count('class="cs"') == 20
    assert "Không hoàn thành — chưa đăng ký" in page
    assert "2 đoàn viên chưa được chi đoàn đánh giá" in page
    assert 'Kết quả của chi đoàn: <strong class="state-open">Đang đánh giá</strong>' in page


def block(page, enrollment) -> str:
    """One member's block of the table."""
    return page.split(f'id="m-{enrollment.pk}"')[1].split("</section>")[0]


def test_opening_the_page_writes_nothing(client, org, program, people, branch_a1):
    """A read-only GET creates no branch row (nor any other)."""
    from renluyen.evaluations.models import BranchEvaluation, Score

    # Writes create the branch's row (the self-evaluation's did); a branch nobody wrote
    # anything for yet has none.
    BranchEvaluation.objects.all().delete()
    before = (BranchEvaluation.objects.count(), Evaluation.objects.count(), Score.objects.count())
    client.force_login(people["secretary_a1"])
    assert client.get(url(org["branch_a1"], program)).status_code == 200
    client.force_login(people["standing"])
    assert client.get(url(org["branch_a1"], program)).status_code == 200
    after = (BranchEvaluation.objects.count(), Evaluation.objects.count(), Score.objects.count())
    assert after == before and before[0] == 0


def test_the_filters_show_waiting_changed_and_flagged_members(
    client, org, program, people, branch_a1
):
    secretary = people["secretary_a1"]
    maxed = add_member(program, org["branch_a1"], "Đỗ Tối Đa", confirm_by=secretary)
    changed = add_member(program, org["branch_a1"], "Vũ Đã Sửa", confirm_by=secretary, score=8)
    row = services.rows_of(changed.evaluation)[0]
    services.collective_set(enrollment=changed, user=secretary, item_id=row.item.pk, value="7")
    services.member_accept(enrollment=changed, user=secretary)
    client.force_login(secretary)
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Chờ chi đoàn chấm <b>3</b>" in page  # Hoa, Nam, Đỗ Tối Đa
    assert "Có điểm điều chỉnh <b>1</b>" in page
    waiting = text(client.get(url(org["branch_a1"], program) + "&show=waiting"))
    assert f'id="m-{branch_a1["hoa"].pk}"' in waiting and f'id="m-{maxed.pk}"' in waiting
    assert f'id="m-{changed.pk}"' not in waiting
    shown = text(client.get(url(org["branch_a1"], program) + "&show=changed"))
    assert f'id="m-{changed.pk}"' in shown and f'id="m-{maxed.pk}"' not in shown
    # Đỗ self-scored the maximum everywhere; Nam wrote nothing to flag.
    flagged = text(client.get(url(org["branch_a1"], program) + "&show=flagged"))
    assert f'id="m-{maxed.pk}"' in flagged and f'id="m-{branch_a1["nam"].pk}"' not in flagged


def test_it_says_the_level_from_the_thresholds(client, org, program, people, branch_a1):
    """80 points is Hoàn thành tốt with the seed's thresholds (90 / 80 / 50), once the
    branch accepted Hoa's self-scores."""
    services.member_accept(enrollment=branch_a1["hoa"], user=people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(org["branch_a1"], program)))
    hoa = block(page, branch_a1["hoa"])
    assert '<span class="lvl" data-level>Hoàn thành tốt</span>' in hoa
    assert "Chi đoàn <b data-total>80</b>/100" in hoa
    assert "Đã chấp nhận điểm tự chấm" in hoa


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
    assert "Chấp nhận điểm tự chấm" not in page and "Bàn phím" not in page
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
    own_block = block(page, own_enrollment)
    assert own_block.count("disabled") == 10  # 10 scores; no reason or comment to write
    hoa_block = block(page, branch_a1["hoa"])
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


def test_its_rows_are_those_every_scoring_screen_reads(org, program, people, branch_a1):
    """The table reads the rows as plain values (issue 14); the order and the maxima are
    those of `services.rows_from_scores`, with maxima set for one area and an own
    criterion among the catalog ones."""
    from decimal import Decimal

    from renluyen.evaluations import scoring
    from renluyen.evaluations.models import Score
    from renluyen.evaluations.views.branch import _members
    from renluyen.registrations.models import ItemKind

    hoa = branch_a1["hoa"]
    _evaluation, rows = services.evaluation_for_reading(hoa)
    first_area = [r for r in rows if r.item.area_id == rows[0].item.area_id]
    for i, row in enumerate(first_area):
        Score.objects.filter(pk=row.score.pk).update(max_points=Decimal("2.5") + i)
    own = rows[-1].item
    own.kind, own.criterion, own.text = ItemKind.OPEN, None, "Một tiêu chí tự đề ra"
    own.save()
    hoa.refresh_from_db()
    _evaluation, expected = services.evaluation_for_reading(hoa)
    members, _legend = _members(program, org["branch_a1"], scoring.score_formatter())
    table = next(m for m in members if m.enrollment.pk == hoa.pk)

    def seen(pk, row):
        s = row.score
        return (pk, row.maximum, s.max_points, s.self_score, s.collective_score, s.explanation)

    assert [seen(r.cell["pk"], r) for r in table.rows] == [seen(r.item.pk, r) for r in expected]
    assert table.rows[0].maximum == Decimal("2.5") and table.rows[-1].cell["code"].endswith(".*")
