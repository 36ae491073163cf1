"""Help requests (seed IV.1 Step 3): a member asks the branch committee or their mentor
for help; the request is answered and closed on the record."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import text
from renluyen.support import services
from renluyen.support.models import HelpRequest, HelpState, MentorKind, Mentorship


def ask(client, enrollment, text_, to=""):
    return client.post(
        reverse("support:mine"), {"enrollment": enrollment.pk, "text": text_, "to": to}
    )


def test_a_member_asks_the_committee_which_answers_then_the_member_closes(
    org, people, program, a1, client_for
):
    member = client_for(a1[0].member.user)
    response = ask(member, a1[0], "Em chưa biết chọn hoạt động nào cho nội dung 4.")
    request = HelpRequest.objects.get()
    assert response["Location"] == reverse("support:help_detail", args=[request.pk])
    assert request.mentor is None and request.state == HelpState.OPEN
    # The committee hears of it in the app (and by the next digest email).
    secretary = people["secretary_a1"]
    told = secretary.notifications.get(verb="support.help_asked")
    assert told.message == (
        "Lê Thị An đề nghị giúp đỡ: Em chưa biết chọn hoạt động nào cho nội dung 4."
    )
    committee = client_for(secretary)
    hub = text(committee.get(reverse("support:unit", args=[org["branch_a1"].pk])))
    assert "Em chưa biết chọn hoạt động nào" in hub and "Chờ trả lời" in hub
    url = reverse("support:help_detail", args=[request.pk])
    committee.post(url, {"text": "Em tham gia Ngày chạy Olympic nhé.", "version": "0"})
    request.refresh_from_db()
    assert request.state == HelpState.ANSWERED
    page = text(member.get(url))
    assert "Em tham gia Ngày chạy Olympic nhé." in page
    member.post(url, {"close": "1", "version": str(request.version)})
    request.refresh_from_db()
    assert request.state == HelpState.CLOSED and request.closed_by == a1[0].member.user
    assert [e.verb for e in Event.objects.order_by("pk") if e.verb.startswith("support.")] == [
        "support.help_ask",
        "support.help_reply",
        "support.help_close",
    ]
    # Closed on the record: no more answers.
    assert "Đóng: tôi đã được giúp đỡ" not in text(member.get(url))
    with pytest.raises(DomainError, match="đã đóng"):
        services.help_reply(request=request, user=secretary, text="Thêm", version=request.version)


def test_a_member_asks_their_mentor_who_is_told_and_answers(org, people, program, a1, client_for):
    mentor = factories.user(email="mentor@example.edu.vn")
    Mentorship.objects.create(enrollment=a1[0], mentor=mentor, kind=MentorKind.COMMITTEE)
    ask(client_for(a1[0].member.user), a1[0], "Anh giúp em lịch chạy bộ.", to=str(mentor.pk))
    request = HelpRequest.objects.get()
    assert request.mentor == mentor
    call_command("send_notification_digests")
    assert any("Anh giúp em lịch chạy bộ." in m.body for m in mail.outbox if m.to == [mentor.email])
    mentees = text(client_for(mentor).get(reverse("support:mentees")))
    assert "Trả lời đề nghị giúp đỡ" in mentees
    url = reverse("support:help_detail", args=[request.pk])
    assert (
        client_for(mentor).post(url, {"text": "Chạy 6h sáng.", "version": "0"}).status_code == 302
    )
    assert HelpRequest.objects.get().state == HelpState.ANSWERED


def test_asking_someone_who_does_not_follow_you_or_for_another_member_is_refused(
    org, people, program, a1, client_for
):
    stranger = factories.user()
    with pytest.raises(DomainError, match="không theo dõi"):
        services.help_ask(enrollment=a1[0], user=a1[0].member.user, text="Giúp em", mentor=stranger)
    with pytest.raises(DomainError, match="Chỉ đoàn viên"):
        services.help_ask(enrollment=a1[0], user=a1[1].member.user, text="Giúp bạn ấy")
    # The page only offers the member's own enrollments: another's is a 404.
    assert ask(client_for(a1[1].member.user), a1[0], "Giúp em").status_code == 404
    assert not HelpRequest.objects.exists()


def test_the_federation_reads_a_request_and_may_not_answer(org, people, program, a1, client_for):
    request = services.help_ask(enrollment=a1[0], user=a1[0].member.user, text="Giúp em")
    url = reverse("support:help_detail", args=[request.pk])
    federation = client_for(people["fed_a"])
    assert federation.get(url).status_code == 200
    assert federation.post(url, {"text": "Ừ", "version": "0"}).status_code == 403
    b1 = client_for(people["secretary_b1"])
    assert b1.get(url).status_code == 404
    other_member = client_for(a1[1].member.user)
    assert other_member.get(url).status_code == 404
