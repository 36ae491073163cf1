"""The inspection committee's work (seed V.1) as service functions: each keyword-only,
atomic, checked against the policy, audited, telling the other side; refused with a
Vietnamese DomainError whose problems name the fields."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can
from renluyen.core.text import clean, too_long
from renluyen.inspections.models import (
    Inspection,
    InspectionPlan,
    InspectionRequest,
    InspectionState,
)
from renluyen.notifications.services import notify
from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
from renluyen.registrations.rules import Problem

LONG_TEXT = 20000


def _text(value, field: str, limit: int, problems: list, required: str | None = None) -> str:
    text = clean(value)
    if required and not text:
        problems.append(Problem(required, field))
    elif message := too_long(text, limit):
        problems.append(Problem(message, field))
    return text


def _refuse(problems) -> None:
    if problems:
        raise DomainError(_("Some fields need attention; nothing was saved."), problems=problems)


def _require(user, action: Action, unit: Unit, message: str) -> None:
    if not can(user, action, unit):
        raise DomainError(message)


def _inspector_only(user, unit: Unit) -> None:
    _require(user, Action.INSPECT, unit, _("Only the inspection committee records inspections."))


def inspectors_for(unit: Unit) -> list:
    """The people who may be named inspectors for `unit`'s plans: inspection committee
    members of the unit or a unit above it."""
    ids = (
        RoleAssignment.objects.active()
        .filter(role=Role.INSPECTION, unit__path__in=unit.ancestor_paths())
        .values("user_id")
    )
    return list(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def plan_create(*, unit: Unit, user, school_year: str, title: str, topic: str) -> InspectionPlan:
    """The yearly inspection plan of a base Union (or an upper-level Union)."""
    _inspector_only(user, unit)
    if unit.level not in (Level.BASE, Level.UPPER):
        raise DomainError(_("Inspection plans belong to a base or upper-level Union."))
    problems: list[Problem] = []
    title = _text(title, "title", 300, problems, _("Give the plan a title."))
    topic = _text(topic, "topic", LONG_TEXT, problems)
    school_year = clean(school_year)
    if not school_year:
        problems.append(Problem(_("Choose the school year."), "school_year"))
    _refuse(problems)
    plan = InspectionPlan.objects.create(
        unit=unit, school_year=school_year, title=title, topic=topic, created_by=user
    )
    record(actor=user, verb="inspection.plan", obj=plan, unit=unit, title=title, year=school_year)
    return plan


@transaction.atomic
def inspection_add(
    *,
    plan: InspectionPlan,
    user,
    unit: Unit | None,
    planned_on: date | None,
    topic: str,
    inspector_ids,
) -> Inspection:
    """Put one unit on the plan: when, on what, by whom."""
    _inspector_only(user, plan.unit)
    problems: list[Problem] = []
    if unit is None or not unit.is_within(plan.unit) or unit.pk == plan.unit_id:
        problems.append(Problem(_("Choose a unit under the inspecting unit."), "unit"))
    if planned_on is None:
        problems.append(Problem(_("Give the date of the inspection."), "planned_on"))
    topic = _text(topic or plan.title, "topic", 300, problems)
    allowed = {u.pk: u for u in inspectors_for(plan.unit)}
    chosen = [allowed[pk] for pk in inspector_ids if pk in allowed]
    if not chosen:
        problems.append(Problem(_("Name at least one inspector."), "inspectors"))
    _refuse(problems)
    inspection = Inspection.objects.create(plan=plan, unit=unit, planned_on=planned_on, topic=topic)
    inspection.inspectors.set(chosen)
    record(
        actor=user,
        verb="inspection.add",
        obj=inspection,
        unit=unit,
        plan=plan.pk,
        day=str(planned_on),
        inspectors=[u.pk for u in chosen],
    )
    notify(
        users=unit_committee(unit),
        verb="inspection.scheduled",
        data={"unit": unit.name, "day": _day(planned_on), "topic": topic},
        url=inspection_url(inspection),
    )
    return inspection


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update()
        .select_related("plan__unit", "unit")
        .get(pk=inspection.pk)
    )


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    user,
    held_on: date | None,
    findings: str,
    conclusion: str,
    version: int,
) -> Inspection:
    """The inspection's findings and conclusion; with both and the day it was held, it is
    concluded (and can still be corrected, each change recorded)."""
    inspection = _locked(inspection)
    _inspector_only(user, inspection.plan.unit)
    if version != inspection.version:
        raise DomainError(
            _("This inspection was changed by someone else meanwhile. Reload the page.")
        )
    problems: list[Problem] = []
    findings = _text(findings, "findings", LONG_TEXT, problems)
    conclusion = _text(conclusion, "conclusion", LONG_TEXT, problems)
    if held_on is not None and held_on > timezone.localdate():
        problems.append(Problem(_("The inspection cannot be held in the future."), "held_on"))
    if conclusion and held_on is None:
        problems.append(Problem(_("Give the day the inspection was held."), "held_on"))
    _refuse(problems)
    old = {
        "held_on": str(inspection.held_on or ""),
        "findings": inspection.findings,
        "conclusion": inspection.conclusion,
    }
    inspection.held_on, inspection.findings, inspection.conclusion = held_on, findings, conclusion
    inspection.state = (
        InspectionState.CONCLUDED if conclusion and held_on else InspectionState.PLANNED
    )
    inspection.version += 1
    inspection.save()
    new = {"held_on": str(held_on or ""), "findings": findings, "conclusion": conclusion}
    record(
        actor=user,
        verb="inspection.record",
        obj=inspection,
        unit=inspection.unit,
        changes={k: [old[k], new[k]] for k in new if old[k] != new[k]},
    )
    return inspection


@transaction.atomic
def request_add(
    *, inspection: Inspection, user, text: str, due_on: date | None
) -> InspectionRequest:
    """Ask the inspected unit to do or explain something by a date."""
    inspection = _locked(inspection)
    _inspector_only(user, inspection.plan.unit)
    problems: list[Problem] = []
    text = _text(text, "text", LONG_TEXT, problems, _("Write what the unit should do."))
    if due_on is None:
        problems.append(Problem(_("Give the due date."), "due_on"))
    _refuse(problems)
    created = InspectionRequest.objects.create(inspection=inspection, text=text, due_on=due_on)
    record(
        actor=user,
        verb="inspection.request",
        obj=inspection,
        unit=inspection.unit,
        request=created.pk,
        text=text,
        due=str(due_on),
    )
    notify(
        users=unit_committee(inspection.unit),
        verb="inspection.requests",
        data={"unit": inspection.unit.name, "count": 1, "day": _day(due_on)},
        url=inspection_url(inspection),
    )
    return created


@transaction.atomic
def request_answer(*, request: InspectionRequest, user, answer: str) -> InspectionRequest:
    """The inspected unit's committee answers a request (and may correct its answer)."""
    request = (
        InspectionRequest.objects.select_for_update()
        .select_related("inspection__unit", "inspection__plan")
        .get(pk=request.pk)
    )
    unit = request.inspection.unit
    _require(
        user, Action.ANSWER_INSPECTION, unit, _("Only the inspected unit's committee answers.")
    )
    problems: list[Problem] = []
    answer = _text(answer, "answer", LONG_TEXT, problems, _("Write the unit's answer."))
    _refuse(problems)
    old = request.answer
    request.answer = answer
    request.answered_at, request.answered_by = timezone.now(), user
    request.save()
    record(
        actor=user,
        verb="inspection.answer",
        obj=request.inspection,
        unit=unit,
        request=request.pk,
        old=old,
        new=answer,
    )
    notify(
        users=list(request.inspection.inspectors.all()),
        verb="inspection.answered",
        data={"unit": unit.name},
        url=inspection_url(request.inspection),
    )
    return request


def unit_committee(unit: Unit) -> list:
    holders = RoleAssignment.objects.active().filter(unit=unit).select_related("user")
    return [a.user for a in holders if can(a.user, Action.ANSWER_INSPECTION, unit)]


def may_view(user, inspection: Inspection) -> bool:
    """The inspecting side and those above it see every inspection below them; the
    inspected unit sees its own only."""
    return can(user, Action.VIEW_INSPECTIONS, inspection.unit) or can(
        user, Action.ANSWER_INSPECTION, inspection.unit
    )


def visible_inspections(user):
    """Every inspection `user` may see, as one query."""
    from renluyen.core.policy import scope

    if user.is_authenticated and user.is_superuser:
        return Inspection.objects.all()
    viewer = Q(pk__in=[])
    for top in _tops(user, Action.VIEW_INSPECTIONS):
        viewer |= Q(unit__path__startswith=top.path)
    own = scope(user, Action.ANSWER_INSPECTION)
    return Inspection.objects.filter(viewer | Q(unit__in=own))


def _tops(user, action):
    from renluyen.core.policy import units_with

    return units_with(user, action)


def inspection_url(inspection: Inspection) -> str:
    from django.urls import reverse

    return reverse("inspections:inspection", args=[inspection.pk])


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""
