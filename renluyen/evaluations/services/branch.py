"""The branch's workflow (IV.1 Step 3): its sub-branches or groups, the evaluation
meeting, and finalizing, which stores every member's result and sends them up."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.text import clean, too_long
from renluyen.dashboards import rollups
from renluyen.evaluations.models import BranchEvaluation, Evaluation, GroupComment, Score
from renluyen.evaluations.services.locks import _day, branch_lock_problem, locked_branch
from renluyen.evaluations.services.reading import (
    acted_on,
    is_confirmed,
    is_large,
    rows_from_scores,
)
from renluyen.evaluations.services.results import _branch_audit, _notify_up
from renluyen.evaluations.services.scores import _compute_result, current_thresholds
from renluyen.evaluations.transitions import Step, next_state
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.rules import normalize

# ---------------------------------------------------------------- the branch's groups


def _editable_branch(program: Program, branch: Unit) -> BranchEvaluation:
    """The branch's row, locked, when its results may still change (else refused)."""
    be = locked_branch(program, branch)
    if problem := branch_lock_problem(be):
        raise DomainError(problem)
    return be


@transaction.atomic
def group_create(*, program: Program, branch: Unit, name: str, user) -> Unit:
    """A sub-branch or group (phân đoàn, nhóm) under the branch, whose committee comments
    on its members before a large or dispersed branch evaluates (seed IV.1 Step 3). Not
    once the branch's results for `program` were sent up or recognized."""
    _editable_branch(program, branch)
    name = normalize(clean(name))
    if not name:
        raise DomainError(_("Give the sub-branch or group a name."))
    if message := too_long(name, Unit._meta.get_field("name").max_length):
        raise DomainError(message)
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


@transaction.atomic
def groups_assign(*, program: Program, branch: Unit, user, groups: dict[int, int | None]) -> int:
    """Put members (enrollment id → sub-branch id, or None) into the branch's sub-branches
    or groups. Returns how many changed. Not once the results were sent up or
    recognized: the groups' comments are part of them."""
    _editable_branch(program, branch)
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


# ---------------------------------------------------------------- meeting and finalize


@transaction.atomic
def meeting_save(
    *,
    program: Program,
    branch: Unit,
    user,
    meeting_date: date | None,
    attendee_ids: list[int],
    minutes: str,
    early: bool = False,
) -> BranchEvaluation:
    """Record the evaluation meeting: its date, the members present and the minutes. A
    date before the evaluation opened is most likely a typing slip: it needs `early`
    (the committee confirmed it)."""
    be = _editable_branch(program, branch)
    if meeting_date is not None and meeting_date > timezone.localdate():
        raise DomainError(_("The meeting date cannot be in the future."))
    if meeting_date is not None and meeting_date < program.evaluation_start and not early:
        raise EarlyMeeting(
            _(
                "The meeting date %(day)s is before the evaluation opened (%(start)s). "
                "Check the date, or confirm that the meeting was held then."
            )
            % {"day": _day(meeting_date), "start": _day(program.evaluation_start)}
        )
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


class EarlyMeeting(DomainError):
    """The meeting date is before the evaluation opened: asked to confirm."""


@dataclass
class Unfinished:
    """Members who block or qualify finalizing, by name."""

    # Waiting for the branch (not acted on) or not fully scored.
    not_evaluated: list[str] = field(default_factory=list)
    no_group_comment: list[str] = field(default_factory=list)
    # A score differs from the member's own and no reason is written.
    no_reason: list[str] = field(default_factory=list)


def unfinished(program: Program, branch: Unit) -> Unfinished:
    """Members with a confirmed registration the branch has not evaluated yet (not acted
    on, or not fully scored), those whose changed scores have no reason, and (in a large
    or dispersed branch) those without a sub-branch or group comment yet."""
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("member", "registration", "evaluation")
        .order_by("member__full_name")
    )
    out = Unfinished()
    large = is_large(branch, len(enrollments))
    # By the evaluations' ids (the comments' own index), not a join through every
    # evaluation of the program.
    evaluation_ids = [e.evaluation.pk for e in enrollments if hasattr(e, "evaluation")]
    commented = set(
        GroupComment.objects.filter(evaluation_id__in=evaluation_ids).values_list(
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
    changed = set(
        Score.objects.filter(
            evaluation__enrollment__in=enrollments,
            item__confirmed_at__isnull=False,
            self_score__isnull=False,
            collective_score__isnull=False,
        )
        .exclude(self_score=F("collective_score"))
        .values_list("evaluation__enrollment_id", flat=True)
    )
    for enrollment in enrollments:
        if not is_confirmed(enrollment):
            continue
        evaluation = getattr(enrollment, "evaluation", None)
        if not acted_on(evaluation) or enrollment.pk in unscored:
            out.not_evaluated.append(enrollment.member.full_name)
        if enrollment.pk in changed and not evaluation.change_reason:
            out.no_reason.append(enrollment.member.full_name)
        if large and enrollment.pk not in commented:
            out.no_group_comment.append(enrollment.member.full_name)
    return out


@transaction.atomic
def branch_finalize(
    *, program: Program, branch: Unit, user, accept_unevaluated: bool = False
) -> BranchEvaluation:
    """The branch closes its evaluation and sends the results up (IV.1 Step 3). Every
    member's result is stored, those not registered or not evaluated by the branch as
    Không hoàn thành. Refused while a changed score has no reason for the member."""
    be = locked_branch(program, branch)
    new_state = next_state(be.state, Step.FINALIZE)
    if be.meeting_date is None:
        raise DomainError(_("Record the evaluation meeting (its date) before finalizing."))
    todo = unfinished(program, branch)
    if todo.no_reason:
        raise DomainError(
            _(
                "The branch's scores differ from the member's own with no reason written "
                "for: %(names)s. Write the reason for each; the member will read it."
            )
            % {"names": ", ".join(todo.no_reason)}
        )
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
                "The branch has not evaluated these members yet; they would be Không hoàn "
                "thành (not evaluated): %(names)s. Evaluate them, or confirm that you "
                "finalize anyway."
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
    # Read after the branch's lock (finalize takes it first): the committed thresholds.
    thresholds = current_thresholds(program.pk)
    for enrollment in enrollments:
        evaluation = evaluations[enrollment.pk]
        evaluation.enrollment = enrollment
        evaluation.updated_at = now
        _compute_result(evaluation, rows_from_scores(scores.get(evaluation.pk, [])), thresholds)
        counts[evaluation.level] = counts.get(evaluation.level, 0) + 1
    Evaluation.objects.bulk_update(
        evaluations.values(), ["total", "level", "reason", "updated_at"], batch_size=500
    )
    return counts
