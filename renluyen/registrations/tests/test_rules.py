"""The registration rules at their edges (IV.2 Step 1), on forms as typed (unsaved drafts)."""

import pytest

from renluyen import factories
from renluyen.people.models import MemberType
from renluyen.programs.models import Criterion
from renluyen.registrations import rules
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft

GOOD = factories.GOOD_SOLUTION


@pytest.fixture
def member(org):
    return factories.member(branch=org["branch_a1"], member_type=MemberType.STUDENT)


def messages(program, member, items):
    return [p.message for p in rules.check(program, member, items)]


def test_ten_criteria_over_five_areas_pass(program, member):
    assert messages(program, member, factories.drafts(program)) == []


def test_nine_criteria_are_one_short(program, member):
    items = factories.drafts(program)[:-1]
    assert messages(program, member, items) == ["Cần ít nhất 10 tiêu chí, hiện có 9."]


def test_four_areas_name_the_missing_one(program, member):
    items = [d for d in factories.drafts(program, per_area=3) if d.area.number != 4]
    assert len(items) == 12
    assert messages(program, member, items) == ["Còn thiếu nội dung 4. Sức khỏe."]


def test_the_minimum_follows_the_program_settings(program, member):
    program.min_criteria = 5
    program.every_area_required = False
    items = [d for d in factories.drafts(program, per_area=3) if d.area.number <= 2]
    assert messages(program, member, items) == []
    assert messages(program, member, items[:4]) == ["Cần ít nhất 5 tiêu chí, hiện có 4."]


@pytest.mark.parametrize(
    ("solution", "expected"),
    [
        ("", "Hãy viết giải pháp cụ thể cho tiêu chí này."),
        ("   \n  ", "Hãy viết giải pháp cụ thể cho tiêu chí này."),
        (".....", "Giải pháp chỉ có dấu câu; hãy viết việc bạn sẽ làm."),
        ("... --- !!! ,,, ??? ...", "Giải pháp chỉ có dấu câu; hãy viết việc bạn sẽ làm."),
        ("aaaaaaaaaaaaaaaaaaaaaaaaa", "Giải pháp chỉ lặp lại vài ký tự; hãy viết việc bạn sẽ làm."),
        ("abababababababababababab", "Giải pháp chỉ lặp lại vài ký tự; hãy viết việc bạn sẽ làm."),
        (
            "học tập học tập học tập học tập",
            "Giải pháp chỉ lặp lại vài ký tự; hãy viết việc bạn sẽ làm.",
        ),
        ("Đọc sách mỗi tuần", "Giải pháp quá ngắn: cần ít nhất 20 ký tự, hiện có 17."),
    ],
)
def test_a_solution_needs_real_content(program, member, solution, expected):
    items = factories.drafts(program)
    items[3].solution = solution
    problems = rules.check(program, member, items)
    assert [(p.message, p.where) for p in problems] == [(expected, f"item:{items[3].key}")]


def test_twenty_characters_is_enough(program, member):
    items = factories.drafts(program)
    items[0].solution = "Đọc một cuốn sách/tháng"[:20]
    assert len(items[0].solution) == 20
    assert messages(program, member, items) == []


def test_the_same_criterion_twice_is_refused_once(program, member):
    items = factories.drafts(program)
    items.append(
        ItemDraft(
            area=items[0].area, kind=ItemKind.CRITERION, criterion=items[0].criterion, solution=GOOD
        )
    )
    code = items[0].criterion.code
    assert messages(program, member, items) == [f"“{code}” có trên phiếu nhiều hơn một lần."]


def test_the_same_own_criterion_twice_is_refused_whatever_the_case(program, member):
    items = factories.drafts(program)
    area = items[0].area
    items += [
        ItemDraft(
            area=area, kind=ItemKind.OPEN, text="Đọc 12 cuốn sách", solution=GOOD, open_key="n1"
        ),
        ItemDraft(
            area=area, kind=ItemKind.OPEN, text="đọc  12 cuốn SÁCH", solution=GOOD, open_key="n2"
        ),
    ]
    assert messages(program, member, items) == [
        "“Đọc 12 cuốn sách” có trên phiếu nhiều hơn một lần."
    ]


@pytest.mark.parametrize("text", ["", "   ", "...."])
def test_an_own_criterion_needs_its_text(program, member, text):
    items = factories.drafts(program)
    items.append(
        ItemDraft(area=items[0].area, kind=ItemKind.OPEN, text=text, solution=GOOD, open_key="n1")
    )
    problems = rules.check(program, member, items)
    assert [(p.message, p.where) for p in problems] == [
        ("Hãy ghi nội dung tiêu chí do bạn tự đề ra.", "item:n1")
    ]


def test_an_own_criterion_counts_towards_the_minimum(program, member):
    items = factories.drafts(program)[:-1]
    items.append(
        ItemDraft(
            area=items[0].area, kind=ItemKind.OPEN, text="Hiến máu", solution=GOOD, open_key="n1"
        )
    )
    assert messages(program, member, items) == []


def test_a_target_for_another_member_type_is_refused(program, member):
    lecturer_target = Criterion.objects.get(area__program=program, member_type=MemberType.LECTURER)
    items = factories.drafts(program)
    items.append(
        ItemDraft(
            area=lecturer_target.area,
            kind=ItemKind.CRITERION,
            criterion=lecturer_target,
            solution=GOOD,
        )
    )
    assert messages(program, member, items) == [
        f"Tiêu chí {lecturer_target.code} dành cho đối tượng đoàn viên khác."
    ]


def test_a_criterion_of_another_program_is_refused(org, program, member):
    other_base = factories.unit(level="base", parent=org["upper"])
    other = factories.program(unit=other_base)
    items = factories.drafts(program)
    items[0] = factories.drafts(other)[0]
    assert "Tiêu chí này không thuộc chương trình này." in messages(program, member, items)


def test_messages_name_every_problem_at_once(program, member):
    items = [d for d in factories.drafts(program) if d.area.number != 5][:7]
    items[0].solution = "....."
    assert messages(program, member, items) == [
        "Giải pháp chỉ có dấu câu; hãy viết việc bạn sẽ làm.",
        "Còn thiếu nội dung 5. Ý thức xây dựng tổ chức Đoàn.",
        "Cần ít nhất 10 tiêu chí, hiện có 7.",
    ]
