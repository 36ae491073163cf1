"""Counting forms per state, per branch and in total, each in one query; the branch and
total figures come from the stored per-branch figures, current right after each save."""

import pytest

from renluyen import factories
from renluyen.core.tests.helpers import count_queries
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import Enrollment
from renluyen.registrations import figures, services


def enrolled(branch, program):
    return factories.enroll(program, factories.member(branch=branch, user=factories.user()))


def member_of(registration):
    return registration.enrollment.member.user


@pytest.fixture
def forms(org, people, program):
    """A1: not registered, draft, submitted, confirmed, confirmed with an addition
    submitted. B1: a confirmed form. A2: nobody."""
    secretary = people["secretary_a1"]
    enrolled(org["branch_a1"], program)
    factories.registration(enrolled(org["branch_a1"], program))
    factories.registration(enrolled(org["branch_a1"], program), submit=True)
    factories.registration(enrolled(org["branch_a1"], program), confirm_by=secretary)
    adding = factories.registration(enrolled(org["branch_a1"], program), confirm_by=secretary)
    services.registration_start_supplement(registration=adding, user=member_of(adding))
    factories.registration(enrolled(org["branch_b1"], program), confirm_by=people["secretary_b1"])


def test_state_counts_counts_every_state_with_none_for_not_registered(org, program, forms):
    enrollments = Enrollment.objects.filter(program=program, branch=org["branch_a1"])
    counts = count_queries(lambda: figures.state_counts(enrollments))
    assert counts == 1
    assert figures.state_counts(enrollments) == {
        "none": 1,
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "confirmed": 1,
        "supplement_draft": 1,
        "supplement_submitted": 0,
        "supplement_returned": 0,
    }


def test_branch_figures_give_every_branch_a_row_in_one_query(org, program, forms):
    branches = list(Unit.objects.subtree(org["base"]).branches())
    assert count_queries(lambda: figures.branch_figures(program, branches)) == 1
    rows = {row.branch.name: row.counts for row in figures.branch_figures(program, branches)}
    assert rows["Chi đoàn A1"] == {
        "enrolled": 5,
        "not_registered": 1,
        "draft": 1,
        "awaiting": 1,
        "returned": 0,
        "confirmed": 2,  # the form being added to is still confirmed
        "additions": 0,
    }
    assert rows["Chi đoàn A2"]["enrolled"] == 0
    assert rows["Chi đoàn B1"]["confirmed"] == 1


def test_an_addition_awaiting_review_counts_as_confirmed_and_as_an_addition(org, people, program):
    reg = factories.registration(
        enrolled(org["branch_a1"], program), confirm_by=people["secretary_a1"]
    )
    user = member_of(reg)
    reg = services.registration_start_supplement(registration=reg, user=user)
    extra = factories.drafts(program, per_area=3)
    services.registration_save(enrollment=reg.enrollment, user=user, drafts=extra)
    services.registration_submit(registration=reg, user=user)
    row = figures.total_figures(program, org["base"])
    assert row.counts["confirmed"] == 1 and row.counts["additions"] == 1
    assert row.counts["awaiting"] == 0


def test_a_sub_branch_counts_in_its_branch(org, program):
    sub = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"])
    enrolled(sub, program)
    enrolled(org["branch_a1"], program)
    rows = figures.branch_figures(program, [org["branch_a1"]])
    assert rows[0].counts["enrolled"] == 2


def test_the_total_spans_every_enrollment_given(org, program, forms):
    assert count_queries(lambda: figures.total_figures(program, org["base"])) == 1
    total = figures.total_figures(program, org["base"])
    assert total.branch is None
    assert total.counts["enrolled"] == 6 and total.counts["confirmed"] == 3
    assert [n for _label, n in total.cells] == [6, 1, 1, 1, 0, 3, 0]
