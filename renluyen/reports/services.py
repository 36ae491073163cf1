"""The result report's way to the Union office (seed V.2): the unit writes it (draft),
submits it by the program's report deadline (a later first submission is marked late),
the office receives it or returns it with a comment, and a returned report is submitted
again. Every step is keyword-only, atomic, locks the report, checks the version the
person saw, writes an audit event and tells the other side."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can
from renluyen.core.text import clean, too_long
from renluyen.dashboards.figures import FINAL_STATES
from renluyen.evaluations.models import BranchEvaluation
from renluyen.notifications.services import notify
from renluyen.organizations.models import Level, RoleAssignment, Unit
from renluyen.registrations.rules import Problem
from renluyen.reports import document
from renluyen.reports.models import Letterhead, Report, ReportState
from renluyen.reports.queries import REPORTING_LEVELS

EDITABLE = {ReportState.DRAFT, ReportState.RETURNED}
TEXT_FIELDS = {
    "title": 300,
    "achievements": 20000,
    "difficulties": 20000,
    "proposals": 20000,
    "commendations": 20000,
}
LETTERHEAD_FIELDS = {
    "body_above": 200,
    "body_name": 200,
    "symbol": 40,
    "place": 100,
    "signing_for": 100,
    "signer_title": 100,
    "signer_name": 200,
    "recipients": 2000,
}
MAX_NUMBER = 99999


def report_of(program, unit) -> Report | None:
    return Report.objects.filter(program=program, unit=unit).select_related("program").first()


def report_for_reading(program, unit) -> Report:
    """The unit's report, or an unsaved draft with the default title (a page that only
    shows it writes nothing)."""
    report = report_of(program, unit)
    if report is None:
        report = Report(program=program, unit=unit, title=document.default_title(program))
    report.program, report.unit = program, unit
    return report


def is_late(report: Report, today=None) -> bool:
    """First submitted on or after the "due before" day, or not yet and the day passed."""
    deadline = report.program.report_deadline
    if report.first_submitted_at is None:
        return (today or timezone.localdate()) >= deadline
    return timezone.localtime(report.first_submitted_at).date() >= deadline


def _check_writer(user, unit: Unit) -> None:
    if unit.level not in REPORTING_LEVELS:
        raise DomainError(_("Only branches and federations send this report."))
    if not can(user, Action.WRITE_REPORT, unit):
        raise DomainError(_("Only the unit's own committee writes its report."))


def _cleaned(values: dict, fields: dict) -> tuple[dict, list[Problem]]:
    out, problems = {}, []
    for name, limit in fields.items():
        if name not in values:
            continue
        text = clean(values[name])
        if message := too_long(text, limit):
            problems.append(Problem(message, name))
        out[name] = text
    return out, problems


def _number(raw, problems: list[Problem]) -> int | None:
    from renluyen.core.ids import parse_id

    raw = clean(raw)
    if not raw:
        return None
    number = parse_id(raw)
    if number is None or number > MAX_NUMBER:
        problems.append(
            Problem(
                _("The number is a whole number from 1 to %(max)s.") % {"max": MAX_NUMBER}, "number"
            )
        )
        return None
    return number


def _locked(program, unit) -> Report:
    report = report_of(program, unit)
    if report is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    program=program, unit=unit, title=document.default_title(program)
                )
        except IntegrityError:
            raise DomainError(_edited_elsewhere()) from None
    return Report.objects.select_for_update().select_related("program", "unit").get(pk=report.pk)


def _edited_elsewhere() -> str:
    return _(
        "This report was changed by someone else while you were editing. Your text is still "
        "on the page: copy it, reload the report and enter it again."
    )


def _check_version(report: Report, version: int | None) -> None:
    if version is not None and version != report.version:
        raise DomainError(_edited_elsewhere())


@transaction.atomic
def report_save(*, program, unit: Unit, user, values: dict, version: int | None) -> Report:
    """Keep the unit's text as typed (draft or returned report). `values` may hold the
    summary line, the four texts and the number (blank: given at submission)."""
    _check_writer(user, unit)
    report = _locked(program, unit)
    if report.state not in EDITABLE:
        raise DomainError(
            _("This report was sent to the Union office and can no longer be changed.")
        )
    _check_version(report, version)
    cleaned, problems = _cleaned(values, TEXT_FIELDS)
    number = _number(values.get("number", ""), problems) if "number" in values else report.number
    if "title" in cleaned and not cleaned["title"]:
        problems.append(Problem(_("Write the report's summary line."), "title"))
    if number is not None and number != report.number:
        year = timezone.localdate().year
        taken = Report.objects.filter(unit=unit, number_year=year, number=number)
        if taken.exclude(pk=report.pk).exists():
            problems.append(
                Problem(
                    _("Number %(n)s is already used by another report of this unit in %(year)s.")
                    % {"n": number, "year": year},
                    "number",
                )
            )
    if problems:
        raise DomainError(_("Some fields need attention; nothing was saved."), problems=problems)
    changed = {name: value for name, value in cleaned.items() if getattr(report, name) != value}
    for name, value in changed.items():
        setattr(report, name, value)
    if number != report.number:
        changed["number"] = number
        report.number = number
        report.number_year = timezone.localdate().year if number else None
    report.version += 1
    report.save()
    if changed:
        record(
            actor=user,
            verb="report.save",
            obj=report,
            unit=unit,
            program=program.pk,
            fields=sorted(changed),
        )
    return report


def submit_problem(report: Report) -> str | None:
    """Why the report cannot be sent yet, or None. A branch reports its results once it
    has finalized them (IV.1 Step 3 comes before V.2)."""
    if report.state not in EDITABLE:
        return _("This report was already sent to the Union office.")
    if report.unit.level == Level.BRANCH:
        state = (
            BranchEvaluation.objects.filter(program=report.program, branch=report.unit)
            .values_list("state", flat=True)
            .first()
        )
        if state not in FINAL_STATES:
            return _("Finalize the branch's evaluation results before reporting them.")
    return None


@transaction.atomic
def report_submit(*, program, unit: Unit, user, version: int | None) -> Report:
    """Send the report to the Union office with its figures and members as they are now.
    The first submission decides whether it was on time."""
    _check_writer(user, unit)
    # Numbers are given per unit and year: one submission of the unit at a time.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    report = _locked(program, unit)
    _check_version(report, version)
    if problem := submit_problem(report):
        raise DomainError(problem)
    now = timezone.now()
    today = timezone.localdate()
    if report.number is None or report.number_year != today.year:
        used = Report.objects.filter(unit=unit, number_year=today.year).aggregate(m=Max("number"))
        report.number = (used["m"] or 0) + 1
        report.number_year = today.year
    report.issued_on = today
    report.snapshot = document.snapshot(report, today)
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = now, user
    report.first_submitted_at = report.first_submitted_at or now
    report.return_comment = ""
    report.version += 1
    report.save()
    late = is_late(report)
    record(
        actor=user,
        verb="report.submit",
        obj=report,
        unit=unit,
        program=program.pk,
        number=report.number,
        late=late,
    )
    notify(
        users=_people(program.unit, Action.RECEIVE_REPORT),
        verb="report.submitted",
        data={"unit": unit.name, "year": program.school_year},
        url=office_url(program),
        digest=True,
    )
    return report


def _locked_existing(report: Report) -> Report:
    return (
        Report.objects.select_for_update().select_related("program__unit", "unit").get(pk=report.pk)
    )


def _check_office(user, report: Report) -> None:
    if not can(user, Action.RECEIVE_REPORT, report.unit):
        raise DomainError(_("Only the Union office receives the units' reports."))


@transaction.atomic
def report_receive(*, report: Report, user, version: int | None) -> Report:
    """The office marks a submitted report received (V.2)."""
    report = _locked_existing(report)
    _check_office(user, report)
    _check_version(report, version)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be marked received."))
    report.state = ReportState.RECEIVED
    report.received_at, report.received_by = timezone.now(), user
    report.version += 1
    report.save()
    record(actor=user, verb="report.receive", obj=report, unit=report.unit)
    notify(
        users=_people(report.unit, Action.WRITE_REPORT),
        verb="report.received",
        data={"year": report.program.school_year},
        url=report_url(report.unit, report.program),
    )
    return report


@transaction.atomic
def report_return(*, report: Report, user, comment: str, version: int | None) -> Report:
    """The office sends a submitted report back, saying what to change."""
    comment = clean(comment)
    if not comment:
        raise DomainError(_("Say what the unit should change before returning its report."))
    if message := too_long(comment, 5000):
        raise DomainError(message)
    report = _locked_existing(report)
    _check_office(user, report)
    _check_version(report, version)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be returned."))
    report.state = ReportState.RETURNED
    report.return_comment = comment
    report.version += 1
    report.save()
    record(actor=user, verb="report.return", obj=report, unit=report.unit, comment=comment)
    notify(
        users=_people(report.unit, Action.WRITE_REPORT),
        verb="report.returned",
        data={"year": report.program.school_year, "comment": comment[:200]},
        url=report_url(report.unit, report.program),
    )
    return report


def _people(unit: Unit, action: Action) -> list:
    """Who holds a role in `unit` itself that grants `action` there."""
    holders = RoleAssignment.objects.active().filter(unit=unit).select_related("user")
    return [a.user for a in holders if a.user.is_active and can(a.user, action, unit)]


def may_edit_letterhead(user, unit: Unit) -> bool:
    """A unit's committee sets its own letterhead; the Union office sets the base Union's
    (whose place the units below print by default)."""
    if can(user, Action.WRITE_REPORT, unit):
        return True
    return unit.level in (Level.BASE, Level.UPPER) and can(user, Action.RECEIVE_REPORT, unit)


@transaction.atomic
def letterhead_save(*, unit: Unit, user, values: dict) -> Letterhead:
    if not may_edit_letterhead(user, unit):
        raise DomainError(_("Only the unit's own committee sets its letterhead."))
    cleaned, problems = _cleaned(values, LETTERHEAD_FIELDS)
    if problems:
        raise DomainError(_("Some fields need attention; nothing was saved."), problems=problems)
    letterhead = Letterhead.objects.select_for_update().filter(unit=unit).first()
    letterhead = letterhead or Letterhead(unit=unit)
    old = {name: getattr(letterhead, name) for name in cleaned}
    for name, value in cleaned.items():
        setattr(letterhead, name, value)
    letterhead.save()
    changes = {name: [old[name], value] for name, value in cleaned.items() if old[name] != value}
    if changes:
        record(actor=user, verb="report.letterhead", obj=unit, unit=unit, changes=changes)
    return letterhead


def report_url(unit: Unit, program) -> str:
    from django.urls import reverse

    return f"{reverse('reports:unit', args=[unit.pk])}?program={program.pk}"


def office_url(program) -> str:
    from django.urls import reverse

    return f"{reverse('reports:office', args=[program.unit_id])}?program={program.pk}"
