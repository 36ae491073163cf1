"""The registration workflow (IV.1 Step 1, IV.2 Step 1 and Step 3) as service functions.

Each step is keyword-only, runs in one transaction with the registration row locked,
checks the transition table and the rules, writes an audit event (with the screen it
came from) and notifies the people concerned. Who may call which step is the policy's
(`core.policy`, actions *_REGISTRATION); views check it before calling.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.activities.models import Activity
from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can
from renluyen.core.templatetags.people import person_name
from renluyen.core.text import MAX_TEXT, clean, too_long
from renluyen.dashboards import rollups
from renluyen.notifications.services import notify, notify_batch
from renluyen.organizations.models import Role
from renluyen.programs.models import Area, Criterion, Enrollment, ProgramStatus
from renluyen.registrations import deadlines, rules
from renluyen.registrations.models import (
    Comment,
    Extension,
    Item,
    ItemKind,
    Registration,
    State,
    Suggestion,
)
from renluyen.registrations.transitions import AWAITING_REVIEW, EDITABLE, Step, next_state

REVIEWER_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE)


@dataclass
class ItemDraft:
    """One criterion as typed on the form, before it is saved. Shaped like an Item so
    `rules.check` takes either."""

    area: Area
    kind: str
    solution: str
    criterion: Criterion | None = None
    activity: Activity | None = None
    text: str = ""
    # "o<pk>" for an own criterion already saved, "new-<area>-<n>" for a new one.
    open_key: str = ""

    @property
    def area_id(self):
        return self.area.pk

    @property
    def criterion_id(self):
        return self.criterion.pk if self.criterion else None

    @property
    def activity_id(self):
        return self.activity.pk if self.activity else None

    @property
    def key(self) -> str:
        if self.kind == ItemKind.CRITERION:
            return f"c{self.criterion_id}"
        if self.kind == ItemKind.ACTIVITY:
            return f"a{self.activity_id}"
        return self.open_key


def form_items():
    """Items with what the rules, the pages and the printed form read, in the form's
    order (Item.Meta.ordering)."""
    return Item.objects.select_related("area", "criterion", "activity__unit", "activity__area")


def items_of(registration: Registration) -> list[Item]:
    """The form's items, in one query."""
    return list(form_items().filter(registration=registration))


def check(registration: Registration, items=None) -> list[rules.Problem]:
    enrollment = registration.enrollment
    return rules.check(
        enrollment.program,
        enrollment.member,
        items if items is not None else items_of(registration),
    )


def _lockable():
    return Registration.objects.select_for_update(of=("self",)).select_related(
        "enrollment__program__unit", "enrollment__member", "enrollment__branch"
    )


def _locked(registration: Registration) -> Registration:
    return _lockable().get(pk=registration.pk)


def _locked_of(enrollment: Enrollment) -> Registration | None:
    """The enrollment's form, locked; None when it has not been started."""
    return _lockable().filter(enrollment=enrollment).first()


def _audit(registration: Registration, user, verb: str, screen: str, **data) -> None:
    enrollment = registration.enrollment
    # Events hang on the enrollment, which exists before the form does, so one indexed
    # lookup (object type and id) finds a form's whole history.
    record(
        actor=user,
        verb=verb,
        obj=enrollment,
        unit=enrollment.branch,
        registration=registration.pk,
        screen=screen,
        **data,
    )


def form_url(enrollment: Enrollment) -> str:
    return reverse("registrations:form", args=[enrollment.pk])


def review_url(enrollment: Enrollment) -> str:
    return reverse("registrations:review", args=[enrollment.pk])


def paper_entry_open(user, enrollment: Enrollment, state: State | None) -> bool:
    """May `user` type in this member's paper form now (IV.1 Step 1)? The branch
    committee (never on their own form), while the program is open and the form is not
    started or still editable. One rule for the form, review and branch pages' links."""
    return (
        enrollment.program.status == ProgramStatus.OPEN
        and (state is None or state in EDITABLE)
        and can(user, Action.REVIEW_REGISTRATION, enrollment)
    )


