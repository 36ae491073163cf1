"""The evaluation workflow (IV.1 Step 3) as service functions.

Each step is keyword-only, runs in one transaction with the rows it changes locked,
refuses with a Vietnamese DomainError when it is not possible now, writes an audit event
on the enrollment (or the branch) and keeps the member's stored result current. Who may
call which step is the policy's; `may_act` adds which level holds the results now.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can
from renluyen.dashboards import rollups
from renluyen.evaluations import scoring
from renluyen.evaluations.models import (
    BranchEvaluation,
    BranchState,
    Evaluation,
    GroupComment,
    Score,
    SelfState,
)
from renluyen.evaluations.rules import explanation_problem, parse_score, score_problem
from renluyen.evaluations.transitions import EDITABLE, Step, next_state
from renluyen.notifications.services import notify
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.registrations.models import Item, Registration
from renluyen.registrations.rules import Problem, normalize
from renluyen.registrations.transitions import CONFIRMED_STATES

# A branch this large, or marked dispersed, is evaluated by its committee on the
# comments of its sub-branches or groups (seed IV.1 Step 3: "từ 30 đoàn viên trở lên").
LARGE_BRANCH = 30


# ---------------------------------------------------------------- reading


@dataclass
class Row:
    """One confirmed criterion with its maximum, as every scoring screen shows it."""

    item: Item
    score: Score
    maximum: Decimal

    @property
    def key(self) -> str:
        return str(self.item.pk)


def is_confirmed(enrollment: Enrollment) -> bool:
    registration = getattr(enrollment, "registration", None)
    return registration is not None and registration.state in CONFIRMED_STATES


def confirmed_items(registration: Registration):
    return (
        Item.objects.filter(registration=registration, confirmed_at__isnull=False)
        .select_related("area", "criterion", "activity")
        .order_by("area__number", "kind", "criterion__order", "pk")
    )


def evaluation_of(enrollment: Enrollment) -> Evaluation:
    """The member's evaluation, created on first use with a score row for each confirmed
    criterion (criteria confirmed by a later addition get theirs then)."""
    evaluation, _created = Evaluation.objects.get_or_create(enrollment=enrollment)
    if is_confirmed(enrollment):
        have = set(evaluation.scores.values_list("item_id", flat=True))
        missing = [
            Score(evaluation=evaluation, item=item)
            for item in confirmed_items(enrollment.registration)
            if item.pk not in have
        ]
        Score.objects.bulk_create(missing)
    return evaluation


def evaluation_for_reading(enrollment: Enrollment) -> tuple[Evaluation, list[Row]]:
    """The member's evaluation and rows as pages show them, without writing anything: before
    the first save the evaluation is unsaved, and so is the score of each confirmed
    criterion not scored yet (the services create them on the first write)."""
    evaluation = Evaluation.objects.filter(enrollment=enrollment).first()
    evaluation = evaluation or Evaluation(enrollment=enrollment)
    if not is_confirmed(enrollment):
        return evaluation, []
    scores = []
    for item in confirmed_items(enrollment.registration).select_related("score"):
        score = getattr(item, "score", None) or Score(item=item)
        score.item = item
        scores.append(score)
    return evaluation, rows_from_scores(scores)


def rows_of(evaluation: Evaluation) -> list[Row]:
    """The evaluation's criteria in the form's order, each with its maximum."""
    scores = evaluation.scores.select_related(
        "item__area", "item__criterion", "item__activity"
    ).filter(item__confirmed_at__isnull=False)
    return rows_from_scores(list(scores))


def rows_from_scores(scores: list[Score]) -> list[Row]:
    """Rows for already-fetched scores (each with item and item.area loaded)."""
    scores = sorted(scores, key=_form_order)
    by_area: dict[int, list[Score]] = {}
    for score in scores:
        by_area.setdefault(score.item.area_id, []).append(score)
    maxima: dict[int, Decimal] = {}
    for area_scores in by_area.values():
        points = area_scores[0].item.area.points
        values = scoring.max_points(points, [s.max_points for s in area_scores])
        # Keyed by item: a score not saved yet (no pk) still gets its own maximum.
        maxima.update({s.item_id: m for s, m in zip(area_scores, values, strict=True)})
    return [Row(score.item, score, maxima[score.item_id]) for score in scores]


def _form_order(score: Score):
    item = score.item
    return (item.area.number, item.kind, item.criterion.order if item.criterion else 0, item.pk)


def totals(rows: list[Row]) -> dict:
    """Self and collective totals of a member's rows, as the pages show them live."""
    self_scores = [r.score.self_score for r in rows]
    collective = [r.score.collective_score for r in rows]
    return {
        "maximum": sum((r.maximum for r in rows), Decimal(0)),
        "self": sum((s for s in self_scores if s is not None), Decimal(0)),
        "collective": sum((s for s in collective if s is not None), Decimal(0)),
        "collective_complete": bool(rows) and all(s is not None for s in collective),
    }


