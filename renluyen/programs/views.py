"""Program pages: the catalog, and its editing by the standing committee.

Every page fetches the program through core.access.get_program: 404 for a program the
user may not see, 403 for one they may see but not edit (Action.EDIT_PROGRAM). Which
changes a program's status allows is decided by programs.services, never here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renluyen.core.access import get_program
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can, visible_programs
from renluyen.programs import services
from renluyen.programs.forms import AreaForm, CriterionForm, ProgramCopyForm, ProgramSettingsForm
from renluyen.programs.models import Area, Criterion, Program, ProgramStatus


@login_required
def program_list(request):
    programs = (
        visible_programs(request.user).select_related("unit").order_by("-school_year", "name")
    )
    return render(request, "programs/program_list.html", {"programs": programs})


@login_required
def program_detail(request, pk: int):
    program = get_program(request.user, pk)
    areas = program.areas.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "code"))
    )
    may_edit = can(request.user, Action.EDIT_PROGRAM, program)
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "areas": areas,
            "may_edit": may_edit,
            "may_enroll": program.status != ProgramStatus.CLOSED
            and can(request.user, Action.ENROLL_MEMBERS, program),
            "is_draft": program.status == ProgramStatus.DRAFT,
            "next_statuses": (
                [ProgramStatus(s) for s in sorted(services.STATUS_CHANGES[program.status])]
                if may_edit
                else []
            ),
            # What keeps a draft (or a closed year) from opening, shown before anyone tries.
            "open_problems": (
                services.check_program(program)
                if may_edit and program.status != ProgramStatus.OPEN
                else []
            ),
        },
    )


def _detail_url(program: Program, area: Area | None = None) -> str:
    url = reverse("programs:program_detail", args=[program.pk])
    return f"{url}#area-{area.number}" if area is not None else url


def _bound(request):
    return request.POST if request.method == "POST" else None


@login_required
def program_copy(request, pk: int):
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    form = ProgramCopyForm(
        _bound(request), initial={"school_year": services.next_school_year(program.school_year)}
    )
    if form.is_valid():
        try:
            copy = services.program_copy(
                program=program, school_year=form.cleaned_data["school_year"], user=request.user
            )
        except DomainError as exc:
            form.add_error("school_year", exc.message)
        else:
            messages.success(
                request,
                _(
                    "The program was copied into school year %(year)s as a draft. "
                    "Check its deadlines, then open it."
                )
                % {"year": copy.school_year},
            )
            return redirect("programs:program_detail", copy.pk)
    return render(request, "programs/program_copy.html", {"program": program, "form": form})


@login_required
def program_edit(request, pk: int):
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    form = ProgramSettingsForm(_bound(request), program=program)
    problems = []
    if form.is_valid():
        try:
            services.program_update(program=program, user=request.user, values=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            problems = exc.problems
        else:
            messages.success(request, _("The program's settings were saved."))
            return redirect("programs:program_detail", program.pk)
    return render(
        request,
        "programs/program_form.html",
        {"program": program, "form": form, "problems": problems},
    )


@require_POST
@login_required
def program_status(request, pk: int):
    """The open / close buttons of the program page."""
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    status = request.POST.get("status", "")
    if status not in ProgramStatus.values:
        messages.error(request, _("Choose a status from the list."))
        return redirect("programs:program_detail", program.pk)
    try:
        services.program_update(program=program, user=request.user, values={"status": status})
    except DomainError as exc:
        messages.error(request, " ".join([str(exc.message), *map(str, exc.problems)]))
    else:
        messages.success(
            request,
            _("The program is now “%(status)s”.") % {"status": ProgramStatus(status).label},
        )
    return redirect("programs:program_detail", program.pk)


@login_required
def area_edit(request, pk: int, area_pk: int | None = None):
    """Add an area (no area_pk) or edit one."""
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    area = get_object_or_404(Area, pk=area_pk, program=program) if area_pk else None
    initial = None
    if area is None:
        last = program.areas.order_by("-number").first()
        initial = {"number": (last.number + 1) if last else 1, "points": 20}
    form = AreaForm(_bound(request), program=program, area=area, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if area is None:
                area = services.area_create(program=program, user=request.user, **data)
            else:
                area = services.area_update(area=area, user=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Area %(area)s was saved.") % {"area": area})
            return redirect(_detail_url(program, area))
    return render(
        request, "programs/area_form.html", {"program": program, "area": area, "form": form}
    )


@login_required
def area_delete(request, pk: int, area_pk: int):
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    area = get_object_or_404(Area, pk=area_pk, program=program)
    if request.method == "POST":
        try:
            services.area_delete(area=area, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_detail_url(program, area))
        messages.success(request, _("Area %(area)s was deleted.") % {"area": area})
        return redirect(_detail_url(program))
    return render(
        request,
        "programs/confirm_delete.html",
        {
            "program": program,
            "thing": area,
            "consequence": _("Its %(n)s criteria are deleted with it.")
            % {"n": area.criteria.count()},
            "cancel_url": _detail_url(program, area),
        },
    )


@login_required
def criterion_edit(request, pk: int, area_pk: int | None = None, criterion_pk: int | None = None):
    """Add a criterion to an area (area_pk) or edit one (criterion_pk)."""
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    criterion = None
    if criterion_pk:
        criterion = get_object_or_404(
            Criterion.objects.select_related("area"), pk=criterion_pk, area__program=program
        )
        area = criterion.area
    else:
        area = get_object_or_404(Area, pk=area_pk, program=program)
    area.program = program
    initial = None if criterion else {"code": services.suggest_criterion_code(area)}
    form = CriterionForm(_bound(request), area=area, criterion=criterion, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if criterion is None:
                criterion = services.criterion_create(area=area, user=request.user, **data)
            else:
                criterion = services.criterion_update(
                    criterion=criterion, user=request.user, **data
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Criterion %(code)s was saved.") % {"code": criterion.code})
            return redirect(_detail_url(program, area))
    return render(
        request,
        "programs/criterion_form.html",
        {"program": program, "area": area, "criterion": criterion, "form": form},
    )


@login_required
def criterion_delete(request, pk: int, criterion_pk: int):
    program = get_program(request.user, pk, Action.EDIT_PROGRAM)
    criterion = get_object_or_404(
        Criterion.objects.select_related("area"), pk=criterion_pk, area__program=program
    )
    if request.method == "POST":
        try:
            services.criterion_delete(criterion=criterion, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Criterion %(code)s was deleted.") % {"code": criterion.code}
            )
        return redirect(_detail_url(program, criterion.area))
    return render(
        request,
        "programs/confirm_delete.html",
        {
            "program": program,
            "thing": criterion,
            "consequence": "",
            "cancel_url": _detail_url(program, criterion.area),
        },
    )
