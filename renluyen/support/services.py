"""Support during the year (seed IV.1 Step 1-3, V.1): the registration meeting, check-in
rounds, mentors, help requests and the supervisors' guidance. Every step is a
keyword-only function in one transaction that writes an audit event and raises
DomainError with a message for the user.

Who may act is the policy's (core.policy: MANAGE_SUPPORT for the branch committee,
COMMENT_PROGRESS for the committee and a member's mentor, GUIDE_UNIT and
ACKNOWLEDGE_GUIDANCE); the views fetch objects through core.access. Steps that act on
several members at once check each member here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import ROLE_ACTIONS, Action, can, holds_in, own_member
from renluyen.core.text import clean, too_long
from renluyen.notifications.services import notify
from renluyen.organizations.models import RoleAssignment, Unit
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support.models import (
    Checkin,
    CheckinPlan,
    Frequency,
    Guidance,
    HelpReply,
    HelpRequest,
    HelpState,
    MentorKind,
    Mentorship,
    RegistrationMeeting,
)
from renluyen.support.rounds import Round, schedule

LONG_TEXT = 20_000
SHORT_TEXT = 4_000


def text_of(value, *, max_length: int = SHORT_TEXT, required: str | None = None) -> str:
    """Free text as stored (core.text.clean), refused when too long, or when empty and
    `required` (the message) is given."""
    text = clean(value)
    if required and not text:
        raise DomainError(required)
    problem = too_long(text, max_length)
    if problem:
        raise DomainError(problem)
    return text


def stale() -> DomainError:
    return DomainError(
        _("Someone changed this since you opened the page; nothing was saved. Reload it.")
    )


def locked_program(program: Program) -> Program:
    """The program, locked: the steps below depend on its being open."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != ProgramStatus.OPEN:
        raise DomainError(_("This program is not open; nothing can be changed in it."))
    return program


def _locked_row(model, **lookup):
    model.objects.get_or_create(**lookup)
    return model.objects.select_for_update().get(**lookup)


def committee_users(unit: Unit, action: Action = Action.MANAGE_SUPPORT) -> list:
    """The people holding, in `unit` itself, a role that grants `action`."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    return [
        a.user
        for a in RoleAssignment.objects.active()
        .filter(unit=unit, role__in=roles)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    ]


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# ---------------------------------------------------------------- the registration meeting


@transaction.atomic
def registration_meeting_save(
    *,
    program: Program,
    branch: Unit,
    user,
    meeting_date: date | None,
    attendee_ids: list[int],
    minutes: str,
    suggestions: str,
    version: int,
) -> RegistrationMeeting:
    """Record the branch meeting that explains the program and suggests suitable content
    (seed IV.1 Step 1, DOMAIN.md Workflow 1): its date, the members present, the minutes
    and the content suggested. `version` is the one the committee saw."""
    program = locked_program(program)
    meeting = _locked_row(RegistrationMeeting, program=program, branch=branch)
    if version != meeting.version:
        raise stale()
    if meeting_date is not None and meeting_date > timezone.localdate():
        raise DomainError(_("The meeting date cannot be in the future."))
    minutes = text_of(minutes, max_length=LONG_TEXT)
    suggestions = text_of(suggestions, max_length=LONG_TEXT)
    present = list(Enrollment.objects.filter(program=program, branch=branch, pk__in=attendee_ids))
    meeting.meeting_date = meeting_date
    meeting.minutes = minutes
    meeting.suggestions = suggestions
    meeting.updated_by = user
    meeting.version += 1
    meeting.save()
    meeting.attendees.set(present)
    record(
        actor=user,
        verb="support.registration_meeting",
        obj=meeting,
        unit=branch,
        program=program.pk,
        date=str(meeting_date or ""),
        present=len(present),
        minutes=minutes,
        suggestions=suggestions,
    )
    return meeting


# ---------------------------------------------------------------- check-in rounds


@transaction.atomic
def checkin_plan_set(*, program: Program, branch: Unit, user, frequency: str) -> CheckinPlan:
    """The branch chooses monthly or quarterly check-ins (seed IV.1 Step 2). Once a
    check-in is recorded the rounds are fixed for the year: changing them would move
    members' records into other rounds."""
    if frequency not in Frequency.values:
        raise DomainError(_("Choose monthly or quarterly check-ins."))
    locked_program(program)
    plan = _locked_row(CheckinPlan, program=program, branch=branch)
    if plan.frequency != frequency:
        recorded = Checkin.objects.filter(enrollment__program=program, enrollment__branch=branch)
        if recorded.exists():
            raise DomainError(
                _(
                    "Check-ins are already recorded in this branch's rounds, so they stay "
                    "%(frequency)s for this year."
                )
                % {"frequency": Frequency(plan.frequency).label.lower()}
            )
    old = plan.frequency if plan.chosen_at else ""
    plan.frequency = frequency
    plan.chosen_by = user
    plan.chosen_at = timezone.now()
    plan.save()
    record(
        actor=user,
        verb="support.checkin_plan",
        obj=plan,
        unit=branch,
        program=program.pk,
        old=old,
        new=frequency,
    )
    return plan


