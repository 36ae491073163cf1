"""The whole of Bước 3 in the browser: the member self-scores on a phone, the secretary
fills the branch table with the keyboard alone and finalizes, the federation forwards,
the base Union recognizes, and the member sees their level."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation, Level
from renluyen.organizations.models import Role

PASSWORD = "pw-for-tests-123"
# One explanation per criterion, all different, as a member would write them.
EXPLANATIONS = [
    "Đọc và ghi chép đầy đủ các nghị quyết trong mười buổi sinh hoạt chi đoàn.",
    "Viết thu hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Tham gia hai đợt hiến máu tình nguyện của trường trong năm học.",
    "Giúp hai bạn cùng lớp ôn thi cuối kỳ, cả hai đều qua môn.",
    "Đạt điểm trung bình 3,2/4; không nợ môn nào trong năm học.",
    "Hoàn thành khóa học tiếng Anh B1 tại trung tâm ngoại ngữ của trường.",
    "Chạy bộ ba buổi mỗi tuần, hoàn thành giải chạy 5 km của trường.",
    "Tham gia đội bóng chuyền của khoa trong giải thể thao sinh viên.",
    "Có mặt đủ 10/10 buổi sinh hoạt chi đoàn và phát biểu ý kiến 4 lần.",
    "Nhận và hoàn thành nhiệm vụ hậu cần trong chiến dịch Mùa hè xanh.",
]


@pytest.fixture
def year(org):
    program = factories.program(unit=org["base"])
    member = factories.member(
        branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user("hoa")
    )
    secretary = factories.user("bithu_a1")
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    factories.role(factories.user("lienchi_a"), org["fed_a"], Role.FEDERATION_COMMITTEE)
    factories.role(factories.user("thuongvu"), org["base"], Role.STANDING_COMMITTEE)
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=secretary)
    factories.open_evaluation(program)
    enrollment.refresh_from_db()
    return program, enrollment


def switch_to(page, username):
    page.context.clear_cookies()
    log_in(page, username, password=PASSWORD)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_self_score_collective_finalize_forward_recognize(page, org, year):
    program, enrollment = year
    rows = services.rows_of(services.evaluation_of(enrollment))
    assert len(rows) == 10 and {r.maximum for r in rows} == {Decimal(10)}

    # The member scores each of her 10 criteria 9 (90: Hoàn thành xuất sắc) on a phone.
    log_in(page, "hoa", password=PASSWORD)
    page.goto("/evaluations/mine/")
    for row, text in zip(rows, EXPLANATIONS, strict=True):
        page.locator(f"#score-{row.key}").fill("9")
        page.locator(f"#explanation-{row.key}").fill(text)
    expect(page.locator("main")).to_contain_text("90/100")
    expect(page.locator("main")).to_contain_text("Hoàn thành xuất sắc")
    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    expect(page.locator("main")).to_contain_text("Đã nộp bản tự đánh giá")
    screenshot(page, "evaluation-self-submitted-phone")

    # The secretary, at a desktop, with the keyboard alone: the page opens on Hoa, who
    # waits for the branch; 3 opens her third criterion, lowered to 8,5; R the reason;
    # C the comment; A accepts her other self-scores: 89,5, Hoàn thành tốt.
    page.set_viewport_size({"width": 1280, "height": 800})
    switch_to(page, "bithu_a1")
    page.goto(f"/evaluations/branch/{org['branch_a1'].pk}/?program={program.pk}")
    block = page.locator(f"#m-{enrollment.pk}")
    expect(block).to_be_focused()
    expect(block.locator("[data-state]")).to_have_text("Chờ chi đoàn chấm")
    keys = page.keyboard
    keys.press("3")
    keys.type("8,5")
    keys.press("r")
    keys.type("Chưa có minh chứng hiến máu đợt 2.")
    keys.press("Enter")
    keys.press("c")
    keys.type("Gương mẫu, tích cực trong hoạt động tình nguyện.")
    keys.press("Enter")
    keys.press("a")
    # After the last member, the next step: the meeting's date.
    expect(page.locator("#meeting-date")).to_be_focused()
    expect(block.locator("[data-total]")).to_have_text("89,5")
    expect(block.locator("[data-level]")).to_have_text("Hoàn thành tốt")
    expect(block.locator("[data-state]")).to_have_text("Đã chấp nhận điểm tự chấm")
    screenshot(page, "evaluation-branch-table-keyboard")

    # The meeting (its date typed day first), then the results go up.
    keys.type(program.evaluation_start.strftime("%d/%m/%Y"))
    page.get_by_label("Tất cả có mặt").check()
    page.locator("#minutes").fill("Chi đoàn họp đánh giá cuối năm, 1/1 đoàn viên có mặt.")
    page.get_by_role("button", name="Lưu biên bản họp").click()
    page.get_by_role("button", name="Chốt kết quả và chuyển lên").click()
    expect(page.locator("main")).to_contain_text("Chi đoàn đã chốt kết quả")

    # The federation forwards; the base Union recognizes.
    switch_to(page, "lienchi_a")
    page.goto(f"/evaluations/unit/{org['fed_a'].pk}/?program={program.pk}")
    page.locator(f"#branch-{org['branch_a1'].pk}").get_by_role(
        "button", name="Chuyển lên Đoàn cơ sở"
    ).click()
    expect(page.locator("main")).to_contain_text("Liên chi đoàn đã chuyển lên")
    switch_to(page, "thuongvu")
    page.goto(f"/evaluations/unit/{org['base'].pk}/?program={program.pk}")
    page.locator(f"#branch-{org['branch_a1'].pk}").get_by_role("button", name="Công nhận").click()
    expect(page.locator("main")).to_contain_text("Đoàn cơ sở đã công nhận")

    # The member, back on her phone, sees her level.
    page.set_viewport_size({"width": 360, "height": 740})
    switch_to(page, "hoa")
    page.goto("/evaluations/mine/")
    expect(page.locator("main")).to_contain_text(
        "Kết quả: Hoàn thành tốt — 89,5 điểm (đã được Đoàn cơ sở công nhận)"
    )
    expect(page.locator("#change-reason")).to_contain_text("Chưa có minh chứng hiến máu đợt 2.")
    screenshot(page, "evaluation-recognized-phone")

    # What was stored matches a hand computation: 9 × 9 + 8,5.
    evaluation = Evaluation.objects.get(enrollment=enrollment)
    assert (evaluation.total, evaluation.level) == (Decimal("89.5"), Level.GOOD)
    assert evaluation.comment == "Gương mẫu, tích cực trong hoạt động tình nguyện."
    assert evaluation.change_reason == "Chưa có minh chứng hiến máu đợt 2."
    assert evaluation.accepted and evaluation.reviewed_by.username == "bithu_a1"
    state = BranchEvaluation.objects.get(program=program, branch=org["branch_a1"]).state
    assert state == BranchState.RECOGNIZED
    change = Event.objects.get(verb="evaluation.scores").data["changes"][0]
    assert (change["item"], change["old"], change["new"]) == (rows[2].item.pk, None, "8.5")
    assert len(Event.objects.get(verb="evaluation.accept").data["changes"]) == 9
