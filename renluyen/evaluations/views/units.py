"""Results for federations and the base Union (IV.1 Step 3): every branch's state and
levels, the federation forwards, the base Union recognizes, returns or reopens; and the
member-quality export (xlsx) of any unit."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from renluyen.audit.models import Event
from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_ids
from renluyen.core.policy import Action, can
from renluyen.dashboards.models import BranchFigures
from renluyen.evaluations import export as xlsx
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Level
from renluyen.evaluations.transitions import Step
from renluyen.organizations.models import PATH_SEGMENT_WIDTH, PATH_SEP, Unit
from renluyen.organizations.models import Level as UnitLevel
from renluyen.registrations.views.branch import program_choice, program_context

BRANCH_LEVELS = {UnitLevel.BRANCH, UnitLevel.SUBBRANCH}
NOT_FINALIZED = "none"  # a branch without a BranchEvaluation row yet

# The state filter's keys in the order of the way up.
STATE_LABELS = {
    NOT_FINALIZED: gettext_lazy("Not finalized"),
    **dict(BranchState.choices),
}
HOLDER_LABELS = {
    "branch": gettext_lazy("Branch"),
    "federation": gettext_lazy("Federation"),
    "base": gettext_lazy("Base Union"),
}
# What the federation and the base Union may do from this page, in the order pages show
# them (a tuple: a set's order changes between runs, and so would the page).
PAGE_STEPS = (Step.FORWARD, Step.RECOGNIZE, Step.RETURN, Step.REOPEN)


@dataclass
class BranchRow:
    branch: Unit
    evaluation: BranchEvaluation
    stored: bool  # False: no BranchEvaluation row yet ("Chưa chốt")
    members: int = 0
    levels: dict = field(default_factory=lambda: dict.fromkeys(Level.values, 0))
    reopened: Event | None = None
    steps: list = field(default_factory=list)  # the steps the user may take now, in order

    @property
    def state(self) -> str:
        return self.evaluation.state if self.stored else NOT_FINALIZED

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def holder_label(self):
        turn = services.holder(self.evaluation)
        return HOLDER_LABELS.get(turn, "")

    @property
    def federation(self) -> Unit | None:
        return services.federation_of(self.branch)

    @property
    def level_cells(self) -> list[tuple]:
        return [(label, self.levels[key]) for key, label in Level.choices]

    def may(self, step: str) -> bool:
        return step in self.steps


# More branches than this under the unit: one row per federation (each opens the
# federation's own page, where its branches are listed and decided on), not thousands.
GROUP_OVER = 100


@dataclass
class GroupRow:
    """A federation (or a branch directly under the unit) with the figures of its
    branches: how many in each state, their members and members per level."""

    unit: Unit
    branches: int = 0
    members: int = 0
    levels: dict = field(default_factory=lambda: dict.fromkeys(Level.values, 0))
    states: dict = field(default_factory=lambda: dict.fromkeys(STATE_LABELS, 0))

    @property
    def level_cells(self) -> list[tuple]:
        return [(label, self.levels[key]) for key, label in Level.choices]

    @property
    def state_cells(self) -> list[tuple]:
        return [(key, STATE_LABELS[key], n) for key, n in self.states.items() if n]

    def state_html(self, url: str, program, labels: dict) -> str:
        """A link per state of its branches (to the group's page filtered by it), with
        the state labels translated and escaped once per page (`labels`)."""
        href = f"{url}?program={int(program.pk)}&amp;state="
        links = (
            f'<a class="badge state-{key}" href="{href}{key}">{labels[key]} <b>{int(n)}</b></a> '
            for key, n in self.states.items()
            if n
        )
        return mark_safe("".join(links))  # noqa: S308 - escaped above; keys are STATE_LABELS'


def _group_html(group, url, program, state, columns, labels, cells) -> str:
    """A federation's row of the grouped page, as `_results_groups.html` wrote it with a
    template per row: built here, a page of 100 federations renders in a few ms (the
    labels, translated and escaped once per page, come in `columns`, `labels`, `cells`)."""
    url = conditional_escape(url)
    query = f"?program={int(program.pk)}" + (
        f"&amp;state={conditional_escape(state)}" if state else ""
    )
    branches, state_column, members = columns
    return mark_safe(  # noqa: S308 - every text is escaped above; the rest are ints
        f'<tr id="group-{int(group.unit.pk)}">\n'
        f'  <td><a href="{url}{query}">{conditional_escape(group.unit.name)}</a></td>\n'
        f'  <td class="num" data-label="{branches}">{int(group.branches)}</td>\n'
        f'  <td data-label="{state_column}">{group.state_html(url, program, labels)}</td>\n'
        f'  <td class="num" data-label="{members}">{int(group.members)}</td>\n'
        f"  {cells.html(group.levels)}\n"
        "</tr>"
    )


class LevelCells:
    """A row's cell per level (`<td class="num" data-label="level">n</td>`, as the
    template's loop wrote them), built in Python with the labels translated and escaped
    once per page: the loop in the template cost about ten times as much per row, and
    the page of a large Union has a row per federation (100 at 150,000 members)."""

    def __init__(self):
        self.labels = [(key, conditional_escape(label)) for key, label in Level.choices]

    def html(self, levels: dict) -> str:
        cells = (
            f'<td class="num" data-label="{label}">{int(levels[key])}</td>'
            for key, label in self.labels
        )
        return mark_safe("".join(cells))  # noqa: S308 - labels escaped, counts are ints


def _same_page(name: str, unit: Unit, request):
    url = reverse(name, args=[unit.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@login_required
def results(request, unit):
    """Every branch under a federation or base Union with its results' state, who acts
    now and its members per level (stored results): a fixed number of queries."""
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    if unit.level in BRANCH_LEVELS:
        return _same_page("evaluations:branch", unit, request)
    programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    context = {**program_context(programs, program), "unit": unit}
    if program is None:
        return render(request, "evaluations/results.html", context)
    if Unit.objects.subtree(unit).branches().count() > GROUP_OVER:
        return _grouped(request, unit, program, context)
    rows = branch_rows(program, unit, request.user)
    counts = dict.fromkeys(STATE_LABELS, 0)
    for row in rows:
        counts[row.state] += 1
    state = request.GET.get("state", "")
    shown = [row for row in rows if row.state == state] if state in STATE_LABELS else rows
    cells = LevelCells()
    for row in shown:
        row.level_html = cells.html(row.levels)
    # The total of what is shown: the filter's branches only.
    total = BranchRow(branch=unit, evaluation=None, stored=False)
    for row in shown:
        total.members += row.members
        for key, n in row.levels.items():
            total.levels[key] += n
    context.update(
        rows=shown,
        all_count=len(rows),
        counts=[(key, STATE_LABELS[key], n) for key, n in counts.items()],
        state=state if state in STATE_LABELS else "",
        total=total,
        level_labels=[label for _key, label in Level.choices],
        may_forward=any(r.may(Step.FORWARD) for r in shown),
        may_recognize=any(r.may(Step.RECOGNIZE) for r in shown),
        may_return=any(r.may(Step.RETURN) for r in shown),
        any_action=any(r.steps for r in shown),
        decide_url=reverse("evaluations:decide", args=[unit.pk]),
        decide_query=urlencode({"program": program.pk, **({"state": state} if state else {})}),
    )
    return render(request, "evaluations/results.html", context)


def _grouped(request, unit: Unit, program, context: dict):
    """The page of a unit with thousands of branches: a row per federation, the totals
    and the state filter as on the branch-by-branch page."""
    state = request.GET.get("state", "")
    state = state if state in STATE_LABELS else ""
    groups, counts = group_rows(program, unit, state)
    total = GroupRow(unit=unit)
    cells = LevelCells()
    labels = {key: conditional_escape(label) for key, label in STATE_LABELS.items()}
    columns = [conditional_escape(_(name)) for name in ("Branches", "State", "Members")]
    for group in groups:
        url = reverse("evaluations:results", args=[group.unit.pk])
        group.html = _group_html(group, url, program, state, columns, labels, cells)
        total.branches += group.branches
        total.members += group.members
        for key, n in group.levels.items():
            total.levels[key] += n
    context.update(
        groups=groups,
        all_count=sum(counts.values()),
        counts=[(key, STATE_LABELS[key], n) for key, n in counts.items()],
        state=state,
        total=total,
        level_labels=[label for _key, label in Level.choices],
        group_over=GROUP_OVER,
    )
    return render(request, "evaluations/results.html", context)


def group_rows(program, unit: Unit, state: str = "") -> tuple[list[GroupRow], dict]:
    """The unit's branches grouped by federation (a branch with no federation above it is
    a group of its own), with their figures; with `state`, the figures of the branches in
    that state only. Also returns the number of branches in each state (for the filter).
    Three queries grouped in SQL, whose rows number the groups, not the branches nor the
    members, so the page takes the same time at 300 branches and at 3,000."""
    in_state = Coalesce(
        Subquery(
            BranchEvaluation.objects.filter(program=program, branch=OuterRef("owner")).values(
                "state"
            )[:1]
        ),
        Value(NOT_FINALIZED),
    )
    # A branch's group: its federation when the federation is in the unit's subtree.
    branches = (
        Unit.objects.subtree(unit)
        .filter(level=UnitLevel.BRANCH)
        .annotate(owner=F("pk"))
        .annotate(
            head=Case(
                When(_federation("parent", unit), then=F("parent_id")),
                default=F("pk"),
            ),
            in_state=in_state,
        )
        .order_by()
        .values_list("head", "in_state")
        .annotate(n=Count("pk"))
    )
    groups: dict[int, GroupRow] = {}
    counts = dict.fromkeys(STATE_LABELS, 0)
    for head, branch_state, n in branches:
        counts[branch_state] += n
        if state and branch_state != state:
            continue
        group = groups.get(head)
        if group is None:
            group = groups[head] = GroupRow(unit=None)
        group.branches += n
        group.states[branch_state] += n
    for head, members, levels in _group_counts(program, unit, state, in_state):
        if group := groups.get(head):
            group.members += members
            for level, n in levels.items():
                group.levels[level] += n
    for head in Unit.objects.filter(pk__in=list(groups)):
        groups[head.pk].unit = head
    return sorted(groups.values(), key=lambda g: g.unit.path), counts


def _federation(relation: str, unit: Unit) -> Q:
    """`relation` (a unit reached from the row) is a federation within `unit`'s subtree."""
    return Q(
        **{f"{relation}__level": UnitLevel.FEDERATION, f"{relation}__path__startswith": unit.path}
    )


