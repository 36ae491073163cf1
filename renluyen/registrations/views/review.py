"""One member's form as the branch committee reviews it (IV.1 Step 1): comment on any
criterion, return it or confirm it, suggest open content, grant more time. Federations
and the base Union see the same page read-only."""

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.core.access import get_enrollment
from renluyen.core.dates import parse_day
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id, parse_version
from renluyen.core.policy import Action, can, own_member
from renluyen.programs.models import Area
from renluyen.registrations import deadlines, figures, rules, services
from renluyen.registrations.models import NOT_REGISTERED, Registration
from renluyen.registrations.transitions import AWAITING_REVIEW


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk):
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    own = own_member(request.user)
    if own is not None and own.pk == enrollment.member_id and request.method == "GET":
        # A member's own form lives on their form page; nobody reviews their own.
        return redirect(services.form_url(enrollment))
    reviewer = can(request.user, Action.REVIEW_REGISTRATION, enrollment)
    registration = Registration.objects.filter(enrollment=enrollment).first()
    typed = {}
    # Messages beside the fields they concern ("comment:<item pk>", "comment",
    # "suggestion", "reason"), e.g. a comment too long to store.
    field_errors = {}
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        action = _ACTIONS.get(request.POST.get("action", ""))
        try:
            if action is None:
                raise DomainError(_("Choose one of the buttons on the page."))
            done = action(request, enrollment, registration)
        except services.ChangedSinceSeen as error:
            messages.error(
                request,
                _("Nothing was done: this form changed since you opened it. %(what)s")
                % {"what": error.message},
            )
            # Show the form as it is now; keep what the reviewer typed.
            registration = Registration.objects.filter(enrollment=enrollment).first()
            typed = request.POST
        except DomainError as error:
            messages.error(request, error.message)
            # Keep what the reviewer typed: the page is shown again, not reloaded.
            typed = request.POST
            field_errors = {p.where: p.message for p in error.problems if p.where}
        else:
            messages.success(request, done)
            return redirect(services.review_url(enrollment))
    context = _page(request.user, enrollment, registration, reviewer, typed, field_errors)
    return render(request, "registrations/review.html", context)


# ---------------------------------------------------------------- the page


@dataclass
class ItemView:
    item: object
    problems: list
    comments: list
    typed: str  # the comment being written, kept when a step was refused
    error: str = ""  # why that comment was refused


@dataclass
class AreaView:
    area: Area
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def _page(user, enrollment, registration, reviewer: bool, typed, field_errors=None) -> dict:
    program = enrollment.program
    # rules.check reads the program's areas; load them once for the page and the check.
    prefetch_related_objects([program], "areas")
    items = services.items_of(registration) if registration else []
    problems = rules.check(program, enrollment.member, items) if registration else []
    comments = (
        list(
            registration.comments.select_related(
                "author", "item__area", "item__criterion", "item__activity"
            ).order_by("-round", "created_at", "pk")
        )
        if registration
        else []
    )
    state = registration.state if registration else NOT_REGISTERED
    awaiting = state in AWAITING_REVIEW
    extensions = list(enrollment.extensions.select_related("granted_by"))
    due = deadlines.due_before(enrollment)
    field_errors = field_errors or {}
    return {
        "enrollment": enrollment,
        "member": enrollment.member,
        "program": program,
        "registration": registration,
        "state": state,
        "state_label": figures.STATE_LABELS[state],
        "reviewer": reviewer,
        "decide": reviewer and awaiting,
        "areas": _areas(
            program, items, problems, comments, typed if reviewer else {}, field_errors
        ),
        "form_problems": [p for p in problems if not p.where],
        "problem_count": len(problems),
        "item_count": len(items),
        "rounds": [(number, list(group)) for number, group in groupby(comments, lambda c: c.round)],
        "general_typed": typed.get("comment", ""),
        "general_error": field_errors.get("comment", ""),
        "suggestions": list(enrollment.suggestions.select_related("area", "author")),
        "suggest_typed": {
            "area": typed.get("area", ""),
            "text": typed.get("text", ""),
            "error": field_errors.get("suggestion", ""),
        },
        "extensions": extensions,
        "due": due,
        "deadline_passed": timezone.localdate() >= due,
        "may_extend": reviewer and not (registration and registration.first_submitted_at),
        "extend_typed": {
            "until": typed.get("until", ""),
            "reason": typed.get("reason", ""),
            "error": field_errors.get("reason", ""),
        },
        "paper": services.paper_entry_open(
            user, enrollment, registration.state if registration else None
        ),
    }


