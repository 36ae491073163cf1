"""Reminders by email as a deadline nears (issue 11.9; seed II.2 and IV.1 set the
deadlines), run once a day by cron (`manage.py send_reminders`, docs/deployment.md).

Members are reminded who have not sent their training form before the registration
deadline (their own last day when they were given an extension), who have not sent
their six-monthly self-review before its window closes, and who have not submitted
their self-evaluation before the evaluation is due; branch committees are
reminded of their work waiting before the registration deadline (forms to review,
members who have not sent one), before a check-in round ends (members not checked in)
and before the evaluation is due (results not sent up). The days before a deadline on
which reminders go out are the program's `reminder_days` (14, 7 and 2 by default).

Never the same reminder twice: each one is queued in the outbox (notifications.outbox)
under a key naming the kind, the program, the person, the deadline and the threshold,
and the outbox keeps a key once. A reminder whose threshold day was missed (no run that
day) goes out on the next run, under that threshold. Reminders are queued in chunks,
each committed on its own: a run killed midway keeps what it queued, and the next run
(the same day or later) queues only the rest.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import ROLE_ACTIONS, Action
from renluyen.core.templatetags.people import person_name
from renluyen.evaluations.models import BranchEvaluation, Evaluation, SelfState
from renluyen.evaluations.transitions import EDITABLE
from renluyen.notifications.models import OutboxEmail
from renluyen.notifications.outbox import Email, queue_emails
from renluyen.organizations.models import Level, RoleAssignment
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.programs.services import parse_reminder_days
from renluyen.progress.models import SelfReview
from renluyen.registrations.deadlines import last_days
from renluyen.registrations.models import Extension
from renluyen.registrations.transitions import AWAITING_REVIEW, CONFIRMED_STATES
from renluyen.support import rounds

CHUNK = 500


def threshold(due: date, today: date, days: list[int]) -> int | None:
    """The reminder day that applies today for a step "due before" `due`: the smallest of
    `days` not below the days left, or None when the step is not near (or is past)."""
    left = (due - today).days
    if left < 1:
        return None
    near = [d for d in days if d >= left]
    return min(near) if near else None


@dataclass
class Outcome:
    queued: int = 0  # new reminders put in the outbox
    skipped: int = 0  # already queued by an earlier run
    by_kind: dict = field(default_factory=lambda: defaultdict(int))


def _link(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}"


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def send_reminders(*, today: date | None = None, chunk: int = CHUNK) -> Outcome:
    """Queue today's reminders of every open program (see the module's docstring)."""
    today = today or timezone.localdate()
    outcome = Outcome()
    with translation.override(settings.LANGUAGE_CODE):
        for program in Program.objects.filter(status=ProgramStatus.OPEN).select_related("unit"):
            days = parse_reminder_days(program.reminder_days) or []
            if not days:
                continue
            emails = [
                *_register(program, today, days),
                *_self_review(program, today, days),
                *_self_evaluate(program, today, days),
                *_committees(program, today, days),
            ]
            _queue(emails, outcome, chunk)
    return outcome


def _queue(emails: list[tuple[str, Email | None]], outcome: Outcome, chunk: int) -> None:
    """Queue `emails` ((kind, email) pairs; None: known to be queued already) in chunks,
    each committed on its own."""
    outcome.skipped += sum(1 for _kind, email in emails if email is None)
    emails = [(kind, email) for kind, email in emails if email is not None]
    for start in range(0, len(emails), chunk):
        part = emails[start : start + chunk]
        with transaction.atomic():
            known = set(
                OutboxEmail.objects.filter(key__in=[e.key for _k, e in part]).values_list(
                    "key", flat=True
                )
            )
            new = [(kind, e) for kind, e in part if e.key not in known]
            # ignore_conflicts: a run at the same moment that queued a key first wins.
            queue_emails([e for _k, e in new])
        outcome.skipped += len(part) - len(new)
        outcome.queued += len(new)
        for kind, _e in new:
            outcome.by_kind[kind] += 1


def _key(kind: str, program: Program, who: str, due: date, days: int) -> str:
    return f"reminder:{kind}:p{program.pk}:{who}:{due.isoformat()}:{days}"


def _greeting(name: str) -> str:
    return _("Hello %(name)s,") % {"name": name}


# ---------------------------------------------------------------- members


def _known(kind: str, program: Program) -> set[str]:
    """The keys of this kind and program already in the outbox: one query, so a second
    run builds no email it would not queue."""
    prefix = f"reminder:{kind}:p{program.pk}:"
    return set(OutboxEmail.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def _members_email(kind, program, rows, due_of, today, days, subject, lines, url_of):
    """One email per member of `rows` ((enrollment id, name, member email, account email))
    whose own deadline `due_of(enrollment id)` is near, unless already queued."""
    known = _known(kind, program)
    for pk, name, member_email, user_email in rows:
        due = due_of(pk)
        at = threshold(due, today, days)
        to = user_email or member_email
        key = _key(kind, program, f"e{pk}", due, at)
        if at is None or not to:
            continue
        if key in known:
            yield kind, None  # queued by an earlier run
            continue
        left = (due - today).days
        body = "\n".join([_greeting(name), "", *lines(due), "", _link(url_of(pk))])
        yield kind, Email(to=to, subject=subject(left), body=body + "\n", key=key)


_ROW = ("pk", "member__full_name", "member__email", "member__user__email")


def _register(program: Program, today: date, days: list[int]):
    """Members who have not sent their form, as their own last day nears (the program's,
    or their extension's). Three queries."""
    extended = Extension.objects.filter(enrollment__program=program, until__gte=today)
    if threshold(program.registration_deadline, today, days) is None and not extended.exists():
        return []
    rows = list(
        Enrollment.objects.filter(program=program)
        .filter(Q(registration__isnull=True) | Q(registration__first_submitted_at__isnull=True))
        .values_list(*_ROW)
    )
    last = last_days(program, [row[0] for row in rows])
    intro = _("You have not sent your training form for %(program)s yet. It is due before %(day)s.")
    return _members_email(
        "register",
        program,
        rows,
        lambda pk: last[pk] + timedelta(days=1),
        today,
        days,
        lambda left: (
            ngettext(
                "[Member training] Send your training form: %(n)d day left",
                "[Member training] Send your training form: %(n)d days left",
                left,
            )
            % {"n": left}
        ),
        lambda due: [intro % {"program": program.name, "day": _day(due)}],
        lambda pk: reverse("registrations:form", args=[pk]),
    )


def _confirmed_without(program: Program, done) -> list:
    """_ROW of the members with a confirmed form for whom `done` (rows of the step, made
    with enrollment=OuterRef("pk")) has none: one query."""
    return list(
        Enrollment.objects.filter(program=program, registration__state__in=CONFIRMED_STATES)
        .exclude(Exists(done))
        .values_list(*_ROW)
    )


def _self_review(program: Program, today: date, days: list[int]):
    """Members with a confirmed form who have not sent their six-monthly self-review
    (progress), as its window closes (once it has opened). Two queries."""
    due = program.self_review_end + timedelta(days=1)
    if program.self_review_start > today or threshold(due, today, days) is None:
        return []
    rows = _confirmed_without(
        program, SelfReview.objects.filter(enrollment=OuterRef("pk"), submitted_at__isnull=False)
    )
    intro = _(
        "You have not sent your six-monthly self-review for %(program)s yet. It is due before "
        "%(day)s."
    ) % {"program": program.name, "day": _day(due)}
    return _members_email(
        "self_review",
        program,
        rows,
        lambda pk: due,
        today,
        days,
        lambda left: (
            ngettext(
                "[Member training] Send your six-monthly self-review: %(n)d day left",
                "[Member training] Send your six-monthly self-review: %(n)d days left",
                left,
            )
            % {"n": left}
        ),
        lambda _due: [intro],
        lambda pk: reverse("progress:review", args=[pk]),
    )


def _self_evaluate(program: Program, today: date, days: list[int]):
    """Members with a confirmed form who have not submitted their self-evaluation, as the
    evaluation's due date nears (once it has opened). Two queries."""
    due = program.evaluation_deadline
    if program.evaluation_start > today or threshold(due, today, days) is None:
        return []
    rows = _confirmed_without(
        program,
        Evaluation.objects.filter(enrollment=OuterRef("pk"), self_state=SelfState.SUBMITTED),
    )
    intro = _(
        "You have not submitted your self-evaluation for %(program)s yet. It is due before %(day)s."
    ) % {"program": program.name, "day": _day(due)}
    url = reverse("evaluations:mine")
    return _members_email(
        "self_evaluate",
        program,
        rows,
        lambda pk: due,
        today,
        days,
        lambda left: (
            ngettext(
                "[Member training] Self-evaluate your training: %(n)d day left",
                "[Member training] Self-evaluate your training: %(n)d days left",
                left,
            )
            % {"n": left}
        ),
        lambda _due: [intro],
        lambda pk: url,
    )


# ---------------------------------------------------------------- committees


@dataclass
class Work:
    """What waits for one branch committee before one deadline."""

    kind: str
    branch: object
    due: date
    lines: list[str]
    url: str
    extra: str = ""  # distinguishes two deadlines of the same kind (check-in rounds)


def _committees(program: Program, today: date, days: list[int]):
    """Each committee member of a branch with work waiting before a deadline: one email
    per branch and deadline. A fixed number of queries per program."""
    branches = {
        a.unit_id: a.unit
        for a in RoleAssignment.objects.active(today)
        .filter(unit__path__startswith=program.unit.path, unit__level=Level.BRANCH)
        .select_related("unit")
    }
    if not branches:
        return
    works = [
        *_registration_work(program, today, days, branches),
        *_checkin_work(program, today, days, branches),
        *_evaluation_work(program, today, days, branches),
    ]
    if not works:
        return
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.MANAGE_SUPPORT in actions]
    committee = defaultdict(list)
    for a in (
        RoleAssignment.objects.active(today)
        .filter(unit_id__in={w.branch.pk for w in works}, role__in=roles)
        .select_related("user__member")
    ):
        committee[a.unit_id].append(a.user)
    for work in works:
        at = threshold(work.due, today, days)
        left = (work.due - today).days
        for user in committee[work.branch.pk]:
            to = user.email or _member_email(user)
            if not to:
                continue
            subject = ngettext(
                "[Member training] Work waiting for %(branch)s: %(n)d day left",
                "[Member training] Work waiting for %(branch)s: %(n)d days left",
                left,
            ) % {"branch": work.branch.name, "n": left}
            body = "\n".join([_greeting(person_name(user)), "", *work.lines, "", _link(work.url)])
            key = _key(f"committee_{work.kind}{work.extra}", program, f"u{user.pk}", work.due, at)
            yield f"committee_{work.kind}", Email(to=to, subject=subject, body=body + "\n", key=key)