def evaluation_started(program: Program, today: date | None = None) -> bool:
    """Has this program's evaluation window opened? The evaluation pages show such a
    program first when no year is asked for."""
    return program.evaluation_start <= (today or timezone.localdate())


def federation_of(branch: Unit) -> Unit | None:
    parent = branch.parent
    return parent if parent is not None and parent.level == Level.FEDERATION else None


def is_large(branch: Unit, member_count: int) -> bool:
    """Seed IV.1 Step 3: 30 members or more, or members too dispersed to meet."""
    return member_count >= LARGE_BRANCH or branch.dispersed


def branch_evaluation(program: Program, branch: Unit) -> BranchEvaluation:
    return BranchEvaluation.objects.get_or_create(program=program, branch=branch)[0]


def holder(branch_evaluation: BranchEvaluation) -> str | None:
    """Which level must act next: "branch", "federation", "base", or None once recognized."""
    state = branch_evaluation.state
    if state in EDITABLE:
        return "branch"
    if state == BranchState.FINALIZED and federation_of(branch_evaluation.branch) is not None:
        return "federation"
    if state in (BranchState.FINALIZED, BranchState.FORWARDED):
        return "base"
    return None


def may_act(user, branch_evaluation: BranchEvaluation, step: Step) -> bool:
    """May `user` take `step` on these results now? The policy says who acts for which
    unit; the state says whose turn it is (the federation before the base Union)."""
    be = branch_evaluation
    turn = holder(be)
    if step == Step.FINALIZE:
        return turn == "branch" and can(user, Action.EVALUATE, be.branch)
    if step == Step.WITHDRAW:
        return be.state == BranchState.FINALIZED and can(user, Action.EVALUATE, be.branch)
    if step == Step.FORWARD:
        federation = federation_of(be.branch)
        return turn == "federation" and can(user, Action.FORWARD_RESULTS, federation)
    if step == Step.RETURN:
        if turn == "federation":
            return can(user, Action.FORWARD_RESULTS, federation_of(be.branch))
        return turn == "base" and can(user, Action.RECOGNIZE_RESULTS, be.program.unit)
    if step == Step.RECOGNIZE:
        return turn == "base" and can(user, Action.RECOGNIZE_RESULTS, be.program.unit)
    if step == Step.REOPEN:
        return be.state == BranchState.RECOGNIZED and can(
            user, Action.RECOGNIZE_RESULTS, be.program.unit
        )
    return False


# ---------------------------------------------------------------- windows and locks


def self_evaluation_problem(enrollment: Enrollment, today: date | None = None) -> str | None:
    """Why the member may not change their self-evaluation now, or None."""
    today = today or timezone.localdate()
    program = enrollment.program
    if not is_confirmed(enrollment):
        return _("You have no confirmed registration to evaluate.")
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.evaluation_start:
        return _("Self-evaluation opens on %(day)s.") % {"day": _day(program.evaluation_start)}
    if today >= program.evaluation_deadline:
        return _("Self-evaluation closed; the last day was %(day)s.") % {
            "day": _day(program.evaluation_deadline - timedelta(days=1))
        }
    return _branch_lock_problem(enrollment)


