"""The print page of a member's form and of a branch's confirmed forms."""

from datetime import date
from html import escape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.activities.models import Activity
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Level, Role
from renluyen.programs.models import Program
from renluyen.registrations import services
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft

GOOD = factories.GOOD_SOLUTION


@pytest.fixture
def secretary(org):
    user = factories.user(first_name="Minh", last_name="Trần Văn")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


@pytest.fixture
def enrollment(org, program, member_user):
    member = factories.member(
        branch=org["branch_a1"],
        user=member_user,
        name="Lê Thị Hoa",
        code="DV-2020-017",
        date_of_birth=date(2002, 3, 9),
    )
    return factories.enroll(program, member)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def print_url(enrollment):
    return reverse("registrations:print", args=[enrollment.pk])


def branch_url(unit, program=None):
    url = reverse("registrations:branch_print", args=[unit.pk])
    return f"{url}?program={program.pk}" if program else url


def test_it_prints_the_members_confirmed_form(enrollment, member_user, secretary):
    registration = factories.registration(enrollment, confirm_by=secretary)
    response = client_for(member_user).get(print_url(enrollment))

    assert response.status_code == 200
    page = text(response)
    assert '<html lang="vi">' in page
    assert "renluyen/print.css" in page
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in page
    assert "ĐOÀN TRƯỜNG ĐH KINH TẾ" in page
    assert "CHI ĐOÀN A1" in page
    assert "PHIẾU ĐĂNG KÝ RÈN LUYỆN ĐOÀN VIÊN" in page
    assert "Năm học 2020–2021" in page
    day = timezone.localtime(registration.submitted_at).date()
    # The base Union's place, a program setting, before the date.
    assert f"Hà Nội, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" in page
    for label, value in [
        ("Họ và tên", "Lê Thị Hoa"),
        ("Ngày sinh", "09/03/2002"),
        ("Mã đoàn viên", "DV-2020-017"),
        ("Đối tượng", "Sinh viên"),
        ("Chi đoàn", "Chi đoàn A1"),
    ]:
        assert f"<dt>{label}:</dt> <dd>{value}</dd>" in page
    for area in enrollment.program.areas.all():
        assert escape(f"{area.number}. {area.title}") in page
    for item in registration.items.select_related("criterion"):
        assert escape(f"{item.criterion.code}. {item.criterion.text}") in page
    assert page.count(GOOD) == registration.items.count()
    assert "STT" in page and "Tiêu chí đăng ký" in page and "Giải pháp thực hiện" in page
    assert "XÁC NHẬN CỦA BAN CHẤP HÀNH CHI ĐOÀN" in page
    confirmed = timezone.localtime(registration.confirmed_at).strftime("%d/%m/%Y")
    assert f"Đã xác nhận ngày {confirmed}" in page
    assert "Trần Văn Minh" in page
    assert "NGƯỜI ĐĂNG KÝ" in page and "(Ký và ghi rõ họ tên)" in page
    assert "BẢN NHÁP" not in page
    # The print button works from a static script, no inline one (issue 13, item 14).
    assert "data-print" in page and "renluyen/print.js" in page and "In phiếu" in page
    assert "onclick" not in page and "<script>" not in page
    assert reverse("registrations:pdf", args=[enrollment.pk]) in page
    assert reverse("registrations:form", args=[enrollment.pk]) in page


def test_a_draft_prints_with_the_draft_label_and_blank_dates(enrollment, member_user):
    factories.registration(enrollment)
    page = text(client_for(member_user).get(print_url(enrollment)))
    assert "BẢN NHÁP — CHƯA XÁC NHẬN" in page
    assert "(Chưa xác nhận)" in page
    assert "Hà Nội, ngày …… tháng …… năm ………" in page
    # Without a place set, dots stand for it, as on a form filled in by hand.
    Program.objects.filter(pk=enrollment.program_id).update(place="")
    assert "…, ngày …… tháng …… năm ………" in text(client_for(member_user).get(print_url(enrollment)))
    assert "Đã xác nhận ngày" not in page


def test_activities_and_own_criteria_are_printed_with_where_they_come_from(
    enrollment, member_user, program, org, people
):
    area = program.areas.get(number=3)
    activity = Activity.objects.create(
        program=program,
        unit=org["fed_a"],
        area=area,
        title="Hội thảo “Sinh viên với khởi nghiệp”",
        starts_on=date(2020, 11, 2),
        ends_on=date(2020, 11, 4),
    )
    drafts = factories.drafts(program) + [
        ItemDraft(area=area, kind=ItemKind.ACTIVITY, activity=activity, solution="Đăng ký sớm."),
        ItemDraft(
            area=area,
            kind=ItemKind.OPEN,
            text="Đạt chứng chỉ tiếng Anh B1",
            solution="Học\nmỗi tối",
            open_key="new-3-1",
        ),
    ]
    services.registration_save(enrollment=enrollment, user=member_user, drafts=drafts)
    page = text(client_for(member_user).get(print_url(enrollment)))
    assert escape("Hội thảo “Sinh viên với khởi nghiệp”") in page
    assert "(Hoạt động của Liên chi đoàn A, 02/11/2020 – 04/11/2020)" in page
    assert "Đạt chứng chỉ tiếng Anh B1" in page and "(Tiêu chí tự đề ra)" in page
    assert "Học<br>mỗi tối" in page
    # Numbered from 1 across the areas: 10 catalog criteria, then the two of area 3.
    assert '<td class="num">12</td>' in page


def test_a_member_without_a_form_gets_404(enrollment, member_user):
    assert client_for(member_user).get(print_url(enrollment)).status_code == 404


