"""The inspection committee's plan, inspections, findings and requests (seed V.1); the
inspected unit answers; overdue requests on both sides' home pages; who sees what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import text
from renluyen.inspections import services
from renluyen.inspections.models import InspectionState
from renluyen.notifications.models import Notification
from renluyen.organizations.models import Role


@pytest.fixture
def plan(org, inspector):
    return services.plan_create(
        unit=org["base"],
        user=inspector,
        school_year="2025-2026",
        title="Kiểm tra chuyên đề 2025-2026",
        topic="Việc thực hiện Chương trình rèn luyện đoàn viên.",
    )


@pytest.fixture
def inspection(org, plan, inspector):
    return services.inspection_add(
        plan=plan,
        user=inspector,
        unit=org["branch_a1"],
        planned_on=timezone.localdate() - timedelta(days=5),
        topic="Đánh giá, xếp loại",
        inspector_ids=[inspector.pk],
    )


def test_the_committee_records_a_plan_an_inspection_and_requests(
    org, people, inspection, inspector
):
    assert Notification.objects.filter(
        verb="inspection.scheduled", user=people["secretary_a1"]
    ).exists()
    today = timezone.localdate()
    inspection = services.inspection_record(
        inspection=inspection,
        user=inspector,
        held_on=today - timedelta(days=5),
        findings="Lưu đủ phiếu.",
        conclusion="Thực hiện đúng quy trình.",
        version=inspection.version,
    )
    assert inspection.state == InspectionState.CONCLUDED
    with pytest.raises(DomainError, match="người khác thay đổi"):
        services.inspection_record(
            inspection=inspection,
            user=inspector,
            held_on=None,
            findings="",
            conclusion="",
            version=0,
        )
    request = services.request_add(
        inspection=inspection,
        user=inspector,
        text="Gửi biên bản họp.",
        due_on=today - timedelta(days=1),
    )
    assert Notification.objects.filter(
        verb="inspection.requests", user=people["secretary_a1"]
    ).exists()
    answered = services.request_answer(
        request=request, user=people["secretary_a1"], answer="Đã gửi bản sao biên bản."
    )
    assert answered.answered_by == people["secretary_a1"]
    assert Notification.objects.filter(verb="inspection.answered", user=inspector).exists()


def test_only_the_committee_records_and_only_the_unit_answers(org, people, inspection, inspector):
    with pytest.raises(DomainError):
        services.request_add(
            inspection=inspection, user=people["standing"], text="x", due_on=timezone.localdate()
        )
    request = services.request_add(
        inspection=inspection, user=inspector, text="Gửi biên bản.", due_on=timezone.localdate()
    )
    for outsider in (people["fed_a"], people["secretary_b1"], inspector):
        with pytest.raises(DomainError):
            services.request_answer(request=request, user=outsider, answer="Trả lời.")


def test_bad_input_is_named_next_to_the_field(org, plan, inspector):
    with pytest.raises(DomainError) as refused:
        services.inspection_add(
            plan=plan, user=inspector, unit=None,
            planned_on=None, topic="", inspector_ids=[],
        )  # fmt: skip
    where = {p.where for p in refused.value.problems}
    assert where == {"unit", "planned_on", "inspectors"}


def test_overdue_requests_show_on_both_sides_home_pages(client, org, people, inspection, inspector):
    services.request_add(
        inspection=inspection,
        user=inspector,
        text="Gửi biên bản họp.",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    client.force_login(people["secretary_a1"])
    home = text(client.get(reverse("core:home")))
    assert "1 yêu cầu kiểm tra đơn vị cần trả lời (1 yêu cầu đã quá hạn)" in home
    client.force_login(inspector)
    home = text(client.get(reverse("core:home")))
    assert "1 yêu cầu kiểm tra đã quá hạn mà chưa được trả lời" in home
    client.force_login(people["secretary_b1"])
    assert "yêu cầu kiểm tra" not in text(client.get(reverse("core:home")))


def test_the_inspected_unit_answers_on_the_page(client, people, inspection, inspector):
    request = services.request_add(
        inspection=inspection, user=inspector, text="Gửi biên bản.", due_on=timezone.localdate()
    )
    client.force_login(people["secretary_a1"])
    url = reverse("inspections:inspection", args=[inspection.pk])
    page = text(client.get(url))
    assert "Gửi biên bản." in page and 'name="answer"' in page
    assert 'value="record"' not in page  # findings are the committee's
    response = client.post(url, {"action": "answer", "request": request.pk, "answer": ""})
    assert response.status_code == 400 and "Hãy viết câu trả lời của đơn vị." in text(response)
    client.post(url, {"action": "answer", "request": request.pk, "answer": "Đã gửi."})
    request.refresh_from_db()
    assert request.answer == "Đã gửi."
    assert (
        client.post(url, {"action": "request", "text": "x", "due_on": "2030-01-01"}).status_code
        == 403
    )


def test_the_committee_works_from_its_pages(client, org, inspector):
    client.force_login(inspector)
    unit_url = reverse("inspections:unit", args=[org["base"].pk])
    response = client.post(
        unit_url, {"school_year": "2025-2026", "title": "Kế hoạch kiểm tra", "topic": ""}
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    page = text(client.get(plan_url))
    assert "Chi đoàn A1" in page and 'name="inspectors"' in page
    response = client.post(
        plan_url,
        {
            "unit": org["branch_b1"].pk,
            "planned_on": "2026-03-01",
            "topic": "Đánh giá",
            "inspectors": [inspector.pk],
        },
    )
    assert response.status_code == 302
    assert "Chi đoàn B1" in text(client.get(plan_url))


# ---------------------------------------------------------------- who sees what


@pytest.fixture
def matrix_inspection(matrix):
    inspector = factories.user()
    factories.role(inspector, matrix.units["base"], Role.INSPECTION)
    plan = services.plan_create(
        unit=matrix.units["base"],
        user=inspector,
        school_year="2025-2026",
        title="Kế hoạch",
        topic="",
    )
    made = {}
    for key in ("branch_a1", "branch_a2", "fed_a"):
        made[key] = services.inspection_add(
            plan=plan,
            user=inspector,
            unit=matrix.units[key],
            planned_on=timezone.localdate(),
            topic="Chuyên đề",
            inspector_ids=[inspector.pk],
        )
    return made


# Who sees the inspection of each unit: the inspecting side and the standing committee see
# all; the inspected unit's own committee sees its own; nobody else.
VIEWERS = {"inspection", "standing_committee"}
OWN = {
    "branch_a1": {"branch_secretary", "branch_deputy", "branch_committee"},
    "branch_a2": set(),
    "fed_a": {"federation_committee"},
}


def test_an_inspected_unit_sees_only_its_own_inspections(client, matrix, matrix_inspection):
    wrong = []
    for role_key in m.ROLES:
        client.force_login(matrix.users[role_key])
        for key, inspection in matrix_inspection.items():
            url = reverse("inspections:inspection", args=[inspection.pk])
            expected = 200 if role_key in VIEWERS or role_key in OWN[key] else 404
            if (status := client.get(url).status_code) != expected:
                wrong.append((role_key, key, status))
    assert wrong == []


def test_the_unit_page_by_role_and_target(client, matrix, matrix_inspection):
    """Every role on its own unit, a child, a sibling and a parent (one tree for all)."""
    wrong = []
    for role_key, target in m.CASES:
        unit_key = m.target_of(role_key, target)
        client.force_login(matrix.users[role_key])
        response = client.get(reverse("inspections:unit", args=[matrix.units[unit_key].pk]))
        if not m.sees(role_key, target):
            expected = 404
        elif role_key in VIEWERS or role_key in OWN.get(unit_key, set()):
            expected = 200
            # The unit's own inspections only, never a sibling's.
            if role_key not in VIEWERS and text(response).count('id="inspection-') != 1:
                wrong.append((role_key, target, "sees other inspections"))
        else:
            expected = 403
        if response.status_code != expected:
            wrong.append((role_key, target, response.status_code))
    assert wrong == []


def test_the_upper_level_reads_every_inspection_below(client, matrix, matrix_inspection):
    user = factories.user()
    factories.role(user, matrix.units["upper"], Role.UPPER_LEVEL)
    client.force_login(user)
    for inspection in matrix_inspection.values():
        page = client.get(reverse("inspections:inspection", args=[inspection.pk]))
        assert page.status_code == 200
        assert 'value="record"' not in page.content.decode()
    plan = matrix_inspection["fed_a"].plan
    assert client.get(reverse("inspections:plan", args=[plan.pk])).status_code == 200
    assert client.post(reverse("inspections:plan", args=[plan.pk]), {"unit": ""}).status_code == 403
