"""Demo school for `make run`: Đoàn trường Đại học Kinh tế - ĐHQGHN with ~300 members.

Besides the seed's 2020–2021 program (closed: its deadlines are long past) the school runs
a program for the current school year in its middle: forms of branch CD-1 (and some
others) in every state, made by the real services while registration was open, then the
dates moved so that registration closed weeks ago and the six-monthly self-review is open
(support.demo: check-ins, mentors, help, guidance, commendation titles). The `doanvien`
account is left unregistered, with an extension, so a newcomer can try the whole flow.

A demo also needs a year whose evaluation (IV.1 Step 3) is open today, or nobody could try
it for months: the previous school year's program is kept OPEN with its evaluation window
around the day the demo is loaded (opened a week ago, due in three weeks). Its dates do not
fall in its school year's calendar: in a demo the years are only labels. In it `doanvien`
has a confirmed form not yet self-evaluated, CD-1 is mid-evaluation (no meeting yet), and
three other branches show the results' way up: finalized, forwarded, recognized.
"""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from renluyen.activities.services import activity_create
from renluyen.dashboards.demo import year_end_demo
from renluyen.evaluations import services
from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
from renluyen.people.models import Gender, Member, MemberType
from renluyen.people.search import member_search_text
from renluyen.programs.models import Criterion, Enrollment, Program, ProgramStatus
from renluyen.programs.services import program_copy, program_load_2020, program_update
from renluyen.progress import demo as progress_demo
from renluyen.registrations import services as forms
from renluyen.registrations.models import ItemKind
from renluyen.support import demo as support_demo

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