def _group_counts(program, unit: Unit, state: str, in_state):
    """(group's unit pk, members, {level: members}) from the stored per-branch figures,
    summed in SQL per group: a sub-branch's figures count with its branch, a branch's
    with its federation (or with itself when it has none); with `state`, only the
    figures of branches in that state."""
    rows = (
        BranchFigures.objects.filter(program=program, branch__path__startswith=unit.path)
        .filter(
            Q(branch__level=UnitLevel.BRANCH)
            | Q(branch__level=UnitLevel.SUBBRANCH, branch__parent__level=UnitLevel.BRANCH)
        )
        .annotate(
            owner=Case(
                When(branch__level=UnitLevel.SUBBRANCH, then=F("branch__parent_id")),
                default=F("branch_id"),
            ),
            head=Case(
                When(
                    Q(branch__level=UnitLevel.SUBBRANCH)
                    & _federation("branch__parent__parent", unit),
                    then=F("branch__parent__parent_id"),
                ),
                When(branch__level=UnitLevel.SUBBRANCH, then=F("branch__parent_id")),
                When(_federation("branch__parent", unit), then=F("branch__parent_id")),
                default=F("branch_id"),
            ),
        )
    )
    if state:
        rows = rows.annotate(in_state=in_state).filter(in_state=state)
    sums = {name: Sum(name) for name in ("members", *LEVEL_SUMS, "not_evaluated")}
    for group in rows.order_by().values("head").annotate(**sums):
        yield group["head"], group["members"], _levels(group)


