from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renluyen.core.access import get_member, get_unit
from renluyen.core.ids import parse_id
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, visible_members
from renluyen.people.models import MemberStatus, MemberType
from renluyen.people.search import search_terms


@login_required
def member_list(request):
    members = visible_members(request.user).select_related("branch")
    unit = None
    unit_pk = parse_id(request.GET.get("unit"))
    if unit_pk is not None:  # a malformed filter is ignored, as a missing one
        unit = get_unit(request.user, unit_pk)
        members = members.filter(branch__path__startswith=unit.path)
    q = request.GET.get("q", "").strip()
    for term in search_terms(q):
        members = members.filter(search_text__contains=term)
    member_type = request.GET.get("type", "")
    if member_type in MemberType.values:
        members = members.filter(member_type=member_type)
    status = request.GET.get("status", "")
    if status in MemberStatus.values:
        members = members.filter(status=status)
    return render(
        request,
        "people/member_list.html",
        {
            "page": paginate(request, members.order_by("full_name", "code")),
            "unit": unit,
            "may_manage_accounts": unit is not None
            and can(request.user, Action.MANAGE_ACCOUNTS, unit),
            "q": q,
            "member_type": member_type,
            "status": status,
            "types": MemberType.choices,
            "statuses": MemberStatus.choices,
        },
    )


@login_required
def member_detail(request, pk: int):
    member = get_member(request.user, pk)
    enrollments = member.enrollments.select_related("program", "branch").order_by(
        "-program__school_year"
    )
    account = member.user
    return render(
        request,
        "people/member_detail.html",
        {
            "member": member,
            "enrollments": enrollments,
            "account": account,
            "activated": account is not None and account.has_usable_password(),
            "may_manage_account": can(request.user, Action.MANAGE_ACCOUNTS, member),
            "may_transfer": member.status == MemberStatus.ACTIVE
            and can(request.user, Action.TRANSFER_MEMBERS, member),
        },
    )
