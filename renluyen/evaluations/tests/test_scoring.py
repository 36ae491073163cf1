"""The scoring scheme and the four levels (seed IV.1 Step 3), at every boundary."""

from decimal import Decimal

import pytest

from renluyen.evaluations import scoring
from renluyen.evaluations.models import Level, Reason

SEED = scoring.Thresholds(Decimal(90), Decimal(80), Decimal(70))
D = Decimal


@pytest.mark.parametrize(
    ("total", "level"),
    [
        ("0", Level.NOT_COMPLETED),
        ("69.5", Level.NOT_COMPLETED),
        ("70", Level.COMPLETED),
        ("79.5", Level.COMPLETED),
        ("80", Level.GOOD),
        ("89.5", Level.GOOD),
        ("90", Level.EXCELLENT),
        ("100", Level.EXCELLENT),
    ],
)
def test_thresholds_are_inclusive_lower_bounds(total, level):
    assert scoring.classify(D(total), SEED) == level


def test_thresholds_come_from_the_program_settings():
    strict = scoring.Thresholds(D(95), D(85), D(75))
    assert scoring.classify(D(90), strict) == Level.GOOD
    assert scoring.classify(D(74.5), strict) == Level.NOT_COMPLETED


def test_no_confirmed_registration_is_not_completed_with_that_reason():
    outcome = scoring.result(confirmed=False, scores=[], thresholds=SEED)
    assert (outcome.total, outcome.level, outcome.reason) == (
        None,
        Level.NOT_COMPLETED,
        Reason.NOT_REGISTERED,
    )


def test_a_criterion_left_unscored_is_not_evaluated():
    outcome = scoring.result(confirmed=True, scores=[D(10), None], thresholds=SEED)
    assert outcome.level == Level.NOT_COMPLETED
    assert outcome.reason == Reason.NOT_EVALUATED


def test_the_total_is_the_sum_of_collective_scores():
    outcome = scoring.result(confirmed=True, scores=[D("9.5")] * 8 + [D(6), D(8)], thresholds=SEED)
    assert outcome.total == D(90)
    assert outcome.level == Level.EXCELLENT
    assert outcome.reason == ""
    below = scoring.result(confirmed=True, scores=[D("6.95")] * 10, thresholds=SEED)
    assert below.reason == Reason.BELOW_THRESHOLD


@pytest.mark.parametrize(
    ("points", "count", "expected"),
    [
        ("20", 2, ["10", "10"]),
        ("20", 3, ["6.67", "6.67", "6.66"]),
        ("20", 6, ["3.34", "3.34", "3.33", "3.33", "3.33", "3.33"]),
        ("20", 1, ["20"]),
        ("25", 4, ["6.25"] * 4),
    ],
)
def test_equal_split_adds_up_to_the_area_points(points, count, expected):
    split = scoring.equal_split(D(points), count)
    assert split == [D(x) for x in expected]
    assert sum(split) == D(points)


def test_set_maxima_replace_the_split_only_when_every_criterion_has_one():
    assert scoring.max_points(D(20), [D(12), D(8)]) == [D(12), D(8)]
    assert scoring.max_points(D(20), [D(12), None]) == [D(10), D(10)]


def test_maxima_that_do_not_add_up_are_refused():
    assert scoring.maxima_problem(D(20), [D(12), D(8)]) is None
    assert "18" in scoring.maxima_problem(D(20), [D(10), D(8)])
    assert scoring.maxima_problem(D(20), [D(20), D(0)]) is not None


@pytest.mark.parametrize(
    ("value", "maximum", "ok"),
    [
        ("0", "10", True),
        ("6.5", "10", True),
        ("10", "10", True),
        ("10.5", "10", False),
        ("-0.5", "10", False),
        ("7.3", "10", False),
        ("6.67", "6.67", True),
        ("6.5", "6.67", True),
        ("6.6", "6.67", False),
    ],
)
def test_scores_run_in_half_points_up_to_the_maximum(value, maximum, ok):
    assert scoring.score_allowed(D(value), D(maximum)) is ok


def test_scores_are_shown_as_people_write_them():
    assert scoring.format_score(D("20.00")) == "20"
    assert scoring.format_score(D("6.50")) == "6,5"
    assert scoring.format_score(D("6.67")) == "6,67"
    assert scoring.format_score(None) == ""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_formatter_writes_each_score_as_format_score(language):
    from django.utils import translation

    values = [None, D("0"), D("6.5"), D("6.50"), D("20"), D("20.00"), D("6.67"), D("6.5")]
    with translation.override(language):
        text = scoring.score_formatter()
        assert [text(v) for v in values] == [scoring.format_score(v) for v in values]
        assert text(D("6.50")) == ("6,5" if language == "vi" else "6.5")
