"""What waits for a person in the progress log, for the home page's to-do list: a fixed
number of queries whatever the size of their units.

    counts(user) -> {
        "evidence_to_look_at": entries of members the user follows (as their branch
            committee or their mentor) that nobody has looked at or commented on yet,
        "criteria_without_progress": the user's own confirmed criteria, in open programs,
            with no progress entry,
        "self_reviews_due": the user's own confirmed forms whose six-monthly self-review
            window is open and which they have not submitted,
    }
Links: progress:waiting (the entries to look at), progress:mine (the member's log),
progress:review (a member's self-review).
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import Action, mentee_enrollments, own_member, units_with
from renluyen.core.todo import Line
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.progress.models import Entry, SelfReview
from renluyen.registrations.models import Item
from renluyen.registrations.todo import member_enrollments
from renluyen.registrations.transitions import CONFIRMED_STATES


def waiting_entries(user):
    """Entries waiting for `user` to look at them, oldest first (a queryset)."""
    if not user.is_authenticated:
        return Entry.objects.none()
    if user.is_superuser:
        condition = Q()
    else:
        mentees = mentee_enrollments(user)
        tops = units_with(user, Action.COMMENT_PROGRESS)
        if not mentees and not tops:
            return Entry.objects.none()
        condition = Q(enrollment_id__in=mentees)
        for top in tops:
            condition |= Q(enrollment__branch__path__startswith=top.path)
    entries = Entry.objects.filter(
        condition, seen_at__isnull=True, enrollment__program__status=ProgramStatus.OPEN
    )
    member = own_member(user)
    if member is not None:
        entries = entries.exclude(enrollment__member=member)
    return entries.order_by("created_at", "pk")


def counts(user, member_forms: list | None = None) -> dict[str, int]:
    """See the module docstring. At most five queries. `member_forms`: the member's
    enrollments in every open program with their program and registration, when the
    caller has them (core.todo.Context): then at most three queries, fewer for a member
    without a confirmed form."""
    result = {
        "evidence_to_look_at": waiting_entries(user).count(),
        "criteria_without_progress": 0,
        "self_reviews_due": 0,
    }
    member = own_member(user)
    if member is None:
        return result
    if member_forms is not None:
        return _own_counts(result, member_forms)
    mine = Enrollment.objects.filter(
        member=member,
        program__status=ProgramStatus.OPEN,
        registration__state__in=CONFIRMED_STATES,
    )
    today = timezone.localdate()
    result["criteria_without_progress"] = (
        Item.objects.filter(
            registration__enrollment__in=mine.filter(program__evaluation_deadline__gt=today),
            confirmed_at__isnull=False,
        )
        .exclude(Exists(Entry.objects.filter(item=OuterRef("pk"))))
        .count()
    )
    result["self_reviews_due"] = (
        mine.filter(program__self_review_start__lte=today, program__self_review_end__gte=today)
        .exclude(
            Exists(SelfReview.objects.filter(enrollment=OuterRef("pk"), submitted_at__isnull=False))
        )
        .count()
    )
    return result


def _own_counts(result: dict, enrollments: list) -> dict[str, int]:
    """counts' own figures from the member's enrollments as read by the caller: the same
    rules, with the enrollment and program conditions checked here."""
    today = timezone.localdate()
    confirmed = [
        e
        for e in enrollments
        if getattr(e, "registration", None) is not None and e.registration.state in CONFIRMED_STATES
    ]
    evaluating = [e.pk for e in confirmed if e.program.evaluation_deadline > today]
    if evaluating:
        result["criteria_without_progress"] = (
            Item.objects.filter(
                registration__enrollment_id__in=evaluating, confirmed_at__isnull=False
            )
            .exclude(Exists(Entry.objects.filter(item=OuterRef("pk"))))
            .count()
        )
    window = [
        e.pk for e in confirmed if e.program.self_review_start <= today <= e.program.self_review_end
    ]
    if window:
        sent = SelfReview.objects.filter(enrollment_id__in=window, submitted_at__isnull=False)
        result["self_reviews_due"] = len(
            set(window) - set(sent.values_list("enrollment_id", flat=True))
        )
    return result


def lines(ctx) -> list[Line]:
    """The progress log's lines on the home page's to-do list (core.todo): entries to look
    at, the member's own criteria without progress, and their six-monthly self-review to
    send (a deadline line when its window closes within the list's horizon). A fixed
    number of queries (counts, then one for the self-reviews due)."""
    found = counts(ctx.user, ctx.member_forms)
    out = []
    n = found["evidence_to_look_at"]
    if n:
        out.append(
            Line(
                ngettext(
                    "%(n)d progress entry to look at",
                    "%(n)d progress entries to look at",
                    n,
                )
                % {"n": n},
                reverse("progress:waiting"),
                n,
            )
        )
    n = found["criteria_without_progress"]
    if n:
        out.append(
            Line(
                ngettext(
                    "%(n)d of your criteria has no progress recorded yet",
                    "%(n)d of your criteria have no progress recorded yet",
                    n,
                )
                % {"n": n},
                reverse("progress:mine"),
                n,
            )
        )
    if not found["self_reviews_due"]:
        return out
    today = ctx.today
    open_now = [
        e
        for e in member_enrollments(ctx)
        if e.program.self_review_start <= today <= e.program.self_review_end
        and getattr(e, "registration", None) is not None
        and e.registration.state in CONFIRMED_STATES
    ]
    sent = set(
        SelfReview.objects.filter(enrollment__in=open_now, submitted_at__isnull=False).values_list(
            "enrollment_id", flat=True
        )
    )
    for e in open_now:
        if e.pk in sent:
            continue
        due = e.program.self_review_end + timedelta(days=1)
        text = _("Send your six-monthly self-review %(year)s before %(day)s") % {
            "year": e.program.school_year,
            "day": date_format(due, "SHORT_DATE_FORMAT"),
        }
        url = reverse("progress:review", args=[e.pk])
        out.append(Line(text, url, due=due if ctx.soon(due) else None))
    return out
