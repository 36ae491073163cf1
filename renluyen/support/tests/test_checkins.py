"""Check-in rounds (seed IV.1 Step 2-3): the branch chooses monthly or quarterly rounds;
for each round the committee, or a member's mentor, records progress, difficulty and the
support agreed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import count_queries, text
from renluyen.programs.models import Program
from renluyen.support import rounds, services
from renluyen.support.models import Checkin, Frequency, MentorKind, Mentorship
from renluyen.support.tests.conftest import confirmed_member, mid_year, record_round


def round_url(branch, program, number):
    return f"{reverse('support:checkin_round', args=[branch.pk, number])}?program={program.pk}"


def plan_url(branch, program):
    return f"{reverse('support:checkins', args=[branch.pk])}?program={program.pk}"


def fields(enrollment, progress="", difficulty="", support="", version=0):
    pk = enrollment.pk
    return {
        f"progress-{pk}": progress,
        f"difficulty-{pk}": difficulty,
        f"support-{pk}": support,
        f"version-{pk}": str(version),
    }


def monthly(program, branch, user):
    services.checkin_plan_set(
        program=program, branch=branch, user=user, frequency=Frequency.MONTHLY
    )


def test_the_secretary_records_a_round_for_the_members_talked_with(
    org, people, program, a1, client_for
):
    secretary = people["secretary_a1"]
    monthly(program, org["branch_a1"], secretary)
    data = {"held_on": timezone.localdate().isoformat()}
    data |= fields(a1[0], "Đã học xong hai chương tiếng Anh.", "Thiếu thời gian", "Học nhóm")
    data |= fields(a1[1])  # not talked with: left empty, not saved
    client = client_for(secretary)
    response = client.post(round_url(org["branch_a1"], program, 2), data)
    assert response.status_code == 302
    checkin = Checkin.objects.get()
    assert (checkin.enrollment, checkin.round, checkin.progress, checkin.support) == (
        a1[0],
        2,
        "Đã học xong hai chương tiếng Anh.",
        "Học nhóm",
    )
    assert checkin.recorded_by == secretary
    assert Event.objects.filter(verb="support.checkin", actor=secretary).count() == 1
    page = text(client.get(response["Location"]))
    assert "Đã lưu 1 lần trao đổi." in page
    assert "Đã trao đổi 1/3 đoàn viên." in page


def test_a_page_changed_meanwhile_keeps_the_other_members_and_names_the_stale_one(
    org, people, program, a1, client_for
):
    secretary, deputy = people["secretary_a1"], factories.user()
    factories.role(deputy, org["branch_a1"], "branch_deputy")
    monthly(program, org["branch_a1"], secretary)
    url = round_url(org["branch_a1"], program, 2)
    # The deputy saves An's exchange while the secretary's page still shows none.
    client_for(deputy).post(url, fields(a1[0], "Tiến bộ rõ ở nội dung 3."))
    data = fields(a1[0], "Ghi đè của bí thư.") | fields(a1[1], "Đã tham gia Chủ nhật xanh.")
    response = client_for(secretary).post(url, data)
    assert response.status_code == 200
    page = text(response)
    assert "Lê Thị An: Đã có người thay đổi nội dung này" in page
    # What the secretary typed is still in the form, on the version the page had.
    assert "Ghi đè của bí thư." in page
    assert Checkin.objects.get(enrollment=a1[0]).progress == "Tiến bộ rõ ở nội dung 3."
    assert Checkin.objects.get(enrollment=a1[1]).progress == "Đã tham gia Chủ nhật xanh."


def test_editing_a_checkin_needs_the_version_seen(org, people, program, a1):
    secretary = people["secretary_a1"]

    def save(progress, version):
        return services.checkins_record(
            program=program,
            branch=org["branch_a1"],
            user=secretary,
            round_number=1,
            held_on=None,
            entries={a1[0].pk: services.CheckinEntry(progress, version=version)},
        )

    assert len(save("Lần đầu", 0).saved) == 1
    assert save("Lần hai", 0).refused  # the page still showed no check-in
    assert len(save("Lần hai", 1).saved) == 1
    checkin = Checkin.objects.get()
    assert (checkin.progress, checkin.version) == ("Lần hai", 2)
    assert save("Lần hai", 2).saved == []  # nothing changed: nothing written


def test_rounds_not_begun_future_dates_and_unconfirmed_members_are_refused(
    org, people, program, a1
):
    secretary = people["secretary_a1"]
    monthly(program, org["branch_a1"], secretary)
    draft = factories.enroll(program, factories.member(branch=org["branch_a1"]))

    def record(number, held_on=None, enrollment=a1[0]):
        return services.checkins_record(
            program=program,
            branch=org["branch_a1"],
            user=secretary,
            round_number=number,
            held_on=held_on,
            entries={enrollment.pk: services.CheckinEntry("Đã trao đổi.")},
        )

    with pytest.raises(DomainError, match="Đợt 3 bắt đầu ngày"):
        record(3)
    with pytest.raises(DomainError, match="không thể ở tương lai"):
        record(2, held_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(DomainError, match="Đợt 2 bắt đầu ngày .*chọn ngày từ đó"):
        record(2, held_on=timezone.localdate() - timedelta(days=45))
    with pytest.raises(DomainError, match="không có đợt trao đổi này"):
        record(99)
    assert record(2, enrollment=draft).refused == [
        (draft.member.full_name, "Đoàn viên này chưa có phiếu được xác nhận.")
    ]


def test_nobody_records_their_own_checkin(org, people, program):
    secretary = people["secretary_a1"]
    own = confirmed_member(program, org["branch_a1"], secretary, account=secretary)
    mid_year(program)
    outcome = services.checkins_record(
        program=program,
        branch=org["branch_a1"],
        user=secretary,
        round_number=1,
        held_on=None,
        entries={own.pk: services.CheckinEntry("Tự ghi cho mình.")},
    )
    assert outcome.saved == [] and "không được ghi" in str(outcome.refused[0][1])


def test_the_plan_is_chosen_then_fixed_once_checkins_are_recorded(
    org, people, program, a1, client_for
):
    secretary = people["secretary_a1"]
    client = client_for(secretary)
    url = plan_url(org["branch_a1"], program)
    page = text(client.get(url))
    assert "Chi đoàn chưa chọn: trao đổi hàng quý cho đến khi chọn." in page
    assert client.post(url, {"frequency": "monthly"}).status_code == 302
    page = text(client.get(url))
    assert "Chi đoàn chưa chọn" not in page
    assert page.count('id="round-') == len(rounds.schedule(program, "monthly"))
    assert "Đang diễn ra, hạn" in page
    record_round(program, org["branch_a1"], secretary, 1, a1[:1])
    client.post(url, {"frequency": "quarterly"})
    page = text(client.get(url))
    assert "nên năm học này vẫn giữ lịch hàng tháng" in page
    assert 'id="round-1"' in page and "Quá hạn" in page  # 1 of 3 members in round 1


def test_a_mentor_records_a_checkin_with_their_mentee_only(org, people, program, a1, client_for):
    mentor = factories.user()
    Mentorship.objects.create(enrollment=a1[0], mentor=mentor, kind=MentorKind.COMMITTEE)
    client = client_for(mentor)
    page = text(client.get(reverse("support:mentees")))
    assert "Lê Thị An" in page and "Phạm Văn Bình" not in page
    current = rounds.for_branches(program, [org["branch_a1"]])[org["branch_a1"].pk].current
    data = {"enrollment": a1[0].pk, "round": current.number}
    data |= fields(a1[0], "Đã gặp, bạn đang ôn thi.", "", "Nhắc lịch chạy bộ")
    response = client.post(reverse("support:mentees"), data)
    assert response.status_code == 302
    assert Checkin.objects.get().recorded_by == mentor
    # Another member of the branch is not theirs: the page answers 404.
    other = {"enrollment": a1[1].pk, "round": current.number} | fields(a1[1], "Không phải.")
    assert client.post(reverse("support:mentees"), other).status_code == 404
    assert Checkin.objects.count() == 1


def test_the_round_page_reads_in_a_fixed_number_of_queries(org, people, program, client_for):
    secretary = people["secretary_a1"]
    few = [confirmed_member(program, org["branch_a1"], secretary) for _ in range(2)]
    mid_year(program)
    client = client_for(secretary)
    url = round_url(org["branch_a1"], program, 1)

    def record(enrollments):
        record_round(program, org["branch_a1"], secretary, 1, enrollments)

    record(few)
    small = count_queries(lambda: client.get(url))
    # Registration open again for a moment to confirm more forms.
    Program.objects.filter(pk=program.pk).update(registration_deadline=program.evaluation_start)
    more = [confirmed_member(program, org["branch_a1"], secretary) for _ in range(6)]
    mid_year(program)
    record(more)
    assert count_queries(lambda: client.get(url)) == small