def _areas(program, items, problems, comments, typed, field_errors) -> list[AreaView]:
    """The program's areas in order, each with its items, their problems and comments."""
    by_where: dict[str, list] = {}
    for problem in problems:
        by_where.setdefault(problem.where, []).append(problem)
    by_item: dict[int, list] = {}
    for comment in comments:
        if comment.item_id:
            by_item.setdefault(comment.item_id, []).append(comment)
    views = {
        area.pk: AreaView(area, problems=by_where.get(f"area:{area.number}", []))
        for area in program.areas.all()
    }
    for item in items:
        view = views.get(item.area_id)
        if view is not None:
            view.items.append(
                ItemView(
                    item=item,
                    problems=by_where.get(f"item:{item.key}", []),
                    comments=by_item.get(item.pk, []),
                    typed=typed.get(f"comment-{item.pk}", ""),
                    error=field_errors.get(f"comment:{item.pk}", ""),
                )
            )
    return list(views.values())


# ---------------------------------------------------------------- the committee's steps


def _member_name(enrollment) -> str:
    return enrollment.member.full_name


def _need_form(registration):
    if registration is None:
        raise DomainError(_("This member has not started a form yet."))
    return registration


def _comments(request, registration) -> tuple[dict, str]:
    """The comments typed under each criterion ({item pk: text}) and the general one."""
    by_item = {
        pk: request.POST.get(f"comment-{pk}", "")
        for pk in registration.items.values_list("pk", flat=True)
    }
    return by_item, request.POST.get("comment", "")


def _return(request, enrollment, registration) -> str:
    registration = _need_form(registration)
    by_item, general = _comments(request, registration)
    services.registration_return(
        registration=registration,
        user=request.user,
        comments=by_item,
        general=general,
        version=parse_version(request.POST.get("version")),
    )
    return _("The form was returned to %(name)s with your comments.") % {
        "name": _member_name(enrollment)
    }


def _confirm(request, enrollment, registration) -> str:
    registration = _need_form(registration)
    by_item, general = _comments(request, registration)
    services.registration_confirm(
        registration=registration,
        user=request.user,
        comments=by_item,
        general=general,
        version=parse_version(request.POST.get("version")),
    )
    return _("The form of %(name)s was confirmed.") % {"name": _member_name(enrollment)}


def _suggest(request, enrollment, registration) -> str:
    area_pk = parse_id(request.POST.get("area"))
    area = enrollment.program.areas.filter(pk=area_pk).first() if area_pk else None
    if area is None:
        raise DomainError(_("Pick a content area of this program."))
    services.suggestion_add(
        enrollment=enrollment, area=area, user=request.user, text=request.POST.get("text", "")
    )
    return _("Your suggestion was sent to %(name)s.") % {"name": _member_name(enrollment)}


def _extend(request, enrollment, registration) -> str:
    """The committee types the new deadline as every page says it, "before" a day (read
    day first); the member may submit until the day before."""
    try:
        due = parse_day(request.POST.get("until", ""))
    except ValueError:
        due = None
    if due is None:
        raise DomainError(_("Type the new deadline day first, for example 20/12/2026.")) from None
    until = due - timedelta(days=1)
    services.extension_grant(
        enrollment=enrollment,
        user=request.user,
        until=until,
        reason=request.POST.get("reason", ""),
    )
    return _("%(name)s may now submit before %(day)s.") % {
        "name": _member_name(enrollment),
        "day": date_format(due, "SHORT_DATE_FORMAT"),
    }


_ACTIONS = {"return": _return, "confirm": _confirm, "suggest": _suggest, "extend": _extend}
