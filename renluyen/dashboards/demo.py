"""The year's end in the demo (called at the end of core.demo.load_demo): figures
recounted, the school's letterhead, reports of the branches whose results went up, an
inspection plan with its requests. Each part is made once; a second run changes
nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from renluyen.dashboards import rollups


def year_end_demo() -> None:
    from renluyen.core.demo import previous_school_year
    from renluyen.organizations.models import Unit
    from renluyen.programs.models import Program

    rollups.rebuild()
    units = {
        u.code: u
        for u in Unit.objects.filter(
            code__in=["DHQGHN", "DHKT", "CD-1", "CD-2", "CD-4", "CD-7", "LCD-KTCT"]
        )
    }
    if "DHKT" not in units:
        return
    _letterhead(units["DHKT"])
    program = Program.objects.filter(unit=units["DHKT"], school_year=previous_school_year()).first()
    if program is None:
        return
    _reports(program, units)
    _inspections(program, units)


def _letterhead(base) -> None:
    from renluyen.reports.models import Letterhead

    Letterhead.objects.get_or_create(
        unit=base,
        defaults={
            "body_above": "ĐOÀN ĐHQGHN",
            "body_name": "BCH ĐOÀN TRƯỜNG ĐẠI HỌC KINH TẾ",
            "symbol": "ĐTN",
            "place": "Hà Nội",
        },
    )


def _reports(program, units) -> None:
    """CD-7 (recognized) reported and the office received it; CD-4 (forwarded) reported
    and waits for the office."""
    from renluyen.reports import services
    from renluyen.reports.models import Report

    if Report.objects.filter(program=program).exists():
        return
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["admin", "vanphong"])
    }
    admin, office = users.get("admin"), users.get("vanphong")
    if admin is None or office is None:
        return
    texts = {
        "achievements": (
            "Chi đoàn tổ chức họp triển khai đầy đủ; 100% đoàn viên đăng ký đúng hạn; Ban "
            "Chấp hành phân công ủy viên theo dõi từng nhóm đoàn viên."
        ),
        "difficulties": "Một số đoàn viên đi thực tập xa nên việc họp đánh giá phải chia hai buổi.",
        "proposals": "Đề nghị Đoàn trường bổ sung hướng dẫn chấm điểm tiêu chí tự đề ra.",
        "commendations": "Đề nghị tuyên dương 02 đoàn viên đạt mức Hoàn thành xuất sắc.",
    }
    for code in ("CD-7", "CD-4"):
        unit = units[code]
        if services.submit_problem(services.report_for_reading(program, unit)):
            continue  # a demo made in an earlier year: these results never went up
        report = services.report_save(
            program=program, unit=unit, user=admin, values=texts, version=0
        )
        report = services.report_submit(
            program=program, unit=unit, user=admin, version=report.version
        )
        if code == "CD-7":
            services.report_receive(report=report, user=office, version=report.version)


def _inspections(program, units) -> None:
    """The inspection committee's plan for the year: CD-2 inspected ten days ago with one
    request overdue and one due soon; CD-1 inspected with a request due in five days;
    the Khoa Kinh tế Chính trị federation planned in two weeks."""
    from renluyen.inspections import services
    from renluyen.inspections.models import InspectionPlan

    if InspectionPlan.objects.filter(unit=units["DHKT"], school_year=program.school_year).exists():
        return
    inspector = get_user_model().objects.filter(username="kiemtra").first()
    if inspector is None:
        return
    today = timezone.localdate()
    plan = services.plan_create(
        unit=units["DHKT"],
        user=inspector,
        school_year=program.school_year,
        title=(
            "Kiểm tra chuyên đề thực hiện Chương trình rèn luyện đoàn viên năm học "
            f"{program.school_year}"
        ),
        topic=(
            "Việc tổ chức đăng ký, theo dõi, đánh giá và báo cáo kết quả rèn luyện của đoàn viên."
        ),
    )
    # (unit, days from today, topic, requests as (text, days from today to the due date))
    visits = [
        (
            "CD-2",
            -10,
            "Đánh giá, xếp loại đoàn viên",
            [
                ("Gửi bản sao biên bản họp chi đoàn đánh giá kết quả rèn luyện.", -3),
                ("Bổ sung minh chứng cho các tiêu chí tự đề ra của đoàn viên.", 10),
            ],
        ),
        (
            "CD-1",
            -2,
            "Theo dõi, hỗ trợ đoàn viên rèn luyện",
            [("Báo cáo danh sách đoàn viên chưa tự đánh giá và kế hoạch hỗ trợ.", 5)],
        ),
        ("LCD-KTCT", 14, "Việc tổng hợp, báo cáo kết quả của các chi đoàn", []),
    ]
    for code, days, topic, requests in visits:
        inspection = services.inspection_add(
            plan=plan,
            user=inspector,
            unit=units[code],
            planned_on=today + timedelta(days=days),
            topic=topic,
            inspector_ids=[inspector.pk],
        )
        if code == "CD-2":
            inspection = services.inspection_record(
                inspection=inspection,
                user=inspector,
                held_on=today + timedelta(days=days),
                findings=(
                    "Chi đoàn lưu đủ phiếu đăng ký; biên bản họp đánh giá ghi rõ số đoàn viên "
                    "có mặt. Một số bản tự đánh giá còn chung chung, chưa nêu minh chứng."
                ),
                conclusion=(
                    "Chi đoàn thực hiện đúng quy trình; cần bổ sung minh chứng cho các tiêu chí "
                    "tự đề ra."
                ),
                version=inspection.version,
            )
        for text, due in requests:
            services.request_add(
                inspection=inspection, user=inspector, text=text, due_on=today + timedelta(days=due)
            )