def committee_of(branch):
    """The branch committee's accounts (secretary, deputies, members) active today."""
    from django.contrib.auth import get_user_model

    from renluyen.organizations.models import RoleAssignment

    ids = (
        RoleAssignment.objects.active()
        .filter(unit=branch, role__in=REVIEWER_ROLES)
        .values_list("user_id", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


# ---------------------------------------------------------------- saving a draft


@transaction.atomic
def registration_save(
    *,
    enrollment: Enrollment,
    user,
    drafts: list[ItemDraft],
    version: int | None = None,
    screen: str = "form",
    on_paper: bool = False,
    items: list[Item] | None = None,
) -> Registration:
    """Keep the form exactly as typed (a draft need not pass the rules). Creates the
    registration on its first save. Confirmed criteria are never changed here; during an
    addition only the new criteria are. `version` is the one the form was loaded with:
    an older one means someone else saved meanwhile, and nothing is written. Text is
    stored cleaned (`core.text.clean`); over-long text is refused beside its criterion.
    `items`: the form's items as the caller read them (`items_of`) after the page of
    `version`; used only when that version is still the form's under the lock (every
    write bumps it, so they are then the stored ones), saving a second read."""
    problems: list[rules.Problem] = []
    for draft in drafts:
        where = f"item:{draft.key}"
        draft.text = _text(draft.text, where, problems)
        draft.solution = _text(draft.solution, where, problems)
    _refuse_too_long(problems)
    # Read and locked in one query when the form exists (the usual case).
    registration = _locked_of(enrollment)
    if registration is None:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    enrollment=enrollment, state=next_state(None, Step.START)
                )
        except IntegrityError:
            # Someone else (the member, or a secretary typing in the paper form) started
            # this form a moment ago.
            raise DomainError(_edited_elsewhere()) from None
        _audit(registration, user, "registration.start", screen)
        # The overview counts this form from now on (its branch's stored figures).
        rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)
        version, items = 0, []
        registration = _locked(registration)
    if registration.state not in EDITABLE:
        raise DomainError(
            _("This form cannot be changed now: it is %(state)s.")
            % {"state": registration.get_state_display().lower()}
        )
    if version is not None and version != registration.version:
        raise DomainError(_edited_elsewhere())
    if version is None:
        items = None  # nothing says the caller's copy is current
    changes = _apply_drafts(registration, drafts, items)
    registration.version += 1
    registration.on_paper = registration.on_paper or on_paper
    registration.save(update_fields=["version", "on_paper", "updated_at"])
    if changes or on_paper:
        _audit(registration, user, "registration.save", screen, on_paper=on_paper, **changes)
    return registration


def _text(value, where: str, problems: list) -> str:
    """`value` as stored (the one cleaner); a problem at `where` when it is too long."""
    text = clean(value)
    message = too_long(text, MAX_TEXT)
    if message and not any(p.where == where for p in problems):
        problems.append(rules.Problem(message, where=where))
    return text


def _refuse_too_long(problems: list) -> None:
    _refuse_problems(
        problems, _("Nothing was saved: some text is too long (see the marked fields).")
    )


def _edited_elsewhere() -> str:
    return _(
        "This form was changed by someone else while you were editing. Your text is "
        "still on the page: copy it, reload the form and enter it again."
    )