@dataclass
class CheckinEntry:
    """What was typed for one member in a round; `version` is the one the page showed
    (0 for a member with no check-in yet)."""

    progress: str = ""
    difficulty: str = ""
    support: str = ""
    version: int = 0

    @property
    def empty(self) -> bool:
        return not (clean(self.progress) or clean(self.difficulty) or clean(self.support))


@dataclass
class Recorded:
    saved: list = field(default_factory=list)  # Checkin rows written
    refused: list = field(default_factory=list)  # (member's name, message)


def round_of(program: Program, branch: Unit, number: int) -> Round | None:
    plan = CheckinPlan.objects.filter(program=program, branch=branch).first()
    frequency = plan.frequency if plan else Frequency.QUARTERLY
    return next((r for r in schedule(program, frequency) if r.number == number), None)


@transaction.atomic
def checkins_record(
    *,
    program: Program,
    branch: Unit,
    user,
    round_number: int,
    held_on: date | None,
    entries: dict[int, CheckinEntry],
) -> Recorded:
    """Record one round's exchange with each member in `entries` ({enrollment id:
    entry}): progress, difficulty, the support agreed (seed IV.1 Step 2-3). The branch
    committee records any member of the branch with a confirmed form, a mentor their
    mentees. Each member is saved on their own: a member changed meanwhile by someone
    else, or not theirs to record, is named in `refused` and the others are kept."""
    if program.status != ProgramStatus.OPEN:
        raise DomainError(_("This program is not open; nothing can be changed in it."))
    # The plan holds the rounds: locked so the frequency cannot change under this save.
    plan = _locked_row(CheckinPlan, program=program, branch=branch)
    round_ = next((r for r in schedule(program, plan.frequency) if r.number == round_number), None)
    today = timezone.localdate()
    if round_ is None:
        raise DomainError(_("This branch has no such check-in round."))
    if not round_.started(today):
        raise DomainError(
            _("Round %(n)s begins on %(day)s.")
            % {"n": round_.number, "day": _day(round_.starts_on)}
        )
    held_on = held_on or today
    if held_on > today:
        raise DomainError(_("The date of the check-ins cannot be in the future."))
    if held_on < round_.starts_on:
        raise DomainError(
            _("Round %(n)s began on %(day)s; pick a date from then.")
            % {"n": round_.number, "day": _day(round_.starts_on)}
        )
    wanted = {pk: entry for pk, entry in entries.items() if not entry.empty}
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch, pk__in=wanted)
        .select_related("member", "registration", "branch", "group", "program")
        .order_by("member__full_name", "member__code")
    )
    existing = {
        c.enrollment_id: c
        for c in Checkin.objects.select_for_update().filter(
            enrollment__in=enrollments, round=round_.number
        )
    }
    outcome = Recorded()
    for enrollment in enrollments:
        name = enrollment.member.full_name
        try:
            entry, current = wanted[enrollment.pk], existing.get(enrollment.pk)
            checkin = _checkin_one(enrollment, entry, current, user, round_, held_on)
        except DomainError as error:
            outcome.refused.append((name, error.message))
            continue
        if checkin is not None:
            outcome.saved.append(checkin)
    if outcome.saved:
        from renluyen.dashboards import rollups  # the branch's figures count check-ins

        rollups.refresh_branch(program=program, branch=branch)
    return outcome


