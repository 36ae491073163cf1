"""The member's and the mentor's pages (seed IV.1 Step 3): a member sees who follows
them and their check-ins and asks for help; a mentor sees their mentees' progress and
check-ins, records a check-in and answers; a help request is answered and closed on the
record."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id, parse_version
from renluyen.core.policy import own_member
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.progress.models import Entry, SelfReview
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support import rounds, services
from renluyen.support.models import Checkin, HelpRequest, HelpState, Mentorship
from renluyen.support.views.checkins import entry_from
from renluyen.support.views.common import step


@dataclass
class Year:
    """One open program year of the member: who follows them, their check-ins and help
    requests."""

    enrollment: Enrollment
    mentors: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    requests: list = field(default_factory=list)


@require_http_methods(["GET", "POST"])
@login_required
def mine(request):
    member = own_member(request.user)
    if member is None:
        raise Http404
    enrollments = list(
        Enrollment.objects.filter(member=member, program__status=ProgramStatus.OPEN)
        .select_related("program", "branch", "registration")
        .order_by("-program__school_year", "program__name")
    )
    if request.method == "POST":
        return _ask(request, enrollments)
    years = {e.pk: Year(e) for e in enrollments}
    for m in (
        Mentorship.objects.active()
        .filter(enrollment__in=enrollments)
        .select_related("mentor__member")
        .order_by("pk")
    ):
        years[m.enrollment_id].mentors.append(m)
    for c in Checkin.objects.filter(enrollment__in=enrollments).select_related("recorded_by"):
        years[c.enrollment_id].checkins.append(c)
    for r in (
        HelpRequest.objects.filter(enrollment__in=enrollments)
        .select_related("mentor")
        .annotate(answers=Count("replies"))
    ):
        years[r.enrollment_id].requests.append(r)
    return render(request, "support/mine.html", {"member": member, "years": list(years.values())})


def _ask(request, enrollments):
    post = request.POST
    enrollment = next((e for e in enrollments if e.pk == parse_id(post.get("enrollment"))), None)
    if enrollment is None:
        raise Http404
    mentor = None
    if post.get("to"):
        mentor = get_user_model().objects.filter(pk=parse_id(post.get("to")) or 0).first()
        if mentor is None:
            raise Http404
    try:
        asked = services.help_ask(
            enrollment=enrollment, user=request.user, text=post.get("text", ""), mentor=mentor
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("support:mine")
    messages.success(request, _("Your request was sent."))
    return redirect(services.help_url(asked))


# ---------------------------------------------------------------- the mentor


@dataclass
class Mentee:
    mentorship: Mentorship
    criteria: int = 0  # confirmed criteria on the form
    entries: int = 0  # progress entries logged (progress)
    reviewed: bool = False  # the six-monthly self-review sent
    checkins: list = field(default_factory=list)
    waiting: list = field(default_factory=list)  # help requests waiting for an answer
    round: rounds.Round | None = None  # the round under way
    current: Checkin | None = None  # the mentee's check-in in it

    @property
    def enrollment(self) -> Enrollment:
        return self.mentorship.enrollment

    @property
    def confirmed(self) -> bool:
        registration = getattr(self.enrollment, "registration", None)
        return registration is not None and registration.state in CONFIRMED_STATES


@require_http_methods(["GET", "POST"])
@login_required
def mentees(request):
    """The members the user follows: their form, progress log, self-review, check-ins and
    requests waiting, and this round's check-in to record. Seven queries."""
    followed = list(
        Mentorship.objects.active()
        .filter(mentor=request.user, enrollment__program__status=ProgramStatus.OPEN)
        .select_related("enrollment__member", "enrollment__branch", "enrollment__program")
        .select_related("enrollment__registration")
        .annotate(
            criteria=Count(
                "enrollment__registration__items",
                filter=Q(enrollment__registration__items__confirmed_at__isnull=False),
            )
        )
        .order_by("enrollment__member__full_name", "pk")
    )
    if request.method == "POST":
        return _record(request, followed)
    rows = {m.enrollment_id: Mentee(m, criteria=m.criteria) for m in followed}
    enrollments = [m.enrollment for m in followed]
    for c in Checkin.objects.filter(enrollment__in=enrollments).order_by("round"):
        rows[c.enrollment_id].checkins.append(c)
    logged = Entry.objects.filter(enrollment__in=enrollments).order_by().values_list("enrollment")
    for enrollment_id, n in logged.annotate(n=Count("pk")):
        rows[enrollment_id].entries = n
    for enrollment_id in SelfReview.objects.filter(
        enrollment__in=enrollments, submitted_at__isnull=False
    ).values_list("enrollment_id", flat=True):
        rows[enrollment_id].reviewed = True
    for r in HelpRequest.objects.filter(enrollment__in=enrollments, state=HelpState.OPEN).filter(
        Q(mentor=request.user) | Q(mentor__isnull=True)
    ):
        rows[r.enrollment_id].waiting.append(r)
    by_program = defaultdict(set)
    for e in enrollments:
        by_program[e.program].add(e.branch)
    today = timezone.localdate()
    for program, branches in by_program.items():
        schedules = rounds.for_branches(program, branches, today)
        for row in rows.values():
            if row.enrollment.program_id == program.pk:
                row.round = schedules[row.enrollment.branch_id].current
                row.current = next(
                    (c for c in row.checkins if row.round and c.round == row.round.number), None
                )
    return render(request, "support/mentees.html", {"mentees": list(rows.values()), "today": today})


