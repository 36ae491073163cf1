"""The scoring scheme and the four levels (seed IV.1 Step 3; DOMAIN.md "Scoring").

Each area is worth its points (20 by default). They are split over the criteria the
member had confirmed in that area: equally, or by maxima the branch committee set that
add up to the area's points. The total is the sum of the collective scores, and
`classify` turns it into a level with the program's thresholds (inclusive lower bounds).
Every screen, export and report takes its level from `result`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from renluyen.evaluations.models import Level, Reason

CENT = Decimal("0.01")
STEP = Decimal("0.5")


@dataclass(frozen=True)
class Thresholds:
    excellent: Decimal
    good: Decimal
    completed: Decimal

    @classmethod
    def of(cls, program) -> "Thresholds":
        return cls(program.threshold_excellent, program.threshold_good, program.threshold_pass)


def classify(total: Decimal, thresholds: Thresholds) -> Level:
    """The level of a total: each threshold is the lowest total of its level."""
    if total >= thresholds.excellent:
        return Level.EXCELLENT
    if total >= thresholds.good:
        return Level.GOOD
    if total >= thresholds.completed:
        return Level.COMPLETED
    return Level.NOT_COMPLETED


def equal_split(points: Decimal, count: int) -> list[Decimal]:
    """`points` split over `count` criteria to the cent, adding up exactly: 20 over 3 is
    6.67, 6.67, 6.66."""
    if count <= 0:
        return []
    share = (points / count).quantize(CENT, rounding=ROUND_DOWN)
    extra = int((points - share * count) / CENT)
    return [share + CENT if i < extra else share for i in range(count)]


def max_points(area_points: Decimal, set_maxima: list[Decimal | None]) -> list[Decimal]:
    """The maximum of each confirmed criterion of one area, in the given order: the maxima
    the committee set when every criterion has one, otherwise the equal split."""
    if set_maxima and all(m is not None for m in set_maxima):
        return list(set_maxima)
    return equal_split(area_points, len(set_maxima))


def maxima_problem(area_points: Decimal, values: list[Decimal]) -> str | None:
    """Why maxima set for an area's criteria are refused, or None."""
    from django.utils.translation import gettext as _

    if any(v <= 0 for v in values):
        return _("Every criterion needs a maximum above 0.")
    if sum(values, Decimal(0)) != area_points:
        return _(
            "The maxima add up to %(sum)s; they must add up to the area's %(points)s points."
        ) % {
            "sum": format_score(sum(values, Decimal(0))),
            "points": format_score(area_points),
        }
    return None


def score_allowed(value: Decimal, maximum: Decimal) -> bool:
    """A score runs from 0 to the criterion's maximum in steps of 0.5; the maximum itself
    is allowed when the equal split makes it a fraction (6.67)."""
    return Decimal(0) <= value <= maximum and (value % STEP == 0 or value == maximum)


@dataclass(frozen=True)
class Result:
    total: Decimal | None
    level: Level
    reason: str  # a Reason value, or "" when completed at some level


def result(*, confirmed: bool, scores: list[Decimal | None], thresholds: Thresholds) -> Result:
    """A member's result from the collective scores of their confirmed criteria.

    No confirmed registration, or a criterion the branch has not scored, is Không hoàn
    thành with that reason (DOMAIN.md "Workflow" 5)."""
    if not confirmed:
        return Result(None, Level.NOT_COMPLETED, Reason.NOT_REGISTERED)
    if not scores or any(s is None for s in scores):
        return Result(None, Level.NOT_COMPLETED, Reason.NOT_EVALUATED)
    total = sum(scores, Decimal(0))
    level = classify(total, thresholds)
    reason = Reason.BELOW_THRESHOLD if level == Level.NOT_COMPLETED else ""
    return Result(total, level, reason)


def format_score(value: Decimal | None) -> str:
    """A score as people write it in Vietnamese: 6,5 and 20 (not 20,00); "" for none."""
    from django.utils.formats import number_format

    if value is None:
        return ""
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), decimal_pos=0)
    value = value.normalize()
    return number_format(value, decimal_pos=-value.as_tuple().exponent)


def score_formatter() -> Callable[[Decimal | None], str]:
    """`format_score` for the many cells of one page: each distinct value is formatted
    once (scores take a few dozen values; Django's number_format looks the locale's
    separator up on every call). Make one per request: it keeps the active language's
    texts."""
    texts: dict = {None: ""}

    def text(value: Decimal | None) -> str:
        try:
            return texts[value]
        except KeyError:
            # 6.5 and 6.50 are equal keys and format the same (the value is normalized).
            texts[value] = format_score(value)
            return texts[value]

    return text


def in_cents(value: Decimal) -> bool:
    """Has `value` at most two decimals (what a score or maximum column stores)?"""
    return value == value.quantize(CENT)
