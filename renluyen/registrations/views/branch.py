"""The branch committee's list of its members' forms (IV.1 Step 1), and the figures of
every branch under a federation or base Union, which see them read-only."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from renluyen.core.access import get_unit
from renluyen.core.ids import parse_ids, parse_version
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, own_member, visible_programs
from renluyen.organizations.models import Level, Unit
from renluyen.people.search import search_terms
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.registrations import figures, rules, services
from renluyen.registrations.models import NOT_REGISTERED, Registration, State
from renluyen.registrations.transitions import AWAITING_REVIEW

# A branch's page lists the members of the branch and of its sub-branches.
BRANCH_LEVELS = {Level.BRANCH, Level.SUBBRANCH}


def program_choice(request, unit, prefer=None):
    """The programs concerning `unit` that the user may see (run by a unit above it, or
    below it), and the one to show: ?program= (404 when not among them), else the newest
    open one with members here that also satisfies `prefer` (e.g. evaluation started),
    else the newest open one with members here, else the newest with members, else the
    newest."""
    here = Enrollment.objects.filter(program=OuterRef("pk"), branch__path__startswith=unit.path)
    programs = list(
        visible_programs(request.user)
        .filter(Q(unit__path__in=unit.ancestor_paths()) | Q(unit__path__startswith=unit.path))
        .select_related("unit")
        .annotate(has_members=Exists(here))
        .order_by("-school_year", "name")
    )
    picked = request.GET.get("program", "")
    if picked:
        chosen = next((p for p in programs if str(p.pk) == picked), None)
        if chosen is None:
            raise Http404
        return programs, chosen
    for wanted in (
        lambda p: p.has_members and p.status == ProgramStatus.OPEN and (prefer or bool)(p),
        lambda p: p.has_members and p.status == ProgramStatus.OPEN,
        lambda p: p.has_members,
        lambda p: True,
    ):
        chosen = next((p for p in programs if wanted(p)), None)
        if chosen is not None:
            return programs, chosen
    return programs, None


def program_context(programs, program) -> dict:
    # Above a base Union, programs of several base Unions are offered: name their unit.
    several_units = len({p.unit_id for p in programs}) > 1
    return {"programs": programs, "program": program, "several_units": several_units}


def _same_page_elsewhere(name: str, unit: Unit, request):
    url = reverse(f"registrations:{name}", args=[unit.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@dataclass
class Row:
    enrollment: Enrollment
    registration: Registration | None
    items: list
    areas: int  # content areas with at least one criterion
    problems: list | None  # rule problems of a form awaiting review, else None
    reviewable: bool  # the user may confirm it from the list
    paper: bool  # the user may type in its paper form

    @property
    def state(self) -> str:
        return self.registration.state if self.registration else NOT_REGISTERED

    @property
    def state_label(self):
        return figures.STATE_LABELS[self.state]


@require_http_methods(["GET", "POST"])
@login_required
def branch(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_REGISTRATION)
    if unit.level not in BRANCH_LEVELS:
        return _same_page_elsewhere("overview", unit, request)
    reviewer = can(request.user, Action.REVIEW_REGISTRATION, unit)
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        return _confirm_selected(request, unit)
    programs, program = program_choice(request, unit)
    context = {**program_context(programs, program), "unit": unit, "reviewer": reviewer}
    if program is None:
        return render(request, "registrations/branch.html", context)
    prefetch_related_objects([program], "areas")
    enrollments = Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
    counts = figures.state_counts(enrollments)
    state = request.GET.get("state", "")
    if state == NOT_REGISTERED:
        enrollments = enrollments.filter(registration__isnull=True)
    elif state in State.values:
        enrollments = enrollments.filter(registration__state=state)
    else:
        state = ""
    q = request.GET.get("q", "").strip()
    for term in search_terms(q):
        enrollments = enrollments.filter(member__search_text__contains=term)
    page = paginate(
        request,
        services.enrollments_with_forms(enrollments).order_by("member__full_name", "member__code"),
    )
    rows = _rows_for(page, program, request.user, reviewer)
    context.update(
        counts=[(key, figures.STATE_LABELS[key], n) for key, n in counts.items()],
        enrolled=sum(counts.values()),
        state=state,
        q=q,
        page=page,
        rows=rows,
        area_count=len(program.areas.all()),
        any_reviewable=any(row.reviewable for row in rows),
    )
    return render(request, "registrations/branch.html", context)


def _rows_for(page, program, user, reviewer: bool) -> list[Row]:
    """The page's rows, checked in Python on the prefetched items (no query per row)."""
    own = own_member(user)
    rows = []
    for enrollment in page:
        registration = getattr(enrollment, "registration", None)
        items = list(registration.items.all()) if registration else []
        state = registration.state if registration else None
        problems = None
        if state in AWAITING_REVIEW:
            problems = rules.check(program, enrollment.member, items)
        # Nobody reviews their own form, even as the secretary.
        may_act = reviewer and not (own is not None and own.pk == enrollment.member_id)
        rows.append(
            Row(
                enrollment=enrollment,
                registration=registration,
                items=items,
                areas=len({item.area_id for item in items}),
                problems=problems,
                reviewable=may_act and state in AWAITING_REVIEW,
                paper=reviewer and services.paper_entry_open(user, enrollment, state),
            )
        )
    return rows