def _member_email(user) -> str:
    try:
        return user.member.email
    except AttributeError:
        return ""


def _branch_url(name: str, branch, program) -> str:
    return f"{reverse(name, args=[branch.pk])}?program={program.pk}"


def _registration_work(program, today, days, branches):
    due = program.registration_deadline
    if threshold(due, today, days) is None:
        return []
    counts = (
        Enrollment.objects.filter(program=program, branch_id__in=branches)
        .order_by()
        .values_list("branch_id")
        .annotate(
            awaiting=Count("pk", filter=Q(registration__state__in=AWAITING_REVIEW)),
            missing=Count(
                "pk",
                filter=Q(registration__isnull=True)
                | Q(registration__first_submitted_at__isnull=True),
            ),
        )
    )
    out = []
    for branch_id, awaiting, missing in counts:
        if not awaiting and not missing:
            continue
        lines = [
            _("Registration for %(program)s is due before %(day)s.")
            % {"program": program.name, "day": _day(due)}
        ]
        if awaiting:
            lines.append(
                ngettext(
                    "%(n)d form awaits the committee's review.",
                    "%(n)d forms await the committee's review.",
                    awaiting,
                )
                % {"n": awaiting}
            )
        if missing:
            lines.append(
                ngettext(
                    "%(n)d member has not sent a form yet.",
                    "%(n)d members have not sent a form yet.",
                    missing,
                )
                % {"n": missing}
            )
        branch = branches[branch_id]
        url = _branch_url("registrations:branch", branch, program)
        out.append(Work("register", branch, due, lines, url))
    return out


