"""The result report's way to the Union office (seed V.2): written, submitted with its
figures fixed, numbered per unit and year, received or returned by the office; late when
first submitted on or after the deadline."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.dashboards import rollups
from renluyen.notifications.models import Notification
from renluyen.organizations.models import Role
from renluyen.programs.services import program_copy
from renluyen.reports import document, services
from renluyen.reports.models import Report, ReportState

TEXTS = {
    "achievements": "Chi đoàn tổ chức họp triển khai đầy đủ.",
    "difficulties": "Đoàn viên đi thực tập xa.",
    "proposals": "Bổ sung hướng dẫn chấm điểm.",
    "commendations": "Tuyên dương đoàn viên Nguyễn Văn Một.",
}


def send(school, key="A1", values=TEXTS):
    unit = school.branches[key]
    user = school.secretaries[key]
    current = services.report_of(school.program, unit)
    report = services.report_save(
        program=school.program,
        unit=unit,
        user=user,
        values=values,
        version=current.version if current else 0,
    )
    return services.report_submit(
        program=school.program, unit=unit, user=user, version=report.version
    )


def test_a_submitted_report_carries_the_figures_and_members_by_level(school):
    report = send(school)
    assert report.state == ReportState.SUBMITTED
    assert report.number == 1 and report.number_year == timezone.localdate().year
    assert report.snapshot["counts"]["members"] == 4
    assert report.snapshot["counts"]["evaluated"] == 3
    doc = document.document(report)
    assert doc.number_line == "Số: 1-BC/CĐ"
    groups = {g.key: [m["name"] for m in g.members] for g in doc.groups}
    assert groups == {
        "excellent": ["Nguyễn Văn Một"],
        "good": ["Trần Thị Hai"],
        "completed": [],
        "not_completed": ["Phạm Thị Bốn"],
        "not_evaluated": ["Lê Văn Ba"],
    }
    figures = {row.label: (row.count, row.share) for row in doc.figure_rows}
    assert figures["Đã đăng ký"] == (3, "75 %")
    assert figures["Hoàn thành xuất sắc"] == (1, "33,3 %")
    assert figures["Chưa được đánh giá"] == (1, "25 %")
    # The office hears of it by digest; every step is audited.
    assert Notification.objects.filter(verb="report.submitted", digest=True).exists()
    assert Event.objects.filter(verb="report.submit", object_id=str(report.pk)).exists()


def test_the_office_is_told(org, people, school):
    send(school)
    assert Notification.objects.filter(verb="report.submitted", user=people["office"]).exists()


def test_figures_are_fixed_at_submission(school):
    report = send(school)
    # A member added afterwards changes the live figures, not the document that was sent.
    factories.enroll(school.program, factories.member(branch=school.branches["A1"]))
    rollups.refresh_branch(program=school.program, branch=school.branches["A1"])
    report.refresh_from_db()
    assert document.document(report).figure_rows[0].count == 4
    draft = services.report_for_reading(school.program, school.federations["A"])
    assert document.document(draft).figure_rows[0].count == 8


def test_a_branch_reports_only_finalized_results(school):
    with pytest.raises(DomainError, match="Hãy chốt kết quả đánh giá của chi đoàn"):
        send(school, "A2")
    assert not Report.objects.filter(unit=school.branches["A2"], state=ReportState.SUBMITTED)


def test_numbers_run_per_unit_and_year_and_a_typed_number_is_kept(school, people):
    first = send(school)
    assert first.number == 1
    # The federation's own register starts at 1 too.
    fed = school.federations["A"]
    fed_user = people["fed_a"]
    report = services.report_save(
        program=school.program, unit=fed, user=fed_user, values={"number": "12"}, version=0
    )
    report = services.report_submit(
        program=school.program, unit=fed, user=fed_user, version=report.version
    )
    assert report.number == 12
    assert document.document(report).number_line == "Số: 12-BC/LCĐ"


def test_a_number_already_used_by_the_unit_is_refused(school, people):
    send(school)
    # The next year's program: the same unit's register, the same calendar year.
    other = program_copy(program=school.program, school_year="2021-2022", user=people["standing"])
    with pytest.raises(DomainError) as refused:
        services.report_save(
            program=other,
            unit=school.branches["A1"],
            user=school.secretaries["A1"],
            values={"number": "1"},
            version=0,
        )
    assert refused.value.problems[0].where == "number"


def noon(day):
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_a_report_first_sent_on_or_after_the_deadline_is_late(school, people):
    deadline = school.program.report_deadline
    with time_machine.travel(noon(deadline - timedelta(days=1))):
        on_time = send(school)
    assert not services.is_late(on_time)
    fed, fed_user = school.federations["A"], people["fed_a"]
    with time_machine.travel(noon(deadline)):
        report = services.report_save(
            program=school.program, unit=fed, user=fed_user, values=TEXTS, version=0
        )
        late = services.report_submit(
            program=school.program, unit=fed, user=fed_user, version=report.version
        )
    assert services.is_late(late)
    # Not sent at all: late once the day comes.
    missing = services.report_for_reading(school.program, school.branches["A2"])
    assert not services.is_late(missing, today=deadline - timedelta(days=1))
    assert services.is_late(missing, today=deadline)


def test_the_office_receives_or_returns_and_the_unit_sends_again(school, people):
    report = send(school)
    office = people["office"]
    with pytest.raises(DomainError, match="nêu đơn vị cần sửa"):
        services.report_return(report=report, user=office, comment="  ", version=report.version)
    returned = services.report_return(
        report=report, user=office, comment="Bổ sung số liệu tháng 5.", version=report.version
    )
    assert returned.state == ReportState.RETURNED
    assert Notification.objects.filter(
        verb="report.returned", user=school.secretaries["A1"]
    ).exists()
    again = send(school, values={**TEXTS, "proposals": "Đã bổ sung số liệu."})
    assert again.state == ReportState.SUBMITTED and again.number == 1
    assert again.first_submitted_at == report.first_submitted_at
    received = services.report_receive(report=again, user=office, version=again.version)
    assert received.state == ReportState.RECEIVED and received.received_by == office
    with pytest.raises(DomainError):
        services.report_save(
            program=school.program,
            unit=school.branches["A1"],
            user=school.secretaries["A1"],
            values=TEXTS,
            version=received.version,
        )


def test_a_stale_version_is_refused(school):
    unit, user = school.branches["A1"], school.secretaries["A1"]
    first = services.report_save(
        program=school.program, unit=unit, user=user, values=TEXTS, version=0
    )
    with pytest.raises(DomainError, match="người khác thay đổi"):
        services.report_save(
            program=school.program, unit=unit, user=user, values=TEXTS, version=first.version - 1
        )


def test_only_the_units_own_committee_writes_and_only_the_office_receives(school, people):
    with pytest.raises(DomainError, match="Chỉ Ban Chấp hành của chính đơn vị"):
        services.report_save(
            program=school.program,
            unit=school.branches["A1"],
            user=people["fed_a"],
            values=TEXTS,
            version=0,
        )
    report = send(school)
    with pytest.raises(DomainError, match="Chỉ Văn phòng Đoàn"):
        services.report_receive(report=report, user=people["standing"], version=report.version)


def test_text_is_cleaned_and_limited(school):
    unit, user = school.branches["A1"], school.secretaries["A1"]
    report = services.report_save(
        program=school.program,
        unit=unit,
        user=user,
        values={"achievements": "  Tốt\x00 lắm\r\n "},
        version=0,
    )
    assert report.achievements == "Tốt lắm"
    with pytest.raises(DomainError) as refused:
        services.report_save(
            program=school.program,
            unit=unit,
            user=user,
            values={"proposals": "x" * 20001},
            version=report.version,
        )
    assert refused.value.problems[0].where == "proposals"


def test_the_letterhead_is_data(school, people):
    base = school.base
    services.letterhead_save(
        unit=base, user=people["office"], values={"place": "Hà Nội", "body_name": "BCH ĐOÀN TRƯỜNG"}
    )
    services.letterhead_save(
        unit=school.branches["A1"],
        user=school.secretaries["A1"],
        values={
            "signer_name": "Nguyễn Thị Bình",
            "recipients": "Văn phòng Đoàn trường\nBCH Liên chi đoàn A",
        },
    )
    report = send(school)
    doc = document.document(report)
    heading = doc.heading
    assert heading.body_above == "LIÊN CHI ĐOÀN A"
    assert heading.body_name == "BCH CHI ĐOÀN A1"
    assert heading.place == "Hà Nội"  # the base Union's, for every unit below
    assert heading.signing_for == "TM. BAN CHẤP HÀNH" and heading.signer_title == "BÍ THƯ"
    assert heading.signer_name == "Nguyễn Thị Bình"
    assert doc.recipient_lines == ["- Văn phòng Đoàn trường;", "- BCH Liên chi đoàn A."]
    day = report.issued_on
    assert doc.date_line == f"Hà Nội, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    # The submitted document keeps its letterhead.
    services.letterhead_save(unit=base, user=people["office"], values={"place": "TP. Hồ Chí Minh"})
    report.refresh_from_db()
    assert document.document(report).heading.place == "Hà Nội"


def test_a_federation_signer_defaults_to_the_role_holder(school, people):
    people["fed_a"].first_name, people["fed_a"].last_name = "Liên", "Vũ Thị"
    people["fed_a"].save()
    from renluyen.reports import letterhead

    assert letterhead.heading(school.federations["A"]).signer_name == "Vũ Thị Liên"
    second = factories.user()
    factories.role(second, school.federations["A"], Role.FEDERATION_COMMITTEE)
    # Two committee members: nobody is guessed.
    assert letterhead.heading(school.federations["A"]).signer_name == ""
