"""The registration meeting (seed IV.1 Step 1): the branch explains the program and
suggests content; the committee records the date, who came and the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_ids, parse_version
from renluyen.core.policy import Action, can
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.support import services
from renluyen.support.models import RegistrationMeeting
from renluyen.support.views.common import back, parse_date, unit_page


@require_http_methods(["GET", "POST"])
@login_required
def meeting(request, unit):
    unit, context = unit_page(request, unit, Action.VIEW_REGISTRATION)
    program = context["program"]
    writer = can(request.user, Action.REVIEW_REGISTRATION, unit)
    if program is None:
        if request.method == "POST":
            raise Http404
        return render(request, "support/registration_meeting.html", context)
    record = RegistrationMeeting.objects.filter(program=program, branch=unit).first()
    record = record or RegistrationMeeting(program=program, branch=unit)
    attendees = set(record.attendees.values_list("pk", flat=True)) if record.pk else set()
    if request.method == "POST":
        if not writer:
            raise PermissionDenied
        post = request.POST
        try:
            services.registration_meeting_save(
                program=program,
                branch=unit,
                user=request.user,
                meeting_date=parse_date(post.get("meeting_date", "")),
                attendee_ids=parse_ids(post.getlist("present")),
                minutes=post.get("minutes", ""),
                suggestions=post.get("suggestions", ""),
                version=parse_version(post.get("version")),
            )
        except DomainError as error:
            messages.error(request, error.message)
            # Shown again as typed, on the version the page had.
            record.minutes = post.get("minutes", "")
            record.suggestions = post.get("suggestions", "")
            attendees = set(parse_ids(post.getlist("present")))
            context["typed_date"] = post.get("meeting_date", "")
        else:
            messages.success(request, _("The meeting record was saved."))
            return back("registration_meeting", unit, program)
    members = (
        Enrollment.objects.filter(program=program, branch=unit)
        .select_related("member")
        .order_by("member__full_name", "member__code")
    )
    context.update(
        record=record,
        members=members,
        attendees=attendees,
        writer=writer and program.status == ProgramStatus.OPEN,
    )
    return render(request, "support/registration_meeting.html", context)
