"""Pages of the middle of the year: the member's progress log with evidence, comments by
the committee and the mentor, the six-monthly self-review, the branch's summary of it,
and the list of entries waiting to be looked at.

Every page fetches the member's year through core.access.get_enrollment (404 when the
user may not see the member's form: Action.VIEW_REGISTRATION); writing is the member's
own, commenting the committee's and the mentor's (Action.COMMENT_PROGRESS), replying to a
self-review also the branch's members' (core.policy.in_branch).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from renluyen.core.access import get_enrollment
from renluyen.core.errors import DomainError
from renluyen.core.ids import id_or_404, parse_id, parse_ids, parse_version
from renluyen.core.paging import paginate
from renluyen.core.policy import (
    Action,
    can,
    in_branch,
    own_member,
    visible_programs,
)
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.progress import evidence, files, services, todo
from renluyen.progress.forms import EntryForm
from renluyen.progress.models import Entry, Mark, SelfReview
from renluyen.progress.summary import branch_summary
from renluyen.registrations.transitions import CONFIRMED_STATES


def _is_own(user, enrollment) -> bool:
    member = own_member(user)
    return member is not None and member.pk == enrollment.member_id


@dataclass
class ItemView:
    item: object
    evidence: evidence.Evidence
    mark: str = ""
    problems: list[str] = field(default_factory=list)


def _areas(items, found: dict, marks: dict | None = None) -> list[tuple]:
    """[(area, [ItemView])] in the form's order."""
    out: list[tuple] = []
    for item in items:
        if not out or out[-1][0].pk != item.area_id:
            out.append((item.area, []))
        out[-1][1].append(ItemView(item, found[item.pk], (marks or {}).get(item.pk, "")))
    return out


# ---------------------------------------------------------------- the member's own


@require_safe
@login_required
def mine(request):
    """Straight to the member's progress log in the newest open year with a confirmed
    form; otherwise why there is none."""
    member = own_member(request.user)
    enrollments = []
    if member is not None:
        enrollments = list(
            Enrollment.objects.filter(member=member, program__status=ProgramStatus.OPEN)
            .select_related("program", "registration")
            .order_by("-program__school_year", "program__name")
        )
    confirmed = [
        e
        for e in enrollments
        if getattr(e, "registration", None) and e.registration.state in CONFIRMED_STATES
    ]
    if confirmed:
        # The year in its middle first: evaluation not yet due.
        today = timezone.localdate()
        current = [e for e in confirmed if e.program.evaluation_deadline > today] or confirmed
        return redirect("progress:log", current[0].pk)
    return render(request, "progress/none.html", {"enrollments": enrollments})


# ---------------------------------------------------------------- the progress log


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def log(request, pk: int):
    """Each confirmed criterion with what the member did (entries, attended activities)
    and, for the member, a form to record more."""
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    if request.method == "POST":
        if not _is_own(request.user, enrollment):
            raise PermissionDenied
        return _add(request, enrollment)
    return _log_page(request, enrollment)


def _add(request, enrollment):
    form = EntryForm(request.POST, request.FILES)
    item_id = parse_id(request.POST.get("item"))
    if form.is_valid():
        values = form.cleaned_data
        try:
            entry = services.entry_add(
                enrollment=enrollment,
                user=request.user,
                item_id=item_id,
                done_on=values["done_on"],
                text=values["text"],
                link=values["link"],
                upload=values["file"],
            )
        except DomainError as error:
            fields = set(form.fields)
            for problem in error.problems or []:
                form.add_error(problem.where if problem.where in fields else None, problem.message)
            if not error.problems:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Your progress was recorded."))
            return redirect(f"{reverse('progress:log', args=[enrollment.pk])}#entry-{entry.pk}")
    return _log_page(request, enrollment, form=form, item_id=item_id, status=400)


def _log_page(request, enrollment, *, form=None, item_id=None, status=200):
    items = list(services.confirmed_items(enrollment))
    found = evidence.for_enrollment(enrollment, items)
    own = _is_own(request.user, enrollment)
    problem = services.log_problem(enrollment) if own else None
    may_comment_all = can(request.user, Action.COMMENT_PROGRESS, enrollment)
    context = {
        "enrollment": enrollment,
        "program": enrollment.program,
        "member": enrollment.member,
        "areas": _areas(items, found),
        "own": own,
        "may_write": own and problem is None,
        "problem": problem,
        "may_comment": own or may_comment_all,
        "may_mark_seen": may_comment_all and not own,
        "form": form,
        "form_item": item_id,
        "blank_form": EntryForm(initial={"done_on": timezone.localdate()}),
        "review_open": services.review_window_problem(enrollment) is None,
        "today": timezone.localdate(),
    }
    return render(request, "progress/log.html", context, status=status)


