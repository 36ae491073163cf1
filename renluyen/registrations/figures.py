"""How far a branch, federation or base Union has come with registration (IV.1 Step 1):
forms counted per state with SQL aggregates, so a page's query count does not grow with
the number of members or branches."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import PATH_SEGMENT_WIDTH, PATH_SEP
from renluyen.registrations.models import NOT_REGISTERED, State
from renluyen.registrations.transitions import CONFIRMED_STATES

# Every state a member's form can be in, "not registered" (no form yet) first.
STATE_LABELS = {NOT_REGISTERED: _("Not registered"), **dict(State.choices)}


def state_counts(enrollments) -> dict[str, int]:
    """How many of `enrollments` are in each state of STATE_LABELS: one grouped query."""
    counts = dict.fromkeys(STATE_LABELS, 0)
    grouped = enrollments.order_by().values_list("registration__state").annotate(n=Count("pk"))
    for state, n in grouped:
        counts[state or NOT_REGISTERED] = n
    return counts


# The overview's columns. They split the enrolled members without overlap (confirmed
# includes a confirmed form whose addition is under way, IV.2 Step 3), plus the
# additions waiting for the committee, which are work to do although already confirmed.
COLUMNS = {
    "enrolled": (_("Enrolled"), {}),
    "not_registered": (_("Not registered"), {"registration__isnull": True}),
    "draft": (_("Draft"), {"registration__state": State.DRAFT}),
    "awaiting": (_("Awaiting review"), {"registration__state": State.SUBMITTED}),
    "returned": (_("Returned"), {"registration__state": State.RETURNED}),
    "confirmed": (_("Confirmed"), {"registration__state__in": sorted(CONFIRMED_STATES)}),
    "additions": (
        _("Additions awaiting review"),
        {"registration__state": State.SUPPLEMENT_SUBMITTED},
    ),
}


@dataclass
class Figures:
    """One overview row: a branch (None for the total) and its count per COLUMNS key."""

    branch: object = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    @property
    def cells(self) -> list[tuple]:
        """(column label, count) in column order."""
        return [(label, self.counts[key]) for key, (label, _lookups) in COLUMNS.items()]


def _aggregates() -> dict:
    return {key: Count("pk", filter=Q(**lookups)) for key, (_label, lookups) in COLUMNS.items()}


def branch_figures(enrollments, branches) -> list[Figures]:
    """One row per branch of `branches` (every one, with or without members), counting
    the `enrollments` of the branch and of its sub-branches: one aggregate query."""
    rows = [Figures(branch) for branch in branches]
    if not rows:
        return rows
    within_page = Q()
    for row in rows:
        within_page |= Q(branch__path__startswith=row.branch.path)
    grouped = (
        enrollments.filter(within_page).order_by().values("branch__path").annotate(**_aggregates())
    )
    # A sub-branch's path starts with its branch's path; branches never nest.
    by_path = {row.branch.path: row for row in rows}
    for group in grouped:
        row = _owner(by_path, group["branch__path"])
        if row is not None:
            for key in COLUMNS:
                row.counts[key] += group[key]
    return rows


def _owner(by_path: dict, path: str):
    """The row of the branch at or above the unit with this `path`."""
    step = PATH_SEGMENT_WIDTH + len(PATH_SEP)
    for length in range(len(path), 0, -step):
        row = by_path.get(path[:length])
        if row is not None:
            return row
    return None


def total_figures(enrollments) -> Figures:
    """The same counts over all `enrollments`: one aggregate query."""
    return Figures(None, enrollments.aggregate(**_aggregates()))
