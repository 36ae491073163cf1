"""The member's training form on a 360×740 phone, measured (issue 10, item 3).

Shared by the browser test (test_browser_phone.py, which asserts the ceilings) and
`make bench` (scripts/bench_keyboard.py, which prints the figures): how far a member
scrolls to tick 10 criteria, 2 in each area, and every tap target's size.
"""

from dataclasses import dataclass

from renluyen import factories

PASSWORD = "pw-for-tests-123"
TAP = 44  # px, the smallest tap target


@dataclass
class Member:
    username: str
    enrollment: object


def build_member(org, username: str = "dv_phone", program=None) -> Member:
    """A member of Chi đoàn A1 with no form yet, in a program open for registration (a
    new one unless given)."""
    program = program or factories.program(unit=org["base"])
    member = factories.member(
        branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user(username)
    )
    return Member(username, factories.enroll(program, member))


@dataclass
class Measured:
    viewport: int  # px, the screen's height
    tenth: float  # px from the top of the page to the bottom of the 10th choice
    page: float  # px, the whole page with the 10 choices ticked
    small: list  # tap targets under 44 × 44 px: (text, width, height)

    @property
    def scroll_screens(self) -> float:
        """Screens scrolled to reach the 10th choice (the first screen needs none)."""
        return max(0.0, self.tenth - self.viewport) / self.viewport


# Every visible thing a finger taps: links, buttons, toggles, fields; a checkbox's target
# is its label.
TARGETS = """() => {
  const found = [];
  const seen = new Set();
  for (const el of document.querySelectorAll('a[href], button, summary, select, textarea, input')) {
    let target = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) target = el.closest('label') || el;
    if (el.type === 'hidden' || seen.has(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    found.push([(target.innerText || target.value || target.name || '').trim().slice(0, 40),
                Math.round(box.width), Math.round(box.height)]);
  }
  return found;
}"""


def tap_targets_too_small(page) -> list:
    return [t for t in page.evaluate(TARGETS) if t[1] < TAP or t[2] < TAP]


def choose_ten(page, enrollment) -> Measured:
    """Open the form and tick the first 2 criteria of each area, as a member would."""
    page.goto(f"/registrations/{enrollment.pk}/")
    small = tap_targets_too_small(page)
    boxes = page.locator('input[name="pick"][value^="c"]')
    picked = []
    for area in range(1, 6):
        in_area = page.locator(f'#area-{area} input[name="pick"][value^="c"]')
        for i in range(2):
            label = in_area.nth(i).locator("xpath=ancestor::label[1]")
            label.click()
            picked.append(label)
    assert boxes.evaluate_all("els => els.filter(e => e.checked).length") == 10
    tenth = picked[-1].evaluate("el => el.getBoundingClientRect().bottom + window.scrollY")
    return Measured(
        viewport=page.viewport_size["height"],
        tenth=tenth,
        page=page.evaluate("document.documentElement.scrollHeight"),
        small=small,
    )


def describe(m: Measured) -> str:
    targets = (
        "every tap target ≥ 44 × 44 px"
        if not m.small
        else f"{len(m.small)} tap targets under 44 px: {m.small[:5]}"
    )
    return (
        f"the 10th choice ends {m.tenth:,.0f} px down: {m.scroll_screens:.1f} screens of "
        f"scrolling ({m.page:,.0f} px = {m.page / m.viewport:.1f} screens with 10 solution "
        f"boxes open); {targets}"
    )
