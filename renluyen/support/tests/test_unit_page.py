"""The support summary of a federation or base Union (issue 11.4, 11.6): a row per branch
with its check-ins, overdue rounds, members followed, help waiting and guidance not yet
acknowledged; a fixed number of queries whatever the number of branches and members."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.programs.models import Program
from renluyen.progress import services as progress
from renluyen.progress.models import Mark
from renluyen.support import rounds, services
from renluyen.support.models import Frequency, MentorKind, Mentorship
from renluyen.support.tests.conftest import confirmed_member, mid_year, record_round


def url(unit, program):
    return f"{reverse('support:unit', args=[unit.pk])}?program={program.pk}"


def row(page: str, branch) -> str:
    return page.split(f'id="branch-{branch.pk}"')[1].split("</tr>")[0]


def test_each_branch_shows_its_overdue_rounds_and_what_waits(org, people, program, a1, client_for):
    secretary = people["secretary_a1"]
    services.checkin_plan_set(
        program=program, branch=org["branch_a1"], user=secretary, frequency=Frequency.MONTHLY
    )
    first = rounds.schedule(program, Frequency.MONTHLY)[0]
    record_round(program, org["branch_a1"], secretary, 1, a1[:1], held_on=first.ends_on)
    Mentorship.objects.create(enrollment=a1[1], mentor=factories.user(), kind=MentorKind.PEER)
    services.help_ask(enrollment=a1[2], user=a1[2].member.user, text="Giúp em.")
    progress.review_save(
        enrollment=a1[0],
        user=a1[0].member.user,
        marks={item.pk: Mark.IN_PROGRESS for item in progress.confirmed_items(a1[0])},
        difficulties="",
        version=0,
        submit=True,
    )
    page = text(client_for(people["fed_a"]).get(url(org["fed_a"], program)))
    a1_row = row(page, org["branch_a1"])
    assert 'data-label="Trao đổi định kỳ">Hàng tháng' in a1_row
    assert 'data-label="Đợt này">0/3<' in a1_row
    assert 'class="num overdue" data-label="Đợt quá hạn">1<' in a1_row
    assert 'data-label="Có người theo dõi">1<' in a1_row
    assert 'data-label="Đề nghị chờ trả lời">1<' in a1_row
    assert 'data-label="Tự đánh giá 6 tháng"><a href="/progress/branch/' in a1_row
    assert ">1/3</a>" in a1_row
    a2_row = row(page, org["branch_a2"])
    assert "Hàng quý" in a2_row and "(chưa chọn)" in a2_row
    assert 'data-label="Đợt quá hạn">0<' in a2_row
    # Not a branch of Liên chi đoàn B.
    assert f'id="branch-{org["branch_b1"].pk}"' not in page


def test_the_summary_takes_the_same_number_of_queries_at_two_sizes(
    org, people, program, client_for
):
    secretary = people["secretary_a1"]
    confirmed_member(program, org["branch_a1"], secretary)
    client = client_for(people["standing"])
    mid_year(program)
    small = count_queries(lambda: client.get(url(org["base"], program)))
    Program.objects.filter(pk=program.pk).update(
        registration_deadline=timezone.localdate() + timedelta(days=30)
    )
    admin = factories.user(is_superuser=True)
    for _ in range(4):
        branch = factories.unit(parent=org["fed_b"])
        for _ in range(3):
            confirmed_member(program, branch, admin)
    mid_year(program)
    for branch in [org["branch_a1"], org["branch_b1"]]:
        services.guidance_add(program=program, unit=branch, user=admin, text="Nhắc.")
    assert count_queries(lambda: client.get(url(org["base"], program))) == small
