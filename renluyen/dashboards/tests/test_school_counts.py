"""The hand-counted school: its roll-ups and the dashboard's figures say what a person
counting the members one by one would say (dashboards/tests/school.py)."""

from datetime import timedelta

import time_machine

from renluyen.dashboards import direct, figures
from renluyen.dashboards.models import COUNTS, BranchFigures
from renluyen.dashboards.tests.school import EXPECTED, TOTAL


def test_each_branch_rollup_is_the_hand_count(school):
    rows = {row.branch_id: row for row in BranchFigures.objects.filter(program=school.program)}
    for key, branch in school.branches.items():
        row = rows[branch.pk]
        assert {name: getattr(row, name) for name in COUNTS} == EXPECTED[key], key
    assert rows[school.branches["A1"].pk].results_state == "finalized"
    # The branch accepting a self-evaluation made its (open) evaluation row.
    assert rows[school.branches["A2"].pk].results_state == "open"


def test_the_raw_count_agrees(school):
    raw = direct.by_branch(school.program)
    for key, branch in school.branches.items():
        assert raw[branch.pk] == EXPECTED[key], key


def test_totals_rates_and_levels_of_the_base_union(school):
    total = figures.total(
        figures.Scope(school.base, [school.program], school.program.evaluation_start)
    )
    assert total.counts == TOTAL
    assert total.branches == 3
    rates = {key: (n, pct) for key, _label, n, pct in total.rates}
    assert rates == {
        "registered": (8, 80.0),
        "registered_on_time": (7, 70.0),
        "confirmed": (7, 70.0),
        "self_reviewed": (0, 0.0),
        "checked_in": (0, 0.0),
        "self_evaluated": (4, 40.0),
        "evaluated": (5, 50.0),
    }
    levels = {key: (n, pct) for key, _label, n, pct in total.levels}
    # Shares of the 5 members evaluated.
    assert levels == {
        "excellent": (1, 20.0),
        "good": (1, 20.0),
        "completed": (1, 20.0),
        "not_completed": (2, 40.0),
    }
    assert total.not_evaluated == 5


def test_the_federations_below_the_base_union(school):
    scope = figures.Scope(school.base, [school.program], school.program.evaluation_start)
    children = {row.unit.name: row for row in figures.by_child(scope)}
    fed_a, fed_b = children["Liên chi đoàn A"], children["Liên chi đoàn B"]
    assert fed_a.counts == {k: EXPECTED["A1"][k] + EXPECTED["A2"][k] for k in COUNTS}
    assert fed_b.counts == EXPECTED["B1"]
    assert fed_a.share("registered") == round(100 * 5 / 7, 1)


def test_late_units_on_each_step(school):
    program = school.program
    scope = figures.Scope(school.base, [program], program.registration_deadline - timedelta(days=1))
    assert figures.total(scope).late == {"registration": 0, "evaluation": 0, "report": 0}
    # From the registration deadline: A1 (m4) and A2 (n3) have members not registered.
    scope.today = program.registration_deadline
    assert figures.total(scope).late["registration"] == 2
    late = {row.branch_id for row in figures.late_rows(scope, "registration")}
    assert late == {school.branches["A1"].pk, school.branches["A2"].pk}
    # From the evaluation deadline: A2 and B1 have not finalized; A1 has.
    scope.today = program.evaluation_deadline
    assert figures.total(scope).late["evaluation"] == 2
    late = {row.branch_id for row in figures.late_rows(scope, "evaluation")}
    assert late == {school.branches["A2"].pk, school.branches["B1"].pk}


def test_deadlines_count_the_days_left(school):
    program = school.program
    with time_machine.travel(program.report_deadline - timedelta(days=3)):
        deadlines = {d.key: d for d in figures.deadlines(program)}
    assert deadlines["report"].days_left == 3
    assert deadlines["report"].last_day == program.report_deadline - timedelta(days=1)
    assert deadlines["registration"].passed
