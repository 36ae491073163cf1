"""Reading a member's scores as every screen shows them: the confirmed criteria in the
form's order with their maxima, the totals, and where the branch stands. Nothing here
writes, except `evaluation_of`, which the write services call first."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from renluyen.evaluations import scoring
from renluyen.evaluations.models import BranchEvaluation, Evaluation, Score
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.models import Item, Registration
from renluyen.registrations.transitions import CONFIRMED_STATES

# A branch this large, or marked dispersed, is evaluated by its committee on the
# comments of its sub-branches or groups (seed IV.1 Step 3: "từ 30 đoàn viên trở lên").
LARGE_BRANCH = 30


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
    """Rows for already-fetched scores (each with item and item.area loaded). The branch
    table builds the same rows from plain values (evaluations/views/branch.py `_rows`):
    a change to the order or the maxima here belongs there too."""
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
    """The branch's evaluation row, or an unsaved one in its first state when the branch
    has not written anything yet: reading a page writes no row (the writes create it)."""
    be = BranchEvaluation.objects.filter(program=program, branch=branch).first()
    return be or BranchEvaluation(program=program, branch=branch)


def acted_on(evaluation: Evaluation | None) -> bool:
    """Has the branch committee acted on this member (accepted the self-scores or entered
    a score of its own)? Until then the member waits, whatever their self-evaluation."""
    return evaluation is not None and evaluation.reviewed_at is not None


def differs(row: Row) -> bool:
    """Does the branch's score of this criterion differ from the member's own?"""
    own, branch = row.score.self_score, row.score.collective_score
    return own is not None and branch is not None and own != branch


def branch_url(branch: Unit, program: Program) -> str:
    return f"{reverse('evaluations:branch', args=[branch.pk])}?program={program.pk}"


def results_url(unit: Unit, program: Program) -> str:
    return f"{reverse('evaluations:results', args=[unit.pk])}?program={program.pk}"
