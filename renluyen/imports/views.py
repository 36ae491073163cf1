import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import id_or_404
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, scope
from renluyen.imports import problems, services, template_files
from renluyen.imports.forms import UploadForm
from renluyen.imports.models import MemberImport
from renluyen.organizations.models import Unit
from renluyen.people.models import Gender, MemberStatus, MemberType

PROBLEMS_PER_PAGE = 200


def _target(request) -> Unit | None:
    """The unit named by ?unit=: 404 if unseen, 403 without the right to import there."""
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    return get_unit(request.user, id_or_404(raw), Action.IMPORT_MEMBERS)


def _get_import(user, pk: int, *, defer_rows=True) -> MemberImport:
    """An import is seen by whoever may import into its unit (the uploader or a peer)."""
    imports = MemberImport.objects.select_related("unit", "program", "uploaded_by", "applied_by")
    if defer_rows:
        imports = imports.defer("rows", "file_problems")
    member_import = get_object_or_404(imports, pk=pk)
    if not can(user, Action.IMPORT_MEMBERS, member_import.unit):
        raise Http404
    return member_import


@login_required
def upload(request):
    unit = _target(request)
    if unit is None:
        return _pick_unit(request)
    if unit.level not in services.TARGET_LEVELS:
        messages.error(
            request,
            _("Members are imported into a base Union, a branch federation or a branch."),
        )
        return redirect("imports:upload")
    form = UploadForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            member_import = services.import_upload(
                user=request.user,
                unit=unit,
                program=form.cleaned_data["program"],
                file_name=upload.name,
                data=upload.read(),
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:preview", member_import.pk)
    recent = (
        MemberImport.objects.filter(unit=unit)
        .select_related("uploaded_by", "program")
        .defer("rows", "file_problems", "problems", "samples")[:10]
    )
    return render(
        request,
        "imports/upload.html",
        {"unit": unit, "form": form, "recent": recent},
    )


def _pick_unit(request):
    units = list(
        scope(request.user, Action.IMPORT_MEMBERS)
        .filter(level__in=services.TARGET_LEVELS)
        .order_by("path")
        .only("name", "code", "level", "path", "depth")
    )
    if not units:
        raise PermissionDenied
    if len(units) == 1:
        return redirect(f"{reverse('imports:upload')}?unit={units[0].pk}")
    top = min(u.depth for u in units)
    for u in units:
        u.indent = "\u2003" * (u.depth - top)
    return render(request, "imports/pick_unit.html", {"units": units})


@login_required
def template(request, fmt: str):
    """The blank list to fill in; with ?unit= the .xlsx also lists that unit's branch codes."""
    if fmt == "csv":
        response = HttpResponse(template_files.template_csv(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-doan-vien.csv"'
        return response
    if fmt != "xlsx":
        raise Http404
    unit = _target(request)
    branches = Unit.objects.subtree(unit).branches().order_by("path") if unit else []
    response = HttpResponse(
        template_files.template_xlsx(branches),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-doan-vien.xlsx"'
    return response


@login_required
def preview(request, pk: int):
    member_import = _get_import(request.user, pk)
    page = paginate(request, problems.group_by_row(member_import.problems), PROBLEMS_PER_PAGE)
    return render(
        request,
        "imports/preview.html",
        {
            "imp": member_import,
            "page": page,
            "bad": problems.describe(page.object_list),
            "created": member_import.samples.get("create", []),
            "updated": [_show_update(u) for u in member_import.samples.get("update", [])],
            "may_make_accounts": can(request.user, Action.MANAGE_ACCOUNTS, member_import.unit),
        },
    )


_CHOICES = {"gender": Gender, "member_type": MemberType, "status": MemberStatus}


def _show_update(sample: dict) -> dict:
    labels = {
        "full_name": _("Full name"),
        "date_of_birth": _("Date of birth"),
        "gender": _("Gender"),
        "member_type": _("Member type"),
        "email": _("Email"),
        "phone": _("Phone"),
        "status": _("Status"),
        "branch": _("Branch"),
        "enrollment": _("Enrolled in the program"),
    }

    def show(name, value):
        if not value:
            return "—"
        if name in _CHOICES:
            return str(_CHOICES[name](value).label)
        if name == "date_of_birth":
            y, m, d = value.split("-")
            return f"{d}/{m}/{y}"
        return value

    changes = [(labels[n], show(n, old), show(n, new)) for n, old, new in sample["changes"]]
    return {**sample, "changes": changes}


@login_required
def problems_csv(request, pk: int):
    """Every problem, one per line, for files with more bad rows than a page shows."""
    member_import = _get_import(request.user, pk)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow([_("Row"), _("Problem")])
    for row, texts in problems.describe(problems.group_by_row(member_import.problems)):
        for text in texts:
            writer.writerow([row, text])
    return response


@require_POST
@login_required
def confirm(request, pk: int):
    member_import = _get_import(request.user, pk)
    try:
        done = services.import_apply(member_import=member_import, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.problems:
            # Show the rows that went bad since the check, instead of the stale list.
            try:
                services.import_recheck(member_import=member_import, user=request.user)
            except DomainError:
                pass
    else:
        messages.success(
            request,
            _(
                "Imported: %(created)s new members, %(updated)s updated, %(unchanged)s "
                "unchanged; %(enrolled)s enrolled in the program."
            )
            % {
                "created": done.to_create,
                "updated": done.to_update,
                "unchanged": done.unchanged,
                "enrolled": done.to_enroll,
            },
        )
    return redirect("imports:preview", pk)


@require_POST
@login_required
def recheck(request, pk: int):
    member_import = _get_import(request.user, pk)
    try:
        services.import_recheck(member_import=member_import, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:preview", pk)


@require_POST
@login_required
def discard(request, pk: int):
    member_import = _get_import(request.user, pk)
    try:
        services.import_discard(member_import=member_import, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", pk)
    messages.success(request, _("The import was discarded; nothing was written."))
    return redirect(f"{reverse('imports:upload')}?unit={member_import.unit_id}")
