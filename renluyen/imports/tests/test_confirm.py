"""Confirming an import writes every row in one go, at most once (views.confirm)."""

from datetime import date

from django.urls import reverse

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.imports.models import ImportStatus, MemberImport
from renluyen.imports.tests.conftest import make_program
from renluyen.imports.tests.helpers import row, upload, xlsx
from renluyen.people.models import Member, MemberStatus
from renluyen.programs.models import Enrollment, ProgramStatus


def _confirm(client, member_import=None):
    member_import = member_import or MemberImport.objects.get()
    return client.post(reverse("imports:confirm", args=[member_import.pk]))


def test_a_clean_xlsx_creates_members_and_enrollments(office_client, codes, program):
    rows = [
        row(
            "DV1",
            "Trần Thị Bình",
            dob="01/02/2002",
            gender="Nữ",
            email="binh@example.edu.vn",
            phone="0987654321",
            branch="CD-A1",
        ),  # fmt: skip
        row("DV2", "Lê Văn Cường", kind="Giảng viên", branch="CD-B1"),
        row("DV3", "Phạm Thu", branch="CD-A2", status="Đã chuyển đi"),
    ]
    upload(office_client, codes["base"], xlsx(rows), program)
    response = _confirm(office_client)
    page = text(office_client.get(response.url))

    binh = Member.objects.get(code="DV1")
    assert (binh.full_name, binh.date_of_birth, binh.gender, binh.member_type) == (
        "Trần Thị Bình", date(2002, 2, 1), "female", "student"
    )  # fmt: skip
    assert (binh.email, binh.phone, binh.branch, binh.status) == (
        "binh@example.edu.vn", "0987654321", codes["branch_a1"], MemberStatus.ACTIVE
    )  # fmt: skip
    assert Member.objects.get(code="DV2").member_type == "lecturer"
    enrolled = dict(
        Enrollment.objects.filter(program=program).values_list("member__code", "branch")
    )
    # A member who has transferred away is recorded but not enrolled.
    assert enrolled == {"DV1": codes["branch_a1"].pk, "DV2": codes["branch_b1"].pk}
    assert "Đã nhập: thêm mới 3 đoàn viên, cập nhật 0, giữ nguyên 0; ghi danh 2" in page
    member_import = MemberImport.objects.get()
    assert member_import.status == ImportStatus.APPLIED
    assert member_import.rows == []
    event = Event.objects.get(verb="member_import.apply")
    assert event.data["created"] == 3 and event.data["enrolled"] == 2
    assert event.actor is not None and event.unit == codes["base"]


def test_confirming_twice_writes_once(office_client, codes, program):
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1")]), program)
    _confirm(office_client)
    Member.objects.filter(code="DV1").update(full_name="Tên đã sửa tay")
    response = _confirm(office_client)
    assert Member.objects.count() == 1
    assert Member.objects.get().full_name == "Tên đã sửa tay"
    assert Enrollment.objects.count() == 1
    assert Event.objects.filter(verb="member_import.apply").count() == 1
    page = text(office_client.get(response.url))
    assert "Lượt nhập này đã được xác nhận hoặc đã bị hủy trước đó" in page


def test_a_second_import_updates_changed_members_and_keeps_the_rest(office_client, codes, program):
    first = [
        row("DV1", "Nguyễn Văn An", email="an@example.edu.vn", branch="CD-A1"),
        row("DV2", "Trần Thị Bình", branch="CD-A1"),
        row("DV3", "Lê Văn Cường", branch="CD-A1"),
    ]
    upload(office_client, codes["base"], xlsx(first), program)
    _confirm(office_client)

    second = [
        row("DV1", "Nguyễn Văn An", email="", phone="0912345678", branch="CD-A1"),
        row("DV2", "Trần Thị Bình", branch="CD-A2"),
        row("DV3", "Lê Văn Cường", branch="CD-A1"),
        row("DV4", "Phạm Thị Dung", branch="CD-B1"),
    ]
    upload(office_client, codes["base"], xlsx(second), program)
    member_import = MemberImport.objects.filter(status=ImportStatus.PENDING).get()
    assert (member_import.to_create, member_import.to_update, member_import.unchanged) == (1, 2, 1)
    _confirm(office_client, member_import)

    an = Member.objects.get(code="DV1")
    # A blank optional cell keeps what is stored.
    assert (an.email, an.phone) == ("an@example.edu.vn", "0912345678")
    assert Member.objects.get(code="DV2").branch == codes["branch_a2"]
    assert Enrollment.objects.get(member__code="DV2").branch == codes["branch_a2"]
    assert Enrollment.objects.filter(program=program).count() == 4


def test_a_code_taken_in_another_branch_after_the_check_writes_nothing(
    office_client, codes, program
):
    upload(office_client, codes["fed_a"], xlsx([row("DV1", branch="CD-A1"),
                                                row("DV2", branch="CD-A2")]), program)  # fmt: skip
    factories.member(branch=codes["branch_b1"], code="DV2")
    response = _confirm(office_client)

    assert list(Member.objects.values_list("code", flat=True)) == ["DV2"]
    assert Enrollment.objects.count() == 0
    member_import = MemberImport.objects.get()
    assert member_import.status == ImportStatus.PENDING
    page = text(office_client.get(response.url))
    assert "Danh sách đoàn viên đã thay đổi kể từ lúc kiểm tra: hiện có 1 dòng bị lỗi." in page
    assert "<td>Dòng 3</td><td>Mã đoàn viên “DV2” đã thuộc về đoàn viên" in page


def test_a_list_with_bad_rows_cannot_be_confirmed(office_client, codes, program):
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1"), row("")]), program)
    _confirm(office_client)
    assert Member.objects.count() == 0
    assert MemberImport.objects.get().status == ImportStatus.PENDING


def test_a_closed_program_is_not_enrolled_into(office_client, codes, program):
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1")]), program)
    program.status = ProgramStatus.CLOSED
    program.save()
    response = _confirm(office_client)
    assert Member.objects.count() == 0
    assert "Chỉ ghi danh đoàn viên vào chương trình đang triển khai" in text(
        office_client.get(response.url)
    )


def test_members_are_enrolled_in_the_program_chosen(office_client, codes, program):
    draft = make_program(codes["base"], school_year="2021-2022", status=ProgramStatus.DRAFT)
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1")]), draft)
    _confirm(office_client)
    assert list(Enrollment.objects.values_list("program", flat=True)) == [draft.pk]


def test_only_someone_who_may_import_there_can_confirm(client, office_client, people, codes,
                                                       program):  # fmt: skip
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1")]), program)
    member_import = MemberImport.objects.get()
    client.force_login(people["secretary_a1"])
    assert _confirm(client, member_import).status_code == 404
    assert office_client.get(reverse("imports:confirm", args=[member_import.pk])).status_code == 405
    assert Member.objects.count() == 0


def test_branch_codes_are_matched_whatever_their_case(office_client, codes, program):
    upload(office_client, codes["base"], xlsx([row("DV1", branch=" cd-a2 ")]), program)
    _confirm(office_client)
    assert Member.objects.get(code="DV1").branch == codes["branch_a2"]
