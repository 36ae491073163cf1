"""The dashboard page at each level: the hand-counted figures, the charts beside their
tables, the way down to the units and members below, and a number of queries that does
not grow with the members or units below."""

import re

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.dashboards import rollups
from renluyen.organizations.models import Level, Role


def url(unit, prog=None, **query):
    base = reverse("dashboards:unit", args=[unit.pk])
    params = {**({"program": prog.pk} if prog is not None else {}), **query}
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def tile(page, key) -> str:
    return page.split(f'id="tile-{key}"')[1].split("</li>")[0]


def test_the_base_union_dashboard_shows_the_hand_counts(client, people, school):
    client.force_login(people["standing"])
    response = client.get(url(school.base, school.program))
    assert response.status_code == 200
    page = text(response)
    assert "Bảng theo dõi — Đoàn trường ĐH Kinh tế" in page
    assert '<span class="n">10</span> đoàn viên · 3 chi đoàn' in page
    assert '<span class="n">8</span> Đã đăng ký <span class="pct">(80,0 %)</span>' in tile(
        page, "registered"
    )
    assert "(70,0 %)" in tile(page, "registered_on_time")
    assert '<span class="n">5</span> Đã đánh giá <span class="pct">(50,0 %)</span>' in tile(
        page, "evaluated"
    )
    levels = page.split('id="level-not_completed"')[1].split("</tr>")[0]
    assert '<td class="num">2</td><td class="num">40,0 %</td>' in levels
    assert '<td class="num">5</td>' in page.split('id="level-not-evaluated"')[1].split("</tr>")[0]
    assert "Đã gửi tự đánh giá giữa kỳ <span" in tile(page, "self_reviewed")
    assert "Đã được Ban Chấp hành trao đổi định kỳ <span" in tile(page, "checked_in")
    # Charts drawn on the server, each with its table.
    assert page.count('<svg class="chart"') == 4
    assert "Tỉ lệ đoàn viên ở từng bước, theo đơn vị" in page
    # The federations, each a link one level down.
    fed_a = page.split(f'id="unit-{school.federations["A"].pk}"')[1].split("</tr>")[0]
    assert url(school.federations["A"], school.program) in fed_a.replace("&amp;", "&")
    assert '<td class="num" data-label="Đoàn viên">7</td>' in fed_a
    # The deadlines with the days left.
    assert "Hạn trước ngày" in page and "Còn lại" in page


def test_a_branch_dashboard_lists_its_members(client, people, school):
    client.force_login(people["secretary_a1"])
    page = text(client.get(url(school.branches["A1"], school.program)))
    assert '<span class="n">4</span> đoàn viên' in page
    m1 = school.enrollments["m1"]
    row = page.split(f'id="member-{m1.pk}"')[1].split("</tr>")[0]
    assert "Nguyễn Văn Một" in row and "Hoàn thành xuất sắc · 100" in row
    assert reverse("evaluations:member", args=[m1.pk]) in row
    m3 = page.split(f'id="member-{school.enrollments["m3"].pk}"')[1].split("</tr>")[0]
    assert "Chưa được đánh giá" in m3
    m4 = page.split(f'id="member-{school.enrollments["m4"].pk}"')[1].split("</tr>")[0]
    assert "Chưa đăng ký" in m4


def test_the_upper_level_sees_every_base_union_under_it(client, org, school):
    upper_user = factories.user()
    factories.role(upper_user, org["upper"], Role.UPPER_LEVEL)
    client.force_login(upper_user)
    page = text(client.get(url(org["upper"], year=school.program.school_year)))
    assert '<span class="n">10</span> đoàn viên' in page
    assert "Chương trình của 1 Đoàn cơ sở" in page
    row = page.split(f'id="unit-{school.base.pk}"')[1].split("</tr>")[0]
    assert "Đoàn trường ĐH Kinh tế" in row
    # One school year is chosen, not one program.
    assert f"year={school.program.school_year}" in row


