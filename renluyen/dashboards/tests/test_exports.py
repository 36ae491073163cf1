"""The exports of the year's end, opened and read back: members × criteria with their
scores, total, level and unit path; the unit summary; the units late on each step; the
large member export written in the background with its progress; and text a spreadsheet
would run as a formula written as text in every one of them."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.dashboards import rollups
from renluyen.dashboards.models import ExportJob, ExportState
from renluyen.registrations import services as forms
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft

HEADER_ROW = 4  # title, program, date, then the headers


def sheet_of(response):
    data = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(data)).worksheets[0]


def rows_of(sheet):
    return [list(r) for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def export_url(unit, kind, program):
    return reverse("dashboards:export", args=[unit.pk, kind]) + f"?program={program.pk}"


def test_members_export_has_each_criterion_with_its_scores(client, people, school):
    client.force_login(people["standing"])
    response = client.get(export_url(school.base, "members", school.program))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="diem-doan-vien-')
    sheet = sheet_of(response)
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers == [
        "Đơn vị", "Mã đoàn viên", "Họ và tên", "Nội dung", "Tiêu chí", "Tự chấm",
        "Điểm chi đoàn", "Tổng điểm", "Xếp loại",
    ]  # fmt: skip
    rows = rows_of(sheet)
    by_name = {}
    for r in rows:
        by_name.setdefault(r[2], []).append(r)
    one = by_name["Nguyễn Văn Một"]
    assert len(one) == 10  # two criteria in each of the five areas
    assert {r[0] for r in one} == {"Đoàn trường ĐH Kinh tế › Liên chi đoàn A › Chi đoàn A1"}
    assert {(r[5], r[6], r[7], r[8]) for r in one} == {(10, 10, 100, "Hoàn thành xuất sắc")}
    assert one[0][3] == 1 and one[0][4].startswith("1.")
    two = by_name["Trần Thị Hai"]
    assert {(r[5], r[6], r[7], r[8]) for r in two} == {(8.5, 8.5, 85, "Hoàn thành tốt")}
    # Never registered: one row, classified at finalize.
    (four,) = by_name["Phạm Thị Bốn"]
    assert four[4] is None and four[8] == "Không hoàn thành"
    # Confirmed but left unscored when A1 finalized.
    three = by_name["Lê Văn Ba"]
    assert {r[8] for r in three} == {"Chưa được đánh giá"}
    assert {r[7] for r in three} == {None}
    assert len(by_name) == 10


def test_summary_export_sums_each_unit(client, people, school):
    client.force_login(people["standing"])
    rows = rows_of(sheet_of(client.get(export_url(school.base, "summary", school.program))))
    by_unit = {r[1]: r for r in rows}
    base = by_unit["Đoàn trường ĐH Kinh tế"]
    assert base[2:10] == [10, 8, 7, 7, 0, 0, 4, 5]
    fed_a = by_unit["Đoàn trường ĐH Kinh tế › Liên chi đoàn A"]
    assert fed_a[0] == "Liên chi đoàn / Đoàn bộ phận" and fed_a[2] == 7
    a1 = by_unit["Đoàn trường ĐH Kinh tế › Liên chi đoàn A › Chi đoàn A1"]
    assert a1[2:10] == [4, 3, 3, 3, 0, 0, 2, 3]
    assert a1[10:15] == [1, 1, 0, 1, 1]  # four levels, then not evaluated
    assert a1[15] == 75.0 and a1[17] == "Chi đoàn đã chốt kết quả"


def test_late_export_lists_each_step(client, people, school):
    program = school.program
    with time_machine.travel(program.report_deadline):
        client.force_login(people["standing"])
        rows = rows_of(sheet_of(client.get(export_url(school.base, "late", program))))
    steps = {}
    for r in rows:
        steps.setdefault(r[0], set()).add(r[1].rsplit(" › ", 1)[-1])
    assert steps["Đăng ký"] == {"Chi đoàn A1", "Chi đoàn A2"}
    assert steps["Đánh giá cuối năm"] == {"Chi đoàn A2", "Chi đoàn B1"}
    assert steps["Báo cáo Văn phòng Đoàn"] == {
        "Chi đoàn A1", "Chi đoàn A2", "Chi đoàn B1", "Liên chi đoàn A", "Liên chi đoàn B",
    }  # fmt: skip


PAYLOADS = ['=HYPERLINK("http://x","y")', "=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def _as_text(sheet, payload) -> bool:
    """True when `payload` is in the sheet, as a text cell (a formula would be type "f")."""
    found = [c for row in sheet.iter_rows() for c in row if c.value == payload]
    return bool(found) and all(c.data_type == "s" for c in found)


def test_formula_payloads_are_written_as_text_in_every_export(
    client, org, people, settings, tmp_path
):
    program = factories.program(unit=org["base"])
    org["branch_a1"].name = PAYLOADS[2]
    org["branch_a1"].save()
    org["branch_b1"].name = PAYLOADS[4]
    org["branch_b1"].save()
    member = factories.member(branch=org["branch_a1"], name=PAYLOADS[0], user=factories.user())
    enrollment = factories.enroll(program, member)
    drafts = factories.drafts(program)
    area = drafts[0].area
    drafts.append(
        ItemDraft(
            area=area,
            kind=ItemKind.OPEN,
            text=PAYLOADS[1],
            solution=factories.GOOD_SOLUTION,
            open_key="new-1-1",
        )
    )
    registration = forms.registration_save(enrollment=enrollment, user=member.user, drafts=drafts)
    registration = forms.registration_submit(registration=registration, user=member.user)
    forms.registration_confirm(registration=registration, user=people["secretary_a1"])
    factories.enroll(program, factories.member(branch=org["branch_b1"], name=PAYLOADS[3]))
    rollups.rebuild()
    client.force_login(people["standing"])
    members = sheet_of(client.get(export_url(org["base"], "members", program)))
    # Member names and own criteria are whole cells; a unit name is inside the unit path.
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[3]):
        assert _as_text(members, payload), payload
    summary = sheet_of(client.get(export_url(org["base"], "summary", program)))
    assert any(
        c.data_type == "s" and str(c.value).endswith(PAYLOADS[2])
        for row in summary.iter_rows()
        for c in row
    )
    with time_machine.travel(program.registration_deadline):
        client.force_login(people["standing"])
        late = sheet_of(client.get(export_url(org["base"], "late", program)))
    # B1 has a member not registered: late, under its formula-like name.
    assert any(
        str(c.value).endswith(PAYLOADS[4]) and c.data_type == "s"
        for r in late.iter_rows()
        for c in r
    )
    ranking = sheet_of(
        client.get(reverse("emulation:export", args=[org["base"].pk]) + f"?program={program.pk}")
    )
    assert _as_text(ranking, PAYLOADS[2]) and _as_text(ranking, PAYLOADS[4])
    # The cell keeps Excel's quote prefix, so editing it keeps it text.
    cell = next(c for row in members.iter_rows() for c in row if c.value == PAYLOADS[0])
    assert cell.quotePrefix
    # The same member export written in the background, downloaded when ready.
    settings.EXPORT_INLINE_ROWS = 0
    settings.EXPORT_DIR = tmp_path
    client.force_login(people["standing"])
    client.post(
        reverse("dashboards:export_start", args=[org["base"].pk]) + f"?program={program.pk}"
    )
    call_command("run_exports")
    job = ExportJob.objects.get()
    assert job.state == ExportState.DONE
    background = sheet_of(client.get(reverse("dashboards:download", args=[job.pk])))
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[3]):
        assert _as_text(background, payload), payload


@pytest.fixture
def background(settings, tmp_path):
    settings.EXPORT_INLINE_ROWS = 5
    settings.EXPORT_DIR = tmp_path
    return tmp_path


def test_a_large_member_export_runs_in_the_background(client, people, school, background):
    client.force_login(people["standing"])
    url = export_url(school.base, "members", school.program)
    page = text(client.get(url))
    assert "quá nhiều để ghi ngay" in page
    start = (
        reverse("dashboards:export_start", args=[school.base.pk]) + f"?program={school.program.pk}"
    )
    response = client.post(start)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "dashboards:job", args=[job.pk]
    )
    assert job.rows_total == 10 * 7 + 3  # seven confirmed forms of 10 criteria, three without
    # Asking again while it waits gives the same job.
    client.post(start)
    assert ExportJob.objects.count() == 1
    waiting = text(client.get(reverse("dashboards:job", args=[job.pk])))
    assert "Đang chờ" in waiting and 'hx-trigger="every 2s"' in waiting
    assert "0/73 dòng" in waiting
    call_command("run_exports")
    job.refresh_from_db()
    assert job.state == ExportState.DONE and job.rows_done == 73
    done = text(client.get(reverse("dashboards:job", args=[job.pk]), HTTP_HX_REQUEST="true"))
    assert "Tải tệp về" in done and "hx-trigger" not in done
    download = client.get(reverse("dashboards:download", args=[job.pk]))
    sheet = sheet_of(download)
    assert len(rows_of(sheet)) == 73
    # Nobody else sees or downloads it.
    client.force_login(people["office"])
    assert client.get(reverse("dashboards:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("dashboards:download", args=[job.pk])).status_code == 404
    # A second run finds nothing to do.
    call_command("run_exports")
    assert ExportJob.objects.get().state == ExportState.DONE
