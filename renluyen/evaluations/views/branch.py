"""The branch committee's evaluation (IV.1 Step 3): the collective table scored cell by
cell, the meeting record, finalizing, and the sub-branches or groups that comment first
in a large or dispersed branch. Federations and the base Union read the table."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renluyen.core.access import get_enrollment, get_unit
from renluyen.core.dates import day_text, parse_day
from renluyen.core.errors import DomainError
from renluyen.core.ids import id_or_404, parse_id, parse_ids, parse_version, pk_url
from renluyen.core.policy import Action, can, own_member
from renluyen.evaluations import flags, scoring, services
from renluyen.evaluations.models import (
    BranchState,
    GroupComment,
    Level,
    Score,
    SelfState,
)
from renluyen.evaluations.transitions import Step
from renluyen.evaluations.views import branch_table
from renluyen.organizations.models import Level as UnitLevel
from renluyen.programs.models import Enrollment
from renluyen.registrations.models import Item, ItemKind
from renluyen.registrations.views.branch import program_choice

# ---------------------------------------------------------------- the table

# The table's filters: ?show=<key>.
FILTERS = {
    "waiting": gettext_lazy("Waiting for the branch"),
    "changed": gettext_lazy("Scores changed"),
    "flagged": gettext_lazy("With warnings"),
}


@dataclass(slots=True)
class StoredScore:
    """A confirmed criterion's scores as stored, or all empty when the branch has not
    scored the member yet (the first saved cell creates the rows). Read as plain values:
    a 50-member table has some 500 of them."""

    pk: int | None
    max_points: Decimal | None
    self_score: Decimal | None
    collective_score: Decimal | None
    explanation: str


@dataclass(slots=True)
class TableRow:
    """One criterion of a member's block: what the totals, `services.differs` and the
    flags read (`score`, `maximum`), and `cell`, its texts as the template shows them."""

    score: StoredScore
    maximum: Decimal
    cell: dict


@dataclass
class Member:
    """One member's block of the branch table."""

    enrollment: Enrollment
    confirmed: bool
    rows: list[TableRow] = field(default_factory=list)
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
    def acted_on(self) -> bool:
        return services.acted_on(self.evaluation)

    @property
    def waiting(self) -> bool:
        """Not evaluated by the branch yet: not acted on, or not every criterion scored."""
        return self.confirmed and not (self.acted_on and self.complete)

    @cached_property
    def changed(self) -> bool:
        return any(services.differs(row) for row in self.rows)

    @property
    def needs_reason(self) -> bool:
        return self.changed and not (self.evaluation and self.evaluation.change_reason)

    @property
    def state(self) -> str:
        return member_state(
            self.confirmed,
            self.submitted,
            self.acted_on,
            self.complete,
            self.evaluation.accepted if self.evaluation else False,
        )


def member_state(confirmed, submitted, acted_on, complete, accepted) -> str:
    """Where the member stands with the branch: a key of STATES."""
    if not confirmed:
        return "no_form"
    if not acted_on:
        return "waiting" if submitted else "no_self"
    if not complete:
        return "partial"
    return "accepted" if accepted else "scored"


STATES = {
    "no_form": gettext_lazy("No confirmed registration"),
    "no_self": gettext_lazy("No self-evaluation: enter the branch's scores"),
    "waiting": gettext_lazy("Waiting for the branch"),
    "partial": gettext_lazy("Not fully scored"),
    "accepted": gettext_lazy("Self-scores accepted"),
    "scored": gettext_lazy("Scored by the branch"),
}


def level_label(confirmed: bool, totals: dict, thresholds) -> str:
    """The level the member's collective scores give now, as stored after each save."""
    if not confirmed:
        return _("Not completed — not registered")
    if not totals["collective_complete"]:
        return _("Not fully scored")
    return str(scoring.classify(totals["collective"], thresholds).label)


# What the page reads of each member (the rest of their rows is not converted to Python).
_ENROLLMENT_FIELDS = (
    "program_id",
    "branch_id",
    "member__full_name",
    "member__code",
    "registration__state",
    "evaluation__self_state",
    "evaluation__reviewed_at",
    "evaluation__accepted",
    "evaluation__change_reason",
    "evaluation__comment",
    "evaluation__level",
    "evaluation__version",
    "group__name",
)


