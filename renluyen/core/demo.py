"""Demo school for `make run`: Đoàn trường Đại học Kinh tế - ĐHQGHN with ~300 members."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
from renluyen.people.models import Gender, Member, MemberType
from renluyen.people.search import member_search_text
from renluyen.programs.models import Enrollment
from renluyen.programs.services import program_load_2020

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
    return Unit.objects.filter(code="DHKT").exists()


@transaction.atomic
def load_demo() -> None:
    """Create the demo school once; does nothing if it is already there."""
    if demo_exists():
        return
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