def _apply_drafts(registration: Registration, drafts: list[ItemDraft], items=None) -> dict:
    """Write the drafts over the unconfirmed items (`items`: the stored ones, when the
    caller has them); return what changed, for the audit."""
    if items is None:
        items = items_of(registration)
    existing = {item.key: item for item in items}
    confirmed = {key for key, item in existing.items() if item.confirmed_at}
    added, removed, changed = [], [], []
    keep = set()
    for draft in drafts:
        key = draft.key
        if key in confirmed:
            continue
        item = existing.get(key)
        if item is None:
            item = Item.objects.create(
                registration=registration,
                area=draft.area,
                kind=draft.kind,
                criterion=draft.criterion,
                activity=draft.activity,
                text=draft.text,
                solution=draft.solution,
            )
            added.append({"item": item.pk, "label": item.label, "solution": item.solution})
        else:
            diff = {
                field: [getattr(item, field), getattr(draft, field)]
                for field in ("text", "solution")
                if getattr(item, field) != getattr(draft, field)
            }
            if diff:
                for field, (_old, new) in diff.items():
                    setattr(item, field, new)
                item.save(update_fields=list(diff))
                changed.append({"item": item.pk, "label": item.label, **diff})
        keep.add(item.pk)
    for key, item in existing.items():
        if key not in confirmed and item.pk not in keep:
            removed.append({"item": item.pk, "label": item.label, "solution": item.solution})
            item.delete()
    return {
        name: value
        for name, value in (("added", added), ("removed", removed), ("changed", changed))
        if value
    }


# ---------------------------------------------------------------- the member's steps


def _refuse_problems(problems: list[rules.Problem], message) -> None:
    if problems:
        raise DomainError(message, problems=problems)


@transaction.atomic
def registration_submit(
    *, registration: Registration, user, today: date | None = None, screen: str = "form"
) -> Registration:
    """Send the form to the branch committee. It must pass the rules (IV.2 Step 1). A
    first submission must come by the registration deadline unless the committee granted
    an extension; a returned form may be sent again after it. An addition (IV.2 Step 3)
    must come before the evaluation opens."""
    registration = _locked(registration)
    enrollment = registration.enrollment
    today = today or timezone.localdate()
    new_state = next_state(registration.state, Step.SUBMIT)
    if registration.first_submitted_at is None:
        problem = deadlines.submission_problem(enrollment, today, committee=screen == "paper")
        if problem:
            raise DomainError(problem)
    if new_state == State.SUPPLEMENT_SUBMITTED:
        _check_supplement_window(enrollment, today)
        if not registration.items.filter(confirmed_at__isnull=True).exists():
            raise DomainError(_("Add at least one new criterion before submitting the addition."))
    _refuse_problems(check(registration), _("The form is not complete yet."))
    now = timezone.now()
    registration.state = new_state
    registration.submitted_at = now
    registration.first_submitted_at = registration.first_submitted_at or now
    registration.version += 1
    registration.save()
    _audit(registration, user, "registration.submit", screen, state=new_state)
    rollups.refresh_branch(program=enrollment.program, branch=enrollment.branch)
    _notify_submitted(enrollment, user, screen, addition=new_state == State.SUPPLEMENT_SUBMITTED)
    return registration


def _notify_submitted(enrollment: Enrollment, user, screen: str, *, addition: bool) -> None:
    """The committee hears of submissions in batches: one notification, "5 phiếu mới chờ
    xác nhận", however many forms come before they read it or the digest goes out. It
    says who typed a paper form in, and when a form is an addition."""
    item = {"member": enrollment.member.full_name, "kind": "submitted", "enrollment": enrollment.pk}
    if screen == "paper":
        item.update(kind="paper", by=person_name(user))
    elif addition:
        item["kind"] = "addition"
    notify_batch(
        users=committee_of(enrollment.branch),
        verb="registration.submitted",
        item=item,
        data={"branch": enrollment.branch.name, "year": enrollment.program.school_year},
        url=awaiting_url(enrollment),
    )


def awaiting_url(enrollment: Enrollment) -> str:
    """The branch's list of forms, where the committee confirms them."""
    branch = reverse("registrations:branch", args=[enrollment.branch_id])
    return f"{branch}?program={enrollment.program_id}"


@transaction.atomic
def registration_withdraw(*, registration: Registration, user, screen: str = "form"):
    """Take a submitted form back to change it before the committee reviews it."""
    registration = _locked(registration)
    registration.state = next_state(registration.state, Step.WITHDRAW)
    registration.version += 1
    registration.save()
    _audit(registration, user, "registration.withdraw", screen, state=registration.state)
    rollups.refresh_branch(
        program=registration.enrollment.program, branch=registration.enrollment.branch
    )
    return registration