# What the table reads of each confirmed item and its score, in this order (see _rows).
_ITEM_FIELDS = (
    "pk",
    "registration_id",
    "area__number",
    "area__points",
    "kind",
    "criterion_id",
    "criterion__code",
    "criterion__order",
    "criterion__text",
    "activity__title",
    "text",
    "score__pk",
    "score__max_points",
    "score__self_score",
    "score__collective_score",
    "score__explanation",
)


def _members(program, branch, text) -> tuple[list[Member], dict]:
    """Every member of the branch with their confirmed criteria and group comments, in a
    fixed number of queries, and the catalog criteria the rows name (see _legend). The
    criteria and scores are read as values, not model instances (the table shows a few
    fields of some 500 of them); `text` formats a score."""
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("member", "registration", "evaluation", "group")
        .only(*_ENROLLMENT_FIELDS)
        .order_by("member__full_name", "member__code")
    )
    for enrollment in enrollments:
        enrollment.program = program
    members = [Member(e, services.is_confirmed(e)) for e in enrollments]
    confirmed = {m.enrollment.registration.pk: m for m in members if m.confirmed}
    items = (
        Item.objects.filter(registration__in=list(confirmed), confirmed_at__isnull=False)
        .order_by()
        .values_list(*_ITEM_FIELDS)
    )
    by_registration = defaultdict(list)
    for values in items:
        by_registration[values[1]].append(values)
    legend = {}
    for registration_id, member in confirmed.items():
        member.rows = _rows(by_registration[registration_id], text, legend)
    # By the evaluations already loaded (the comments' own index), not by a join through
    # every evaluation of the program.
    by_evaluation = {m.evaluation.pk: m for m in members if m.evaluation is not None}
    comments = GroupComment.objects.filter(evaluation_id__in=list(by_evaluation)).values_list(
        "evaluation_id", "group__name", "text"
    )
    for evaluation_id, group_name, comment in comments:
        by_evaluation[evaluation_id].comments.append({"group": group_name, "text": comment})
    return members, legend


def _rows(items: list[tuple], text, legend: dict) -> list[TableRow]:
    """A member's rows from their items' values (_ITEM_FIELDS), in the form's order, with
    each criterion's maximum as `services.rows_from_scores` gives it: the area's points
    split over its confirmed criteria unless the branch set every maximum."""
    # The form's order (reading._form_order): the area's number, the kind, the criterion's
    # place in the catalog (0 for an activity or own criterion), then the item.
    items.sort(key=lambda v: (v[2], v[4], v[7] if v[5] is not None else 0, v[0]))
    by_area: dict[int, list[tuple]] = {}
    for values in items:
        by_area.setdefault(values[2], []).append(values)
    maxima = {}
    for area_items in by_area.values():
        points = area_items[0][3]
        values = scoring.max_points(points, [v[12] for v in area_items])
        maxima.update({v[0]: m for v, m in zip(area_items, values, strict=True)})
    rows = []
    for values in items:
        (pk, _registration, area_number, _points, kind, criterion_id, code, order) = values[:8]
        (criterion_text, activity_title, item_text, score_pk) = values[8:12]
        (max_points, self_score, collective, explanation) = values[12:]
        score = StoredScore(score_pk, max_points, self_score, collective, explanation or "")
        maximum = maxima[pk]
        if criterion_id is not None:
            # The catalog criteria the table's codes stand for, each once, in the form's order.
            legend[criterion_id] = (
                (area_number, order, code),
                {"code": code, "text": criterion_text},
            )
            label = None
        else:
            # A star for an activity or the member's own criterion (3.*), named in the list.
            code = f"{area_number}.*"
            label = activity_title if kind == ItemKind.ACTIVITY else item_text
        row = TableRow(score, maximum, {})
        row.cell = {
            "pk": pk,
            "code": code,
            "label": label,
            "differs": services.differs(row),
            "maximum": text(maximum),
            "max_set": max_points is not None,
            "self": text(self_score),
            "collective": text(collective),
            "explanation": score.explanation,
        }
        rows.append(row)
    return rows


def _legend(found: dict) -> list[dict]:
    """The catalog criteria the table's codes stand for, each once, in the form's order."""
    return [criterion for _key, criterion in sorted(found.values(), key=lambda pair: pair[0])]


def _level_counts(members: list[Member]) -> list[tuple[str, int]]:
    """Members per stored level (as lists and exports read it)."""
    stored = Counter(m.evaluation.level for m in members if m.evaluation and m.evaluation.level)
    return [(label, stored[value]) for value, label in Level.choices]


