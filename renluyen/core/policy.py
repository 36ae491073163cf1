"""The authorization policy: the one place that answers "may this user do this?".

A role held in a unit reaches that unit and every unit below it, never a sibling
or a parent (DOMAIN.md "Organisation tree"). Views fetch objects through the
helpers in renluyen.core.access, which call this module: 404 for what a user may
not see, 403 for what they may see but not change.
"""

from enum import StrEnum

from django.contrib.auth import get_user_model

from renluyen.organizations.models import Level, Role, RoleAssignment, Unit


class Action(StrEnum):
    VIEW_UNIT = "unit.view"
    VIEW_MEMBER = "member.view"
    IMPORT_MEMBERS = "member.import"
    VIEW_PROGRAM = "program.view"
    EDIT_PROGRAM = "program.edit"
    VIEW_REGISTRATION = "registration.view"
    # Edit a member's form: the member themself, or a reviewer entering a paper form.
    EDIT_REGISTRATION = "registration.edit"
    # Comment, return, confirm, suggest, extend: the branch committee (IV.1 Step 1).
    REVIEW_REGISTRATION = "registration.review"
    MANAGE_ACTIVITIES = "activity.manage"
    # Score one's own confirmed criteria: the member alone (IV.1 Step 3).
    SELF_EVALUATE = "evaluation.self"
    # Collective scores, comments, maxima, the meeting record, finalizing: the branch.
    EVALUATE = "evaluation.collective"
    # Comment on members before a large or dispersed branch evaluates: the committee of
    # the member's sub-branch or group, or the branch committee.
    COMMENT_GROUP = "evaluation.group_comment"
    FORWARD_RESULTS = "evaluation.forward"  # the federation
    # Recognize, return or reopen results: the base Union's standing committee.
    RECOGNIZE_RESULTS = "evaluation.recognize"
    # Comment on a member's progress during the year (IV.1 Step 2-3): the branch
    # committee, and whoever was assigned to follow the member (a mentor).
    COMMENT_PROGRESS = "progress.comment"
    # Choose the branch's check-in frequency, assign mentors (IV.1 Step 2-3): the branch.
    MANAGE_SUPPORT = "support.manage"
    # Leave guidance to a unit (seed V.1: the base Union guides and checks its units):
    # supervising school committee members and the standing committee.
    GUIDE_UNIT = "support.guide"
    # Acknowledge guidance left to one's own unit: its committee (see holds_in).
    ACKNOWLEDGE_GUIDANCE = "support.acknowledge"
    # Create members' accounts, print activation codes, reissue a code (accounts app).
    MANAGE_ACCOUNTS = "account.manage"
    # Grant, end and hand over roles; which roles where is `grantable_roles`.
    MANAGE_ROLES = "role.manage"
    # Create and close units (a new intake's branches, a class that graduated).
    MANAGE_UNITS = "unit.manage"
    # Enroll every active member of the base Union in a program (a new school year).
    ENROLL_MEMBERS = "program.enroll"
    # Move a member to another branch or out of the base Union (chuyển sinh hoạt Đoàn).
    TRANSFER_MEMBERS = "member.transfer"
    # Write and submit the unit's result report to the Union office (V.2): the committee of
    # that branch or federation itself, never a unit above writing it for them.
    WRITE_REPORT = "report.write"
    # Receive or return the units' reports: the Union office of the base Union (V.2).
    RECEIVE_REPORT = "report.receive"
    # Record the inspection plan, inspections, findings and requests: the inspection
    # committee (V.1).
    INSPECT = "inspection.record"
    # Read every inspection of the units below: the inspection committee, the standing
    # committee and the upper-level Union.
    VIEW_INSPECTIONS = "inspection.view"
    # Read one's own unit's inspections and answer their requests: the inspected unit's
    # committee, in that unit only.
    ANSWER_INSPECTION = "inspection.answer"