def _checkin_one(enrollment, entry: CheckinEntry, current, user, round_: Round, held_on):
    if not can(user, Action.COMMENT_PROGRESS, enrollment):
        raise DomainError(_("You may not record this member's check-in."))
    registration = getattr(enrollment, "registration", None)
    if registration is None or registration.state not in CONFIRMED_STATES:
        raise DomainError(_("This member has no confirmed form yet."))
    values = {
        "progress": text_of(entry.progress, required=_("Write the member's progress.")),
        "difficulty": text_of(entry.difficulty),
        "support": text_of(entry.support),
    }
    if current is None:
        if entry.version != 0:
            raise stale()
        try:
            with transaction.atomic():  # a concurrent twin is refused, not an error page
                checkin = Checkin.objects.create(
                    enrollment=enrollment,
                    round=round_.number,
                    held_on=held_on,
                    recorded_by=user,
                    **values,
                )
        except IntegrityError:
            raise stale() from None
        old = {}
    else:
        if entry.version != current.version:
            raise stale()
        old = {key: getattr(current, key) for key in values}
        if old == values:
            return None
        for key, value in values.items():
            setattr(current, key, value)
        current.held_on = held_on
        current.recorded_by = user
        current.version += 1
        current.save()
        checkin = current
    record(
        actor=user,
        verb="support.checkin",
        obj=enrollment,
        unit=enrollment.branch,
        round=round_.number,
        held_on=str(held_on),
        old=old,
        new=values,
    )
    return checkin


# ---------------------------------------------------------------- mentors


def mentor_candidates(program: Program, branch: Unit) -> tuple[list, list]:
    """Who may follow a member of `branch`: its committee (roles held in the branch), and
    its members with an account (pairs of members helping each other). Two queries."""
    committee = committee_users(branch)
    peers = list(
        Enrollment.objects.filter(program=program, branch=branch, member__user__isnull=False)
        .select_related("member__user")
        .order_by("member__full_name", "member__code")
    )
    return committee, peers


@transaction.atomic
def mentorship_assign(*, enrollment: Enrollment, mentor, user) -> Mentorship:
    """Assign `mentor` to follow the member (seed IV.1 Step 3): a committee member of the
    member's branch, or another member of it (a pair helping each other)."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program", "branch", "member__user")
        .get(pk=enrollment.pk)
    )
    locked_program(enrollment.program)
    if mentor is None:
        raise DomainError(_("Choose who will follow the member."))
    if enrollment.member.user_id == mentor.pk:
        raise DomainError(_("A member cannot follow themselves."))
    mentor_member = own_member(mentor)
    if holds_in(mentor, Action.MANAGE_SUPPORT, enrollment.branch) and not mentor.is_superuser:
        kind = MentorKind.COMMITTEE
    elif (
        mentor_member is not None
        and Enrollment.objects.filter(
            program=enrollment.program, branch=enrollment.branch, member=mentor_member
        ).exists()
    ):
        kind = MentorKind.PEER
    else:
        raise DomainError(_("Choose a committee member or a member of this branch."))
    if Mentorship.objects.active().filter(enrollment=enrollment, mentor=mentor).exists():
        raise DomainError(_("This person already follows the member."))
    mentorship = Mentorship.objects.create(
        enrollment=enrollment, mentor=mentor, kind=kind, created_by=user
    )
    record(
        actor=user,
        verb="support.mentor_assign",
        obj=enrollment,
        unit=enrollment.branch,
        mentor=mentor.get_username(),
        kind=kind,
    )
    member_name = enrollment.member.full_name
    notify(
        users=[mentor],
        verb="support.mentor_assigned",
        data={"member": member_name},
        url=reverse("support:mentees"),
        digest=True,
    )
    return mentorship


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, user) -> Mentorship:
    """End an assignment from today: the mentor no longer sees the member's form."""
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("enrollment__branch", "mentor")
        .get(pk=mentorship.pk)
    )
    today = timezone.localdate()
    if mentorship.ends_on is not None and mentorship.ends_on < today:
        raise DomainError(_("This assignment has already ended."))
    mentorship.ends_on = today - timedelta(days=1)
    mentorship.save(update_fields=["ends_on"])
    record(
        actor=user,
        verb="support.mentor_end",
        obj=mentorship.enrollment,
        unit=mentorship.enrollment.branch,
        mentor=mentorship.mentor.get_username(),
    )
    return mentorship


