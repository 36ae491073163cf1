"""The upload page: who may import where, and what reading a file does (views.upload)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renluyen.core.tests.helpers import text
from renluyen.imports.models import ImportStatus, MemberImport
from renluyen.imports.tests.helpers import HEADER, row, upload, xlsx
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment


def test_a_clean_list_is_checked_and_shown_before_anything_is_written(office_client, org, program):
    response = upload(
        office_client,
        org["base"],
        xlsx([row("DV1", branch="CD-A1"), row("DV2", branch="CD-B1")]),
        program,
    )
    member_import = MemberImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:preview", args=[member_import.pk])
    assert member_import.status == ImportStatus.PENDING
    assert (member_import.to_create, member_import.bad_rows) == (2, 0)
    assert Member.objects.count() == 0
    assert Enrollment.objects.count() == 0


def test_the_form_offers_the_newest_open_program_of_the_base_union(office_client, org, program):
    response = office_client.get(f"{reverse('imports:upload')}?unit={org['fed_a'].pk}")
    assert response.status_code == 200
    page = text(response)
    assert f'<option value="{program.pk}" selected>{program.name}</option>' in page
    assert "Tệp mẫu Excel (.xlsx)" in page


def test_a_branch_secretary_may_leave_the_branch_code_out(client, people, codes, program):
    client.force_login(people["secretary_a1"])
    upload(client, codes["branch_a1"], xlsx([row("DV1")[:5]], header=HEADER[:5]), program)
    member_import = MemberImport.objects.get()
    assert (member_import.to_create, member_import.bad_rows) == (1, 0)
    assert member_import.samples["create"][0]["branch"] == "Chi đoàn A1"


def test_a_branch_secretary_may_not_use_a_sibling_branchs_code(client, people, codes, program):
    client.force_login(people["secretary_a1"])
    response = upload(client, codes["branch_a1"], xlsx([row("DV1", branch="CD-A2")]), program)
    page = text(client.get(response.url))
    assert "Dòng 2" in page
    assert (
        "Mã chi đoàn “CD-A2” không đúng: không có chi đoàn nào mang mã này trong Chi đoàn A1."
        in page
    )
    assert "Xác nhận nhập" not in page


def test_a_branch_secretary_may_not_open_another_branchs_import(client, people, codes):
    client.force_login(people["secretary_a1"])
    url = f"{reverse('imports:upload')}?unit={codes['branch_b1'].pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": xlsx([row("DV1")])}).status_code == 404
    assert MemberImport.objects.count() == 0


def test_a_branch_secretary_goes_straight_to_their_own_branch(client, people, codes):
    client.force_login(people["secretary_a1"])
    response = client.get(reverse("imports:upload"))
    assert response.url == f"{reverse('imports:upload')}?unit={codes['branch_a1'].pk}"


def test_the_office_picks_among_the_units_of_its_base_union(office_client, org):
    page = text(office_client.get(reverse("imports:upload")))
    for key in ("base", "fed_a", "fed_b", "branch_a1", "branch_b1"):
        assert f'value="{org[key].pk}"' in page
    assert f'value="{org["upper"].pk}"' not in page


def test_a_federation_committee_member_may_not_import(client, people, org):
    client.force_login(people["fed_a"])
    assert client.get(reverse("imports:upload")).status_code == 403
    url = f"{reverse('imports:upload')}?unit={org['fed_a'].pk}"
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": xlsx([row("DV1", branch="CD-A1")])}).status_code == 403
    assert MemberImport.objects.count() == 0


def test_someone_logged_out_is_sent_to_log_in(client, org):
    response = client.get(f"{reverse('imports:upload')}?unit={org['base'].pk}")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_file_without_required_columns_is_refused_on_the_form(office_client, org, program):
    response = upload(office_client, org["base"], xlsx([["DV1"]], header=["Mã đoàn viên"]))
    assert response.status_code == 200
    assert "Thiếu cột bắt buộc: Họ và tên, Đối tượng, Mã chi đoàn." in text(response)
    assert MemberImport.objects.count() == 0


def test_a_file_that_is_not_a_list_is_refused_on_the_form(office_client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload(office_client, org["base"], SimpleUploadedFile("anh.png", b"\x89PNG..."))
    assert "Tệp phải là bảng tính Excel (.xlsx) hoặc tệp CSV (.csv)." in text(response)


def test_checking_a_list_takes_the_same_queries_for_50_or_500_rows(office_client, org, program):
    def count_queries(func) -> int:
        with CaptureQueriesContext(connection) as ctx:
            func()
        return len(ctx.captured_queries)

    def rows(n):
        return xlsx([row(f"DV{i}", branch="CD-A1") for i in range(n)])

    small = count_queries(lambda: upload(office_client, org["base"], rows(50), program))
    large = count_queries(lambda: upload(office_client, org["base"], rows(500), program))
    assert large == small
