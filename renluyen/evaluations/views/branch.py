"""The branch committee's evaluation (IV.1 Step 3): the collective table scored cell by
cell, the meeting record, finalizing, and the sub-branches or groups that comment first
in a large or dispersed branch. Federations and the base Union read the table."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renluyen.core.access import get_enrollment, get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import id_or_404, parse_id, parse_ids
from renluyen.core.policy import Action, can, own_member
from renluyen.evaluations import flags, scoring, services
from renluyen.evaluations.models import (
    BranchState,
    GroupComment,
    Level,
    Score,
    SelfState,
)
from renluyen.evaluations.transitions import EDITABLE, Step
from renluyen.organizations.models import Level as UnitLevel
from renluyen.programs.models import Enrollment
from renluyen.registrations.models import Item
from renluyen.registrations.views.branch import program_choice

# ---------------------------------------------------------------- the table


@dataclass
class Member:
    """One member's block of the branch table."""

    enrollment: Enrollment
    confirmed: bool
    rows: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    editable: bool = False

    @property
    def evaluation(self):
        return getattr(self.enrollment, "evaluation", None)

    @property
    def submitted(self) -> bool:
        return self.evaluation is not None and self.evaluation.self_state == SelfState.SUBMITTED

    @cached_property
    def totals(self) -> dict:
        return services.totals(self.rows)

    @property
    def complete(self) -> bool:
        return self.confirmed and self.totals["collective_complete"]

    @property
    def total_text(self) -> str:
        return scoring.format_score(self.totals["collective"]) if self.confirmed else ""

    @property
    def maximum_text(self) -> str:
        return scoring.format_score(self.totals["maximum"])

    @property
    def self_total_text(self) -> str:
        return scoring.format_score(self.totals["self"]) if self.confirmed else ""


def level_label(confirmed: bool, totals: dict, thresholds) -> str:
    """The level the member's collective scores give now (the stored one changes only
    when a score is saved): what the JavaScript mirrors while the secretary types."""
    if not confirmed:
        return _("Not completed — not registered")
    if not totals["collective_complete"]:
        return _("Not fully scored")
    return str(scoring.classify(totals["collective"], thresholds).label)


def _members(program, branch) -> list[Member]:
    """Every member of the branch with their confirmed criteria and group comments, in a
    fixed number of queries. A member the branch has not scored yet may have no score
    rows: unsaved ones stand in (the first saved cell creates them)."""
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("member", "registration", "evaluation", "group")
        .order_by("member__full_name", "member__code")
    )
    for enrollment in enrollments:
        enrollment.program = program
    members = [Member(e, services.is_confirmed(e)) for e in enrollments]
    confirmed = {m.enrollment.registration.pk: m for m in members if m.confirmed}
    items = Item.objects.filter(
        registration__in=list(confirmed), confirmed_at__isnull=False
    ).select_related("area", "criterion", "activity", "score")
    scores = defaultdict(list)
    for item in items:
        score = getattr(item, "score", None) or Score(item=item)
        score.item = item
        scores[item.registration_id].append(score)
    for registration_id, member in confirmed.items():
        member.rows = services.rows_from_scores(scores[registration_id])
        for row in member.rows:
            # Scores as people write them (6,5), also in the inputs they edit.
            row.texts = [
                scoring.format_score(v)
                for v in (row.maximum, row.score.self_score, row.score.collective_score)
            ]
    by_enrollment = {m.enrollment.pk: m for m in members}
    comments = GroupComment.objects.filter(evaluation__enrollment__in=enrollments).select_related(
        "group", "author", "evaluation"
    )
    for comment in comments:
        by_enrollment[comment.evaluation.enrollment_id].comments.append(comment)
    return members


def _level_counts(members: list[Member]) -> list[tuple[str, int]]:
    """Members per stored level (as lists and exports read it)."""
    stored = Counter(m.evaluation.level for m in members if m.evaluation and m.evaluation.level)
    return [(label, stored[value]) for value, label in Level.choices]


def _lock_problem(be, members) -> str | None:
    """Why nobody may change the branch's scores now (the same for every member)."""
    if members:
        return services.collective_problem(members[0].enrollment)
    if be.state not in EDITABLE:
        return _("The branch has sent its results up; they can no longer be changed.")
    return None


