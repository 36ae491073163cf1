"""The emulation indicator and ranking, checked against hand-computed numbers on the small
school (dashboards/tests/school.py), with A1's report sent on time:

    A1: 40·3/4 + 40·2/4 + 20·1 = 70.0      fed A: 40·4/7 + 40·2/7 + 20·1/3 = 41.0
    B1: 40·3/3 + 40·0/3 + 20·0 = 40.0      fed B: 40·3/3 + 0 + 20·0/2     = 40.0
    A2: 40·1/3 + 0 + 0         = 13.3
"""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import count_queries, text
from renluyen.dashboards import rollups
from renluyen.dashboards.figures import Scope
from renluyen.emulation import ranking, services
from renluyen.organizations.models import Role
from renluyen.reports import services as reports


@pytest.fixture
def reported(school):
    unit, user = school.branches["A1"], school.secretaries["A1"]
    report = reports.report_save(
        program=school.program, unit=unit, user=user, values={"title": "Báo cáo"}, version=0
    )
    reports.report_submit(program=school.program, unit=unit, user=user, version=report.version)
    return school


def scope(school):
    return Scope(school.base, [school.program], school.program.evaluation_start)


def test_branches_are_ranked_by_the_hand_computed_indicator(reported):
    rows = [ranking.ranked_branch(r) for r in ranking.branches(scope(reported))]
    assert [(r.name, r.indicator, r.rank) for r in rows] == [
        ("Chi đoàn A1", 70.0, 1),
        ("Chi đoàn B1", 40.0, 2),
        ("Chi đoàn A2", 13.3, 3),
    ]
    a1 = rows[0]
    assert (a1.on_time, a1.good, a1.reports_on_time, a1.reports_due) == (3, 2, 1, 1)
    assert (a1.on_time_share, a1.good_share, a1.report_share) == (75.0, 50.0, 100.0)


def test_federations_are_ranked_with_their_branches_reports(reported):
    rows = ranking.groups(scope(reported), "federation")
    assert [(r.name, r.indicator, r.rank, r.reports_on_time, r.reports_due) for r in rows] == [
        ("Liên chi đoàn A", 41.0, 1, 1, 3),
        ("Liên chi đoàn B", 40.0, 2, 0, 2),
    ]


def test_the_weights_are_a_program_setting(reported, people):
    services.weights_save(
        program=reported.program,
        user=people["standing"],
        values={"on_time": "0", "good": "100", "report": "0"},
    )
    rows = [ranking.ranked_branch(r) for r in ranking.branches(scope(reported))]
    # Only Hoàn thành tốt or above counts now: A1 50, B1 and A2 0, sharing the second rank.
    assert [(r.name, r.indicator, r.rank) for r in rows] == [
        ("Chi đoàn A1", 50.0, 1),
        ("Chi đoàn A2", 0.0, 2),
        ("Chi đoàn B1", 0.0, 2),
    ]
    with pytest.raises(DomainError):
        services.weights_save(
            program=reported.program,
            user=people["standing"],
            values={"on_time": "0", "good": "0", "report": "0"},
        )
    with pytest.raises(DomainError):
        services.weights_save(
            program=reported.program, user=people["office"], values={"on_time": "50"}
        )


def test_the_ranking_page_shows_the_weights_and_the_figures(client, people, reported):
    client.force_login(people["standing"])
    url = reverse("emulation:ranking", args=[reported.base.pk]) + f"?program={reported.program.pk}"
    page = text(client.get(url))
    assert "trọng số 40" in page and "trọng số 20" in page
    assert 'name="on_time"' in page  # the standing committee may change them
    row = page.split(f'id="rank-{reported.branches["A1"].pk}"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row and "<strong>70,0</strong>" in row
    assert "3 (75,0 %)" in row and "1/1" in row
    client.post(
        reverse("emulation:weights", args=[reported.base.pk]) + f"?program={reported.program.pk}",
        {"on_time": "50", "good": "50", "report": "0"},
    )
    page = text(client.get(url))
    assert "trọng số 50" in page
    federations = text(client.get(url + "&level=federation"))
    assert f'id="rank-{reported.federations["A"].pk}"' in federations
    client.force_login(people["office"])
    page = text(client.get(url))
    assert 'name="on_time"' not in page


def test_the_upper_level_ranks_base_unions(client, org, reported):
    user = factories.user()
    factories.role(user, org["upper"], Role.UPPER_LEVEL)
    client.force_login(user)
    url = reverse("emulation:ranking", args=[org["upper"].pk])
    page = text(client.get(url + f"?year={reported.program.school_year}&level=base"))
    row = page.split(f'id="rank-{reported.base.pk}"')[1].split("</tr>")[0]
    # 40·7/10 + 40·2/10 + 20·1/5 = 40.0
    assert "<strong>40,0</strong>" in row and "1/5" in row


@pytest.mark.parametrize("level", ["branch", "federation"])
def test_the_query_count_does_not_grow(client, org, people, level):
    program = factories.program(unit=org["base"])
    factories.enroll(program, factories.member(branch=org["branch_a1"]))
    rollups.rebuild()
    client.force_login(people["standing"])
    url = (
        reverse("emulation:ranking", args=[org["base"].pk]) + f"?program={program.pk}&level={level}"
    )
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for fed in (org["fed_a"], org["fed_b"]):
        for _ in range(5):
            branch = factories.unit(parent=fed)
            factories.enroll(program, factories.member(branch=branch))
    rollups.rebuild()
    assert count_queries(lambda: client.get(url)) == small


def test_the_export_has_every_unit(client, people, reported):
    import io

    from openpyxl import load_workbook

    client.force_login(people["standing"])
    url = reverse("emulation:export", args=[reported.base.pk]) + f"?program={reported.program.pk}"
    sheet = load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert [(r[0], r[1], r[11]) for r in rows] == [
        (1, "Chi đoàn A1", 70.0),
        (2, "Chi đoàn B1", 40.0),
        (3, "Chi đoàn A2", 13.3),
    ]