def _entry(request, pk: int) -> Entry:
    """The entry if the user may see the member's form, else 404."""
    entry = get_object_or_404(
        Entry.objects.select_related(
            "enrollment__program__unit", "enrollment__member__user", "enrollment__branch"
        ),
        pk=pk,
    )
    if not can(request.user, Action.VIEW_REGISTRATION, entry.enrollment):
        raise Http404
    return entry


def _attempt(request, step, success: str) -> None:
    """Run one service step; its refusal or `success` becomes the page's message."""
    try:
        step()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


def _entry_url(entry) -> str:
    return f"{reverse('progress:log', args=[entry.enrollment_id])}#entry-{entry.pk}"


@require_POST
@login_required
def entry_comment(request, pk: int):
    entry = _entry(request, pk)
    enrollment = entry.enrollment
    if not (
        _is_own(request.user, enrollment) or can(request.user, Action.COMMENT_PROGRESS, enrollment)
    ):
        raise PermissionDenied
    _attempt(
        request,
        lambda: services.comment_add(
            entry=entry, user=request.user, text=request.POST.get("text", "")
        ),
        _("The comment was added."),
    )
    return redirect(_entry_url(entry))


@require_POST
@login_required
def entry_seen(request, pk: int):
    entry = _entry(request, pk)
    if _is_own(request.user, entry.enrollment) or not can(
        request.user, Action.COMMENT_PROGRESS, entry.enrollment
    ):
        raise PermissionDenied
    services.entries_seen(entries=[entry], user=request.user)
    return redirect(_entry_url(entry))


@require_POST
@login_required
def entry_delete(request, pk: int):
    entry = _entry(request, pk)
    if not _is_own(request.user, entry.enrollment):
        raise PermissionDenied
    _attempt(
        request,
        lambda: services.entry_delete(entry=entry, user=request.user),
        _("The entry was deleted."),
    )
    return redirect("progress:log", entry.enrollment_id)


@require_safe
@login_required
def entry_file(request, pk: int):
    """The evidence file, to those who may see the member's form (else 404)."""
    entry = _entry(request, pk)
    if not entry.file_name:
        raise Http404
    return files.response(entry)


# ---------------------------------------------------------------- waiting to be looked at


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def waiting(request):
    """Entries of the members the user follows that nobody has looked at yet."""
    entries = todo.waiting_entries(request.user)
    if request.method == "POST":
        chosen = list(entries.filter(pk__in=parse_ids(request.POST.getlist("entry"))))
        n = services.entries_seen(entries=chosen, user=request.user)
        messages.success(
            request,
            ngettext("%(n)s entry marked as looked at.", "%(n)s entries marked as looked at.", n)
            % {"n": n},
        )
        return redirect("progress:waiting")
    page = paginate(
        request,
        entries.select_related(
            "enrollment__member", "enrollment__branch", "item__criterion"
        ).select_related("item__activity"),
    )
    return render(request, "progress/waiting.html", {"page": page})


# ---------------------------------------------------------------- the six-monthly self-review


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review(request, pk: int):
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    own = _is_own(request.user, enrollment)
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        return _review_post(request, enrollment)
    return _review_page(request, enrollment)


def _review_post(request, enrollment):
    action = request.POST.get("action", "")
    if action not in ("save", "submit"):
        return HttpResponseBadRequest()
    marks = {}
    for name, value in request.POST.items():
        if name.startswith("mark-"):
            item_id = parse_id(name.removeprefix("mark-"))
            if item_id is not None:
                marks[item_id] = value
    difficulties = request.POST.get("difficulties", "")
    try:
        result = services.review_save(
            enrollment=enrollment,
            user=request.user,
            marks=marks,
            difficulties=difficulties,
            version=parse_version(request.POST.get("version")),
            submit=action == "submit",
        )
    except DomainError as error:
        return _review_page(
            request, enrollment, error=error, marks=marks, difficulties=difficulties
        )
    if action == "submit":
        messages.success(
            request, _("Your self-review was sent; the branch sees it in its summary.")
        )
    else:
        messages.success(request, _("The draft was saved."))
    url = reverse("progress:review", args=[enrollment.pk])
    return redirect(f"{url}?done=1" if result.all_done and action == "submit" else url)


