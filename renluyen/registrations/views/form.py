"""The member's training form (phiếu đăng ký rèn luyện, IV.2 Step 1), and the same form
typed in by the branch committee from the member's paper form (IV.1 Step 1).

The member edits their own form at registrations:form; a committee member edits it only
through registrations:paper, so the history always says when a form came from paper.
Everyone else who may see the form (federation, base Union) gets it read-only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from renluyen.core.access import get_enrollment
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can, own_member
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.registrations import deadlines, services
from renluyen.registrations.forms import (
    Catalog,
    build_blocks,
    counts,
    parse_drafts,
    parse_version,
)
from renluyen.registrations.models import Registration, State
from renluyen.registrations.transitions import EDITABLE, Step, allowed

RETURNED = {State.RETURNED, State.SUPPLEMENT_RETURNED}


@require_safe
@login_required
def my_forms(request):
    """The member's forms in the open programs: straight to the form when there is one."""
    member = own_member(request.user)
    enrollments = []
    if member is not None:
        enrollments = list(
            Enrollment.objects.filter(member=member, program__status=ProgramStatus.OPEN)
            .select_related("program", "branch", "registration")
            .order_by("-program__school_year", "program__name")
        )
    if len(enrollments) == 1:
        return redirect("registrations:form", enrollments[0].pk)
    rows = [(enrollment, _registration(enrollment)) for enrollment in enrollments]
    return render(request, "registrations/mine.html", {"rows": rows, "member": member})


def _registration(enrollment) -> Registration | None:
    try:
        return enrollment.registration
    except Registration.DoesNotExist:
        return None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def form(request, pk, on_paper=False):
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    if on_paper and not can(request.user, Action.REVIEW_REGISTRATION, enrollment):
        raise PermissionDenied
    may_edit = _may_edit(request.user, enrollment, on_paper)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        return _post(request, enrollment, on_paper)
    return _page(request, enrollment, on_paper=on_paper, may_edit=may_edit)


def _may_edit(user, enrollment, on_paper: bool) -> bool:
    """The member on their own form, or a reviewer on the paper screen; only while the
    program is open."""
    if enrollment.program.status != ProgramStatus.OPEN:
        return False
    if not can(user, Action.EDIT_REGISTRATION, enrollment):
        return False
    if on_paper:
        return True
    member = own_member(user)
    return member is not None and member.pk == enrollment.member_id


def _url(enrollment, on_paper: bool) -> str:
    name = "registrations:paper" if on_paper else "registrations:form"
    return reverse(name, args=[enrollment.pk])


# ---------------------------------------------------------------- writes


def _post(request, enrollment, on_paper: bool):
    screen = "paper" if on_paper else "form"
    action = request.POST.get("action", "")
    if action in ("save", "submit"):
        return _save(request, enrollment, on_paper, screen, submit=action == "submit")
    steps = {
        "withdraw": (
            services.registration_withdraw,
            _("The form was taken back; you can edit it."),
        ),
        "supplement": (
            services.registration_start_supplement,
            _("Add the new criteria, then submit the addition."),
        ),
        "cancel_supplement": (
            services.registration_cancel_supplement,
            _("The addition was cancelled; the confirmed form is unchanged."),
        ),
    }
    if action not in steps:
        return HttpResponseBadRequest()
    step, done = steps[action]
    registration = Registration.objects.filter(enrollment=enrollment).first()
    try:
        if registration is None:
            raise DomainError(_("This form has not been started yet."))
        step(registration=registration, user=request.user, screen=screen)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_url(enrollment, on_paper))


def _save(request, enrollment, on_paper: bool, screen: str, *, submit: bool):
    """Save the form exactly as typed; then, for "Nộp phiếu", submit what was saved."""
    catalog = Catalog.load(enrollment)
    drafts = parse_drafts(request.POST, catalog)
    version = parse_version(request.POST)
    try:
        registration = services.registration_save(
            enrollment=enrollment,
            user=request.user,
            drafts=drafts,
            version=version,
            screen=screen,
            on_paper=on_paper,
            items=catalog.items,
        )
    except DomainError as error:
        # Nothing was written: show the page with what was posted, so nothing is lost.
        return _page(
            request,
            enrollment,
            on_paper=on_paper,
            may_edit=True,
            error=error,
            drafts=drafts,
            version=version,
            catalog=catalog,
        )
    if not submit:
        messages.success(request, _("The draft was saved."))
        return redirect(_url(enrollment, on_paper))
    try:
        services.registration_submit(registration=registration, user=request.user, screen=screen)
    except DomainError as error:
        # The draft is saved as typed; show it with every problem beside its field.
        return _page(request, enrollment, on_paper=on_paper, may_edit=True, error=error)
    messages.success(request, _("The form was submitted; the branch committee will confirm it."))
    return redirect(_url(enrollment, on_paper))


