"""The branch committee's list of forms: states and counts, filters, read-only views for the
units above, bulk confirmation."""

import re

import pytest

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Level
from renluyen.programs.models import ProgramStatus
from renluyen.registrations.models import Item, Registration, State

ALL = ["DV0001", "DV0002", "DV0003", "DV0004", "DV0005"]


def enrolled(branch, program, name, code=None):
    member = factories.member(branch=branch, name=name, code=code, user=factories.user())
    return factories.enroll(program, member)


@pytest.fixture
def a1(org, people, program):
    """Chi đoàn A1: a confirmed form, two submitted ones (one valid, one whose solution was
    blanked after it was submitted), a draft, and a member who has not registered."""
    branch = org["branch_a1"]
    forms = {
        "confirmed": enrolled(branch, program, "Trần Thị Xác", "DV0001"),
        "valid": enrolled(branch, program, "Lê Văn Hợp", "DV0002"),
        "blanked": enrolled(branch, program, "Phạm Thị Trống", "DV0003"),
        "draft": enrolled(branch, program, "Vũ Văn Nháp", "DV0004"),
        "none": enrolled(branch, program, "Đỗ Thị Chưa", "DV0005"),
    }
    factories.registration(forms["confirmed"], confirm_by=people["secretary_a1"])
    factories.registration(forms["valid"], submit=True)
    blanked = factories.registration(forms["blanked"], submit=True)
    Item.objects.filter(pk=blanked.items.first().pk).update(solution="")
    factories.registration(forms["draft"])
    return forms


def url(org, key="branch_a1", **query):
    path = f"/registrations/branch/{org[key].pk}/"
    return path, query


def get(client, user, org, key="branch_a1", **query):
    client.force_login(user)
    path, query = url(org, key, **query)
    return client.get(path, query)


def picked(*enrollments) -> dict:
    """The boxes ticked on the list, with the version of each form the list showed."""
    data = {"enrollment": [e.pk for e in enrollments]}
    for e in enrollments:
        registration = Registration.objects.filter(enrollment=e).first()
        if registration is not None:
            data[f"version-{e.pk}"] = registration.version
    return data


def codes(html) -> list[str]:
    """The member codes listed, sorted (the order of names depends on the collation)."""
    return sorted(re.findall(r'data-label="Mã đoàn viên">(DV\d{4})<', html))


def test_it_lists_every_member_with_state_and_counts(client, org, people, a1):
    response = get(client, people["secretary_a1"], org)
    assert response.status_code == 200
    html = text(response)
    assert codes(html) == ALL
    assert "Chưa đăng ký <b>1</b>" in html
    assert "Đã nộp, chờ xác nhận <b>2</b>" in html
    assert "Đã xác nhận <b>1</b>" in html and "Bản nháp <b>1</b>" in html
    assert "Tất cả <b>5</b>" in html
    assert html.count("10 tiêu chí · 5/5 nội dung") == 4
    assert "Đạt yêu cầu" in html
    assert "Chưa đạt yêu cầu (1 lỗi)" in html
    assert "Hãy viết giải pháp cụ thể cho tiêu chí này." in html


def test_it_offers_review_and_paper_entry_to_the_secretary(client, org, people, a1):
    html = text(get(client, people["secretary_a1"], org))
    # Checkboxes on the two forms awaiting review; only the valid one counts as valid.
    boxes = re.findall(r'<input type="checkbox" name="enrollment" value="(\d+)"[^>]*>', html)
    assert sorted(map(int, boxes)) == sorted([a1["valid"].pk, a1["blanked"].pk])
    assert (
        f'value="{a1["valid"].pk}" form="confirm-many" aria-label="Chọn Lê Văn Hợp" data-valid'
        in html
    )
    assert "Chọn tất cả phiếu hợp lệ" in html and "Xác nhận các phiếu đã chọn" in html
    assert html.count("Xem và duyệt") == 2
    for key in ("draft", "none"):
        assert f'/registrations/{a1[key].pk}/paper/">Nhập phiếu giấy' in html
    assert f"/registrations/{a1['valid'].pk}/paper/" not in html
    program = a1["valid"].program.pk
    assert f"/registrations/branch/{org['branch_a1'].pk}/print/?program={program}" in html
    assert f"/registrations/branch/{org['branch_a1'].pk}/pdf/?program={program}" in html


