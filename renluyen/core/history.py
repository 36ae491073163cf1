"""What a history page shows of one audit event (registrations' and evaluations' history
pages read the same events, recorded on the enrollment, and share this shape and the
template `history.html`)."""

from dataclasses import dataclass, field

from renluyen.audit.models import Event


@dataclass
class Detail:
    """One line of what changed: a heading, and either a text or an old → new pair."""

    heading: str
    text: str = ""
    old: str | None = None
    new: str | None = None

    @property
    def is_change(self) -> bool:
        return self.old is not None or self.new is not None


@dataclass
class Entry:
    event: Event
    what: str
    screen: str
    details: list[Detail] = field(default_factory=list)
    # Who the page names instead of the event's actor ("" for the actor).
    who: str = ""


def events_of(enrollment, step_prefix: str):
    """The audit events of one member's year whose verb starts with `step_prefix`
    ("registration." or "evaluation."), newest first, with their actors."""
    return (
        Event.objects.filter(
            object_type="programs.enrollment",
            object_id=str(enrollment.pk),
            verb__startswith=step_prefix,
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
