"""Check-in rounds (seed IV.1 Step 2): the schedule a branch's plan gives, and how far each
branch is, counted in a fixed number of queries."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries
from renluyen.programs.services import program_settings_problems
from renluyen.support import rounds, services
from renluyen.support.demo import mid_year_dates
from renluyen.support.models import Checkin, Frequency
from renluyen.support.tests.conftest import confirmed_member, mid_year, record_round


def year(registration_deadline, evaluation_start):
    return SimpleNamespace(
        registration_deadline=registration_deadline, evaluation_start=evaluation_start
    )


def test_monthly_rounds_run_from_the_registration_deadline_to_the_evaluation():
    found = rounds.schedule(year(date(2020, 10, 18), date(2021, 1, 31)), Frequency.MONTHLY)
    assert [(r.number, r.starts_on, r.ends_on) for r in found] == [
        (1, date(2020, 10, 18), date(2020, 11, 17)),
        (2, date(2020, 11, 18), date(2020, 12, 17)),
        (3, date(2020, 12, 18), date(2021, 1, 17)),
        # The last round is cut the day before the evaluation opens.
        (4, date(2021, 1, 18), date(2021, 1, 30)),
    ]


def test_quarterly_rounds_last_three_months_and_a_short_month_is_clipped():
    found = rounds.schedule(year(date(2020, 11, 30), date(2021, 5, 15)), Frequency.QUARTERLY)
    assert [(r.starts_on, r.ends_on) for r in found] == [
        (date(2020, 11, 30), date(2021, 2, 27)),
        (date(2021, 2, 28), date(2021, 5, 14)),
    ]
    assert rounds.add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)


def test_no_time_between_registration_and_evaluation_gives_no_round():
    assert rounds.schedule(year(date(2021, 3, 1), date(2021, 3, 1)), Frequency.MONTHLY) == []


@pytest.mark.parametrize("day", ["2026-11-15", "2027-02-01", "2027-04-30"])
def test_the_demos_mid_year_dates_are_in_order(day):
    dates = mid_year_dates(date.fromisoformat(day))
    first = date.fromisoformat(day).year
    school_year = (
        f"{first}-{first + 1}" if date.fromisoformat(day).month >= 8 else f"{first - 1}-{first}"
    )
    problems = program_settings_problems(school_year=school_year, values=dates)
    # Only the "dates within the school year" rule may object (a demo's years are labels).
    assert all(
        "school year" in str(message) or "năm học" in str(message) for _f, message in problems
    )


def test_a_round_missing_members_is_overdue_until_the_evaluation_opens(org, people, program):
    secretary = people["secretary_a1"]
    members = [confirmed_member(program, org["branch_a1"], secretary) for _ in range(3)]
    mid_year(program)
    services.checkin_plan_set(
        program=program, branch=org["branch_a1"], user=secretary, frequency=Frequency.MONTHLY
    )
    first = rounds.schedule(program, Frequency.MONTHLY)[0]
    record_round(program, org["branch_a1"], secretary, 1, members[:2], held_on=first.ends_on)
    found = rounds.for_branches(program, [org["branch_a1"], org["branch_a2"]])
    a1, a2 = found[org["branch_a1"].pk], found[org["branch_a2"].pk]
    assert (a1.frequency, a1.chosen, a1.expected, a1.done) == ("monthly", True, 3, {1: 2})
    assert [r.number for r in a1.overdue] == [1]
    assert a1.current.number == 2 and a1.due_now == 3
    # A branch that has not chosen checks in quarterly; with no confirmed form nothing is due.
    assert (a2.frequency, a2.chosen, a2.expected, a2.overdue) == ("quarterly", False, 0, [])
    # Once the evaluation opens the check-ins are over: the short round is only missed.
    later = rounds.for_branches(program, [org["branch_a1"]], program.evaluation_start)
    assert later[org["branch_a1"].pk].overdue == []
    assert later[org["branch_a1"].pk].figures[0].state == "missed"


def test_counting_branches_takes_three_queries_whatever_their_number(org, people, program):
    secretary = people["secretary_a1"]
    enrollment = confirmed_member(program, org["branch_a1"], secretary)
    mid_year(program)
    Checkin.objects.create(
        enrollment=enrollment, round=1, held_on=timezone.localdate(), progress="Tốt"
    )
    few = [org["branch_a1"]]
    many = few + [factories.unit(parent=org["fed_a"]) for _ in range(20)]
    assert count_queries(lambda: rounds.for_branches(program, few)) == 3
    assert count_queries(lambda: rounds.for_branches(program, many)) == 3


def test_a_future_round_is_upcoming(org, program):
    mid_year(program)
    found = rounds.for_branches(program, [org["branch_a1"]])[org["branch_a1"].pk]
    # Quarterly (not chosen): the first round began with the registration deadline.
    states = [f.state for f in found.figures]
    assert states[0] == "current" and set(states[1:]) == {"upcoming"}
    assert found.current.starts_on <= timezone.localdate() <= found.current.ends_on
    assert found.rounds[-1].ends_on == program.evaluation_start - timedelta(days=1)