def collective_problem(enrollment: Enrollment, today: date | None = None) -> str | None:
    """Why the branch may not change this member's collective scores now, or None. The
    branch scores from the opening of evaluation until it sends its results up."""
    today = today or timezone.localdate()
    program = enrollment.program
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.evaluation_start:
        return _("Evaluation opens on %(day)s.") % {"day": _day(program.evaluation_start)}
    return _branch_lock_problem(enrollment)


def _branch_lock_problem(enrollment: Enrollment) -> str | None:
    be = BranchEvaluation.objects.filter(
        program_id=enrollment.program_id, branch_id=enrollment.branch_id
    ).first()
    if be is None or be.state in EDITABLE:
        return None
    if be.state == BranchState.RECOGNIZED:
        return _("The results were recognized by the base Union and are locked.")
    return _("The branch has sent its results up; they can no longer be changed.")


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# ---------------------------------------------------------------- results


def refresh_result(evaluation: Evaluation, rows: list[Row] | None = None) -> Evaluation:
    """Store the member's total, level and reason from their collective scores."""
    _compute_result(evaluation, rows)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        total=evaluation.total,
        level=evaluation.level,
        reason=evaluation.reason,
        updated_at=timezone.now(),
    )
    return evaluation


def _compute_result(evaluation: Evaluation, rows: list[Row] | None = None) -> Evaluation:
    """Set the member's total, level and reason on `evaluation` (not saved)."""
    enrollment = evaluation.enrollment
    confirmed = is_confirmed(enrollment)
    rows = rows_of(evaluation) if rows is None and confirmed else (rows or [])
    outcome = scoring.result(
        confirmed=confirmed,
        scores=[r.score.collective_score for r in rows],
        thresholds=scoring.Thresholds.of(enrollment.program),
    )
    evaluation.total, evaluation.level, evaluation.reason = (
        outcome.total,
        outcome.level,
        outcome.reason,
    )
    return evaluation


def _audit(enrollment: Enrollment, user, verb: str, screen: str, **data) -> None:
    record(actor=user, verb=verb, obj=enrollment, unit=enrollment.branch, screen=screen, **data)


def _change(row: Row, field_name: str, old, new) -> dict:
    return {
        "item": row.item.pk,
        "label": row.item.label,
        "field": field_name,
        "old": None if old is None else str(old),
        "new": None if new is None else str(new),
    }


def _locked_evaluation(enrollment: Enrollment) -> Evaluation:
    evaluation = evaluation_of(enrollment)
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


# ---------------------------------------------------------------- self-evaluation


@dataclass
class SelfEntry:
    """What the member typed for one criterion."""

    score: str = ""
    explanation: str = ""