def test_no_paper_entry_once_the_program_is_closed(client, org, people, program, a1):
    program.status = ProgramStatus.CLOSED
    program.save()
    html = text(get(client, people["secretary_a1"], org, program=program.pk))
    assert "Nhập phiếu giấy" not in html


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("none", ["DV0005"]),
        ("submitted", ["DV0002", "DV0003"]),
        ("confirmed", ["DV0001"]),
        ("draft", ["DV0004"]),
        ("returned", []),
        ("nonsense", ALL),
    ],
)
def test_it_filters_by_state(client, org, people, a1, state, expected):
    html = text(get(client, people["secretary_a1"], org, state=state))
    assert codes(html) == expected


def test_it_searches_by_name_without_diacritics_or_by_code(client, org, people, a1):
    assert codes(text(get(client, people["secretary_a1"], org, q="le van hop"))) == ["DV0002"]
    assert codes(text(get(client, people["secretary_a1"], org, q="DV0004"))) == ["DV0004"]


def test_the_secretary_of_another_branch_gets_404(client, org, people, a1):
    assert get(client, people["secretary_b1"], org).status_code == 404
    path, _ = url(org)
    response = client.post(path, {"enrollment": [a1["valid"].pk]})
    assert response.status_code == 404
    assert Registration.objects.get(enrollment=a1["valid"]).state == State.SUBMITTED


def test_a_member_cannot_open_the_branch_page(client, org, a1):
    assert get(client, a1["valid"].member.user, org).status_code == 404


def test_the_federation_sees_its_branches_read_only(client, org, people, a1):
    response = get(client, people["fed_a"], org)
    assert response.status_code == 200
    html = text(response)
    assert codes(html) == ALL
    assert "Đã nộp, chờ xác nhận <b>2</b>" in html
    assert 'name="enrollment"' not in html and "Xác nhận các phiếu đã chọn" not in html
    assert "Nhập phiếu giấy" not in html and "Xem và duyệt" not in html
    path, _ = url(org)
    assert client.post(path, {"enrollment": [a1["valid"].pk]}).status_code == 403
    assert Registration.objects.get(enrollment=a1["valid"]).state == State.SUBMITTED
    assert get(client, people["fed_a"], org, "branch_b1").status_code == 404


def test_the_standing_committee_sees_every_branch_read_only(client, org, people, a1):
    response = get(client, people["standing"], org)
    assert response.status_code == 200 and 'name="enrollment"' not in text(response)


def test_bulk_confirmation_confirms_the_valid_forms_and_names_the_others(client, org, people, a1):
    client.force_login(people["secretary_a1"])
    path, _ = url(org)
    response = client.post(path, picked(a1["valid"], a1["blanked"], a1["draft"]), follow=True)
    html = text(response)
    assert "Đã xác nhận 1 phiếu." in html
    assert "Bỏ qua 2 phiếu chưa đạt yêu cầu:" in html
    assert "Phạm Thị Trống (DV0003): Hãy viết giải pháp cụ thể cho tiêu chí này." in html
    assert "Vũ Văn Nháp (DV0004): Chỉ xác nhận được phiếu đang chờ xác nhận." in html
    states = dict(Registration.objects.values_list("enrollment__member__code", "state"))
    assert states["DV0002"] == State.CONFIRMED
    assert states["DV0003"] == State.SUBMITTED and states["DV0004"] == State.DRAFT
    assert not Item.objects.filter(
        registration__enrollment=a1["valid"], confirmed_at__isnull=True
    ).exists()


def test_each_bulk_confirmation_is_its_own_audit_event(client, org, people, program, a1):
    second = enrolled(org["branch_a1"], program, "Hoàng Văn Hai", "DV0006")
    factories.registration(second, submit=True)
    client.force_login(people["secretary_a1"])
    path, _ = url(org)
    client.post(path, picked(a1["valid"], second))
    events = Event.objects.filter(verb="registration.confirm", data__screen="branch")
    assert sorted(int(e.object_id) for e in events) == sorted([a1["valid"].pk, second.pk])
    assert {e.actor_id for e in events} == {people["secretary_a1"].pk}


def test_bulk_confirmation_with_nothing_selected_says_so(client, org, people, a1):
    client.force_login(people["secretary_a1"])
    path, _ = url(org)
    html = text(client.post(path, {}, follow=True))
    assert "Hãy chọn những phiếu cần xác nhận." in html


