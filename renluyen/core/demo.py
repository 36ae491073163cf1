"""Demo school for `make run`: Đoàn trường Đại học Kinh tế - ĐHQGHN with ~300 members.

Besides the seed's 2020–2021 program (closed: its deadlines are long past) the school runs
a program for the current school year, open for registration, with a few activities and
forms of branch CD-1 (and some others) in every state, made by the real services. The
`doanvien` account is left unregistered so a newcomer can try the whole flow.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from renluyen.activities.services import activity_create
from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
from renluyen.people.models import Gender, Member, MemberType
from renluyen.people.search import member_search_text
from renluyen.programs.models import Criterion, Enrollment, Program, ProgramStatus
from renluyen.programs.services import program_copy, program_load_2020, program_update
from renluyen.registrations import services as forms
from renluyen.registrations.models import ItemKind

DEMO_PASSWORD = "renluyen2026"

FEDERATIONS = [
    (
        "LCD-KTCT",
        "Liên chi đoàn Khoa Kinh tế Chính trị",
        ["QH-2020-E KTCT", "QH-2021-E KTCT", "QH-2022-E KTCT"],
    ),
    (
        "LCD-TCNH",
        "Liên chi đoàn Khoa Tài chính - Ngân hàng",
        ["QH-2020-E TCNH", "QH-2021-E TCNH", "QH-2022-E TCNH"],
    ),
    (
        "LCD-QTKD",
        "Liên chi đoàn Khoa Quản trị Kinh doanh",
        ["QH-2020-E QTKD", "QH-2021-E QTKD", "Chi đoàn Cán bộ - Giảng viên"],
    ),
]

# (username, full name, role, unit code); the member account is linked to a Member.
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, "DHKT"),
    ("thuongvu", "Trần Thị Thu Hà", Role.STANDING_COMMITTEE, "DHKT"),
    ("vanphong", "Lê Văn Phòng", Role.OFFICE, "DHKT"),
    ("kiemtra", "Phạm Quang Kiểm", Role.INSPECTION, "DHKT"),
    ("giamsat", "Đỗ Minh Giám", Role.SUPERVISOR, "LCD-TCNH"),
    ("lienchi", "Vũ Thị Liên", Role.FEDERATION_COMMITTEE, "LCD-KTCT"),
    ("bithu", "Nguyễn Thị Bình", Role.BRANCH_SECRETARY, "CD-1"),
    ("phobithu", "Hoàng Văn Phó", Role.BRANCH_DEPUTY, "CD-1"),
    ("uyvien", "Bùi Thị Uyên", Role.BRANCH_COMMITTEE, "CD-1"),
    ("doanvien", "Ngô Minh Đức", None, "CD-1"),
]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = [
    "Văn",
    "Thị",
    "Minh",
    "Thu",
    "Hoàng",
    "Ngọc",
    "Quang",
    "Thanh",
    "Đức",
    "Hải",
    "Bảo",
    "Khánh",
]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hạnh",
    "Hiếu",
    "Hùng",
    "Huyền",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]


def demo_exists() -> bool:
    """The school and this school year's program are there (a demo made in an earlier
    school year gets the new year's program on the next `seed_demo`)."""
    return (
        Unit.objects.filter(code="DHKT").exists()
        and Program.objects.filter(unit__code="DHKT", school_year=current_school_year()).exists()
    )


@transaction.atomic
def load_demo() -> None:
    """Create what is missing of the demo: the school once, and the current school year's
    program with its activities and forms once; a second run changes nothing."""
    if not Unit.objects.filter(code="DHKT").exists():
        _load_school()
    base = Unit.objects.get(code="DHKT")
    if not Program.objects.filter(unit=base, school_year=current_school_year()).exists():
        _load_current_year(base)


