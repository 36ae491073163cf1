"""The results page of a federation or base Union (IV.1 Step 3): a row per branch with
its state, who acts now and its members per stored level; filters; a fixed number of
queries whatever the number of branches."""

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.dashboards import rollups
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchState, Evaluation, Level, Reason
from renluyen.organizations.models import Role


def url(unit, program, **query):
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    return f"{reverse('evaluations:results', args=[unit.pk])}?program={program.pk}{extra}"


def row_of(page, branch) -> str:
    return page.split(f'id="branch-{branch.pk}"')[1].split("</tr>")[0]


def stored(enrollment, level, total=None, reason=""):
    Evaluation.objects.update_or_create(
        enrollment=enrollment, defaults={"level": level, "total": total, "reason": reason}
    )
    # Written directly: the branch's stored figures follow, as after a service's save.
    rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)


@pytest.fixture
def members(org, program):
    """Two members in A1 and one in B1, with stored levels."""
    a1 = [factories.enroll(program, factories.member(branch=org["branch_a1"])) for _ in range(3)]
    b1 = factories.enroll(program, factories.member(branch=org["branch_b1"]))
    stored(a1[0], Level.EXCELLENT, 95)
    stored(a1[1], Level.GOOD, 85)
    stored(a1[2], Level.NOT_COMPLETED, reason=Reason.NOT_REGISTERED)
    stored(b1, Level.GOOD, 80)
    factories.open_evaluation(program)
    return {"a1": a1, "b1": b1}


def test_it_lists_every_branch_with_its_stored_levels(client, org, people, program, members):
    client.force_login(people["standing"])
    response = client.get(url(org["base"], program))
    assert response.status_code == 200
    page = text(response)
    assert "Kết quả đánh giá, xếp loại" in page
    row = row_of(page, org["branch_a1"])
    assert "Chi đoàn A1" in row and "Liên chi đoàn A" in row
    assert "Chưa chốt" in row
    assert 'data-label="Hoàn thành xuất sắc">1<' in row
    assert 'data-label="Hoàn thành tốt">1<' in row
    assert 'data-label="Không hoàn thành">1<' in row
    assert 'data-label="Đoàn viên">3<' in row
    total = page.split('class="total"')[1].split("</tr>")[0]
    assert 'data-label="Đoàn viên">4<' in total
    assert 'data-label="Hoàn thành tốt">2<' in total
    # The branch page is linked for them to read.
    assert reverse("evaluations:branch", args=[org["branch_a1"].pk]) in row


def test_it_shows_the_state_and_who_must_act(client, org, people, program, members):
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["standing"])
    page = text(client.get(url(org["base"], program)))
    row = row_of(page, org["branch_a1"])
    assert "Chi đoàn đã chốt kết quả" in row
    assert ">Liên chi đoàn<" in row
    # Not the base Union's turn yet: no recognition offered.
    assert 'value="recognize"' not in row


def test_it_filters_by_state(client, org, people, program, members):
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["standing"])
    page = text(client.get(url(org["base"], program, state=BranchState.FINALIZED)))
    assert f'id="branch-{org["branch_a1"].pk}"' in page
    assert f'id="branch-{org["branch_b1"].pk}"' not in page
    # "Toàn đơn vị" adds up what the filter shows: A1's 3 members, not B1's one too.
    total = page.split('class="total"')[1].split("</tr>")[0]
    assert 'data-label="Đoàn viên">3<' in total
    assert 'data-label="Không hoàn thành">3<' in total  # finalized: none registered
    # Filter links carry their counts.
    assert "Chưa chốt <b>2</b>" in page
    page = text(client.get(url(org["base"], program, state="none")))
    assert f'id="branch-{org["branch_a1"].pk}"' not in page
    assert f'id="branch-{org["branch_b1"].pk}"' in page


def test_the_federation_selects_all_awaiting_forwarding(client, org, people, program, members):
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["fed_a"])
    page = text(client.get(url(org["fed_a"], program)))
    assert 'data-select-awaiting="forward"> Chọn tất cả chi đoàn chờ chuyển lên' in page
    assert "data-forward" in row_of(page, org["branch_a1"])


def test_the_checkbox_attributes_come_in_one_order(client, org, people, program, members):
    """Issue 13, item 12: the steps a user may take are listed in a fixed order, not a
    set's (which changes with each server start)."""
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["fed_a"])
    box = row_of(text(client.get(url(org["fed_a"], program))), org["branch_a1"])
    assert box.split("<input")[1].split(">")[0].endswith("data-forward data-return")
    from renluyen.evaluations.views.units import PAGE_STEPS

    assert isinstance(PAGE_STEPS, tuple)


def test_the_federation_sees_only_its_branches(client, org, people, program, members):
    client.force_login(people["fed_a"])
    page = text(client.get(url(org["fed_a"], program)))
    assert "Chi đoàn A1" in page and "Chi đoàn A2" in page
    assert "Chi đoàn B1" not in page


def test_a_branch_redirects_to_its_evaluation_page(client, org, people, program):
    client.force_login(people["secretary_a1"])
    response = client.get(url(org["branch_a1"], program))
    assert response.status_code == 302
    assert response.url.startswith(reverse("evaluations:branch", args=[org["branch_a1"].pk]))


def test_outsiders_get_404(client, org, people, program):
    client.force_login(people["fed_a"])
    assert client.get(url(org["fed_b"], program)).status_code == 404
    client.force_login(people["secretary_b1"])
    assert client.get(url(org["base"], program)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, org, program):
    assert client.get(url(org["base"], program)).status_code == 302


def test_it_shows_the_reopening(client, org, people, program, members):
    branch = org["branch_b1"]
    factories.finalize(program, branch, people["secretary_b1"])
    fed_b = factories.user()
    factories.role(fed_b, org["fed_b"], Role.FEDERATION_COMMITTEE)
    services.branch_forward(program=program, branch=branch, user=fed_b)
    services.branch_recognize(program=program, branch=branch, user=people["standing"])
    services.branch_reopen(
        program=program,
        branch=branch,
        user=people["standing"],
        reason="Nhập sai điểm của một đoàn viên",
    )
    client.force_login(people["standing"])
    page = text(client.get(url(org["base"], program)))
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Mở lại ngày {day}" in page
    assert "lý do: Nhập sai điểm của một đoàn viên" in page


def _branches(org, program, n):
    for i in range(n):
        branch = factories.unit(parent=org["fed_a"], name=f"Chi đoàn X{i}")
        enrollment = factories.enroll(program, factories.member(branch=branch))
        stored(enrollment, Level.GOOD, 85)
        be = services.branch_evaluation(program, branch)
        if i % 2:
            be.state = BranchState.FINALIZED
            be.save()


def test_its_query_count_does_not_grow_with_branches(client, org, people, program):
    client.force_login(people["standing"])
    _branches(org, program, 2)
    small = count_queries(lambda: client.get(url(org["base"], program)))
    _branches(org, program, 12)
    large = count_queries(lambda: client.get(url(org["base"], program)))
    assert small == large


def test_read_only_roles_see_the_figures_without_actions(client, org, people, program, members):
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    client.force_login(people["office"])
    page = text(client.get(url(org["base"], program)))
    assert "Chưa chốt <b>2</b>" in page
    assert 'name="step"' not in page
    assert "Xuất kết quả xếp loại đoàn viên (Excel)" in page