@transaction.atomic
def self_save(
    *,
    enrollment: Enrollment,
    user,
    entries: dict[str, SelfEntry],
    version: int | None = None,
    submit: bool = False,
) -> Evaluation:
    """Save the member's self-scores and explanations; with `submit`, check that every
    criterion has both and send them to the branch. Refused whole with a problem per
    field, so the page keeps what was typed."""
    problem = self_evaluation_problem(enrollment)
    if problem:
        raise DomainError(problem)
    evaluation = _locked_evaluation(enrollment)
    if evaluation.self_state == SelfState.SUBMITTED:
        raise DomainError(_("Your self-evaluation has already been submitted."))
    if version is not None and version != evaluation.version:
        raise DomainError(
            _("Your self-evaluation was changed elsewhere. Reload the page to see it.")
        )
    rows = rows_of(evaluation)
    problems, values = _check_entries(enrollment.program, rows, entries, submit)
    if problems:
        message = (
            _("Your self-evaluation cannot be submitted yet.")
            if submit
            else _("Some scores are not valid; nothing was saved.")
        )
        raise DomainError(message, problems=problems)
    changes = []
    for row in rows:
        score_value, explanation = values[row.key]
        if score_value != row.score.self_score:
            changes.append(_change(row, "self", row.score.self_score, score_value))
        row.score.self_score = score_value
        row.score.explanation = explanation
        if submit and not row.score.collective_set:
            # The branch starts from the member's own score (IV.1 Step 3).
            row.score.collective_score = score_value
    Score.objects.bulk_update(
        [r.score for r in rows], ["self_score", "explanation", "collective_score"]
    )
    evaluation.version += 1
    if submit:
        evaluation.self_state = SelfState.SUBMITTED
        evaluation.self_submitted_at = timezone.now()
    evaluation.save()
    refresh_result(evaluation, rows)
    verb = "evaluation.self_submit" if submit else "evaluation.self_save"
    _audit(enrollment, user, verb, "self", changes=changes)
    rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)
    return evaluation


def _check_entries(program, rows, entries, submit) -> tuple[list[Problem], dict]:
    problems, values = [], {}
    for row in rows:
        entry = entries.get(row.key, SelfEntry())
        where = f"item:{row.key}"
        explanation = normalize(entry.explanation)
        value = None
        try:
            value = parse_score(entry.score)
            if value is not None and (message := score_problem(value, row.maximum)):
                raise ValueError(message)
            if submit and value is None:
                raise ValueError(_("Give this criterion a score."))
        except ValueError as error:
            problems.append(Problem(str(error), where))
        # The explanation is checked whatever the score, so one submit shows every problem.
        if submit and (message := explanation_problem(explanation, program.min_solution_length)):
            problems.append(Problem(message, where))
        values[row.key] = (value, explanation)
    return problems, values


# ---------------------------------------------------------------- the branch's scores


@transaction.atomic
def collective_set(
    *, enrollment: Enrollment, user, item_id: int, value: str, screen: str = "branch"
) -> tuple[Evaluation, Row]:
    """Record the branch's score for one criterion (one cell of the branch table)."""
    problem = collective_problem(enrollment)
    if problem:
        raise DomainError(problem)
    if not is_confirmed(enrollment):
        raise DomainError(_("This member has no confirmed registration to score."))
    evaluation = _locked_evaluation(enrollment)
    rows = rows_of(evaluation)
    row = next((r for r in rows if r.item.pk == item_id), None)
    if row is None:
        raise DomainError(_("This criterion is not on the member's confirmed form."))
    try:
        parsed = parse_score(value)
    except ValueError as error:
        raise DomainError(str(error)) from None
    if parsed is not None and (message := score_problem(parsed, row.maximum)):
        raise DomainError(message)
    old = row.score.collective_score
    row.score.collective_score = parsed
    row.score.collective_set = True
    row.score.save(update_fields=["collective_score", "collective_set"])
    refresh_result(evaluation, rows)
    if old != parsed:
        _audit(
            enrollment,
            user,
            "evaluation.scores",
            screen,
            changes=[_change(row, "collective", old, parsed)],
        )
    rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)
    return evaluation, row


@transaction.atomic
def comment_set(*, enrollment: Enrollment, user, text: str, screen: str = "branch") -> Evaluation:
    """The branch's comment (nhận xét) on the member."""
    problem = collective_problem(enrollment)
    if problem:
        raise DomainError(problem)
    evaluation = _locked_evaluation(enrollment)
    text = normalize(text)
    if text != evaluation.comment:
        old, evaluation.comment = evaluation.comment, text
        evaluation.save(update_fields=["comment", "updated_at"])
        _audit(enrollment, user, "evaluation.comment", screen, old=old, new=text)
    return evaluation


