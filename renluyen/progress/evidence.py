"""What a member has to show for each confirmed criterion: their progress entries (with
comments) and the activities they attended that relate to it. Read by the progress log,
the self-review and the self-evaluation (evaluations/views/member.py) in a fixed number
of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from renluyen.activities.models import Participation
from renluyen.programs.models import Criterion
from renluyen.progress.models import Comment, Entry
from renluyen.registrations.models import Item, ItemKind


@dataclass
class Evidence:
    entries: list = field(default_factory=list)
    # Participation rows (with .activity) attended by the member.
    attended: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entries or self.attended)


def attended(enrollment) -> list[Participation]:
    """The activities the member attended, each with its related criteria. Two queries."""
    return list(
        Participation.objects.filter(enrollment=enrollment, attended_at__isnull=False)
        .select_related("activity__unit")
        .prefetch_related(Prefetch("activity__criteria", queryset=Criterion.objects.only("pk")))
        .order_by("activity__starts_on", "activity__title", "pk")
    )


def for_enrollment(enrollment, items=None) -> dict[int, Evidence]:
    """{item id: Evidence} for every confirmed criterion of the member's form (`items`
    when the caller already has them). At most six queries whatever the numbers."""
    if items is None:
        items = list(
            Item.objects.filter(registration__enrollment=enrollment, confirmed_at__isnull=False)
        )
    out = {item.pk: Evidence() for item in items}
    comments = Comment.objects.select_related("author").order_by("created_at", "pk")
    entries = (
        Entry.objects.filter(enrollment=enrollment, item_id__in=list(out))
        .select_related("author")
        .prefetch_related(Prefetch("comments", queryset=comments))
        .order_by("done_on", "pk")
    )
    for entry in entries:
        out[entry.item_id].entries.append(entry)
    participations = attended(enrollment)
    for item in items:
        for participation in participations:
            activity = participation.activity
            if (item.kind == ItemKind.ACTIVITY and item.activity_id == activity.pk) or (
                item.criterion_id is not None
                and any(c.pk == item.criterion_id for c in activity.criteria.all())
            ):
                out[item.pk].attended.append(participation)
    return out
