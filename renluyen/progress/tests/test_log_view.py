"""The member's progress log: recording what was done on each confirmed criterion, with
problems beside the fields; comments from the committee and the mentor; who may do what."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import count_queries, text
from renluyen.progress.models import Entry
from renluyen.progress.tests.conftest import attended, confirmed_member, jpeg, upload


def url(year):
    return reverse("progress:log", args=[year.enrollment.pk])


def add(client, year, **values):
    data = {
        "item": year.items[0].pk,
        "done_on": timezone.localdate().isoformat(),
        "text": "Hiến máu tình nguyện lần thứ hai trong năm học.",
        "link": "",
        **values,
    }
    return client.post(url(year), data)


def test_the_member_records_progress_with_a_photo_and_a_link(year, client_for):
    client = client_for(year.member)
    response = add(
        client, year, file=upload(jpeg(), name="hien-mau.jpg"), link="https://doan.vnu.edu.vn/a"
    )
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#entry-{entry.pk}")
    assert entry.item == year.items[0] and entry.file_kind == "image"
    assert entry.author == year.member and entry.seen_at is None
    page = text(client.get(url(year)))
    assert "Hiến máu tình nguyện lần thứ hai trong năm học." in page
    assert reverse("progress:entry_file", args=[entry.pk]) in page
    assert 'href="https://doan.vnu.edu.vn/a" rel="noopener noreferrer nofollow"' in page
    event = Event.objects.get(verb="progress.entry_add")
    assert event.data["entry"] == entry.pk and event.object_id == str(year.enrollment.pk)


def test_problems_show_beside_their_fields_and_nothing_is_stored(year, client_for):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = add(
        client_for(year.member), year, text="  ", done_on=tomorrow, link="javascript:alert(1)"
    )
    assert response.status_code == 400
    page = text(response)
    assert "Hãy ghi việc bạn đã làm." in page
    assert "Ngày không được ở tương lai." in page
    assert "Hãy nhập địa chỉ web bắt đầu bằng https:// hoặc http://." in page
    assert not Entry.objects.exists()


def test_only_confirmed_criteria_of_ones_own_form_take_entries(year, client_for):
    others = year.peer.registration.items.first()
    response = add(client_for(year.member), year, item=others.pk)
    assert "Hãy chọn một tiêu chí đã được xác nhận trong phiếu của bạn." in text(response)
    response = add(client_for(year.member), year, item="99999999999999999999999")
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_nobody_else_records_progress_for_the_member(year, client_for):
    for user in (year.secretary, year.mentor, year.supervisor, year.federation):
        assert add(client_for(user), year).status_code == 403, user
    for user in (year.outsider, year.peer.member.user, year.secretary_b1):
        assert add(client_for(user), year).status_code == 404, user
    assert not Entry.objects.exists()


def test_the_committee_and_the_mentor_comment_the_member_replies(year, client_for):
    add(client_for(year.member), year)
    entry = Entry.objects.get()
    comment_url = reverse("progress:entry_comment", args=[entry.pk])
    client_for(year.mentor).post(comment_url, {"text": "Tốt lắm, giữ vững nhé!"})
    entry.refresh_from_db()
    assert entry.seen_by == year.mentor  # a comment counts as looking at it
    client_for(year.secretary).post(comment_url, {"text": "Chi đoàn ghi nhận."})
    client_for(year.member).post(comment_url, {"text": "Em cảm ơn anh chị."})
    page = text(client_for(year.member).get(url(year)))
    for words in ("Tốt lắm, giữ vững nhé!", "Chi đoàn ghi nhận.", "Em cảm ơn anh chị."):
        assert words in page
    # Read-only roles and the other branches may not comment.
    assert client_for(year.supervisor).post(comment_url, {"text": "x"}).status_code == 403
    assert client_for(year.federation).post(comment_url, {"text": "x"}).status_code == 403
    assert client_for(year.secretary_b1).post(comment_url, {"text": "x"}).status_code == 404
    assert client_for(year.peer.member.user).post(comment_url, {"text": "x"}).status_code == 404


def test_the_committee_marks_an_entry_looked_at(year, client_for):
    add(client_for(year.member), year)
    entry = Entry.objects.get()
    seen_url = reverse("progress:entry_seen", args=[entry.pk])
    assert client_for(year.member).post(seen_url).status_code == 403
    assert client_for(year.supervisor).post(seen_url).status_code == 403
    assert client_for(year.secretary).post(seen_url).status_code == 302
    entry.refresh_from_db()
    assert entry.seen_by == year.secretary


def test_the_member_deletes_an_entry_and_its_file(
    year, client_for, evidence_dir, django_capture_on_commit_callbacks
):
    add(client_for(year.member), year, file=upload(jpeg()))
    entry = Entry.objects.get()
    delete_url = reverse("progress:entry_delete", args=[entry.pk])
    assert client_for(year.secretary).post(delete_url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(year.member).post(delete_url).status_code == 302
    assert not Entry.objects.exists()
    assert not [p for p in evidence_dir.rglob("*") if p.is_file()]


def test_a_form_not_confirmed_has_no_log_to_write(org, year, client_for):
    user = factories.user()
    member = factories.member(branch=org["branch_a1"], user=user)
    enrollment = factories.enroll(year.program, member)
    factories.registration(enrollment, submit=True)
    response = client_for(user).get(reverse("progress:log", args=[enrollment.pk]))
    assert "Nhật ký rèn luyện mở khi Ban Chấp hành chi đoàn xác nhận phiếu của bạn." in text(
        response
    )
    assert client_for(user).get(reverse("progress:mine")).status_code == 200


def test_mine_leads_to_the_members_log(year, client_for):
    response = client_for(year.member).get(reverse("progress:mine"))
    assert response["Location"] == url(year)


def test_attendance_shows_under_the_related_criteria(year, client_for):
    item = year.items[0]
    attended(year, item, "Ngày hội hiến máu")
    page = text(client_for(year.member).get(url(year)))
    assert page.count("Ngày hội hiến máu") == 1
    block = page.split(f'id="item-{item.pk}"')[1].split('class="pg-item"')[0]
    assert "Đã tham gia" in block and "Ngày hội hiến máu" in block


def test_the_log_page_reads_in_a_fixed_number_of_queries(year, client_for):
    client = client_for(year.secretary)
    add(client_for(year.member), year)
    few = count_queries(lambda: client.get(url(year)))
    for item in year.items:
        for _ in range(3):
            add(client_for(year.member), year, item=item.pk, file=upload(jpeg()))
    entry = Entry.objects.first()
    for _ in range(3):
        client_for(year.mentor).post(
            reverse("progress:entry_comment", args=[entry.pk]), {"text": "Tốt."}
        )
    assert count_queries(lambda: client.get(url(year))) == few


def test_the_log_closes_when_the_branch_sends_its_results_up(year, client_for):
    from renluyen.evaluations.models import BranchEvaluation, BranchState

    BranchEvaluation.objects.create(
        program=year.program, branch=year.org["branch_a1"], state=BranchState.FINALIZED
    )
    response = add(client_for(year.member), year)
    assert "Chi đoàn đã chuyển kết quả lên" in text(response)
    assert not Entry.objects.exists()


def test_another_branch_member_of_the_same_program_has_their_own_log(year, client_for):
    enrollment = confirmed_member(year.program, year.org["branch_b1"], year.secretary_b1)
    response = client_for(year.secretary).get(reverse("progress:log", args=[enrollment.pk]))
    assert response.status_code == 404


def test_a_recognized_year_takes_no_more_comments(year, client_for):
    from renluyen.evaluations.models import BranchEvaluation, BranchState

    add(client_for(year.member), year)
    entry = Entry.objects.get()
    BranchEvaluation.objects.create(
        program=year.program, branch=year.org["branch_a1"], state=BranchState.RECOGNIZED
    )
    response = client_for(year.secretary).post(
        reverse("progress:entry_comment", args=[entry.pk]), {"text": "Muộn rồi."}, follow=True
    )
    assert "Chi đoàn đã chuyển kết quả lên" in text(response)
    assert not entry.comments.exists()
