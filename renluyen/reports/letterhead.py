"""The parts of a Union document that are data (DOMAIN "Union documents"): the body above
and the issuing body as the header prints them, the document symbol, the place, who
signs and for whom, the recipients. A unit's Letterhead row says them; what it leaves
blank comes from the unit tree, so a new branch prints a correct header at once."""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from renluyen.core.templatetags.people import person_name
from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
from renluyen.reports.models import Letterhead

# The symbol after "BC/" by the unit's level: chi đoàn, liên chi đoàn, đoàn thanh niên.
DEFAULT_SYMBOLS = {
    Level.BRANCH: "CĐ",
    Level.SUBBRANCH: "PĐ",
    Level.FEDERATION: "LCĐ",
    Level.BASE: "ĐTN",
    Level.UPPER: "ĐTN",
}
SIGNER_ROLES = {
    Level.BRANCH: Role.BRANCH_SECRETARY,
    Level.FEDERATION: Role.FEDERATION_COMMITTEE,
}


@dataclass
class Heading:
    union: str
    body_above: str
    body_name: str
    symbol: str
    place: str
    signing_for: str
    signer_title: str
    signer_name: str
    recipients: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def letterhead_of(unit: Unit) -> Letterhead:
    """The unit's stored letterhead, or an unsaved empty one."""
    return Letterhead.objects.filter(unit=unit).first() or Letterhead(unit=unit)


def heading(unit: Unit, *, own_settings: bool = True) -> Heading:
    """What the unit's documents print, its own settings first, then the tree's (only the
    tree's without `own_settings`: what a blank field falls back to)."""
    chain = list(unit.ancestors().select_related("letterhead"))  # top first, unit last
    own = _stored(chain[-1]) if own_settings else Letterhead(unit=unit)
    parent = chain[-2] if len(chain) > 1 else None
    above = ""
    if parent is not None:
        above = _stored(parent).body_name or parent.name.upper()
    above_chain = chain if own_settings else chain[:-1]
    place = next((lh.place for lh in map(_stored, reversed(above_chain)) if lh.place), "")
    base = next((u for u in chain if u.level == Level.BASE), None)
    recipients = [line.strip() for line in own.recipients.splitlines() if line.strip()]
    if not recipients:
        recipients = [
            _("The Union office of %(base)s") % {"base": base.name} if base else _("Union office"),
            _("Filed"),
        ]
    return Heading(
        union=_("HO CHI MINH COMMUNIST YOUTH UNION"),
        body_above=own.body_above or above,
        body_name=own.body_name or _("COMMITTEE OF %(unit)s") % {"unit": unit.name.upper()},
        symbol=own.symbol or DEFAULT_SYMBOLS.get(unit.level, "ĐTN"),
        place=place,
        signing_for=own.signing_for or _("ON BEHALF OF THE COMMITTEE"),
        signer_title=own.signer_title or _("SECRETARY"),
        signer_name=own.signer_name or _holder(unit),
        recipients=recipients,
    )


def defaults(unit: Unit) -> dict:
    """Each letterhead field's fallback, as the edit page's placeholders."""
    fallback = heading(unit, own_settings=False)
    return {
        "body_above": fallback.body_above,
        "body_name": fallback.body_name,
        "symbol": fallback.symbol,
        "place": fallback.place,
        "signing_for": fallback.signing_for,
        "signer_title": fallback.signer_title,
        "signer_name": fallback.signer_name,
        "recipients": "\n".join(fallback.recipients),
    }


def _stored(unit: Unit) -> Letterhead:
    try:
        return unit.letterhead
    except Letterhead.DoesNotExist:
        return Letterhead(unit=unit)


def _holder(unit: Unit) -> str:
    """The name of whoever holds the unit's signing role today, if exactly one does."""
    role = SIGNER_ROLES.get(unit.level)
    if role is None:
        return ""
    holders = list(
        RoleAssignment.objects.active()
        .filter(unit=unit, role=role)
        .select_related("user")
        .order_by("pk")[:2]
    )
    if len(holders) != 1:
        return ""
    user = holders[0].user
    # A login name is no name to sign with.
    return person_name(user) if (user.first_name or user.last_name) else ""