def test_another_member_cannot_print_the_form(enrollment, org):
    factories.registration(enrollment)
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    assert client_for(other).get(print_url(enrollment)).status_code == 404


def test_the_secretary_of_another_branch_gets_404(enrollment, people):
    factories.registration(enrollment)
    assert client_for(people["secretary_b1"]).get(print_url(enrollment)).status_code == 404


def test_the_branch_secretary_and_the_federation_may_print(enrollment, people, secretary):
    factories.registration(enrollment)
    response = client_for(secretary).get(print_url(enrollment))
    assert response.status_code == 200
    assert reverse("registrations:review", args=[enrollment.pk]) in text(response)
    assert client_for(people["fed_a"]).get(print_url(enrollment)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(enrollment):
    factories.registration(enrollment)
    response = Client().get(print_url(enrollment))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_form_prints_in_vietnamese_when_the_site_is_in_english(enrollment, member_user):
    factories.registration(enrollment)
    client = client_for(member_user)
    client.cookies["django_language"] = "en"
    page = text(client.get(print_url(enrollment)))
    assert "PHIẾU ĐĂNG KÝ RÈN LUYỆN ĐOÀN VIÊN" in page
    assert '<html lang="vi">' in page


# ---------------------------------------------------------------- the branch's forms


def confirmed_forms(program, branch, secretary, names):
    for name in names:
        member = factories.member(branch=branch, user=factories.user(), name=name)
        factories.registration(factories.enroll(program, member), confirm_by=secretary)


def test_the_branch_prints_its_confirmed_forms_ordered_by_name(org, program, secretary, enrollment):
    confirmed_forms(program, org["branch_a1"], secretary, ["Vũ Văn Bình", "Bùi Thị An"])
    factories.registration(enrollment)  # a draft: not printed
    response = client_for(secretary).get(branch_url(org["branch_a1"]))
    assert response.status_code == 200
    page = text(response)
    assert page.count('<article class="sheet"') == 2
    assert page.index("Bùi Thị An") < page.index("Vũ Văn Bình")
    assert "Lê Thị Hoa" not in page
    assert "BẢN NHÁP" not in page
    assert "2 phiếu đã xác nhận" in page
    assert reverse("registrations:branch_pdf", args=[org["branch_a1"].pk]) in page


def test_the_branch_copy_has_its_sub_branches_forms_like_the_branch_page(org, program, secretary):
    group = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"], name="Phân đoàn 1")
    confirmed_forms(program, group, secretary, ["Đỗ Thị Phân"])
    confirmed_forms(program, org["branch_a2"], secretary, ["Ngô Văn Khác"])
    page = text(client_for(secretary).get(branch_url(org["branch_a1"])))
    assert "Đỗ Thị Phân" in page
    assert "Ngô Văn Khác" not in page


def test_an_addition_not_yet_confirmed_is_left_off_the_branch_copy(
    org, program, secretary, enrollment, member_user
):
    registration = factories.registration(enrollment, confirm_by=secretary)
    services.registration_start_supplement(registration=registration, user=member_user)
    area = program.areas.get(number=2)
    drafts = factories.drafts(program) + [
        ItemDraft(
            area=area,
            kind=ItemKind.OPEN,
            text="Hiến máu tình nguyện",
            solution=GOOD,
            open_key="new-2-1",
        )
    ]
    services.registration_save(enrollment=enrollment, user=member_user, drafts=drafts)

    branch_page = text(client_for(secretary).get(branch_url(org["branch_a1"])))
    assert "Lê Thị Hoa" in branch_page
    assert "Hiến máu tình nguyện" not in branch_page
    own_page = text(client_for(member_user).get(print_url(enrollment)))
    assert "Hiến máu tình nguyện" in own_page
    assert "(Tiêu chí tự đề ra; đăng ký bổ sung, chưa được xác nhận)" in own_page


def test_a_branch_without_confirmed_forms_says_so(org, program, secretary, enrollment):
    factories.registration(enrollment, submit=True)
    page = text(client_for(secretary).get(branch_url(org["branch_a1"])))
    assert "Chi đoàn A1 chưa có phiếu nào được xác nhận." in page
    assert "<article" not in page
    assert "window.print()" not in page


def test_the_branch_print_is_404_outside_the_users_reach(org, program, people, member_user):
    factories.member(branch=org["branch_a1"], user=member_user)
    url = branch_url(org["branch_a1"])
    assert client_for(people["secretary_b1"]).get(url).status_code == 404
    assert client_for(member_user).get(url).status_code == 404
    assert client_for(people["fed_a"]).get(url).status_code == 200


def test_an_unknown_program_is_404(org, program, secretary, enrollment):
    other = factories.program(unit=factories.unit(level="base", parent=org["upper"]))
    client = client_for(secretary)
    assert client.get(branch_url(org["branch_a1"], other)).status_code == 404
    assert client.get(branch_url(org["branch_a1"]) + "?program=x").status_code == 404
    assert client.get(branch_url(org["branch_a1"], program)).status_code == 200


def test_the_branch_print_runs_a_fixed_number_of_queries(org, program, secretary):
    client = client_for(secretary)
    url = branch_url(org["branch_a1"])
    confirmed_forms(program, org["branch_a1"], secretary, ["Nguyễn Văn A"])
    few = count_queries(lambda: client.get(url))
    confirmed_forms(program, org["branch_a1"], secretary, ["Nguyễn Văn B", "Nguyễn Văn C"])
    many = count_queries(lambda: client.get(url))
    assert few == many