_VIEW = {Action.VIEW_UNIT, Action.VIEW_MEMBER, Action.VIEW_PROGRAM, Action.VIEW_REGISTRATION}
_REVIEW = {
    Action.COMMENT_PROGRESS,
    Action.EDIT_REGISTRATION,
    Action.REVIEW_REGISTRATION,
    Action.MANAGE_ACTIVITIES,
    Action.EVALUATE,
    Action.COMMENT_GROUP,
    Action.MANAGE_SUPPORT,
    Action.ACKNOWLEDGE_GUIDANCE,
}

# Actions a role grants in the unit it is held in only, not in the units below: a unit
# writes its own report and answers its own inspection.
OWN_UNIT_ACTIONS = {Action.WRITE_REPORT, Action.ANSWER_INSPECTION}

# Federations and the base Union see registrations read-only: the branch committee
# reviews them (IV.1 Step 1); units above may add activities to the catalog.
_OFFICE_WORK = {
    Action.IMPORT_MEMBERS,
    Action.MANAGE_ACCOUNTS,
    Action.MANAGE_UNITS,
    Action.ENROLL_MEMBERS,
    Action.TRANSFER_MEMBERS,
}
ROLE_ACTIONS: dict[str, set[Action]] = {
    Role.BRANCH_SECRETARY: _VIEW
    | _REVIEW
    | OWN_UNIT_ACTIONS
    | {
        Action.IMPORT_MEMBERS,
        Action.MANAGE_ACCOUNTS,
        Action.MANAGE_ROLES,
        Action.TRANSFER_MEMBERS,
    },
    Role.BRANCH_DEPUTY: _VIEW
    | _REVIEW
    | OWN_UNIT_ACTIONS
    | {Action.IMPORT_MEMBERS, Action.MANAGE_ACCOUNTS, Action.TRANSFER_MEMBERS},
    Role.BRANCH_COMMITTEE: _VIEW | _REVIEW | OWN_UNIT_ACTIONS | {Action.MANAGE_ACCOUNTS},
    Role.FEDERATION_COMMITTEE: _VIEW
    | OWN_UNIT_ACTIONS
    | {Action.MANAGE_ACTIVITIES, Action.FORWARD_RESULTS, Action.ACKNOWLEDGE_GUIDANCE},
    # The standing committee runs the program; importing lists is the office's work.
    Role.STANDING_COMMITTEE: _VIEW
    | (_OFFICE_WORK - {Action.IMPORT_MEMBERS})
    | {
        Action.EDIT_PROGRAM,
        Action.MANAGE_ACTIVITIES,
        Action.RECOGNIZE_RESULTS,
        Action.MANAGE_ROLES,
        Action.GUIDE_UNIT,
        Action.VIEW_INSPECTIONS,
    },
    Role.SUPERVISOR: _VIEW | {Action.GUIDE_UNIT},
    Role.INSPECTION: _VIEW | {Action.INSPECT, Action.VIEW_INSPECTIONS},
    Role.OFFICE: _VIEW | _OFFICE_WORK | {Action.RECEIVE_REPORT},
    Role.ADMIN: set(Action) - {Action.SELF_EVALUATE},
    # The upper-level Union sees every base Union under it, read-only.
    Role.UPPER_LEVEL: _VIEW | {Action.VIEW_INSPECTIONS},
    # A sub-branch's or group's leader sees it and comments on its members before the
    # branch evaluates (seed IV.1 Step 3); the branch committee does the rest.
    Role.SUBBRANCH_LEADER: {Action.VIEW_UNIT, Action.COMMENT_GROUP},
}

# The roles a unit of each level holds (DOMAIN.md "Organisation tree"). The system
# administrator's role is held at the base Union or above.
ROLES_BY_LEVEL: dict[str, list[Role]] = {
    Level.UPPER: [Role.UPPER_LEVEL, Role.ADMIN],
    Level.BASE: [Role.STANDING_COMMITTEE, Role.OFFICE, Role.INSPECTION, Role.ADMIN],
    Level.FEDERATION: [Role.FEDERATION_COMMITTEE, Role.SUPERVISOR],
    Level.BRANCH: [
        Role.BRANCH_SECRETARY,
        Role.BRANCH_DEPUTY,
        Role.BRANCH_COMMITTEE,
        Role.SUPERVISOR,
    ],
    Level.SUBBRANCH: [Role.SUBBRANCH_LEADER],
}