def test_a_secretary_never_confirms_their_own_form(client, org, people, program):
    secretary = people["secretary_a1"]
    own = factories.enroll(
        program, factories.member(branch=org["branch_a1"], user=secretary, code="DV0009")
    )
    factories.registration(own, submit=True)
    html = text(get(client, secretary, org))
    assert 'name="enrollment"' not in html
    path, _ = url(org)
    client.post(path, picked(own))
    assert Registration.objects.get(enrollment=own).state == State.SUBMITTED


def test_the_program_is_picked_by_query_and_must_be_visible(client, org, people, program, a1):
    other_base = factories.unit(level=Level.BASE, parent=org["upper"], name="Đoàn trường khác")
    other = factories.program(unit=other_base)
    assert get(client, people["secretary_a1"], org, program=other.pk).status_code == 404
    assert get(client, people["secretary_a1"], org, program="x").status_code == 404
    response = get(client, people["secretary_a1"], org, program=program.pk)
    assert response.status_code == 200 and len(codes(text(response))) == 5


def test_it_shows_the_open_program_with_members_unless_another_is_picked(
    client, org, people, program, a1
):
    from renluyen.programs.services import program_copy

    newer = program_copy(program=program, school_year="2021-2022", user=people["standing"])
    html = text(get(client, people["secretary_a1"], org))
    assert f'<option value="{newer.pk}" >' in html and len(codes(html)) == 5
    assert f'<option value="{program.pk}" selected>' in html
    html = text(get(client, people["secretary_a1"], org, program=newer.pk))
    assert codes(html) == [] and "Tất cả <b>0</b>" in html


def test_a_federation_address_leads_to_its_overview(client, org, people):
    response = get(client, people["fed_a"], org, "fed_a")
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/unit/{org['fed_a'].pk}/"


def test_the_query_count_does_not_grow_with_members(client, org, people, program):
    branch = org["branch_a1"]
    client.force_login(people["secretary_a1"])
    path, _ = url(org)

    def add(n):
        for _i in range(n):
            enrollment = enrolled(branch, program, "Nguyễn Văn Thêm")
            factories.registration(enrollment, submit=True)
        enrollment = enrolled(branch, program, "Nguyễn Thị Nháp")
        factories.registration(enrollment)

    add(2)
    small = count_queries(lambda: client.get(path))
    add(8)
    assert count_queries(lambda: client.get(path)) == small


PHONE_WIDTH = 360 + 2


def _fits(page, viewport):
    if viewport == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a 360-px phone"


def test_in_a_browser_the_secretary_confirms_the_valid_forms_and_returns_one(
    page, viewport, org, people, a1
):
    from playwright.sync_api import expect

    from renluyen.core.tests.browser import log_in, screenshot

    log_in(page, people["secretary_a1"].username, "pw-for-tests-123")
    page.goto(f"/registrations/branch/{org['branch_a1'].pk}/")
    expect(page.locator("h1")).to_have_text("Phiếu đăng ký rèn luyện — Chi đoàn A1")
    _fits(page, viewport)
    screenshot(page, f"registration-branch-{viewport}")

    page.get_by_label("Chọn tất cả phiếu hợp lệ").check()
    expect(page.get_by_label("Chọn Lê Văn Hợp")).to_be_checked()
    expect(page.get_by_label("Chọn Phạm Thị Trống")).not_to_be_checked()
    page.get_by_role("button", name="Xác nhận các phiếu đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận 1 phiếu.")
    assert Registration.objects.get(enrollment=a1["valid"]).state == State.CONFIRMED

    page.get_by_role("link", name="Xem và duyệt").click()
    expect(page.locator("h1")).to_have_text("Phiếu đăng ký rèn luyện — Phạm Thị Trống")
    expect(page.locator(".rv-summary")).to_contain_text("Phiếu chưa đạt yêu cầu (1 lỗi)")
    _fits(page, viewport)
    screenshot(page, f"registration-review-{viewport}")
    page.locator(".rv-item.has-problem textarea").fill("Em bổ sung giải pháp cụ thể nhé.")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lại phiếu cho Phạm Thị Trống")
    registration = Registration.objects.get(enrollment=a1["blanked"])
    assert registration.state == State.RETURNED
    assert registration.comments.get().text == "Em bổ sung giải pháp cụ thể nhé."