def _confirm_selected(request, unit):
    """Bulk confirmation (IV.1 Step 1): each selected form is confirmed on its own and
    recorded one by one; those that fail the rules are named with the reasons."""
    picked = parse_ids(request.POST.getlist("enrollment"))
    selected = [
        registration
        for registration in Registration.objects.filter(
            enrollment__pk__in=picked, enrollment__branch__path__startswith=unit.path
        )
        .select_related("enrollment__member", "enrollment__branch")
        .order_by("enrollment__member__full_name", "enrollment__member__code")
        if can(request.user, Action.REVIEW_REGISTRATION, registration.enrollment)
    ]
    if not selected:
        messages.error(request, _("Select the forms to confirm."))
        return redirect(request.get_full_path())
    # The version of each form as the list showed it: a form changed since is skipped.
    versions = {
        registration.pk: parse_version(request.POST.get(f"version-{registration.enrollment_id}"))
        for registration in selected
    }
    confirmed, skipped = services.registrations_confirm_many(
        registrations=selected, user=request.user, versions=versions
    )
    if confirmed:
        messages.success(
            request,
            ngettext("Confirmed %(n)d form.", "Confirmed %(n)d forms.", len(confirmed))
            % {"n": len(confirmed)},
        )
    failing = [skip for skip in skipped if not skip.changed]
    changed = [skip for skip in skipped if skip.changed]
    if failing:
        messages.warning(
            request,
            ngettext(
                "Skipped %(n)d form that does not meet the requirements:",
                "Skipped %(n)d forms that do not meet the requirements:",
                len(failing),
            )
            % {"n": len(failing)},
        )
        _name_skipped(request, failing)
    if changed:
        # Not "does not meet the requirements": say what happened and who did it.
        messages.warning(
            request,
            ngettext(
                "Skipped %(n)d form that changed since the list was shown:",
                "Skipped %(n)d forms that changed since the list was shown:",
                len(changed),
            )
            % {"n": len(changed)},
        )
        _name_skipped(request, changed)
    return redirect(request.get_full_path())


def _name_skipped(request, skipped) -> None:
    for skip in skipped:
        member = skip.registration.enrollment.member
        messages.warning(
            request,
            _("%(name)s (%(code)s): %(reasons)s")
            % {"name": member.full_name, "code": member.code, "reasons": " ".join(skip.reasons)},
        )


@login_required
def overview(request, unit):
    """Registration figures of every branch under a federation, base or upper Union:
    50 branches a page and the total, from the stored per-branch figures (one query
    each, their rows number the branches)."""
    unit = get_unit(request.user, unit, Action.VIEW_REGISTRATION)
    if unit.level in BRANCH_LEVELS:
        return _same_page_elsewhere("branch", unit, request)
    programs, program = program_choice(request, unit)
    page = paginate(request, Unit.objects.subtree(unit).branches().select_related("parent"))
    context = {**program_context(programs, program), "unit": unit, "page": page}
    if program is not None:
        rows = figures.branch_figures(program, list(page))
        total = figures.total_figures(program, unit)
        labels = figures.column_labels()
        for row in [*rows, total]:
            row.html = row.cells_html(labels)
        context.update(columns=list(figures.COLUMNS.values()), rows=rows, total=total)
    return render(request, "registrations/overview.html", context)
