"""The results page of a unit with more branches than GROUP_OVER (a base Union or an
upper-level Union with thousands): one row per federation with its branches' states,
members and levels, the totals kept, each federation opening its own page."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.evaluations.models import BranchEvaluation, BranchState, Level, Reason
from renluyen.evaluations.tests.test_results_page import stored, url
from renluyen.organizations.models import Level as UnitLevel


@pytest.fixture(autouse=True)
def _group_over_two(monkeypatch):
    # The test tree has three branches; the real threshold is 100. (The URLconf first:
    # it registers the converter the views' routes use.)
    import renluyen.urls  # noqa: F401
    from renluyen.evaluations.views import units

    monkeypatch.setattr(units, "GROUP_OVER", 2)


def row_of(page, unit) -> str:
    return page.split(f'id="group-{unit.pk}"')[1].split("</tr>")[0]


@pytest.fixture
def members(org, program):
    """Three members in A1, one in A2's sub-branch, one in B1, with stored levels; A1
    finalized."""
    a1 = [factories.enroll(program, factories.member(branch=org["branch_a1"])) for _ in range(3)]
    sub = factories.unit(level=UnitLevel.SUBBRANCH, parent=org["branch_a2"], name="Chi hội A2-1")
    a2 = factories.enroll(program, factories.member(branch=sub))
    b1 = factories.enroll(program, factories.member(branch=org["branch_b1"]))
    stored(a1[0], Level.EXCELLENT, 95)
    stored(a1[1], Level.GOOD, 85)
    stored(a1[2], Level.NOT_COMPLETED, reason=Reason.NOT_REGISTERED)
    stored(a2, Level.GOOD, 80)
    stored(b1, Level.GOOD, 80)
    factories.open_evaluation(program)
    BranchEvaluation.objects.create(
        program=program, branch=org["branch_a1"], state=BranchState.FINALIZED
    )
    return {"a1": a1, "a2": a2, "b1": b1}


def test_a_row_per_federation_with_its_branches_figures(client, org, people, program, members):
    client.force_login(people["standing"])
    response = client.get(url(org["base"], program))
    assert response.status_code == 200
    page = text(response)
    assert 'id="branch-' not in page  # no row per branch
    row = row_of(page, org["fed_a"])
    assert "Liên chi đoàn A" in row
    assert 'data-label="Chi đoàn">2<' in row
    assert 'data-label="Đoàn viên">4<' in row  # the sub-branch's member counts with A2
    assert 'data-label="Hoàn thành tốt">2<' in row
    assert 'data-label="Hoàn thành xuất sắc">1<' in row
    assert "Chi đoàn đã chốt kết quả <b>1</b>" in row and "Chưa chốt <b>1</b>" in row
    # The federation's own page lists its branches and their decisions.
    assert reverse("evaluations:results", args=[org["fed_a"].pk]) in row
    total = page.split('class="total"')[1].split("</tr>")[0]
    assert 'data-label="Chi đoàn">3<' in total
    assert 'data-label="Đoàn viên">5<' in total
    assert 'data-label="Hoàn thành tốt">3<' in total
    assert "mỗi dòng là một liên chi đoàn" in page


def test_the_state_filter_counts_every_branch_and_keeps_the_figures_of_its_own(
    client, org, people, program, members
):
    client.force_login(people["standing"])
    page = text(client.get(url(org["base"], program, state=BranchState.FINALIZED)))
    assert f'id="group-{org["fed_b"].pk}"' not in page
    row = row_of(page, org["fed_a"])
    assert 'data-label="Chi đoàn">1<' in row and 'data-label="Đoàn viên">3<' in row
    assert "Tất cả <b>3</b>" in page


def test_the_upper_level_groups_the_same_way(client, org, people, program, members):
    upper_officer = factories.user()
    from renluyen.organizations.models import Role

    factories.role(upper_officer, org["upper"], Role.UPPER_LEVEL)
    client.force_login(upper_officer)
    page = text(client.get(url(org["upper"], program)))
    assert f'id="group-{org["fed_a"].pk}"' in page and f'id="group-{org["fed_b"].pk}"' in page


def test_a_branch_without_a_federation_is_a_row_of_its_own(client, org, people, program):
    lone = factories.unit(parent=org["base"], name="Chi đoàn trực thuộc")
    client.force_login(people["standing"])
    page = text(client.get(url(org["base"], program)))
    assert "Chi đoàn trực thuộc" in row_of(page, lone)


def test_its_queries_do_not_grow_with_branches_or_members(client, org, people, program):
    client.force_login(people["standing"])

    def grow(n):
        for i in range(n):
            fed = factories.unit(level=UnitLevel.FEDERATION, parent=org["base"])
            branch = factories.unit(parent=fed)
            enrollment = factories.enroll(program, factories.member(branch=branch))
            stored(enrollment, Level.GOOD, 80)
            if i % 2:
                BranchEvaluation.objects.create(
                    program=program, branch=branch, state=BranchState.RECOGNIZED
                )

    grow(2)
    small = count_queries(lambda: client.get(url(org["base"], program)))
    grow(10)
    large = count_queries(lambda: client.get(url(org["base"], program)))
    assert small == large