@require_http_methods(["GET"])
@login_required
def branch(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    if unit.level != UnitLevel.BRANCH:
        raise Http404
    programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    context = {"unit": unit, "programs": programs, "program": program}
    if program is None:
        return render(request, "evaluations/branch.html", context)
    user = request.user
    writer = can(user, Action.EVALUATE, unit)
    be = services.branch_evaluation(program, unit)
    members = _members(program, unit)
    lock = _lock_problem(be, members)
    own = own_member(user)
    found = flags.for_branch(program, unit)
    for member in members:
        # Nobody scores their own row, even as the secretary.
        member.editable = (
            writer
            and not lock
            and member.confirmed
            and not (own is not None and own.pk == member.enrollment.member_id)
        )
        member.flags = found.members.get(member.enrollment.pk, [])
    thresholds = scoring.Thresholds.of(program)
    for member in members:
        member.level_text = level_label(member.confirmed, member.totals, thresholds)
    unscored = [m for m in members if m.confirmed and not m.complete]
    context.update(
        be=be,
        state_label=BranchState(be.state).label,
        members=members,
        writer=writer,
        lock=lock,
        thresholds=thresholds,
        level_counts=_level_counts(members),
        unscored=unscored,
        large=services.is_large(unit, len(members)),
        branch_flags=found.branch,
        attendees={e.pk for e in be.attendees.all()},
        may_finalize=services.may_act(user, be, Step.FINALIZE),
        may_withdraw=services.may_act(user, be, Step.WITHDRAW),
        labels={
            "excellent": Level.EXCELLENT.label,
            "good": Level.GOOD.label,
            "completed": Level.COMPLETED.label,
            "not_completed": Level.NOT_COMPLETED.label,
            "incomplete": _("Not fully scored"),
        },
    )
    return render(request, "evaluations/branch.html", context)


def _branch_for_write(request, unit):
    """The branch and program a write concerns: EVALUATE on the branch (404 unseen, 403
    read-only)."""
    unit = get_unit(request.user, unit, Action.EVALUATE)
    if unit.level != UnitLevel.BRANCH:
        raise Http404
    _programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    if program is None:
        raise Http404
    return unit, program


def _back(unit, program):
    return redirect(services.branch_url(unit, program))


# ---------------------------------------------------------------- one cell


@require_POST
@login_required
def cell(request, unit):
    """Autosave of one cell: a collective score or the member's comment, as JSON."""
    unit, program = _branch_for_write(request, unit)
    pk = id_or_404(request.POST.get("enrollment"))
    enrollment = get_enrollment(request.user, pk, Action.EVALUATE)
    if enrollment.branch_id != unit.pk or enrollment.program_id != program.pk:
        raise Http404
    try:
        if "comment" in request.POST:
            services.comment_set(
                enrollment=enrollment, user=request.user, text=request.POST["comment"]
            )
            return JsonResponse({"ok": True, "message": _("Saved")})
        item = parse_id(request.POST.get("item"))
        if item is None:
            raise DomainError(_("This criterion is not on the member's confirmed form."))
        evaluation, _row = services.collective_set(
            enrollment=enrollment,
            user=request.user,
            item_id=item,
            value=request.POST.get("value", ""),
        )
    except DomainError as error:
        return JsonResponse({"ok": False, "message": str(error.message)}, status=400)
    rows = services.rows_of(evaluation)
    sums = services.totals(rows)
    return JsonResponse(
        {
            "ok": True,
            "total": scoring.format_score(sums["collective"]),
            "level_label": level_label(True, sums, scoring.Thresholds.of(program)),
            "complete": sums["collective_complete"],
            "message": _("Saved"),
        }
    )


# ---------------------------------------------------------------- meeting and results


def _parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(_("Type the meeting date as a date, for example 2026-05-20.")) from None


def _step(request, unit, call, done_message):
    """Run one of the branch's steps (a service called with program, branch and user)
    and come back to the branch page with what happened."""
    unit, program = _branch_for_write(request, unit)
    try:
        call(program=program, branch=unit, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return _back(unit, program)


@require_POST
@login_required
def meeting(request, unit):
    def save(**where):
        services.meeting_save(
            **where,
            meeting_date=_parse_date(request.POST.get("meeting_date", "")),
            attendee_ids=parse_ids(request.POST.getlist("present")),
            minutes=request.POST.get("minutes", ""),
        )

    return _step(request, unit, save, _("The meeting record was saved."))


@require_POST
@login_required
def finalize(request, unit):
    def send_up(**where):
        services.branch_finalize(
            **where, accept_unevaluated=request.POST.get("accept_unevaluated") == "1"
        )

    return _step(request, unit, send_up, _("The results were finalized and sent up."))


@require_POST
@login_required
def withdraw(request, unit):
    return _step(
        request,
        unit,
        services.branch_withdraw,
        _("The results were taken back; the branch can change them."),
    )


# ---------------------------------------------------------------- groups


def _group_choices(unit):
    return list(unit.children.filter(level=UnitLevel.SUBBRANCH).order_by("name"))


@require_http_methods(["GET", "POST"])
@login_required
def groups(request, unit):
    """Create the branch's sub-branches or groups and put members in them (one POST)."""
    unit, program = _branch_for_write(request, unit)
    if request.method == "POST":
        try:
            if "create" in request.POST:
                group = services.group_create(
                    branch=unit, name=request.POST.get("name", ""), user=request.user
                )
                messages.success(request, _("Created %(name)s.") % {"name": group.name})
            else:
                changed = services.groups_assign(
                    program=program,
                    branch=unit,
                    user=request.user,
                    groups=_posted_groups(request.POST),
                )
                messages.success(request, _("Saved; %(n)d member(s) moved.") % {"n": changed})
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(f"{reverse('evaluations:groups', args=[unit.pk])}?program={program.pk}")
    enrollments = (
        Enrollment.objects.filter(program=program, branch=unit)
        .select_related("member")
        .order_by("member__full_name", "member__code")
    )
    return render(
        request,
        "evaluations/groups.html",
        {
            "unit": unit,
            "program": program,
            "groups": _group_choices(unit),
            "enrollments": enrollments,
        },
    )


def _posted_groups(post) -> dict[int, int | None]:
    """{enrollment id: group id or None} from the fields named group-<enrollment id>."""
    out = {}
    for name, value in post.items():
        enrollment = parse_id(name.removeprefix("group-")) if name.startswith("group-") else None
        if enrollment is not None:
            out[enrollment] = parse_id(value)
    return out


@dataclass
class GroupRow:
    enrollment: Enrollment
    self_total: str
    submitted: bool
    comments: list
    may_comment: bool


@require_http_methods(["GET", "POST"])
@login_required
def group_comments(request, unit):
    """A sub-branch's or group's comments on its members, for the branch to read."""
    unit = get_unit(request.user, unit, Action.COMMENT_GROUP)
    if unit.level != UnitLevel.SUBBRANCH:
        raise Http404
    programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    if program is None:
        raise Http404
    url = f"{reverse('evaluations:group_comments', args=[unit.pk])}?program={program.pk}"
    if request.method == "POST":
        pk = id_or_404(request.POST.get("enrollment"))
        # The group's committee sees its members though not the branch they are in:
        # the member is looked up within this group, then the policy decides.
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("program", "member", "branch", "group"),
            pk=pk,
            group=unit,
            program=program,
        )
        if not can(request.user, Action.COMMENT_GROUP, enrollment):
            raise PermissionDenied
        try:
            services.group_comment_add(
                enrollment=enrollment, user=request.user, text=request.POST.get("text", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Comment on %(name)s saved.") % {"name": enrollment.member.full_name}
            )
        return redirect(url)
    return render(
        request,
        "evaluations/group_comments.html",
        {
            "unit": unit,
            "program": program,
            "programs": programs,
            "rows": _group_rows(request.user, program, unit),
        },
    )


def _group_rows(user, program, unit) -> list[GroupRow]:
    enrollments = list(
        Enrollment.objects.filter(program=program, group=unit)
        .select_related("member", "evaluation")
        .order_by("member__full_name", "member__code")
    )
    self_totals: dict[int, Decimal] = defaultdict(Decimal)
    for enrollment_id, value in Score.objects.filter(
        evaluation__enrollment__in=enrollments,
        item__confirmed_at__isnull=False,
        self_score__isnull=False,
    ).values_list("evaluation__enrollment_id", "self_score"):
        self_totals[enrollment_id] += value
    comments = defaultdict(list)
    for comment in GroupComment.objects.filter(
        evaluation__enrollment__in=enrollments
    ).select_related("evaluation", "author"):
        comments[comment.evaluation.enrollment_id].append(comment)
    own = own_member(user)
    rows = []
    for e in enrollments:
        evaluation = getattr(e, "evaluation", None)
        rows.append(
            GroupRow(
                enrollment=e,
                self_total=scoring.format_score(self_totals.get(e.pk)),
                submitted=evaluation is not None and evaluation.self_state == SelfState.SUBMITTED,
                comments=comments[e.pk],
                may_comment=not (own is not None and own.pk == e.member_id),
            )
        )
    return rows


urlpatterns = [
    path("branch/<id:unit>/", branch, name="branch"),
    path("branch/<id:unit>/cell/", cell, name="cell"),
    path("branch/<id:unit>/meeting/", meeting, name="meeting"),
    path("branch/<id:unit>/finalize/", finalize, name="finalize"),
    path("branch/<id:unit>/withdraw/", withdraw, name="withdraw"),
    path("branch/<id:unit>/groups/", groups, name="groups"),
    path("group/<id:unit>/", group_comments, name="group_comments"),
]
