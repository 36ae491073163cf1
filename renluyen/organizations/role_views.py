"""The roles of a unit (issue 9 items 2-3): who holds which role, with the dates; grant,
end and hand over. The person is picked by name or member code from suggestions (htmx),
never typed as an id; the policy (`grantable_roles`) decides which roles one may touch."""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from renluyen.accounts.services import account_for_member
from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id
from renluyen.core.policy import ROLE_GRANTS, assignments, grantable_roles, visible_members
from renluyen.organizations import services
from renluyen.organizations.models import Role, RoleAssignment, Unit
from renluyen.people.models import MemberStatus
from renluyen.people.search import search_terms

SUGGESTIONS = 10
_PERSON = re.compile(r"([mu])([0-9]{1,18})")
EARLIER_TERMS = 20


@dataclass
class Candidate:
    value: str  # "m<member id>" or "u<user id>"
    name: str
    detail: str


def roles_context(user, unit: Unit) -> dict:
    """The unit page's roles section: current and upcoming terms, the latest ended ones,
    and what `user` may do. Two queries."""
    today = timezone.localdate()
    terms = list(
        RoleAssignment.objects.filter(unit=unit)
        .select_related("user__member")
        .order_by("role", "-starts_on", "pk")
    )
    order = {role: i for i, role in enumerate(Role.values)}
    terms.sort(key=lambda a: order.get(a.role, 99))
    grantable = grantable_roles(user, unit)
    for term in terms:
        term.may_change = term.role in grantable
    current = [t for t in terms if t.ends_on is None or t.ends_on >= today]
    ended = sorted(
        (t for t in terms if t.ends_on is not None and t.ends_on < today),
        key=lambda t: t.ends_on,
        reverse=True,
    )
    return {
        "current_terms": current,
        "ended_terms": ended[:EARLIER_TERMS],
        "grantable": [(role, Role(role).label) for role in grantable],
        "today": today,
    }


def _staff(user):
    """Accounts that are no member but hold or held a role where `user` manages roles
    (an office clerk, a lecturer): they may be picked too."""
    users = get_user_model().objects.filter(member__isnull=True, is_active=True)
    if user.is_superuser:
        return users
    tops = [a.unit for a in assignments(user) if a.role in ROLE_GRANTS]
    condition = Q(pk__in=[])
    for top in tops:
        condition |= Q(role_assignments__unit__path__startswith=top.path)
    return users.filter(condition).distinct()


def candidates(user, query: str) -> list[Candidate]:
    terms = search_terms(query)
    if not terms or len(" ".join(terms)) < 2:
        return []
    members = visible_members(user).filter(status=MemberStatus.ACTIVE)
    for term in terms:
        members = members.filter(search_text__contains=term)
    found = [
        Candidate(f"m{m.pk}", m.full_name, f"{m.code} · {m.branch.name}")
        for m in members.select_related("branch").order_by("full_name", "code")[:SUGGESTIONS]
    ]
    staff = _staff(user)
    for term in terms:
        staff = staff.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
        )
    for account in staff.order_by("last_name", "first_name")[: SUGGESTIONS - len(found)]:
        name = f"{account.last_name} {account.first_name}".strip() or account.username
        found.append(Candidate(f"u{account.pk}", name, account.username))
    return found


def _holder(user, value: str):
    """The account picked in the form, or None when the value names nobody in reach."""
    match = _PERSON.fullmatch(value or "")
    if not match:
        return None
    kind, pk = match.group(1), parse_id(match.group(2))
    if pk is None:
        return None
    if kind == "u":
        return _staff(user).filter(pk=pk).first()
    member = visible_members(user).filter(pk=pk, status=MemberStatus.ACTIVE).first()
    if member is None:
        return None
    # A member with no account yet gets one (and the invitation, if they have an email).
    return account_for_member(member=member, user=user)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _unit_for_roles(user, pk: int) -> Unit:
    unit = get_unit(user, pk)
    if not grantable_roles(user, unit):
        raise PermissionDenied
    return unit


@require_safe
@login_required
def people(request, pk: int):
    """Suggestions for the person field (htmx): radio buttons to pick one."""
    _unit_for_roles(request.user, pk)
    q = request.GET.get("q", "")
    return render(
        request,
        "organizations/_people_choices.html",
        {"choices": candidates(request.user, q), "q": q.strip()},
    )


@require_POST
@login_required
def grant(request, pk: int):
    unit = _unit_for_roles(request.user, pk)
    role = request.POST.get("role", "")
    if role not in Role.values:
        messages.error(request, _("Pick a role."))
        return redirect("organizations:unit_detail", unit.pk)
    starts_on = _day(request.POST.get("starts_on", ""))
    try:
        holder = _holder(request.user, request.POST.get("person", ""))
        if holder is None:
            raise DomainError(
                _("Pick the person from the suggestions (type a name or member code).")
            )
        services.role_grant(
            unit=unit, role=role, holder=holder, user=request.user, starts_on=starts_on
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s now holds the role “%(role)s”.")
            % {"person": services.person_label(holder), "role": Role(role).label},
        )
    return redirect("organizations:unit_detail", unit.pk)


def _term(user, pk: int, term_pk: int) -> RoleAssignment:
    unit = get_unit(user, pk)
    term = get_object_or_404(RoleAssignment.objects.select_related("user", "unit"), pk=term_pk)
    if term.unit_id != unit.pk:
        raise Http404
    if term.role not in grantable_roles(user, unit):
        raise PermissionDenied
    return term


@require_POST
@login_required
def end(request, pk: int, term_pk: int):
    term = _term(request.user, pk, term_pk)
    try:
        services.role_end(assignment=term, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The term of %(person)s as “%(role)s” has ended.")
            % {"person": services.person_label(term.user), "role": term.get_role_display()},
        )
    return redirect("organizations:unit_detail", pk)


@login_required
def handover(request, pk: int, term_pk: int):
    """Hand a role over: the new holder from `on`, the old one's term ends the day before."""
    term = _term(request.user, pk, term_pk)
    if request.method == "POST":
        on = _day(request.POST.get("on", ""))
        try:
            to = _holder(request.user, request.POST.get("person", ""))
            if to is None:
                raise DomainError(
                    _("Pick the person from the suggestions (type a name or member code).")
                )
            services.role_handover(assignment=term, to=to, user=request.user, on=on)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(old)s handed the role “%(role)s” over to %(new)s.")
                % {
                    "old": services.person_label(term.user),
                    "role": term.get_role_display(),
                    "new": services.person_label(to),
                },
            )
            return redirect("organizations:unit_detail", pk)
    return render(
        request,
        "organizations/handover.html",
        {"unit": term.unit, "term": term, "today": timezone.localdate()},
    )
