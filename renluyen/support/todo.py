"""Support's lines on the to-do list (core.todo): check-ins due and overdue, help
requests waiting, guidance to acknowledge, mentees to talk with, answers to read,
branches behind with their check-ins (for the units above them) and commendation titles
to set. A fixed number of queries per role the user holds and per open program, never
per member or branch."""

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import Action, mentee_enrollments
from renluyen.core.todo import Line
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import ProgramStatus
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support import rounds
from renluyen.support.models import (
    Checkin,
    CommendationTitle,
    Guidance,
    HelpRequest,
    HelpState,
    Mentorship,
)

ABOVE_BRANCHES = {Level.FEDERATION, Level.BASE, Level.UPPER}


def lines(ctx) -> list[Line]:
    return (
        _checkins(ctx)
        + _help_waiting(ctx)
        + _guidance(ctx)
        + _mentees(ctx)
        + _answers(ctx)
        + _branches_behind(ctx)
        + _titles(ctx)
    )


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _query(name: str, unit, program, *args) -> str:
    return f"{reverse(f'support:{name}', args=[unit.pk, *args])}?program={program.pk}"


def _by_program(ctx, units) -> dict:
    """{program: [units]} for the open programs each unit takes part in."""
    out = defaultdict(list)
    for unit in units:
        for program in ctx.programs_of(unit):
            out[program].append(unit)
    return out


def _checkins(ctx) -> list[Line]:
    """The branch committee: members still to talk with this round, overdue rounds."""
    out = []
    for program, branches in _by_program(ctx, ctx.branches).items():
        for branch_rounds in rounds.for_branches(program, branches, ctx.today).values():
            branch, current = branch_rounds.branch, branch_rounds.current
            if current is not None and branch_rounds.due_now:
                n = branch_rounds.due_now
                out.append(
                    Line(
                        ngettext(
                            "Check-in round %(round)d (due before %(day)s): %(n)d member still "
                            "to talk with — %(branch)s (%(year)s)",
                            "Check-in round %(round)d (due before %(day)s): %(n)d members still "
                            "to talk with — %(branch)s (%(year)s)",
                            n,
                        )
                        % {
                            "round": current.number,
                            "day": _day(current.due),
                            "n": n,
                            "branch": branch.name,
                            "year": program.school_year,
                        },
                        _query("checkin_round", branch, program, current.number),
                        n,
                    )
                )
            overdue = len(branch_rounds.overdue)
            if overdue:
                out.append(
                    Line(
                        ngettext(
                            "%(n)d check-in round overdue — %(branch)s (%(year)s)",
                            "%(n)d check-in rounds overdue — %(branch)s (%(year)s)",
                            overdue,
                        )
                        % {"n": overdue, "branch": branch.name, "year": program.school_year},
                        _query("checkins", branch, program),
                        overdue,
                    )
                )
    return out


def _per_unit(ctx, units: list, queryset, program_field: str, unit_field: str, say, anchor):
    """A line per (program, unit) counting `queryset`'s rows of the open programs in
    `units`: one grouped query. `say(n, unit)` writes the line."""
    units = {u.pk: u for u in units}
    if not units:
        return []
    programs = {p.pk: p for p in ctx.open_programs}
    grouped = (
        queryset.filter(**{f"{program_field}__in": programs, f"{unit_field}__in": units})
        .order_by()
        .values_list(program_field, unit_field)
        .annotate(n=Count("pk"))
    )
    return [
        Line(
            say(n, units[unit_id]), _query("unit", units[unit_id], programs[program_id]) + anchor, n
        )
        for program_id, unit_id, n in grouped
    ]


def _help_waiting(ctx) -> list[Line]:
    """The branch committee: requests asked of it and not answered yet."""
    return _per_unit(
        ctx,
        ctx.branches,
        HelpRequest.objects.filter(state=HelpState.OPEN, mentor__isnull=True),
        "enrollment__program_id",
        "enrollment__branch_id",
        lambda n, unit: (
            ngettext(
                "%(n)d help request waits for an answer — %(branch)s",
                "%(n)d help requests wait for an answer — %(branch)s",
                n,
            )
            % {"n": n, "branch": unit.name}
        ),
        "#help-requests",
    )


def _guidance(ctx) -> list[Line]:
    """The unit's own committee: guidance it has not acknowledged."""
    return _per_unit(
        ctx,
        ctx.units_with(Action.ACKNOWLEDGE_GUIDANCE),
        Guidance.objects.filter(acknowledged_at__isnull=True),
        "program_id",
        "unit_id",
        lambda n, unit: (
            ngettext(
                "%(n)d guidance to acknowledge — %(unit)s",
                "%(n)d pieces of guidance to acknowledge — %(unit)s",
                n,
            )
            % {"n": n, "unit": unit.name}
        ),
        "#guidance",
    )


