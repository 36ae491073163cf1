"""The member's scores: the self-evaluation, the branch's collective scores, comment
and maxima, a sub-branch's comment, and the stored result they give (IV.1 Step 3).

Each write is keyword-only and atomic, locks the member's evaluation, refuses with a
Vietnamese DomainError when it is not possible now, writes an audit event on the
enrollment and keeps the member's stored total and level current.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import own_member
from renluyen.core.text import clean, too_long
from renluyen.dashboards import rollups
from renluyen.evaluations import scoring
from renluyen.evaluations.models import Evaluation, GroupComment, Score, SelfState
from renluyen.evaluations.rules import explanation_problem, parse_score, score_problem
from renluyen.evaluations.services.locks import (
    collective_problem,
    lock_for,
    self_evaluation_problem,
)
from renluyen.evaluations.services.reading import (
    Row,
    evaluation_of,
    is_confirmed,
    rows_of,
)
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.rules import Problem, normalize


def refresh_result(evaluation: Evaluation, rows: list[Row] | None = None) -> Evaluation:
    """Store the member's total, level and reason from their collective scores."""
    _compute_result(evaluation, rows, current_thresholds(evaluation.enrollment.program_id))
    Evaluation.objects.filter(pk=evaluation.pk).update(
        total=evaluation.total,
        level=evaluation.level,
        reason=evaluation.reason,
        updated_at=timezone.now(),
    )
    return evaluation


def current_thresholds(program_id: int) -> scoring.Thresholds:
    """The program's thresholds as committed now. Called under the branch's lock: a
    change of thresholds holds the branch rows locked until it commits, so this reads
    the new ones, where the caller's copy of the program may be older."""
    return scoring.Thresholds.of(
        Program.objects.only("threshold_excellent", "threshold_good", "threshold_pass").get(
            pk=program_id
        )
    )


def _compute_result(
    evaluation: Evaluation, rows: list[Row] | None, thresholds: scoring.Thresholds
) -> Evaluation:
    """Set the member's total, level and reason on `evaluation` (not saved)."""
    enrollment = evaluation.enrollment
    confirmed = is_confirmed(enrollment)
    rows = rows_of(evaluation) if rows is None and confirmed else (rows or [])
    outcome = scoring.result(
        confirmed=confirmed,
        scores=[r.score.collective_score for r in rows],
        thresholds=thresholds,
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
    """The member's evaluation, locked (after the branch's row: see services.locks)."""
    evaluation = evaluation_of(enrollment)
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


def _branch_write(enrollment: Enrollment, user) -> Evaluation:
    """Lock the branch, check that the branch may change this member's evaluation now and
    that `user` is not the member, and return the member's evaluation, locked."""
    be = lock_for(enrollment)
    if problem := collective_problem(enrollment, be=be):
        raise DomainError(problem)
    own = own_member(user)
    if own is not None and own.pk == enrollment.member_id:
        raise DomainError(_("Nobody evaluates their own form, even on the branch committee."))
    return _locked_evaluation(enrollment)


def _mark_reviewed(evaluation: Evaluation, user, *, accepted: bool = False) -> None:
    """The branch committee acted on this member: from now on they are not waiting."""
    fields = []
    if evaluation.reviewed_at is None or accepted:
        evaluation.reviewed_at, evaluation.reviewed_by = timezone.now(), user
        fields += ["reviewed_at", "reviewed_by"]
    if accepted and not evaluation.accepted:
        evaluation.accepted = True
        fields.append("accepted")
    if fields:
        evaluation.save(update_fields=[*fields, "updated_at"])


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
    be = lock_for(enrollment)
    if problem := self_evaluation_problem(enrollment, be=be):
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
    # The branch's scores stay as they are: it evaluates each member itself, accepting
    # the self-scores or entering its own (never a copy nobody looked at).
    Score.objects.bulk_update([r.score for r in rows], ["self_score", "explanation"])
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
    """Record the branch's score for one criterion (one cell of the branch table). Any
    score entered counts as the branch acting on the member."""
    if not is_confirmed(enrollment):
        raise DomainError(_("This member has no confirmed registration to score."))
    evaluation = _branch_write(enrollment, user)
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
    row.score.save(update_fields=["collective_score"])
    _mark_reviewed(evaluation, user)
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
    evaluation = _branch_write(enrollment, user)
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
    Scores above a new maximum are refused: lower them first. A maximum has at most two
    decimals (what is stored): 0,004 would show as 0 and its partner as 20."""
    evaluation = _branch_write(enrollment, user)
    rows = [r for r in rows_of(evaluation) if r.item.area_id == area_id]
    if not rows:
        raise DomainError(_("The member has no confirmed criterion in this area."))
    problems, parsed = [], {}
    for row in rows:
        try:
            parsed[row.key] = parse_score(values.get(row.key, ""))
        except ValueError as error:
            problems.append(Problem(str(error), f"item:{row.key}"))
            continue
        if parsed[row.key] is not None and not scoring.in_cents(parsed[row.key]):
            problems.append(
                Problem(_("At most two decimals, for example 6,67."), f"item:{row.key}")
            )
    if problems:
        raise DomainError(_("Some maxima are not valid; nothing was saved."), problems=problems)
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
    be = lock_for(enrollment)
    if problem := collective_problem(enrollment, be=be):
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


# ---------------------------------------------------------------- accepting and the reason


@transaction.atomic
def member_accept(
    *, enrollment: Enrollment, user, version: int | None = None, screen: str = "branch"
) -> tuple[Evaluation, list[Row]]:
    """The branch accepts this member's self-scores as they stand (IV.1 Step 3): every
    criterion it has not scored takes the member's own score, and the member counts as
    evaluated. One member at a time, recorded as such (who, when, which scores), never
    for the whole branch at once. `version` is the self-evaluation the committee saw."""
    evaluation = _branch_write(enrollment, user)
    if not is_confirmed(enrollment):
        raise DomainError(_("This member has no confirmed registration to score."))
    name = enrollment.member.full_name
    if evaluation.self_state != SelfState.SUBMITTED:
        raise DomainError(
            _("%(name)s has not submitted a self-evaluation: enter the branch's scores.")
            % {"name": name}
        )
    if version is not None and version != evaluation.version:
        raise DomainError(
            _("%(name)s's self-evaluation changed after you opened the page; reload it.")
            % {"name": name}
        )
    rows = rows_of(evaluation)
    copied = []
    for row in rows:
        if row.score.collective_score is None and row.score.self_score is not None:
            copied.append(_change(row, "collective", None, row.score.self_score))
            row.score.collective_score = row.score.self_score
    Score.objects.bulk_update([r.score for r in rows], ["collective_score"])
    _mark_reviewed(evaluation, user, accepted=True)
    refresh_result(evaluation, rows)
    _audit(enrollment, user, "evaluation.accept", screen, changes=copied)
    rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)
    return evaluation, rows


REASON_MAX_LENGTH = 500


@transaction.atomic
def reason_set(*, enrollment: Enrollment, user, text: str, screen: str = "branch") -> Evaluation:
    """Why the branch's scores differ from the member's own: one short text per member,
    required before finalizing when any score differs; the member reads it with the
    scores once the results are finalized."""
    evaluation = _branch_write(enrollment, user)
    text = clean(text)
    if message := too_long(text, REASON_MAX_LENGTH):
        raise DomainError(message)
    if text != evaluation.change_reason:
        old, evaluation.change_reason = evaluation.change_reason, text
        evaluation.save(update_fields=["change_reason", "updated_at"])
        _audit(enrollment, user, "evaluation.reason", screen, old=old, new=text)
    return evaluation