# The stored level counts of a BranchFigures row, by level.
LEVEL_SUMS = {
    "excellent": Level.EXCELLENT,
    "good": Level.GOOD,
    "completed": Level.COMPLETED,
    "not_completed": Level.NOT_COMPLETED,
}


def _levels(stored: dict) -> dict:
    """Every stored level, so Không hoàn thành includes the members finalized while
    waiting for scores (`not_evaluated`)."""
    levels = {level: stored[name] for name, level in LEVEL_SUMS.items()}
    levels[Level.NOT_COMPLETED] += stored["not_evaluated"]
    return levels


def branch_rows(program, unit: Unit, user) -> list[BranchRow]:
    """One row per branch under `unit`, from five queries whatever their number."""
    branches = list(Unit.objects.subtree(unit).branches().select_related("parent"))
    evaluations = {
        be.branch_id: be
        for be in BranchEvaluation.objects.filter(
            program=program, branch__path__startswith=unit.path
        )
    }
    rows = []
    for branch in branches:
        be = evaluations.get(branch.pk)
        stored = be is not None
        if be is None:
            be = BranchEvaluation(program=program, branch=branch)
        # Already loaded: may_act and holder read them without a query.
        be.program, be.branch = program, branch
        row = BranchRow(branch=branch, evaluation=be, stored=stored)
        row.steps = [step for step in PAGE_STEPS if stored and services.may_act(user, be, step)]
        rows.append(row)
    by_path = {row.branch.path: row for row in rows}
    for where, members, levels in _unit_counts(program, unit):
        if row := _owner(by_path, where):
            row.members += members
            for level, n in levels.items():
                row.levels[level] += n
    _attach_reopenings(rows)
    return rows