@transaction.atomic
def maxima_set(*, enrollment: Enrollment, user, area_id: int, values: dict[str, str]) -> None:
    """Set the maxima of one area's confirmed criteria for this member (they must add up
    to the area's points), or clear them all (every value blank) for the equal split.
    Scores above a new maximum are refused: lower them first."""
    problem = collective_problem(enrollment)
    if problem:
        raise DomainError(problem)
    evaluation = _locked_evaluation(enrollment)
    rows = [r for r in rows_of(evaluation) if r.item.area_id == area_id]
    if not rows:
        raise DomainError(_("The member has no confirmed criterion in this area."))
    problems, parsed = [], {}
    for row in rows:
        try:
            parsed[row.key] = parse_score(values.get(row.key, ""))
        except ValueError as error:
            problems.append(Problem(str(error), f"item:{row.key}"))
    if problems:
        raise DomainError(_("Some maxima are not numbers; nothing was saved."), problems=problems)
    new = [parsed[r.key] for r in rows]
    if all(v is None for v in new):
        new = [None] * len(rows)
        effective = scoring.equal_split(rows[0].item.area.points, len(rows))
    elif any(v is None for v in new):
        raise DomainError(_("Give every criterion of the area a maximum, or leave them all blank."))
    else:
        if message := scoring.maxima_problem(rows[0].item.area.points, new):
            raise DomainError(message)
        effective = new
    too_high = [
        Problem(_("A score here is above the new maximum; lower it first."), f"item:{r.key}")
        for r, m in zip(rows, effective, strict=True)
        if any(s is not None and s > m for s in (r.score.self_score, r.score.collective_score))
    ]
    if too_high:
        raise DomainError(_("Some scores are above the new maxima."), problems=too_high)
    changes = [
        _change(r, "max", r.score.max_points, v)
        for r, v in zip(rows, new, strict=True)
        if r.score.max_points != v
    ]
    for row, value in zip(rows, new, strict=True):
        row.score.max_points = value
    Score.objects.bulk_update([r.score for r in rows], ["max_points"])
    if changes:
        _audit(enrollment, user, "evaluation.scores", "maxima", changes=changes)


@transaction.atomic
def group_comment_add(*, enrollment: Enrollment, user, text: str) -> GroupComment:
    """A sub-branch's or group's comment on a member (seed IV.1 Step 3)."""
    problem = collective_problem(enrollment)
    if problem:
        raise DomainError(problem)
    text = normalize(text)
    if not text:
        raise DomainError(_("Write the group's comment."))
    evaluation = evaluation_of(enrollment)
    comment = GroupComment.objects.create(
        evaluation=evaluation, group=enrollment.group, author=user, text=text
    )
    _audit(enrollment, user, "evaluation.group_comment", "groups", text=text)
    return comment


@transaction.atomic
def groups_assign(*, program: Program, branch: Unit, user, groups: dict[int, int | None]) -> int:
    """Put members (enrollment id → sub-branch id, or None) into the branch's sub-branches
    or groups. Returns how many changed."""
    allowed = set(branch.children.filter(level=Level.SUBBRANCH).values_list("pk", flat=True))
    if any(g is not None and g not in allowed for g in groups.values()):
        raise DomainError(_("Choose one of this branch's sub-branches or groups."))
    enrollments = Enrollment.objects.select_for_update().filter(
        program=program, branch=branch, pk__in=list(groups)
    )
    changed = []
    for enrollment in enrollments:
        if enrollment.group_id != groups[enrollment.pk]:
            enrollment.group_id = groups[enrollment.pk]
            changed.append(enrollment)
    Enrollment.objects.bulk_update(changed, ["group"])
    if changed:
        record(
            actor=user,
            verb="evaluation.groups",
            obj=branch,
            unit=branch,
            program=program.pk,
            changed={e.pk: e.group_id for e in changed},
        )
    return len(changed)


# ---------------------------------------------------------------- the branch's results


def _locked_branch(program: Program, branch: Unit) -> BranchEvaluation:
    branch_evaluation(program, branch)
    return (
        BranchEvaluation.objects.select_for_update(of=("self",))
        .select_related("program__unit", "branch__parent")
        .get(program=program, branch=branch)
    )


