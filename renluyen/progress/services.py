"""The progress log and the six-monthly self-review (IV.1 Step 2-3, IV.2 Step 3).

Who may do what is the policy's (the view checks it): the member records their own
progress and self-review; the branch committee and the member's mentor comment
(Action.COMMENT_PROGRESS); members of the branch reply to a self-review with help. What is
allowed when is decided here, with the row that holds the state locked first: the
member's form (its confirmed criteria) and the branch's evaluation (sent up = closed).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.text import clean, too_long
from renluyen.dashboards import rollups
from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.programs.models import Enrollment, ProgramStatus
from renluyen.programs.services import parse_school_year
from renluyen.progress import files
from renluyen.progress.models import Comment, Entry, Mark, Reply, ReviewMark, SelfReview
from renluyen.registrations.models import Item, Registration
from renluyen.registrations.rules import Problem
from renluyen.registrations.transitions import CONFIRMED_STATES

MAX_TEXT = 4000
MAX_COMMENT = 2000
SENT_UP = {BranchState.FINALIZED, BranchState.FORWARDED, BranchState.RECOGNIZED}


def confirmed_items(enrollment: Enrollment):
    """The member's confirmed criteria, in the form's order."""
    return (
        Item.objects.filter(registration__enrollment=enrollment, confirmed_at__isnull=False)
        .select_related("area", "criterion", "activity")
        .order_by("area__number", "kind", "criterion__order", "pk")
    )


def _confirmed(enrollment: Enrollment, *, lock: bool) -> Registration | None:
    registrations = Registration.objects.filter(enrollment=enrollment)
    if lock:
        registrations = registrations.select_for_update()
    registration = registrations.first()
    if registration is None or registration.state not in CONFIRMED_STATES:
        return None
    return registration


def _sent_up(enrollment: Enrollment, *, lock: bool) -> bool:
    rows = BranchEvaluation.objects.filter(
        program_id=enrollment.program_id, branch_id=enrollment.branch_id
    )
    if lock:
        rows = rows.select_for_update()
    return rows.filter(state__in=SENT_UP).exists()


def closed_problem(enrollment: Enrollment, *, lock: bool = False) -> str | None:
    """Why nothing more is written about this member's year (entries, comments,
    replies), or None: the program is closed, or the branch has sent its results up (a
    recognized year is history)."""
    if enrollment.program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if _sent_up(enrollment, lock=lock):
        return _("The branch has sent its results up; this year's progress log is closed.")
    return None


def log_problem(enrollment: Enrollment, *, lock: bool = False) -> str | None:
    """Why the member's progress log takes no new entry now, or None: it needs a
    confirmed form in an open program whose branch has not sent its results up."""
    if enrollment.program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if _confirmed(enrollment, lock=lock) is None:
        return _("The progress log opens once the branch committee confirms your form.")
    if _sent_up(enrollment, lock=lock):
        return _("The branch has sent its results up; this year's progress log is closed.")
    return None


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise DomainError(problems[0].message, problems=problems)


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _text_problems(text: str, where: str, limit: int, empty: str) -> list[Problem]:
    if not text:
        return [Problem(empty, where)]
    message = too_long(text, limit)
    return [Problem(message, where)] if message else []


def link_problem(link: str) -> str | None:
    if not link:
        return None
    if len(link) > 500:
        return too_long(link, 500)
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        return _("Enter a web address starting with https:// or http://.")
    return None


def date_problem(enrollment: Enrollment, done_on: date | None) -> str | None:
    if done_on is None:
        return _("Enter the date, for example 18/10/2021.")
    today = timezone.localdate()
    if done_on > today:
        return _("The date cannot be in the future.")
    first, _last = parse_school_year(enrollment.program.school_year)
    if done_on.year < first - 1:
        return _("Pick a date in this school year.")
    return None


@transaction.atomic
def entry_add(
    *,
    enrollment: Enrollment,
    user,
    item_id: int | None,
    done_on: date | None,
    text: str,
    link: str = "",
    upload=None,
) -> Entry:
    """Record what the member did on one confirmed criterion: a date, a text, and
    optionally a photo or PDF (progress.files) and a link."""
    problem = log_problem(enrollment, lock=True)
    if problem:
        raise DomainError(problem)
    item = confirmed_items(enrollment).filter(pk=item_id).first() if item_id else None
    if item is None:
        raise DomainError(_("Pick one of the confirmed criteria of your form."))
    text = clean(text)
    link = clean(link)
    problems = _text_problems(text, "text", MAX_TEXT, _("Write what you did."))
    if message := date_problem(enrollment, done_on):
        problems.append(Problem(message, "done_on"))
    if message := link_problem(link):
        problems.append(Problem(message, "link"))
    _refuse(problems)
    stored = files.store(upload) if upload is not None else None
    try:
        entry = Entry.objects.create(
            enrollment=enrollment,
            item=item,
            done_on=done_on,
            text=text,
            link=link,
            file_name=stored.name if stored else "",
            file_kind=stored.kind if stored else "",
            file_size=stored.size if stored else None,
            original_name=stored.original_name if stored else "",
            author=user,
        )
        record(
            actor=user,
            verb="progress.entry_add",
            obj=enrollment,
            unit=enrollment.branch,
            entry=entry.pk,
            item=item.pk,
            done_on=done_on.isoformat(),
            file=stored.kind if stored else "",
            link=bool(link),
        )
    except Exception:
        if stored:
            files.delete(stored.name)
        raise
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry, user) -> None:
    """The member takes back an entry while the log is open."""
    enrollment = entry.enrollment
    problem = log_problem(enrollment, lock=True)
    if problem:
        raise DomainError(problem)
    name = entry.file_name
    record(
        actor=user,
        verb="progress.entry_delete",
        obj=enrollment,
        unit=enrollment.branch,
        entry=entry.pk,
        item=entry.item_id,
        text=entry.text,
    )
    entry.delete()
    transaction.on_commit(lambda: files.delete(name))


def _note_add(model, *, enrollment, user, text: str, where: str, empty: str, verb: str, **parent):
    """Write a comment or a reply about a member's year that is still open; the parent
    row (`parent`: entry= or review=) is locked by the caller."""
    if problem := closed_problem(enrollment, lock=True):
        raise DomainError(problem)
    text = clean(text)
    _refuse(_text_problems(text, where, MAX_COMMENT, empty))
    note = model.objects.create(author=user, text=text, **parent)
    ((name, row),) = parent.items()
    record(
        actor=user, verb=verb, obj=enrollment, unit=enrollment.branch, text=text, **{name: row.pk}
    )
    return note


@transaction.atomic
def comment_add(*, entry: Entry, user, text: str) -> Comment:
    """A comment on one entry; from the committee or the mentor it also marks the entry
    as looked at."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "enrollment__branch")
        .get(pk=entry.pk)
    )
    comment = _note_add(
        Comment,
        enrollment=entry.enrollment,
        user=user,
        text=text,
        where="comment",
        empty=_("Write the comment."),
        verb="progress.comment",
        entry=entry,
    )
    if entry.seen_at is None and not _is_member(user, entry.enrollment):
        Entry.objects.filter(pk=entry.pk).update(seen_at=timezone.now(), seen_by=user)
    return comment


