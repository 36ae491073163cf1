"""The member's self-evaluation and the committee's view of one member (IV.1 Step 3).

The member scores their own confirmed criteria at evaluations:self; the branch committee
reads the same scores at evaluations:member, beside the collective scores, the comments and
the formality flags, and sets per-criterion maxima at evaluations:maxima. Every score
change is an audit event on the enrollment, which evaluations:history words.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from renluyen.core.access import get_enrollment
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id, parse_version
from renluyen.core.policy import Action, can, own_member
from renluyen.evaluations import flags, scoring, services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Level, SelfState
from renluyen.evaluations.rules import parse_score
from renluyen.evaluations.transitions import SENT_UP
from renluyen.evaluations.views import history
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.progress import evidence as progress_evidence
from renluyen.registrations.rules import Problem

# ---------------------------------------------------------------- shared pieces


@dataclass
class RowView:
    """One criterion as a page shows it: the row, what is in its fields, its problems."""

    row: services.Row
    score: str = ""
    explanation: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.row.key

    # Scores as people write them (6,5 and 20), for the templates.
    @property
    def maximum_text(self) -> str:
        return scoring.format_score(self.row.maximum)

    @property
    def self_text(self) -> str:
        return scoring.format_score(self.row.score.self_score)

    @property
    def collective_text(self) -> str:
        return scoring.format_score(self.row.score.collective_score)

    @property
    def changed(self) -> bool:
        return services.differs(self.row)


@dataclass
class AreaView:
    area: object
    rows: list[RowView]
    problems: list[str] = field(default_factory=list)

    @property
    def points_text(self) -> str:
        return scoring.format_score(self.area.points)


def _areas(rows: list[services.Row], views: dict[str, RowView] | None = None) -> list[AreaView]:
    """The rows grouped by area, in the form's order."""
    out: list[AreaView] = []
    for row in rows:
        view = (views or {}).get(row.key) or RowView(row)
        if not out or out[-1].area.pk != row.item.area_id:
            out.append(AreaView(row.item.area, []))
        out[-1].rows.append(view)
    return out


def _place_problems(error: DomainError | None, views: dict[str, RowView]) -> list[tuple]:
    """Put each problem beside its field; return them all as (message, anchor) for the
    summary at the top of the page."""
    summary = []
    for problem in error.problems if error else ():
        key = (problem.where or "").removeprefix("item:")
        if key in views:
            views[key].problems.append(problem.message)
            # The summary names the criterion, so a list of messages says where each is.
            summary.append(
                (f"{_short_label(views[key].row.item)}: {problem.message}", f"item-{key}")
            )
        else:
            summary.append((problem.message, ""))
    return summary


def _short_label(item) -> str:
    if item.criterion_id:
        return item.criterion.code
    return Truncator(item.label).chars(40)


def _branch_evaluation(enrollment) -> BranchEvaluation | None:
    return BranchEvaluation.objects.filter(
        program_id=enrollment.program_id, branch_id=enrollment.branch_id
    ).first()


def _is_own(user, enrollment) -> bool:
    member = own_member(user)
    return member is not None and member.pk == enrollment.member_id


def _formatted(sums: dict) -> dict:
    """services.totals with each score as people write it, for the templates."""
    return {k: v if isinstance(v, bool) else scoring.format_score(v) for k, v in sums.items()}


def _level_labels() -> dict:
    return {level.value: str(level.label) for level in Level}


# ---------------------------------------------------------------- mine


@require_safe
@login_required
def mine(request):
    """The member's evaluations: straight to the self-evaluation when there is one to
    do or to read; otherwise why there is none yet."""
    member = own_member(request.user)
    enrollments = []
    if member is not None:
        enrollments = list(
            Enrollment.objects.filter(
                member=member, program__status__in=[ProgramStatus.OPEN, ProgramStatus.CLOSED]
            )
            .select_related("program", "branch", "registration", "evaluation")
            .order_by("-program__school_year", "program__name")
        )
    today = timezone.localdate()
    ready = [
        e for e in enrollments if services.is_confirmed(e) and e.program.evaluation_start <= today
    ]
    # Straight to the one self-evaluation waiting for the member, even with other years
    # listed (they stay reachable from the self-evaluation page's "all years" link).
    todo = [e for e in ready if _waiting(e)]
    if len(todo) == 1 and request.GET.get("all") is None:
        return redirect("evaluations:self", todo[0].pk)
    if len(ready) == 1 and len(enrollments) == 1:
        return redirect("evaluations:self", ready[0].pk)
    rows = [(e, e in ready, services.self_evaluation_problem(e, today)) for e in enrollments]
    return render(request, "evaluations/mine.html", {"member": member, "rows": rows})