def _branch_audit(be: BranchEvaluation, user, verb: str, **data) -> None:
    record(actor=user, verb=verb, obj=be, unit=be.branch, **data)


@transaction.atomic
def meeting_save(
    *,
    program: Program,
    branch: Unit,
    user,
    meeting_date: date | None,
    attendee_ids: list[int],
    minutes: str,
) -> BranchEvaluation:
    """Record the evaluation meeting: its date, the members present and the minutes."""
    be = _locked_branch(program, branch)
    if be.state not in EDITABLE:
        raise DomainError(_("The branch has sent its results up; they can no longer be changed."))
    if meeting_date is not None and meeting_date > timezone.localdate():
        raise DomainError(_("The meeting date cannot be in the future."))
    present = list(Enrollment.objects.filter(program=program, branch=branch, pk__in=attendee_ids))
    be.meeting_date = meeting_date
    be.minutes = minutes.strip()
    be.version += 1
    be.save()
    be.attendees.set(present)
    _branch_audit(
        be,
        user,
        "evaluation.meeting",
        date=str(meeting_date or ""),
        present=len(present),
        minutes=be.minutes,
    )
    return be


@dataclass
class Unfinished:
    """Members who block or qualify finalizing, by name."""

    not_evaluated: list[str] = field(default_factory=list)
    no_group_comment: list[str] = field(default_factory=list)


def unfinished(program: Program, branch: Unit) -> Unfinished:
    """Members with a confirmed registration the branch has not fully scored, and (in a
    large or dispersed branch) those without a sub-branch or group comment yet."""
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("member", "registration", "evaluation")
        .order_by("member__full_name")
    )
    out = Unfinished()
    large = is_large(branch, len(enrollments))
    commented = set(
        GroupComment.objects.filter(evaluation__enrollment__in=enrollments).values_list(
            "evaluation__enrollment_id", flat=True
        )
    )
    unscored = set(
        Score.objects.filter(
            evaluation__enrollment__in=enrollments,
            item__confirmed_at__isnull=False,
            collective_score__isnull=True,
        ).values_list("evaluation__enrollment_id", flat=True)
    )
    for enrollment in enrollments:
        if not is_confirmed(enrollment):
            continue
        evaluation = getattr(enrollment, "evaluation", None)
        if evaluation is None or enrollment.pk in unscored:
            out.not_evaluated.append(enrollment.member.full_name)
        if large and enrollment.pk not in commented:
            out.no_group_comment.append(enrollment.member.full_name)
    return out


@transaction.atomic
def branch_finalize(
    *, program: Program, branch: Unit, user, accept_unevaluated: bool = False
) -> BranchEvaluation:
    """The branch closes its evaluation and sends the results up (IV.1 Step 3). Every
    member's result is stored, those not registered or not scored as Không hoàn thành."""
    be = _locked_branch(program, branch)
    new_state = next_state(be.state, Step.FINALIZE)
    if be.meeting_date is None:
        raise DomainError(_("Record the evaluation meeting (its date) before finalizing."))
    todo = unfinished(program, branch)
    if todo.no_group_comment:
        raise DomainError(
            _(
                "This branch is evaluated on its sub-branches' or groups' comments; these "
                "members have none yet: %(names)s."
            )
            % {"names": ", ".join(todo.no_group_comment)}
        )
    if todo.not_evaluated and not accept_unevaluated:
        raise DomainError(
            _(
                "These members are not fully scored and would be Không hoàn thành (not "
                "evaluated): %(names)s. Score them, or confirm that you finalize anyway."
            )
            % {"names": ", ".join(todo.not_evaluated)}
        )
    counts = store_results(program, branch)
    be.state = new_state
    be.finalized_at = timezone.now()
    be.version += 1
    be.save()
    _branch_audit(be, user, "evaluation.finalize", levels=counts, not_evaluated=todo.not_evaluated)
    rollups.refresh_branch(program=program, branch=branch)
    _notify_up(be)
    return be