def _lock_problem(be, members) -> str | None:
    """Why nobody may change the branch's scores now (the same for every member)."""
    if members:
        return services.collective_problem(members[0].enrollment, be=be if be.pk else None)
    return services.branch_lock_problem(be)


def _filtered(members: list[Member], show: str) -> list[Member]:
    if show == "waiting":
        return [m for m in members if m.waiting]
    if show == "changed":
        return [m for m in members if m.changed]
    if show == "flagged":
        return [m for m in members if m.flags]
    return members


@require_http_methods(["GET", "HEAD"])
@login_required
def branch(request, unit):
    """The branch's evaluation (reads only: no row is written by opening it)."""
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    if unit.level != UnitLevel.BRANCH:
        raise Http404
    return _branch_page(request, unit)


def _branch_page(request, unit, *, meeting=None, status=200):
    """The branch page; `meeting` holds what was typed in a refused meeting form."""
    programs, program = program_choice(request, unit, prefer=services.evaluation_started)
    context = {"unit": unit, "programs": programs, "program": program}
    if program is None:
        return render(request, "evaluations/branch.html", context)
    user = request.user
    writer = can(user, Action.EVALUATE, unit)
    be = services.branch_evaluation(program, unit)
    # One per request: each distinct score is formatted once, in the active language.
    text = scoring.score_formatter()
    members, legend = _members(program, unit, text)
    lock = _lock_problem(be, members)
    own = own_member(user)
    # From the rows already read: no second reading of the branch's scores.
    found = flags.from_rows(
        [m.enrollment for m in members],
        {m.enrollment.pk: [r for r in m.rows if r.score.pk] for m in members if m.confirmed},
    )
    thresholds = scoring.Thresholds.of(program)
    state_labels = {key: str(label) for key, label in STATES.items()}
    member_url = pk_url("evaluations:member")
    labels = branch_table.Labels.now(services.REASON_MAX_LENGTH)
    for member in members:
        # Nobody scores their own row, even as the secretary.
        member.editable = (
            writer
            and not lock
            and member.confirmed
            and not (own is not None and own.pk == member.enrollment.member_id)
        )
        member.flags = found.members.get(member.enrollment.pk, [])
        member.card = _card(member, member_url, text, state_labels, thresholds, labels)
    show = request.GET.get("show", "")
    show = show if show in FILTERS else ""
    waiting = [m.card for m in members if m.waiting]
    attendees = {e.pk for e in be.attendees.all()} if be.pk else set()
    meeting = meeting or {
        "date": day_text(be.meeting_date),
        "present": attendees,
        "minutes": be.minutes,
    }
    context.update(
        be=be,
        state_label=BranchState(be.state).label,
        members=[m.card for m in members],
        shown=[m.card for m in _filtered(members, show)],
        show=show,
        filters=[(key, label, len(_filtered(members, key))) for key, label in FILTERS.items()],
        writer=writer,
        editable=writer and not lock,
        lock=lock,
        level_counts=_level_counts(members),
        unscored=waiting,
        large=services.is_large(unit, len(members)),
        branch_flags=found.branch,
        meeting=meeting,
        all_present=bool(members) and len(meeting["present"]) == len(members),
        may_finalize=services.may_act(user, be, Step.FINALIZE),
        may_withdraw=be.pk is not None and services.may_act(user, be, Step.WITHDRAW),
        needs_reason=[m.card for m in members if m.needs_reason],
        legend=_legend(legend),
        reason_max=services.REASON_MAX_LENGTH,
    )
    return render(request, "evaluations/branch.html", context, status=status)


def _card(member: Member, member_url, text, state_labels: dict, thresholds, labels) -> dict:
    """A member as the template shows them: their block as one string (see
    branch_table.py), and their id and name for the meeting and finalize forms."""
    enrollment, evaluation = member.enrollment, member.evaluation
    submitted, totals = member.submitted, member.totals
    values = {
        "pk": enrollment.pk,
        "url": member_url(enrollment.pk),
        "name": enrollment.member.full_name,
        "code": enrollment.member.code,
        "group": enrollment.group.name if enrollment.group is not None else None,
        "version": evaluation.version if evaluation is not None else None,
        "change_reason": evaluation.change_reason if evaluation is not None else "",
        "comment": evaluation.comment if evaluation is not None else "",
        "state": member.state,
        "state_label": state_labels[member.state],
        "confirmed": member.confirmed,
        "submitted": submitted,
        "changed": member.changed,
        "needs_reason": member.needs_reason,
        "editable": member.editable,
        "total_text": text(totals["collective"]) if member.confirmed and member.acted_on else "",
        "maximum_text": text(totals["maximum"]),
        "self_total_text": text(totals["self"]) if submitted else "",
        "level_text": level_label(member.confirmed, totals, thresholds),
        "flags": member.flags,
        "comments": member.comments,
    }
    rows = [row.cell for row in member.rows]
    return {
        "pk": enrollment.pk,
        "name": enrollment.member.full_name,
        "html": branch_table.member_block(values, rows, labels),
    }


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


