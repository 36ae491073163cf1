"""The registration rules (IV.2 Step 1), driven by the program's settings.

`check()` is the one place that decides whether a form may be submitted or confirmed;
the form, the review page and bulk confirmation all call it. It works on anything
shaped like an Item (saved or just parsed from a form), so a draft can be checked
exactly as typed.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from renluyen.registrations.models import ItemKind


@dataclass(frozen=True)
class Problem:
    message: str
    # Where the message belongs: "item:<key>" (a criterion's field), "area:<number>",
    # or "" for the form as a whole.
    where: str = ""

    def __str__(self) -> str:
        return self.message


def normalize(text: str) -> str:
    """Whitespace collapsed, for storing and comparing what people type."""
    return " ".join((text or "").split())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", normalize(text)).casefold()


def content_problem(text: str, min_length: int) -> str | None:
    """Why `text` is not a real solution, or None. Refuses blank text, punctuation only,
    a few characters or one phrase repeated ("aaaaa", "abab", "học tập học tập học tập"),
    and anything shorter than `min_length` characters."""
    text = normalize(text)
    if not text:
        return _("Write a concrete solution for this criterion.")
    letters = [ch.casefold() for ch in text if ch.isalnum()]
    if not letters:
        return _("The solution has only punctuation; write what you will actually do.")
    if len(set(letters)) <= 2 or _repeats("".join(letters)):
        return _("The solution only repeats the same characters; write what you will do.")
    if len(text) < min_length:
        return _("The solution is too short: at least %(min)d characters, now %(n)d.") % {
            "min": min_length,
            "n": len(text),
        }
    return None


def _repeats(compact: str) -> bool:
    """True when the text is one short piece said three times or more ("học tập học tập
    học tập"): a string is periodic when it occurs in itself doubled before its length."""
    period = (compact + compact).find(compact, 1)
    return period < len(compact) and len(compact) // period >= 3


def _label(item) -> str:
    if item.kind == ItemKind.CRITERION:
        return item.criterion.code
    if item.kind == ItemKind.ACTIVITY:
        return item.activity.title
    return normalize(item.text)[:60]


def check(program, member, items) -> list[Problem]:
    """Every reason the form made of `items` may not be submitted, in Vietnamese.

    - every area has at least one criterion (when the program requires it);
    - at least `program.min_criteria` criteria in all (10 for 2020–2021);
    - every criterion has a solution of real content, at least
      `program.min_solution_length` characters;
    - no criterion, activity or own criterion twice;
    - an own ("open") criterion has its text;
    - catalog criteria belong to this program and to the member's type (III.3 targets).
    """
    areas = list(program.areas.all())
    area_ids = {area.pk for area in areas}
    problems: list[Problem] = []
    seen = Counter(_identity(item) for item in items)
    reported: set = set()
    for item in items:
        where = f"item:{item.key}"
        if item.area_id not in area_ids:
            problems.append(Problem(_("This criterion is not part of this program."), where))
            continue
        if item.kind == ItemKind.CRITERION:
            criterion = item.criterion
            if criterion.member_type and criterion.member_type != member.member_type:
                problems.append(
                    Problem(
                        _("Criterion %(code)s is meant for another member type.")
                        % {"code": criterion.code},
                        where,
                    )
                )
        if item.kind == ItemKind.OPEN and not any(ch.isalnum() for ch in item.text or ""):
            problems.append(Problem(_("Write your own criterion here."), where))
        identity = _identity(item)
        if seen[identity] > 1 and identity not in reported and identity != ("o", ""):
            reported.add(identity)
            problems.append(
                Problem(
                    _("“%(label)s” is on the form more than once.") % {"label": _label(item)},
                    where,
                )
            )
        message = content_problem(item.solution, program.min_solution_length)
        if message:
            problems.append(Problem(message, where))
    if program.every_area_required:
        covered = {item.area_id for item in items}
        for area in areas:
            if area.pk not in covered:
                problems.append(
                    Problem(
                        _("Content area %(number)d. %(title)s is missing.")
                        % {"number": area.number, "title": area.title},
                        f"area:{area.number}",
                    )
                )
    if len(items) < program.min_criteria:
        problems.append(
            Problem(
                _("At least %(min)d criteria are needed, now %(n)d.")
                % {"min": program.min_criteria, "n": len(items)}
            )
        )
    return problems


def _identity(item):
    if item.kind == ItemKind.CRITERION:
        return ("c", item.criterion_id)
    if item.kind == ItemKind.ACTIVITY:
        return ("a", item.activity_id)
    return ("o", _fold(item.text))