def store_results(program: Program, branch: Unit) -> dict[str, int]:
    """Store every member's result in the branch (creating an evaluation for members who
    never registered); returns the count per level."""
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch).select_related(
            "program", "registration"
        )
    )
    existing = set(
        Evaluation.objects.filter(enrollment__in=enrollments).values_list(
            "enrollment_id", flat=True
        )
    )
    Evaluation.objects.bulk_create(
        [Evaluation(enrollment=e) for e in enrollments if e.pk not in existing]
    )
    evaluations = {
        ev.enrollment_id: ev for ev in Evaluation.objects.filter(enrollment__in=enrollments)
    }
    scores: dict[int, list[Score]] = {}
    for score in Score.objects.filter(
        evaluation__in=evaluations.values(), item__confirmed_at__isnull=False
    ).select_related("item__area", "item__criterion"):
        scores.setdefault(score.evaluation_id, []).append(score)
    counts: dict[str, int] = {}
    now = timezone.now()
    for enrollment in enrollments:
        evaluation = evaluations[enrollment.pk]
        evaluation.enrollment = enrollment
        evaluation.updated_at = now
        _compute_result(evaluation, rows_from_scores(scores.get(evaluation.pk, [])))
        counts[evaluation.level] = counts.get(evaluation.level, 0) + 1
    Evaluation.objects.bulk_update(
        evaluations.values(), ["total", "level", "reason", "updated_at"], batch_size=500
    )
    return counts


def level_counts(program: Program, branch: Unit) -> dict[str, int]:
    """The stored results of a branch, counted per level."""
    from django.db.models import Count

    rows = (
        Evaluation.objects.filter(enrollment__program=program, enrollment__branch=branch)
        .values("level")
        .annotate(n=Count("pk"))
    )
    return {row["level"]: row["n"] for row in rows}


def _notify_up(be: BranchEvaluation) -> None:
    from renluyen.organizations.models import RoleAssignment

    unit = federation_of(be.branch) if holder(be) == "federation" else be.program.unit
    action = Action.FORWARD_RESULTS if unit != be.program.unit else Action.RECOGNIZE_RESULTS
    users = {
        a.user
        for a in RoleAssignment.objects.active().filter(unit=unit).select_related("user")
        if can(a.user, action, unit)
    }
    notify(
        users=list(users),
        verb="evaluation.sent_up",
        data={"branch": be.branch.name, "year": be.program.school_year},
        url=results_url(unit, be.program),
        digest=True,
    )


def results_url(unit: Unit, program: Program) -> str:
    return f"{reverse('evaluations:results', args=[unit.pk])}?program={program.pk}"


def _step(be: BranchEvaluation, user, step: Step, verb: str, **data) -> BranchEvaluation:
    if not may_act(user, be, step):
        raise DomainError(_("It is not your turn to act on these results."))
    be.state = next_state(be.state, step)
    be.version += 1
    now = timezone.now()
    if step == Step.FORWARD:
        be.forwarded_at = now
    if step == Step.RECOGNIZE:
        be.recognized_at, be.recognized_by = now, user
    be.save()
    _branch_audit(be, user, verb, **data)
    # Withdraw, forward, return, recognize and reopen all pass here.
    rollups.refresh_branch(program=be.program, branch=be.branch)
    return be


@transaction.atomic
def branch_withdraw(*, program: Program, branch: Unit, user) -> BranchEvaluation:
    return _step(_locked_branch(program, branch), user, Step.WITHDRAW, "evaluation.withdraw")


@transaction.atomic
def branch_forward(*, program: Program, branch: Unit, user) -> BranchEvaluation:
    be = _step(_locked_branch(program, branch), user, Step.FORWARD, "evaluation.forward")
    _notify_up(be)
    return be


