"""A member's score history (evaluations:history): every change with who, when, which
score and old → new, newest first, for the member and the committee alike."""

from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.evaluations import services


def url(enrollment):
    return reverse("evaluations:history", args=[enrollment.pk])


def rows(enrollment):
    return services.rows_of(services.evaluation_of(enrollment))


def secretary(org):
    from renluyen.organizations.models import Role

    user = factories.user(first_name="Bình", last_name="Nguyễn Thị")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


def test_it_shows_old_and_new_scores_with_the_actor(client, enrollment, org):
    factories.self_scores(enrollment, score="7.5")
    user = secretary(org)
    first = rows(enrollment)[0]
    services.collective_set(enrollment=enrollment, user=user, item_id=first.item.pk, value="6")
    services.comment_set(enrollment=enrollment, user=user, text="Cần chủ động hơn.")
    client.force_login(user)
    response = client.get(url(enrollment))
    assert response.status_code == 200
    page = text(response)
    assert "Nguyễn Thị Bình" in page
    assert "Điểm tập thể" in page and "<del>(trống)</del>" in page and "<ins>6</ins>" in page
    assert "Tự chấm" in page and "Nộp bản tự đánh giá" in page
    assert "Nhận xét của chi đoàn" in page and "Cần chủ động hơn." in page
    # Newest first: the comment before the score change before the submission.
    assert (
        page.index("Cần chủ động hơn.")
        < page.index("<ins>6</ins>")
        < page.index("Nộp bản tự đánh giá")
    )


def test_maxima_and_group_comments_are_listed(client, enrollment, org):
    user = secretary(org)
    first, second = [r for r in rows(enrollment) if r.item.area.number == 1]
    services.maxima_set(
        enrollment=enrollment,
        user=user,
        area_id=first.item.area_id,
        values={first.key: "12", second.key: "8"},
    )
    services.group_comment_add(enrollment=enrollment, user=user, text="Hăng hái, đúng giờ.")
    client.force_login(user)
    page = text(client.get(url(enrollment)))
    assert "Điểm tối đa" in page and "<ins>12</ins>" in page and "<del>(trống)</del>" in page
    assert "Hăng hái, đúng giờ." in page


def test_the_member_sees_it_and_goes_back_to_their_page(client, enrollment, member_user):
    factories.self_scores(enrollment, score=8, submit=False)
    client.force_login(member_user)
    page = text(client.get(url(enrollment)))
    assert "Lưu nháp bản tự đánh giá" in page
    assert reverse("evaluations:self", args=[enrollment.pk]) in page


def test_accepting_and_the_reason_are_listed(client, enrollment, org):
    factories.self_scores(enrollment, score=8)
    user = secretary(org)
    first = rows(enrollment)[0]
    services.collective_set(enrollment=enrollment, user=user, item_id=first.item.pk, value="6")
    services.reason_set(enrollment=enrollment, user=user, text="Minh chứng chưa đủ.")
    services.member_accept(enrollment=enrollment, user=user)
    client.force_login(user)
    page = text(client.get(url(enrollment)))
    assert "Chấp nhận điểm tự chấm như đoàn viên tự chấm" in page
    assert "Lý do điều chỉnh điểm" in page and "<ins>Minh chứng chưa đủ.</ins>" in page


def test_the_member_sees_only_what_their_page_shows_at_that_stage(
    client, enrollment, org, member_user, people
):
    """Issue 13, item 2: while the branch scores, the member's history shows their own
    steps only (not the branch's scores, comments nor who typed them); once the results
    are sent up, the branch's scores, reason and comment by "the branch committee", and
    never the sub-branch's comments, which their page does not show."""
    factories.self_scores(enrollment, score=8)
    user = secretary(org)
    first = rows(enrollment)[0]
    services.collective_set(enrollment=enrollment, user=user, item_id=first.item.pk, value="6")
    services.reason_set(enrollment=enrollment, user=user, text="Minh chứng chưa đủ.")
    services.comment_set(enrollment=enrollment, user=user, text="Cần chủ động hơn.")
    services.group_comment_add(enrollment=enrollment, user=user, text="Nhóm: hay đi muộn.")
    services.member_accept(enrollment=enrollment, user=user)
    client.force_login(member_user)
    page = text(client.get(url(enrollment)))
    self_page = text(client.get(reverse("evaluations:self", args=[enrollment.pk])))
    assert "Nộp bản tự đánh giá" in page
    for hidden in ("Nguyễn Thị Bình", "<ins>6</ins>", "Minh chứng chưa đủ.", "Cần chủ động hơn."):
        assert hidden not in page and hidden not in self_page
    assert "hay đi muộn" not in page and "Ban Chấp hành chi đoàn" not in page

    factories.finalize(enrollment.program, org["branch_a1"], user)
    page = text(client.get(url(enrollment)))
    self_page = text(client.get(reverse("evaluations:self", args=[enrollment.pk])))
    for shown in ("Minh chứng chưa đủ.", "Cần chủ động hơn."):
        assert shown in page and shown in self_page
    assert "<ins>6</ins>" in page and "Ban Chấp hành chi đoàn" in page
    assert "Nguyễn Thị Bình" not in page and "hay đi muộn" not in page
    # The committee still sees everything, with names.
    client.force_login(user)
    page = text(client.get(url(enrollment)))
    assert "Nguyễn Thị Bình" in page and "hay đi muộn" in page


def test_queries_do_not_grow_with_events(client, enrollment, org):
    user = secretary(org)
    client.force_login(user)
    first = rows(enrollment)[0]
    services.collective_set(enrollment=enrollment, user=user, item_id=first.item.pk, value="5")
    few = count_queries(lambda: client.get(url(enrollment)))
    for value in ("6", "7", "8", "9", "5,5"):
        services.collective_set(
            enrollment=enrollment, user=user, item_id=first.item.pk, value=value
        )
    assert count_queries(lambda: client.get(url(enrollment))) == few


# ---------------------------------------------------------------- permissions


def test_another_member_gets_404(client, enrollment, org):
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    client.force_login(other)
    assert client.get(url(enrollment)).status_code == 404


def test_another_branchs_secretary_gets_404(client, enrollment, people):
    client.force_login(people["secretary_b1"])
    assert client.get(url(enrollment)).status_code == 404


def test_the_federation_reads_it(client, enrollment, people):
    client.force_login(people["fed_a"])
    assert client.get(url(enrollment)).status_code == 200
    assert client.post(url(enrollment)).status_code == 405
