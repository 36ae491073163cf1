"""Check-in rounds (IV.1 Step 2: "hàng tháng hoặc hàng quý, Ban Chấp hành chi đoàn trao
đổi với đoàn viên"): the schedule that follows from a branch's plan, and how far each
branch is with it, counted in a fixed number of queries whatever the number of branches.

The rounds run from the day registration is due (when Step 2 begins) to the day before
the evaluation opens, one or three months each; the last one is cut at that day. A round
is due by its last day. The members expected in a round are those with a confirmed form
(they have something to make progress on); a round that has ended while some of them
have no check-in in it is overdue, until the evaluation opens: then the check-ins are
over and a round left short is only "missed".
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support.models import Checkin, CheckinPlan, Frequency

MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}


@dataclass(frozen=True)
class Round:
    number: int  # 1, 2, ... in the branch's schedule
    starts_on: date
    ends_on: date  # inclusive: the round is due by this day

    def started(self, today: date) -> bool:
        return self.starts_on <= today

    def ended(self, today: date) -> bool:
        return self.ends_on < today

    @property
    def due(self) -> date:
        """The round is due before this day (the seed's and every page's phrasing)."""
        return self.ends_on + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(program: Program, frequency: str) -> list[Round]:
    """Every round of a program year for a branch checking in at `frequency`."""
    start, last = program.registration_deadline, program.evaluation_start - timedelta(days=1)
    step = MONTHS[Frequency(frequency)]
    rounds = []
    while True:
        starts_on = add_months(start, len(rounds) * step)
        if starts_on > last:
            return rounds
        ends_on = min(add_months(start, (len(rounds) + 1) * step) - timedelta(days=1), last)
        rounds.append(Round(len(rounds) + 1, starts_on, ends_on))


def current(rounds: list[Round], today: date) -> Round | None:
    return next((r for r in rounds if r.starts_on <= today <= r.ends_on), None)


@dataclass(frozen=True)
class RoundFigure:
    round: Round
    done: int
    missing: int
    state: str  # "upcoming", "current", "done" or "overdue"


@dataclass
class BranchRounds:
    """A branch's check-ins in one program year."""

    branch: object
    frequency: str
    chosen: bool  # False: the branch has not chosen (quarterly)
    rounds: list[Round]
    expected: int  # members with a confirmed form
    done: dict[int, int] = field(default_factory=dict)  # round number -> members checked in
    today: date = field(default_factory=timezone.localdate)
    over: bool = False  # the evaluation has opened: no round is due any more

    @property
    def frequency_label(self) -> str:
        return Frequency(self.frequency).label

    @property
    def current(self) -> Round | None:
        return current(self.rounds, self.today)

    def missing(self, round_: Round) -> int:
        return max(self.expected - self.done.get(round_.number, 0), 0)

    @property
    def overdue(self) -> list[Round]:
        if self.over:
            return []
        return [r for r in self.rounds if r.ended(self.today) and self.missing(r)]

    @property
    def due_now(self) -> int:
        """Members still to check in this round (0 between rounds)."""
        round_ = self.current
        return self.missing(round_) if round_ else 0

    @property
    def current_done(self) -> int:
        round_ = self.current
        return self.done.get(round_.number, 0) if round_ else 0

    @property
    def started(self) -> list[Round]:
        return [r for r in self.rounds if r.started(self.today)]

    @property
    def figures(self) -> list[RoundFigure]:
        out = []
        for r in self.rounds:
            missing = self.missing(r)
            if not r.started(self.today):
                state = "upcoming"
            elif not r.ended(self.today):
                state = "current"
            elif missing:
                state = "missed" if self.over else "overdue"
            else:
                state = "done"
            out.append(RoundFigure(r, self.done.get(r.number, 0), missing, state))
        return out


def plan_of(program: Program, branch) -> CheckinPlan:
    """The branch's plan as stored, or the default one (unsaved) when it has not chosen."""
    plan = CheckinPlan.objects.filter(program=program, branch=branch).first()
    return plan or CheckinPlan(program=program, branch=branch)


def for_branches(program: Program, branches, today: date | None = None) -> dict[int, BranchRounds]:
    """{branch id: BranchRounds} for `branches` (units of level branch): three queries."""
    today = today or timezone.localdate()
    branches = list(branches)
    ids = [b.pk for b in branches]
    if not ids:
        return {}
    plans = {p.branch_id: p for p in CheckinPlan.objects.filter(program=program, branch_id__in=ids)}
    expected = dict(
        Enrollment.objects.filter(
            program=program, branch_id__in=ids, registration__state__in=CONFIRMED_STATES
        )
        .order_by()
        .values_list("branch_id")
        .annotate(n=Count("pk"))
    )
    done: dict[int, dict[int, int]] = {}
    # A check-in is recorded only for a confirmed form, which stays confirmed (additions
    # included): no need to join the registrations again.
    grouped = (
        Checkin.objects.filter(enrollment__program=program, enrollment__branch_id__in=ids)
        .order_by()
        .values_list("enrollment__branch_id", "round")
        .annotate(n=Count("pk"))
    )
    for branch_id, number, n in grouped:
        done.setdefault(branch_id, {})[number] = n
    schedules: dict[str, list[Round]] = {}
    out = {}
    for branch in branches:
        plan = plans.get(branch.pk)
        frequency = plan.frequency if plan else Frequency.QUARTERLY
        if frequency not in schedules:
            schedules[frequency] = schedule(program, frequency)
        out[branch.pk] = BranchRounds(
            branch=branch,
            frequency=frequency,
            chosen=plan is not None and plan.chosen_at is not None,
            rounds=schedules[frequency],
            expected=expected.get(branch.pk, 0),
            done=done.get(branch.pk, {}),
            today=today,
            over=program.evaluation_start <= today,
        )
    return out
