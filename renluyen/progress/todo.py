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

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from renluyen.core.policy import Action, mentee_enrollments, own_member, units_with
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.progress.models import Entry, SelfReview
from renluyen.registrations.models import Item
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


def counts(user) -> dict[str, int]:
    """See the module docstring. At most five queries."""
    result = {
        "evidence_to_look_at": waiting_entries(user).count(),
        "criteria_without_progress": 0,
        "self_reviews_due": 0,
    }
    member = own_member(user)
    if member is None:
        return result
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