@transaction.atomic
def entries_seen(*, entries, user) -> int:
    """Mark entries as looked at by the committee or the mentor; returns how many were
    still waiting."""
    pks = [e.pk for e in entries]
    waiting = list(
        Entry.objects.select_for_update()
        .filter(pk__in=pks, seen_at__isnull=True)
        .select_related("enrollment__branch")
    )
    if not waiting:
        return 0
    Entry.objects.filter(pk__in=[e.pk for e in waiting]).update(
        seen_at=timezone.now(), seen_by=user
    )
    for entry in waiting:
        record(
            actor=user,
            verb="progress.seen",
            obj=entry.enrollment,
            unit=entry.enrollment.branch,
            entry=entry.pk,
        )
    return len(waiting)


def _is_member(user, enrollment: Enrollment) -> bool:
    member = getattr(user, "member", None) if user.is_authenticated else None
    return member is not None and member.pk == enrollment.member_id


# ---------------------------------------------------------------- the six-monthly self-review


def review_window_problem(enrollment: Enrollment, today: date | None = None) -> str | None:
    """Why the member may not change their self-review now, or None."""
    today = today or timezone.localdate()
    program = enrollment.program
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.self_review_start:
        return _("The six-monthly self-review opens on %(day)s.") % {
            "day": _day(program.self_review_start)
        }
    if today > program.self_review_end:
        return _("The six-monthly self-review closed on %(day)s.") % {
            "day": _day(program.self_review_end)
        }
    return None