def _load_school() -> None:
    rng = random.Random(2020)
    upper = Unit.objects.create(level=Level.UPPER, code="DHQGHN", name="Đoàn ĐHQGHN")
    base = Unit.objects.create(
        level=Level.BASE, code="DHKT", name="Đoàn trường Đại học Kinh tế - ĐHQGHN", parent=upper
    )
    program = program_load_2020(unit=base)
    branch_no = 0
    branches = []
    for fed_code, fed_name, branch_names in FEDERATIONS:
        fed = Unit.objects.create(level=Level.FEDERATION, code=fed_code, name=fed_name, parent=base)
        for name in branch_names:
            branch_no += 1
            full = name if name.startswith("Chi đoàn") else f"Chi đoàn {name}"
            branches.append(
                Unit.objects.create(
                    level=Level.BRANCH, code=f"CD-{branch_no}", name=full, parent=fed
                )
            )
    members = []
    for i in range(300):
        branch = branches[i % len(branches)]
        lecturers = branch.name.endswith("Giảng viên")
        members.append(
            Member(
                code=f"DV{20200001 + i}",
                full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}",
                date_of_birth=(date(1985, 1, 1) if lecturers else date(2000, 1, 1))
                + timedelta(days=rng.randrange(0, 365 * 4)),
                gender=rng.choice([Gender.MALE, Gender.FEMALE]),
                member_type=rng.choice([MemberType.LECTURER, MemberType.STAFF])
                if lecturers
                else MemberType.STUDENT,
                email=f"dv{20200001 + i}@example.edu.vn",
                branch=branch,
            )
        )
    for m in members:
        m.search_text = member_search_text(m)  # bulk_create skips save()
    Member.objects.bulk_create(members)
    Enrollment.objects.bulk_create(
        Enrollment(program=program, member=m, branch=m.branch)
        for m in Member.objects.filter(branch__in=branches)
    )
    units = {u.code: u for u in Unit.objects.all()}
    User = get_user_model()
    for username, full_name, role, unit_code in ACCOUNTS:
        last, _, first = full_name.rpartition(" ")
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if role is None:
            member = Member.objects.filter(branch=units[unit_code]).order_by("code").first()
            member.user = user
            member.full_name = full_name
            member.save(update_fields=["user", "full_name"])
        else:
            RoleAssignment.objects.create(user=user, unit=units[unit_code], role=role)


# ---------------------------------------------------------------- the current school year


def current_school_year(today: date | None = None) -> str:
    """A school year starts in August (registration is due in October, seed II.2)."""
    today = today or timezone.localdate()
    first = today.year if today.month >= 8 else today.year - 1
    return f"{first}-{first + 1}"


def current_dates(today: date) -> dict:
    """Deadlines that keep registration open for about three weeks from `today`, then the
    later steps in order (program_settings_problems), all within the school year."""
    first, last = (int(y) for y in current_school_year(today).split("-"))
    due = today + timedelta(days=21)
    end = date(last, 6, 30)
    if (end - due).days < 90:
        end = date(last, 12, 31)
    span = (end - due).days

    def at(fraction: float) -> date:
        return due + timedelta(days=round(span * fraction))

    return {
        "registration_deadline": due,
        "self_review_start": at(0.35),
        "self_review_end": at(0.45),
        "evaluation_start": at(0.75),
        "evaluation_deadline": at(0.95),
        "report_deadline": end,
    }