def _waiting(enrollment) -> bool:
    """An open year's self-evaluation that the member has not submitted yet."""
    evaluation = getattr(enrollment, "evaluation", None)
    return enrollment.program.status == ProgramStatus.OPEN and (
        evaluation is None or evaluation.self_state == SelfState.DRAFT
    )


# ---------------------------------------------------------------- self-evaluation


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def self_evaluation(request, pk):
    """The member's self-evaluation; read-only for the committee and the units above."""
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    may_write = can(request.user, Action.SELF_EVALUATE, enrollment)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        return _self_post(request, enrollment)
    return _self_page(request, enrollment, may_write=may_write)


def _self_post(request, enrollment):
    action = request.POST.get("action", "")
    if action not in ("save", "submit"):
        return HttpResponseBadRequest()
    submit = action == "submit"
    entries = _posted_entries(request.POST)
    version = parse_version(request.POST.get("version"))
    try:
        services.self_save(
            enrollment=enrollment,
            user=request.user,
            entries=entries,
            version=version,
            submit=submit,
        )
    except DomainError as error:
        # Nothing was stored: show the page with what was typed and every problem.
        return _self_page(request, enrollment, may_write=True, error=error, entries=entries)
    if submit:
        messages.success(
            request,
            _(
                "Your self-evaluation was submitted; the branch committee will evaluate it at "
                "the evaluation meeting."
            ),
        )
    else:
        messages.success(request, _("The draft was saved."))
    return redirect("evaluations:self", enrollment.pk)


def _posted_entries(post) -> dict[str, services.SelfEntry]:
    keys = {name.removeprefix("score-") for name in post if name.startswith("score-")}
    keys |= {name.removeprefix("explanation-") for name in post if name.startswith("explanation-")}
    return {
        key: services.SelfEntry(
            score=post.get(f"score-{key}", ""), explanation=post.get(f"explanation-{key}", "")
        )
        for key in keys
    }


def _self_page(request, enrollment, *, may_write, error=None, entries=None):
    program = enrollment.program
    evaluation, rows = services.evaluation_for_reading(enrollment)
    views = {}
    for row in rows:
        typed = (entries or {}).get(row.key)
        views[row.key] = RowView(
            row,
            score=typed.score if typed else scoring.format_score(row.score.self_score),
            explanation=typed.explanation if typed else row.score.explanation,
        )
    summary = _place_problems(error, views)
    be = _branch_evaluation(enrollment)
    # The branch's row just read serves the check too (one query, not two).
    problem = services.self_evaluation_problem(enrollment, be=be)
    submitted = evaluation.self_state == SelfState.SUBMITTED
    editable = may_write and problem is None and not submitted
    thresholds = scoring.Thresholds.of(program)
    sums = services.totals(rows)
    sent_up = be is not None and be.state in SENT_UP
    context = {
        "enrollment": enrollment,
        "program": program,
        "member": enrollment.member,
        "evaluation": evaluation,
        "areas": _areas(rows, views),
        "editable": editable,
        "may_write": may_write,
        "own": _is_own(request.user, enrollment),
        "readonly_reason": _readonly_reason(problem, submitted, evaluation) if may_write else "",
        "submitted": submitted,
        "error": error,
        "summary": summary,
        "version": evaluation.version,
        "thresholds": thresholds,
        "sums": _formatted(sums),
        "self_level": scoring.classify(sums["self"], thresholds).label,
        "levels": _level_labels(),
        "decimal_separator": get_format("DECIMAL_SEPARATOR"),
        "sent_up": sent_up,
        "recognized": be is not None and be.state == BranchState.RECOGNIZED,
        "result_total": scoring.format_score(evaluation.total),
        "may_review": can(request.user, Action.VIEW_REGISTRATION, enrollment)
        and not _is_own(request.user, enrollment),
        # The progress log and the activities attended, beside each criterion.
        "evidence": progress_evidence.for_enrollment(enrollment, [r.item for r in rows]),
    }
    return render(request, "evaluations/self.html", context)