# Which roles a holder of each role may grant, end or hand over in the units it reaches
# (issue 9 item 2): the standing committee every role of its tree but the administrator's;
# a branch secretary the deputy, the committee members and the sub-branch or group
# leaders of their own branch. The upper-level role sits above every base Union, so only
# an administrator reaches it.
ROLE_GRANTS: dict[str, set[Role]] = {
    Role.ADMIN: set(Role),
    Role.STANDING_COMMITTEE: set(Role) - {Role.ADMIN, Role.UPPER_LEVEL},
    Role.BRANCH_SECRETARY: {Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE, Role.SUBBRANCH_LEADER},
}


def assignments(user) -> list[RoleAssignment]:
    """The user's active role assignments in the order they were given (the home page's
    first card is the first role), cached on the user for one request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_renluyen_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active().filter(user=user).select_related("unit").order_by("pk")
        )
        user._renluyen_assignments = cached
    return cached


def units_with(user, action: Action) -> list[Unit]:
    """Top units of the subtrees in which `user` may do `action`."""
    return [a.unit for a in assignments(user) if action in ROLE_ACTIONS[a.role]]


def scope(user, action: Action):
    """Every unit (as a queryset) in which `user` may do `action`."""
    if user.is_authenticated and user.is_superuser:
        return Unit.objects.all()
    if action in OWN_UNIT_ACTIONS:
        return Unit.objects.filter(pk__in=[unit.pk for unit in units_with(user, action)])
    return Unit.objects.below_any(units_with(user, action))


def may_in_unit(user, action: Action, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if action in OWN_UNIT_ACTIONS:
        return any(unit.pk == top.pk for top in units_with(user, action))
    return any(unit.is_within(top) for top in units_with(user, action))


def holds_in(user, action: Action, unit: Unit) -> bool:
    """May `user` do `action` through a role held in `unit` itself (not one above it)?
    Guidance to a branch is acknowledged by that branch's committee, not the federation's."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(a.unit_id == unit.pk and action in ROLE_ACTIONS[a.role] for a in assignments(user))


def grantable_roles(user, unit: Unit) -> list[Role]:
    """The roles `user` may grant, end or hand over in `unit`, in the order of
    ROLES_BY_LEVEL; empty when none (or the unit is closed)."""
    if not user.is_authenticated or unit.is_closed:
        return []
    held = ROLES_BY_LEVEL.get(unit.level, [])
    if user.is_superuser:
        return list(held)
    granted: set[Role] = set()
    for assignment in assignments(user):
        if unit.is_within(assignment.unit):
            granted |= ROLE_GRANTS.get(assignment.role, set())
    return [role for role in held if role in granted]


def own_member(user):
    """The Member record linked to this account, or None."""
    if not user.is_authenticated:
        return None
    reverse = get_user_model().member.related
    if not reverse.is_cached(user):
        # Read with its branch, which the policy's home units need next (one query, not
        # two), and cached on the user as `user.member` would be (None: no record).
        from renluyen.people.models import Member

        member = Member.objects.select_related("branch").filter(user=user).first()
        if member is not None:
            reverse.field.set_cached_value(member, user)
        reverse.set_cached_value(user, member)
    try:
        return user.member
    except AttributeError:
        return None


