"""Per-criterion maxima of one member (evaluations:maxima): refused when they do not add up
to the area's points, accepted (and the totals recomputed) when they do, cleared by
"Chia đều"; the branch committee only."""

from decimal import Decimal

from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.evaluations import services


def url(enrollment):
    return reverse("evaluations:maxima", args=[enrollment.pk])


def rows(enrollment):
    return services.rows_of(services.evaluation_of(enrollment))


def area_rows(enrollment, number=1):
    return [r for r in rows(enrollment) if r.item.area.number == number]


def post(client, enrollment, values, action="save"):
    first, second = area_rows(enrollment)
    data = {"area": first.item.area_id, "action": action}
    data |= {f"max-{r.key}": v for r, v in zip((first, second), values, strict=True)}
    return client.post(url(enrollment), data)


def test_it_shows_one_form_per_area_with_the_equal_split(client, enrollment, people):
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(enrollment)))
    assert page.count('name="area"') == 5
    assert page.count('placeholder="10"') == 10
    assert "Chia đều" in page and "Lưu điểm tối đa" in page


def test_maxima_not_adding_up_are_refused_beside_the_area(client, enrollment, people):
    client.force_login(people["secretary_a1"])
    response = post(client, enrollment, ["8", "10"])
    assert response.status_code == 200
    page = text(response)
    assert "Tổng điểm tối đa là 18; phải bằng 20 điểm của nội dung." in page
    assert 'value="8"' in page  # what was typed stays
    assert [r.score.max_points for r in area_rows(enrollment)] == [None, None]


def test_maxima_adding_up_are_saved_and_the_totals_follow(client, enrollment, people):
    factories.self_scores(enrollment, score=6)
    client.force_login(people["secretary_a1"])
    response = post(client, enrollment, ["12,5", "7,5"])
    assert response.status_code == 302
    first, second = area_rows(enrollment)
    assert (first.maximum, second.maximum) == (Decimal("12.5"), Decimal("7.5"))
    page = text(client.get(url(enrollment)))
    assert 'value="12,5"' in page and "Đã lưu điểm tối đa." in page
    self_page = text(client.get(reverse("evaluations:member", args=[enrollment.pk])))
    assert "/12,5" in self_page


def test_split_equally_clears_them(client, enrollment, people):
    client.force_login(people["secretary_a1"])
    post(client, enrollment, ["12", "8"])
    response = post(client, enrollment, ["12", "8"], action="clear")
    assert response.status_code == 302
    assert [r.score.max_points for r in area_rows(enrollment)] == [None, None]
    assert [r.maximum for r in area_rows(enrollment)] == [Decimal(10), Decimal(10)]


def test_a_score_above_a_new_maximum_is_refused(client, enrollment, people):
    factories.self_scores(enrollment, score=10)
    client.force_login(people["secretary_a1"])
    response = post(client, enrollment, ["12", "8"])
    assert response.status_code == 200
    assert "Điểm đã chấm ở đây cao hơn điểm tối đa mới; hãy hạ điểm trước." in text(response)
    assert [r.score.max_points for r in area_rows(enrollment)] == [None, None]


# ---------------------------------------------------------------- permissions


def test_the_member_cannot_open_it(client, enrollment, member_user):
    client.force_login(member_user)
    assert client.get(url(enrollment)).status_code == 403
    assert post(client, enrollment, ["12", "8"]).status_code == 403


def test_another_member_gets_404(client, enrollment, org):
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    client.force_login(other)
    assert client.get(url(enrollment)).status_code == 404


def test_another_branchs_secretary_gets_404(client, enrollment, people):
    client.force_login(people["secretary_b1"])
    assert client.get(url(enrollment)).status_code == 404


def test_the_federation_may_not(client, enrollment, people):
    client.force_login(people["fed_a"])
    assert client.get(url(enrollment)).status_code == 403
    assert post(client, enrollment, ["12", "8"]).status_code == 403
