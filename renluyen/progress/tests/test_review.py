"""The six-monthly self-review (IV.1 Step 3): in the program's window the member marks
every confirmed criterion and names difficulties; the branch sees a summary, its members
reply with help; a member who has done everything is invited to register more."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from renluyen.audit.models import Event
from renluyen.core.tests.helpers import count_queries, text
from renluyen.progress.models import Mark, Reply, SelfReview
from renluyen.progress.tests.conftest import confirmed_member


def review_url(enrollment):
    return reverse("progress:review", args=[enrollment.pk])


def branch_url(year, branch="branch_a1"):
    return f"{reverse('progress:branch', args=[year.org[branch].pk])}?program={year.program.pk}"


def marks(items, status=Mark.DONE, **overrides):
    data = {f"mark-{item.pk}": status for item in items}
    data.update(overrides)
    return data


def send(client, enrollment, items, *, action="submit", difficulties="", version=0, **data):
    return client.post(
        review_url(enrollment),
        {
            **marks(items, **data),
            "difficulties": difficulties,
            "version": str(version),
            "action": action,
        },
    )


def items_of(enrollment):
    return list(enrollment.registration.items.filter(confirmed_at__isnull=False))


def test_a_member_marks_every_criterion_and_names_difficulties(year, client_for):
    client = client_for(year.member)
    page = text(client.get(review_url(year.enrollment)))
    assert "Gửi bản tự đánh giá" in page and "Chưa bắt đầu" in page
    items = year.items
    data = marks(items, Mark.IN_PROGRESS, **{f"mark-{items[0].pk}": Mark.NOT_STARTED})
    response = client.post(
        review_url(year.enrollment),
        {
            **data,
            "difficulties": "Chưa sắp xếp được thời gian.",
            "version": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    review = SelfReview.objects.get(enrollment=year.enrollment)
    assert review.submitted_at is not None
    assert review.marks.filter(status=Mark.NOT_STARTED).count() == 1
    assert Event.objects.filter(verb="progress.review_submit").exists()
    page = text(client.get(response["Location"]))
    assert "Đã gửi lúc" in page and "Đã hoàn thành tất cả" not in page


def test_sending_needs_a_mark_on_every_criterion(year, client_for):
    items = year.items
    data = {f"mark-{items[0].pk}": Mark.DONE}
    response = client_for(year.member).post(
        review_url(year.enrollment),
        {**data, "difficulties": "", "version": "0", "action": "submit"},
    )
    assert response.status_code == 400
    page = text(response)
    assert page.count("Hãy chọn mức độ thực hiện tiêu chí này.") == len(items) - 1
    assert not SelfReview.objects.exists()
    # A draft keeps what was marked.
    response = client_for(year.member).post(
        review_url(year.enrollment), {**data, "difficulties": "", "version": "0", "action": "save"}
    )
    review = SelfReview.objects.get()
    assert review.submitted_at is None and review.marks.count() == 1


def test_a_member_who_has_done_everything_is_invited_to_register_more(year, client_for):
    response = send(client_for(year.member), year.enrollment, year.items)
    page = text(client_for(year.member).get(response["Location"]))
    assert "Đã hoàn thành tất cả: đăng ký thêm?" in page
    assert reverse("registrations:form", args=[year.enrollment.pk]) in page


def test_a_stale_page_is_refused(year, client_for):
    client = client_for(year.member)
    send(client, year.enrollment, year.items, action="save")
    response = send(client, year.enrollment, year.items, version=0)
    assert "Bản tự đánh giá đã được sửa ở cửa sổ khác" in text(response)


def test_outside_the_window_the_review_is_read_only(year, client_for):
    later = timezone.localdate() + timedelta(days=30)
    with time_machine.travel(later, tick=False):
        response = send(client_for(year.member), year.enrollment, year.items)
        assert "Tự đánh giá 6 tháng đã đóng ngày" in text(response)
    assert not SelfReview.objects.exists()


def test_only_the_member_writes_their_review(year, client_for):
    for user in (year.secretary, year.mentor, year.supervisor):
        assert send(client_for(user), year.enrollment, year.items).status_code == 403
    for user in (year.outsider, year.peer.member.user, year.secretary_b1):
        assert send(client_for(user), year.enrollment, year.items).status_code == 404
        assert client_for(user).get(review_url(year.enrollment)).status_code == 404
    for user in (year.secretary, year.mentor, year.supervisor, year.federation):
        assert client_for(user).get(review_url(year.enrollment)).status_code == 200


def test_the_branch_summary_shows_who_is_stuck_and_the_difficulties(year, client_for):
    send(
        client_for(year.member),
        year.enrollment,
        year.items,
        status=Mark.NOT_STARTED,
        difficulties="Em chưa tìm được lớp tiếng Anh phù hợp.",
    )
    send(client_for(year.peer.member.user), year.peer, items_of(year.peer))
    page = text(client_for(year.secretary).get(branch_url(year)))
    assert "<strong>2</strong>/2 đoàn viên có phiếu được xác nhận đã gửi bản tự đánh giá." in page
    stuck = page.split('id="stuck"')[1].split('id="on-track"')[0]
    assert "Lê Thị Hoa" in stuck and "Em chưa tìm được lớp tiếng Anh phù hợp." in stuck
    assert "Trần Văn Bạn" in page.split('id="on-track"')[1]
    assert "1 đoàn viên đã hoàn thành tất cả." in page


def test_members_of_the_branch_reply_with_help(year, client_for):
    send(client_for(year.member), year.enrollment, year.items, difficulties="Cần bạn học cùng.")
    review = SelfReview.objects.get()
    reply_url = reverse("progress:reply", args=[review.pk])
    peer = client_for(year.peer.member.user)
    assert peer.get(branch_url(year)).status_code == 200
    response = peer.post(reply_url, {"text": "Mình học cùng bạn mỗi tối thứ Ba nhé."})
    assert response.status_code == 302
    assert (
        client_for(year.secretary).post(reply_url, {"text": "Chi đoàn hỗ trợ."}).status_code == 302
    )
    assert client_for(year.mentor).post(reply_url, {"text": "Anh sẽ gọi em."}).status_code == 302
    assert Reply.objects.count() == 3
    assert "Mình học cùng bạn mỗi tối thứ Ba nhé." in text(
        client_for(year.member).get(review_url(year.enrollment))
    )
    # Read-only roles see but do not reply; other branches do not see.
    assert client_for(year.supervisor).post(reply_url, {"text": "x"}).status_code == 403
    assert client_for(year.supervisor).get(branch_url(year)).status_code == 200
    for user in (year.other.member.user, year.secretary_b1, year.outsider):
        assert client_for(user).post(reply_url, {"text": "x"}).status_code == 404
        assert client_for(user).get(branch_url(year)).status_code == 404
    assert Reply.objects.count() == 3


def test_the_branch_summary_reads_in_a_fixed_number_of_queries(year, client_for):
    client = client_for(year.secretary)
    send(client_for(year.member), year.enrollment, year.items, difficulties="Khó.")
    few = count_queries(lambda: client.get(branch_url(year)))
    for i in range(6):
        enrollment = confirmed_member(year.program, year.org["branch_a1"], year.secretary)
        send(
            client_for(enrollment.member.user),
            enrollment,
            items_of(enrollment),
            status=[Mark.DONE, Mark.NOT_STARTED][i % 2],
            difficulties="Khó." if i % 3 == 0 else "",
        )
    review = SelfReview.objects.filter(enrollment=year.enrollment).get()
    for _ in range(3):
        client_for(year.peer.member.user).post(
            reverse("progress:reply", args=[review.pk]), {"text": "Cố lên!"}
        )
    many = count_queries(lambda: client.get(branch_url(year)))
    assert many == few


def test_a_recognized_year_takes_no_more_replies(year, client_for):
    from renluyen.evaluations.models import BranchEvaluation, BranchState

    send(client_for(year.member), year.enrollment, year.items, difficulties="Cần giúp.")
    review = SelfReview.objects.get()
    BranchEvaluation.objects.create(
        program=year.program, branch=year.org["branch_a1"], state=BranchState.RECOGNIZED
    )
    response = client_for(year.peer.member.user).post(
        reverse("progress:reply", args=[review.pk]), {"text": "Muộn rồi."}, follow=True
    )
    assert "Chi đoàn đã chuyển kết quả lên" in text(response)
    assert not Reply.objects.exists()
