"""A member self-evaluates on a phone: ten criteria scored and explained, the live counter
following as they type, then submitted; the page never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from renluyen import factories
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.evaluations import services
from renluyen.evaluations.models import Evaluation, SelfState

PASSWORD = "pw-for-tests-123"
EXPLANATION = "Tham gia đủ các buổi sinh hoạt, có biên bản và ảnh chụp minh chứng."


@pytest.fixture
def hoa(org, people):
    program = factories.program(unit=org["base"])
    member = factories.member(
        branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user("hoa")
    )
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=people["secretary_a1"])
    factories.open_evaluation(program)
    enrollment.refresh_from_db()  # drop the cached draft registration
    return enrollment


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_member_scores_ten_criteria_and_submits(page, hoa):
    rows = services.rows_of(services.evaluation_of(hoa))
    assert len(rows) == 10
    log_in(page, "hoa", password=PASSWORD)
    page.goto("/evaluations/mine/")  # straight to the one self-evaluation
    counter = page.locator("#counter")
    expect(counter).to_contain_text("Tự chấm: 0/100")
    assert no_sideways_scroll(page)

    for row in rows:
        page.locator(f"#score-{row.key}").fill("9")
        page.locator(f"#explanation-{row.key}").fill(EXPLANATION)
    expect(counter).to_contain_text("Tự chấm: 90/100")
    expect(counter).to_contain_text("Dự kiến: Hoàn thành xuất sắc")
    page.locator(f"#score-{rows[0].key}").fill("6,5")
    expect(counter).to_contain_text("Tự chấm: 87,5/100")
    expect(counter).to_contain_text("Dự kiến: Hoàn thành tốt")
    screenshot(page, "self-evaluation-phone")

    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    expect(page.locator("main")).to_contain_text("Đã nộp bản tự đánh giá")
    expect(page.locator("#self-form")).to_have_count(0)
    assert no_sideways_scroll(page)
    evaluation = Evaluation.objects.get(enrollment=hoa)
    assert evaluation.self_state == SelfState.SUBMITTED
    assert sum(r.score.self_score for r in services.rows_of(evaluation)) == 87.5


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_committee_pages_fit_a_phone(page, hoa, people):
    secretary = people["secretary_a1"]
    factories.self_scores(hoa, score=8, accept_by=secretary)
    secretary.set_password(PASSWORD)
    secretary.save()
    log_in(page, secretary.username, password=PASSWORD)
    for name in ("member", "maxima", "history"):
        page.goto(f"/evaluations/{hoa.pk}/{'' if name == 'member' else name + '/'}")
        expect(page.locator("h1")).to_be_visible()
        assert no_sideways_scroll(page), name
    page.goto(f"/evaluations/{hoa.pk}/")
    expect(page.locator("#collective-total")).to_contain_text("80/100")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_refused_value_does_not_count_in_the_total(page, hoa):
    """Issue 10, item 5: after "7,3" is refused the counter said 89,3 (and 90 after a
    reload). Only what would be stored counts."""
    factories.self_scores(hoa, score=9, submit=False)
    rows = services.rows_of(services.evaluation_of(hoa))
    log_in(page, "hoa", password=PASSWORD)
    page.goto("/evaluations/mine/")
    counter = page.locator("#counter")
    expect(counter).to_contain_text("Tự chấm: 90/100")
    page.locator(f"#score-{rows[0].key}").fill("7,3")
    expect(counter).to_contain_text("Tự chấm: 90/100")  # not a score: not counted
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#problems")).to_contain_text("Điểm từ 0 đến 10, theo bước 0,5.")
    expect(page.locator(f"#score-{rows[0].key}")).to_have_value("7,3")
    expect(counter).to_contain_text("Tự chấm: 90/100")
    expect(counter).to_contain_text("Dự kiến: Hoàn thành xuất sắc")
    page.locator(f"#score-{rows[0].key}").fill("7,5")
    expect(counter).to_contain_text("Tự chấm: 88,5/100")