# ---------------------------------------------------------------- help requests


def help_url(request: HelpRequest) -> str:
    return reverse("support:help_detail", args=[request.pk])


@transaction.atomic
def help_ask(*, enrollment: Enrollment, user, text: str, mentor=None) -> HelpRequest:
    """A member asks the branch committee, or one of their mentors, for help (seed IV.1
    Step 3). Those asked are told in the app and in the next digest email."""
    member = own_member(user)
    if member is None or member.pk != enrollment.member_id:
        raise DomainError(_("Only the member may ask for help on their own training."))
    locked_program(enrollment.program)
    text = text_of(text, required=_("Write what you need help with."))
    if mentor is not None:
        if not Mentorship.objects.active().filter(enrollment=enrollment, mentor=mentor).exists():
            raise DomainError(_("This person does not follow your training."))
    request = HelpRequest.objects.create(enrollment=enrollment, mentor=mentor, text=text)
    record(
        actor=user,
        verb="support.help_ask",
        obj=request,
        unit=enrollment.branch,
        mentor=mentor.get_username() if mentor else "",
        text=text,
    )
    asked = [mentor] if mentor is not None else committee_users(enrollment.branch)
    notify(
        users=asked,
        verb="support.help_asked",
        data={"member": enrollment.member.full_name, "text": text[:200]},
        url=help_url(request),
        digest=True,
    )
    return request


def may_answer(user, request: HelpRequest) -> bool:
    """The branch committee and the member's mentors answer (COMMENT_PROGRESS)."""
    return can(user, Action.COMMENT_PROGRESS, request.enrollment)


def is_asker(user, request: HelpRequest) -> bool:
    member = own_member(user)
    return member is not None and member.pk == request.enrollment.member_id


def _locked_request(request: HelpRequest, version: int) -> HelpRequest:
    request = (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("enrollment__member__user", "enrollment__branch", "enrollment__program")
        .get(pk=request.pk)
    )
    if request.version != version:
        raise stale()
    if request.state == HelpState.CLOSED:
        raise DomainError(_("This request is closed."))
    return request


@transaction.atomic
def help_reply(*, request: HelpRequest, user, text: str, version: int) -> HelpReply:
    """An answer from the committee or a mentor (the request is then answered), or the
    member's follow-up (it waits for an answer again)."""
    request = _locked_request(request, version)
    helper = may_answer(user, request)
    if not helper and not is_asker(user, request):
        raise DomainError(_("You may not answer this request."))
    text = text_of(text, required=_("Write your answer."))
    reply = HelpReply.objects.create(request=request, author=user, text=text)
    request.state = HelpState.ANSWERED if helper else HelpState.OPEN
    request.version += 1
    request.save(update_fields=["state", "version"])
    record(
        actor=user,
        verb="support.help_reply",
        obj=request,
        unit=request.enrollment.branch,
        text=text,
    )
    if helper:
        told = [request.enrollment.member.user]
    elif request.mentor is not None:
        told = [request.mentor]
    else:
        told = committee_users(request.enrollment.branch)
    notify(
        users=[u for u in told if u is not None and u.pk != user.pk],
        verb="support.help_answered" if helper else "support.help_asked",
        data={"member": request.enrollment.member.full_name, "text": text[:200]},
        url=help_url(request),
        digest=not helper,
    )
    return reply


