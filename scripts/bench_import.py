"""Time the member import of 15,000 rows through the real pages (`make bench`).

Builds a base Union with 300 branches, writes a 15,000-row .xlsx with openpyxl and
drives the import pages with Django's test client as the Union office would:
upload (read + check against the database + store), preview, confirm. Then the same
file again (every row unchanged) and a file that changes every row.

The database is a throwaway SQLite file unless DATABASE_URL is set; on a database
of your own, the script works under a unique code prefix and deletes what it made.
The target (issue item 7): the whole import under 30 s.
"""

import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_ROWS", 15_000))
FEDERATIONS, BRANCHES_PER_FEDERATION = 10, 30
TARGET_SECONDS = 30


def main() -> int:
    scratch = None
    own_database = bool(os.environ.get("DATABASE_URL"))
    if not own_database:
        scratch = tempfile.TemporaryDirectory(prefix="renluyen-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renluyen.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client talk to the app
    call_command("migrate", verbosity=0)
    connection.ensure_connection()
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else ""
    if connection.vendor == "postgresql":
        number = connection.connection.info.server_version
        version = f"{number // 10000}.{number % 10000}"
    print(
        f"renluyen import bench: {ROWS:,} rows, {FEDERATIONS * BRANCHES_PER_FEDERATION} "
        f"branches, {connection.vendor} {version}\n"
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs"
    )
    prefix = f"B{random.Random().randrange(16**4):04x}-"
    world = build_world(prefix)
    try:
        ok = run(world, prefix)
    finally:
        if own_database:
            clean_up(world, prefix)
        if scratch:
            scratch.cleanup()
    return 0 if ok else 1


def build_world(prefix):
    from django.contrib.auth import get_user_model

    from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
    from renluyen.programs.services import program_load_2020

    upper = Unit.objects.create(level=Level.UPPER, code=f"{prefix}DHQG", name="Đoàn ĐHQG (bench)")
    base = Unit.objects.create(
        level=Level.BASE, code=f"{prefix}DHKT", name="Đoàn trường (bench)", parent=upper
    )
    branches = []
    for f in range(FEDERATIONS):
        fed = Unit.objects.create(
            level=Level.FEDERATION, code=f"{prefix}LCD{f}", name=f"Liên chi đoàn {f}", parent=base
        )
        for b in range(BRANCHES_PER_FEDERATION):
            n = f * BRANCHES_PER_FEDERATION + b
            branches.append(
                Unit.objects.create(
                    level=Level.BRANCH, code=f"{prefix}CD{n:03d}", name=f"Chi đoàn {n}", parent=fed
                )
            )
    user = get_user_model().objects.create_user(username=f"{prefix}office")
    RoleAssignment.objects.create(user=user, unit=base, role=Role.OFFICE)
    return {
        "upper": upper,
        "base": base,
        "branches": branches,
        "user": user,
        "program": program_load_2020(unit=base),
    }


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLES = ["Văn", "Thị", "Minh", "Thu", "Hoàng", "Ngọc", "Quang", "Thanh", "Đức", "Hải"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hạnh", "Hiếu", "Hùng", "Huyền", "Lan"]
TYPES = ["Sinh viên"] * 8 + ["Giảng viên", "Cán bộ"]


def member_list(prefix, branches, *, variant=0) -> bytes:
    """A write-only workbook as an office would export it; `variant` changes every row."""
    from openpyxl import Workbook

    rng = random.Random(2020)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách đoàn viên")
    sheet.append(
        ["Mã đoàn viên", "Họ và tên", "Ngày sinh", "Giới tính", "Đối tượng", "Email",
         "Số điện thoại", "Mã chi đoàn", "Trạng thái"]
    )  # fmt: skip
    for i in range(ROWS):
        branch = branches[(i + variant) % len(branches)]
        sheet.append(
            [
                f"{prefix}{i:06d}",
                f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}",
                date(2000, 1, 1) + timedelta(days=rng.randrange(0, 365 * 5)),
                rng.choice(["Nam", "Nữ"]),
                rng.choice(TYPES),
                f"dv{i}@example.edu.vn",
                f"09{(i * 7919 + variant) % 10**8:08d}",
                branch.code,
                "Đang sinh hoạt",
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def run(world, prefix) -> bool:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from renluyen.imports import reader
    from renluyen.imports.models import MemberImport
    from renluyen.people.models import Member
    from renluyen.programs.models import Enrollment

    client = Client()
    client.force_login(world["user"])
    upload_url = f"{reverse('imports:upload')}?unit={world['base'].pk}"

    def timed(label, func):
        start = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - start
        print(f"  {label:<44} {seconds:7.2f} s")
        return result, seconds

    def one_import(title, data, *, confirm=True):
        print(f"\n{title} ({len(data) / 1e6:.1f} MB .xlsx)")
        timed(
            "read the file alone (.xlsx + cell checks)",
            lambda: reader.parse(data, "bench.xlsx", branch_optional=False),
        )
        response, t_upload = timed(
            "upload: read + check against the database",
            lambda: client.post(
                upload_url,
                {
                    "file": SimpleUploadedFile("bench.xlsx", data),
                    "program": world["program"].pk,
                },
            ),
        )
        assert response.status_code == 302, response.content[:2000]
        page, t_preview = timed("preview page", lambda: client.get(response.url))
        assert page.status_code == 200
        member_import = MemberImport.objects.order_by("-pk").first()
        print(
            f"  → {member_import.to_create:,} to create, {member_import.to_update:,} to update, "
            f"{member_import.unchanged:,} unchanged, {member_import.bad_rows:,} bad rows"
        )
        t_confirm = 0.0
        if confirm:
            done, t_confirm = timed(
                "confirm: write in one transaction",
                lambda: client.post(reverse("imports:confirm", args=[member_import.pk])),
            )
            assert done.status_code == 302
            member_import.refresh_from_db()
            assert member_import.status == "applied", member_import.status
        total = t_upload + t_preview + t_confirm
        verdict = "OK" if total < TARGET_SECONDS else "TOO SLOW"
        print(f"  {'total (upload + preview + confirm)':<44} {total:7.2f} s   {verdict}")
        return member_import, total

    branches = world["branches"]
    data = member_list(prefix, branches)
    first, t1 = one_import(f"1. {ROWS:,} new members", data)
    members = Member.objects.filter(code__startswith=prefix).count()
    enrolled = Enrollment.objects.filter(program=world["program"]).count()
    assert first.to_create == ROWS and members == ROWS and enrolled == ROWS, (members, enrolled)

    again, t2 = one_import("2. the same file again", data, confirm=False)
    assert again.unchanged == ROWS

    changed = member_list(prefix, branches, variant=1)
    third, t3 = one_import("3. every row changed (phone, branch)", changed)
    assert third.to_update == ROWS
    return max(t1, t2, t3) < TARGET_SECONDS


def clean_up(world, prefix) -> None:
    from django.db import transaction

    from renluyen.imports.models import MemberImport
    from renluyen.organizations.models import Unit
    from renluyen.people.models import Member

    with transaction.atomic():
        world["program"].delete()  # with its areas, criteria and enrollments
        MemberImport.objects.filter(unit__code__startswith=prefix).delete()
        Member.objects.filter(code__startswith=prefix).delete()
        for unit in Unit.objects.filter(code__startswith=prefix).order_by("-depth"):
            unit.delete()
        world["user"].delete()


if __name__ == "__main__":
    sys.exit(main())