def review_for_reading(enrollment: Enrollment) -> tuple[SelfReview, dict[int, str]]:
    """The member's self-review (unsaved when none yet) and its marks by item id."""
    review = SelfReview.objects.filter(enrollment=enrollment).first()
    if review is None:
        return SelfReview(enrollment=enrollment), {}
    return review, dict(review.marks.values_list("item_id", "status"))


@dataclass
class ReviewResult:
    review: SelfReview
    complete: bool  # every confirmed criterion marked
    all_done: bool  # every confirmed criterion done: invite to register more


@transaction.atomic
def review_save(
    *,
    enrollment: Enrollment,
    user,
    marks: dict[int, str],
    difficulties: str,
    version: int,
    submit: bool,
) -> ReviewResult:
    """Save the member's marks (item id -> Mark) and difficulties. Submitting needs a mark
    on every confirmed criterion; a submitted review may be changed and sent again
    until the window closes."""
    registration = _confirmed(enrollment, lock=True)
    if registration is None:
        raise DomainError(_("You have no confirmed form to review."))
    problem = review_window_problem(enrollment)
    if problem:
        raise DomainError(problem)
    review, _created = SelfReview.objects.select_for_update().get_or_create(enrollment=enrollment)
    if review.version != version:
        raise DomainError(
            _("Your self-review was changed in another window; open it again to see it.")
        )
    items = {item.pk: item for item in confirmed_items(enrollment)}
    valid = {m.value for m in Mark}
    chosen = {pk: status for pk, status in marks.items() if pk in items and status in valid}
    difficulties = clean(difficulties)
    problems = []
    if message := too_long(difficulties, MAX_TEXT):
        problems.append(Problem(message, "difficulties"))
    missing = [pk for pk in items if pk not in chosen]
    if submit and missing:
        problems += [
            Problem(_("Mark how far you are with this criterion."), f"item:{pk}") for pk in missing
        ]
    _refuse(problems)
    before = dict(review.marks.values_list("item_id", "status"))
    ReviewMark.objects.filter(review=review).exclude(item_id__in=chosen).delete()
    for pk, status in chosen.items():
        if before.get(pk) != status:
            ReviewMark.objects.update_or_create(
                review=review, item_id=pk, defaults={"status": status}
            )
    review.difficulties = difficulties
    review.version += 1
    if submit:
        review.submitted_at = timezone.now()
    review.save()
    counts = {m.value: 0 for m in Mark}
    for status in chosen.values():
        counts[status] += 1
    record(
        actor=user,
        verb="progress.review_submit" if submit else "progress.review_save",
        obj=enrollment,
        unit=enrollment.branch,
        marks=counts,
        difficulties=difficulties,
    )
    rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)
    complete = not missing
    return ReviewResult(
        review=review,
        complete=complete,
        all_done=complete and bool(items) and counts[Mark.DONE] == len(items),
    )


@transaction.atomic
def reply_add(*, review: SelfReview, user, text: str) -> Reply:
    """Help offered on a submitted self-review."""
    review = (
        SelfReview.objects.select_for_update(of=("self",))
        .select_related("enrollment__program", "enrollment__branch")
        .get(pk=review.pk)
    )
    if review.submitted_at is None:
        raise DomainError(_("This self-review has not been submitted yet."))
    return _note_add(
        Reply,
        enrollment=review.enrollment,
        user=user,
        text=text,
        where="reply",
        empty=_("Write your reply."),
        verb="progress.reply",
        review=review,
    )
