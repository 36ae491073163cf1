from django.db import transaction
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id
from renluyen.core.policy import Action, can
from renluyen.emulation.models import DEFAULT_WEIGHTS, EmulationWeights
from renluyen.registrations.rules import Problem


@transaction.atomic
def weights_save(*, program, user, values: dict) -> EmulationWeights:
    """Set the program's emulation weights (whole numbers 0–100, not all zero); the
    standing committee that edits the program decides them (seed V.1)."""
    if not can(user, Action.EDIT_PROGRAM, program):
        raise DomainError(_("Only the standing committee that runs the program sets the weights."))
    parsed, problems = {}, []
    for name in DEFAULT_WEIGHTS:
        raw = str(values.get(name, "")).strip()
        number = 0 if raw == "0" else parse_id(raw)
        if number is None or number > 100:
            problems.append(Problem(_("A whole number from 0 to 100."), name))
        else:
            parsed[name] = number
    if not problems and not any(parsed.values()):
        problems.append(Problem(_("At least one weight must be above 0."), "on_time"))
    if problems:
        raise DomainError(_("Some weights are not valid; nothing was saved."), problems=problems)
    weights = EmulationWeights.objects.select_for_update().filter(program=program).first()
    weights = weights or EmulationWeights(program=program)
    old = {name: getattr(weights, name) for name in DEFAULT_WEIGHTS}
    for name, value in parsed.items():
        setattr(weights, name, value)
    weights.save()
    if old != parsed:
        record(
            actor=user,
            verb="emulation.weights",
            obj=program,
            unit=program.unit,
            old=old,
            new=parsed,
        )
    return weights
