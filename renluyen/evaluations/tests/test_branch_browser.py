"""The branch table with the keyboard alone (issue 10, item 2): a branch of 40 evaluated
in at most 2 actions a member when 32 are accepted as they stand and 8 get 2 changed
scores; the table fits 10 desktop screens and a 360-px phone; a refused value keeps the
focus and its message goes once the stored value is typed back."""

import pytest
from playwright.sync_api import expect

from renluyen import factories
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.evaluations import services
from renluyen.evaluations.models import Evaluation
from renluyen.evaluations.tests import keyboard
from renluyen.organizations.models import Role

PASSWORD = "pw-for-tests-123"
DESKTOP_SCREEN = 800


@pytest.fixture
def secretary(org):
    user = factories.user("bithu_a1")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def forty(org, program, secretary):
    """40 members self-evaluated; the secretary will change 2 scores of 8 of them."""
    return keyboard.build_branch(program, org["branch_a1"], secretary, changed=8)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_forty_members_in_two_actions_each(page, org, program, forty):
    log_in(page, "bithu_a1", password=PASSWORD)
    url = services.branch_url(org["branch_a1"], program)
    keys = keyboard.evaluate(page, url, forty)
    # 32 × "a" + 8 × (2 jumps, 2 values, at most 1 way back, "a"): 80 at most.
    assert keys.actions <= 2 * keyboard.MEMBERS, keys.actions
    assert keys.comments == 3 * 8  # R, the reason, Enter for each changed member
    keyboard.check_stored(forty)
    page.reload()
    height = keyboard.table_height(page)
    assert height <= 10 * DESKTOP_SCREEN, height
    # Nothing waits now; the focus goes nowhere on its own.
    expect(page.locator("section.em.st-waiting")).to_have_count(0)
    screenshot(page, "evaluation-branch-table-40-desktop")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_table_is_usable_on_a_phone(page, org, program, forty):
    log_in(page, "bithu_a1", password=PASSWORD)
    page.goto(services.branch_url(org["branch_a1"], program))
    first = forty.enrollments[0]
    block = page.locator(f"#m-{first.pk}")
    expect(block.locator("input.cs")).to_have_count(10)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Large enough for a thumb: each cell and the accept button at least 44 px high.
    for target in (block.locator("input.cs").first, block.get_by_role("button")):
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    # One tap accepts one member.
    block.get_by_role("button", name="Chấp nhận điểm tự chấm").click()
    expect(block.locator("[data-state]")).to_have_text("Đã chấp nhận điểm tự chấm")
    assert Evaluation.objects.get(enrollment=first).accepted
    screenshot(page, "evaluation-branch-table-40-phone")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_refused_value_keeps_the_focus_until_typed_back(page, org, program, secretary):
    member = factories.member(branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user())
    hoa = factories.enroll(program, member)
    factories.registration(hoa, confirm_by=secretary)
    factories.open_evaluation(program)
    hoa.refresh_from_db()
    factories.self_scores(hoa, score=8, accept_by=secretary)
    log_in(page, "bithu_a1", password=PASSWORD)
    page.goto(services.branch_url(org["branch_a1"], program))
    block = page.locator(f"#m-{hoa.pk}")
    block.focus()
    keys = page.keyboard
    keys.press("1")
    keys.type("7,3")
    keys.press("Enter")
    cell = block.locator("input.cs").first
    expect(block.locator(".cell-msg.err")).to_have_text("Điểm từ 0 đến 10, theo bước 0,5.")
    expect(cell).to_be_focused()
    # Only what is stored counts: the total stays 80, not 79,3.
    expect(block.locator("[data-total]")).to_have_text("80")
    # Typed back to the stored value: the refusal goes.
    keys.press("Control+A")
    keys.type("8")
    keys.press("Enter")
    expect(block.locator(".cell-msg.err")).to_have_count(0)
    expect(cell).not_to_have_attribute("aria-invalid", "true")
    # Esc leaves a cell unchanged.
    keys.press("2")
    keys.type("5")
    keys.press("Escape")
    expect(block).to_be_focused()
    expect(block.locator("input.cs").nth(1)).to_have_value("8")
    assert services.rows_of(Evaluation.objects.get(enrollment=hoa))[1].score.collective_score == 8
