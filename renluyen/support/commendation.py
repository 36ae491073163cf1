"""Commendation (seed IV.1 Step 2: "xác định danh hiệu, tiêu chí khen thưởng"): the base
Union sets the year's titles and their criteria; at evaluation time each branch
proposes members for them, and the proposals go up with the branch's results.

A title's criteria are a minimum level (the member's stored result, evaluations) and
activities the member must have taken part in. `meets` is the one rule, used by the
proposal step and every page that lists members against a title.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.activities.models import Activity, Participation
from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.evaluations.models import BranchEvaluation, Evaluation, Level
from renluyen.evaluations.transitions import EDITABLE
from renluyen.programs.models import Enrollment, Program
from renluyen.support.models import CommendationProposal, CommendationTitle
from renluyen.support.services import LONG_TEXT, locked_program, text_of

# Best first, as Level lists them.
RANK = {level: i for i, level in enumerate(Level.values)}


# ---------------------------------------------------------------- titles (the base Union)


@transaction.atomic
def title_save(
    *,
    program: Program,
    user,
    name: str,
    criteria: str,
    min_level: str,
    activity_ids: list[int],
    title: CommendationTitle | None = None,
) -> CommendationTitle:
    """Create or change a title and its criteria (the program's standing committee)."""
    program = locked_program(program)
    name = text_of(name, max_length=200, required=_("Give the title a name."))
    criteria = text_of(criteria, max_length=LONG_TEXT)
    if min_level and min_level not in Level.values:
        raise DomainError(_("Choose a level from the list."))
    activities = list(Activity.objects.filter(program=program, pk__in=activity_ids))
    same_name = CommendationTitle.objects.filter(program=program, name=name)
    if title is not None:
        same_name = same_name.exclude(pk=title.pk)
    if same_name.exists():
        raise DomainError(_("This program already has a title with that name."))
    old = None
    if title is None:
        order = program.commendation_titles.aggregate(n=Max("order"))["n"]
        title = CommendationTitle(program=program, created_by=user, order=(order or 0) + 1)
    else:
        title = CommendationTitle.objects.select_for_update().get(pk=title.pk, program=program)
        old = _snapshot(title, list(title.activities.all()))
    title.name, title.criteria, title.min_level = name, criteria, min_level
    title.save()
    title.activities.set(activities)
    record(
        actor=user,
        verb="commendation.title_save",
        obj=title,
        unit=program.unit,
        program=program.pk,
        old=old,
        new=_snapshot(title, activities),
    )
    return title


def _snapshot(title: CommendationTitle, activities) -> dict:
    return {
        "name": title.name,
        "criteria": title.criteria,
        "min_level": title.min_level,
        "activities": sorted(a.title for a in activities),
    }


@transaction.atomic
def title_delete(*, title: CommendationTitle, user) -> None:
    program = locked_program(title.program)
    title = CommendationTitle.objects.select_for_update().get(pk=title.pk)
    if title.proposals.exists():
        raise DomainError(_("Members are proposed for this title; it can no longer be deleted."))
    record(
        actor=user,
        verb="commendation.title_delete",
        obj=title,
        unit=program.unit,
        program=program.pk,
        name=title.name,
    )
    title.delete()


# ---------------------------------------------------------------- the rule


def took_part(enrollments, activities) -> set[tuple[int, int]]:
    """(enrollment id, activity id) for each member of `enrollments` recorded present at
    each of `activities` (activities.Participation: the organiser's checklist, a check-in
    code or a paper slip). Signing up is not taking part. One query."""
    rows = Participation.objects.filter(
        enrollment__in=enrollments, activity__in=activities, attended_at__isnull=False
    ).values_list("enrollment_id", "activity_id")
    return set(rows)


@dataclass
class Standing:
    """How one member stands against one title: their stored level and what is missing."""

    level: str
    problems: list[str]

    @property
    def meets(self) -> bool:
        return not self.problems


def standings(titles, enrollments: list[Enrollment]) -> dict[int, dict[int, Standing]]:
    """{title id: {enrollment id: Standing}} for `enrollments` against each of `titles`
    (with their activities prefetched or not): three queries whatever their number."""
    titles = list(titles)
    levels = dict(
        Evaluation.objects.filter(enrollment__in=enrollments).values_list("enrollment_id", "level")
    )
    prefetch_related_objects(titles, "activities")
    activities = {a for title in titles for a in title.activities.all()}
    done = took_part(enrollments, activities) if activities else set()
    out = {}
    for title in titles:
        out[title.pk] = {e.pk: _standing(title, e, levels.get(e.pk, ""), done) for e in enrollments}
    return out


def _standing(title: CommendationTitle, enrollment, level: str, done: set) -> Standing:
    problems = []
    if title.min_level and (not level or RANK[level] > RANK[title.min_level]):
        problems.append(
            _("Needs at least %(level)s (now: %(now)s).")
            % {
                "level": Level(title.min_level).label,
                "now": Level(level).label if level else _("not scored"),
            }
        )
    missing = [a.title for a in title.activities.all() if (enrollment.pk, a.pk) not in done]
    if missing:
        problems.append(_("Did not take part in: %(list)s.") % {"list": "; ".join(missing)})
    return Standing(level, problems)


# ---------------------------------------------------------------- proposals (the branch)


def _locked_results(program: Program, branch) -> BranchEvaluation:
    """The branch's results, locked: proposals go up with them, so they change only while
    the branch may still change its results."""
    if program.evaluation_start > timezone.localdate():
        raise DomainError(_("Members are proposed for commendation once the evaluation opens."))
    BranchEvaluation.objects.get_or_create(program=program, branch=branch)
    results = BranchEvaluation.objects.select_for_update().get(program=program, branch=branch)
    if results.state not in EDITABLE:
        raise DomainError(_("The branch has sent its results up; its proposals went with them."))
    return results


@transaction.atomic
def propose(
    *, title: CommendationTitle, enrollment: Enrollment, user, reason: str
) -> CommendationProposal:
    """The branch committee proposes a member of the branch for a title (at evaluation
    time, while the branch's results are still its own to change)."""
    program = locked_program(enrollment.program)
    if title.program_id != program.pk:
        raise DomainError(_("This title belongs to another year."))
    _locked_results(program, enrollment.branch)
    reason = text_of(reason, max_length=LONG_TEXT, required=_("Say why the member is proposed."))
    standing = standings([title], [enrollment])[title.pk][enrollment.pk]
    if not standing.meets:
        raise DomainError(" ".join(standing.problems))
    try:
        with transaction.atomic():
            proposal = CommendationProposal.objects.create(
                title=title, enrollment=enrollment, reason=reason, proposed_by=user
            )
    except IntegrityError:
        raise DomainError(_("This member is already proposed for this title.")) from None
    record(
        actor=user,
        verb="commendation.propose",
        obj=enrollment,
        unit=enrollment.branch,
        title=title.name,
        reason=reason,
    )
    return proposal


@transaction.atomic
def withdraw(*, proposal: CommendationProposal, user) -> None:
    enrollment = proposal.enrollment
    _locked_results(enrollment.program, enrollment.branch)
    record(
        actor=user,
        verb="commendation.withdraw",
        obj=enrollment,
        unit=enrollment.branch,
        title=proposal.title.name,
    )
    CommendationProposal.objects.filter(pk=proposal.pk).delete()