# ---------------------------------------------------------------- the page


def summary(problems, blocks) -> list[tuple[str, str]]:
    """(message, anchor) for each problem, the criterion named first ("1.2: Giải pháp quá
    ngắn…"), so a list of identical messages still says where each one is."""
    rows = {row.key: (block, row) for block in blocks for row in block.rows}
    out = []
    for problem in problems:
        kind, _sep, ref = (problem.where or "").partition(":")
        message = problem.message
        if kind == "item" and ref in rows:
            message = f"{_row_name(*rows[ref])}: {message}"
        out.append((message, (problem.where or "").replace(":", "-")))
    return out


def _row_name(block, row) -> str:
    if row.code:
        return row.code
    if row.is_open:
        text = Truncator(" ".join((row.text or "").split())).chars(40)
        label = _("Own criterion in area %(number)d") % {"number": block.area.number}
        return f"{label} “{text}”" if text else label
    return Truncator(row.label).chars(40)


def _page(
    request,
    enrollment,
    *,
    on_paper,
    may_edit,
    error=None,
    drafts=None,
    version=None,
    catalog=None,
):
    """The form, editable or read-only. `drafts` (with the `version` they were posted with)
    replace the saved items when a save was refused; nothing was written then, so the
    `catalog` loaded for the save still holds."""
    catalog = catalog or Catalog.load(enrollment)
    registration = catalog.registration
    state = registration.state if registration else None
    editable = may_edit and (state is None or state in EDITABLE)
    items = catalog.items if drafts is None else [*catalog.confirmed, *drafts]
    if version is None:
        version = registration.version if registration else 0
    comments = []
    if state in RETURNED:
        comments = list(
            registration.comments.filter(round=registration.round).select_related("item", "author")
        )
    suggestions = list(enrollment.suggestions.select_related("area")) if editable else []
    blocks, general_comments = build_blocks(
        catalog,
        items,
        problems=error.problems if error else (),
        comments=comments,
        suggestions=suggestions,
        blank_slot=editable,
    )
    today = timezone.localdate()
    program = enrollment.program
    # The latest extension, read once for the page and the deadline check.
    extension = enrollment.extensions.order_by("-granted_at", "-pk").first()
    return render(
        request,
        "registrations/form.html",
        {
            "enrollment": enrollment,
            "program": program,
            "member": enrollment.member,
            "registration": registration,
            "state": state,
            "editable": editable,
            "may_edit": may_edit,
            "on_paper": on_paper,
            "action_url": _url(enrollment, on_paper),
            "version": version,
            "blocks": blocks,
            "counts": counts(catalog, items),
            "error": error,
            # Every problem at the top, each naming its criterion and linking to its
            # field (#item-c12, #area-4).
            "summary": summary(error.problems, blocks) if error else [],
            "general_comments": general_comments,
            "extension": extension,
            "late": (
                deadlines.submission_problem(
                    enrollment,
                    today,
                    committee=on_paper,
                    extensions=[extension] if extension else [],
                )
                if registration is None or registration.first_submitted_at is None
                else None
            ),
            "may_withdraw": may_edit and allowed(state, Step.WITHDRAW),
            "may_supplement": (
                may_edit and allowed(state, Step.SUPPLEMENT) and today < program.evaluation_start
            ),
            "may_cancel_supplement": may_edit and allowed(state, Step.CANCEL_SUPPLEMENT),
            "supplement": state in (State.SUPPLEMENT_DRAFT, State.SUPPLEMENT_RETURNED),
            "may_enter_paper": (
                not on_paper
                and not may_edit
                and services.paper_entry_open(request.user, enrollment, state)
            ),
        },
    )
