"""Commendation (seed IV.1 Step 2): the base Union's titles and criteria for the year,
the branch's proposals at evaluation time, and the proposals gone up with the results,
which the federation and the base Union read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.activities.models import Activity
from renluyen.core.access import get_program
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id, parse_ids
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can
from renluyen.evaluations.models import BranchEvaluation, BranchState, Level
from renluyen.evaluations.transitions import EDITABLE
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support import commendation
from renluyen.support.models import CommendationProposal, CommendationTitle
from renluyen.support.views.common import back, require, step, unit_page

# ---------------------------------------------------------------- titles (the base Union)


def _titles_url(program) -> str:
    return reverse("support:titles", args=[program.pk])


@require_http_methods(["GET", "POST"])
@login_required
def titles(request, program):
    program = get_program(request.user, program)
    editor = can(request.user, Action.EDIT_PROGRAM, program)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        return _save_title(request, program, None)
    return render(
        request,
        "support/titles.html",
        {
            "program": program,
            "titles": program.commendation_titles.prefetch_related("activities"),
            "editor": editor and program.status == ProgramStatus.OPEN,
            **_title_form(program, None),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def title_edit(request, program, pk):
    program = get_program(request.user, program, Action.EDIT_PROGRAM)
    title = get_object_or_404(CommendationTitle, program=program, pk=pk)
    if request.method == "POST":
        if "delete" in request.POST:
            deleted = step(
                request,
                lambda: commendation.title_delete(title=title, user=request.user),
                _("The title was deleted."),
            )
            if deleted:
                return redirect(_titles_url(program))
            return redirect(reverse("support:title_edit", args=[program.pk, title.pk]))
        return _save_title(request, program, title)
    return render(
        request,
        "support/title_form.html",
        {"program": program, "title": title, **_title_form(program, title)},
    )


def _title_form(program, title) -> dict:
    return {
        "levels": Level.choices[:-1],  # "Không hoàn thành" is no level to commend
        "activities": Activity.objects.filter(program=program).select_related("unit"),
        "chosen": {a.pk for a in title.activities.all()} if title else set(),
    }


def _save_title(request, program, title):
    post = request.POST
    try:
        saved = commendation.title_save(
            program=program,
            user=request.user,
            title=title,
            name=post.get("name", ""),
            criteria=post.get("criteria", ""),
            min_level=post.get("min_level", ""),
            activity_ids=parse_ids(post.getlist("activities")),
        )
    except DomainError as error:
        messages.error(request, error.message)
        if title is not None:
            return redirect(reverse("support:title_edit", args=[program.pk, title.pk]))
        return redirect(_titles_url(program))
    messages.success(request, _("Saved the title %(name)s.") % {"name": saved.name})
    return redirect(_titles_url(program))


# ---------------------------------------------------------------- the branch proposes


@require_http_methods(["GET", "POST"])
@login_required
def branch(request, unit):
    unit, context = unit_page(request, unit)
    program = context["program"]
    writer = can(request.user, Action.EVALUATE, unit)
    if request.method == "POST":
        require(program, writer)
        step(request, lambda: _propose_or_withdraw(request, program, unit))
        return back("commendation_branch", unit, program)
    if program is None:
        return render(request, "support/commendation_branch.html", context)
    enrollments = list(
        Enrollment.objects.filter(
            program=program, branch=unit, registration__state__in=CONFIRMED_STATES
        )
        .select_related("member", "evaluation")
        .order_by("member__full_name", "member__code")
    )
    title_list = list(program.commendation_titles.all())
    found = commendation.standings(title_list, enrollments)
    proposals = list(
        CommendationProposal.objects.filter(enrollment__program=program, enrollment__branch=unit)
        .select_related("enrollment__member", "enrollment__evaluation", "proposed_by")
        .order_by("title__order", "enrollment__member__full_name")
    )
    proposed = {(p.title_id, p.enrollment_id) for p in proposals}
    for title in title_list:
        title.proposals_here = [p for p in proposals if p.title_id == title.pk]
        title.candidates = [
            e
            for e in enrollments
            if found[title.pk][e.pk].meets and (title.pk, e.pk) not in proposed
        ]
    results = BranchEvaluation.objects.filter(program=program, branch=unit).first()
    state = results.state if results else BranchState.OPEN
    started = program.evaluation_start <= timezone.localdate()
    context.update(
        titles=title_list,
        state_label=BranchState(state).label,
        open=state in EDITABLE and started and program.status == ProgramStatus.OPEN,
        started=started,
        writer=writer,
    )
    return render(request, "support/commendation_branch.html", context)


def _propose_or_withdraw(request, program, unit) -> None:
    post = request.POST
    if "withdraw" in post:
        proposal = get_object_or_404(
            CommendationProposal.objects.select_related(
                "title", "enrollment__program", "enrollment__branch"
            ),
            pk=parse_id(post.get("withdraw")) or 0,
            enrollment__program=program,
            enrollment__branch=unit,
        )
        commendation.withdraw(proposal=proposal, user=request.user)
        messages.success(request, _("The proposal was withdrawn."))
        return
    title = get_object_or_404(
        CommendationTitle, program=program, pk=parse_id(post.get("title")) or 0
    )
    enrollment = (
        Enrollment.objects.filter(
            program=program, branch=unit, pk=parse_id(post.get("enrollment")) or 0
        )
        .select_related("program", "branch", "member")
        .first()
    )
    if enrollment is None:
        raise DomainError(_("Choose the member to propose."))
    if not can(request.user, Action.EVALUATE, enrollment):
        raise DomainError(_("Nobody proposes themselves; another committee member may."))
    commendation.propose(
        title=title, enrollment=enrollment, user=request.user, reason=post.get("reason", "")
    )
    messages.success(
        request,
        _("%(name)s was proposed for %(title)s.")
        % {"name": enrollment.member.full_name, "title": title.name},
    )


# ---------------------------------------------------------------- what went up


@require_http_methods(["GET"])
@login_required
def unit_list(request, unit):
    """The proposals of the branches below a federation or base Union whose results went
    up (finalized, forwarded or recognized), 50 a page; branches still evaluating are
    counted, their proposals not shown yet."""
    unit, context = unit_page(request, unit, branch=False)
    program = context["program"]
    if program is not None:
        sent = BranchEvaluation.objects.filter(
            program=program, branch__path__startswith=unit.path
        ).exclude(state__in=EDITABLE)
        proposals = (
            CommendationProposal.objects.filter(
                enrollment__program=program,
                enrollment__branch__in=sent.values("branch"),
            )
            .select_related(
                "title", "enrollment__member", "enrollment__branch", "enrollment__evaluation"
            )
            .order_by("title__order", "enrollment__branch__path", "enrollment__member__full_name")
        )
        waiting = (
            CommendationProposal.objects.filter(
                enrollment__program=program, enrollment__branch__path__startswith=unit.path
            )
            .exclude(enrollment__branch__in=sent.values("branch"))
            .values("enrollment__branch")
            .distinct()
            .count()
        )
        context.update(
            page=paginate(
                request, proposals.filter(enrollment__branch__path__startswith=unit.path)
            ),
            waiting=waiting,
            titles=program.commendation_titles.all(),
            states=dict(BranchState.choices),
        )
    return render(request, "support/commendation_unit.html", context)
