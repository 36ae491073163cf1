"""The preview: counts, and every bad row named with its number (views.preview)."""

from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.imports.models import MemberImport
from renluyen.imports.tests.helpers import row, upload, xlsx
from renluyen.organizations.models import Role
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment


def test_a_list_with_bad_rows_writes_nothing_and_names_each_bad_row(office_client, org, program):
    factories.member(branch=org["branch_b1"], code="DV-B1", name="Đỗ Thị Hoa")
    members_before, enrollments_before = Member.objects.count(), Enrollment.objects.count()
    rows = [
        row("DV1", branch="CD-A1"),  # row 2: good
        row("DV2", name="", branch="CD-A1"),  # 3: missing name
        row("DV3", branch="CD-X9"),  # 4: unknown branch code
        row("DV4", branch="CD-A1"),  # 5: duplicate of row 7
        row("DV5", dob="31/02/2003", branch="CD-A1"),  # 6: unreadable date
        row("DV4", branch="CD-A2"),  # 7: duplicate of row 5
        row("DV6", kind="Bộ đội", branch="CD-A1"),  # 8: wrong member type
        row("DV7", email="dv7@", branch="CD-A1"),  # 9: invalid email
        row("DV8", branch="LCD-A"),  # 10: a federation, not a branch
    ]
    client = office_client
    # The office of the base Union sees branch B1, so the message names it.
    response = upload(client, org["fed_a"], xlsx(rows), program)
    page = text(client.get(response.url))

    assert Member.objects.count() == members_before
    assert Enrollment.objects.count() == enrollments_before
    expected = {
        3: "Thiếu họ và tên.",
        4: "Mã chi đoàn “CD-X9” không đúng: không có chi đoàn nào mang mã này trong "
        "Liên chi đoàn A.",
        5: "Mã đoàn viên “DV4” bị trùng trong tệp: các dòng 5, 7.",
        6: "Không đọc được ngày sinh “31/02/2003”; hãy ghi theo dạng ngày/tháng/năm, "
        "ví dụ 05/09/2003.",
        7: "Mã đoàn viên “DV4” bị trùng trong tệp: các dòng 5, 7.",
        8: "Đối tượng “Bộ đội” không hợp lệ; hãy ghi một trong các giá trị: Sinh viên, "
        "Học sinh, Giảng viên/Cán bộ nghiên cứu, Cán bộ/Nhân viên, Khác.",
        9: "“dv7@” không phải là địa chỉ email hợp lệ.",
        10: "“LCD-A” là mã của Liên chi đoàn A, không phải mã một chi đoàn.",
    }
    for number, message in expected.items():
        assert f"<tr><td>Dòng {number}</td><td>{message}</td></tr>" in page
    assert "Dòng 2<" not in page
    assert "Có 8 dòng bị lỗi nên chưa thể ghi dữ liệu nào." in page
    assert "Xác nhận nhập" not in page


def test_a_code_of_a_member_in_a_branch_outside_the_unit_is_refused(client, people, codes, program):
    factories.member(branch=codes["branch_a2"], code="DV-A2", name="Đỗ Thị Hoa")
    client.force_login(people["secretary_a1"])
    response = upload(client, codes["branch_a1"], xlsx([row("DV-A2", name="Đỗ Thị Hoa")]))
    page = text(client.get(response.url))
    # The secretary of A1 may not see branch A2, so the message does not name it.
    assert (
        "<tr><td>Dòng 2</td><td>Mã đoàn viên “DV-A2” đã thuộc về một đoàn viên của chi đoàn "
        "khác ngoài phạm vi bạn quản lý." in page
    )
    assert "Chi đoàn A2" not in page
    assert Member.objects.get(code="DV-A2").branch == codes["branch_a2"]


def test_the_office_is_told_which_branch_holds_the_code(office_client, codes, program):
    factories.member(branch=codes["branch_b1"], code="DV-B1", name="Đỗ Thị Hoa")
    response = upload(office_client, codes["fed_a"], xlsx([row("DV-B1", branch="CD-A1")]))
    page = text(office_client.get(response.url))
    assert (
        "Mã đoàn viên “DV-B1” đã thuộc về đoàn viên Đỗ Thị Hoa của Chi đoàn B1, ngoài "
        "Liên chi đoàn A." in page
    )


def test_many_bad_rows_are_shown_200_a_page_with_the_total(office_client, org, program):
    rows = [row(f"DV{i}", name="", branch="CD-A1") for i in range(250)]
    response = upload(office_client, org["base"], xlsx(rows), program)
    first = text(office_client.get(response.url))
    assert "Đang hiển thị 1–200 trong tổng số 250 dòng có lỗi" in first
    assert "<td>Dòng 201</td>" in first and "<td>Dòng 202</td>" not in first
    second = text(office_client.get(response.url + "?page=2"))
    assert "<td>Dòng 202</td>" in second and "<td>Dòng 251</td>" in second


def test_the_full_list_of_problems_downloads_as_csv(office_client, org, program):
    rows = [row("DV1", name="", branch="CD-A1"), row("DV2", branch="?")]
    response = upload(office_client, org["base"], xlsx(rows), program)
    member_import = MemberImport.objects.get()
    download = office_client.get(reverse("imports:problems_csv", args=[member_import.pk]))
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Lỗi"
    assert lines[1] == "2,Thiếu họ và tên."
    assert lines[2].startswith("3,Mã chi đoàn “?” không đúng")
    assert response.status_code == 302


def test_the_preview_shows_what_would_change(office_client, codes, program):
    factories.member(branch=codes["branch_a1"], code="DV1", name="Nguyen Van An")
    rows = [row("DV1", name="Nguyễn Văn An", branch="CD-A2"), row("DV2", branch="CD-A1")]
    response = upload(office_client, codes["base"], xlsx(rows), program)
    page = text(office_client.get(response.url))
    assert "Họ và tên: Nguyen Van An → Nguyễn Văn An" in page
    assert "Chi đoàn: Chi đoàn A1 → Chi đoàn A2" in page
    assert "Ghi danh vào chương trình: — → Chi đoàn A2" in page
    assert '<div class="card"><strong>1</strong> đoàn viên thêm mới</div>' in page
    assert '<div class="card"><strong>1</strong> cập nhật</div>' in page
    assert "Xác nhận nhập" in page


def test_an_import_is_seen_by_peers_of_the_uploader_and_by_nobody_else(
    client, office_client, people, org, program
):
    upload(office_client, org["base"], xlsx([row("DV1", branch="CD-A1")]), program)
    url = reverse("imports:preview", args=[MemberImport.objects.get().pk])
    peer = factories.user()
    factories.role(peer, org["base"], Role.OFFICE)
    client.force_login(peer)
    assert client.get(url).status_code == 200
    for outsider in ("secretary_a1", "fed_a", "standing"):
        client.force_login(people[outsider])
        assert client.get(url).status_code == 404, outsider
