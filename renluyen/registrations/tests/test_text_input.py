"""Free text of the registration workflow (solutions, own criteria, comments, suggestions,
extension reasons) is stored through the one cleaner and refused beside its field when
too long. A NUL character was a 500 on PostgreSQL; the services clean it whoever calls
them (the request middleware strips it too, so the pages are tried with over-long text)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.core.text import MAX_TEXT
from renluyen.registrations import services
from renluyen.registrations.models import Comment, Extension, ItemKind, Registration, State
from renluyen.registrations.services import ItemDraft

DIRTY = "  Đọc báo\x00 Tuổi Trẻ\x1b mỗi sáng\r\n(ít nhất 15 phút)\x7f  "
CLEAN = "Đọc báo Tuổi Trẻ mỗi sáng\n(ít nhất 15 phút)"
TOO_LONG = "Chạy bộ mỗi sáng. " * 300  # 5,400 characters
MESSAGE = f"Tối đa {MAX_TEXT} ký tự; nội dung này có"


def test_the_services_store_text_without_control_characters(enrollment, program, people):
    drafts = factories.drafts(program, per_area=2, solution=DIRTY)
    drafts.append(
        ItemDraft(area=program.areas.get(number=2), kind=ItemKind.OPEN, text=DIRTY, solution=DIRTY)
    )
    drafts[-1].open_key = "new-2-0"
    registration = services.registration_save(
        enrollment=enrollment, user=enrollment.member.user, drafts=drafts
    )
    assert {item.solution for item in registration.items.all()} == {CLEAN}
    assert registration.items.get(kind=ItemKind.OPEN).text == CLEAN
    services.registration_submit(registration=registration, user=enrollment.member.user)
    secretary = people["secretary_a1"]
    item = registration.items.first()
    services.registration_return(
        registration=registration, user=secretary, comments={item.pk: DIRTY}, general=DIRTY
    )
    assert set(Comment.objects.values_list("text", flat=True)) == {CLEAN}
    suggestion = services.suggestion_add(
        enrollment=enrollment, area=program.areas.get(number=1), user=secretary, text=DIRTY
    )
    assert suggestion.text == "Đọc báo Tuổi Trẻ mỗi sáng (ít nhất 15 phút)"


def test_an_extension_reason_is_stored_clean(enrollment, people):
    extension = services.extension_grant(
        enrollment=enrollment,
        user=people["secretary_a1"],
        until=timezone.localdate() + timedelta(days=10),
        reason=DIRTY,
    )
    assert extension.reason == "Đọc báo Tuổi Trẻ mỗi sáng (ít nhất 15 phút)"


def test_an_over_long_solution_is_refused_beside_its_criterion(client, enrollment, program):
    client.force_login(enrollment.member.user)
    chosen = [d.criterion for d in factories.drafts(program, per_area=1)]
    data = {"version": "0", "action": "save", "pick": [f"c{c.pk}" for c in chosen]}
    for criterion in chosen:
        data[f"c{criterion.pk}-solution"] = factories.GOOD_SOLUTION
    data[f"c{chosen[0].pk}-solution"] = TOO_LONG
    response = client.post(reverse("registrations:form", args=[enrollment.pk]), data)
    assert response.status_code == 200
    html = text(response)
    assert "Chưa lưu gì: có nội dung quá dài (xem các ô được đánh dấu)." in html
    assert f"{MESSAGE} {len(TOO_LONG.strip())}" in html
    row = response.content.decode().split(f'id="item-c{chosen[0].pk}"')[1].split("</li>")[0]
    assert MESSAGE in row
    assert not Registration.objects.filter(enrollment=enrollment).exists()


def _review(client, user, enrollment, **data):
    client.force_login(user)
    registration = Registration.objects.get(enrollment=enrollment)
    data.setdefault("version", registration.version)
    return client.post(reverse("registrations:review", args=[enrollment.pk]), data)


def test_an_over_long_comment_is_refused_beside_it_and_nothing_changes(client, people, enrollment):
    registration = factories.registration(enrollment, submit=True)
    item = registration.items.order_by("area__number", "pk").first()
    response = _review(
        client,
        people["secretary_a1"],
        enrollment,
        action="return",
        **{f"comment-{item.pk}": TOO_LONG, "comment": "Sửa lại giải pháp."},
    )
    assert response.status_code == 200
    block = response.content.decode().split(f'id="item-{item.pk}"')[1].split("</li>")[0]
    assert MESSAGE in block
    assert TOO_LONG.strip()[:50] in block  # what was typed is kept
    registration.refresh_from_db()
    assert registration.state == State.SUBMITTED and not Comment.objects.exists()


def test_an_over_long_suggestion_or_reason_is_refused_beside_it(client, people, enrollment):
    factories.registration(enrollment)
    secretary = people["secretary_a1"]
    area = enrollment.program.areas.first()
    response = _review(client, secretary, enrollment, action="suggest", area=area.pk, text=TOO_LONG)
    section = response.content.decode().split('id="suggest-text"')[1].split("</form>")[0]
    assert MESSAGE in section
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = _review(client, secretary, enrollment, action="extend", until=until, reason=TOO_LONG)
    section = response.content.decode().split('id="extend-reason"')[1].split("</form>")[0]
    assert MESSAGE in section
    assert not enrollment.suggestions.exists() and not Extension.objects.exists()
