"""The self-evaluation shows, beside each criterion, the progress log and the activities
attended (issue 11.3), in a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.progress import services
from renluyen.progress.tests.conftest import attended, jpeg, upload


def test_the_self_evaluation_shows_the_evidence_beside_each_criterion(year, client_for):
    item = year.items[0]
    entry = services.entry_add(
        enrollment=year.enrollment,
        user=year.member,
        item_id=item.pk,
        done_on=timezone.localdate(),
        text="Đọc nghị quyết và ghi sổ tay đầy đủ.",
        upload=upload(jpeg()),
    )
    services.comment_add(entry=entry, user=year.secretary, text="Chi đoàn đã xem sổ tay.")
    attended(year, item, "Hội thi tìm hiểu nghị quyết", unit="fed_a")
    factories.open_evaluation(year.program)
    url = reverse("evaluations:self", args=[year.enrollment.pk])
    for user in (year.member, year.secretary, year.mentor):
        page = text(client_for(user).get(url))
        row = page.split(f'id="item-{item.pk}"')[1].split('class="ev-row')[0]
        assert "Đọc nghị quyết và ghi sổ tay đầy đủ." in row, user
        assert reverse("progress:entry_file", args=[entry.pk]) in row
        assert "Chi đoàn đã xem sổ tay." in row
        assert "Hội thi tìm hiểu nghị quyết" in row
        # Read here, not written: no forms of the log on this page.
        assert reverse("progress:entry_comment", args=[entry.pk]) not in page

    client = client_for(year.member)
    few = count_queries(lambda: client.get(url))
    for other in year.items[1:]:
        services.entry_add(
            enrollment=year.enrollment,
            user=year.member,
            item_id=other.pk,
            done_on=timezone.localdate(),
            text="Thêm một việc nữa.",
        )
    assert count_queries(lambda: client.get(url)) == few