@transaction.atomic
def help_close(*, request: HelpRequest, user, version: int) -> HelpRequest:
    """Close a request on the record: the member when helped, or whoever answered it."""
    request = _locked_request(request, version)
    if not (is_asker(user, request) or may_answer(user, request)):
        raise DomainError(_("You may not close this request."))
    request.state = HelpState.CLOSED
    request.closed_at = timezone.now()
    request.closed_by = user
    request.version += 1
    request.save(update_fields=["state", "closed_at", "closed_by", "version"])
    record(actor=user, verb="support.help_close", obj=request, unit=request.enrollment.branch)
    return request


def help_visible(user, queryset=None):
    """Help requests `user` may read: their own, those of members they follow, and those
    of the branches they may see (VIEW_REGISTRATION), as one filter."""
    from renluyen.core.policy import mentee_enrollments, units_with

    queryset = queryset if queryset is not None else HelpRequest.objects.all()
    if user.is_superuser:
        return queryset
    condition = Q(enrollment_id__in=mentee_enrollments(user))
    for top in units_with(user, Action.VIEW_REGISTRATION):
        condition |= Q(enrollment__branch__path__startswith=top.path)
    member = own_member(user)
    if member is not None:
        condition |= Q(enrollment__member=member)
    return queryset.filter(condition)


# ---------------------------------------------------------------- guidance


@transaction.atomic
def guidance_add(*, program: Program, unit: Unit, user, text: str) -> Guidance:
    """Guidance from a supervising school committee member (or the standing committee)
    to a unit in their care (seed V.1); the unit's committee is told and acknowledges."""
    program = locked_program(program)
    if not unit.is_within(program.unit):
        raise DomainError(_("This unit does not take part in this program."))
    text = text_of(text, max_length=LONG_TEXT, required=_("Write your guidance."))
    guidance = Guidance.objects.create(program=program, unit=unit, author=user, text=text)
    record(actor=user, verb="support.guidance", obj=guidance, unit=unit, text=text)
    notify(
        users=committee_users(unit, Action.ACKNOWLEDGE_GUIDANCE),
        verb="support.guidance",
        data={"unit": unit.name, "text": text[:200]},
        url=reverse("support:unit", args=[unit.pk]) + f"?program={program.pk}",
    )
    return guidance


@transaction.atomic
def guidance_acknowledge(*, guidance: Guidance, user, response: str) -> Guidance:
    """The guided unit's own committee acknowledges the guidance, with an optional answer."""
    guidance = (
        Guidance.objects.select_for_update(of=("self",))
        .select_related("unit", "author", "acknowledged_by")
        .get(pk=guidance.pk)
    )
    if guidance.acknowledged_at is not None:
        raise DomainError(_("This guidance has already been acknowledged."))
    if not holds_in(user, Action.ACKNOWLEDGE_GUIDANCE, guidance.unit):
        raise DomainError(_("The unit's own committee acknowledges its guidance."))
    guidance.response = text_of(response, max_length=LONG_TEXT)
    guidance.acknowledged_at = timezone.now()
    guidance.acknowledged_by = user
    guidance.save(update_fields=["response", "acknowledged_at", "acknowledged_by"])
    record(
        actor=user,
        verb="support.guidance_acknowledge",
        obj=guidance,
        unit=guidance.unit,
        response=guidance.response,
    )
    notify(
        users=[guidance.author],
        verb="support.guidance_acknowledged",
        data={"unit": guidance.unit.name},
        url=reverse("support:unit", args=[guidance.unit_id]) + f"?program={guidance.program_id}",
        digest=True,
    )
    return guidance
