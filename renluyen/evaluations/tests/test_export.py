"""The member-quality export (issue 4, item 8): the stored total, level and reason of
every member in a unit's subtree, read back with openpyxl."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from renluyen import factories
from renluyen.evaluations import services
from renluyen.evaluations.export import TITLE_ROWS

HEADERS = [
    "STT",
    "Mã đoàn viên",
    "Họ và tên",
    "Ngày sinh",
    "Đối tượng",
    "Chi đoàn",
    "Liên chi đoàn",
    "Tổng điểm",
    "Xếp loại",
    "Lý do",
    "Tình trạng kết quả",
]


def export_url(unit, program):
    return f"{reverse('evaluations:export', args=[unit.pk])}?program={program.pk}"


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return workbook.active


def rows_by_name(sheet) -> dict:
    header = TITLE_ROWS + 1
    rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    return {row[2]: row for row in rows}


@pytest.fixture
def results(org, people, enrollment):
    """Chi đoàn A1 finalized: Lê Thị Hoa at 85 (one criterion at 5 of 10), and a member
    who never registered; Chi đoàn B1 has one member, untouched."""
    program = enrollment.program
    factories.self_scores(enrollment)
    row = services.rows_of(services.evaluation_of(enrollment))[0]
    services.collective_set(
        enrollment=enrollment, user=people["secretary_a1"], item_id=row.item.pk, value="5"
    )
    services.collective_set(
        enrollment=enrollment,
        user=people["secretary_a1"],
        item_id=services.rows_of(enrollment.evaluation)[1].item.pk,
        value="0",
    )
    services.reason_set(
        enrollment=enrollment, user=people["secretary_a1"], text="Chưa đạt 1.1, 1.2."
    )
    services.member_accept(enrollment=enrollment, user=people["secretary_a1"])
    factories.enroll(program, factories.member(branch=org["branch_a1"], name="Trần Văn Nam"))
    factories.enroll(program, factories.member(branch=org["branch_b1"], name="Phạm Thu Hà"))
    services.meeting_save(
        program=program,
        branch=org["branch_a1"],
        user=people["secretary_a1"],
        meeting_date=timezone.localdate(),
        attendee_ids=[],
        minutes="",
    )
    services.branch_finalize(
        program=program,
        branch=org["branch_a1"],
        user=people["secretary_a1"],
        accept_unevaluated=True,
    )
    return program


def test_it_exports_the_stored_results(client, org, people, results):
    client.force_login(people["office"])
    sheet = sheet_of(client.get(export_url(org["base"], results)))
    assert "Xếp loại chất lượng đoàn viên — Đoàn trường ĐH Kinh tế" in sheet["A1"].value
    assert results.name in sheet["A2"].value
    assert sheet["A3"].value.startswith("Ngày xuất: ")
    assert [c.value for c in sheet[TITLE_ROWS + 1]] == HEADERS
    rows = rows_by_name(sheet)
    hoa = rows["Lê Thị Hoa"]
    assert hoa[5] == "Chi đoàn A1" and hoa[6] == "Liên chi đoàn A"
    assert Decimal(str(hoa[7])) == Decimal(85)  # a number, not text
    assert hoa[8] == "Hoàn thành tốt"
    assert hoa[9] in ("", None)
    assert hoa[10] == "Chờ công nhận"
    nam = rows["Trần Văn Nam"]
    assert nam[7] is None
    assert nam[8] == "Không hoàn thành"
    assert nam[9] == "Chưa có phiếu đăng ký được xác nhận"
    # Untouched branch: no stored result yet.
    ha = rows["Phạm Thu Hà"]
    assert ha[8] in ("", None) and ha[10] == "Chưa chốt"
    assert [row[0] for row in rows.values()] == [1, 2, 3]


def test_it_marks_recognized_results(client, org, people, results):
    services.branch_forward(program=results, branch=org["branch_a1"], user=people["fed_a"])
    services.branch_recognize(program=results, branch=org["branch_a1"], user=people["standing"])
    client.force_login(people["standing"])
    rows = rows_by_name(sheet_of(client.get(export_url(org["base"], results))))
    assert rows["Lê Thị Hoa"][10] == "Đã công nhận"


def test_it_exports_only_the_subtree(client, org, people, results):
    client.force_login(people["fed_a"])
    rows = rows_by_name(sheet_of(client.get(export_url(org["fed_a"], results))))
    assert set(rows) == {"Lê Thị Hoa", "Trần Văn Nam"}


def test_a_branch_exports_its_members(client, org, people, results):
    client.force_login(people["secretary_b1"])
    rows = rows_by_name(sheet_of(client.get(export_url(org["branch_b1"], results))))
    assert set(rows) == {"Phạm Thu Hà"}


def test_outsiders_get_404(client, org, people, results):
    client.force_login(people["secretary_b1"])
    assert client.get(export_url(org["branch_a1"], results)).status_code == 404
    client.force_login(people["fed_a"])
    assert client.get(export_url(org["base"], results)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, org, results):
    assert client.get(export_url(org["base"], results)).status_code == 302


def test_its_query_count_does_not_grow_with_members(client, org, people, results):
    from renluyen.core.tests.helpers import count_queries

    client.force_login(people["office"])

    def run():
        b"".join(client.get(export_url(org["base"], results)).streaming_content)

    small = count_queries(run)
    for _ in range(5):
        factories.enroll(results, factories.member(branch=org["branch_b1"]))
    assert count_queries(run) == small
