"""The program page: the catalog for everyone, edit links for the standing committee."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renluyen.programs.services import criterion_create


def url(program):
    return reverse("programs:program_detail", args=[program.pk])


def test_the_standing_committee_sees_edit_links_on_a_draft(draft, people, client_for):
    body = client_for(people["standing"]).get(url(draft)).content.decode()
    area = draft.areas.get(number=1)
    criterion = area.criteria.get(code="1.1")
    for name, args in [
        ("program_edit", [draft.pk]),
        ("program_copy", [draft.pk]),
        ("area_edit", [draft.pk, area.pk]),
        ("area_delete", [draft.pk, area.pk]),
        ("area_create", [draft.pk]),
        ("criterion_create", [draft.pk, area.pk]),
        ("criterion_edit", [draft.pk, criterion.pk]),
        ("criterion_delete", [draft.pk, criterion.pk]),
    ]:
        assert f'href="{reverse("programs:" + name, args=args)}"' in body, name
    assert "Triển khai chương trình" in body
    assert 'id="open-problems"' not in body


def test_an_open_program_offers_no_deletion(program, people, client_for):
    body = client_for(people["standing"]).get(url(program)).content.decode()
    area = program.areas.get(number=1)
    assert reverse("programs:area_edit", args=[program.pk, area.pk]) in body
    assert reverse("programs:area_delete", args=[program.pk, area.pk]) not in body
    assert reverse("programs:area_create", args=[program.pk]) not in body
    assert "Kết thúc chương trình" in body
    assert "không thể xóa" in body


def test_a_draft_lists_what_keeps_it_from_opening(draft, people, client_for):
    draft.areas.get(number=2).criteria.all().delete()
    body = client_for(people["standing"]).get(url(draft)).content.decode()
    assert 'id="open-problems"' in body
    assert "Nội dung 2. Đạo đức, lối sống, tác phong đoàn viên chưa có tiêu chí nào." in body
    assert "Chưa có tiêu chí nào." in body


def test_a_branch_secretary_reads_the_catalog_without_edit_links(program, people, client_for):
    response = client_for(people["secretary_a1"]).get(url(program))
    body = response.content.decode()
    assert response.status_code == 200
    assert "1.1." in body
    assert "/edit/" not in body and "/copy/" not in body and "/status/" not in body


def test_the_query_count_does_not_grow_with_the_catalog(draft, people, client_for):
    client = client_for(people["standing"])
    client.get(url(draft))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as before:
        client.get(url(draft))
    for area in draft.areas.all():
        for n in range(5):
            criterion_create(
                area=area, user=people["standing"], code=f"{area.number}.{50 + n}", text="Thêm."
            )
    with CaptureQueriesContext(connection) as after:
        client.get(url(draft))
    assert len(after) == len(before)
