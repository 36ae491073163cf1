"""The report pages: the unit writes and sends its report, the office sees who has and has
not sent it and receives or returns it, the report prints on A4 and downloads as a PDF
in the layout of a Union document."""

import io
import re
from datetime import timedelta

import time_machine
from django.urls import reverse
from pypdf import PdfReader

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.dashboards import rollups
from renluyen.reports import services
from renluyen.reports.models import Report, ReportState

TEXT = {
    "number": "",
    "title": "Kết quả thực hiện Chương trình rèn luyện đoàn viên",
    "achievements": "Họp triển khai đầy đủ.",
    "difficulties": "Thực tập xa.",
    "proposals": "Bổ sung hướng dẫn.",
    "commendations": "Tuyên dương Nguyễn Văn Một.",
}


def url(name, unit, program):
    return reverse(f"reports:{name}", args=[unit.pk]) + f"?program={program.pk}"


def test_the_secretary_writes_and_sends_the_report(client, school):
    a1 = school.branches["A1"]
    client.force_login(school.secretaries["A1"])
    page = text(client.get(url("unit", a1, school.program)))
    assert 'id="report-form"' in page and "Chưa bắt đầu" in page
    # The preview already has the figures and the members by level.
    assert "Số: ……-BC/CĐ" in page and "Nguyễn Văn Một (100)" in page
    response = client.post(
        url("unit", a1, school.program), {**TEXT, "action": "save", "version": "0"}
    )
    assert response.status_code == 302
    report = Report.objects.get(unit=a1)
    assert report.state == ReportState.DRAFT and report.achievements == "Họp triển khai đầy đủ."
    response = client.post(
        url("unit", a1, school.program),
        {**TEXT, "action": "submit", "version": str(report.version)},
    )
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Đã gửi báo cáo tới Văn phòng Đoàn." in page
    assert "Đã gửi, chờ Văn phòng" in page and "Số: 1-BC/CĐ" in page
    assert 'id="report-form"' not in page


