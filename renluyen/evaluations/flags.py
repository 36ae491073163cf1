"""Signs of a formal, rubber-stamp evaluation (seed II.1: "tránh việc thực hiện qua loa,
đại khái, hình thức"). Reviewers see them as warnings beside the branch and its members;
they never block a step, because each can have an honest explanation."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.evaluations.models import Score
from renluyen.evaluations.scoring import format_score
from renluyen.evaluations.services import rows_from_scores
from renluyen.programs.models import Enrollment
from renluyen.registrations.rules import normalize

# A flag names this many members at most ("… and 44 others"): the table stays lean.
NAMES_SHOWN = 5
# A branch-wide pattern means something only with a few members in it.
MIN_MEMBERS_FOR_BRANCH_FLAGS = 3


@dataclass
class BranchFlags:
    branch: list[str] = field(default_factory=list)
    members: dict[int, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.branch) + sum(len(m) for m in self.members.values())


def _fold(text: str) -> str:
    return normalize(text).casefold()


def for_branch(program, branch) -> BranchFlags:
    """The flags of one branch's evaluation, in a fixed number of queries."""
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("member", "evaluation")
        .order_by("member__full_name")
    )
    scores = Score.objects.filter(
        evaluation__enrollment__in=enrollments, item__confirmed_at__isnull=False
    ).select_related("item__area", "item__criterion", "item__activity", "evaluation")
    by_enrollment: dict[int, list] = defaultdict(list)
    for score in scores:
        by_enrollment[score.evaluation.enrollment_id].append(score)
    rows = {pk: rows_from_scores(s) for pk, s in by_enrollment.items()}
    return from_rows(enrollments, rows)


def from_rows(enrollments: list, rows: dict) -> BranchFlags:
    """The flags of a branch whose members (`enrollments`, with member and evaluation
    loaded) and rows (enrollment pk → rows with scores) a page has already read."""
    names = {e.pk: e.member.full_name for e in enrollments}
    flags = BranchFlags()
    _member_flags(flags, rows, names)
    _branch_flags(flags, enrollments, rows)
    return flags


def _member_flags(flags: BranchFlags, rows: dict, names: dict) -> None:
    who_wrote: dict[str, set[int]] = defaultdict(set)
    for pk, member_rows in rows.items():
        for row in member_rows:
            if text := _fold(row.score.explanation):
                who_wrote[text].add(pk)
    for pk, member_rows in rows.items():
        found = []
        scored = [r for r in member_rows if r.score.self_score is not None]
        if scored and len(scored) == len(member_rows):
            if all(r.score.self_score == r.maximum for r in scored):
                found.append(_("Self-scored the maximum on every criterion."))
        texts = [_fold(r.score.explanation) for r in member_rows if r.score.explanation.strip()]
        repeated = len(texts) - len(set(texts))
        if repeated:
            found.append(
                ngettext(
                    "The same explanation is given for %(n)d more criterion.",
                    "The same explanation is given for %(n)d more criteria.",
                    repeated,
                )
                % {"n": repeated}
            )
        others = sorted(
            {names[o] for t in set(texts) for o in who_wrote[t] if o != pk and o in names}
        )
        if others:
            shown = ", ".join(others[:NAMES_SHOWN])
            if len(others) > NAMES_SHOWN:
                more = len(others) - NAMES_SHOWN
                shown += ngettext(" and %(n)s other", " and %(n)s others", more) % {"n": more}
            found.append(_("Explanations identical to those of: %(names)s.") % {"names": shown})
        if found:
            flags.members[pk] = found


def _branch_flags(flags: BranchFlags, enrollments: list, rows: dict) -> None:
    scored = [
        e
        for e in enrollments
        if rows.get(e.pk) and all(r.score.collective_score is not None for r in rows[e.pk])
    ]
    if len(scored) < MIN_MEMBERS_FOR_BRANCH_FLAGS:
        return
    if not any(e.evaluation.comment.strip() for e in scored):
        flags.branch.append(
            _("Collective scores were filled for %(n)d members without a single comment.")
            % {"n": len(scored)}
        )
    totals = {sum(r.score.collective_score for r in rows[e.pk]) for e in scored}
    if len(totals) == 1:
        flags.branch.append(
            _("All %(n)d scored members have the same total, %(total)s.")
            % {"n": len(scored), "total": format_score(totals.pop())}
        )