def _check_supplement_window(enrollment: Enrollment, today: date) -> None:
    if today >= enrollment.program.evaluation_start:
        raise DomainError(
            _("Criteria can no longer be added: the evaluation opened on %(day)s.")
            % {"day": date_format(enrollment.program.evaluation_start, "SHORT_DATE_FORMAT")}
        )


@transaction.atomic
def registration_start_supplement(
    *, registration: Registration, user, today: date | None = None, screen: str = "form"
) -> Registration:
    """A member with a confirmed form starts adding criteria (IV.2 Step 3)."""
    registration = _locked(registration)
    new_state = next_state(registration.state, Step.SUPPLEMENT)
    _check_supplement_window(registration.enrollment, today or timezone.localdate())
    registration.state = new_state
    registration.version += 1
    registration.save()
    _audit(registration, user, "registration.supplement", screen)
    rollups.refresh_branch(
        program=registration.enrollment.program, branch=registration.enrollment.branch
    )
    return registration


@transaction.atomic
def registration_cancel_supplement(
    *, registration: Registration, user, screen: str = "form"
) -> Registration:
    """Drop the criteria not yet confirmed; the confirmed form stays as it was."""
    registration = _locked(registration)
    registration.state = next_state(registration.state, Step.CANCEL_SUPPLEMENT)
    dropped = [
        {"item": item.pk, "label": item.label}
        for item in items_of(registration)
        if item.confirmed_at is None
    ]
    registration.items.filter(confirmed_at__isnull=True).delete()
    registration.version += 1
    registration.save()
    _audit(registration, user, "registration.cancel_supplement", screen, removed=dropped)
    rollups.refresh_branch(
        program=registration.enrollment.program, branch=registration.enrollment.branch
    )
    return registration


# ---------------------------------------------------------------- the committee's steps


def _cleaned_comments(comments: dict, general: str) -> tuple[dict, str]:
    """The comments as stored ({item pk: text} and the general one), refused beside
    their field ("comment:<item pk>", "comment") when too long."""
    problems: list[rules.Problem] = []
    by_item = {pk: _text(text, f"comment:{pk}", problems) for pk, text in comments.items()}
    general = _text(general, "comment", problems)
    _refuse_too_long(problems)
    return by_item, general


def _save_comments(registration, user, comments: dict, general: str) -> list[dict]:
    """Store the non-blank comments of this round; {item pk: text} and a general one,
    cleaned by `_cleaned_comments`."""
    items = {item.pk: item for item in registration.items.all()}
    saved = []
    for item_pk, text in comments.items():
        if text and item_pk in items:
            Comment.objects.create(
                registration=registration,
                item=items[item_pk],
                round=registration.round,
                author=user,
                text=text,
            )
            saved.append({"item": item_pk, "label": items[item_pk].label, "text": text})
    if general:
        Comment.objects.create(
            registration=registration, round=registration.round, author=user, text=general
        )
        saved.append({"item": None, "text": general})
    return saved


@transaction.atomic
def registration_return(
    *,
    registration: Registration,
    user,
    comments: dict | None = None,
    general: str = "",
    screen: str = "review",
    version: int | None = None,
) -> Registration:
    """Send the form back with comments on what to change (IV.1 Step 1: the committee
    guides changes when content or solutions are unsuitable). A return must say why.
    `version` is the one the reviewer saw: a form changed since is refused (see
    `_check_seen`)."""
    registration = _locked(registration)
    _check_seen(registration, version)
    new_state = next_state(registration.state, Step.RETURN)
    comments, general = _cleaned_comments(comments or {}, general)
    if not any([general, *comments.values()]):
        raise DomainError(_("Write at least one comment so the member knows what to change."))
    registration.round += 1
    saved = _save_comments(registration, user, comments, general)
    registration.state = new_state
    registration.version += 1
    registration.save()
    _audit(registration, user, "registration.return", screen, state=new_state, comments=saved)
    rollups.refresh_branch(
        program=registration.enrollment.program, branch=registration.enrollment.branch
    )
    first = saved[0]["text"]
    notify(
        users=[registration.enrollment.member.user],
        verb="registration.returned",
        data={"comment": first[:200]},
        url=form_url(registration.enrollment),
    )
    return registration