def test_a_report_that_cannot_be_sent_keeps_what_was_typed(client, school):
    a2 = school.branches["A2"]
    client.force_login(school.secretaries["A2"])
    response = client.post(
        url("unit", a2, school.program), {**TEXT, "action": "submit", "version": "0"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Hãy chốt kết quả đánh giá của chi đoàn trước khi báo cáo." in page
    assert "Tuyên dương Nguyễn Văn Một." in page
    # Nothing was saved: the save and the refused submission were one transaction.
    assert not Report.objects.filter(unit=a2).exists()


def test_the_office_receives_a_report_and_returns_another(client, people, school):
    a1 = school.branches["A1"]
    report = services.report_save(
        program=school.program, unit=a1, user=school.secretaries["A1"], values=TEXT, version=0
    )
    report = services.report_submit(
        program=school.program, unit=a1, user=school.secretaries["A1"], version=report.version
    )
    client.force_login(people["office"])
    page = text(client.get(url("unit", a1, school.program)))
    assert 'id="office-actions"' in page and 'id="report-form"' not in page
    response = client.post(
        url("unit", a1, school.program),
        {"action": "return", "comment": "Bổ sung đề xuất.", "version": str(report.version)},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    client.force_login(school.secretaries["A1"])
    page = text(client.get(url("unit", a1, school.program)))
    assert "Văn phòng Đoàn trả lại:</strong> Bổ sung đề xuất." in page
    assert 'id="report-form"' in page
    client.post(
        url("unit", a1, school.program),
        {**TEXT, "action": "submit", "version": str(report.version)},
    )
    report.refresh_from_db()
    client.force_login(people["office"])
    client.post(
        url("unit", a1, school.program), {"action": "receive", "version": str(report.version)}
    )
    report.refresh_from_db()
    assert report.state == ReportState.RECEIVED


def test_the_office_list_shows_who_has_and_has_not_sent(client, people, school):
    a1 = school.branches["A1"]
    report = services.report_save(
        program=school.program, unit=a1, user=school.secretaries["A1"], values=TEXT, version=0
    )
    services.report_submit(
        program=school.program, unit=a1, user=school.secretaries["A1"], version=report.version
    )
    client.force_login(people["office"])
    page = text(client.get(url("office", school.base, school.program)))
    row = page.split(f'id="unit-{a1.pk}"')[1].split("</tr>")[0]
    assert "Đã gửi, chờ Văn phòng" in row and "Chậm" not in row
    a2 = page.split(f'id="unit-{school.branches["A2"].pk}"')[1].split("</tr>")[0]
    assert "Chưa bắt đầu" in a2
    # Five reporting units: three branches, two federations.
    assert "Tất cả <b>5</b>" in page
    assert 'id="filter-submitted"' in page and "Đã gửi, chờ Văn phòng <b>1</b>" in page
    only = text(client.get(url("office", school.base, school.program) + "&state=submitted"))
    assert f'id="unit-{a1.pk}"' in only and f'id="unit-{school.branches["A2"].pk}"' not in only
    fed = text(
        client.get(
            url("office", school.base, school.program) + f"&federation={school.federations['B'].pk}"
        )
    )
    assert f'id="unit-{school.branches["B1"].pk}"' in fed and f'id="unit-{a1.pk}"' not in fed
    with time_machine.travel(school.program.report_deadline + timedelta(days=1)):
        client.force_login(people["office"])
        late = text(client.get(url("office", school.base, school.program) + "&state=late"))
    assert f'id="unit-{a1.pk}"' not in late
    assert f'id="unit-{school.branches["A2"].pk}"' in late and "Chậm" in late


def test_the_office_list_query_count_does_not_grow(client, org, people):
    program = factories.program(unit=org["base"])
    factories.enroll(program, factories.member(branch=org["branch_a1"]))
    rollups.rebuild()
    client.force_login(people["office"])
    page = url("office", org["base"], program)
    client.get(page)
    small = count_queries(lambda: client.get(page))
    for _ in range(8):
        branch = factories.unit(parent=org["fed_b"])
        factories.enroll(program, factories.member(branch=branch))
    rollups.rebuild()
    assert count_queries(lambda: client.get(page)) == small


def _sent(school):
    a1 = school.branches["A1"]
    report = services.report_save(
        program=school.program, unit=a1, user=school.secretaries["A1"], values=TEXT, version=0
    )
    return services.report_submit(
        program=school.program, unit=a1, user=school.secretaries["A1"], version=report.version
    )


def test_the_pdf_has_the_parts_of_a_union_document(client, people, school):
    services.letterhead_save(unit=school.base, user=people["office"], values={"place": "Hà Nội"})
    report = _sent(school)
    client.force_login(people["office"])
    response = client.get(url("pdf", school.branches["A1"], school.program))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-' in response["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(response.content))
    content = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    day = report.issued_on
    for part in (
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "LIÊN CHI ĐOÀN A",
        "BCH CHI ĐOÀN A1",
        "Số: 1-BC/CĐ",
        f"Hà Nội, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        "BÁO CÁO",
        "I. Kết quả thực hiện",
        "II. Danh sách đoàn viên theo mức xếp loại",
        "Nguyễn Văn Một (100)",
        "III. Những việc làm tốt",
        "Họp triển khai đầy đủ.",
        "VI. Đề nghị khen thưởng",
        "TM. BAN CHẤP HÀNH",
        "BÍ THƯ",
        "Nơi nhận:",
        "- Lưu VP.",
    ):
        assert part in content, part


def test_the_print_page_is_a4_without_inline_script(client, people, school):
    _sent(school)
    client.force_login(people["office"])
    page = client.get(url("print", school.branches["A1"], school.program)).content.decode()
    assert "Số: 1-BC/CĐ" in page and "TM. BAN CHẤP HÀNH" in page
    assert "data-print" in page and "onclick" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_a_federation_report_gathers_its_branches(client, people, school):
    fed = school.federations["A"]
    client.force_login(people["fed_a"])
    page = text(client.get(url("unit", fed, school.program)))
    assert 'id="report-form"' in page
    branches = page.split('class="criteria branches"')[1].split("</table>")[0]
    assert '<td>Chi đoàn A1</td><td class="num">4</td><td class="num">3</td>' in branches
    assert '<td>Chi đoàn A2</td><td class="num">3</td><td class="num">2</td>' in branches
    # Members listed by level, branch by branch.
    assert "<em>Chi đoàn A1:</em> Nguyễn Văn Một (100)." in page


def test_the_letterhead_page_saves_and_shows_defaults(client, school):
    a1 = school.branches["A1"]
    client.force_login(school.secretaries["A1"])
    page = text(client.get(reverse("reports:letterhead", args=[a1.pk])))
    assert 'placeholder="BCH CHI ĐOÀN A1"' in page and 'placeholder="CĐ"' in page
    response = client.post(
        reverse("reports:letterhead", args=[a1.pk]),
        {"signer_name": "Nguyễn Thị Bình", "place": "x" * 101},
    )
    assert response.status_code == 400
    assert "Tối đa 100 ký tự" in text(response)
    client.post(reverse("reports:letterhead", args=[a1.pk]), {"signer_name": "Nguyễn Thị Bình"})
    assert a1.letterhead.signer_name == "Nguyễn Thị Bình"
