"""The secretary scores the branch table with the keyboard alone, on a laptop: focus the
first score, type, ArrowDown, type…, Tab to the comment; totals follow; a refused value
keeps the focus; after a reload every value is there."""

import pytest
from playwright.sync_api import expect

from renluyen import factories
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.evaluations import services
from renluyen.evaluations.models import Evaluation
from renluyen.organizations.models import Role

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def year(org):
    program = factories.program(unit=org["base"])
    secretary = factories.user("bithu_a1")
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    enrollments = []
    for name in ("Lê Thị Hoa", "Trần Văn Nam"):
        member = factories.member(branch=org["branch_a1"], name=name, user=factories.user())
        enrollment = factories.enroll(program, member)
        factories.registration(enrollment, confirm_by=secretary)
        enrollments.append(enrollment)
    factories.open_evaluation(program)
    return program, enrollments


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_secretary_scores_with_the_keyboard_only(page, org, year):
    program, (hoa, nam) = year
    log_in(page, "bithu_a1", password=PASSWORD)
    page.goto(services.branch_url(org["branch_a1"], program))
    block = page.locator(f"#m-{hoa.pk}")
    expect(block.locator("[data-level]")).to_have_text("Chưa chấm đủ")

    block.locator("input.cs").first.focus()
    keyboard = page.keyboard
    keyboard.type("11")
    keyboard.press("ArrowDown")
    # Refused: the message shows beside the cell and the focus comes back to it.
    first = block.locator("input.cs").first
    expect(block.locator(".cell-msg.err").first).to_have_text("Điểm từ 0 đến 10, theo bước 0,5.")
    expect(first).to_be_focused()
    keyboard.press("Control+A")
    keyboard.type("9")
    for _ in range(9):
        keyboard.press("ArrowDown")
        keyboard.type("9")
    expect(block.locator("[data-total]")).to_have_text("90")
    keyboard.press("Tab")
    expect(page.locator(f"#c{hoa.pk}")).to_be_focused()
    keyboard.type("Gương mẫu, tích cực.")
    keyboard.press("Tab")
    expect(block.locator(".cell-msg.ok").last).to_have_text("Đã lưu")
    expect(block.locator("[data-level]")).to_have_text("Hoàn thành xuất sắc")
    # Enter moves on too: into Nam's first score.
    expect(page.locator(f"#m-{nam.pk} input.cs").first).to_be_focused()
    keyboard.type("7")
    keyboard.press("Enter")
    expect(page.locator(f"#m-{nam.pk} [data-total]")).to_have_text("7")
    expect(page.locator(f"#m-{nam.pk} .cell-msg.ok").first).to_have_text("Đã lưu")
    screenshot(page, "evaluation-branch-table-desktop")

    page.reload()
    scores = page.locator(f"#m-{hoa.pk} input.cs")
    expect(scores).to_have_count(10)
    for i in range(10):
        expect(scores.nth(i)).to_have_value("9")
    expect(page.locator(f"#c{hoa.pk}")).to_have_value("Gương mẫu, tích cực.")
    expect(page.locator(f"#m-{hoa.pk} [data-total]")).to_have_text("90")
    evaluation = Evaluation.objects.get(enrollment=hoa)
    assert evaluation.total == 90 and evaluation.comment == "Gương mẫu, tích cực."


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_table_fits_a_phone(page, org, year):
    program, (hoa, _nam) = year
    log_in(page, "bithu_a1", password=PASSWORD)
    page.goto(services.branch_url(org["branch_a1"], program))
    expect(page.locator(f"#m-{hoa.pk} input.cs")).to_have_count(10)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "evaluation-branch-table-phone")