# A concrete solution for each catalog criterion, as a member would write it.
SOLUTIONS = {
    "1.1": "Đọc và ghi chép nghị quyết Đại hội Đoàn các cấp, tham gia đầy đủ buổi học tập.",
    "1.2": "Mỗi tháng đọc một câu chuyện về Bác và làm theo một việc cụ thể ở lớp.",
    "1.3": "Học đủ các bài lý luận chính trị của Đoàn và làm bài thu hoạch cuối đợt.",
    "1.4": "Đọc báo Nhân Dân, Tuổi Trẻ điện tử 15 phút mỗi sáng, chia sẻ tin hay với chi đoàn.",
    "1.5": "Không chia sẻ tin sai sự thật; báo cáo Bí thư khi gặp bài viết xuyên tạc.",
    "1.6": "Góp ý trung thực khi chi bộ lấy ý kiến đoàn viên về đảng viên trong lớp.",
    "2.1": "Sống giản dị, tiết kiệm; giúp đỡ bạn cùng phòng khi gặp khó khăn.",
    "2.2": "Tham gia ít nhất hai hoạt động thiện nguyện của trường trong năm học.",
    "2.3": "Làm đúng những gì đã hứa với tập thể lớp, nhận việc nào làm xong việc đó.",
    "2.4": "Thẳng thắn nhận khuyết điểm và góp ý xây dựng tại các buổi sinh hoạt chi đoàn.",
    "2.5": "Chấp hành luật giao thông, đội mũ bảo hiểm và nhắc gia đình cùng thực hiện.",
    "3.1": "Hoàn thành đúng hạn mọi công việc được phân công trong bộ môn và chi đoàn.",
    "3.2": "Đề xuất ít nhất một sáng kiến cải tiến cách làm việc của nhóm trong năm học.",
    "3.3": "Đăng ký một khóa học kỹ năng nghề nghiệp trực tuyến và hoàn thành chứng chỉ.",
    "3.4": "Tham gia dạy học miễn phí cho học sinh vùng khó khăn trong chiến dịch hè.",
    "3.5": "Học tiếng Anh mỗi ngày 30 phút, đạt IELTS 6.0 trước khi kết thúc năm học.",
    "3.GV": "Đổi mới phương pháp giảng dạy, có một bài báo khoa học đăng trong năm học.",
    "3.SV": "Đi học đầy đủ, không quay cóp khi thi, phấn đấu điểm trung bình từ 3.2 trở lên.",
    "3.HS": "Nắm vững tiêu chí học sinh ba tốt và phấn đấu đạt danh hiệu trong năm học.",
    "4.1": "Chạy bộ ba buổi mỗi tuần, mỗi buổi 30 phút quanh sân vận động của trường.",
    "4.2": "Tham gia giải bóng đá và ngày chạy Olympic vì sức khỏe toàn dân của trường.",
    "4.3": "Không hút thuốc lá, không uống rượu bia khi lái xe; nhắc bạn bè cùng thực hiện.",
    "5.1": "Tham dự đủ các buổi sinh hoạt chi đoàn, đóng đoàn phí đúng hạn mỗi quý.",
    "5.2": "Nhận và hoàn thành các nhiệm vụ Ban Chấp hành chi đoàn giao trong năm học.",
    "5.3": "Chia sẻ các bài viết đúng đắn của Đoàn trên mạng xã hội, phản bác tin xấu độc.",
}
OWN_CRITERION = (
    "Tham gia câu lạc bộ Lý luận trẻ của Khoa",
    "Tham gia sinh hoạt câu lạc bộ mỗi tháng và trình bày một chuyên đề trong năm.",
)


def _load_current_year(base: Unit) -> None:
    today = timezone.localdate()
    school_year = current_school_year(today)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    standing = users.get("thuongvu")
    old = Program.objects.filter(unit=base, school_year="2020-2021").first()
    if old is None or school_year == old.school_year:
        return
    if old.status == ProgramStatus.OPEN:
        program_update(program=old, user=standing, values={"status": ProgramStatus.CLOSED})
    program = program_copy(program=old, school_year=school_year, user=standing)
    program = program_update(
        program=program,
        user=standing,
        values={**current_dates(today), "status": ProgramStatus.OPEN},
    )
    Enrollment.objects.bulk_create(
        Enrollment(program=program, member=m, branch=m.branch)
        for m in Member.objects.filter(branch__path__startswith=base.path).select_related("branch")
    )
    activities = _activities(program, base, users, today)
    _forms(program, users, activities)


