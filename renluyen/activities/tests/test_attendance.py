"""Taking part in activities: sign-up, the check-in code (its window, once per member),
the organiser's checklist, and paper slips typed in bulk (IV.1 Step 2, issue 11.2)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.activities import attendance
from renluyen.activities.models import Activity, AttendanceMethod, Participation
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Role


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def secretary(org):
    user = factories.user("bithu_a1")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


@pytest.fixture
def activity(org, program, secretary, today):
    return Activity.objects.create(
        program=program,
        unit=org["branch_a1"],
        area=program.areas.get(number=2),
        title="Chủ nhật xanh",
        starts_on=today,
        ends_on=today + timedelta(days=1),
    )


def a1_member(org, program, name=None):
    user = factories.user()
    member = factories.member(branch=org["branch_a1"], user=user, name=name)
    factories.enroll(program, member)
    return user


def check_in(client, code):
    return client.post(reverse("activities:check_in"), {"code": code})


def test_a_member_signs_up_from_the_catalog(activity, member_user, client_for):
    client = client_for(member_user)
    page = text(client.get(reverse("activities:list")))
    assert f'action="{reverse("activities:sign_up", args=[activity.pk])}"' in page
    client.post(reverse("activities:sign_up", args=[activity.pk]))
    participation = Participation.objects.get()
    assert participation.signed_up_at and participation.attended_at is None
    assert "Đã đăng ký" in text(client.get(reverse("activities:list")))
    client.post(reverse("activities:sign_up", args=[activity.pk]), {"action": "cancel"})
    assert not Participation.objects.exists()


def test_a_member_of_another_branch_cannot_sign_up(org, program, activity, client_for):
    user = factories.user()
    member = factories.member(branch=org["branch_b1"], user=user)
    factories.enroll(program, member)
    assert (
        client_for(user).post(reverse("activities:sign_up", args=[activity.pk])).status_code == 404
    )
    assert not Participation.objects.exists()


def test_check_in_with_the_code_once_per_member(activity, secretary, member_user, client_for):
    client_for(secretary).post(
        reverse("activities:checkin_screen", args=[activity.pk]), {"action": "new"}
    )
    activity.refresh_from_db()
    code = activity.checkin_code
    assert len(code) == 6 and set(code) <= set(attendance.ALPHABET)
    page = text(client_for(secretary).get(reverse("activities:checkin_screen", args=[activity.pk])))
    assert code in page and "<svg" in page and f"?code={code}" in page

    client = client_for(member_user)
    # Scanning the QR code opens the page with the code filled in; only the POST records.
    assert f'value="{code}"' in text(client.get(reverse("activities:check_in") + f"?code={code}"))
    assert not Participation.objects.exists()
    typed = f" {code[:3].lower()}-{code[3:]} "  # as typed on a phone
    response = check_in(client, typed)
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.method == AttendanceMethod.CODE and participation.attended_at
    # Used twice: refused, with when it was used.
    response = check_in(client, code)
    assert response.status_code == 400
    assert "Bạn đã điểm danh hoạt động “Chủ nhật xanh” lúc" in text(response)
    assert Participation.objects.count() == 1


def test_the_code_works_only_in_the_activitys_window(activity, secretary, member_user, client_for):
    code = attendance.checkin_code_new(activity=activity, user=secretary).checkin_code
    client = client_for(member_user)
    for shift, message in ((-1, "Điểm danh mở từ ngày"), (2, "Điểm danh đã đóng từ ngày")):
        Activity.objects.filter(pk=activity.pk).update(
            starts_on=activity.starts_on - timedelta(days=shift),
            ends_on=activity.ends_on - timedelta(days=shift),
        )
        response = check_in(client, code)
        assert response.status_code == 400 and message in text(response)
        Activity.objects.filter(pk=activity.pk).update(
            starts_on=activity.starts_on, ends_on=activity.ends_on
        )
    assert not Participation.objects.filter(attended_at__isnull=False).exists()


def test_a_wrong_code_or_another_units_member_is_refused(
    org, program, activity, secretary, client_for
):
    code = attendance.checkin_code_new(activity=activity, user=secretary).checkin_code
    user = factories.user()
    factories.enroll(program, factories.member(branch=org["branch_b1"], user=user))
    assert "Hoạt động này dành cho đoàn viên của đơn vị khác." in text(
        check_in(client_for(user), code)
    )
    assert "Không có hoạt động nào có mã điểm danh này." in text(
        check_in(client_for(user), "ZZZZZZ")
    )
    # A person without a member record has nothing to check in.
    assert check_in(client_for(secretary), code).status_code == 403
    # A replaced code stops working.
    attendance.checkin_code_new(activity=activity, user=secretary)
    assert "Không có hoạt động nào" in text(check_in(client_for(user), code))


def test_the_organisers_checklist(org, program, activity, secretary, client_for):
    users = [a1_member(org, program, name=f"Nguyễn Văn {n}") for n in "ABC"]
    for user in users:
        attendance.sign_up(
            activity=activity,
            enrollment=user.member.enrollments.get(),
            user=user,
        )
    rows = list(attendance.roster(activity))
    client = client_for(secretary)
    page = text(client.get(reverse("activities:roster", args=[activity.pk])))
    assert "0/3 đoàn viên có mặt." in page
    client.post(
        reverse("activities:roster", args=[activity.pk]),
        {"present": [str(rows[0].pk), str(rows[2].pk), "abc"]},
    )
    assert Participation.objects.filter(attended_at__isnull=False).count() == 2
    client.post(reverse("activities:roster", args=[activity.pk]), {"present": [str(rows[0].pk)]})
    assert list(Participation.objects.filter(attended_at__isnull=False)) == [rows[0]]


def test_attendance_is_not_recorded_before_the_activity(activity, secretary, member_user):
    Activity.objects.filter(pk=activity.pk).update(
        starts_on=timezone.localdate() + timedelta(days=3), ends_on=None
    )
    activity.refresh_from_db()
    with pytest.raises(DomainError):
        attendance.slips_enter(activity=activity, user=secretary, text="ABCDEFGH")


def test_slip_codes_typed_in_bulk_name_unknown_and_repeated_codes(
    org, program, activity, secretary, client_for
):
    users = [a1_member(org, program, name=f"Trần Thị {n}") for n in "ABCD"]
    for user in users:
        attendance.sign_up(activity=activity, enrollment=user.member.enrollments.get(), user=user)
    client = client_for(secretary)
    client.post(reverse("activities:slips", args=[activity.pk]))
    codes = list(
        Participation.objects.order_by("enrollment__member__full_name").values_list(
            "slip_code", flat=True
        )
    )
    assert all(codes) and len(set(codes)) == 4
    page = text(client.get(reverse("activities:slips", args=[activity.pk])))
    assert page.count(attendance.slip_display(codes[0])) == 2  # the member's and the school's

    # One slip typed in earlier.
    attendance.slips_enter(activity=activity, user=secretary, text=codes[3])
    typed = "\n".join(
        [
            attendance.slip_display(codes[0]),
            codes[1].lower(),
            codes[0],  # repeated
            "WXYZ-2345",  # unknown
            codes[3],  # typed in before
        ]
    )
    response = client.post(reverse("activities:slips_enter", args=[activity.pk]), {"codes": typed})
    page = text(response)
    assert "Đã ghi nhận 2 lượt có mặt." in page
    unknown = page.split('id="slips-unknown"')[1].split("</p>")[0]
    assert "WXYZ-2345" in unknown
    repeated = page.split('id="slips-repeated"')[1].split("</p>")[0]
    assert attendance.slip_display(codes[0]) in repeated
    already = page.split('id="slips-already"')[1].split("</div>")[0]
    assert attendance.slip_display(codes[3]) in already and "Trần Thị D" in already
    attended = Participation.objects.filter(attended_at__isnull=False, method=AttendanceMethod.SLIP)
    assert attended.count() == 3


def test_organiser_pages_are_for_the_organising_units_committee(
    org, program, activity, member_user, committee_b1, people, client_for
):
    supervisor = factories.user()
    factories.role(supervisor, org["fed_a"], Role.SUPERVISOR)
    mentor = factories.user()  # follows the member, organises nothing
    from renluyen.support.models import MentorKind, Mentorship

    Mentorship.objects.create(
        enrollment=member_user.member.enrollments.get(), mentor=mentor, kind=MentorKind.PEER
    )
    pages = [
        reverse(name, args=[activity.pk])
        for name in (
            "activities:roster",
            "activities:checkin_screen",
            "activities:slips",
            "activities:slips_enter",
        )
    ]
    for url in pages:
        # A member of the branch sees the activity but does not run it: 403.
        assert client_for(member_user).get(url).status_code == 403
        assert client_for(member_user).post(url, {"action": "new"}).status_code == 403
        # The supervisor of the federation sees it, read-only.
        assert client_for(supervisor).get(url).status_code == 403
        # Another branch's committee, or a mentor, does not even see it: 404.
        assert client_for(committee_b1).get(url).status_code == 404
        assert client_for(mentor).get(url).status_code == 404
        # The federation above and the base Union's standing committee manage it.
        assert client_for(people["fed_a"]).get(url).status_code == 200
        assert client_for(people["standing"]).get(url).status_code == 200
        assert client_for(people["secretary_b1"]).get(url).status_code == 404
    assert not Participation.objects.exists()
    assert Activity.objects.get().checkin_code is None


def test_the_roster_reads_in_a_fixed_number_of_queries(
    org, program, activity, secretary, client_for
):
    client = client_for(secretary)
    url = reverse("activities:roster", args=[activity.pk])
    a1_member(org, program)
    few = count_queries(lambda: client.get(url))
    for _ in range(5):
        user = a1_member(org, program)
        attendance.sign_up(activity=activity, enrollment=user.member.enrollments.get(), user=user)
    assert count_queries(lambda: client.get(url)) == few


def test_members_who_came_without_signing_up_are_added_by_code(
    org, program, activity, secretary, client_for
):
    came = a1_member(org, program, name="Phạm Văn Đến").member
    outsider = factories.member(branch=org["branch_b1"])
    factories.enroll(program, outsider)
    client = client_for(secretary)
    response = client.post(
        reverse("activities:roster", args=[activity.pk]),
        {"action": "add", "codes": f"{came.code.lower()}, {outsider.code} KHONGCO"},
        follow=True,
    )
    page = text(response)
    assert "Đã ghi nhận 1 lượt có mặt." in page
    assert f"{outsider.code}, KHONGCO" in page
    participation = Participation.objects.get()
    assert participation.enrollment.member == came and participation.attended_at
    assert participation.signed_up_at is None
    assert "Phạm Văn Đến" in page and "không đăng ký trước" in page