def test_a_late_list_names_the_branches(client, people, school):
    import time_machine

    with time_machine.travel(school.program.evaluation_deadline):
        client.force_login(people["standing"])
        page = text(
            client.get(
                reverse("dashboards:late", args=[school.base.pk, "evaluation"])
                + f"?program={school.program.pk}"
            )
        )
    assert "Đơn vị chậm: Đánh giá" in page
    assert "2 đơn vị" in page
    assert f'id="unit-{school.branches["A2"].pk}"' in page
    assert f'id="unit-{school.branches["A1"].pk}"' not in page


def test_an_unknown_step_is_not_found(client, people, school):
    client.force_login(people["standing"])
    response = client.get(reverse("dashboards:late", args=[school.base.pk, "nothing"]))
    assert response.status_code == 404


# ---------------------------------------------------------------- query counts


def _grow(org, program, *, branches: int, members: int):
    """Two more federations with `branches` branches of `members` members each."""
    for _f in range(2):
        fed = factories.unit(level=Level.FEDERATION, parent=org["base"])
        for _b in range(branches):
            branch = factories.unit(parent=fed)
            for _ in range(members):
                factories.enroll(program, factories.member(branch=branch))
    for _ in range(members):
        factories.enroll(program, factories.member(branch=org["branch_a1"]))
    rollups.rebuild()


@pytest.mark.parametrize("level", ["branch_a1", "fed_a", "base", "upper"])
def test_query_count_does_not_grow_with_members_or_units(client, org, level):
    program = factories.program(unit=org["base"])
    viewer = factories.user(is_superuser=True)
    client.force_login(viewer)
    unit = org[level]
    query = {"year": program.school_year} if level == "upper" else {"program": program.pk}
    page = url(unit, **query)
    _grow(org, program, branches=1, members=1)
    client.get(page)  # warm the caches (translations, templates)
    small = count_queries(lambda: client.get(page))
    _grow(org, program, branches=6, members=8)
    large = count_queries(lambda: client.get(page))
    assert small == large


def test_the_chart_has_no_script_and_escapes_names(client, org, people):
    program = factories.program(unit=org["base"])
    org["fed_a"].name = '<script>alert("x")</script> Khoa'
    org["fed_a"].save()
    factories.enroll(program, factories.member(branch=org["branch_a1"]))
    rollups.rebuild()
    client.force_login(people["standing"])
    page = client.get(url(org["base"], program)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def _grow_schools(org, year_of, *, schools: int, branches: int):
    """`schools` more base Unions under the upper level, each running its own program of
    the same school year, with a federation of `branches` branches of one member each and
    its report deadline passed (so the late-report figures are counted too)."""
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.localdate() - timedelta(days=1)
    for _s in range(schools):
        base = factories.unit(level=Level.BASE, parent=org["upper"])
        program = factories.program(unit=base, report_deadline=past, evaluation_deadline=past)
        assert program.school_year == year_of
        fed = factories.unit(level=Level.FEDERATION, parent=base)
        for _b in range(branches):
            branch = factories.unit(parent=fed)
            factories.enroll(program, factories.member(branch=branch))
    rollups.rebuild()


@pytest.mark.parametrize(
    "page",
    [
        "dashboard",
        "ranking-base",
        "ranking-federation",
        "ranking-branch",
        "late-registration",
        "late-report",
    ],
)
def test_upper_level_pages_cost_the_same_over_more_base_unions(client, org, page):
    """The upper level over 2 and then 7 base Unions (with more federations and branches
    under each): the same number of queries on its dashboard, its rankings at each level
    and its late lists."""
    program = factories.program(unit=org["base"])
    factories.enroll(program, factories.member(branch=org["branch_a1"]))
    year = program.school_year
    client.force_login(factories.user(is_superuser=True))
    upper = org["upper"].pk
    kind, _sep, arg = page.partition("-")
    if kind == "dashboard":
        address = reverse("dashboards:unit", args=[upper]) + f"?year={year}"
    elif kind == "ranking":
        address = reverse("emulation:ranking", args=[upper]) + f"?year={year}&level={arg}"
    else:
        address = reverse("dashboards:late", args=[upper, arg]) + f"?year={year}"
    _grow_schools(org, year, schools=1, branches=1)
    assert client.get(address).status_code == 200  # warm the caches
    small = count_queries(lambda: client.get(address))
    _grow_schools(org, year, schools=5, branches=4)
    assert count_queries(lambda: client.get(address)) == small