def _readonly_reason(problem, submitted, evaluation) -> str:
    """Why the member cannot change their self-evaluation: the window or the branch's
    lock first (it says more), else that it was submitted."""
    if problem:
        return problem
    if submitted and evaluation.self_submitted_at:
        day = date_format(timezone.localtime(evaluation.self_submitted_at), "SHORT_DATE_FORMAT")
        return _("Your self-evaluation was submitted on %(day)s.") % {"day": day}
    return ""


# ---------------------------------------------------------------- the committee's page


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def member(request, pk):
    """One member's evaluation for the committee: self and collective scores, comments,
    the sub-branch's or group's comments and the formality flags."""
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    if _is_own(request.user, enrollment):
        # A member's own evaluation is their self-evaluation page.
        return redirect("evaluations:self", enrollment.pk)
    if request.method == "POST":
        return _member_post(request, enrollment)
    return _member_page(request, enrollment)


def _member_post(request, enrollment):
    action = request.POST.get("action", "")
    if action == "group_comment":
        if not can(request.user, Action.COMMENT_GROUP, enrollment):
            raise PermissionDenied
        try:
            services.group_comment_add(
                enrollment=enrollment, user=request.user, text=request.POST.get("text", "")
            )
        except DomainError as error:
            return _member_page(
                request, enrollment, error=error, group_text=request.POST.get("text", "")
            )
        messages.success(request, _("The comment was added."))
        return redirect(_member_url(enrollment, "group-comments"))
    if action in ("scores", "accept"):
        if not can(request.user, Action.EVALUATE, enrollment):
            raise PermissionDenied
        if action == "accept":
            return _accept_post(request, enrollment)
        return _scores_post(request, enrollment)
    return HttpResponseBadRequest()


