"""Mentors (seed IV.1 Step 3): the branch committee assigns committee members to follow
members, or pairs members to help each other; it ends an assignment when it is over."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id
from renluyen.core.policy import Action, can
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.support import services
from renluyen.support.models import Mentorship
from renluyen.support.views.common import back, require, step, unit_page


@require_http_methods(["GET", "POST"])
@login_required
def mentors(request, unit):
    unit, context = unit_page(request, unit)
    program = context["program"]
    manager = can(request.user, Action.MANAGE_SUPPORT, unit)
    if request.method == "POST":
        require(program, manager)
        step(request, lambda: _change(request, program, unit))
        return back("mentors", unit, program)
    if program is not None:
        enrollments = list(
            Enrollment.objects.filter(program=program, branch=unit)
            .select_related("member__user", "registration")
            .order_by("member__full_name", "member__code")
        )
        following = defaultdict(list)
        for m in (
            Mentorship.objects.active()
            .filter(enrollment__in=enrollments)
            .select_related("mentor__member")
            .order_by("kind", "mentor__last_name", "pk")
        ):
            following[m.enrollment_id].append(m)
        for e in enrollments:
            e.mentors = following.get(e.pk, [])
        committee, peers = services.mentor_candidates(program, unit)
        context.update(
            enrollments=enrollments,
            committee=committee,
            peers=peers,
            followed=sum(1 for e in enrollments if e.mentors),
            manager=manager and program.status == ProgramStatus.OPEN,
        )
    return render(request, "support/mentors.html", context)


def _change(request, program, unit) -> None:
    post = request.POST
    if "end" in post:
        mentorship = get_object_or_404(
            Mentorship.objects.select_related("enrollment"),
            pk=parse_id(post.get("end")) or 0,
            enrollment__program=program,
            enrollment__branch=unit,
        )
        services.mentorship_end(mentorship=mentorship, user=request.user)
        messages.success(request, _("The assignment was ended."))
        return
    enrollment = Enrollment.objects.filter(
        program=program, branch=unit, pk=parse_id(post.get("enrollment")) or 0
    ).first()
    if enrollment is None:
        raise DomainError(_("Choose the member to follow."))
    mentor = get_user_model().objects.filter(pk=parse_id(post.get("mentor")) or 0).first()
    services.mentorship_assign(enrollment=enrollment, mentor=mentor, user=request.user)
    done = [enrollment.member.full_name]
    if post.get("mutual") == "1" and mentor is not None:
        # A pair helping each other: the other member follows this one too.
        back_ = Enrollment.objects.filter(program=program, branch=unit, member__user=mentor).first()
        if back_ is None:
            raise DomainError(_("Only two members of the branch can be paired."))
        services.mentorship_assign(
            enrollment=back_, mentor=enrollment.member.user, user=request.user
        )
        done.append(back_.member.full_name)
    messages.success(request, _("Assigned: %(names)s.") % {"names": ", ".join(done)})
