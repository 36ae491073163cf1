"""The emulation ranking of the units at each level under a unit (seed V.1), with the
figures that make up each indicator and the weights it uses, exportable to Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.paging import PAGE_SIZE, paginate
from renluyen.core.policy import Action, can
from renluyen.dashboards.views.choice import query_of, scope_for
from renluyen.emulation import export, ranking, services


def _level(request, unit) -> str | None:
    levels = ranking.levels_for(unit)
    if not levels:
        return None
    wanted = request.GET.get("level", "")
    return wanted if wanted in levels else levels[-1]


@login_required
def ranking_page(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    scope, context = scope_for(request, unit)
    level = _level(request, unit)
    context.update(
        unit=unit,
        scope=scope,
        level=level,
        levels=[(key, ranking.LEVELS[key]) for key in ranking.levels_for(unit)],
    )
    if scope is None or level is None:
        return render(request, "emulation/ranking.html", context)
    if level == "branch":
        page = paginate(request, ranking.branches(scope))
        rows = [ranking.ranked_branch(row) for row in page]
    else:
        page = Paginator(ranking.groups(scope, level), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page)
    program = scope.program
    context.update(
        page=page,
        rows=rows,
        query=query_of(scope, context),
        weights=ranking.weights_of(program) if program else None,
        may_edit_weights=program is not None and can(request.user, Action.EDIT_PROGRAM, program),
    )
    return render(request, "emulation/ranking.html", context)


@require_POST
@login_required
def weights(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    scope, context = scope_for(request, unit)
    if scope is None or scope.program is None:
        raise Http404
    if not can(request.user, Action.EDIT_PROGRAM, scope.program):
        raise PermissionDenied
    try:
        services.weights_save(program=scope.program, user=request.user, values=request.POST)
        messages.success(request, _("The emulation weights were saved."))
    except DomainError as error:
        details = " ".join(str(p) for p in error.problems)
        messages.error(request, f"{error.message} {details}".strip())
    return redirect(f"{reverse('emulation:ranking', args=[unit.pk])}?{query_of(scope, context)}")


@login_required
def export_ranking(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    scope, _context = scope_for(request, unit)
    level = _level(request, unit)
    if scope is None or level is None:
        raise Http404
    handle = export.ranking_export(scope, level)
    return FileResponse(handle, as_attachment=True, filename=export.filename(scope, level))


urlpatterns = [
    path("unit/<id:unit>/", ranking_page, name="ranking"),
    path("unit/<id:unit>/weights/", weights, name="weights"),
    path("unit/<id:unit>/export.xlsx", export_ranking, name="export"),
]
