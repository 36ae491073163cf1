from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from renluyen.audit.models import Event
from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, scope
from renluyen.organizations import history, services
from renluyen.organizations.models import ALLOWED_CHILDREN, Level, Unit
from renluyen.organizations.role_views import roles_context
from renluyen.people.models import Member, MemberStatus


@login_required
def unit_list(request):
    units = scope(request.user, Action.VIEW_UNIT).select_related("parent")
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code__icontains=q))
    level = request.GET.get("level", "")
    if level in Level.values:
        units = units.filter(level=level)
    return render(
        request,
        "organizations/unit_list.html",
        {
            "page": paginate(request, units.order_by("path")),
            "q": q,
            "level": level,
            "levels": Level.choices,
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_unit(request.user, pk)
    # Show the way up only as far as the user may see.
    trail = [u for u in unit.ancestors() if can(request.user, Action.VIEW_UNIT, u)]
    below = Unit.objects.subtree(unit)
    may_manage_units = can(request.user, Action.MANAGE_UNITS, unit)
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "trail": trail[:-1],
            "children": unit.children.order_by("name"),
            "branch_count": below.filter(level=Level.BRANCH).count(),
            "member_count": Member.objects.filter(branch__path__startswith=unit.path).count(),
            "may_import": can(request.user, Action.IMPORT_MEMBERS, unit),
            "may_manage_accounts": can(request.user, Action.MANAGE_ACCOUNTS, unit),
            "may_create_units": may_manage_units
            and not unit.is_closed
            and bool(ALLOWED_CHILDREN[Level(unit.level)] - {Level.UPPER, Level.BASE}),
            "may_close": may_manage_units and unit.level == Level.BRANCH and not unit.is_closed,
            **roles_context(request.user, unit),
        },
    )


@require_safe
@login_required
def unit_history(request, pk: int):
    """What happened to a unit: roles granted, ended and handed over, members moved in or
    out, accounts made, units created or closed (audit events recorded on the unit)."""
    unit = get_unit(request.user, pk)
    events = Event.objects.filter(unit=unit).select_related("actor").order_by("-created_at", "-pk")
    page = paginate(request, events, 30)
    return render(
        request,
        "organizations/unit_history.html",
        {"unit": unit, "page": page, "entries": [history.entry(e) for e in page]},
    )


@login_required
def unit_create(request, pk: int):
    """A new unit under this one (a new intake's branch)."""
    parent = get_unit(request.user, pk, Action.MANAGE_UNITS)
    levels = [
        (level, Level(level).label)
        for level in Level.values
        if level in ALLOWED_CHILDREN[Level(parent.level)] and level not in (Level.UPPER, Level.BASE)
    ]
    values = {"level": levels[0][0] if levels else "", "code": "", "name": ""}
    errors = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        try:
            unit = services.unit_create(parent=parent, user=request.user, **values)
        except DomainError as error:
            errors = dict(error.problems) if error.problems else {"form": error.message}
        else:
            messages.success(request, _("%(unit)s was created.") % {"unit": unit.name})
            return redirect("organizations:unit_detail", unit.pk)
    return render(
        request,
        "organizations/unit_create.html",
        {"parent": parent, "levels": levels, "values": values, "errors": errors},
    )


@login_required
def unit_close(request, pk: int):
    """Close a branch whose class graduated: GET says what will happen, POST does it."""
    unit = get_unit(request.user, pk, Action.MANAGE_UNITS)
    if request.method == "POST":
        try:
            left = services.unit_close(unit=unit, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(unit)s is closed; %(n)s members were marked as left.")
                % {"unit": unit.name, "n": left},
            )
            return redirect("organizations:unit_detail", unit.pk)
    return render(
        request,
        "organizations/unit_close.html",
        {
            "unit": unit,
            "problem": services.close_problem(unit),
            "active": Member.objects.filter(branch=unit, status=MemberStatus.ACTIVE).count(),
        },
    )