def _accept_post(request, enrollment):
    try:
        services.member_accept(
            enrollment=enrollment,
            user=request.user,
            version=parse_version(request.POST.get("version")),
            screen="member",
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The self-scores were accepted as they stand."))
    return redirect(_member_url(enrollment, "scores"))


def _scores_post(request, enrollment):
    """Save the collective scores that changed and the branch comment; each is its own
    step, so a refused score leaves the others saved and shows beside its field."""
    evaluation = services.evaluation_of(enrollment)
    rows = services.rows_of(evaluation)
    typed = {r.key: request.POST.get(f"collective-{r.key}", "") for r in rows}
    problems = []
    for row in rows:
        if _same_score(typed[row.key], row.score.collective_score):
            continue
        try:
            services.collective_set(
                enrollment=enrollment,
                user=request.user,
                item_id=row.item.pk,
                value=typed[row.key],
                screen="member",
            )
        except DomainError as error:
            problems.append(Problem(str(error.message), f"item:{row.key}"))
    texts = {
        "comment": (request.POST.get("comment"), services.comment_set),
        "reason": (request.POST.get("reason"), services.reason_set),
    }
    for where, (value, save) in texts.items():
        if value is None:
            continue
        try:
            save(enrollment=enrollment, user=request.user, text=value, screen="member")
        except DomainError as error:
            problems.append(Problem(str(error.message), where))
    if problems:
        error = DomainError(_("Some changes were not saved."), problems=problems)
        return _member_page(
            request,
            enrollment,
            error=error,
            typed=typed,
            comment=texts["comment"][0],
            reason=texts["reason"][0],
        )
    messages.success(request, _("The collective scores were saved."))
    return redirect(_member_url(enrollment, "scores"))


def _same_score(text: str, value) -> bool:
    try:
        parsed = parse_score(text)
    except ValueError:
        return False
    return parsed == value if parsed is not None and value is not None else parsed is value


def _member_url(enrollment, anchor: str = "") -> str:
    url = reverse("evaluations:member", args=[enrollment.pk])
    return f"{url}#{anchor}" if anchor else url


def _member_page(
    request, enrollment, *, error=None, typed=None, comment=None, reason=None, group_text=""
):
    program = enrollment.program
    confirmed = services.is_confirmed(enrollment)
    evaluation, rows = services.evaluation_for_reading(enrollment)
    views = {
        r.key: RowView(
            r,
            score=(typed or {}).get(r.key, scoring.format_score(r.score.collective_score)),
        )
        for r in rows
    }
    summary = _place_problems(error, views)
    sums = services.totals(rows)
    may_evaluate = can(request.user, Action.EVALUATE, enrollment)
    be = _branch_evaluation(enrollment)
    collective_problem = services.collective_problem(enrollment, be=be)
    context = {
        "enrollment": enrollment,
        "program": program,
        "member": enrollment.member,
        "evaluation": evaluation,
        "confirmed": confirmed,
        "areas": _areas(rows, views),
        "sums": _formatted(sums),
        "collective_level": scoring.classify(sums["collective"], scoring.Thresholds.of(program))
        if sums["collective_complete"]
        else None,
        "may_evaluate": may_evaluate,
        "may_score": may_evaluate and confirmed and collective_problem is None,
        "may_comment_group": can(request.user, Action.COMMENT_GROUP, enrollment)
        and collective_problem is None,
        "locked_reason": collective_problem,
        "group_comments": list(
            evaluation.group_comments.select_related("author", "group").order_by("created_at")
        )
        if evaluation.pk
        else [],
        "group_text": group_text,
        "comment": evaluation.comment if comment is None else comment,
        "comment_problems": [
            p.message for p in (error.problems if error else ()) if p.where == "comment"
        ],
        "reason": evaluation.change_reason if reason is None else reason,
        "reason_problems": [
            p.message for p in (error.problems if error else ()) if p.where == "reason"
        ],
        "changed": any(services.differs(row) for row in rows),
        "acted_on": services.acted_on(evaluation),
        "submitted": evaluation.self_state == SelfState.SUBMITTED,
        "error": error,
        "summary": summary,
        "member_flags": flags.for_branch(program, enrollment.branch).members.get(enrollment.pk, []),
        "branch_state": be.get_state_display() if be else BranchState.OPEN.label,
        "branch_url": services.branch_url(enrollment.branch, program),
    }
    return render(request, "evaluations/member.html", context)


# ---------------------------------------------------------------- maxima


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def maxima(request, pk):
    """Per-criterion maxima of one member's areas, set by the branch committee; they
    must add up to the area's points (blank everywhere: the equal split)."""
    enrollment = get_enrollment(request.user, pk, Action.EVALUATE)
    if request.method == "POST":
        return _maxima_post(request, enrollment)
    return _maxima_page(request, enrollment)


def _maxima_post(request, enrollment):
    area_id = parse_id(request.POST.get("area"))
    if area_id is None:
        return HttpResponseBadRequest()
    clear = request.POST.get("action") == "clear"
    values = {
        name.removeprefix("max-"): "" if clear else value
        for name, value in request.POST.items()
        if name.startswith("max-")
    }
    try:
        services.maxima_set(
            enrollment=enrollment, user=request.user, area_id=area_id, values=values
        )
    except DomainError as error:
        return _maxima_page(request, enrollment, error=error, area_id=area_id, typed=values)
    if clear:
        messages.success(request, _("The area's points are split equally again."))
    else:
        messages.success(request, _("The maxima were saved."))
    return redirect(f"{reverse('evaluations:maxima', args=[enrollment.pk])}#area-{area_id}")


def _maxima_page(request, enrollment, *, error=None, area_id=None, typed=None):
    confirmed = services.is_confirmed(enrollment)
    _evaluation, rows = services.evaluation_for_reading(enrollment)
    views = {}
    for row in rows:
        if typed is not None and row.item.area_id == area_id:
            value = typed.get(row.key, "")
        else:
            value = scoring.format_score(row.score.max_points)
        views[row.key] = RowView(row, score=value)
    _place_problems(error, views)
    areas = _areas(rows, views)
    for area in areas:
        split = scoring.equal_split(area.area.points, len(area.rows))
        for view, share in zip(area.rows, split, strict=True):
            view.explanation = scoring.format_score(share)  # the placeholder
        if error is not None and area.area.pk == area_id:
            area.problems.append(str(error.message))
    return render(
        request,
        "evaluations/maxima.html",
        {
            "enrollment": enrollment,
            "program": enrollment.program,
            "member": enrollment.member,
            "areas": areas,
            "confirmed": confirmed,
            "locked_reason": services.collective_problem(enrollment),
        },
    )


urlpatterns = [
    path("mine/", mine, name="mine"),
    path("<id:pk>/self/", self_evaluation, name="self"),
    path("<id:pk>/", member, name="member"),
    path("<id:pk>/maxima/", maxima, name="maxima"),
    path("<id:pk>/history/", history.history, name="history"),
]
