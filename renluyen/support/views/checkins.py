"""Check-in rounds (seed IV.1 Step 2-3): the branch chooses monthly or quarterly rounds,
and for each round the committee records a short exchange with every member who has a
confirmed form: progress, difficulty, the support agreed. Mentors record theirs from
their mentees' page (views.people)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id, parse_version
from renluyen.core.policy import Action, can
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support import rounds, services
from renluyen.support.models import Checkin, Frequency
from renluyen.support.views.common import back, parse_date, require, step, unit_page


@require_http_methods(["GET", "POST"])
@login_required
def checkins(request, unit):
    """The branch's rounds with how many members are checked in, and its plan."""
    unit, context = unit_page(request, unit)
    program = context["program"]
    manager = can(request.user, Action.MANAGE_SUPPORT, unit)
    if request.method == "POST":
        require(program, manager)
        frequency = request.POST.get("frequency", "")
        step(
            request,
            lambda: services.checkin_plan_set(
                program=program, branch=unit, user=request.user, frequency=frequency
            ),
            _("The check-in plan was saved."),
        )
        return back("checkins", unit, program)
    if program is not None:
        context.update(
            figures=rounds.for_branches(program, [unit])[unit.pk],
            frequencies=Frequency.choices,
            manager=manager and program.status == ProgramStatus.OPEN,
            recorder=can(request.user, Action.COMMENT_PROGRESS, unit),
        )
    return render(request, "support/checkins.html", context)


@dataclass
class Row:
    enrollment: Enrollment
    checkin: Checkin | None
    previous: Checkin | None
    typed: services.CheckinEntry | None = None
    refused: str = ""

    @property
    def shown(self):
        """What the inputs show: what was typed when it was refused, else the record."""
        return self.typed or self.checkin


def _entries(post, ids) -> dict[int, services.CheckinEntry]:
    out = {}
    for pk in ids:
        out[pk] = services.CheckinEntry(
            progress=post.get(f"progress-{pk}", ""),
            difficulty=post.get(f"difficulty-{pk}", ""),
            support=post.get(f"support-{pk}", ""),
            version=parse_version(post.get(f"version-{pk}")),
        )
    return out


@require_http_methods(["GET", "POST"])
@login_required
def checkin_round(request, unit, number):
    """One round: a block per member with their last exchange and three short fields."""
    unit, context = unit_page(request, unit)
    program = context["program"]
    if program is None:
        raise Http404
    round_ = services.round_of(program, unit, number)
    if round_ is None:
        raise Http404
    recorder = can(request.user, Action.COMMENT_PROGRESS, unit)
    expected = list(
        Enrollment.objects.filter(
            program=program, branch=unit, registration__state__in=CONFIRMED_STATES
        )
        .select_related("member", "group")
        .order_by("member__full_name", "member__code")
    )
    typed, refused = {}, {}
    if request.method == "POST":
        require(program, recorder)
        ids = [e.pk for e in expected]
        typed = _entries(request.POST, ids)
        try:
            outcome = services.checkins_record(
                program=program,
                branch=unit,
                user=request.user,
                round_number=round_.number,
                held_on=parse_date(request.POST.get("held_on", "")),
                entries=typed,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if outcome.saved:
                n = len(outcome.saved)
                messages.success(
                    request,
                    ngettext("Saved %(n)d check-in.", "Saved %(n)d check-ins.", n) % {"n": n},
                )
            names = {e.member.full_name: e.pk for e in expected}
            for name, message in outcome.refused:
                messages.error(request, f"{name}: {message}")
                refused[names[name]] = str(message)
            if not outcome.saved and not outcome.refused:
                messages.info(request, _("Nothing was typed; nothing was saved."))
            if not outcome.refused:
                return back("checkin_round", unit, program, round_.number)
    checkins = Checkin.objects.filter(
        enrollment__in=expected, round__in=[round_.number, round_.number - 1]
    ).select_related("recorded_by")
    this = {c.enrollment_id: c for c in checkins if c.round == round_.number}
    before = {c.enrollment_id: c for c in checkins if c.round == round_.number - 1}
    rows = [
        Row(
            enrollment=e,
            checkin=this.get(e.pk),
            previous=before.get(e.pk),
            typed=typed.get(e.pk) if e.pk in refused else None,
            refused=refused.get(e.pk, ""),
        )
        for e in expected
    ]
    today = timezone.localdate()
    context.update(
        round=round_,
        rows=rows,
        done=len(this),
        recorder=recorder and program.status == ProgramStatus.OPEN and round_.started(today),
        started=round_.started(today),
        today=today,
    )
    return render(request, "support/checkin_round.html", context)


def entry_from(post, pk: int) -> services.CheckinEntry:
    """One member's fields (the mentees' page posts one member at a time)."""
    return _entries(post, [pk])[pk]


def round_number(post) -> int | None:
    return parse_id(post.get("round", ""))