def _back(unit, program, **query):
    url = services.branch_url(unit, program)
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return redirect(f"{url}{extra}")


# ---------------------------------------------------------------- one cell


@require_POST
@login_required
def cell(request, unit):
    """Autosave of one cell of a member's block, as JSON: a collective score, the
    member's accepted self-scores (`accept`), the reason for changed scores or the
    branch comment. The answer carries the stored total, level and state."""
    unit, program = _branch_for_write(request, unit)
    pk = id_or_404(request.POST.get("enrollment"))
    enrollment = get_enrollment(request.user, pk, Action.EVALUATE)
    if enrollment.branch_id != unit.pk or enrollment.program_id != program.pk:
        raise Http404
    post, where = request.POST, {"enrollment": enrollment, "user": request.user}
    try:
        if "comment" in post:
            services.comment_set(**where, text=post["comment"])
            return JsonResponse({"ok": True, "message": _("Saved")})
        if "reason" in post:
            services.reason_set(**where, text=post["reason"])
        elif "accept" in post:
            version = post.get("version")
            services.member_accept(**where, version=parse_version(version) if version else None)
        else:
            item = parse_id(post.get("item"))
            if item is None:
                raise DomainError(_("This criterion is not on the member's confirmed form."))
            services.collective_set(**where, item_id=item, value=post.get("value", ""))
    except DomainError as error:
        return JsonResponse({"ok": False, "message": str(error.message)}, status=400)
    return JsonResponse(_member_answer(enrollment, program))


def _member_answer(enrollment, program) -> dict:
    """What the table shows of a member after a save, read back from what is stored."""
    evaluation, rows = services.evaluation_for_reading(enrollment)
    sums = services.totals(rows)
    acted_on = services.acted_on(evaluation)
    submitted = evaluation.self_state == SelfState.SUBMITTED
    state = member_state(
        True, submitted, acted_on, sums["collective_complete"], evaluation.accepted
    )
    changed = any(services.differs(row) for row in rows)
    return {
        "ok": True,
        "message": _("Saved"),
        "total": scoring.format_score(sums["collective"]) if acted_on else "",
        "level_label": level_label(True, sums, scoring.Thresholds.of(program)),
        "complete": sums["collective_complete"],
        "state": state,
        "state_label": str(STATES[state]),
        "changed": changed,
        "needs_reason": changed and not evaluation.change_reason,
        "values": {
            str(row.item.pk): scoring.format_score(row.score.collective_score) for row in rows
        },
    }


# ---------------------------------------------------------------- meeting and results


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
    """The meeting record. A refused one comes back with what was typed: a date before
    the evaluation opened asks to confirm it, a date that is not one says so."""
    unit, program = _branch_for_write(request, unit)
    post = request.POST
    present = parse_ids(post.getlist("present"))
    typed = {"date": post.get("meeting_date", ""), "present": set(present)}
    typed["minutes"] = post.get("minutes", "")
    try:
        try:
            day = parse_day(typed["date"])
        except ValueError:
            raise DomainError(
                _("Type the meeting date day first, for example 20/05/2026.")
            ) from None
        services.meeting_save(
            program=program,
            branch=unit,
            user=request.user,
            meeting_date=day,
            attendee_ids=present,
            minutes=typed["minutes"],
            early=post.get("early") == "1",
        )
    except DomainError as error:
        typed["problem"] = error.message
        typed["early"] = isinstance(error, services.EarlyMeeting)
        return _branch_page(request, unit, meeting=typed, status=400)
    messages.success(request, _("The meeting record was saved."))
    return _back(unit, program)


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
                    program=program,
                    branch=unit,
                    name=request.POST.get("name", ""),
                    user=request.user,
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
    evaluations = {e.evaluation.pk: e.evaluation for e in enrollments if hasattr(e, "evaluation")}
    for comment in GroupComment.objects.filter(evaluation_id__in=list(evaluations)).select_related(
        "author"
    ):
        comment.evaluation = evaluations[comment.evaluation_id]
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