def _mentees(ctx) -> list[Line]:
    """A mentor: members they follow still to talk with this round, requests asked of
    them. (A mentor may hold no role and see no program otherwise: the programs come
    from the mentorships.)"""
    if not ctx.user.is_authenticated:
        return []
    if ctx.today == timezone.localdate() and not mentee_enrollments(ctx.user):
        # Follows nobody today (read once per request by the policy, which the progress
        # log's to-do asks too).
        return []
    followed = list(
        Mentorship.objects.active(ctx.today)
        .filter(mentor=ctx.user, enrollment__program__status=ProgramStatus.OPEN)
        .select_related("enrollment__branch", "enrollment__registration", "enrollment__program")
    )
    if not followed:
        return []
    url = reverse("support:mentees")
    out = [Line(_("Members I follow"), url, len(followed), link=True)]
    by_program = defaultdict(set)
    programs = {}
    for m in followed:
        programs[m.enrollment.program_id] = m.enrollment.program
        by_program[m.enrollment.program_id].add(m.enrollment.branch)
    current = {}
    for program_id, branches in by_program.items():
        for branch_id, branch_rounds in rounds.for_branches(
            programs[program_id], branches, ctx.today
        ).items():
            current[(program_id, branch_id)] = branch_rounds.current
    due = {}
    for m in followed:
        e = m.enrollment
        round_ = current.get((e.program_id, e.branch_id))
        registration = getattr(e, "registration", None)
        if round_ and registration is not None and registration.state in CONFIRMED_STATES:
            due[e.pk] = round_.number
    done = set(Checkin.objects.filter(enrollment_id__in=due).values_list("enrollment_id", "round"))
    n = sum(1 for pk, number in due.items() if (pk, number) not in done)
    if n:
        out.append(
            Line(
                ngettext(
                    "%(n)d member you follow to talk with this round",
                    "%(n)d members you follow to talk with this round",
                    n,
                )
                % {"n": n},
                url,
                n,
            )
        )
    asked = HelpRequest.objects.filter(
        state=HelpState.OPEN, mentor=ctx.user, enrollment__program__in=list(programs)
    ).count()
    if asked:
        out.append(
            Line(
                ngettext(
                    "%(n)d help request asked of you waits for an answer",
                    "%(n)d help requests asked of you wait for an answer",
                    asked,
                )
                % {"n": asked},
                url,
                asked,
            )
        )
    return out


def _answers(ctx) -> list[Line]:
    """The member: requests answered and not closed yet; the link to their page."""
    if ctx.member is None:
        return []
    out = [Line(_("Help and check-ins"), reverse("support:mine"), link=True)]
    n = HelpRequest.objects.filter(
        enrollment__member=ctx.member,
        state=HelpState.ANSWERED,
        enrollment__program_id__in=[p.pk for p in ctx.open_programs],
    ).count()
    if n:
        out.append(
            Line(
                ngettext(
                    "%(n)d help request of yours was answered",
                    "%(n)d help requests of yours were answered",
                    n,
                )
                % {"n": n},
                reverse("support:mine"),
                n,
            )
        )
    return out


def _branches_behind(ctx) -> list[Line]:
    """Federations and the base Union (their committee and supervisors): branches with
    overdue check-in rounds."""
    units = {
        u.pk: u
        for action in (Action.FORWARD_RESULTS, Action.GUIDE_UNIT)
        for u in ctx.units_with(action, ABOVE_BRANCHES)
    }
    out = []
    for program, tops in _by_program(ctx, units.values()).items():
        for top in tops:
            branches = list(Unit.objects.subtree(top).branches())
            found = rounds.for_branches(program, branches, ctx.today)
            n = sum(1 for b in found.values() if b.overdue)
            if n:
                out.append(
                    Line(
                        ngettext(
                            "%(n)d branch has overdue check-in rounds — %(unit)s (%(year)s)",
                            "%(n)d branches have overdue check-in rounds — %(unit)s (%(year)s)",
                            n,
                        )
                        % {"n": n, "unit": top.name, "year": program.school_year},
                        _query("unit", top, program),
                        n,
                    )
                )
    return out


def _titles(ctx) -> list[Line]:
    """The standing committee: the year's commendation titles to set before the
    evaluation opens (seed IV.1 Step 2)."""
    editable = ctx.units_with(Action.EDIT_PROGRAM)
    programs = [
        p
        for p in ctx.open_programs
        if ctx.soon(p.evaluation_start) and any(p.unit.is_within(u) for u in editable)
    ]
    if not programs:
        return []
    with_titles = set(
        CommendationTitle.objects.filter(program__in=programs).values_list("program_id", flat=True)
    )
    return [
        Line(
            _("Set the commendation titles of %(year)s before the evaluation opens on %(day)s")
            % {"year": p.school_year, "day": _day(p.evaluation_start)},
            reverse("support:titles", args=[p.pk]),
            due=p.evaluation_start,
        )
        for p in programs
        if p.pk not in with_titles
    ]
