"""The to-do list that starts everyone's home page: what needs this person now, with
counts, each line linking to where the work is (DOMAIN.md: approvals must not pile up
unseen).

Each app contributes a provider, `<app>/todo.py`'s `lines(ctx) -> list[Line]`, which
counts what waits for the user in its area in a fixed number of queries whatever the
number of members. PROVIDERS lists them in the order they show; they are imported by
name so that core does not import the apps above it. A provider reads what `Context`
gathered once for all of them (the user's roles, their member record, the open
programs) and never writes.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from django.utils import timezone
from django.utils.module_loading import import_string

from renluyen.core.policy import ROLE_ACTIONS, Action, assignments, own_member, visible_programs
from renluyen.organizations.models import Level

# Deadlines this close show on the list.
HORIZON_DAYS = 14

PROVIDERS = [
    "renluyen.registrations.todo.lines",
    "renluyen.support.todo.lines",
    "renluyen.progress.todo.lines",
    "renluyen.evaluations.todo.lines",
    "renluyen.reports.todo.lines",
    "renluyen.inspections.todo.lines",
]


@dataclass(frozen=True)
class Line:
    """One thing to do: a sentence with its count in it, and where to do it."""

    text: str
    url: str
    count: int = 1
    # A deadline within HORIZON_DAYS (shown under "Deadlines"), else work waiting now.
    due: date | None = None
    # Days left until `due` (set by gather).
    days: int | None = None
    # A standing link to a page of the user's (e.g. the members they follow), no count.
    link: bool = False

    @property
    def is_deadline(self) -> bool:
        return self.due is not None


class Context:
    """What the providers share for one user and one request."""

    def __init__(self, user, today: date | None = None, member_forms: list | None = None):
        self.user = user
        self.today = today or timezone.localdate()
        self.horizon = self.today + timedelta(days=HORIZON_DAYS)
        self.member = own_member(user)
        # The member's enrollments in every open program, with their program, branch and
        # registration, when the caller has read them already (the home page shows them):
        # the providers then read no enrollment of their own.
        self.member_forms = member_forms

    def units_with(self, action: Action, levels=None) -> list:
        """Units in which the user holds a role granting `action` (the role's own unit),
        optionally only of `levels`."""
        return [
            a.unit
            for a in assignments(self.user)
            if action in ROLE_ACTIONS[a.role] and (levels is None or a.unit.level in levels)
        ]

    @cached_property
    def branches(self) -> list:
        """The branches whose committee the user sits on (roles held in the branch)."""
        return self.units_with(Action.MANAGE_SUPPORT, {Level.BRANCH})

    @cached_property
    def open_programs(self) -> list:
        """The open programs the user may see, with their organising unit: one query."""
        return list(
            visible_programs(self.user)
            .filter(status="open")
            .select_related("unit")
            .order_by("-school_year", "name")
        )

    def programs_of(self, unit) -> list:
        """The open programs run by `unit` or a unit above it."""
        return [p for p in self.open_programs if unit.is_within(p.unit)]

    def soon(self, day: date) -> bool:
        """Is a "due before" date within the horizon and not yet past?"""
        return self.today < day <= self.horizon


@dataclass
class Todo:
    work: list[Line]  # waiting now
    deadlines: list[Line]  # within HORIZON_DAYS, soonest first
    links: list[Line]


def gather(user, today: date | None = None, *, member_forms: list | None = None) -> Todo:
    """What every provider finds for `user` today. `member_forms`: see Context."""
    ctx = Context(user, today, member_forms)
    found = []
    for path in PROVIDERS:
        found += import_string(path)(ctx)
    deadlines = sorted(
        (replace(line, days=(line.due - ctx.today).days) for line in found if line.is_deadline),
        key=lambda line: line.due,
    )
    return Todo(
        work=[line for line in found if not line.is_deadline and not line.link and line.count],
        deadlines=deadlines,
        links=[line for line in found if line.link],
    )