def _checkin_work(program, today, days, branches):
    out = []
    for branch_rounds in rounds.for_branches(program, branches.values(), today).values():
        current = branch_rounds.current
        if current is None or not branch_rounds.due_now:
            continue
        due = current.due
        if threshold(due, today, days) is None:
            continue
        n = branch_rounds.due_now
        lines = [
            ngettext(
                "Check-in round %(round)d is due before %(day)s: %(n)d member has not been "
                "talked with yet.",
                "Check-in round %(round)d is due before %(day)s: %(n)d members have not been "
                "talked with yet.",
                n,
            )
            % {"round": current.number, "day": _day(due), "n": n}
        ]
        branch = branch_rounds.branch
        url = f"{reverse('support:checkin_round', args=[branch.pk, current.number])}"
        url += f"?program={program.pk}"
        out.append(Work("checkin", branch, due, lines, url, extra=f"{current.number}"))
    return out


def _evaluation_work(program, today, days, branches):
    due = program.evaluation_deadline
    if program.evaluation_start > today or threshold(due, today, days) is None:
        return []
    sent = set(
        BranchEvaluation.objects.filter(program=program, branch_id__in=branches)
        .exclude(state__in=EDITABLE)
        .values_list("branch_id", flat=True)
    )
    with_members = set(
        Enrollment.objects.filter(program=program, branch_id__in=branches)
        .values_list("branch_id", flat=True)
        .distinct()
    )
    return [
        Work(
            "evaluate",
            branch,
            due,
            [
                _(
                    "The evaluation of %(program)s is due before %(day)s: the branch has not "
                    "sent its results up yet."
                )
                % {"program": program.name, "day": _day(due)}
            ],
            _branch_url("evaluations:branch", branch, program),
        )
        for branch_id, branch in branches.items()
        if branch_id in with_members and branch_id not in sent
    ]
