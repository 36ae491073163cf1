"""The branch's sub-branches or groups: create them and put members in them."""

from django.urls import reverse

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.organizations.models import Level, Unit


def groups_url(org, program):
    return f"{reverse('evaluations:groups', args=[org['branch_a1'].pk])}?program={program.pk}"


def test_it_creates_a_group_and_assigns_members(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    page = text(client.get(groups_url(org, program)))
    assert "Chưa có phân đoàn, nhóm nào." in page
    response = client.post(
        groups_url(org, program), {"create": "1", "name": " Nhóm  1 "}, follow=True
    )
    assert "Đã tạo Nhóm 1." in text(response)
    group = Unit.objects.get(parent=org["branch_a1"], level=Level.SUBBRANCH)
    assert group.name == "Nhóm 1"
    assert Event.objects.filter(verb="evaluation.group_create").exists()
    page = text(response)
    assert f'name="group-{enrollment.pk}"' in page
    response = client.post(
        groups_url(org, program), {f"group-{enrollment.pk}": group.pk}, follow=True
    )
    assert "Đã lưu; 1 đoàn viên được chuyển." in text(response)
    enrollment.refresh_from_db()
    assert enrollment.group == group
    assert f'<option value="{group.pk}" selected>Nhóm 1</option>' in text(response)
    assert reverse("evaluations:group_comments", args=[group.pk]) in text(response)


def test_a_second_group_of_the_same_name_is_refused(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    client.post(groups_url(org, program), {"create": "1", "name": "Nhóm 1"})
    response = client.post(groups_url(org, program), {"create": "1", "name": "nhóm 1"}, follow=True)
    assert "Chi đoàn đã có phân đoàn/nhóm mang tên này." in text(response)
    response = client.post(groups_url(org, program), {"create": "1", "name": "  "}, follow=True)
    assert "Hãy đặt tên cho phân đoàn/nhóm." in text(response)
    assert Unit.objects.filter(parent=org["branch_a1"]).count() == 1


def test_a_group_of_another_branch_is_refused(client, org, program, people, enrollment):
    other = factories.unit(level=Level.SUBBRANCH, parent=org["branch_b1"], name="Nhóm B")
    client.force_login(people["secretary_a1"])
    client.post(groups_url(org, program), {f"group-{enrollment.pk}": other.pk})
    enrollment.refresh_from_db()
    assert enrollment.group is None


def test_readers_and_outsiders(client, org, program, people, enrollment):
    client.force_login(people["fed_a"])
    assert client.get(groups_url(org, program)).status_code == 403
    assert client.post(groups_url(org, program), {"create": "1", "name": "X"}).status_code == 403
    client.force_login(people["secretary_b1"])
    assert client.get(groups_url(org, program)).status_code == 404
    assert not Unit.objects.filter(parent=org["branch_a1"]).exists()


def test_a_group_name_too_long_or_with_a_nul_is_a_message_not_an_error(
    client, org, program, people, enrollment
):
    client.force_login(people["secretary_a1"])
    response = client.post(
        groups_url(org, program), {"create": "1", "name": "Nhóm " + "x" * 300}, follow=True
    )
    assert response.status_code == 200
    assert "Tối đa 200 ký tự; nội dung này có 305. Hãy viết ngắn lại." in text(response)
    assert not Unit.objects.filter(parent=org["branch_a1"]).exists()
    client.post(groups_url(org, program), {"create": "1", "name": "Nhóm\x00 2"})
    assert Unit.objects.get(parent=org["branch_a1"]).name == "Nhóm 2"
