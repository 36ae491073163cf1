"""The home page: each role sees its own units and their counts, never a sibling or parent."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Role

ROLE_LABELS_VI = {
    "branch_secretary": "Bí thư chi đoàn",
    "branch_deputy": "Phó Bí thư chi đoàn",
    "branch_committee": "Ủy viên BCH chi đoàn",
    "federation_committee": "Ủy viên BCH Liên chi đoàn",
    "supervisor": "Ủy viên BCH Đoàn trường (phụ trách đơn vị)",
    "standing_committee": "Ủy viên Ban Thường vụ Đoàn trường",
    "office": "Văn phòng Đoàn",
    "inspection": "Ủy viên Ủy ban Kiểm tra",
}


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


@pytest.mark.parametrize("role_key", [k for k in m.ROLES if k != "member"])
def test_it_shows_each_role_in_its_own_unit_in_vietnamese(client, matrix, role_key):
    client.force_login(matrix.users[role_key])
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    own = matrix.units[m.target_of(role_key, "own")]
    assert f"{ROLE_LABELS_VI[role_key]} — {own.name}" in html
    # Children are listed, never the unit beside or above.
    assert matrix.units[m.target_of(role_key, "child")].name in html
    assert matrix.units[m.target_of(role_key, "sibling")].name not in html
    assert matrix.units[m.target_of(role_key, "parent")].name not in html


@pytest.mark.parametrize(
    ("role_key", "branches", "members"),
    [
        # Chi đoàn A1 holds its own member, the member account's record and Phân đoàn A1.1.
        ("branch_secretary", 1, 3),
        ("federation_committee", 2, 5),
        ("standing_committee", 3, 8),
    ],
)
def test_it_counts_only_the_branches_and_members_below_the_role(
    client, matrix, role_key, branches, members
):
    client.force_login(matrix.users[role_key])
    html = text(client.get("/"))
    assert f"{branches} chi đoàn, {members} đoàn viên" in html


def test_a_member_sees_their_own_record_and_no_unit(client, matrix):
    client.force_login(matrix.users["member"])
    html = text(client.get("/"))
    assert "Hồ sơ đoàn viên của tôi" in html
    assert "Ngô Minh Đức" in html and "DV9010" in html
    assert "Chi đoàn A1" in html  # their branch, as text
    assert "/units/" + str(matrix.units["branch_a1"].pk) not in html
    # Nobody else of the branch shows up.
    assert "Hoàng Thị Một" not in html


def test_a_user_without_role_or_record_is_told_to_ask_the_union_office(client, db):
    client.force_login(factories.user())
    html = text(client.get("/"))
    assert "Văn phòng Đoàn" in html


def test_an_ended_role_no_longer_shows(client, matrix):
    user = factories.user()
    assignment = factories.role(user, matrix.units["fed_b"], Role.FEDERATION_COMMITTEE)
    assignment.ends_on = "2000-01-01"
    assignment.save()
    client.force_login(user)
    assert "Liên chi đoàn B" not in client.get("/").content.decode()


def test_its_query_count_does_not_grow_with_members_or_units(
    client, matrix, django_assert_max_num_queries
):
    user = matrix.users["federation_committee"]
    client.force_login(user)
    few = count_queries(lambda: client.get("/"))
    for i in range(10):
        branch = factories.unit(parent=matrix.units["fed_a"], name=f"Chi đoàn thêm {i}")
        for _ in range(5):
            factories.member(branch=branch)
    with django_assert_max_num_queries(few):
        response = client.get("/")
    assert "12 chi đoàn, 55 đoàn viên" in text(response)


def test_it_greets_a_person_by_their_name_in_vietnamese_order(client, db):
    # Vietnamese names run family name, middle name, given name: Nguyễn Thị Bình.
    client.force_login(factories.user(first_name="Bình", last_name="Nguyễn Thị"))
    assert "Xin chào, Nguyễn Thị Bình" in text(client.get("/"))


# --- The training form and review cards (issue 3) ------------------------------------


@pytest.fixture
def program(matrix):
    return factories.program(unit=matrix.units["base"])


def test_a_member_not_registered_is_invited_to_register(client, matrix, program):
    enrollment = factories.enroll(program, matrix.members["own"])
    client.force_login(matrix.users["member"])
    html = text(client.get("/"))
    assert f"Phiếu đăng ký rèn luyện {program.school_year}" in html
    assert "Chưa đăng ký" in html
    link = reverse("registrations:form", args=[enrollment.pk])
    assert f'href="{link}">Đăng ký rèn luyện</a>' in html


def test_a_member_with_a_form_sees_its_state_and_size(client, matrix, program):
    enrollment = factories.enroll(program, matrix.members["own"])
    factories.registration(enrollment, submit=True)
    client.force_login(matrix.users["member"])
    html = text(client.get("/"))
    assert "Đã nộp, chờ xác nhận" in html and "10 tiêu chí" in html
    link = reverse("registrations:form", args=[enrollment.pk])
    assert f'href="{link}">Xem phiếu</a>' in html
    assert reverse("registrations:history", args=[enrollment.pk]) in html


def test_a_closed_program_shows_no_form_card(client, matrix, program):
    factories.enroll(program, matrix.members["own"])
    program.status = "closed"
    program.save()
    client.force_login(matrix.users["member"])
    assert "Đăng ký rèn luyện</a>" not in text(client.get("/"))


def submit_in(program, branch, count):
    for _ in range(count):
        member = factories.member(branch=branch, user=factories.user())
        factories.registration(factories.enroll(program, member), submit=True)


@pytest.mark.parametrize("role_key", ["branch_secretary", "branch_deputy", "branch_committee"])
def test_the_branch_committee_sees_how_many_forms_await_review(client, matrix, program, role_key):
    branch = matrix.units["branch_a1"]
    submit_in(program, branch, 2)
    submit_in(program, matrix.units["sub_a1"], 1)  # a sub-branch belongs to the branch
    submit_in(program, matrix.units["branch_a2"], 4)  # not theirs
    draft = factories.member(branch=branch, user=factories.user())
    factories.registration(factories.enroll(program, draft))
    client.force_login(matrix.users[role_key])
    html = text(client.get("/"))
    link = reverse("registrations:branch", args=[branch.pk]) + f"?program={program.pk}"
    assert f'href="{link}">3 phiếu chờ xác nhận ({program.school_year})</a>' in html


def test_a_year_whose_registration_closed_is_offered_only_while_forms_wait(client, matrix, program):
    """Issue 10, item 5: not "0 phiếu chờ xác nhận" for a year past its registration."""
    from datetime import timedelta

    from django.utils import timezone

    from renluyen.programs.models import Program

    member = factories.member(branch=matrix.units["branch_a1"], user=factories.user())
    enrollment = factories.enroll(program, member)
    client.force_login(matrix.users["branch_secretary"])
    assert f"0 phiếu chờ xác nhận ({program.school_year})" in text(client.get("/"))
    closed = timezone.localdate() - timedelta(days=1)
    Program.objects.filter(pk=program.pk).update(registration_deadline=closed)
    assert "phiếu chờ xác nhận" not in text(client.get("/"))
    # A form submitted (with an extension, say) still waits: then the year shows.
    Program.objects.filter(pk=program.pk).update(
        registration_deadline=timezone.localdate() + timedelta(days=1)
    )
    factories.registration(enrollment, submit=True)
    Program.objects.filter(pk=program.pk).update(registration_deadline=closed)
    assert f"1 phiếu chờ xác nhận ({program.school_year})" in text(client.get("/"))


@pytest.mark.parametrize("role_key", ["federation_committee", "standing_committee", "office"])
def test_units_above_the_branches_get_the_overview(client, matrix, role_key):
    client.force_login(matrix.users[role_key])
    html = text(client.get("/"))
    unit = matrix.units[m.ROLES[role_key][1]]
    assert f'href="{reverse("registrations:overview", args=[unit.pk])}"' in html
    assert "phiếu chờ xác nhận" not in html


@pytest.mark.parametrize("role_key", list(m.ROLES))
def test_everyone_gets_a_link_to_the_activities(client, matrix, role_key):
    client.force_login(matrix.users[role_key])
    assert 'href="/activities/"' in text(client.get("/"))


def test_the_review_card_keeps_its_query_count(
    client, matrix, program, django_assert_max_num_queries
):
    user = matrix.users["branch_secretary"]
    submit_in(program, matrix.units["branch_a1"], 1)
    client.force_login(user)
    few = count_queries(lambda: client.get("/"))
    submit_in(program, matrix.units["branch_a1"], 6)
    with django_assert_max_num_queries(few):
        html = text(client.get("/"))
    assert "7 phiếu chờ xác nhận" in html
