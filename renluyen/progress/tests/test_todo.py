"""What waits for each person in the progress log (for the home page's to-do list), on a
hand-built branch."""

from django.urls import reverse
from django.utils import timezone

from renluyen.core.tests.helpers import count_queries
from renluyen.progress import services, todo
from renluyen.progress.models import Mark
from renluyen.progress.tests.conftest import confirmed_member


def entry(year, enrollment, user, item):
    return services.entry_add(
        enrollment=enrollment,
        user=user,
        item_id=item.pk,
        done_on=timezone.localdate(),
        text="Tham gia sinh hoạt chi đoàn đầy đủ.",
    )


def test_counts_on_a_hand_built_branch(year):
    items = year.items
    n = len(items)
    assert todo.counts(year.member) == {
        "evidence_to_look_at": 0,
        "criteria_without_progress": n,
        "self_reviews_due": 1,
    }
    first = entry(year, year.enrollment, year.member, items[0])
    entry(year, year.enrollment, year.member, items[0])
    entry(year, year.enrollment, year.member, items[1])
    peer_items = list(year.peer.registration.items.filter(confirmed_at__isnull=False))
    entry(year, year.peer, year.peer.member.user, peer_items[0])
    other_items = list(year.other.registration.items.filter(confirmed_at__isnull=False))
    entry(year, year.other, year.other.member.user, other_items[0])

    assert todo.counts(year.member)["criteria_without_progress"] == n - 2
    assert todo.counts(year.secretary)["evidence_to_look_at"] == 4  # A1: three + the peer's
    assert todo.counts(year.mentor)["evidence_to_look_at"] == 3  # the mentee's only
    assert todo.counts(year.secretary_b1)["evidence_to_look_at"] == 1
    assert todo.counts(year.supervisor)["evidence_to_look_at"] == 0  # read-only
    assert todo.counts(year.outsider) == {
        "evidence_to_look_at": 0,
        "criteria_without_progress": 0,
        "self_reviews_due": 0,
    }
    # A comment by the mentor takes the entry off both lists.
    services.comment_add(entry=first, user=year.mentor, text="Tốt.")
    assert todo.counts(year.secretary)["evidence_to_look_at"] == 3
    assert todo.counts(year.mentor)["evidence_to_look_at"] == 2
    # The review sent: no longer due.
    services.review_save(
        enrollment=year.enrollment,
        user=year.member,
        marks={i.pk: Mark.DONE for i in items},
        difficulties="",
        version=0,
        submit=True,
    )
    assert todo.counts(year.member)["self_reviews_due"] == 0


def test_counts_take_a_fixed_number_of_queries(year):
    def measure(user):
        fresh = type(user).objects.get(pk=user.pk)  # as in a new request: nothing cached
        return count_queries(lambda: todo.counts(fresh))

    before = {u: measure(u) for u in (year.secretary, year.mentor, year.member)}
    for _ in range(4):
        enrollment = confirmed_member(year.program, year.org["branch_a1"], year.secretary)
        for item in enrollment.registration.items.all()[:3]:
            entry(year, enrollment, enrollment.member.user, item)
    assert {u: measure(u) for u in before} == before
    assert max(before.values()) <= 6


def test_the_waiting_page_lists_and_marks_entries(year, client_for):
    e1 = entry(year, year.enrollment, year.member, year.items[0])
    e2 = entry(year, year.enrollment, year.member, year.items[1])
    client = client_for(year.secretary)
    page = client.get(reverse("progress:waiting")).content.decode()
    assert f"#entry-{e1.pk}" in page and f"#entry-{e2.pk}" in page
    client.post(reverse("progress:waiting"), {"entry": [str(e1.pk), "abc", "999999"]})
    assert todo.counts(year.secretary)["evidence_to_look_at"] == 1
    # Someone who follows nobody marks nothing.
    client_for(year.secretary_b1).post(reverse("progress:waiting"), {"entry": [str(e2.pk)]})
    assert todo.counts(year.secretary)["evidence_to_look_at"] == 1
    assert (
        "Không có việc nào"
        in client_for(year.outsider).get(reverse("progress:waiting")).content.decode()
    )
