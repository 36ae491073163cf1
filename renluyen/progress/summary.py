"""The branch's view of the six-monthly self-review (IV.1 Step 3): how many members
reviewed, how far they are, who is stuck and the difficulties raised, with the replies.
Three queries whatever the size of the branch."""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from renluyen.programs.models import Enrollment
from renluyen.progress.models import Mark, Reply, SelfReview
from renluyen.registrations.models import Item
from renluyen.registrations.transitions import CONFIRMED_STATES


@dataclass
class MemberRow:
    enrollment: Enrollment
    criteria: int
    review: SelfReview | None = None
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def stuck(self) -> bool:
        """Reviewed, and a criterion not started or a difficulty named."""
        return self.review is not None and (self.not_started > 0 or bool(self.review.difficulties))

    @property
    def all_done(self) -> bool:
        return self.review is not None and self.criteria > 0 and self.done == self.criteria


@dataclass
class Summary:
    rows: list[MemberRow] = field(default_factory=list)

    @property
    def confirmed(self) -> int:
        return len(self.rows)

    @property
    def reviewed(self) -> list[MemberRow]:
        return [r for r in self.rows if r.review is not None]

    @property
    def stuck(self) -> list[MemberRow]:
        return [r for r in self.rows if r.stuck]

    @property
    def others(self) -> list[MemberRow]:
        return [r for r in self.rows if r.review is not None and not r.stuck]

    @property
    def not_reviewed(self) -> list[MemberRow]:
        return [r for r in self.rows if r.review is None]

    def total(self, status: str) -> int:
        return sum(getattr(r, status) for r in self.reviewed)

    @property
    def done(self) -> int:
        return self.total(Mark.DONE)

    @property
    def in_progress(self) -> int:
        return self.total(Mark.IN_PROGRESS)

    @property
    def not_started(self) -> int:
        return self.total(Mark.NOT_STARTED)

    @property
    def all_done(self) -> int:
        return sum(1 for r in self.rows if r.all_done)


def branch_summary(program, branch) -> Summary:
    """Every member of `branch` in `program` with a confirmed form, with their submitted
    self-review (if any), its counts and replies."""
    criteria = (
        Item.objects.filter(registration__enrollment=OuterRef("pk"), confirmed_at__isnull=False)
        .order_by()
        .values("registration__enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    enrollments = list(
        Enrollment.objects.filter(
            program=program, branch=branch, registration__state__in=CONFIRMED_STATES
        )
        .select_related("member")
        .annotate(criteria=Coalesce(Subquery(criteria, output_field=IntegerField()), Value(0)))
        .order_by("member__full_name", "member__code")
    )
    replies = Reply.objects.select_related("author").order_by("created_at", "pk")
    reviews = {
        r.enrollment_id: r
        for r in SelfReview.objects.filter(
            enrollment__in=[e.pk for e in enrollments], submitted_at__isnull=False
        )
        .annotate(
            n_done=Count("marks", filter=Q(marks__status=Mark.DONE)),
            n_in_progress=Count("marks", filter=Q(marks__status=Mark.IN_PROGRESS)),
            n_not_started=Count("marks", filter=Q(marks__status=Mark.NOT_STARTED)),
        )
        .prefetch_related(Prefetch("replies", queryset=replies))
    }
    summary = Summary()
    for enrollment in enrollments:
        review = reviews.get(enrollment.pk)
        row = MemberRow(enrollment=enrollment, criteria=enrollment.criteria, review=review)
        if review is not None:
            row.done = review.n_done
            row.in_progress = review.n_in_progress
            row.not_started = review.n_not_started
        summary.rows.append(row)
    return summary