def _review_page(request, enrollment, *, error=None, marks=None, difficulties=None):
    saved, saved_marks = services.review_for_reading(enrollment)
    items = list(services.confirmed_items(enrollment))
    found = evidence.for_enrollment(enrollment, items)
    areas = _areas(items, found, saved_marks if marks is None else marks)
    general = []
    for problem in error.problems if error else ():
        key = (problem.where or "").removeprefix("item:")
        placed = False
        for _area, views in areas:
            for view in views:
                if str(view.item.pk) == key:
                    view.problems.append(problem.message)
                    placed = True
        if not placed:
            general.append(problem.message)
    if error and not error.problems:
        general.append(error.message)
    own = _is_own(request.user, enrollment)
    problem = services.review_window_problem(enrollment)
    all_done = bool(items) and all(saved_marks.get(i.pk) == Mark.DONE for i in items)
    context = {
        "enrollment": enrollment,
        "program": enrollment.program,
        "member": enrollment.member,
        "review": saved,
        "areas": areas,
        "marks": Mark.choices,
        "difficulties": saved.difficulties if difficulties is None else difficulties,
        "own": own,
        "editable": own and problem is None and bool(items),
        "problem": problem,
        "error": error,
        "general": general,
        "invite": own and saved.submitted_at is not None and all_done,
        "replies": list(saved.replies.select_related("author")) if saved.pk else [],
    }
    return render(request, "progress/review.html", context, status=400 if error else 200)


# ---------------------------------------------------------------- the branch's summary


def _summary_program(request, branch: Unit):
    programs = visible_programs(request.user).select_related("unit")
    chosen = request.GET.get("program", "")
    if chosen:
        return get_object_or_404(programs, pk=id_or_404(chosen))
    newest = programs.filter(enrollments__branch=branch).distinct().order_by("-school_year", "pk")
    return newest.filter(status=ProgramStatus.OPEN).first() or newest.first()


def _branch_for(request, pk: int) -> Unit:
    """The branch if the user may see it: a role over it, or a member training in it
    (in any year; the year is checked again with the program)."""
    unit = get_object_or_404(Unit, pk=pk, level=Level.BRANCH)
    if can(request.user, Action.VIEW_UNIT, unit):
        return unit
    member = own_member(request.user)
    if member is not None and Enrollment.objects.filter(member=member, branch=unit).exists():
        return unit
    raise Http404


@require_safe
@login_required
def branch(request, unit: int):
    branch_unit = _branch_for(request, unit)
    program = _summary_program(request, branch_unit)
    if program is None:
        raise Http404
    committee = can(request.user, Action.VIEW_UNIT, branch_unit)
    if not committee and not in_branch(request.user, program.pk, branch_unit.pk):
        raise Http404
    summary = branch_summary(program, branch_unit)
    return render(
        request,
        "progress/branch.html",
        {
            "branch": branch_unit,
            "program": program,
            "summary": summary,
            "committee": committee,
            "may_reply": in_branch(request.user, program.pk, branch_unit.pk)
            or can(request.user, Action.COMMENT_PROGRESS, branch_unit),
            "window_problem": _window_text(program),
        },
    )


def _window_text(program) -> str:
    today = timezone.localdate()
    if today < program.self_review_start or today > program.self_review_end:
        return services.review_window_problem(Enrollment(program=program), today) or ""
    return ""


@require_POST
@login_required
def reply(request, pk: int):
    """Help offered on a member's submitted self-review by someone of their branch."""
    saved = get_object_or_404(
        SelfReview.objects.select_related(
            "enrollment__program__unit", "enrollment__member__user", "enrollment__branch"
        ),
        pk=pk,
    )
    enrollment = saved.enrollment
    peer = in_branch(request.user, enrollment.program_id, enrollment.branch_id)
    if not (peer or can(request.user, Action.VIEW_REGISTRATION, enrollment)):
        raise Http404
    if not (peer or can(request.user, Action.COMMENT_PROGRESS, enrollment)):
        raise PermissionDenied
    _attempt(
        request,
        lambda: services.reply_add(
            review=saved, user=request.user, text=request.POST.get("text", "")
        ),
        _("Your reply was added."),
    )
    url = reverse("progress:branch", args=[enrollment.branch_id])
    return redirect(f"{url}?program={enrollment.program_id}#review-{saved.pk}")
