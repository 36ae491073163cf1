"""The branch table with the keyboard alone, counted (issue 10, item 2).

Shared by the browser test (test_branch_browser.py, which asserts the ceilings) and
`make bench` (scripts/bench_keyboard.py, which prints the figures).

The case: a branch of 40 members, each with 10 confirmed criteria and a submitted
self-evaluation. The branch accepts most self-scores as they stand and changes 2 scores
of some members (with a reason). Counting is honest: every key press is one action,
typing a value (or a comment) is one action, and nothing is clicked. The reasons are
comments: counted apart (the goal of ≤ 2 actions per member excludes comments).
"""

import random
from dataclasses import dataclass, field
from decimal import Decimal

from renluyen import factories

MEMBERS = 40
CRITERIA = 10  # 2 per area, 10 points each by the equal split
REASON = "Chưa đủ minh chứng cho mức điểm tự chấm."


@dataclass
class Plan:
    """What the secretary will do: for each member in the table's order, the scores to
    change (position in the member's criteria → new value); accept the others."""

    enrollments: list
    changes: dict = field(default_factory=dict)  # enrollment pk → {position: "7"}
    self_scores: dict = field(default_factory=dict)  # enrollment pk → Decimal


def build_branch(program, branch, secretary, *, changed: int, seed: int = 10) -> Plan:
    """`MEMBERS` members in `branch` with confirmed forms and submitted self-evaluations;
    `changed` of them (spread through the list) get 2 of their scores lowered by 1.
    Registers while the program's registration is open, then opens its evaluation."""
    rng = random.Random(seed)
    plan = Plan(enrollments=[])
    enrollments = []
    for n in range(MEMBERS):
        member = factories.member(
            branch=branch, name=f"Đoàn viên {n + 1:02d}", user=factories.user()
        )
        enrollment = factories.enroll(program, member)
        factories.registration(enrollment, confirm_by=secretary)
        enrollments.append(enrollment)
    factories.open_evaluation(program)
    for n, enrollment in enumerate(enrollments):
        enrollment.refresh_from_db()
        score = Decimal(rng.choice(["7", "7.5", "8", "8.5", "9"]))
        factories.self_scores(
            enrollment, score=score, explanation=f"{factories.GOOD_SOLUTION} ({n + 1})"
        )
        plan.enrollments.append(enrollment)
        plan.self_scores[enrollment.pk] = score
    step = MEMBERS / changed if changed else 0
    for i in range(changed):
        enrollment = plan.enrollments[int(i * step)]
        positions = rng.sample(range(CRITERIA), 2)
        value = _text(plan.self_scores[enrollment.pk] - 1)
        plan.changes[enrollment.pk] = {p: value for p in positions}
    return plan


def _text(value: Decimal) -> str:
    return str(value.normalize()).replace(".", ",")


class Keys:
    """The keyboard, counting: each press one action, each value or text typed one."""

    def __init__(self, page):
        self.page = page
        self.actions = 0  # the work: keys and values
        self.comments = 0  # reaching, typing and leaving the reasons

    def press(self, key: str, *, comment: bool = False) -> None:
        self.page.keyboard.press(key)
        self._count(comment)

    def type(self, text: str, *, comment: bool = False) -> None:
        self.page.keyboard.type(text)
        self._count(comment)

    def _count(self, comment: bool) -> None:
        if comment:
            self.comments += 1
        else:
            self.actions += 1


def digit(position: int) -> str:
    """The key that opens a member's criterion: 1…9, then 0 for the 10th."""
    return str((position + 1) % 10)


def evaluate(page, url: str, plan: Plan, *, reasons: bool = True) -> Keys:
    """Open the table and evaluate every member of `plan` with the keyboard alone. The
    page opens with the focus on the first member to evaluate."""
    from playwright.sync_api import expect

    keys = Keys(page)
    page.goto(url)
    for enrollment in plan.enrollments:
        expect(page.locator(f"#m-{enrollment.pk}")).to_be_focused()
        changes = plan.changes.get(enrollment.pk)
        if changes:
            at = None
            for position in sorted(changes):
                if at is None:
                    keys.press(digit(position))  # from the member into the cell
                elif position == at + 1:
                    keys.press("ArrowRight")  # the next cell
                else:
                    keys.press("Enter")  # save, back to the member…
                    keys.press(digit(position))  # …and into the other cell
                keys.type(changes[position])
                at = position
            if reasons:
                keys.press("r", comment=True)  # saves the cell, opens the reason
                keys.type(REASON, comment=True)
                keys.press("Enter", comment=True)  # saves it, back to the member
        keys.press("a")  # accept the (other) self-scores, on to the next member
    # Every answer is in before the counts are read (the saves run one after another).
    expect(page.locator("#etable")).not_to_have_attribute("data-busy", "", timeout=120_000)
    return keys


def check_stored(plan: Plan, *, reasons: bool = True) -> None:
    """Every member evaluated as planned: the changed scores, the others accepted."""
    from renluyen.evaluations import services
    from renluyen.evaluations.models import Evaluation

    for enrollment in plan.enrollments:
        evaluation = Evaluation.objects.get(enrollment=enrollment)
        assert evaluation.reviewed_at is not None and evaluation.accepted, enrollment
        changes = plan.changes.get(enrollment.pk, {})
        own = plan.self_scores[enrollment.pk]
        for position, row in enumerate(services.rows_of(evaluation)):
            expected = changes.get(position)
            expected = Decimal(expected.replace(",", ".")) if expected else own
            assert row.score.collective_score == expected, (enrollment, position)
        assert (evaluation.change_reason == REASON) == bool(changes and reasons)


def table_height(page) -> float:
    return page.evaluate("document.getElementById('etable').getBoundingClientRect().height")


def record_meeting(page, day: str) -> Keys:
    """After the last member the focus is on the meeting's date: type it, tick "All
    present" (past the search, not one Tab stop per member), write the minutes, save."""
    from playwright.sync_api import expect

    keys = Keys(page)
    expect(page.locator("#meeting-date")).to_be_focused()
    keys.type(day)
    keys.press("Tab")  # "All present"
    keys.press("Space")
    keys.press("Tab")  # the search
    keys.press("Tab")  # the minutes
    keys.type("Chi đoàn họp đánh giá cuối năm.", comment=True)
    keys.press("Tab")  # "Save the meeting record"
    with page.expect_navigation():
        keys.press("Enter")
    return keys
