"""Results for federations and the base Union (IV.1 Step 3): every branch's state and
levels, the federation forwards, the base Union recognizes, returns or reopens; and the
member-quality export (xlsx) of any unit."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from renluyen.audit.models import Event
from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_ids
from renluyen.core.policy import Action, can
from renluyen.evaluations import export as xlsx
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation, Level
from renluyen.evaluations.transitions import Step
from renluyen.organizations.models import PATH_SEGMENT_WIDTH, PATH_SEP, Unit
from renluyen.organizations.models import Level as UnitLevel
from renluyen.programs.models import Enrollment
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
    for group in groups:
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
    a group of its own), with their figures, from four queries whose rows number the
    units, not the members; with `state`, the figures of the branches in that state only.
    Also returns the number of branches in each state (for the filter)."""
    units = list(
        Unit.objects.subtree(unit)
        .filter(level__in=[UnitLevel.BRANCH, UnitLevel.FEDERATION])
        .order_by("path")
    )
    by_id = {u.pk: u for u in units}
    branch_state = dict.fromkeys(
        (u.pk for u in units if u.level == UnitLevel.BRANCH), NOT_FINALIZED
    )
    for branch_id, value in BranchEvaluation.objects.filter(
        program=program, branch__path__startswith=unit.path
    ).values_list("branch_id", "state"):
        if branch_id in branch_state:
            branch_state[branch_id] = value
    groups: dict[int, GroupRow] = {}
    counts = dict.fromkeys(STATE_LABELS, 0)
    by_path: dict[str, GroupRow] = {}  # a branch's path -> its group
    for u in units:
        if u.level != UnitLevel.BRANCH:
            continue
        parent = by_id.get(u.parent_id)
        head = parent if parent is not None and parent.level == UnitLevel.FEDERATION else u
        counts[branch_state[u.pk]] += 1
        if state and branch_state[u.pk] != state:
            continue
        group = groups.get(head.pk)
        if group is None:
            group = groups[head.pk] = GroupRow(unit=head)
        group.branches += 1
        group.states[branch_state[u.pk]] += 1
        by_path[u.path] = group
    for where, n in _member_counts(program, unit):
        if group := _owner(by_path, where):
            group.members += n
    for where, level, n in _level_counts(program, unit):
        if group := _owner(by_path, where):
            group.levels[level] += n
    return sorted(groups.values(), key=lambda g: g.unit.path), counts


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
    for where, n in _member_counts(program, unit):
        if row := _owner(by_path, where):
            row.members += n
    for where, level, n in _level_counts(program, unit):
        if row := _owner(by_path, where):
            row.levels[level] += n
    _attach_reopenings(rows)
    return rows


def _member_counts(program, unit: Unit):
    """(unit path, members enrolled there) for every unit under `unit` with members."""
    enrollments = Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
    return enrollments.order_by().values_list("branch__path").annotate(n=Count("pk"))


def _level_counts(program, unit: Unit):
    """(unit path, level, members) of the stored levels under `unit`."""
    return (
        Evaluation.objects.filter(
            enrollment__program=program, enrollment__branch__path__startswith=unit.path
        )
        .exclude(level="")
        .order_by()
        .values_list("enrollment__branch__path", "level")
        .annotate(n=Count("pk"))
    )


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