def _usernames() -> list[str]:
    return [username for username, *_rest in ACCOUNTS]


def _activities(program: Program, base: Unit, users: dict, today: date) -> dict:
    """One activity by the base Union, one by a federation, two by branch CD-1."""
    areas = {area.number: area for area in program.areas.all()}
    criteria = {c.code: c for c in Criterion.objects.filter(area__program=program)}
    units = {u.code: u for u in Unit.objects.filter(code__in=["LCD-KTCT", "CD-1"])}
    rows = [
        (
            base,
            users.get("thuongvu"),
            4,
            ["4.2"],
            "Ngày chạy Olympic vì sức khỏe toàn dân",
            "Đoàn trường tổ chức chạy 5 km quanh khu Đại học Quốc gia.",
            today + timedelta(days=10),
            None,
        ),
        (
            units["LCD-KTCT"],
            users.get("lienchi"),
            1,
            ["1.2", "1.3"],
            "Hội thi “Tìm hiểu tư tưởng Hồ Chí Minh” Khoa Kinh tế Chính trị",
            "Thi theo đội ba người mỗi chi đoàn; vòng chung kết tại hội trường Khoa.",
            today + timedelta(days=14),
            today + timedelta(days=28),
        ),
        (
            units["CD-1"],
            users.get("bithu"),
            2,
            ["2.2"],
            "Chủ nhật xanh: dọn vệ sinh khu ký túc xá",
            "Chi đoàn nhận chăm sóc bồn hoa trước nhà B2 mỗi tháng một lần.",
            today + timedelta(days=3),
            None,
        ),
        (
            units["CD-1"],
            users.get("bithu"),
            5,
            ["5.2"],
            "Tiếp sức mùa thi cùng chi đoàn",
            "Hướng dẫn thí sinh và phụ huynh tại điểm thi của trường.",
            today + timedelta(days=20),
            today + timedelta(days=22),
        ),
    ]
    made = {}
    for unit, user, area, codes, title, description, starts_on, ends_on in rows:
        made[title] = activity_create(
            program=program,
            user=user,
            unit=unit,
            area=areas[area],
            criteria=[criteria[code] for code in codes],
            title=title,
            description=description,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    return made


def _drafts(enrollment: Enrollment, rng: random.Random, per_area: int, activities=()):
    """A form of `per_area` catalog criteria (for the member's type) in each area, plus the
    given activities, each with a solution."""
    program = enrollment.program
    member_type = enrollment.member.member_type
    drafts = []
    for area in program.areas.order_by("number"):
        offered = list(
            area.criteria.filter(Q(member_type="") | Q(member_type=member_type)).order_by("order")
        )
        for criterion in sorted(rng.sample(offered, min(per_area, len(offered))), key=_order):
            drafts.append(
                forms.ItemDraft(
                    area=area,
                    kind=ItemKind.CRITERION,
                    criterion=criterion,
                    solution=SOLUTIONS[criterion.code],
                )
            )
    for activity in activities:
        drafts.append(
            forms.ItemDraft(
                area=activity.area,
                kind=ItemKind.ACTIVITY,
                activity=activity,
                solution=f"Đăng ký tham gia và rủ thêm hai bạn cùng lớp: {activity.title}.",
            )
        )
    return drafts


def _order(criterion: Criterion) -> int:
    return criterion.order


def _forms(program: Program, users: dict, activities: dict) -> None:
    """Forms of CD-1 typed in from paper by its committee member and reviewed by its
    secretary; a few in other branches. `doanvien` stays unregistered."""
    rng = random.Random(2026)
    clerk, secretary, admin = users.get("uyvien"), users.get("bithu"), users.get("admin")
    enrollments = list(
        Enrollment.objects.filter(program=program, branch__code__in=["CD-1", "CD-2", "CD-4"])
        .exclude(member__user__username="doanvien")
        .select_related("member", "branch", "program")
        .order_by("branch__code", "member__code")
    )
    branch = {
        code: [e for e in enrollments if e.branch.code == code] for code in ("CD-1", "CD-2", "CD-4")
    }
    cd1 = iter(branch["CD-1"])
    cd1_activities = [a for a in activities.values() if a.unit.code == "CD-1"]

    def save(enrollment, user, per_area=2, extra=()):
        return forms.registration_save(
            enrollment=enrollment,
            user=user,
            drafts=_drafts(enrollment, rng, per_area, extra),
            screen="paper",
            on_paper=True,
        )

    def submit(registration, user):
        return forms.registration_submit(registration=registration, user=user, screen="paper")

    # Drafts: one complete, one with too few criteria, one given a suggestion.
    save(next(cd1), clerk)
    save(next(cd1), clerk, per_area=1)
    suggested = next(cd1)
    save(suggested, clerk)
    forms.suggestion_add(
        enrollment=suggested,
        area=program.areas.get(number=5),
        user=secretary,
        text="Tham gia đội thanh niên tình nguyện của Khoa trong Mùa hè xanh.",
    )
    # A draft with more time to register.
    late = next(cd1)
    save(late, clerk)
    forms.extension_grant(
        enrollment=late,
        user=secretary,
        until=program.registration_deadline + timedelta(days=14),
        reason="Đoàn viên đi thực tập tại Đà Nẵng đến cuối tháng.",
    )
    # Submitted, awaiting review (one with activities and an own criterion).
    for i in range(4):
        enrollment = next(cd1)
        drafts_extra = cd1_activities if i == 0 else ()
        registration = save(enrollment, clerk, extra=drafts_extra)
        if i == 0:
            registration = _add_own_criterion(registration, clerk)
        submit(registration, clerk)
    # Returned with a comment on one criterion and a general one.
    returned = submit(save(next(cd1), clerk), clerk)
    first = returned.items.order_by("area__number", "pk").first()
    forms.registration_return(
        registration=returned,
        user=secretary,
        comments={first.pk: "Giải pháp còn chung chung, ghi rõ làm gì và khi nào."},
        general="Bổ sung thêm một tiêu chí ở nội dung 3.",
    )
    # Confirmed: one on its review page, two at once from the branch list.
    forms.registration_confirm(registration=submit(save(next(cd1), clerk), clerk), user=secretary)
    together = [submit(save(next(cd1), clerk, per_area=3), clerk) for _ in range(2)]
    forms.registrations_confirm_many(registrations=together, user=secretary)
    # Other branches, typed in and reviewed by the administrator.
    for code, submitted, confirmed in (("CD-2", 3, 2), ("CD-4", 2, 0)):
        rows = iter(branch[code])
        save(next(rows), admin)
        for _ in range(submitted):
            submit(save(next(rows), admin), admin)
        for _ in range(confirmed):
            registration = submit(save(next(rows), admin), admin)
            forms.registration_confirm(registration=registration, user=admin)


def _add_own_criterion(registration, user):
    """Add the member's own criterion (kind "open") to a saved form."""
    enrollment = registration.enrollment
    drafts = [
        forms.ItemDraft(
            area=item.area,
            kind=item.kind,
            criterion=item.criterion,
            activity=item.activity,
            text=item.text,
            solution=item.solution,
            open_key=item.key if item.kind == ItemKind.OPEN else "",
        )
        for item in forms.items_of(registration)
    ]
    text, solution = OWN_CRITERION
    area = enrollment.program.areas.get(number=1)
    drafts.append(
        forms.ItemDraft(
            area=area, kind=ItemKind.OPEN, text=text, solution=solution, open_key="new-1-1"
        )
    )
    return forms.registration_save(
        enrollment=enrollment,
        user=user,
        drafts=drafts,
        version=registration.version,
        screen="paper",
        on_paper=True,
    )