@transaction.atomic
def registration_confirm(
    *,
    registration: Registration,
    user,
    comments: dict | None = None,
    general: str = "",
    screen: str = "review",
    version: int | None = None,
) -> Registration:
    """Confirm (xác nhận) a submitted form or addition that passes the rules. Its
    criteria become confirmed; those confirmed before stay as they were. `version` is the
    one the reviewer saw: nobody confirms content they never read (`_check_seen`)."""
    registration = _locked(registration)
    _check_seen(registration, version)
    new_state = next_state(registration.state, Step.CONFIRM)
    if registration.state == State.SUPPLEMENT_SUBMITTED:
        # New criteria would change the split of an area's points under scores already
        # given (evaluations.scoring), so additions close when the evaluation opens.
        _check_supplement_window(registration.enrollment, timezone.localdate())
    comments, general = _cleaned_comments(comments or {}, general)
    _refuse_problems(check(registration), _("This form does not pass the rules yet."))
    now = timezone.now()
    saved = _save_comments(registration, user, comments, general)
    newly = list(registration.items.filter(confirmed_at__isnull=True).values_list("pk", flat=True))
    registration.items.filter(pk__in=newly).update(confirmed_at=now)
    registration.state = new_state
    registration.confirmed_at = now
    registration.confirmed_by = user
    registration.version += 1
    registration.save()
    _audit(registration, user, "registration.confirm", screen, items=newly, comments=saved)
    rollups.refresh_branch(
        program=registration.enrollment.program, branch=registration.enrollment.branch
    )
    notify(
        users=[registration.enrollment.member.user],
        verb="registration.confirmed",
        data={},
        url=form_url(registration.enrollment),
    )
    return registration


class ChangedSinceSeen(DomainError):
    """The form is no longer the one the reviewer read; the message says what happened."""


def _check_seen(registration: Registration, version: int | None) -> None:
    """Refuse a decision taken on a stale page: every write bumps the version, so a
    member who withdrew, rewrote and resubmitted (or a colleague who returned or
    confirmed it meanwhile) makes the reviewer's version old. `None` skips the check
    (callers that show no page, e.g. the demo builder)."""
    if version is not None and version != registration.version:
        raise ChangedSinceSeen(changed_since_seen(registration))


