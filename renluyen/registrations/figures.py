"""How far a branch, federation or base Union has come with registration (IV.1 Step 1):
forms counted per state, a branch's with an SQL aggregate, a federation's or base
Union's from the stored per-branch figures, so a page's query count does not grow with
the number of members or branches, nor its time with the number of members."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import PATH_SEGMENT_WIDTH, PATH_SEP
from renluyen.registrations.models import NOT_REGISTERED, State

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
    "enrolled": _("Enrolled"),
    "not_registered": _("Not registered"),
    "draft": _("Draft"),
    "awaiting": _("Awaiting review"),
    "returned": _("Returned"),
    "confirmed": _("Confirmed"),
    "additions": _("Additions awaiting review"),
}


@dataclass
class Figures:
    """One overview row: a branch (None for the total) and its count per COLUMNS key."""

    branch: object = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    @property
    def cells(self) -> list[tuple]:
        """(column label, count) in column order."""
        return [(label, self.counts[key]) for key, label in COLUMNS.items()]

    def cells_html(self, labels: list[str]) -> str:
        """The row's `<td class="num" data-label="label">n</td>` per column, as the
        overview's template loop wrote them; `labels`: the column labels translated and
        escaped once per page (a loop in the template cost several times as much)."""
        cells = (
            f'<td class="num" data-label="{label}">{int(self.counts[key])}</td>'
            for label, key in zip(labels, COLUMNS, strict=True)
        )
        return mark_safe("".join(cells))  # noqa: S308 - labels escaped; counts are ints


def column_labels() -> list[str]:
    """The overview's column labels in the active language, escaped for HTML."""
    return [conditional_escape(label) for label in COLUMNS.values()]


# The stored per-branch figures (dashboards.rollups) each column is made of: the
# columns split `members`, so "not registered" is what the form states leave of it.
STORED_COLUMNS = {
    "enrolled": "members",
    "draft": "draft",
    "awaiting": "awaiting",
    "returned": "returned",
    "confirmed": "confirmed",
    "additions": "additions",
}


def _counts(stored: dict) -> dict:
    counts = {key: stored[name] for key, name in STORED_COLUMNS.items()}
    counts["not_registered"] = counts["enrolled"] - sum(
        counts[key] for key in ("draft", "awaiting", "returned", "confirmed")
    )
    return {key: counts[key] for key in COLUMNS}


def _stored(program):
    from renluyen.dashboards.models import BranchFigures

    return BranchFigures.objects.filter(program=program).order_by()


def branch_figures(program, branches) -> list[Figures]:
    """One row per branch of `branches` (every one, with or without members), counting
    the program's members of the branch and of its sub-branches: one query over the
    stored per-branch figures, which every service changing a form's state or an
    enrollment refreshes in its transaction (dashboards.rollups)."""
    rows = [Figures(branch) for branch in branches]
    if not rows:
        return rows
    within_page = Q()
    for row in rows:
        within_page |= Q(branch__path__startswith=row.branch.path)
    stored = _stored(program).filter(within_page).values("branch__path", *STORED_COLUMNS.values())
    # A sub-branch's path starts with its branch's path; branches never nest.
    by_path = {row.branch.path: row for row in rows}
    for group in stored:
        row = _owner(by_path, group["branch__path"])
        if row is not None:
            for key, n in _counts(group).items():
                row.counts[key] += n
    return rows


def _owner(by_path: dict, path: str):
    """The row of the branch at or above the unit with this `path`."""
    step = PATH_SEGMENT_WIDTH + len(PATH_SEP)
    for length in range(len(path), 0, -step):
        row = by_path.get(path[:length])
        if row is not None:
            return row
    return None


def total_figures(program, unit) -> Figures:
    """The same counts over every member of the program under `unit`: one aggregate
    query over the stored figures of its branches (rows number the branches)."""
    names = sorted(set(STORED_COLUMNS.values()))
    sums = (
        _stored(program)
        .filter(branch__path__startswith=unit.path)
        .aggregate(**{name: Coalesce(Sum(name), 0) for name in names})
    )
    return Figures(None, _counts(sums))