# (username, full name, role, unit code). The branch committee of CD-1 and `doanvien` are
# members of CD-1 too (MEMBER_ACCOUNTS): a secretary is a đoàn viên with a form of her own.
ACCOUNTS = [
    ("doancaptren", "Lê Văn Thượng", Role.UPPER_LEVEL, "DHQGHN"),
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

# Which member of CD-1 (in member-code order) each account is.
MEMBER_ACCOUNTS = {"doanvien": 0, "bithu": 1, "phobithu": 2, "uyvien": 3}

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
    """The school, this school year's program and the previous year's (the one being
    evaluated) are there (a demo made in an earlier school year gets the new year's
    programs on the next `seed_demo`)."""
    years = {current_school_year(), previous_school_year()}
    return Unit.objects.filter(code="DHKT").exists() and Program.objects.filter(
        unit__code="DHKT", school_year__in=years
    ).count() == len(years)


@transaction.atomic
def load_demo(*, evaluation_year: bool = True) -> None:
    """Create what is missing of the demo: the school once, the current school year's
    program with its activities and forms once, the previous year's program with its
    evaluation under way once; a second run changes nothing. Browser tests that do not
    look at evaluation leave out its year, which is most of the load's ten seconds."""
    if not Unit.objects.filter(code="DHKT").exists():
        _load_school()
        _analyze()
    base = Unit.objects.get(code="DHKT")
    if not Program.objects.filter(unit=base, school_year=current_school_year()).exists():
        _load_current_year(base)
        _analyze()
    if (
        evaluation_year
        and not Program.objects.filter(unit=base, school_year=previous_school_year()).exists()
    ):
        _load_evaluation_year(base)
    year_end_demo()
    _analyze()


def _analyze() -> None:
    """Fresh planner statistics after each part of the load, on PostgreSQL (as after any
    bulk load; the later parts query what the earlier ones wrote):
    tables last analyzed (or truncated) while nearly empty otherwise get nested loops
    that scan every score for every criterion (minutes, where a hash join takes 0.1 s).
    Inside a transaction it counts the rows the transaction wrote."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
    # One hash for the shared demo password: hashing is slow on purpose (~0.7 s each).
    password = make_password(DEMO_PASSWORD)
    for username, full_name, role, unit_code in ACCOUNTS:
        last, _, first = full_name.rpartition(" ")
        user = User.objects.create(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if username in MEMBER_ACCOUNTS:
            member = Member.objects.filter(branch=units[unit_code]).order_by("code")[
                MEMBER_ACCOUNTS[username]
            ]
            member.user = user
            member.full_name = full_name
            member.save(update_fields=["user", "full_name"])
            user.email = member.email
            user.save(update_fields=["email"])
        if role is not None:
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
    # Opening enrolls every active member in their branch (programs.rollover).
    program = program_update(
        program=program,
        user=standing,
        values={**current_dates(today), "status": ProgramStatus.OPEN},
    )
    activities = _activities(program, base, users, today)
    _forms(program, users, activities)
    # The middle of the year (issue 11): the dates moved there, check-ins, mentors, help,
    # guidance and titles (support); activities held, progress logged, self-reviews
    # (progress, after the move: the self-review window is open).
    support_demo.load(program, users, today, drafts=_drafts)
    progress_demo.load(program, users)


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
            today - timedelta(days=20),
            None,
        ),
        (
            units["LCD-KTCT"],
            users.get("lienchi"),
            1,
            ["1.2", "1.3"],
            "Hội thi “Tìm hiểu tư tưởng Hồ Chí Minh” Khoa Kinh tế Chính trị",
            "Thi theo đội ba người mỗi chi đoàn; vòng chung kết tại hội trường Khoa.",
            today - timedelta(days=35),
            today - timedelta(days=28),
        ),
        (
            units["CD-1"],
            users.get("bithu"),
            2,
            ["2.2"],
            "Chủ nhật xanh: dọn vệ sinh khu ký túc xá",
            "Chi đoàn nhận chăm sóc bồn hoa trước nhà B2 mỗi tháng một lần.",
            today - timedelta(days=10),
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
    committee = [users.get(name) for name in ("bithu", "phobithu", "uyvien")]
    enrollments = list(
        Enrollment.objects.filter(program=program, branch__code__in=["CD-1", "CD-2", "CD-4"])
        .exclude(member__user__username__in=MEMBER_ACCOUNTS)
        .select_related("member", "branch", "program")
        .order_by("branch__code", "member__code")
    )
    branch = {
        code: [e for e in enrollments if e.branch.code == code] for code in ("CD-1", "CD-2", "CD-4")
    }
    cd1 = iter(branch["CD-1"])
    cd1_activities = [a for a in activities.values() if a.unit.code == "CD-1"]

    # First, so that the secretary's newest notification stays a paper form's.
    _committee_forms(program, committee)

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


def _committee_forms(program: Program, committee: list) -> None:
    """The committee's own forms, each sent by its author: the secretary's awaits review by
    the rest of the committee (never by herself), the deputy's was confirmed by the
    secretary, the committee member's is a draft. Their own random source, so the other
    forms of the demo stay as they were."""
    rng = random.Random(2027)
    secretary, deputy, clerk = committee
    own = {
        e.member.user_id: e
        for e in Enrollment.objects.filter(
            program=program, member__user__in=committee
        ).select_related("member", "branch", "program")
    }

    def save(user, per_area=2):
        enrollment = own[user.pk]
        return forms.registration_save(
            enrollment=enrollment,
            user=user,
            drafts=_drafts(enrollment, rng, per_area),
            screen="form",
        )

    forms.registration_submit(registration=save(secretary), user=secretary, screen="form")
    confirmed = forms.registration_submit(registration=save(deputy), user=deputy, screen="form")
    forms.registration_confirm(registration=confirmed, user=secretary)
    save(clerk, per_area=1)


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


# ---------------------------------------------------------------- the year being evaluated


def previous_school_year(today: date | None = None) -> str:
    first = int(current_school_year(today).split("-")[0]) - 1
    return f"{first}-{first + 1}"


def registration_open_dates(today: date) -> dict:
    """Registration open today, the later steps after it (every step in order)."""
    return {
        "registration_deadline": today + timedelta(days=1),
        "self_review_start": today + timedelta(days=1),
        "self_review_end": today + timedelta(days=1),
        "evaluation_start": today + timedelta(days=2),
        "evaluation_deadline": today + timedelta(days=3),
        "report_deadline": today + timedelta(days=4),
    }


def evaluation_open_dates(today: date) -> dict:
    """Registration and the mid-year review long past, the evaluation opened a week ago
    and due in three weeks, the report a week after that."""
    return {
        "registration_deadline": today - timedelta(days=60),
        "self_review_start": today - timedelta(days=45),
        "self_review_end": today - timedelta(days=30),
        "evaluation_start": today - timedelta(days=7),
        "evaluation_deadline": today + timedelta(days=21),
        "report_deadline": today + timedelta(days=28),
    }


# What a member wrote for what they did on each catalog criterion ({n}: a number 3–9);
# combined with a piece of evidence so that no two members' explanations are the same.
EXPLANATIONS = {
    "1.1": [
        "Dự đủ {n} buổi học tập nghị quyết của Đoàn trường, có sổ ghi chép đầy đủ.",
        "Tham gia {n} buổi quán triệt nghị quyết Đại hội Đoàn, nộp bài thu hoạch đúng hạn.",
    ],
    "1.2": [
        "Đọc {n} câu chuyện về Bác, viết cảm nhận và giữ phòng ở ký túc xá gọn gàng.",
        "Kể chuyện về Bác tại {n} buổi sinh hoạt; tiết kiệm điện nước ở ký túc xá.",
    ],
    "1.3": [
        "Học đủ {n} bài lý luận chính trị của Đoàn, bài thu hoạch đạt loại khá.",
        "Hoàn thành lớp bồi dưỡng lý luận chính trị {n} buổi, có giấy chứng nhận.",
    ],
    "1.4": [
        "Theo dõi thời sự mỗi sáng, chia sẻ {n} tin hay trong nhóm chi đoàn.",
        "Đọc báo điện tử hằng ngày, giới thiệu {n} bài báo tại sinh hoạt chi đoàn.",
    ],
    "1.5": [
        "Không chia sẻ tin chưa kiểm chứng; báo {n} bài viết xấu độc cho Bí thư chi đoàn.",
        "Dự {n} buổi tập huấn về an toàn thông tin trên mạng xã hội của Đoàn trường.",
    ],
    "1.6": [
        "Góp ý {n} lần khi chi bộ lấy ý kiến đoàn viên về đảng viên trong lớp.",
        "Tham gia góp ý xây dựng Đảng tại {n} hội nghị do chi bộ sinh viên tổ chức.",
    ],
    "2.1": [
        "Giúp bạn cùng phòng ôn thi {n} tuần liền; sống tiết kiệm, không vay nợ.",
        "Cùng bạn cùng phòng lập quỹ chung, chi tiêu có sổ sách trong {n} tháng.",
    ],
    "2.2": [
        "Tham gia {n} hoạt động thiện nguyện: hiến máu, quyên góp sách cho trẻ em vùng cao.",
        "Hiến máu tình nguyện và vận động {n} bạn cùng lớp cùng tham gia.",
    ],
    "2.3": [
        "Nhận {n} việc của lớp và hoàn thành cả {n} việc đúng hạn.",
        "Giữ đúng cam kết với nhóm học tập, không vắng buổi nào trong {n} buổi họp nhóm.",
    ],
    "2.4": [
        "Nhận khuyết điểm đi học muộn {n} lần ở học kỳ I và đã sửa từ học kỳ II.",
        "Phát biểu góp ý xây dựng tại {n} buổi sinh hoạt chi đoàn.",
    ],
    "2.5": [
        "Không vi phạm luật giao thông; nhắc {n} bạn cùng lớp đội mũ bảo hiểm.",
        "Tham gia {n} buổi tuyên truyền an toàn giao thông trước cổng trường.",
    ],
    "3.1": [
        "Hoàn thành {n} nhiệm vụ được lớp và chi đoàn giao, đều đúng hạn.",
        "Làm thủ quỹ lớp, công khai thu chi {n} lần trong năm học.",
    ],
    "3.2": [
        "Đề xuất điểm danh sinh hoạt bằng bảng tính chung, chi đoàn áp dụng từ tháng {n}.",
        "Góp {n} ý tưởng cho cuộc thi ý tưởng sáng tạo của Khoa, một ý tưởng đạt giải.",
    ],
    "3.3": [
        "Hoàn thành {n} khóa học kỹ năng trực tuyến (tin học văn phòng, thuyết trình).",
        "Học khóa viết CV và phỏng vấn {n} buổi do Trung tâm Hỗ trợ sinh viên tổ chức.",
    ],
    "3.4": [
        "Dạy học miễn phí {n} buổi cho học sinh vùng cao trong chiến dịch Mùa hè xanh.",
        "Tham gia lớp học tình thương {n} buổi tại phường Dịch Vọng Hậu.",
    ],
    "3.5": [
        "Học tiếng Anh 30 phút mỗi ngày, hoàn thành {n} chương giáo trình luyện thi IELTS.",
        "Học xong {n} cấp độ tiếng Anh ở trung tâm ngoại ngữ của trường.",
    ],
    "3.GV": [
        "Đổi mới bài giảng của {n} học phần; có một bài báo đăng tạp chí khoa học.",
        "Hướng dẫn {n} nhóm sinh viên nghiên cứu khoa học, một nhóm đạt giải cấp trường.",
    ],
    "3.SV": [
        "Đi học đầy đủ, không vi phạm quy chế thi; điểm trung bình học kỳ I đạt 3,{n}.",
        "Tham gia nhóm nghiên cứu khoa học sinh viên, báo cáo {n} lần tại seminar Khoa.",
    ],
    "3.HS": [
        "Đạt học lực khá, tham gia {n} hoạt động của trường để phấn đấu học sinh ba tốt.",
        "Phấn đấu theo tiêu chí học sinh ba tốt, hoàn thành {n} nhiệm vụ của lớp.",
    ],
    "4.1": [
        "Chạy bộ {n} km mỗi tuần quanh sân vận động, duy trì suốt năm học.",
        "Tập bóng bàn {n} giờ mỗi tuần ở câu lạc bộ của trường.",
    ],
    "4.2": [
        "Tham gia {n} giải thể thao, trong đó có Ngày chạy Olympic vì sức khỏe toàn dân.",
        "Cổ vũ và phục vụ hậu cần {n} trận của đội bóng chi đoàn.",
    ],
    "4.3": [
        "Không hút thuốc lá, không uống rượu bia khi lái xe; vận động {n} bạn bỏ thuốc lá.",
        "Tham gia {n} buổi tuyên truyền phòng chống tác hại thuốc lá ở ký túc xá.",
    ],
    "5.1": [
        "Dự {n} buổi sinh hoạt chi đoàn, vắng một buổi có phép; đóng đoàn phí đủ.",
        "Tham dự đủ {n} buổi sinh hoạt chi đoàn, đóng đoàn phí đúng hạn cả bốn quý.",
    ],
    "5.2": [
        "Phụ trách văn nghệ chi đoàn, dàn dựng {n} tiết mục cho hội diễn của Khoa.",
        "Hoàn thành {n} nhiệm vụ chi đoàn giao: trực hội trường, đón tân sinh viên.",
    ],
    "5.3": [
        "Chia sẻ {n} bài viết của Đoàn trường trên trang cá nhân, phản bác tin sai.",
        "Là cộng tác viên mạng xã hội của Đoàn, viết {n} bài cho trang của Khoa.",
    ],
}
EVIDENCE = [
    "Có xác nhận của lớp trưởng.",
    "Minh chứng: ảnh và danh sách điểm danh.",
    "Có giấy chứng nhận kèm theo.",
    "Được ghi trong biên bản sinh hoạt chi đoàn.",
    "Học kỳ I còn chưa đều, học kỳ II đã cố gắng hơn.",
    "Có thể kiểm tra trên trang cá nhân của em.",
    "Bí thư chi đoàn đã nắm được.",
    "",
]
GROUP_COMMENTS = [
    "Tích cực trong sinh hoạt phân đoàn, hay giúp đỡ các bạn học yếu.",
    "Chấp hành tốt nội quy; cần mạnh dạn phát biểu hơn trong sinh hoạt.",
    "Nhiệt tình với phong trào, đi đầu trong các hoạt động tình nguyện.",
    "Tham gia đầy đủ; đôi lúc nộp báo cáo muộn, đã được nhắc nhở.",
    "Gương mẫu, được các bạn trong phân đoàn tín nhiệm.",
    "Học tập chăm chỉ, ít tham gia hoạt động thể thao.",
]
BRANCH_COMMENTS = [
    "Có nhiều đóng góp cho phong trào chi đoàn, đề nghị biểu dương.",
    "Hoàn thành tốt nhiệm vụ; cần chủ động hơn trong học tập ngoại ngữ.",
    "Tự đánh giá còn cao ở nội dung 3, chi đoàn đã thống nhất hạ điểm.",
    "Tiến bộ rõ ở học kỳ II, cần giữ vững.",
    "Tham gia sinh hoạt chưa đầy đủ, cần khắc phục trong năm học tới.",
]
# Why the branch lowered a self-score (the member reads it with the results).
REASONS = [
    "Minh chứng chưa đủ cho mức điểm tự chấm; chi đoàn thống nhất hạ điểm.",
    "Chưa tham gia đầy đủ hoạt động đã đăng ký ở nội dung này.",
    "Kết quả học tập học kỳ II chưa đạt mục tiêu đề ra.",
    "Chi đoàn ghi nhận cố gắng nhưng kết quả chưa tương xứng với điểm tự chấm.",
]
# The share of each maximum a member gives themselves: most fairly high, some modest.
SELF_LEVELS = [0.97, 0.93, 0.9, 0.88, 0.85, 0.82, 0.78, 0.74, 0.68]


def _load_evaluation_year(base: Unit) -> None:
    """The previous school year's program with its evaluation open today (see the module
    docstring), made by the real services."""
    today = timezone.localdate()
    school_year = previous_school_year(today)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    standing = users.get("thuongvu")
    old = Program.objects.filter(unit=base, school_year="2020-2021").first()
    if old is None or school_year == old.school_year:
        return
    program = program_copy(program=old, school_year=school_year, user=standing)
    # Opened with the copied dates, which pass the program's rules for its year.
    program = program_update(program=program, user=standing, values={"status": ProgramStatus.OPEN})
    # Forms can be submitted only while registration is open, and evaluated only once the
    # evaluation has opened: so the dates first put registration today, the forms are made
    # and confirmed, then the dates move to an open evaluation. Both moves are plain
    # UPDATEs (as factories.open_evaluation): the program's rules would refuse dates
    # outside its school year, and in a demo the years are labels.
    _move_dates(program, registration_open_dates(today))
    book = _Book(random.Random(2025), users)
    units = {u.code: u for u in Unit.objects.filter(code__in=["CD-1", "CD-2", "CD-4", "CD-7"])}
    cd1 = _enrollments(program, units["CD-1"])
    # CD-1: every member registered and confirmed but the last two.
    for enrollment in cd1[:-2]:
        clerk = enrollment.member.user or users.get("uyvien")
        # Nobody confirms their own form: the deputy confirms the secretary's.
        own = enrollment.member.user_id == users["bithu"].pk
        secretary = users.get("phobithu") if own else users.get("bithu")
        book.confirmed_form(enrollment, clerk=clerk, secretary=secretary)
    admin = users.get("admin")
    others = {code: _enrollments(program, units[code]) for code in ("CD-2", "CD-4", "CD-7")}
    for enrollments in others.values():
        # One member in each never registered: Không hoàn thành (not registered).
        for enrollment in enrollments[1:]:
            book.confirmed_form(enrollment, clerk=admin, secretary=admin)
    _move_dates(program, evaluation_open_dates(today))
    program.refresh_from_db()
    # Fetched again: the forms' states and the dates changed since.
    cd1 = _enrollments(program, units["CD-1"])
    others = {code: _enrollments(program, units[code]) for code in others}
    book.cd1_under_way(program, units["CD-1"], cd1)
    support_demo.evaluation_titles(program, standing)
    for code, enrollments in others.items():
        book.branch_scored(program, units[code], enrollments[1:], today)
        support_demo.propose_best(program, units[code], admin)
        services.branch_finalize(program=program, branch=units[code], user=admin)
    services.branch_forward(program=program, branch=units["CD-4"], user=admin)
    services.branch_forward(program=program, branch=units["CD-7"], user=admin)
    services.branch_recognize(program=program, branch=units["CD-7"], user=standing)


def _move_dates(program: Program, dates: dict) -> None:
    Program.objects.filter(pk=program.pk).update(**dates)


def _enrollments(program: Program, branch: Unit) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("member__user", "branch", "program", "registration")
        .order_by("member__code")
    )


class _Book:
    """Writes the evaluation year's forms, self-evaluations and branch scores with one
    seeded random source, so every load makes the same demo."""

    def __init__(self, rng: random.Random, users: dict):
        self.rng = rng
        self.users = users
        self.written: set[str] = set()

    # -------------------------------------------------------- forms

    def confirmed_form(self, enrollment, *, clerk, secretary):
        """A form typed in from paper by `clerk` (or sent by the member, when `clerk` is
        the member's own account) and confirmed by `secretary`."""
        on_paper = clerk != enrollment.member.user
        screen = "paper" if on_paper else "form"
        per_area = 3 if self.rng.random() < 0.15 else 2
        registration = forms.registration_save(
            enrollment=enrollment,
            user=clerk,
            drafts=_drafts(enrollment, self.rng, per_area),
            screen=screen,
            on_paper=on_paper,
        )
        registration = forms.registration_submit(
            registration=registration, user=clerk, screen=screen
        )
        return forms.registration_confirm(registration=registration, user=secretary)

    # -------------------------------------------------------- self-evaluations

    def explanation(self, code: str) -> str:
        """A concrete explanation no other member wrote (the flags would catch copies)."""
        for _attempt in range(50):
            text = self.rng.choice(EXPLANATIONS[code]).format(n=self.rng.randrange(3, 10))
            text = f"{text} {self.rng.choice(EVIDENCE)}".strip()
            if text not in self.written:
                break
        self.written.add(text)
        return text

    def entries(self, enrollment, share: float | None, *, complete=True) -> dict:
        """Self-scores at about `share` of each maximum (None: the maximum everywhere)."""
        rows = services.rows_of(services.evaluation_of(enrollment))
        if not complete:
            rows = rows[: len(rows) // 2]
        entries = {}
        for row in rows:
            if share is None:
                value = row.maximum
            else:
                value = _half(row.maximum * Decimal(str(share + self.rng.uniform(-0.1, 0.1))))
                value = row.maximum if value >= row.maximum else max(value, Decimal(0))
            code = row.item.criterion.code
            entries[row.key] = services.SelfEntry(str(value), self.explanation(code))
        return entries

    def self_evaluate(self, enrollment, user, share, *, submit=True):
        return services.self_save(
            enrollment=enrollment,
            user=user,
            entries=self.entries(enrollment, share, complete=submit),
            submit=submit,
        )

    def share(self) -> float:
        return self.rng.choice(SELF_LEVELS)

    # -------------------------------------------------------- the branch

    def lower_some(self, enrollment, user, count: int) -> None:
        """The branch lowers a few self-scores it finds too high (typed in its table),
        says why, then accepts the member's other self-scores as they stand."""
        rows = [
            r for r in services.rows_of(services.evaluation_of(enrollment)) if r.score.self_score
        ]
        for row in self.rng.sample(rows, min(count, len(rows))):
            lower = max(_half(row.score.self_score) - Decimal("1"), Decimal(0))
            services.collective_set(
                enrollment=enrollment, user=user, item_id=row.item.pk, value=str(lower)
            )
        services.reason_set(enrollment=enrollment, user=user, text=self.rng.choice(REASONS))
        services.member_accept(enrollment=enrollment, user=user)

    def accept(self, enrollment, user) -> None:
        """The branch accepts the member's self-scores as they stand (one key a member)."""
        services.member_accept(enrollment=enrollment, user=user)

    def groups(self, program, branch, enrollments, user, author):
        """Two sub-branches; every registered member gets their sub-branch's comment (a
        branch of 30 members or more is evaluated on them, seed IV.1 Step 3)."""
        groups = [
            services.group_create(program=program, branch=branch, name=f"Phân đoàn {i}", user=user)
            for i in (1, 2)
        ]
        services.groups_assign(
            program=program,
            branch=branch,
            user=user,
            groups={e.pk: groups[i % 2].pk for i, e in enumerate(enrollments)},
        )
        for enrollment in _enrollments(program, branch):
            if services.is_confirmed(enrollment):
                services.group_comment_add(
                    enrollment=enrollment, user=author, text=self.rng.choice(GROUP_COMMENTS)
                )

    def comment(self, enrollment, user) -> None:
        services.comment_set(
            enrollment=enrollment, user=user, text=self.rng.choice(BRANCH_COMMENTS)
        )

    def cd1_under_way(self, program, branch, enrollments) -> None:
        """CD-1 mid-evaluation: `doanvien` not self-evaluated yet, about two thirds of the
        others submitted (three at the maximum everywhere), two drafts, the rest nothing;
        sub-branch comments in; the secretary has accepted some self-evaluations as they
        stand and lowered a few scores with a reason, the others wait; no meeting yet."""
        secretary, clerk = self.users.get("bithu"), self.users.get("uyvien")
        registered = [e for e in enrollments[:-2] if e.member.user_id is None]
        submitted = registered[: round(len(registered) * 2 / 3)]
        drafts = registered[len(submitted) : len(submitted) + 2]
        for i, enrollment in enumerate(submitted):
            self.self_evaluate(enrollment, clerk, None if i % 8 == 3 else self.share())
        for enrollment in drafts:
            self.self_evaluate(enrollment, clerk, self.share(), submit=False)
        self.groups(program, branch, enrollments, secretary, clerk)
        for enrollment in submitted[::3]:
            self.lower_some(enrollment, secretary, self.rng.choice([1, 2]))
        for enrollment in submitted[1::3]:
            self.accept(enrollment, secretary)
        for enrollment in submitted[1::4]:
            self.comment(enrollment, secretary)

    def branch_scored(self, program, branch, registered, today) -> None:
        """A branch that has done everything: all self-evaluated (one at the maximum), the
        committee's scores and comments in, the meeting recorded."""
        admin = self.users.get("admin")
        for i, enrollment in enumerate(registered):
            self.self_evaluate(enrollment, admin, None if i == 5 else self.share())
        self.groups(program, branch, registered, admin, admin)
        for i, enrollment in enumerate(registered):
            if i % 4 == 0:
                self.lower_some(enrollment, admin, 1)
            else:
                self.accept(enrollment, admin)
        for enrollment in registered[::2]:
            self.comment(enrollment, admin)
        everyone = _enrollments(program, branch)
        present = [e.pk for e in everyone if self.rng.random() < 0.9]
        services.meeting_save(
            program=program,
            branch=branch,
            user=admin,
            meeting_date=today - timedelta(days=2),
            attendee_ids=present,
            minutes=(
                f"Họp chi đoàn đánh giá rèn luyện năm học {program.school_year}: "
                f"{len(present)}/{len(everyone)} đoàn viên có mặt. Ban Chấp hành đọc nhận "
                "xét của hai phân đoàn; từng đoàn viên trình bày bản tự đánh giá; chi đoàn "
                "thảo luận và thống nhất điểm tập thể, xếp loại từng đoàn viên."
            ),
        )


def _half(value: Decimal) -> Decimal:
    """Round to the nearest half point (scores go in steps of 0,5)."""
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