@transaction.atomic
def branch_return(*, program: Program, branch: Unit, user, comment: str) -> BranchEvaluation:
    """The federation or the base Union sends the results back, saying what to fix."""
    comment = normalize(comment)
    if not comment:
        raise DomainError(_("Say what the branch should fix before returning its results."))
    be = _locked_branch(program, branch)
    be.return_comment = comment
    be = _step(be, user, Step.RETURN, "evaluation.return", comment=comment)
    from renluyen.registrations.services import committee_of

    notify(
        users=committee_of(branch),
        verb="evaluation.returned",
        data={"comment": comment, "year": program.school_year},
        url=branch_url(branch, program),
    )
    return be


@transaction.atomic
def branch_recognize(*, program: Program, branch: Unit, user) -> BranchEvaluation:
    """The base Union recognizes (công nhận) the results; they lock."""
    be = _step(_locked_branch(program, branch), user, Step.RECOGNIZE, "evaluation.recognize")
    # Results were stored at finalize and nothing could change them since.
    counts = level_counts(program, branch)
    be.return_comment = ""
    be.save(update_fields=["return_comment"])
    members = Enrollment.objects.filter(
        program=program, branch=branch, member__user__isnull=False
    ).select_related("member__user")
    # By digest: recognizing a whole school at once must not send thousands of emails
    # from one request.
    notify(
        users=[e.member.user for e in members],
        verb="evaluation.recognized",
        data={"year": program.school_year},
        url=reverse("evaluations:mine"),
        digest=True,
    )
    record(actor=user, verb="evaluation.recognized_levels", obj=be, unit=branch, levels=counts)
    return be


@transaction.atomic
def branch_reopen(*, program: Program, branch: Unit, user, reason: str) -> BranchEvaluation:
    """Only the base Union reopens recognized results, and says why; it is recorded."""
    reason = normalize(reason)
    if not reason:
        raise DomainError(_("Give the reason for reopening these results."))
    return _step(
        _locked_branch(program, branch), user, Step.REOPEN, "evaluation.reopen", reason=reason
    )


@dataclass
class BranchSkipped:
    branch: Unit
    reason: str


@transaction.atomic
def branches_recognize_many(*, program: Program, branches, user):
    """Recognize many branches at once; each is recognized (and recorded) on its own and a
    branch whose results are not awaiting the base Union is skipped with the reason."""
    done, skipped = [], []
    for branch in branches:
        try:
            with transaction.atomic():
                done.append(branch_recognize(program=program, branch=branch, user=user))
        except DomainError as error:
            skipped.append(BranchSkipped(branch, str(error.message)))
    return done, skipped


def branch_url(branch: Unit, program: Program) -> str:
    return f"{reverse('evaluations:branch', args=[branch.pk])}?program={program.pk}"


# ---------------------------------------------------------------- the branch's groups


@transaction.atomic
def group_create(*, branch: Unit, name: str, user) -> Unit:
    """A sub-branch or group (phân đoàn, nhóm) under the branch, whose committee comments
    on its members before a large or dispersed branch evaluates (seed IV.1 Step 3)."""
    name = normalize(name)
    if not name:
        raise DomainError(_("Give the sub-branch or group a name."))
    siblings = Unit.objects.select_for_update().filter(parent=branch, level=Level.SUBBRANCH)
    if any(s.name.casefold() == name.casefold() for s in siblings):
        raise DomainError(_("This branch already has a sub-branch or group of that name."))
    # Unit codes are unique across the school: the branch's code and a free number.
    prefix = f"{branch.code}-N"
    taken = set(Unit.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    number = next(n for n in range(1, len(taken) + 2) if f"{prefix}{n}" not in taken)
    group = Unit.objects.create(
        level=Level.SUBBRANCH, parent=branch, name=name, code=f"{prefix}{number}"
    )
    record(
        actor=user,
        verb="evaluation.group_create",
        obj=branch,
        unit=branch,
        group=group.pk,
        name=name,
    )
    return group