def _record(request, followed):
    pk = parse_id(request.POST.get("enrollment"))
    mentorship = next((m for m in followed if m.enrollment_id == pk), None)
    if mentorship is None:
        raise Http404
    enrollment = mentorship.enrollment
    number = parse_id(request.POST.get("round"))
    try:
        outcome = services.checkins_record(
            program=enrollment.program,
            branch=enrollment.branch,
            user=request.user,
            round_number=number or 0,
            held_on=None,
            entries={pk: entry_from(request.POST, pk)},
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        for _name, message in outcome.refused:
            messages.error(request, message)
        if outcome.saved:
            messages.success(
                request,
                _("Saved the check-in with %(name)s.") % {"name": enrollment.member.full_name},
            )
    return redirect(f"{reverse('support:mentees')}#mentee-{pk}")


# ---------------------------------------------------------------- a help request


@require_http_methods(["GET", "POST"])
@login_required
def help_detail(request, pk):
    queryset = services.help_visible(
        request.user,
        HelpRequest.objects.select_related(
            "enrollment__member__user", "enrollment__branch", "enrollment__program", "mentor"
        ),
    )
    help_request = get_object_or_404(queryset, pk=pk)
    helper = services.may_answer(request.user, help_request)
    asker = services.is_asker(request.user, help_request)
    if request.method == "POST":
        if not (helper or asker):
            raise PermissionDenied
        version, post = parse_version(request.POST.get("version")), request.POST
        if "close" in post:
            step(
                request,
                lambda: services.help_close(
                    request=help_request, user=request.user, version=version
                ),
                _("The request was closed."),
            )
        else:
            step(
                request,
                lambda: services.help_reply(
                    request=help_request,
                    user=request.user,
                    text=post.get("text", ""),
                    version=version,
                ),
                _("Your answer was sent."),
            )
        return redirect(services.help_url(help_request))
    replies = list(help_request.replies.select_related("author"))
    for reply in replies:
        reply.from_helper = reply.author_id != help_request.enrollment.member.user_id
    return render(
        request,
        "support/help_detail.html",
        {
            "help": help_request,
            "replies": replies,
            "may_write": (helper or asker) and help_request.state != HelpState.CLOSED,
            "asker": asker,
        },
    )