def can(user, action: Action, obj) -> bool:
    """May `user` do `action` on `obj` (a Unit, Member, Program or Enrollment)?"""
    from renluyen.people.models import Member
    from renluyen.programs.models import Enrollment, Program

    if isinstance(obj, Enrollment):
        return _can_enrollment(user, action, obj)
    if isinstance(obj, Unit):
        return may_in_unit(user, action, obj)
    if isinstance(obj, Member):
        if action == Action.VIEW_MEMBER and own_member(user) == obj:
            return True
        return may_in_unit(user, action, obj.branch)
    if isinstance(obj, Program):
        if action == Action.VIEW_PROGRAM:
            return _program_concerns(user, obj)
        return may_in_unit(user, action, obj.unit)
    raise TypeError(f"no policy for {type(obj).__name__}")


def _can_enrollment(user, action: Action, enrollment) -> bool:
    """A member's form for one year belongs to the branch of that year (the enrollment's),
    which may differ from the member's current branch."""
    own = own_member(user)
    if own is not None and own.pk == enrollment.member_id:
        # Nobody reviews or scores their own form, even as the branch secretary.
        return action in (
            Action.VIEW_REGISTRATION,
            Action.EDIT_REGISTRATION,
            Action.SELF_EVALUATE,
        )
    if action == Action.SELF_EVALUATE:
        return False
    if action in MENTOR_ACTIONS and enrollment.pk in mentee_enrollments(user):
        return True
    if action == Action.COMMENT_GROUP and enrollment.group_id is not None:
        # The sub-branch's own committee (roles held in the sub-branch unit).
        if may_in_unit(user, action, enrollment.group):
            return True
    return may_in_unit(user, action, enrollment.branch)


# What following a member (IV.1 Step 3) allows: see their form and progress, comment.
MENTOR_ACTIONS = {Action.VIEW_REGISTRATION, Action.COMMENT_PROGRESS}


def mentee_enrollments(user) -> set[int]:
    """The enrollments `user` follows as a mentor today, cached on the user for one request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_renluyen_mentees", None)
    if cached is None:
        from renluyen.support.models import Mentorship

        cached = set(
            Mentorship.objects.active().filter(mentor=user).values_list("enrollment_id", flat=True)
        )
        user._renluyen_mentees = cached
    return cached


def _home_units(user) -> list[Unit]:
    """Every unit the user holds a role in, and their own branch as a member."""
    units = [a.unit for a in assignments(user)]
    member = own_member(user)
    if member is not None:
        units.append(member.branch)
    return units


def _program_concerns(user, program) -> bool:
    """A program is visible to everyone in the base Union that runs it, and above it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or may_in_unit(user, Action.VIEW_PROGRAM, program.unit):
        return True
    return any(unit.is_within(program.unit) for unit in _home_units(user))


def visible_programs(user):
    """The programs `user` may see (the same rule as can(VIEW_PROGRAM)), as one query."""
    from django.db.models import Q

    from renluyen.programs.models import Program

    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    # Run by a unit above (or at) one of theirs, or by a unit within their reach.
    above = {path for unit in _home_units(user) for path in unit.ancestor_paths()}
    condition = Q(unit__path__in=above)
    for top in units_with(user, Action.VIEW_PROGRAM):
        condition |= Q(unit__path__startswith=top.path)
    return Program.objects.filter(condition)


def visible_members(user):
    """Members `user` may see: everyone in the units they may view, plus themselves."""
    from django.db.models import Q

    from renluyen.people.models import Member

    if user.is_authenticated and user.is_superuser:
        return Member.objects.all()
    condition = Q(pk__in=[])
    for top in units_with(user, Action.VIEW_MEMBER):
        condition |= Q(branch__path__startswith=top.path)
    member = own_member(user)
    if member is not None:
        condition |= Q(pk=member.pk)
    return Member.objects.filter(condition)


def in_branch(user, program_id: int, branch_id: int) -> bool:
    """Does `user` train in `branch` in that program year? Members of a branch see each
    other's six-monthly self-reviews and reply with help (IV.1 Step 3)."""
    member = own_member(user)
    if member is None:
        return False
    from renluyen.programs.models import Enrollment

    return Enrollment.objects.filter(
        program_id=program_id, branch_id=branch_id, member=member
    ).exists()