def changed_since_seen(registration: Registration) -> str:
    """What happened to a form since the reviewer opened it, in their words: returned or
    confirmed by whom, or taken back by the member (and sent again)."""
    from renluyen.audit.models import Event
    from renluyen.core.templatetags.people import person_name

    state = registration.state
    if state in (State.RETURNED, State.SUPPLEMENT_RETURNED):
        event = (
            Event.objects.filter(
                object_type=Enrollment._meta.label_lower,
                object_id=str(registration.enrollment_id),
                verb="registration.return",
            )
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
        if event is not None and event.actor is not None:
            return _(
                "It was returned to the member by %(name)s on %(time)s while you were "
                "looking at it."
            ) % {
                "name": person_name(event.actor),
                "time": date_format(timezone.localtime(event.created_at), "SHORT_DATETIME_FORMAT"),
            }
        return _("It was returned to the member while you were looking at it.")
    if state == State.CONFIRMED and registration.confirmed_by_id:
        return _("It was confirmed by %(name)s while you were looking at it.") % {
            "name": person_name(registration.confirmed_by)
        }
    if state in AWAITING_REVIEW:
        return _(
            "The member changed it and sent it again since you opened it. Read the new "
            "content and decide again."
        )
    return _(
        "The member took it back to change it since you opened it; it is no longer awaiting review."
    )


@dataclass
class Skipped:
    registration: Registration
    reasons: list[str]
    # True when the form changed since the page was loaded (returned, withdrawn ...),
    # False when it fails the rules.
    changed: bool = False


@transaction.atomic
def registrations_confirm_many(
    *, registrations, user, screen: str = "branch", versions: dict[int, int] | None = None
) -> tuple[list[Registration], list[Skipped]]:
    """Confirm many forms in one action; each is confirmed (and recorded) on its own, and
    a form that fails the rules, is not awaiting review or changed since the page showed
    it (`versions`: {registration pk: version seen}) is skipped with the reasons."""
    confirmed, skipped = [], []
    for registration in registrations:
        version = None if versions is None else versions.get(registration.pk, -1)
        try:
            with transaction.atomic():
                confirmed.append(
                    registration_confirm(
                        registration=registration, user=user, screen=screen, version=version
                    )
                )
        except ChangedSinceSeen as error:
            skipped.append(Skipped(registration, [str(error.message)], changed=True))
        except DomainError as error:
            reasons = [str(p) for p in error.problems] or [str(error.message)]
            skipped.append(Skipped(registration, reasons))
    return confirmed, skipped


@transaction.atomic
def suggestion_add(*, enrollment: Enrollment, area: Area, user, text: str) -> Suggestion:
    """Suggest open content to a member (IV.1 Step 1); they see it in their draft."""
    problems: list[rules.Problem] = []
    text = rules.normalize(_text(text, "suggestion", problems))
    _refuse_too_long(problems)
    if area.program_id != enrollment.program_id:
        raise DomainError(_("Pick a content area of this program."))
    if not any(ch.isalnum() for ch in text):
        raise DomainError(_("Write the content you suggest."))
    suggestion = Suggestion.objects.create(enrollment=enrollment, area=area, text=text, author=user)
    record(
        actor=user,
        verb="registration.suggest",
        obj=enrollment,
        unit=enrollment.branch,
        screen="review",
        suggestion=suggestion.pk,
        area=area.number,
        text=text,
    )
    notify(
        users=[enrollment.member.user],
        verb="registration.suggested",
        data={"area": f"{area.number}. {area.title}", "text": text[:200]},
        url=form_url(enrollment),
    )
    return suggestion


@transaction.atomic
def extension_grant(
    *, enrollment: Enrollment, user, until: date, reason: str, today: date | None = None
) -> Extension:
    """Give one member more time for their first submission, with a reason (recorded)."""
    today = today or timezone.localdate()
    problems: list[rules.Problem] = []
    reason = rules.normalize(_text(reason, "reason", problems))
    _refuse_too_long(problems)
    if until < today:
        raise DomainError(_("The new deadline must be later than today."))
    if until >= enrollment.program.evaluation_start:
        raise DomainError(
            _("The new deadline can be the day the evaluation opens (%(day)s) at the latest.")
            % {"day": date_format(enrollment.program.evaluation_start, "SHORT_DATE_FORMAT")}
        )
    if len([ch for ch in reason if ch.isalnum()]) < 5:
        raise DomainError(_("Write the reason for the extension."))
    extension = Extension.objects.create(
        enrollment=enrollment, until=until, reason=reason, granted_by=user
    )
    record(
        actor=user,
        verb="registration.extend",
        obj=enrollment,
        unit=enrollment.branch,
        screen="review",
        extension=extension.pk,
        until=until.isoformat(),
        reason=reason,
    )
    notify(
        users=[enrollment.member.user],
        verb="registration.extended",
        data={"before": date_format(extension.due_before, "SHORT_DATE_FORMAT")},
        url=form_url(enrollment),
    )
    return extension


def enrollments_with_forms(queryset):
    """Enrollments with their registration and items loaded, for list and print pages."""
    return queryset.select_related("member", "branch", "program", "registration").prefetch_related(
        Prefetch("registration__items", queryset=form_items())
    )