def _unit_counts(program, unit: Unit):
    """(unit path, members enrolled there, {level: members with that stored level}) for
    every unit under `unit` with members: one query over the stored per-branch figures
    (dashboards.rollups, refreshed in the transaction of every service that changes a
    member's enrollment or stored level), whose rows number the units, not the members."""
    rows = (
        BranchFigures.objects.filter(program=program, branch__path__startswith=unit.path)
        .filter(members__gt=0)
        .order_by()
        .values("branch__path", "members", *LEVEL_SUMS, "not_evaluated")
    )
    for row in rows:
        yield row["branch__path"], row["members"], _levels(row)


def _owner(by_path: dict, path: str):
    """The row of the branch at or above the unit with this `path` (a member may sit in
    a sub-branch)."""
    segment = PATH_SEGMENT_WIDTH + len(PATH_SEP)
    for length in range(len(path), 0, -segment):
        if row := by_path.get(path[:length]):
            return row
    return None


def _attach_reopenings(rows: list[BranchRow]) -> None:
    """The latest reopening of each branch's results, from the audit log: one query."""
    by_id = {str(row.evaluation.pk): row for row in rows if row.stored}
    if not by_id:
        return
    events = (
        Event.objects.filter(
            object_type=BranchEvaluation._meta.label_lower,
            object_id__in=list(by_id),
            verb="evaluation.reopen",
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for event in events:
        by_id[event.object_id].reopened = event


# ---------------------------------------------------------------- decisions


# Who may take a step at all (the policy); whose turn it is comes from may_act.
def _entitled(user, step: Step, be: BranchEvaluation) -> bool:
    federation = services.federation_of(be.branch)
    forwarder = federation is not None and can(user, Action.FORWARD_RESULTS, federation)
    recognizer = can(user, Action.RECOGNIZE_RESULTS, be.program.unit)
    if step == Step.FORWARD:
        return forwarder
    if step == Step.RETURN:
        return forwarder or recognizer
    return recognizer


def _not_your_turn(be: BranchEvaluation, stored: bool) -> str:
    """Why the user may not take the step on these results now, in their words."""
    turn = services.holder(be)
    if not stored or turn == "branch":
        return _("the branch has not finalized its results yet")
    if turn == "federation":
        return _("the federation has not forwarded these results yet")
    if turn == "base":
        return _("the results are already with the base Union")
    return _("the results are already recognized")


@require_POST
@login_required
def decide(request, unit):
    """Forward, return, recognize or reopen the selected branches' results. A user who may
    not take the step on one of them at all gets 403; a branch whose results are not
    theirs to decide now is skipped with the reason."""
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    _programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    back = f"{reverse('evaluations:results', args=[unit.pk])}?{request.GET.urlencode()}"
    try:
        step = Step(request.POST.get("step", ""))
    except ValueError:
        step = None
    if program is None or step not in PAGE_STEPS:
        messages.error(request, _("Choose what to do with the results."))
        return redirect(back)
    ids = parse_ids(request.POST.getlist("branch"))
    branches = list(
        Unit.objects.subtree(unit).branches().filter(pk__in=ids).select_related("parent")
    )
    if not branches:
        messages.error(request, _("Select the branches first."))
        return redirect(back)
    stored = {
        be.branch_id: be
        for be in BranchEvaluation.objects.filter(program=program, branch__in=branches)
    }
    pairs = []
    for branch in branches:
        be = stored.get(branch.pk) or BranchEvaluation(program=program, branch=branch)
        be.program, be.branch = program, branch
        if not _entitled(request.user, step, be):
            return _refused(request, unit, program)
        pairs.append((be, branch.pk in stored))
    text = request.POST.get("comment", "").strip()
    if step == Step.RETURN and not text:
        messages.error(request, _("Write what the branch should fix before returning."))
        return redirect(back)
    if step == Step.REOPEN and not text:
        messages.error(request, _("Write the reason for reopening."))
        return redirect(back)
    ready, skipped = [], []
    for be, is_stored in pairs:
        if is_stored and services.may_act(request.user, be, step):
            ready.append(be.branch)
        else:
            skipped.append((be.branch, _not_your_turn(be, is_stored)))
    done = _apply(request, step, program, ready, text, skipped)
    _report(request, step, done, skipped)
    return redirect(back)


def _refused(request, unit, program):
    message = _("You may not take this decision on these results.")
    context = {"unit": unit, "program": program, "message": message}
    return render(request, "evaluations/_results_refused.html", context, status=403)


def _apply(request, step: Step, program, branches, text: str, skipped: list) -> int:
    """Run the service for each branch; returns how many were done."""
    user = request.user
    if step == Step.RECOGNIZE:
        done, refused = services.branches_recognize_many(
            program=program, branches=branches, user=user
        )
        skipped += [(s.branch, s.reason) for s in refused]
        return len(done)
    act = {
        Step.FORWARD: lambda b: services.branch_forward(program=program, branch=b, user=user),
        Step.RETURN: lambda b: services.branch_return(
            program=program, branch=b, user=user, comment=text
        ),
        Step.REOPEN: lambda b: services.branch_reopen(
            program=program, branch=b, user=user, reason=text
        ),
    }[step]
    count = 0
    for branch in branches:
        try:
            act(branch)
            count += 1
        except DomainError as error:
            skipped.append((branch, str(error.message)))
    return count


DONE_MESSAGES = {
    Step.FORWARD: lambda n: ngettext(
        "Forwarded %(n)d branch to the base Union.",
        "Forwarded %(n)d branches to the base Union.",
        n,
    ),
    Step.RETURN: lambda n: ngettext(
        "Returned %(n)d branch's results.", "Returned %(n)d branches' results.", n
    ),
    Step.RECOGNIZE: lambda n: ngettext("Recognized %(n)d branch.", "Recognized %(n)d branches.", n),
    Step.REOPEN: lambda n: ngettext(
        "Reopened %(n)d branch's results.", "Reopened %(n)d branches' results.", n
    ),
}


def _report(request, step: Step, done: int, skipped: list) -> None:
    """ "Đã công nhận 12 chi đoàn. Bỏ qua 1: Chi đoàn A1 — lý do." as one message."""
    parts = []
    if done:
        parts.append(DONE_MESSAGES[step](done) % {"n": done})
    if skipped:
        names = "; ".join(
            _("%(branch)s — %(reason)s") % {"branch": branch.name, "reason": reason}
            for branch, reason in skipped
        )
        parts.append(
            ngettext("Skipped %(n)d: %(names)s.", "Skipped %(n)d: %(names)s.", len(skipped))
            % {"n": len(skipped), "names": names}
        )
    level = messages.SUCCESS if done and not skipped else messages.WARNING
    if not done:
        level = messages.ERROR
    messages.add_message(request, level, " ".join(parts))


# ---------------------------------------------------------------- export


@login_required
def export(request, unit):
    """The member-quality export (xlsx) of every member in the unit's subtree."""
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    _programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    if program is None:
        messages.error(request, _("No training program concerns this unit yet."))
        return redirect("organizations:unit_detail", unit.pk)
    handle = xlsx.member_quality(program, unit)
    return FileResponse(handle, as_attachment=True, filename=xlsx.filename(program, unit))


urlpatterns = [
    path("unit/<id:unit>/", results, name="results"),
    path("unit/<id:unit>/decide/", decide, name="decide"),
    path("unit/<id:unit>/export.xlsx", export, name="export"),
]
