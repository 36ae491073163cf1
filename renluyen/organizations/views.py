from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from renluyen.core.access import get_unit
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, scope
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member


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
        },
    )
